"""Offerings side by side: one pandas row per offering, published inputs and metric columns.

:func:`to_frame` copies the published figures each metric needs into columns, then computes
every metric column with the vectorised formulas of :mod:`ipometrics.metrics` (the same ones
the :class:`~ipometrics.models.Offering` methods call). Counts are nullable ``Int64``
(``<NA>``), dates ``datetime64[s]`` (``NaT``), money is a :class:`MoneyArray` (below) and
other numbers ``float64`` (``NaN`` where the record has no figure). The exact ``Decimal`` path
is the record methods; the tests show the two agree to the cent.

A metric that cannot be computed is ``NaN`` and never a guess: ``frame.attrs["unavailable"]``
lists, for each such cell, the figure that is missing and why.

Money carries its currency
--------------------------
Every column with a unit of ``[currency]`` or ``[currency/share]`` (:data:`MONEY_COLUMNS`:
prices, proceeds, expenses, market caps, money left on the table) has the extension dtype
:class:`MoneyDtype`: float64 amounts, each with its ISO 4217 currency, and the record's exact
``Decimal`` where there is one. The dtype reads ``money[HKD]`` when every row shares one
currency and ``money`` when they do not (the bundled six: four HKD, two CNY).

* Whatever yields an amount needs one currency: ``sum``, ``mean``, ``median``, ``min``,
  ``max``, ``std``, ``quantile``, ``describe``, ``cumsum``, and ``+``, ``-``, ``/``, ``<``
  between two money columns. Across currencies they raise :class:`MixedCurrencyError`, which
  names the currencies. Within one they work: ``df["gross_proceeds"].sum()`` on Hong Kong
  rows, or ``df.groupby("currency")["gross_proceeds"].sum()`` on all.
* A plain number takes the currency of the money it meets: ``df["gross_proceeds"] / 1e6``
  is still money (so a later sum still refuses to mix); money / money in one currency is a
  plain ``float64`` ratio; money x money is an error.
* Rows keep their own currency when they are selected, sorted, ranked, concatenated or
  reindexed; ``==`` is False between currencies.
* A cell (``df.at[code, "gross_proceeds"]``), a row of ``iterrows``, ``.to_numpy()`` and
  ``.astype("float64")`` are plain floats: from there the currency is the reader's to keep.
  Convert with a rate from there, or with :func:`ipometrics.cohort.cohort_frame`, which uses
  sourced, dated rates.

Why this and not one column per currency (``gross_proceeds_hkd``, ``gross_proceeds_cny``):
that renames every money column callers read and makes the set of columns depend on the
input; a ``currency`` column beside plain float64 money leaves the mixing sum one keystroke
away. The dtype keeps every name, keeps float64 arithmetic (so :func:`ipometrics.compute` and
this frame agree to the last bit) and refuses exactly the operations that add one currency to
another.

Exact output
------------
:func:`to_csv` writes a frame with the records' exact decimals (Zhipu's money left on the
table ``572518350.0``, not the float ``572518349.9999999``);
:func:`ipometrics.excel.to_excel` writes a workbook (the comparison, the sources, the empty
cells and, given a currency, the cohort);
:func:`style` gives a notebook display (a pandas ``Styler``; no pandas option is changed).

Columns
-------
The names are documented once, in :data:`COLUMNS` (name -> description with unit).
"""

from __future__ import annotations

import builtins
import operator
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any, cast, overload

import numpy as np
import numpy.typing as npt
import pandas as pd
from pandas.api.extensions import ExtensionArray, ExtensionDtype, take
from pandas.api.indexers import check_array_indexer
from pandas.api.types import is_integer, is_list_like

from ipometrics import metrics
from ipometrics.errors import FigureUnavailableError
from ipometrics.models import Figure, Offering

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler


__all__ = [
    "COLUMNS",
    "COUNT_COLUMNS",
    "DATE_COLUMNS",
    "INPUT_COLUMNS",
    "METRIC_COLUMNS",
    "MONEY_COLUMNS",
    "NOT_APPLICABLE",
    "NOT_PUBLISHED",
    "SOURCE_COLUMNS",
    "MixedCurrencyError",
    "MoneyArray",
    "MoneyDtype",
    "Unavailable",
    "sources_frame",
    "style",
    "to_csv",
    "to_frame",
    "unavailable_frame",
]


@dataclass(frozen=True)
class _Input:
    path: str | None
    doc: str
    scale: Decimal = Decimal(1)  # exact: 13.17 [percent] x 0.01 is 0.1317, not 0.13170000000000001


#: Published inputs: column -> (record path, description [unit]).
_INPUTS: dict[str, _Input] = {
    "offer_price": _Input("price.final", "final offer price [currency/share]"),
    "offer_shares": _Input(
        "shares.offer_final",
        "shares in the final offer, offer-size-adjustment shares included, over-allotment "
        "excluded [shares]",
    ),
    "shares_outstanding": _Input(
        "shares.shares_in_issue_after_listing",
        "shares in issue after listing, all classes, before over-allotment [shares]",
    ),
    "public_shares_initial": _Input(
        "shares.hk_public.initial", "Hong Kong public tranche before reallocation [shares]"
    ),
    "public_shares_final": _Input(
        "shares.hk_public.final", "Hong Kong public tranche after reallocation [shares]"
    ),
    "placing_shares_final": _Input(
        "shares.hk_international.final", "international placing tranche, final [shares]"
    ),
    "cornerstone_shares": _Input("cornerstones.shares", "shares taken by cornerstones [shares]"),
    "expenses": _Input("proceeds.expenses", "listing expenses, as published [currency]"),
    "gross_proceeds_published": _Input(
        "proceeds.gross", "gross proceeds as published (rounded) [currency]"
    ),
    "net_proceeds_published": _Input(
        "proceeds.net", "net proceeds as published (rounded) [currency]"
    ),
    "public_multiple": _Input(
        "demand.hk_public.subscription_multiple",
        "public offer subscription multiple, as published in the allotment announcement: "
        "shares applied / shares initially offered to the public [times]",
    ),
    "placing_multiple": _Input(
        "demand.hk_international.subscription_multiple",
        "international placing subscription multiple, as published [times]",
    ),
    "online_multiple": _Input(
        "demand.star_online.subscription_multiple",
        "STAR online issue subscription multiple, as published: valid shares applied / online "
        "shares before the clawback [times]",
    ),
    "offline_multiple": _Input(
        "demand.star_offline.subscription_multiple",
        "STAR offline placement subscription multiple, as published [times]",
    ),
    "lottery_rate": _Input(
        "demand.star_online.lottery_rate_final_pct",
        "STAR online lottery (winning) rate after the clawback, as published [fraction]",
        Decimal("0.01"),
    ),
    "public_valid_applications": _Input(
        "demand.hk_public.valid_applications", "valid public applications [count]"
    ),
    "one_lot_success_rate": _Input(
        "demand.hk_public.one_lot_success_rate_pct",
        "share of one-lot applicants allotted a lot, as published [fraction]",
        Decimal("0.01"),
    ),
    "open_price": _Input("first_day.open", "first-day opening price [currency/share]"),
    "close_price": _Input("first_day.close", "first-day closing price [currency/share]"),
    "close_return_published": _Input(
        "first_day.close_change_pct",
        "first-day close vs offer as published (rounded) [fraction]",
        Decimal("0.01"),
    ),
    "market_cap_close_published": _Input(
        "first_day.market_cap_close", "market cap at the first close, as reported [currency]"
    ),
}

