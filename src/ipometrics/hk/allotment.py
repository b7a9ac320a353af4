"""Hong Kong basis-of-allocation tables: parsing, allotment odds and consistency checks.

An HKEX allotment-results announcement prints, for every application size of the public offer,
the number of valid applications and a "basis of allocation / ballot" wording such as
``'100 H Shares plus 406 out of 2,898 applicants to receive an additional 100 H Shares'``. This
module turns that wording into :class:`AllotmentTerms` (fixed shares per applicant plus a
ballot), validates a whole table as an :class:`AllotmentTable` record, and computes from it the
odds an applicant faced: the one-lot success rate, each tier's chance of at least one lot, the
shares and money an applicant could expect, and the Pool A / Pool B multiples.

Everything is exact: share sums are ``int``, ratios of counts are :class:`fractions.Fraction`,
multiples are ``Decimal`` (from :func:`ipometrics.metrics.subscription_multiple`) and money is
``Decimal`` rounded half-up to the cent. Ratios are fractions, not percents; only the table's
printed ``approx_pct_allotted`` stays in percent units, as published.

The bundled tables (``fixtures/allotment/<key>.json``) are transcribed unchanged from
``shared/data/allotment_tables.yaml``; each names its announcement in ``source``.

Examples
--------
>>> table = load_allotment_table("zhipu")
>>> one_lot_success_rate(table)
Fraction(4643, 92859)
>>> check_allotment_table(table)  # the 40 rows add up to the printed totals
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from importlib.abc import Traversable
from pathlib import Path
from typing import Annotated, Any, Generic, Literal, TypeVar

import pandas as pd
from annotated_types import Ge, Gt
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Strict,
    StringConstraints,
    ValidationError,
    model_validator,
)

from ipometrics import metrics
from ipometrics._resources import bundled_data_path
from ipometrics.errors import IpoDataError

__all__ = [
    "AllotmentPools",
    "AllotmentRow",
    "AllotmentSummary",
    "AllotmentTable",
    "AllotmentTerms",
    "BoardLot",
    "DerivedValue",
    "Pool",
    "PoolCounts",
    "PoolSummary",
    "TableDerived",
    "TableSource",
    "TableTotals",
    "TierOdds",
    "allotment_problems",
    "allotment_summary",
    "available_allotment_tables",
    "check_allotment_table",
    "expected_money_allotted",
    "load_allotment_table",
    "odds_frame",
    "one_lot_success_rate",
    "overall_success_ratio",
    "parse_basis",
    "pool_summary",
    "tier_odds",
]

Pool = Literal["A", "B"]
"""A Hong Kong public-offer pool: ``"A"`` (applications of HK$5 million or less) or ``"B"``."""

_MAX_BYTES = 5 * 1024 * 1024
_KEY = re.compile(r"^[a-z0-9_]+$")


# --------------------------------------------------------------------------------------------
# Terms of one row, and the parser of the published wording
# --------------------------------------------------------------------------------------------


def _check_count(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise IpoDataError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    if value < 0:
        raise IpoDataError(f"{name} must be >= 0, got {value!r}")


@dataclass(frozen=True)
class AllotmentTerms:
    """What every applicant of one row receives: fixed shares plus an optional ballot.

    Attributes
    ----------
    fixed_shares : int
        Shares every applicant in the row receives [shares]; 0 when the row is balloted only.
    ballot_winners : int
        Applicants drawn in the ballot [count]; 0 when there is no ballot.
    ballot_out_of : int or None
        Applicants the ballot is drawn among [count] (the "out of N"); ``None`` when there is
        no ballot.
    ballot_shares : int
        Shares each ballot winner receives on top of ``fixed_shares`` [shares]; 0 when there
        is no ballot.

    Raises
    ------
    IpoDataError
        If a count is negative or not an int, if ``ballot_winners`` exceeds
        ``ballot_out_of``, or if a ballot is missing its "out of" or its shares.

    Examples
    --------
    >>> terms = AllotmentTerms(fixed_shares=100, ballot_winners=406, ballot_out_of=2898,
    ...                        ballot_shares=100)
    >>> terms.has_ballot, terms.expected_shares
    (True, Fraction(23600, 207))
    """

    fixed_shares: int = 0
    ballot_winners: int = 0
    ballot_out_of: int | None = None
    ballot_shares: int = 0

    def __post_init__(self) -> None:
        _check_count("fixed_shares", self.fixed_shares)
        _check_count("ballot_winners", self.ballot_winners)
        _check_count("ballot_shares", self.ballot_shares)
        if self.ballot_out_of is None:
            if self.ballot_winners or self.ballot_shares:
                raise IpoDataError(
                    "ballot_out_of is None (no ballot), so ballot_winners and ballot_shares "
                    f"must be 0, got {self.ballot_winners!r} and {self.ballot_shares!r}"
                )
            return
        _check_count("ballot_out_of", self.ballot_out_of)
        if self.ballot_out_of == 0:
            raise IpoDataError("ballot_out_of must be > 0 when there is a ballot, got 0")
        if self.ballot_shares == 0:
            raise IpoDataError("ballot_shares must be > 0 when there is a ballot, got 0")
        if self.ballot_winners > self.ballot_out_of:
            raise IpoDataError(
                f"ballot_winners must be <= ballot_out_of ({self.ballot_out_of:,}), "
                f"got {self.ballot_winners:,}"
            )

    @property
    def has_ballot(self) -> bool:
        """Whether the row has a ballot ("N out of M applicants to receive ...")."""
        return self.ballot_out_of is not None

    @property
    def p_at_least_one_lot(self) -> Fraction:
        """Probability that an applicant of the row receives anything [fraction].

        1 when ``fixed_shares > 0``; otherwise ``ballot_winners / ballot_out_of`` (0 without a
        ballot).
        """
        if self.fixed_shares > 0:
            return Fraction(1)
        if self.ballot_out_of is None:
            return Fraction(0)
        return Fraction(self.ballot_winners, self.ballot_out_of)

    @property
    def expected_shares(self) -> Fraction:
        """Expected shares allotted to one applicant of the row [shares].

        ``fixed_shares + ballot_winners / ballot_out_of * ballot_shares``.
        """
        if self.ballot_out_of is None:
            return Fraction(self.fixed_shares)
        return self.fixed_shares + Fraction(
            self.ballot_winners * self.ballot_shares, self.ballot_out_of
        )

    def shares_allotted(self, applicants: int) -> int:
        """Shares allotted to the whole row [shares].

        Parameters
        ----------
        applicants : int
            Valid applications in the row [count]; equals ``ballot_out_of`` when there is a
            ballot.

        Returns
        -------
        int
            ``fixed_shares * applicants + ballot_winners * ballot_shares`` [shares].

        Examples
        --------
        >>> AllotmentTerms(fixed_shares=1300).shares_allotted(291)
        378300
        """
        return self.fixed_shares * applicants + self.ballot_winners * self.ballot_shares

    def successful_applicants(self, applicants: int) -> int:
        """Applicants of the row who receive any shares [count].

        Parameters
        ----------
        applicants : int
            Valid applications in the row [count].

        Returns
        -------
        int
            ``applicants`` when ``fixed_shares > 0`` (everyone gets the fixed shares),
            otherwise ``ballot_winners`` [count].

        Examples
        --------
        >>> AllotmentTerms(ballot_winners=4643, ballot_out_of=92859,
        ...                ballot_shares=100).successful_applicants(92859)
        4643
        """
        return applicants if self.fixed_shares > 0 else self.ballot_winners


_NUM = r"\d{1,3}(?:,\d{3})+|\d+"
_UNIT = r"(?:H\s+)?shares"
_BALLOT = (
    rf"(?P<winners>{_NUM})\s+out\s+of\s+(?P<out_of>{_NUM})(?:\s+applicants)?\s+to\s+receive\s+"
)
_BALLOT_ONLY = re.compile(rf"{_BALLOT}(?P<lot>{_NUM})\s+{_UNIT}", re.IGNORECASE)
_FIXED_ONLY = re.compile(rf"(?P<fixed>{_NUM})\s+{_UNIT}", re.IGNORECASE)
_FIXED_PLUS_BALLOT = re.compile(
    rf"(?P<fixed>{_NUM})\s+{_UNIT}\s+plus\s+{_BALLOT}(?:an\s+)?additional\s+(?P<lot>{_NUM})\s+{_UNIT}",
    re.IGNORECASE,
)
_FORMS = (
    "'<w> out of <n> [applicants] to receive <s> [H ]Shares', "
    "'<f> [H ]Shares', or "
    "'<f> [H ]Shares plus <w> out of <n> [applicants] to receive [an ]additional <s> [H ]Shares'"
    "; in Chinese '<n>名[申請人]中[有|的]<w>名[將]獲發<s>股[H股|股份]', '<f>股[H股|股份]', or "
    "'<f>股[H股|股份]，另加<n>名[申請人]中[有|的]<w>名[將]獲發額外<s>股[H股|股份]'"
)

# Traditional Chinese wordings (after NFKC, so full-width digits and commas are ASCII). The
# parts that vary between issuers, each seen in the 2025-26 announcements:
#   who      名 / 份 [申請人 | 申請者 | 申請]  ("56,065名申請人", "84,381份申請", "203,359份")
#   among    中 / 當中, then 有 / 的 / nothing  ("名申請人中有", "名中的", "名申請人當中")
#   verb     獲發 / 獲得 / 取得 / 接獲 / 收取 / 獲配發 / 獲, with 將 / 可 before it
#   extra    額外 before or after the verb ("獲發額外", "額外獲發", "獲額外配發")
#   unit     股 followed by H股 / 股份 / H股份 / A類普通股 / B類股份 ... or by nothing
#   plus     [，] 另加 / 加上 / 加 / 另  between the fixed part and the ballot
_ZH_NUM = r"\d{1,3}(?:,\d{3})+|\d+"
_ZH_UNIT = r"股(?:H股份|H股|股份|[A-Z]類(?:普通)?股(?:份)?)?"
_ZH_WHO = r"[名份](?:申請人|申請者|申請)?"
_ZH_VERB = r"(?:將|可)?(?P<pre>額外)?(?:獲配發|獲發|獲得|取得|接獲|收取|獲)(?P<post>額外(?:配發)?)?"
_ZH_BALLOT = (
    rf"(?P<out_of>{_ZH_NUM}){_ZH_WHO}(?:當中|中)(?:有|的)?(?P<winners>{_ZH_NUM})[名份](?:申請人)?"
    rf"{_ZH_VERB}(?P<lot>{_ZH_NUM}){_ZH_UNIT}"
)
_ZH_BALLOT_ONLY = re.compile(_ZH_BALLOT)
_ZH_FIXED_ONLY = re.compile(rf"(?P<fixed>{_ZH_NUM}){_ZH_UNIT}")
_ZH_FIXED_PLUS_BALLOT = re.compile(
    rf"(?P<fixed>{_ZH_NUM}){_ZH_UNIT},?(?:另加|加上|加|另){_ZH_BALLOT}"
)


def _chinese_key(wording: str) -> str | None:
    """The wording without whitespace and with full-width commas folded, if it is Chinese."""
    if not re.search("[\u4e00-\u9fff]", wording):
        return None
    # Drop the spaces some issuers print around numbers ("26,636 名中有 1,134 名"), but not a
    # space between two digits: "8 10,500股" is two numbers, not 810,500.
    return re.sub(r"(?<!\d)\s+|\s+(?!\d)", "", wording).replace("，", ",")


def _int(text: str) -> int:
    return int(text.replace(",", ""))


@functools.lru_cache(maxsize=4096)
def _parse_wording(text: str) -> AllotmentTerms:
    wording = text.strip()
    try:
        key = _chinese_key(wording)
        if key is not None and (terms := _parse_chinese(key)) is not None:
            return terms
        if m := _BALLOT_ONLY.fullmatch(wording):
            return AllotmentTerms(
                ballot_winners=_int(m["winners"]),
                ballot_out_of=_int(m["out_of"]),
                ballot_shares=_int(m["lot"]),
            )
        if m := _FIXED_ONLY.fullmatch(wording):
            return AllotmentTerms(fixed_shares=_int(m["fixed"]))
        if m := _FIXED_PLUS_BALLOT.fullmatch(wording):
            return AllotmentTerms(
                fixed_shares=_int(m["fixed"]),
                ballot_winners=_int(m["winners"]),
                ballot_out_of=_int(m["out_of"]),
                ballot_shares=_int(m["lot"]),
            )
    except IpoDataError as err:
        raise IpoDataError(f"basis {text!r}: {err}") from err
    raise IpoDataError(
        f"basis {text!r} is not a basis-of-allocation wording ipometrics knows; expected {_FORMS}"
    )


def _parse_chinese(key: str) -> AllotmentTerms | None:
    if m := _ZH_BALLOT_ONLY.fullmatch(key):
        if not (m["pre"] or m["post"]):
            return AllotmentTerms(
                ballot_winners=_int(m["winners"]),
                ballot_out_of=_int(m["out_of"]),
                ballot_shares=_int(m["lot"]),
            )
    elif m := _ZH_FIXED_ONLY.fullmatch(key):
        return AllotmentTerms(fixed_shares=_int(m["fixed"]))
    elif (m := _ZH_FIXED_PLUS_BALLOT.fullmatch(key)) and (m["pre"] or m["post"]):
        return AllotmentTerms(
            fixed_shares=_int(m["fixed"]),
            ballot_winners=_int(m["winners"]),
            ballot_out_of=_int(m["out_of"]),
            ballot_shares=_int(m["lot"]),
        )
    return None


def parse_basis(text: str, *, valid_applications: int | None = None) -> AllotmentTerms:
    """Parse a published basis-of-allocation wording into structured terms.

    Parameters
    ----------
    text : str
        The wording as printed, in English or Traditional Chinese, e.g. ``'4,643 out of
        92,859 applicants to receive 100 H Shares'`` or ``'56,065名申請人中有5,607名將獲發
        200股H股'``. Numbers may carry thousands separators; case and runs of whitespace are
        not significant (in Chinese, spaces around numbers are ignored, but two numbers are
        never run together).
    valid_applications : int, optional
        Valid applications in the row the wording belongs to [count]. When given, the
        ballot's "out of N" must equal it.

    Returns
    -------
    AllotmentTerms
        Fixed shares per applicant [shares] and the ballot (winners [count], out of [count],
        shares per winner [shares]).

    Raises
    ------
    IpoDataError
        If the wording is none of the known forms (the message quotes it), if the ballot has
        more winners than applicants, or if "out of N" differs from ``valid_applications``
        (the message names both).

    Notes
    -----
    Three forms are known, each with the unit word ``H Shares``, ``Shares`` or ``shares``:

    * ballot only: ``'<w> out of <n> [applicants] to receive <s> Shares'``;
    * fixed only: ``'<f> Shares'``;
    * fixed plus ballot: ``'<f> Shares plus <w> out of <n> [applicants] to receive [an]
      additional <s> Shares'``.

    These cover the wording of all four 2025-26 tables (Zhipu, MiniMax, Iluvatar CoreX,
    Biren); anything else is refused rather than guessed.

    The same three forms in Traditional Chinese (after NFKC, so ``，`` may be ``,``):

    * ballot only: ``'<n>名[申請人]中[有|的]<w>名[將]獲發<s>股[H股|股份]'``;
    * fixed only: ``'<f>股[H股|股份]'``;
    * fixed plus ballot: ``'<f>股[H股|股份][，]另加<n>名[申請人]中[有|的]<w>名[將]獲發額外
      <s>股[H股|股份]'``.

    The parts vary between issuers, each variant seen in the 2025-26 allotment announcements
    of ``shared/corpus/hkex/allotment_results/``: applicants counted as ``名`` or ``份``
    (``名申請人`` / ``名申請者`` / ``份申請``); ``中`` or ``當中``, followed by ``有`` / ``的``
    or nothing; the verb ``獲發`` / ``獲得`` / ``取得`` / ``接獲`` / ``收取`` / ``獲配發`` /
    ``獲`` after ``將`` / ``可`` or nothing; ``額外`` before or after it (``獲發額外``,
    ``將額外獲發``, ``獲額外配發``); the unit after ``股``: ``H股``, ``股份``, ``H股份``,
    ``A類普通股``, ``B類股份`` or none; the join ``另加`` / ``加上`` / ``加`` / ``另``. A
    ballot-only wording with ``額外`` or a fixed-plus-ballot one without it is refused.

    References
    ----------
    ``shared/data/README.md``, "Allocation tables": the four published forms; for the
    Chinese forms, the basis-of-allocation tables (香港公開發售的分配基準) of the corpus
    announcements.

    Examples
    --------
    >>> parse_basis('7,193 out of 102,763 to receive 100 Shares')
    AllotmentTerms(fixed_shares=0, ballot_winners=7193, ballot_out_of=102763, ballot_shares=100)
    >>> parse_basis('20 shares plus 589 out of 5,035 applicants to receive an additional 20 shares')
    AllotmentTerms(fixed_shares=20, ballot_winners=589, ballot_out_of=5035, ballot_shares=20)
    >>> parse_basis('1,000 H Shares', valid_applications=78)
    AllotmentTerms(fixed_shares=1000, ballot_winners=0, ballot_out_of=None, ballot_shares=0)
    >>> parse_basis('200股H股，另加7,147名申請人中有2,975名將獲發額外200股H股')
    AllotmentTerms(fixed_shares=200, ballot_winners=2975, ballot_out_of=7147, ballot_shares=200)
    """
    if not isinstance(text, str):
        raise IpoDataError(f"basis must be a str, got {type(text).__name__} {text!r}")
    terms = _parse_wording(text)
    if (
        valid_applications is not None
        and terms.ballot_out_of is not None
        and terms.ballot_out_of != valid_applications
    ):
        raise IpoDataError(
            f"basis {text!r}: the ballot is 'out of {terms.ballot_out_of:,}' but the row's "
            f"valid_applications is {valid_applications:,}; expected the two to be equal"
        )
    return terms


# --------------------------------------------------------------------------------------------
# The table record (mirrors fixtures/allotment/<key>.json field for field)
# --------------------------------------------------------------------------------------------


def _to_decimal(value: object) -> object:
    """Accept exact numbers only: Decimal, int, a decimal string, or a float by its repr."""
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {value!r}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        value = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            value = Decimal(value)
        except InvalidOperation as err:
            raise ValueError(f"expected a decimal number, got {value!r}") from err
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"expected a finite number, got {value!r}")
    return value


Count = Annotated[int, Strict(), Ge(0)]
Positive = Annotated[int, Strict(), Gt(0)]
Exact = Annotated[Decimal, BeforeValidator(_to_decimal), Ge(0)]
Text = Annotated[str, Strict(), StringConstraints(min_length=1)]
V = TypeVar("V")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)


class TableSource(_Model):
    """The announcement a table is transcribed from.

    Attributes
    ----------
    id : str
        Source id, the same as in the offering's ``sources`` (``"S1"``).
    url : str or None
        Address of the HKEX announcement; ``None`` for a table read from a file whose
        address is not known (``note`` then gives the file's sha256).
    document : str
        Issuer, title, exchange and publication time of the announcement.
    note : str or None
        Remarks, e.g. the sha256 of the file read.
    """

    id: Text
    url: Text | None
    document: Text
    note: Text | None = None


class BoardLot(_Model):
    """The board lot of the offering.

    Attributes
    ----------
    value : int
        Shares per board lot [shares].
    unit : str
        Unit word as printed in the board-lot sentence (``"H Shares"``).
    src : str
        Source id.
    note : str or None
        A remark.
    """

    value: Positive
    unit: Text
    src: Text
    note: Text | None = None


class PoolCounts(_Model):
    """Printed application counts of one pool.

    Attributes
    ----------
    valid_applications : int
        Valid applications in the pool [count].
    successful_applications : int
        Applications that received shares [count].
    src : str
        Source id.
    """

    valid_applications: Count
    successful_applications: Count
    src: Text


class AllotmentPools(_Model):
    """Printed counts of Pool A and Pool B.

    Attributes
    ----------
    A, B : PoolCounts
        The counts of each pool, named as printed.
    """

    A: PoolCounts
    B: PoolCounts

    def of(self, pool: Pool) -> PoolCounts:
        """The counts of ``pool`` (``"A"`` or ``"B"``).

        Examples
        --------
        >>> load_allotment_table("zhipu").pools.of("A").successful_applications
        36081
        """
        if pool == "A":
            return self.A
        if pool == "B":
            return self.B
        raise IpoDataError(f"pool must be 'A' or 'B', got {pool!r}")


class TableTotals(_Model):
    """Printed totals of the public offer.

    Attributes
    ----------
    valid_applications : int
        Valid applications, both pools [count].
    successful_applications : int
        Successful applications, both pools [count].
    subscription_multiple : Decimal
        Printed subscription multiple of the public offer [times]: shares applied for over
        the *initial* public tranche.
    initial_public_shares : int
        Public tranche before reallocation [shares].
    final_public_shares : int
        Public tranche after reallocation, all of it allotted [shares].
    src : str
        Source id.
    """

    valid_applications: Count
    successful_applications: Count
    subscription_multiple: Exact
    initial_public_shares: Positive
    final_public_shares: Positive
    src: Text


class AllotmentRow(_Model):
    """One printed row: an application size, its applicants and the basis of allocation.

    The ``basis`` wording is parsed and checked against ``valid_applications`` when the row
    is built, so a row always has valid :attr:`terms`.

    Attributes
    ----------
    pool : {"A", "B"}
        Pool, as printed.
    shares_applied : int
        Shares applied for by each applicant of the row [shares].
    valid_applications : int
        Valid applications of that size [count].
    basis : str
        The basis-of-allocation wording, verbatim.
    approx_pct_allotted : Decimal
        Printed approximate percentage allotted of the shares applied for, 2 decimals
        [percent units: 5.00 means 5.00 %].

    Examples
    --------
    >>> row = AllotmentRow(pool="A", shares_applied=100, valid_applications=92859,
    ...                    basis="4,643 out of 92,859 applicants to receive 100 H Shares",
    ...                    approx_pct_allotted="5.00")
    >>> row.terms.ballot_winners
    4643
    """

    pool: Pool
    shares_applied: Positive
    valid_applications: Positive
    basis: Text
    approx_pct_allotted: Exact

    @model_validator(mode="after")
    def _basis_matches_row(self) -> AllotmentRow:
        parse_basis(self.basis, valid_applications=self.valid_applications)
        return self

    @property
    def terms(self) -> AllotmentTerms:
        """The parsed basis of allocation (see :func:`parse_basis`)."""
        return parse_basis(self.basis, valid_applications=self.valid_applications)


class DerivedValue(_Model, Generic[V]):
    """A figure computed from the rows by the fact base, with its formula.

    Attributes
    ----------
    value : V
        The computed value, in the unit of the figure it fills.
    derived : str
        The formula, in words.
    """

    value: V
    derived: Text


class TableDerived(_Model):
    """Figures the fact base derived from the rows (not printed in the announcement).

    Attributes
    ----------
    pool_a_shares_applied, pool_b_shares_applied, total_shares_applied : DerivedValue[int]
        Sum of ``shares_applied x valid_applications`` [shares].
    pool_a_shares_allotted, pool_b_shares_allotted, total_shares_allotted : DerivedValue[int]
        Sum of the shares implied by the basis wording [shares].
    subscription_multiple : DerivedValue[Decimal]
        ``total_shares_applied / totals.initial_public_shares`` to 4 decimals [times].
    largest_application_shares : DerivedValue[int]
        Largest ``shares_applied`` in the table [shares].
    """

    pool_a_shares_applied: DerivedValue[Count]
    pool_b_shares_applied: DerivedValue[Count]
    total_shares_applied: DerivedValue[Count]
    pool_a_shares_allotted: DerivedValue[Count]
    pool_b_shares_allotted: DerivedValue[Count]
    total_shares_allotted: DerivedValue[Count]
    subscription_multiple: DerivedValue[Exact]
    largest_application_shares: DerivedValue[Count]


class AllotmentTable(_Model):
    """A Hong Kong public offer's basis-of-allocation table, as published.

    Mirrors ``fixtures/allotment/<key>.json`` field for field; unknown fields are refused.
    Building one parses every row's wording (see :class:`AllotmentRow`); whether the rows add
    up to the printed totals is a separate question, answered by :func:`allotment_problems`.

    Attributes
    ----------
    schema_version : 1
        Version of the file layout.
    key : str
        Offering key, e.g. ``"zhipu"``.
    stock_code : str
        Five-digit HKEX stock code, e.g. ``"02513"``.
    source : TableSource
        The allotment-results announcement.
    board_lot : BoardLot
        Shares per board lot [shares].
    pools : AllotmentPools
        Printed Pool A / Pool B counts.
    totals : TableTotals
        Printed totals.
    rows : list of AllotmentRow
        One row per application size, Pool A then Pool B, as printed.
    derived : TableDerived
        Sums the fact base computed from the rows.

    Examples
    --------
    >>> table = load_allotment_table("biren")
    >>> table.board_lot.value, len(table.rows_in("B"))
    (200, 13)
    """

    schema_version: Literal[1]
    key: Annotated[str, Strict(), StringConstraints(pattern=r"^[a-z0-9_]+$")]
    stock_code: Annotated[str, Strict(), StringConstraints(pattern=r"^\d{5}$")]
    source: TableSource
    board_lot: BoardLot
    pools: AllotmentPools
    totals: TableTotals
    rows: list[AllotmentRow]
    derived: TableDerived

    @model_validator(mode="after")
    def _has_rows(self) -> AllotmentTable:
        if not self.rows:
            raise ValueError("rows must hold at least one row, got an empty list")
        return self

    def rows_in(self, pool: Pool) -> list[AllotmentRow]:
        """The rows of ``pool`` (``"A"`` or ``"B"``), in printed order.

        Examples
        --------
        >>> [r.shares_applied for r in load_allotment_table("zhipu").rows_in("B")][-1]
        935500
        """
        if pool not in ("A", "B"):
            raise IpoDataError(f"pool must be 'A' or 'B', got {pool!r}")
        return [r for r in self.rows if r.pool == pool]


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


def _allotment_dir() -> Traversable:
    return bundled_data_path() / "allotment"


def available_allotment_tables() -> list[str]:
    """Keys of the allotment tables bundled with ipometrics.

    Returns
    -------
    list of str
        Sorted keys, each loadable with :func:`load_allotment_table`.

    Examples
    --------
    >>> available_allotment_tables()
    ['biren', 'iluvatar_corex', 'minimax', 'zhipu']
    """
    folder = _allotment_dir()
    if not folder.is_dir():
        return []
    return sorted(f.name[: -len(".json")] for f in folder.iterdir() if f.name.endswith(".json"))


def load_allotment_table(key_or_path: str | Path) -> AllotmentTable:
    """Load and validate a basis-of-allocation table.

    Parameters
    ----------
    key_or_path : str or Path
        A bundled table's key (lower-case letters, digits and ``_``, e.g. ``"zhipu"``), or
        the path of a JSON file in the same layout. A ``str`` that is not a key is a path.

    Returns
    -------
    AllotmentTable
        The validated table, numbers exact (JSON decimals are read as ``Decimal``).

    Raises
    ------
    IpoDataError
        If the key is not bundled (the message lists the available keys), or the file is
        missing, too large, not UTF-8 JSON, or fails validation (the message names the file
        and every problem, e.g. a basis wording the parser does not know).

    Examples
    --------
    >>> table = load_allotment_table("minimax")
    >>> table.stock_code, table.totals.final_public_shares
    ('00100', 5077860)
    """
    source: Traversable
    if isinstance(key_or_path, str) and _KEY.match(key_or_path):
        available = available_allotment_tables()
        if key_or_path not in available:
            raise IpoDataError(
                f"allotment table key {key_or_path!r} is not bundled; available: "
                f"{', '.join(available) or '(none)'}"
            )
        source = _allotment_dir() / f"{key_or_path}.json"
    else:
        source = Path(key_or_path)
        if not source.is_file():
            raise IpoDataError(f"{source}: no such allotment table file")
    raw = source.read_bytes()
    if len(raw) > _MAX_BYTES:
        raise IpoDataError(f"{source}: {len(raw):,} bytes is over the {_MAX_BYTES:,}-byte limit")
    try:
        data = json.loads(raw.decode("utf-8"), parse_float=Decimal, parse_constant=_no_constant)
    except UnicodeDecodeError as err:
        raise IpoDataError(f"{source}: not UTF-8 text: {err}") from err
    except ValueError as err:
        raise IpoDataError(f"{source}: not valid JSON: {err}") from err
    if not isinstance(data, dict):
        raise IpoDataError(
            f"{source}: expected a JSON object (one allotment table), got {type(data).__name__}"
        )
    try:
        return AllotmentTable.model_validate(data)
    except ValidationError as err:
        key = data.get("key", "?")
        raise IpoDataError(f"{source}: allotment table {key!r} is invalid:\n{err}") from err


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number ipometrics accepts")


# --------------------------------------------------------------------------------------------
# Metrics
# --------------------------------------------------------------------------------------------


def _round_half_up(value: Fraction, places: int) -> Fraction:
    scale = 10**places
    return Fraction(math.floor(value * scale + Fraction(1, 2)), scale)


def _to_price(price: Decimal | int | float | str) -> Decimal:
    expected = f"price must be a finite number > 0, got {price!r}"
    try:
        converted = _to_decimal(price)
    except ValueError as err:
        raise IpoDataError(expected) from err
    if not isinstance(converted, Decimal) or converted <= 0:
        raise IpoDataError(expected)
    return converted


def expected_money_allotted(
    expected_shares: Fraction | int, price: Decimal | int | float | str
) -> Decimal:
    """Expected money an applicant is allotted: expected shares times the offer price.

    Parameters
    ----------
    expected_shares : Fraction or int
        Expected shares allotted per applicant [shares], e.g. ``TierOdds.expected_shares``.
    price : Decimal, int, float or str
        Offer price per share [currency]. A float is taken by its repr (``116.2`` ->
        ``Decimal('116.2')``). Must be > 0.

    Returns
    -------
    Decimal
        ``expected_shares x price`` [currency], rounded half-up to the cent (0.01).

    Raises
    ------
    IpoDataError
        If ``price`` is not a finite number > 0 or ``expected_shares`` is negative.

    Examples
    --------
    >>> expected_money_allotted(Fraction(4643 * 100, 92859), Decimal("116.20"))
    Decimal('581.01')
    """
    if expected_shares < 0:
        raise IpoDataError(f"expected_shares must be >= 0, got {expected_shares!r}")
    exact = Fraction(expected_shares) * Fraction(_to_price(price))
    cents = _round_half_up(exact, 2) * 100
    return Decimal(int(cents)).scaleb(-2)


@dataclass(frozen=True)
class TierOdds:
    """The odds of one row (one application size) of a table.

    Attributes
    ----------
    pool : {"A", "B"}
        Pool of the row.
    shares_applied : int
        Shares applied for per applicant [shares].
    valid_applications : int
        Valid applications of that size [count].
    terms : AllotmentTerms
        The parsed basis of allocation.
    successful_applicants : int
        Applicants who received any shares [count].
    shares_allotted : int
        Shares allotted to the whole row [shares].
    p_at_least_one_lot : Fraction
        Probability an applicant received at least one lot [fraction].
    expected_shares : Fraction
        Expected shares allotted per applicant [shares].
    fraction_allotted : Fraction
        ``expected_shares / shares_applied`` [fraction]: the printed "approximate % allotted"
        reproduced, as a fraction.
    printed_fraction_allotted : Fraction
        The printed ``approx_pct_allotted / 100`` [fraction].

    Examples
    --------
    >>> odds = tier_odds(load_allotment_table("iluvatar_corex"))[0]
    >>> odds.p_at_least_one_lot, float(odds.fraction_allotted)
    (Fraction(7193, 102763), 0.06999601023714762)
    """

    pool: Pool
    shares_applied: int
    valid_applications: int
    terms: AllotmentTerms
    successful_applicants: int
    shares_allotted: int
    p_at_least_one_lot: Fraction
    expected_shares: Fraction
    fraction_allotted: Fraction
    printed_fraction_allotted: Fraction

    def expected_money(self, price: Decimal | int | float | str) -> Decimal:
        """Expected money allotted per applicant [currency], half-up to the cent.

        See :func:`expected_money_allotted`.

        Examples
        --------
        >>> odds = tier_odds(load_allotment_table("zhipu"))[-1]   # 1,300 shares each
        >>> odds.expected_money(Decimal("116.20"))
        Decimal('151060.00')
        """
        return expected_money_allotted(self.expected_shares, price)


def _odds(row: AllotmentRow) -> TierOdds:
    terms = row.terms
    expected = terms.expected_shares
    return TierOdds(
        pool=row.pool,
        shares_applied=row.shares_applied,
        valid_applications=row.valid_applications,
        terms=terms,
        successful_applicants=terms.successful_applicants(row.valid_applications),
        shares_allotted=terms.shares_allotted(row.valid_applications),
        p_at_least_one_lot=terms.p_at_least_one_lot,
        expected_shares=expected,
        fraction_allotted=expected / row.shares_applied,
        printed_fraction_allotted=Fraction(row.approx_pct_allotted) / 100,
    )


def tier_odds(table: AllotmentTable) -> list[TierOdds]:
    """The odds of every row (tier) of a table.

    Parameters
    ----------
    table : AllotmentTable
        A validated table.

    Returns
    -------
    list of TierOdds
        One per row, in printed order: probability of at least one lot [fraction], expected
        shares per applicant [shares], fraction allotted [fraction], successful applicants
        [count] and shares allotted [shares].

    Notes
    -----
    For a row with terms (fixed ``f``, ballot ``w`` out of ``n`` for ``s`` shares) and ``n``
    applicants each applying for ``a`` shares:

    * P(at least one lot) = 1 if ``f > 0`` else ``w / n``;
    * E[shares] = ``f + w s / n``;
    * fraction allotted = E[shares] / ``a``.

    Examples
    --------
    >>> odds = tier_odds(load_allotment_table("minimax"))
    >>> [(o.shares_applied, o.expected_shares) for o in odds[21:23]]
    [(5000, Fraction(1184, 53)), (6000, Fraction(108700, 4273))]
    """
    return [_odds(row) for row in table.rows]


def one_lot_success_rate(table: AllotmentTable) -> Fraction:
    """Share of one-lot applicants who received shares.

    Parameters
    ----------
    table : AllotmentTable
        A validated table.

    Returns
    -------
    Fraction
        Successful one-lot applicants / one-lot applicants [fraction]: the ballot rate of the
        row applying for exactly one board lot.

    Raises
    ------
    IpoDataError
        If no row applies for exactly one board lot.

    References
    ----------
    The allotment-results announcements print this rate ("one lot success rate"): Zhipu
    5.00 %, MiniMax 2.81 %, Iluvatar CoreX 7.00 %, Biren 5.00 %.

    Examples
    --------
    >>> rate = one_lot_success_rate(load_allotment_table("minimax"))
    >>> rate, round(float(rate), 4)
    (Fraction(3911, 139314), 0.0281)
    """
    lot = table.board_lot.value
    for row in table.rows:
        if row.shares_applied == lot:
            return Fraction(
                row.terms.successful_applicants(row.valid_applications), row.valid_applications
            )
    smallest = min(r.shares_applied for r in table.rows)
    raise IpoDataError(
        f"{table.key}: no row applies for one board lot ({lot:,} shares); the smallest "
        f"shares_applied is {smallest:,}"
    )


def overall_success_ratio(
    table: AllotmentTable, *, source: Literal["totals", "rows"] = "totals"
) -> Fraction:
    """Successful applications over valid applications, both pools.

    Parameters
    ----------
    table : AllotmentTable
        A validated table.
    source : {"totals", "rows"}
        ``"totals"``: from the printed totals. ``"rows"``: from the parsed rows (successful
        applicants of each row summed over the table). On a consistent table both agree.

    Returns
    -------
    Fraction
        successful / valid applications [fraction].

    Examples
    --------
    >>> table = load_allotment_table("zhipu")
    >>> overall_success_ratio(table)
    Fraction(50907, 204871)
    >>> overall_success_ratio(table, source="rows") == overall_success_ratio(table)
    True
    """
    if source == "totals":
        return Fraction(table.totals.successful_applications, table.totals.valid_applications)
    if source == "rows":
        odds = tier_odds(table)
        return Fraction(
            sum(o.successful_applicants for o in odds), sum(o.valid_applications for o in odds)
        )
    raise IpoDataError(f"source must be 'totals' or 'rows', got {source!r}")


def _sums(odds: list[TierOdds]) -> tuple[int, int, int, int]:
    """Valid applications, successful applicants, shares applied, shares allotted."""
    return (
        sum(o.valid_applications for o in odds),
        sum(o.successful_applicants for o in odds),
        sum(o.shares_applied * o.valid_applications for o in odds),
        sum(o.shares_allotted for o in odds),
    )


def _multiple(shares_applied: int, shares: Decimal, what: str) -> Decimal:
    if shares <= 0:
        raise IpoDataError(f"{what} must be > 0 to compute a multiple, got {shares!r}")
    return metrics.subscription_multiple(Decimal(shares_applied), shares)


@dataclass(frozen=True)
class PoolSummary:
    """Applications, shares and multiples of one pool, from the parsed rows.

    Attributes
    ----------
    pool : {"A", "B"}
        The pool.
    valid_applications : int
        Valid applications in the pool's rows [count].
    successful_applications : int
        Applicants in the pool's rows who received shares [count].
    shares_applied : int
        Sum of ``shares_applied x valid_applications`` [shares].
    shares_allotted : int
        Shares allotted to the pool, from the basis wording [shares].
    initial_size : Decimal
        Initial size of the pool: ``totals.initial_public_shares / 2`` [shares].
    success_ratio : Fraction
        ``successful_applications / valid_applications`` [fraction].
    effective_multiple : Decimal
        ``shares_applied / shares_allotted`` [times].
    multiple_vs_initial_size : Decimal
        ``shares_applied / initial_size`` [times].

    Examples
    --------
    >>> pool_summary(load_allotment_table("zhipu"), "B").successful_applications
    14826
    """

    pool: Pool
    valid_applications: int
    successful_applications: int
    shares_applied: int
    shares_allotted: int
    initial_size: Decimal
    success_ratio: Fraction
    effective_multiple: Decimal
    multiple_vs_initial_size: Decimal


def pool_summary(table: AllotmentTable, pool: Pool) -> PoolSummary:
    """Sum one pool's rows: applications, successes, shares applied and allotted, multiples.

    Parameters
    ----------
    table : AllotmentTable
        A validated table.
    pool : {"A", "B"}
        The pool.

    Returns
    -------
    PoolSummary
        Counts [count], shares [shares], success ratio [fraction] and multiples [times].

    Raises
    ------
    IpoDataError
        If ``pool`` is not ``"A"`` or ``"B"``, the pool has no rows, or nothing was allotted
        to it (the effective multiple would be undefined).

    Notes
    -----
    * effective multiple = shares applied in the pool / shares allotted to the pool;
    * multiple vs initial size = shares applied in the pool / (initial public shares / 2).

    Multiples are computed by :func:`ipometrics.metrics.subscription_multiple` on ``Decimal``
    (28 significant digits).

    References
    ----------
    ``shared/data/rules.md`` section 3: the public tranche is split equally into Pool A and
    Pool B; applications above one pool's initial size are rejected.

    Examples
    --------
    >>> a = pool_summary(load_allotment_table("zhipu"), "A")
    >>> a.shares_allotted, a.initial_size, round(a.effective_multiple, 2)
    (3742000, Decimal('935500'), Decimal('140.15'))
    """
    rows = table.rows_in(pool)
    if not rows:
        raise IpoDataError(f"{table.key}: pool {pool} has no rows")
    valid, successful, applied, allotted = _sums([_odds(r) for r in rows])
    initial = Decimal(table.totals.initial_public_shares) / 2
    return PoolSummary(
        pool=pool,
        valid_applications=valid,
        successful_applications=successful,
        shares_applied=applied,
        shares_allotted=allotted,
        initial_size=initial,
        success_ratio=Fraction(successful, valid),
        effective_multiple=_multiple(applied, Decimal(allotted), f"pool {pool} shares_allotted"),
        multiple_vs_initial_size=_multiple(applied, initial, f"pool {pool} initial_size"),
    )


@dataclass(frozen=True)
class AllotmentSummary:
    """A whole table summed from its parsed rows, beside the printed totals.

    Attributes
    ----------
    key : str
        Offering key.
    pool_a, pool_b : PoolSummary
        The two pools.
    valid_applications : int
        Valid applications, both pools, from the rows [count].
    successful_applications : int
        Successful applications, both pools, from the rows [count].
    shares_applied : int
        Shares applied for, both pools [shares].
    shares_allotted : int
        Shares allotted, both pools [shares]; equals ``totals.final_public_shares`` on a
        consistent table.
    success_ratio : Fraction
        From the rows: successful / valid applications [fraction].
    printed_success_ratio : Fraction
        From the printed totals [fraction].
    one_lot_success_rate : Fraction
        See :func:`one_lot_success_rate` [fraction].
    subscription_multiple : Decimal
        ``shares_applied / totals.initial_public_shares`` [times]; rounds to the printed
        multiple.
    effective_multiple : Decimal
        ``shares_applied / shares_allotted`` [times].

    Examples
    --------
    >>> s = allotment_summary(load_allotment_table("iluvatar_corex"))
    >>> s.shares_allotted, round(s.subscription_multiple, 2)
    (2543200, Decimal('414.24'))
    """

    key: str
    pool_a: PoolSummary
    pool_b: PoolSummary
    valid_applications: int
    successful_applications: int
    shares_applied: int
    shares_allotted: int
    success_ratio: Fraction
    printed_success_ratio: Fraction
    one_lot_success_rate: Fraction
    subscription_multiple: Decimal
    effective_multiple: Decimal


def allotment_summary(table: AllotmentTable) -> AllotmentSummary:
    """Sum a table's rows per pool and overall, with the success ratios and multiples.

    Parameters
    ----------
    table : AllotmentTable
        A validated table.

    Returns
    -------
    AllotmentSummary
        Counts [count], shares [shares], ratios [fraction] and multiples [times].

    Notes
    -----
    The subscription multiple of a Hong Kong public offer is the shares applied for divided
    by the *initial* public tranche (before reallocation); the effective multiple divides by
    the shares actually allotted.

    References
    ----------
    ``shared/data/rules.md`` section 2: the printed multiple equals the table's shares
    applied over the initial public tranche on all four 2025-26 deals.

    Examples
    --------
    >>> s = allotment_summary(load_allotment_table("biren"))
    >>> s.pool_a.shares_allotted, s.pool_b.shares_allotted, s.shares_allotted
    (24769400, 24769200, 49538600)
    """
    a = pool_summary(table, "A")
    b = pool_summary(table, "B")
    valid = a.valid_applications + b.valid_applications
    successful = a.successful_applications + b.successful_applications
    applied = a.shares_applied + b.shares_applied
    allotted = a.shares_allotted + b.shares_allotted
    return AllotmentSummary(
        key=table.key,
        pool_a=a,
        pool_b=b,
        valid_applications=valid,
        successful_applications=successful,
        shares_applied=applied,
        shares_allotted=allotted,
        success_ratio=Fraction(successful, valid),
        printed_success_ratio=overall_success_ratio(table, source="totals"),
        one_lot_success_rate=one_lot_success_rate(table),
        subscription_multiple=_multiple(
            applied, Decimal(table.totals.initial_public_shares), "initial_public_shares"
        ),
        effective_multiple=_multiple(applied, Decimal(allotted), "shares_allotted"),
    )


def odds_frame(table: AllotmentTable, price: Decimal | int | float | str) -> pd.DataFrame:
    """One row per tier of a table, with the odds as float64 columns.

    Parameters
    ----------
    table : AllotmentTable
        A validated table.
    price : Decimal, int, float or str
        Offer price per share [currency], for ``expected_money``. Must be > 0.

    Returns
    -------
    pandas.DataFrame
        Integer index 0..n-1 in printed order, columns:

        - ``pool``: "A" or "B";
        - ``shares_applied`` [shares], ``valid_applications`` [count];
        - ``fixed_shares`` [shares], ``ballot_winners`` [count], ``ballot_shares`` [shares];
        - ``successful_applicants`` [count], ``shares_allotted`` [shares] (int64);
        - ``p_at_least_one_lot`` [fraction], ``expected_shares`` [shares],
          ``expected_money`` [currency], ``fraction_allotted`` [fraction],
          ``printed_fraction_allotted`` [fraction] (float64).

        Exact values are in :func:`tier_odds`; ``expected_money`` here is the cent-rounded
        :func:`expected_money_allotted` as a float.

    Examples
    --------
    >>> df = odds_frame(load_allotment_table("zhipu"), Decimal("116.20"))
    >>> df.shape
    (40, 13)
    >>> float(df.at[0, "p_at_least_one_lot"]), float(df.at[0, "expected_money"])
    (0.05000053845076945, 581.01)
    """
    price_exact = _to_price(price)
    odds = tier_odds(table)
    frame: pd.DataFrame = pd.DataFrame(
        {
            "pool": pd.Series([o.pool for o in odds], dtype="object"),
            "shares_applied": pd.Series([o.shares_applied for o in odds], dtype="int64"),
            "valid_applications": pd.Series([o.valid_applications for o in odds], dtype="int64"),
            "fixed_shares": pd.Series([o.terms.fixed_shares for o in odds], dtype="int64"),
            "ballot_winners": pd.Series([o.terms.ballot_winners for o in odds], dtype="int64"),
            "ballot_shares": pd.Series([o.terms.ballot_shares for o in odds], dtype="int64"),
            "successful_applicants": pd.Series(
                [o.successful_applicants for o in odds], dtype="int64"
            ),
            "shares_allotted": pd.Series([o.shares_allotted for o in odds], dtype="int64"),
            "p_at_least_one_lot": pd.Series(
                [float(o.p_at_least_one_lot) for o in odds], dtype="float64"
            ),
            "expected_shares": pd.Series([float(o.expected_shares) for o in odds], dtype="float64"),
            "expected_money": pd.Series(
                [float(o.expected_money(price_exact)) for o in odds], dtype="float64"
            ),
            "fraction_allotted": pd.Series(
                [float(o.fraction_allotted) for o in odds], dtype="float64"
            ),
            "printed_fraction_allotted": pd.Series(
                [float(o.printed_fraction_allotted) for o in odds], dtype="float64"
            ),
        }
    )
    return frame


# --------------------------------------------------------------------------------------------
# Consistency checks
# --------------------------------------------------------------------------------------------


def _half_unit(printed: Decimal) -> Fraction:
    """Half a unit of the last digit of a printed decimal (``1159.46`` -> 0.005)."""
    exponent = printed.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return Fraction(1, 2 * 10**places)


def allotment_problems(table: AllotmentTable) -> list[str]:
    """Every way a table's rows disagree with its printed totals, pools and derived sums.

    Parameters
    ----------
    table : AllotmentTable
        A validated table (every wording already parses).

    Returns
    -------
    list of str
        One message per problem, each naming the figure, its value and what was expected;
        empty when the table is consistent.

    Notes
    -----
    Checked:

    1. the shares implied by the basis wording add up to ``totals.final_public_shares``;
    2. per pool, the rows' valid applications add up to the printed pool count, and the
       rows' successful applicants (everyone in a row with fixed shares > 0, otherwise the
       ballot winners) to the printed successful count;
    3. the two pools add up to the printed totals;
    4. each row's exact % allotted (expected shares / shares applied x 100), rounded half-up
       to 2 decimals, equals the printed ``approx_pct_allotted``;
    5. every ballot is for one board lot, and fixed shares are whole board lots;
    6. the largest application equals ``totals.initial_public_shares / 2`` rounded down to a
       whole number of board lots (applications are in board lots; e.g. 6,174,200 for an
       initial tranche of 12,348,600 in lots of 200);
    7. the rows' shares applied over ``totals.initial_public_shares`` is within half a unit
       of the printed multiple's last digit;
    8. the ``derived`` sums recompute (the multiple within half a unit of its last digit).

    References
    ----------
    ``shared/data/rules.md`` sections 2 and 3; ``shared/data/README.md``, "Invariants you can
    test": all eight hold on the four bundled tables.

    Examples
    --------
    >>> allotment_problems(load_allotment_table("minimax"))
    []
    """
    p: list[str] = []
    lot = table.board_lot.value
    odds = tier_odds(table)
    pools: tuple[Pool, ...] = ("A", "B")
    sums = {pool: _sums([o for o in odds if o.pool == pool]) for pool in pools}

    allotted = sum(o.shares_allotted for o in odds)
    final = table.totals.final_public_shares
    if allotted != final:
        p.append(
            f"shares allotted by the basis wording add up to {allotted:,}, expected "
            f"totals.final_public_shares {final:,} (difference {allotted - final:+,})"
        )

    for pool in pools:
        printed = table.pools.of(pool)
        valid, successful, _, _ = sums[pool]
        if valid != printed.valid_applications:
            p.append(
                f"pool {pool}: rows hold {valid:,} valid applications, expected "
                f"pools.{pool}.valid_applications {printed.valid_applications:,}"
            )
        if successful != printed.successful_applications:
            p.append(
                f"pool {pool}: rows give shares to {successful:,} applicants, expected "
                f"pools.{pool}.successful_applications {printed.successful_applications:,}"
            )

    for field in ("valid_applications", "successful_applications"):
        both = getattr(table.pools.A, field) + getattr(table.pools.B, field)
        total = getattr(table.totals, field)
        if both != total:
            p.append(
                f"pools.A.{field} + pools.B.{field} = {both:,}, expected totals.{field} {total:,}"
            )

    for i, (row, o) in enumerate(zip(table.rows, odds, strict=True)):
        where = f"rows[{i}] ({row.pool}, {row.shares_applied:,} shares)"
        pct = _round_half_up(o.fraction_allotted * 100, 2)
        if pct != Fraction(row.approx_pct_allotted):
            p.append(
                f"{where}: % allotted {float(o.fraction_allotted * 100):.4f} rounds to "
                f"{float(pct):.2f}, expected approx_pct_allotted {row.approx_pct_allotted}"
            )
        if o.terms.has_ballot and o.terms.ballot_shares != lot:
            p.append(
                f"{where}: ballot of {o.terms.ballot_shares:,} shares, expected one board lot "
                f"({lot:,} shares)"
            )
        if o.terms.fixed_shares % lot:
            p.append(
                f"{where}: fixed allocation of {o.terms.fixed_shares:,} shares, expected a "
                f"whole number of board lots ({lot:,} shares)"
            )

    largest = max(r.shares_applied for r in table.rows)
    initial = table.totals.initial_public_shares
    cap = initial // 2 // lot * lot
    if largest != cap:
        p.append(
            f"largest application is {largest:,} shares, expected "
            f"totals.initial_public_shares / 2 = {Fraction(initial, 2)} rounded down to a "
            f"board lot of {lot:,}: {cap:,}"
        )

    applied = sum(o.shares_applied * o.valid_applications for o in odds)
    multiple = Fraction(applied, initial)
    printed_multiple = table.totals.subscription_multiple
    if abs(multiple - Fraction(printed_multiple)) > _half_unit(printed_multiple):
        p.append(
            f"rows' shares applied {applied:,} / initial_public_shares {initial:,} = "
            f"{float(multiple):.4f}, expected totals.subscription_multiple {printed_multiple}"
        )

    d = table.derived
    recomputed = {
        "pool_a_shares_applied": sums["A"][2],
        "pool_b_shares_applied": sums["B"][2],
        "total_shares_applied": applied,
        "pool_a_shares_allotted": sums["A"][3],
        "pool_b_shares_allotted": sums["B"][3],
        "total_shares_allotted": allotted,
        "largest_application_shares": largest,
    }
    for name, value in recomputed.items():
        stored = getattr(d, name).value
        if stored != value:
            p.append(f"derived.{name} is {stored:,}, expected {value:,} from the rows")
    stored_multiple = d.subscription_multiple.value
    if abs(multiple - Fraction(stored_multiple)) > _half_unit(stored_multiple):
        p.append(
            f"derived.subscription_multiple is {stored_multiple}, expected "
            f"{float(multiple):.4f} from the rows"
        )
    return p


def check_allotment_table(table: AllotmentTable) -> None:
    """Raise if a table's rows disagree with its printed figures.

    Parameters
    ----------
    table : AllotmentTable
        A validated table.

    Raises
    ------
    IpoDataError
        Listing every problem found by :func:`allotment_problems`, one per line.

    Examples
    --------
    >>> check_allotment_table(load_allotment_table("biren"))  # consistent: returns None
    """
    problems = allotment_problems(table)
    if problems:
        lines = "\n".join(f"  - {problem}" for problem in problems)
        raise IpoDataError(
            f"allotment table {table.key!r} is inconsistent ({len(problems)} problems):\n{lines}"
        )