#: Metric columns: column -> (description [unit], record paths the metric needs).
_METRICS: dict[str, tuple[str, tuple[str, ...]]] = {
    "gross_proceeds": (
        "offer_price x offer_shares (metrics.gross_proceeds) [currency]",
        ("price.final", "shares.offer_final"),
    ),
    "net_proceeds": (
        "gross_proceeds - expenses (metrics.net_proceeds) [currency]",
        ("price.final", "shares.offer_final", "proceeds.expenses"),
    ),
    "open_return": (
        "open_price / offer_price - 1 (metrics.first_day_return) [fraction]",
        ("price.final", "first_day.open"),
    ),
    "close_return": (
        "close_price / offer_price - 1, the initial return (metrics.first_day_return) [fraction]",
        ("price.final", "first_day.close"),
    ),
    "market_cap_offer": (
        "offer_price x shares_outstanding (metrics.market_cap) [currency]",
        ("price.final", "shares.shares_in_issue_after_listing"),
    ),
    "market_cap_open": (
        "open_price x shares_outstanding (metrics.market_cap) [currency]",
        ("first_day.open", "shares.shares_in_issue_after_listing"),
    ),
    "market_cap_close": (
        "close_price x shares_outstanding (metrics.market_cap) [currency]",
        ("first_day.close", "shares.shares_in_issue_after_listing"),
    ),
    "money_left_on_table": (
        "(close_price - offer_price) x offer_shares (metrics.money_left_on_table) [currency]",
        ("price.final", "first_day.close", "shares.offer_final"),
    ),
}

_IDENTITY: dict[str, str] = {
    "key": "short identifier of the record, e.g. 'zhipu' [text]",
    "name": "short English name as printed in the announcement [text]",
    "name_zh": "Chinese short or full name, None when no admissible source gives it [text]",
    "exchange": "SEHK, SSE or SZSE [text]",
    "currency": "currency of every money column of the row (ISO 4217); each money cell "
    "carries it too [text]",
    "listing_date": "first trading day, datetime64[s] at midnight; NaT when unknown [date]",
    "board_lot": "board lot; NaN where the market has none [shares]",
}

#: Every column of :func:`to_frame`, in order, with its description and unit. The index is
#: ``code``: stock code with market suffix, e.g. ``'02513.HK'``. Units in brackets: a
#: ``[currency]`` or ``[currency/share]`` column is money (:data:`MONEY_COLUMNS`), in the
#: row's own currency; ``[fraction]`` is a fraction (0.1317 for 13.17%).
COLUMNS: dict[str, str] = {
    **_IDENTITY,
    **{k: v.doc for k, v in _INPUTS.items()},
    **{k: v[0] for k, v in _METRICS.items()},
}
#: Columns holding whole counts (shares, applications, lots): nullable ``Int64``.
COUNT_COLUMNS: tuple[str, ...] = (
    "board_lot",
    "offer_shares",
    "shares_outstanding",
    "public_shares_initial",
    "public_shares_final",
    "placing_shares_final",
    "cornerstone_shares",
    "public_valid_applications",
)
#: The published-input columns (copied from the records).
INPUT_COLUMNS: tuple[str, ...] = tuple(_INPUTS)
#: The metric columns (computed by :mod:`ipometrics.metrics`).
METRIC_COLUMNS: tuple[str, ...] = tuple(_METRICS)
#: Columns of money or money per share: dtype :class:`MoneyDtype` (``money[HKD]``, or
#: ``money`` when the rows are in several currencies), each amount with its currency.
MONEY_COLUMNS: tuple[str, ...] = tuple(
    k for k, doc in COLUMNS.items() if re.search(r"\[currency(/share)?\]$", doc)
)
#: Date columns: ``datetime64[s]``, ``NaT`` when unknown.
DATE_COLUMNS: tuple[str, ...] = ("listing_date",)

#: How :func:`style` marks an empty cell whose figure is not published (no admissible source
#: gives it), and one whose figure does not exist for the offering (a Hong Kong tranche of a
#: STAR issue). The same marks as the ``ipometrics report`` tables.
NOT_PUBLISHED = "n/p"
#: The mark of a figure that does not exist for the offering (see :data:`NOT_PUBLISHED`).
NOT_APPLICABLE = "n/a"

#: Exact value of each money metric, from the record (Decimal), for :func:`to_csv`.
_EXACT: dict[str, Callable[[Offering], Decimal]] = {
    "gross_proceeds": lambda o: o.gross_proceeds(),
    "net_proceeds": lambda o: o.net_proceeds(),
    "market_cap_offer": lambda o: o.market_cap("offer"),
    "market_cap_open": lambda o: o.market_cap("open"),
    "market_cap_close": lambda o: o.market_cap("close"),
    "money_left_on_table": lambda o: o.money_left_on_table(),
}


@dataclass(frozen=True)
class Unavailable:
    """Why one cell is empty (NaN or None).

    Attributes
    ----------
    code, column : str
        The row (stock code) and column.
    path : str
        The record figure that is missing.
    status : str
        ``"unknown"`` (no admissible source) or ``"not applicable"``.
    """

    code: str
    column: str
    path: str
    status: str

    def __str__(self) -> str:
        return f"{self.code} {self.column}: {self.path} is {self.status}"

    def __deepcopy__(self, memo: dict[int, Any]) -> Unavailable:
        # Immutable: pandas deep-copies frame.attrs on every operation (each column read of
        # a 300-row frame rebuilt ~3,000 of these), and a copy can be the object itself.
        return self


# --------------------------------------------------------------------------------------------
# Money: amounts with their currency (a pandas extension dtype)
# --------------------------------------------------------------------------------------------

_CODE = re.compile(r"[A-Z]{3}")
_Floats = npt.NDArray[np.float64]
_Objects = npt.NDArray[np.object_]


class MixedCurrencyError(TypeError):
    """Money in different currencies met in one sum, difference, ratio or comparison.

    The message names the operation and the currencies. Select one currency, group by the
    ``currency`` column, or convert first (:func:`ipometrics.cohort.cohort_frame`).
    """


class MoneyDtype(ExtensionDtype):
    """Dtype of money columns: ``money[HKD]`` for one currency, ``money`` for several.

    Parameters
    ----------
    currency : str, optional
        ISO 4217 code shared by every amount; ``None`` when the amounts are in several
        currencies (each element then carries its own, see :class:`MoneyArray`).

    Examples
    --------
    >>> import pandas as pd
    >>> pd.Series([116.20, 131.50], dtype=MoneyDtype("HKD")).dtype
    MoneyDtype('HKD')
    """

    _metadata = ("currency",)
    type = float
    na_value = np.nan

    def __init__(self, currency: str | None = None) -> None:
        if currency is not None and not (isinstance(currency, str) and _CODE.fullmatch(currency)):
            raise ValueError(f"currency must be an ISO 4217 code such as 'HKD', got {currency!r}")
        self.currency = currency

    @property
    def name(self) -> str:  # type: ignore[override]  # a property in pandas, not in its stubs
        """``money[HKD]``, or ``money`` for several currencies."""
        return "money" if self.currency is None else f"money[{self.currency}]"

    def __repr__(self) -> str:
        return "MoneyDtype()" if self.currency is None else f"MoneyDtype({self.currency!r})"

    @classmethod
    def construct_array_type(cls) -> builtins.type[MoneyArray]:
        """The array type of this dtype: :class:`MoneyArray`."""
        return MoneyArray

    @classmethod
    def construct_from_string(cls, string: str) -> MoneyDtype:
        """The dtype named ``money[HKD]`` or ``money``."""
        if not isinstance(string, str):
            raise TypeError(f"'construct_from_string' expects a string, got {type(string)}")
        match = re.fullmatch(r"money(?:\[([A-Z]{3})\])?", string)
        if match is None:
            raise TypeError(f"Cannot construct a 'MoneyDtype' from '{string}'")
        return cls(match.group(1))

    @property
    def _is_numeric(self) -> bool:
        return True

    def _get_common_dtype(self, dtypes: list[Any]) -> Any:
        if not all(isinstance(d, MoneyDtype) for d in dtypes):
            return None
        found = {d.currency for d in dtypes}
        return MoneyDtype(found.pop()) if len(found) == 1 else MoneyDtype()


def _floats(values: Any) -> _Floats:
    """Plain numbers (None, pd.NA and NaN missing) as a 1-D float64 array."""
    if isinstance(values, MoneyArray):
        raise TypeError("expected plain numbers, got money")
    if isinstance(values, ExtensionArray):
        out = values.to_numpy(dtype="float64", na_value=np.nan)
    else:
        raw = np.asarray(values)
        if raw.dtype.kind in "biuf":
            out = raw.astype(np.float64)
        else:
            out = np.array([np.nan if pd.isna(v) else float(v) for v in raw.ravel()])
    return np.asarray(out, dtype=np.float64).ravel()


def _mixed(verb: str, currencies: Iterable[str]) -> MixedCurrencyError:
    found = ", ".join(sorted(set(currencies) - {""}))
    return MixedCurrencyError(
        f"cannot {verb} money in different currencies ({found}): select one currency, group "
        "by it (frame.groupby('currency')[column]) or convert first "
        "(ipometrics.cohort.cohort_frame)"
    )


def _decimal_text(value: Decimal) -> str:
    """A Decimal as plain text without exponent: '572518350.0', '53714824638.76'."""
    text = format(value, "f")
    if "." not in text:
        return f"{text}.0"
    text = text.rstrip("0")
    return f"{text}0" if text.endswith(".") else text


def _is_integer_dtype(dtype: Any) -> bool:
    try:
        return bool(pd.api.types.is_integer_dtype(dtype))
    except TypeError:
        return False


class MoneyArray(ExtensionArray):
    """Money amounts, each with its currency and, where known, its exact value.

    The pandas array behind every money column of :func:`to_frame` (see the module notes
    for what it allows and refuses).

    Parameters
    ----------
    amounts : array-like of float
        The amounts [currency]; ``NaN``, ``None`` or ``pd.NA`` where unknown.
    currency : str or sequence of str
        One ISO 4217 code for all amounts, or one per amount.
    exact : sequence of Decimal or None, optional
        The exact value of each amount where there is one (:func:`to_csv` writes it).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series(MoneyArray([4_348_145_900.0, 7_999_600_000.0], ["HKD", "CNY"]))
    >>> s.sum()
    Traceback (most recent call last):
    ...
    ipometrics.frame.MixedCurrencyError: cannot sum money in different currencies (CNY, HKD): ...
    >>> float(s[:1].sum())
    4348145900.0
    """

    # numpy defers ``ndarray <op> MoneyArray`` to the reflected method here
    __array_priority__ = 1000

    _amounts: _Floats
    _currencies: _Objects  # str per element; "" only where the amount is missing
    _exact: _Objects | None  # Decimal or None per element
    _declared: str | None
    _dtype: MoneyDtype

    def __init__(
        self,
        amounts: Any,
        currency: str | Sequence[str],
        *,
        exact: Sequence[Decimal | None] | None = None,
    ) -> None:
        values = _floats(amounts)
        n = len(values)
        declared = currency if isinstance(currency, str) else None
        codes = np.full(n, currency, dtype=object) if declared else np.array(currency, object)
        if codes.shape != (n,):
            raise ValueError(f"expected {n} currencies, one per amount, got {codes.size}")
        bad = [c for c in set(codes.tolist()) if not (isinstance(c, str) and _CODE.fullmatch(c))]
        if bad:
            raise ValueError(f"currency must be an ISO 4217 code such as 'HKD', got {bad[0]!r}")
        known = None
        if exact is not None:
            if len(exact) != n:
                raise ValueError(f"expected {n} exact values, one per amount, got {len(exact)}")
            known = np.empty(n, dtype=object)
            known[:] = list(exact)
        self._set(values, codes, known, declared)

    def _set(
        self, amounts: _Floats, currencies: _Objects, exact: _Objects | None, declared: str | None
    ) -> None:
        self._amounts = amounts
        self._currencies = currencies
        self._exact = exact
        self._declared = declared
        self._refresh()

    def _refresh(self) -> None:
        found = set(self._currencies.tolist()) - {""}
        if len(found) == 1:
            self._dtype = MoneyDtype(found.pop())
        else:
            self._dtype = MoneyDtype(self._declared if not found else None)

    @classmethod
    def _new(
        cls,
        amounts: _Floats,
        currencies: _Objects,
        exact: _Objects | None = None,
        declared: str | None = None,
    ) -> MoneyArray:
        out = cls.__new__(cls)
        out._set(amounts, currencies, exact, declared)
        return out

    def _like(self, amounts: _Floats) -> MoneyArray:
        """New amounts in this array's currencies (exact values dropped)."""
        return self._new(amounts, self._currencies.copy(), None, self._declared)

    # ------------------------------------------------------------------ public views

    @property
    def currencies(self) -> _Objects:
        """Currency of each amount (ISO 4217; ``""`` for a filled-in gap of unknown one)."""
        out: _Objects = self._currencies.copy()
        return out

    @property
    def exact(self) -> _Objects:
        """Exact value of each amount (``Decimal``), ``None`` where there is none."""
        out: _Objects = np.full(len(self), None, dtype=object)
        if self._exact is not None:
            out[:] = self._exact
        return out

    # ------------------------------------------------------------------ pandas interface

    @property
    def dtype(self) -> MoneyDtype:
        """``money[HKD]`` when every amount is in HKD; ``money`` for several currencies."""
        return self._dtype

    @classmethod
    def _from_sequence(cls, scalars: Any, *, dtype: Any = None, copy: bool = False) -> MoneyArray:
        if isinstance(dtype, str):
            dtype = MoneyDtype.construct_from_string(dtype)
        if isinstance(scalars, MoneyArray):
            return scalars.astype(dtype) if isinstance(dtype, MoneyDtype) else scalars.copy()
        items = list(scalars)
        amounts = _floats(items)
        currency = dtype.currency if isinstance(dtype, MoneyDtype) else None
        if currency is None and not np.isnan(amounts).all():
            raise TypeError(
                "plain numbers have no currency: give one, e.g. MoneyArray(values, 'HKD') or "
                "dtype=MoneyDtype('HKD')"
            )
        exact = None
        if any(isinstance(v, Decimal) for v in items):
            exact = np.empty(len(items), dtype=object)
            exact[:] = [v if isinstance(v, Decimal) and v.is_finite() else None for v in items]
        codes = np.full(len(amounts), currency or "", dtype=object)
        return cls._new(amounts, codes, exact, currency)

    @classmethod
    def _from_factorized(cls, values: Any, original: Any) -> MoneyArray:
        amounts = np.array([np.nan if v is None else v[0] for v in values], dtype=np.float64)
        codes = np.array(["" if v is None else v[1] for v in values], dtype=object)
        return cls._new(amounts, codes, None, original.dtype.currency)

    def _values_for_factorize(self) -> tuple[_Objects, Any]:
        keys = np.empty(len(self), dtype=object)
        keys[:] = [
            None if a != a else (float(a), c)
            for a, c in zip(self._amounts.tolist(), self._currencies.tolist(), strict=True)
        ]
        return keys, None

    def _values_for_argsort(self) -> _Floats:
        return self._amounts

    def __len__(self) -> int:
        return len(self._amounts)

    def __getitem__(self, item: Any) -> Any:
        if is_integer(item):
            return float(self._amounts[item])
        item = check_array_indexer(self, item)
        exact = None if self._exact is None else self._exact[item].copy()
        return self._new(
            self._amounts[item].copy(), self._currencies[item].copy(), exact, self._dtype.currency
        )

    def __setitem__(self, key: Any, value: Any) -> None:
        if getattr(self, "_readonly", False):  # pandas >= 3 marks shared arrays read-only
            raise ValueError("Cannot modify read-only array")
        key = check_array_indexer(self, key)
        if isinstance(value, pd.Series | pd.Index):
            value = value.array
        slots = self._currencies[key]
        exact: Any = None
        if isinstance(value, MoneyArray):
            clash = (slots != "") & (value._currencies != "") & (slots != value._currencies)
            if np.any(clash):
                raise _mixed("set", [*np.ravel(slots[clash]), *value._currencies[clash]])
            self._currencies[key] = np.where(slots == "", value._currencies, slots)
            self._amounts[key] = value._amounts
            exact = value._exact
        else:  # plain numbers: each takes the currency of the slot it lands in
            many = is_list_like(value) and not isinstance(value, str | bytes)
            amounts = self._amounts.copy()
            amounts[key] = _floats(value) if many else _floats([value])[0]
            unlabelled = (self._currencies == "") & ~np.isnan(amounts)
            if np.any(unlabelled) and self._dtype.currency is None:
                raise TypeError(
                    "a plain number cannot fill a gap of unknown currency in money of several "
                    "currencies: set money instead, e.g. MoneyArray([amount], 'HKD')"
                )
            self._currencies[unlabelled] = self._dtype.currency
            self._amounts = amounts
            if many and any(isinstance(v, Decimal) for v in value):
                exact = np.empty(len(value), dtype=object)
                exact[:] = [v if isinstance(v, Decimal) else None for v in value]
            elif isinstance(value, Decimal):
                exact = value
        if self._exact is not None or exact is not None:
            if self._exact is None:
                self._exact = np.full(len(self), None, dtype=object)
            self._exact[key] = exact
        self._refresh()

    @property
    def nbytes(self) -> int:
        """Memory of the amounts and currency codes [bytes]."""
        return int(self._amounts.nbytes + self._currencies.nbytes)

    def isna(self) -> npt.NDArray[np.bool_]:
        """Where the amount is missing."""
        return np.isnan(self._amounts)

    def copy(self) -> MoneyArray:
        """An independent copy: amounts, currencies and exact values."""
        exact = None if self._exact is None else self._exact.copy()
        return self._new(self._amounts.copy(), self._currencies.copy(), exact, self._declared)

    def take(self, indices: Any, *, allow_fill: bool = False, fill_value: Any = None) -> MoneyArray:
        """The elements at ``indices``, each with its currency; -1 fills a gap if allowed."""
        fill = np.nan if fill_value is None or pd.isna(fill_value) else float(fill_value)
        # A gap a reindex or an outer join fills belongs to no offering of this array: it gets
        # no currency (not the array's), so a later fillna(0) does not relabel another row.
        code = ""

        def pick(values: npt.NDArray[Any], missing: Any) -> npt.NDArray[Any]:
            return np.asarray(take(values, indices, allow_fill=allow_fill, fill_value=missing))

        exact = None if self._exact is None else pick(self._exact, None)
        return self._new(
            pick(self._amounts, fill), pick(self._currencies, code), exact, self._dtype.currency
        )

    @classmethod
    def _concat_same_type(cls, to_concat: Sequence[MoneyArray]) -> MoneyArray:
        amounts = np.concatenate([a._amounts for a in to_concat])
        codes = np.concatenate([a._currencies for a in to_concat])
        exact = None
        if any(a._exact is not None for a in to_concat):
            exact = np.concatenate([a.exact for a in to_concat])
        declared = {a.dtype.currency for a in to_concat}
        return cls._new(amounts, codes, exact, declared.pop() if len(declared) == 1 else None)

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> npt.NDArray[Any]:
        if dtype is None or np.dtype(dtype) == np.float64:
            amounts: npt.NDArray[np.float64] = self._amounts
            if copy:
                return np.array(amounts, dtype=np.float64, copy=True)
            # Never the frame's own buffer, writable: `a = s.to_numpy(); a[3] = 1` would change
            # the amount and leave the exact value behind.
            view: npt.NDArray[np.float64] = np.asarray(amounts, dtype=np.float64).view()
            view.flags.writeable = False
            return view
        if copy is False:
            raise ValueError(f"money amounts cannot be viewed as {dtype} without a copy")
        return self._amounts.astype(dtype)

    def astype(self, dtype: Any, copy: bool = True) -> Any:
        """Plain numbers for a numeric dtype; ``money[XXX]`` only for amounts in XXX."""
        if isinstance(dtype, str) and dtype.startswith("money"):
            dtype = MoneyDtype.construct_from_string(dtype)
        if isinstance(dtype, MoneyDtype):
            if dtype.currency is None:
                return self.copy() if copy else self
            others = set(self._currencies.tolist()) - {"", dtype.currency}
            if others:
                raise MixedCurrencyError(
                    f"cannot relabel {', '.join(sorted(others))} money as {dtype.currency}: "
                    "convert it with an exchange rate (ipometrics.fx) instead"
                )
            out = self.copy()
            out._currencies[out._currencies == ""] = dtype.currency
            out._declared = dtype.currency
            out._refresh()
            return out
        if _is_integer_dtype(dtype):
            return self._as_integers(dtype)
        if isinstance(dtype, ExtensionDtype):
            return pd.array(self._amounts, dtype="Float64").astype(dtype, copy=False)
        if copy:
            return np.array(self._amounts, dtype=dtype, copy=True)
        return np.asarray(self._amounts, dtype=dtype)

    def _as_integers(self, dtype: Any) -> Any:
        """Whole amounts from the exact values where known; a fraction is an error, not cut."""
        exact = self.exact
        values: list[int | None] = []
        for i, amount in enumerate(self._amounts):
            e = exact[i] if exact is not None else None
            if e is None and np.isnan(amount):
                values.append(None)
                continue
            number = Decimal(e) if e is not None else Decimal(float(amount))
            if number != number.to_integral_value():
                raise TypeError(
                    f"cannot cast money {number} to {dtype}: it is not a whole amount "
                    "(round it first, e.g. .round(0), or use float64)"
                )
            values.append(int(number))
        if any(v is None for v in values) or isinstance(dtype, ExtensionDtype):
            target = dtype if isinstance(dtype, ExtensionDtype) else "Int64"
            return pd.array(values, dtype=target)  # type: ignore[call-overload]
        return np.array(values, dtype=dtype)

    def _formatter(self, boxed: bool = False) -> Callable[[Any], str]:
        return _amount_text

    # ------------------------------------------------------------------ one currency or none

    def _one_currency(self, verb: str, mask: npt.NDArray[np.bool_] | None = None) -> str | None:
        codes = self._currencies if mask is None else self._currencies[mask]
        found = set(codes.tolist()) - {""}
        if len(found) > 1:
            raise _mixed(verb, found)
        return found.pop() if found else self._dtype.currency

    def _single(self, amounts: _Floats, currency: str | None) -> MoneyArray:
        codes = np.full(len(amounts), currency or "", dtype=object)
        return self._new(np.asarray(amounts, dtype=np.float64), codes, None, currency)

    def _reduce(
        self, name: str, *, skipna: bool = True, keepdims: bool = False, **kwargs: Any
    ) -> Any:
        if name in ("prod", "cumprod"):
            raise TypeError(f"money has no {name}: multiply amounts by plain numbers only")
        currency = None
        if name not in ("any", "all"):
            currency = self._one_currency(_VERBS.get(name, name), ~self.isna() if skipna else None)
        values = pd.Series(self._amounts, copy=False)
        result = getattr(values, name)(skipna=skipna, **kwargs)
        if not keepdims:
            return result
        if name in _AMOUNT_RESULTS:
            return self._single(np.array([result], dtype=np.float64), currency)
        return np.array([result])

    def _accumulate(self, name: str, *, skipna: bool = True, **kwargs: Any) -> MoneyArray:
        if name == "cumprod":
            raise TypeError("money has no cumprod: multiply amounts by plain numbers only")
        self._one_currency(_VERBS.get(name, name), ~self.isna() if skipna else None)
        values = getattr(pd.Series(self._amounts, copy=False), name)(skipna=skipna, **kwargs)
        return self._like(values.to_numpy(dtype=np.float64))

    def _quantile(self, qs: npt.NDArray[np.float64], interpolation: str) -> MoneyArray:
        currency = self._one_currency("take quantiles of", ~self.isna())
        values = pd.Series(self._amounts, copy=False).quantile(
            qs, interpolation=cast(Any, interpolation)
        )
        return self._single(values.to_numpy(dtype=np.float64), currency)

    def argmin(self, skipna: bool = True) -> int:
        """Position of the smallest amount; the amounts must share a currency."""
        self._one_currency("compare", ~self.isna())
        return int(pd.Series(self._amounts, copy=False).argmin(skipna=skipna))

    def argmax(self, skipna: bool = True) -> int:
        """Position of the largest amount; the amounts must share a currency."""
        self._one_currency("compare", ~self.isna())
        return int(pd.Series(self._amounts, copy=False).argmax(skipna=skipna))

    def round(self, decimals: int = 0, *args: Any, **kwargs: Any) -> MoneyArray:
        """Amounts rounded to ``decimals``, currencies kept (exact values dropped)."""
        return self._like(np.round(self._amounts, decimals))

    def unique(self) -> MoneyArray:
        """Distinct amounts in order of appearance (the same amount in two currencies twice)."""
        _, uniques = self.factorize(use_na_sentinel=False)
        return cast(MoneyArray, uniques)

    def value_counts(self, dropna: bool = True) -> pd.Series[int]:
        """How often each distinct amount (with its currency) occurs."""
        codes, uniques = self.factorize(use_na_sentinel=dropna)
        counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
        result: pd.Series[int] = pd.Series(counts, index=pd.Index(uniques), name="count")
        return result

    def _mode(self, dropna: bool = True) -> MoneyArray:
        counts = self.value_counts(dropna=dropna)
        top = counts.to_numpy() == counts.max()
        return counts.index.array[top]  # type: ignore[no-any-return]

    def _pad_or_backfill(
        self,
        *,
        method: Any,
        limit: int | None = None,
        limit_area: Any = None,
        copy: bool = True,
    ) -> MoneyArray:
        missing = self.isna()
        where = pd.Series(np.where(missing, np.nan, np.arange(len(self), dtype=np.float64)))
        forward = method in ("pad", "ffill")
        fill = where.ffill if forward else where.bfill
        source = fill(limit=limit, limit_area=limit_area).fillna(-1).to_numpy(dtype=np.intp)
        filled = missing & (source >= 0)
        slots, donors = self._currencies[filled], self._currencies[source[filled]]
        clash = (slots != "") & (slots != donors)
        if np.any(clash):
            raise _mixed("fill", [*slots[clash], *donors[clash]])
        return self.take(np.where(filled, source, np.arange(len(self))))

    def _group_currencies(
        self, verb: str, ids: npt.NDArray[np.intp], ngroups: int, skipna: bool
    ) -> _Objects:
        """The one currency of each group; raises when a group holds several."""
        counted = (ids >= 0) & (~self.isna() if skipna else True)
        pairs = pd.DataFrame({"group": ids[counted], "currency": self._currencies[counted]})
        pairs = pairs[pairs["currency"] != ""].drop_duplicates()
        per_group = pairs.groupby("group")["currency"].agg(list)
        for found in per_group:
            if len(found) > 1:
                raise _mixed(verb, found)
        out = np.full(ngroups, self._dtype.currency or "", dtype=object)
        out[per_group.index.to_numpy(dtype=np.intp)] = [found[0] for found in per_group]
        return out

    def _groupby_op(
        self,
        *,
        how: str,
        has_dropped_na: bool,
        min_count: int,
        ngroups: int,
        ids: npt.NDArray[np.intp],
        **kwargs: Any,
    ) -> Any:
        if how in ("first", "last"):  # the position of each group's first (last) amount
            at = np.where(self.isna(), np.nan, np.arange(len(self), dtype=np.float64))
            where = cast(Any, pd.array(at, dtype="Float64"))._groupby_op(
                how=how,
                has_dropped_na=has_dropped_na,
                min_count=min_count,
                ngroups=ngroups,
                ids=ids,
                **kwargs,
            )
            positions = np.nan_to_num(_floats(where), nan=-1).astype(np.intp)
            return self.take(positions, allow_fill=True)
        if how in ("prod", "cumprod"):
            raise TypeError(f"money has no {how}: multiply amounts by plain numbers only")
        codes = None  # rank and idx* order amounts, as sorting does; the rest need one currency
        if how not in ("rank", "idxmin", "idxmax", "any", "all"):
            skipna = kwargs.get("skipna", True)
            codes = self._group_currencies(_VERBS.get(how, how), ids, ngroups, skipna)
        # The float64 path of pandas itself, on the amounts; then the currency back on.
        plain = cast(Any, pd.array(self._amounts, dtype="Float64"))
        result = plain._groupby_op(
            how=how,
            has_dropped_na=has_dropped_na,
            min_count=min_count,
            ngroups=ngroups,
            ids=ids,
            **kwargs,
        )
        if how in ("cumsum", "cummin", "cummax"):
            return self._like(_floats(result))
        if how in _AMOUNT_RESULTS and codes is not None:
            return self._new(_floats(result), codes, None, self._dtype.currency)
        if isinstance(result, ExtensionArray) and how not in ("any", "all"):
            return result.to_numpy(dtype="float64", na_value=np.nan)  # e.g. var: currency^2
        return result

    def _groupby_quantile(self, *args: Any, **kwargs: Any) -> Any:
        ids = kwargs.get("ids", args[2] if len(args) > 2 else None)
        ngroups = kwargs.get("ngroups", args[3] if len(args) > 3 else 0)
        if ids is not None:
            self._group_currencies("take quantiles of", ids, ngroups, True)
        return cast(Any, super())._groupby_quantile(*args, **kwargs)

    # ------------------------------------------------------------------ arithmetic

    def _operand(self, other: Any) -> tuple[_Floats | float, _Objects | None]:
        """Amounts and currencies of the other operand (currencies None: plain numbers)."""
        if isinstance(other, MoneyArray):
            return other._amounts, other._currencies
        if isinstance(other, bool | np.bool_ | str | bytes):
            raise TypeError(f"cannot combine money with {type(other).__name__} {other!r}")
        if isinstance(other, Decimal | int | float | np.integer | np.floating):
            return float(other), None
        if other is None or other is pd.NA:
            return np.nan, None
        if isinstance(other, np.ndarray | ExtensionArray | list | tuple):
            return _floats(other), None
        raise TypeError(f"cannot combine money with {type(other).__name__}")

    def _matched(self, codes: _Objects, verb: str) -> _Objects:
        mine = self._currencies
        clash = (mine != "") & (codes != "") & (mine != codes)
        if np.any(clash):
            raise _mixed(verb, [*mine[clash], *codes[clash]])
        return np.where(mine == "", codes, mine)

    def _arith(self, other: Any, op: Callable[[Any, Any], Any], verb: str) -> Any:
        if isinstance(other, pd.Series | pd.Index | pd.DataFrame):
            return NotImplemented
        values, codes = self._operand(other)
        with np.errstate(all="ignore"):
            result = op(self._amounts, values)
        if verb in ("add", "subtract"):
            currencies = self._currencies.copy() if codes is None else self._matched(codes, verb)
            return self._new(result, currencies, None, self._declared)
        if verb == "multiply":
            if codes is not None:
                raise TypeError("cannot multiply money by money: multiply by plain numbers")
            return self._like(result)
        if codes is None:  # divide
            return self._like(result)
        self._matched(codes, verb)
        return np.asarray(result, dtype=np.float64)  # a ratio: no currency

    def __add__(self, other: Any) -> Any:
        return self._arith(other, operator.add, "add")

    def __radd__(self, other: Any) -> Any:
        return self._arith(other, lambda a, b: b + a, "add")

    def __sub__(self, other: Any) -> Any:
        return self._arith(other, operator.sub, "subtract")

    def __rsub__(self, other: Any) -> Any:
        return self._arith(other, lambda a, b: b - a, "subtract")

    def __mul__(self, other: Any) -> Any:
        return self._arith(other, operator.mul, "multiply")

    def __rmul__(self, other: Any) -> Any:
        return self._arith(other, lambda a, b: b * a, "multiply")

    def __truediv__(self, other: Any) -> Any:
        return self._arith(other, operator.truediv, "divide")

    def __rtruediv__(self, other: Any) -> Any:
        if isinstance(other, MoneyArray):
            return other._arith(self, operator.truediv, "divide")
        if isinstance(other, pd.Series | pd.Index | pd.DataFrame):
            return NotImplemented
        raise TypeError(
            "a plain number divided by money has no currency to keep: divide plain floats, "
            "e.g. 1 / series.astype('float64')"
        )

    def __neg__(self) -> MoneyArray:
        return self._like(-self._amounts)

    def __pos__(self) -> MoneyArray:
        return self.copy()

    def __abs__(self) -> MoneyArray:
        return self._like(np.abs(self._amounts))

    def _compare(self, other: Any, op: Callable[[Any, Any], Any]) -> Any:
        if isinstance(other, pd.Series | pd.Index | pd.DataFrame):
            return NotImplemented
        values, codes = self._operand(other)
        if codes is not None:
            if op is operator.eq or op is operator.ne:
                same = (self._currencies == codes) | (self._currencies == "") | (codes == "")
                equal = same & (self._amounts == values)
                return equal if op is operator.eq else ~equal
            self._matched(codes, "compare")
        return np.asarray(op(self._amounts, values), dtype=bool)

    def __eq__(self, other: object) -> Any:  # elementwise, as every pandas array
        return self._compare(other, operator.eq)

    def __ne__(self, other: object) -> Any:
        return self._compare(other, operator.ne)

    def __lt__(self, other: Any) -> Any:
        return self._compare(other, operator.lt)

    def __le__(self, other: Any) -> Any:
        return self._compare(other, operator.le)

    def __gt__(self, other: Any) -> Any:
        return self._compare(other, operator.gt)

    def __ge__(self, other: Any) -> Any:
        return self._compare(other, operator.ge)

    __hash__ = None  # type: ignore[assignment]  # mutable, like every pandas array

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        if any(isinstance(x, pd.Series | pd.Index | pd.DataFrame) for x in inputs):
            return NotImplemented
        dunder = _UFUNC_DUNDERS.get(ufunc.__name__)
        if method == "__call__" and not kwargs and dunder is not None and len(inputs) == 2:
            if inputs[0] is self:
                return getattr(self, f"__{dunder}__")(inputs[1])
            reflected = _REFLECTED.get(dunder, f"r{dunder}")
            return getattr(self, f"__{reflected}__")(inputs[0])
        if method == "__call__" and ufunc is np.negative:
            return -self
        if method == "__call__" and ufunc is np.absolute:
            return abs(self)
        money = [x for x in inputs if isinstance(x, MoneyArray)]
        if len(money) > 1 or method != "__call__":
            MoneyArray._concat_same_type(money)._one_currency(f"apply numpy.{ufunc.__name__} to")
        plain = [x._amounts if isinstance(x, MoneyArray) else x for x in inputs]
        return getattr(ufunc, method)(*plain, **kwargs)


#: Reductions in words, for the error message.
_VERBS: dict[str, str] = {
    "sum": "sum",
    "mean": "average",
    "median": "take the median of",
    "min": "take the minimum of",
    "max": "take the maximum of",
    "std": "take the standard deviation of",
    "sem": "take the standard error of",
    "var": "take the variance of",
    "skew": "take the skew of",
    "kurt": "take the kurtosis of",
    "cumsum": "take a cumulative sum of",
    "ohlc": "take open/high/low/close of",
}
#: Reductions whose result is an amount of the same currency.
_AMOUNT_RESULTS = frozenset({"sum", "mean", "median", "min", "max", "std", "sem"})
#: numpy ufunc -> the operator method it means.
_UFUNC_DUNDERS: dict[str, str] = {
    "add": "add",
    "subtract": "sub",
    "multiply": "mul",
    "true_divide": "truediv",
    "divide": "truediv",
    "equal": "eq",
    "not_equal": "ne",
    "less": "lt",
    "less_equal": "le",
    "greater": "gt",
    "greater_equal": "ge",
}
#: Comparisons have no ``__r..__`` method: ``a < b`` reflected is ``b > a``.
_REFLECTED: dict[str, str] = {
    "lt": "gt",
    "le": "ge",
    "gt": "lt",
    "ge": "le",
    "eq": "eq",
    "ne": "ne",
}


def _amount_text(value: Any) -> str:
    """An amount for display: thousands separators, cents unless it has more decimals."""
    if value is None or pd.isna(value):
        return "NaN"
    amount = float(value)
    text = f"{amount:,.2f}"
    if abs(float(text.replace(",", "")) - amount) <= 1e-9 * max(1.0, abs(amount)):
        return text
    return f"{amount:,}"


def _exact_number(value: Any, scale: Decimal) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, Decimal | int):
        return value * scale if scale != 1 else Decimal(value)
    raise TypeError(f"expected a number, got {value!r}")


def _input_value(o: Offering, spec: _Input) -> Decimal | None:
    if spec.path is None:
        return None
    node = o.figure(spec.path)
    return _exact_number(node.value if isinstance(node, Figure) else None, spec.scale)


def _exact_metric(o: Offering, column: str) -> Decimal | None:
    try:
        return _EXACT[column](o)
    except FigureUnavailableError:
        return None


def to_frame(offerings: Iterable[Offering]) -> pd.DataFrame:
    """One row per offering: identity, published inputs and every metric.

    Parameters
    ----------
    offerings : iterable of Offering
        E.g. ``ipm.load_offerings()``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``code``; the columns of :data:`COLUMNS` in that order. Money columns
        (:data:`MONEY_COLUMNS`) are :class:`MoneyArray`, each amount in its row's
        ``currency``; ``listing_date`` is ``datetime64[s]``; counts are ``Int64``; returns
        and rates are fractions. ``attrs["unavailable"]`` is a list of :class:`Unavailable`,
        one per empty cell: the figure that is missing and whether it is unknown or not
        applicable.

    Examples
    --------
    >>> import ipometrics as ipm
    >>> df = ipm.to_frame(ipm.load_offerings())
    >>> float(round(df.loc["02513.HK", "gross_proceeds"] / 1e6, 1))
    4348.1
    >>> df["gross_proceeds"].dtype, df.loc[df["currency"] == "HKD", "gross_proceeds"].dtype
    (MoneyDtype(), MoneyDtype('HKD'))
    >>> int(df.groupby("currency")["gross_proceeds"].sum()["HKD"])  # four Hong Kong deals
    18426181540
    >>> df["listing_date"].dt.month.tolist()
    [12, 12, 1, 1, 1, 1]
    """
    items = list(offerings)
    rows: list[dict[str, Any]] = []
    exact: dict[str, list[Decimal | None]] = {column: [] for column in MONEY_COLUMNS}
    for o in items:
        row: dict[str, Any] = {
            "code": o.code,
            "key": o.key,
            "name": o.name,
            "name_zh": o.name_zh,
            "exchange": o.identity.exchange.value,
            "currency": o.currency,
            "listing_date": o.dates.listing.value,
            "board_lot": _exact_number(o.identity.board_lot.value, Decimal(1)),
        }
        for column, spec in _INPUTS.items():
            row[column] = _input_value(o, spec)
            if column in exact:
                exact[column].append(row[column])
        for column in _EXACT:
            exact[column].append(_exact_metric(o, column))
        rows.append(row)
    columns = ["code", *COLUMNS]
    frame = pd.DataFrame(rows, columns=columns[: 1 + len(_IDENTITY) + len(_INPUTS)])
    numbers = [*_INPUTS, "board_lot"]
    # Exact inputs (Decimal, int) to the nearest float64: 0.03348913% is 0.0003348913.
    frame[numbers] = frame[numbers].map(lambda v: np.nan if v is None else float(v))
    frame = frame.set_index("code").astype(dict.fromkeys(numbers, "float64"))
    frame["listing_date"] = pd.Series(
        list(frame["listing_date"]), index=frame.index, dtype="datetime64[s]"
    )

    price = frame["offer_price"]
    shares = frame["offer_shares"]
    frame["gross_proceeds"] = metrics.gross_proceeds(price, shares)
    frame["net_proceeds"] = metrics.net_proceeds(frame["gross_proceeds"], frame["expenses"])
    frame["open_return"] = metrics.first_day_return(price, frame["open_price"])
    frame["close_return"] = metrics.first_day_return(price, frame["close_price"])
    outstanding = frame["shares_outstanding"]
    frame["market_cap_offer"] = metrics.market_cap(price, outstanding)
    frame["market_cap_open"] = metrics.market_cap(frame["open_price"], outstanding)
    frame["market_cap_close"] = metrics.market_cap(frame["close_price"], outstanding)
    frame["money_left_on_table"] = metrics.money_left_on_table(price, frame["close_price"], shares)
    frame = frame[list(COLUMNS)]
    frame.attrs["unavailable"] = _unavailable(items, frame)
    # Counts are whole numbers: show them as such (nullable integers, <NA> when missing).
    result: pd.DataFrame = frame.astype(dict.fromkeys(COUNT_COLUMNS, "Int64"))
    # Money last, after the float64 formulas: each amount with its row's currency.
    currencies = [str(c) for c in frame["currency"]]
    for column in MONEY_COLUMNS:
        amounts = frame[column].to_numpy(dtype=np.float64)
        result[column] = MoneyArray(amounts, currencies, exact=exact[column])
    return result


def _unavailable(items: list[Offering], frame: pd.DataFrame) -> list[Unavailable]:
    empty = {column: frame[column].isna().to_dict() for column in frame.columns}
    missing: list[Unavailable] = []
    for o in items:
        if o.name_zh is None:
            missing.append(Unavailable(o.code, "name_zh", "identity.common_name_zh", "unknown"))
        for column, spec in _INPUTS.items():
            if spec.path is not None and empty[column][o.code]:
                missing.append(Unavailable(o.code, column, spec.path, o.status(spec.path)))
        for column, (_, paths) in _METRICS.items():
            if not empty[column][o.code]:
                continue
            for path in paths:
                status = o.status(path)
                if status != "published":
                    missing.append(Unavailable(o.code, column, path, status))
                    break
    return missing


# --------------------------------------------------------------------------------------------
# Output: exact CSV, the sources and the empty cells as tables, a notebook display, Excel
# --------------------------------------------------------------------------------------------


def _unit(column: str) -> str | None:
    """The unit in brackets at the end of a column's description in :data:`COLUMNS`."""
    match = re.search(r"\[([^\]]+)\]$", COLUMNS.get(column, ""))
    return match.group(1) if match else None


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _texts(series: pd.Series[Any]) -> list[str | None]:
    """Each cell as exact text for CSV; None where the cell is empty."""
    values = series.array
    if isinstance(values, MoneyArray):
        return [
            None if a != a else (repr(a) if e is None else _decimal_text(e))
            for a, e in zip(values._amounts.tolist(), values.exact.tolist(), strict=True)
        ]
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return [
            None if pd.isna(t) else t.date().isoformat() if t == t.normalize() else t.isoformat()
            for t in series
        ]
    out: list[str | None] = []
    for value in series.tolist():
        if _missing(value):
            out.append(None)
        elif isinstance(value, float):
            out.append(repr(value))  # the shortest text that reads back as the same float
        elif isinstance(value, Decimal):
            out.append(_decimal_text(value))
        else:
            out.append(str(value))
    return out


@overload
def to_csv(data: pd.DataFrame | Iterable[Offering], path_or_buf: None = None) -> str: ...


@overload
def to_csv(
    data: pd.DataFrame | Iterable[Offering], path_or_buf: str | os.PathLike[str] | IO[str]
) -> None: ...


def to_csv(
    data: pd.DataFrame | Iterable[Offering],
    path_or_buf: str | os.PathLike[str] | IO[str] | None = None,
) -> str | None:
    """Write a comparison frame as CSV, money in the records' exact decimals.

    Parameters
    ----------
    data : DataFrame or iterable of Offering
        A :func:`to_frame` result (or a selection of its rows and columns), or the records.
    path_or_buf : str, PathLike or text file, optional
        Where to write; default: return the text.

    Returns
    -------
    str or None
        The CSV text (each line ends with a bare newline) when ``path_or_buf`` is None.

    Notes
    -----
    One row per offering, the index ``code`` first, then the columns. Money is written as
    the exact ``Decimal`` of the record path (:meth:`Offering.money_left_on_table`,
    :meth:`Offering.gross_proceeds`, ...; the published figure for the inputs) where the cell
    still holds it, and as the float's shortest round-trip text otherwise (a value the user
    computed); other numbers as their shortest round-trip text, which for a published input
    is its published decimals. Dates are ``YYYY-MM-DD``; empty cells are empty.

    Examples
    --------
    >>> import ipometrics as ipm
    >>> text = to_csv(ipm.load_offerings())
    >>> row = next(line for line in text.splitlines() if line.startswith("02513.HK"))
    >>> row.split(",")[-1]  # money left on the table: 15.30 x 37,419,500 shares [HKD]
    '572518350.0'
    """
    frame = data if isinstance(data, pd.DataFrame) else to_frame(data)
    text = pd.DataFrame(
        {
            column: pd.Series(_texts(frame.iloc[:, i]), index=frame.index, dtype=object)
            for i, column in enumerate(frame.columns)
        },
        index=frame.index,
    )
    if path_or_buf is None:
        written: str = text.to_csv(lineterminator="\n")
        return written
    text.to_csv(path_or_buf, lineterminator="\n")
    return None


#: Columns of :func:`sources_frame`.
SOURCE_COLUMNS: dict[str, str] = {
    "code": "stock code of the offering [text]",
    "key": "short identifier of the record [text]",
    "id": "source id the figures cite, e.g. 'S1' [text]",
    "tier": "precedence tier: official_announcement, prospectus, wire, other_media, broker, "
    "ai_generated [text]",
    "document": "what the document is [text]",
    "date": "publication date, datetime64[s]; NaT when unknown [date]",
    "url": "where the document was read; None for one without [text]",
    "note": "remarks [text]",
}


def sources_frame(offerings: Iterable[Offering]) -> pd.DataFrame:
    """Every source of every offering, one row each.

    Parameters
    ----------
    offerings : iterable of Offering
        The records.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`SOURCE_COLUMNS`, offerings in the order given and each
        offering's sources in its record's order.

    Examples
    --------
    >>> import ipometrics as ipm
    >>> df = sources_frame([ipm.load_offering("zhipu")])
    >>> df.loc[0, ["id", "tier"]].tolist()
    ['S1', 'official_announcement']
    """
    rows = [
        {
            "code": o.code,
            "key": o.key,
            "id": s.id,
            "tier": s.tier,
            "document": s.document,
            "date": s.date,
            "url": s.url,
            "note": s.note,
        }
        for o in offerings
        for s in o.sources
    ]
    frame: pd.DataFrame = pd.DataFrame(rows, columns=list(SOURCE_COLUMNS))
    frame["date"] = pd.Series(list(frame["date"]), index=frame.index, dtype="datetime64[s]")
    return frame


def unavailable_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The empty cells of a :func:`to_frame` result and why, one row each.

    Parameters
    ----------
    frame : pandas.DataFrame
        A :func:`to_frame` result (its ``attrs["unavailable"]``).

    Returns
    -------
    pandas.DataFrame
        Columns ``code``, ``column``, ``path`` (the record figure that is missing) and
        ``status`` (``"unknown"``: no admissible source gives it; ``"not applicable"``).
    """
    gaps: list[Unavailable] = list(frame.attrs.get("unavailable", []))
    table: pd.DataFrame = pd.DataFrame(
        [(u.code, u.column, u.path, u.status) for u in gaps],
        columns=["code", "column", "path", "status"],
    )
    return table


def _printed_pct(value: Any) -> str:
    # The source's own decimals: 76% stays +76%, 13.17% stays +13.17%.
    return f"{f'{value * 100:+.6f}'.rstrip('0').rstrip('.')}%"


#: Display of a fraction column, where it differs from two decimals of a percent.
_PERCENT: dict[str, Callable[[Any], str]] = {
    "open_return": lambda v: f"{v * 100:+.2f}%",
    "close_return": lambda v: f"{v * 100:+.2f}%",
    "close_return_published": _printed_pct,
    "lottery_rate": lambda v: f"{v * 100:.8f}%",  # printed to 8 decimals: 0.03635054%
}


def _display(column: str, series: pd.Series[Any]) -> list[tuple[list[Any], Callable[[Any], str]]]:
    """Row groups of a column and the formatter of each (money: one group per currency)."""
    rows = list(series.index)
    values = series.array
    if isinstance(values, MoneyArray):
        per_share = _unit(column) == "currency/share"
        digits = 1 if column in INPUT_COLUMNS else 2  # the published figures' precision

        def money(code: str) -> Callable[[Any], str]:
            if per_share:
                return lambda v: f"{code} {_amount_text(v)}".strip()
            return lambda v: f"{code} {v / 1e6:,.{digits}f}m".strip()

        codes = values.currencies
        return [
            ([r for r, c in zip(rows, codes, strict=True) if c == code], money(code))
            for code in dict.fromkeys(codes.tolist())
        ]
    unit = _unit(column)
    formats: dict[str | None, Callable[[Any], str]] = {
        "shares": lambda v: f"{v:,.0f}",
        "count": lambda v: f"{v:,.0f}",
        "times": lambda v: f"{v:,.2f}x",
        "fraction": _PERCENT.get(column, lambda v: f"{v * 100:.2f}%"),
        "date": lambda v: f"{v:%Y-%m-%d}",
    }
    if unit in formats:
        return [(rows, formats[unit])]
    return [(rows, str)] if unit == "text" else []


def style(frame: pd.DataFrame) -> Styler:
    """A :func:`to_frame` result for reading in a notebook: a pandas ``Styler``.

    Parameters
    ----------
    frame : pandas.DataFrame
        A :func:`to_frame` result, or a selection of its rows and columns.

    Returns
    -------
    pandas.io.formats.style.Styler
        Money in millions with its currency (``HKD 4,348.15m``; published figures to the
        0.1 million they are printed to), prices with their currency, counts with thousands
        separators, multiples as ``1,159.46x``, returns as signed percent (``+13.17%``) and
        rates as percent. An empty cell reads :data:`NOT_PUBLISHED` (``n/p``: no admissible
        source gives the figure) or :data:`NOT_APPLICABLE` (``n/a``: the figure does not
        exist for this offering), from ``frame.attrs["unavailable"]``, with the missing field
        as its tooltip. The data and every pandas option are left as they were.

    Raises
    ------
    ImportError
        Without jinja2, which pandas' ``Styler`` renders with.

    Examples
    --------
    >>> import ipometrics as ipm
    >>> html = style(ipm.to_frame([ipm.load_offering("zhipu")])).to_html()
    >>> "1,159.46x" in html and "+13.17%" in html and "HKD 4,348.15m" in html
    True
    """
    try:
        import jinja2  # noqa: F401  # pandas' Styler renders with it
    except ImportError as err:
        raise ImportError(
            "ipometrics.frame.style needs jinja2, which pandas' Styler renders with: "
            "pip install jinja2"
        ) from err
    from pandas.io.formats.style import Styler

    styler = Styler(frame)
    for i, column in enumerate(frame.columns):
        for rows, fmt in _display(str(column), frame.iloc[:, i]):
            styler.format(fmt, subset=(rows, [column]), na_rep=NOT_PUBLISHED)
    gaps = [
        u
        for u in frame.attrs.get("unavailable", [])
        if u.code in frame.index and u.column in frame.columns
    ]
    marks: dict[tuple[str, str], list[str]] = {}
    tips = pd.DataFrame(
        None, index=frame.index, columns=list(dict.fromkeys(u.column for u in gaps))
    )
    for u in gaps:
        applies = u.status != "not applicable"
        mark = NOT_PUBLISHED if applies else NOT_APPLICABLE
        marks.setdefault((u.column, mark), []).append(u.code)
        tips.at[u.code, u.column] = f"{u.path}: {'not published' if applies else 'not applicable'}"
    for (column, mark), codes in marks.items():
        styler.format(None, subset=(codes, [column]), na_rep=mark)
    if gaps:
        styler.set_tooltips(tips.astype(object).where(tips.notna(), None), as_title_attribute=True)
    styler.set_caption(
        "Money in millions (m) of each row's currency. "
        f"{NOT_PUBLISHED}: not published (no admissible source gives the figure); "
        f"{NOT_APPLICABLE}: not applicable (the figure does not exist for this offering). "
        "Hover an empty cell for the missing field."
    )
    return styler
