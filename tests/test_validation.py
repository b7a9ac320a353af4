"""Every validation rule of the record model, each shown failing on a bad record.

A bad record is a bundled fixture with one change (see :func:`mutated`). Field rules are
pydantic's (type, range, pattern, literal, ``extra="forbid"``); their messages are matched on
the error location line plus the message and the offending ``input_value``. Cross-field rules
are the ``_check_*`` functions of :mod:`ipometrics.models`; their messages are matched as a whole
``  - <problem>`` line of the one ``ValueError`` that ``Offering._cross_checks`` raises.
"""

from __future__ import annotations

import functools
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import pytest
from pydantic import ValidationError

from ipometrics import load_offerings
from ipometrics.errors import FigureUnavailableError, IpoDataError, IpoValidationError
from ipometrics.models import Offering

REPO: Final = Path(__file__).resolve().parents[1]
FIXTURES: Final = REPO / "fixtures"

PathSpec = str | tuple[str | int, ...]
"""A place in a record: ``"sources.0.id"``, or a tuple when a key holds dots
(``("not_applicable", "price.bogus")``). A last part ``"+"`` appends to a list."""
Change = tuple[PathSpec, object]

DELETE: Final = object()
"""A change value that removes the key (or list item) instead of setting it."""

# S14 (Zhipu) and S17 (MiniMax): the over-allotment announcements added to the fact base.
ZHIPU_SOURCE_IDS: Final = [f"S{i}" for i in range(1, 15)]
MINIMAX_SOURCE_IDS: Final = [f"S{i}" for i in range(1, 18)]


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


@functools.cache
def _record_text(key: str) -> str:
    # Every record, STAR ones included, is bundled in fixtures/: no test needs ../shared.
    return (FIXTURES / f"{key}.json").read_text(encoding="utf-8")


def record(key: str) -> dict[str, Any]:
    """A fresh, mutable copy of a bundled record."""
    data: dict[str, Any] = json.loads(_record_text(key), parse_float=Decimal)
    return data


def _set(rec: dict[str, Any], path: PathSpec, value: object) -> None:
    parts: list[str | int] = list(path.split(".")) if isinstance(path, str) else list(path)
    node: Any = rec
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    last = parts[-1]
    if isinstance(node, list):
        if last == "+":
            node.append(value)
        elif value is DELETE:
            del node[int(last)]
        else:
            node[int(last)] = value
    elif value is DELETE:
        del node[last]
    else:
        node[last] = value


def mutated(key: str, *changes: Change) -> dict[str, Any]:
    """The record ``key`` with each ``(path, value)`` change applied, in order."""
    rec = record(key)
    for path, value in changes:
        _set(rec, path, value)
    return rec


def field_error(loc: str, message: str, value: str | None = None) -> str:
    """Regex for one pydantic error: its location line, its message and the bad input."""
    pattern = rf"(?m:^){re.escape(loc)}\n  {re.escape(message)}"
    if value is not None:
        pattern += rf".*\binput_value={re.escape(value)}, input_type="
    return pattern


def problem(text: str) -> str:
    """Regex for one whole ``  - <problem>`` line of the cross-check error."""
    return rf"(?m:^)  - {re.escape(text)}(?: \(rule [a-z_.0-9]+\))?(?: \[type=value_error|(?m:$))"


def write_json(path: Path, data: object) -> Path:
    """Write ``data`` as JSON; a ``Decimal`` becomes a decimal string, which the model accepts."""
    path.write_text(json.dumps(data, default=str), encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------
# The fixtures themselves are valid (otherwise every test below proves nothing)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key", ["zhipu", "minimax", "iluvatar_corex", "biren", "moore_threads", "metax"]
)
def test_unmodified_record_is_valid(key: str) -> None:
    assert Offering.model_validate(mutated(key)).key == key


def test_validation_error_is_a_value_error() -> None:
    assert issubclass(ValidationError, ValueError)
    assert issubclass(IpoDataError, ValueError)
    assert issubclass(FigureUnavailableError, IpoDataError)


# --------------------------------------------------------------------------------------------
# Field rules: types, ranges, patterns, literals
# --------------------------------------------------------------------------------------------

_INT = "Input should be a valid integer"
_STR = "Input should be a valid string"
_GE0 = "Input should be greater than or equal to 0"
_GT0 = "Input should be greater than 0"
_DATE = "Value error, expected an ISO date YYYY-MM-DD, got "
_FINITE = "Value error, expected a finite number, got "
_DECIMAL_TEXT = "Value error, expected a decimal number such as '116.20', got "
_EMPTY = "String should have at least 1 character"
_NUMBER = "Value error, expected a number, got "
_CURRENCY = "String should match pattern '^[A-Z]{3}$'"
_EXCHANGE = "Input should be 'SEHK', 'SSE' or 'SZSE'"
_SOURCE_ID = r"String should match pattern '^S\d+$'"
_TIER = (
    "Input should be 'official_announcement', 'prospectus', 'wire', 'other_media', 'broker' "
    "or 'ai_generated'"
)
_QUALIFIER = (
    "Input should be 'about', 'approximately', 'near', 'close to', 'more than', 'as much as' "
    "or 'rounded'"
)
_LATER_METRIC = (
    "Input should be 'close', 'change_pct', 'intraday_high', 'intraday_low' or 'market_cap'"
)
_GREY_METRIC = (
    "Input should be 'intraday_high', 'intraday_high_change_pct', 'close' or 'close_change_pct'"
)
_OBS = "first_day.grey_market.observations"


@pytest.mark.parametrize(
    ("key", "path", "value", "message"),
    [
        # share counts: strict whole numbers, non-negative
        pytest.param("zhipu", "shares.offer_final.value", "37419500", _INT, id="count-str"),
        pytest.param("zhipu", "shares.offer_final.value", 37419500.0, _INT, id="count-float"),
        pytest.param(
            "zhipu", "shares.offer_final.value", Decimal("37419500"), _INT, id="count-decimal"
        ),
        pytest.param("zhipu", "shares.offer_final.value", True, _INT, id="count-bool"),
        pytest.param("zhipu", "shares.offer_final.value", -1, _GE0, id="count-negative"),
        pytest.param(
            "zhipu", "demand.hk_public.valid_applications.value", -5, _GE0, id="apps-negative"
        ),
        pytest.param(
            "minimax", "shares.hk_public.reallocated.value", "3808380", _INT, id="signed-str"
        ),
        pytest.param("zhipu", "identity.board_lot.value", 0, _GT0, id="board-lot-zero"),
        # prices and money
        pytest.param("zhipu", "price.final.value", 0, _GT0, id="price-zero"),
        pytest.param("zhipu", "price.final.value", Decimal("-116.2"), _GT0, id="price-negative"),
        pytest.param("zhipu", "first_day.close.value", Decimal("0"), _GT0, id="close-zero"),
        pytest.param("zhipu", "proceeds.gross.value", -1, _GE0, id="money-negative"),
        pytest.param(
            "zhipu", "cornerstones.pct_of_offer.value", Decimal("-0.01"), _GE0, id="pct-negative"
        ),
        # exact decimals: no bools, no junk, nothing non-finite; number words are junk
        pytest.param("zhipu", "price.final.value", "NaN", f"{_DECIMAL_TEXT}'NaN'", id="nan-str"),
        pytest.param(
            "zhipu",
            "price.final.value",
            "Infinity",
            f"{_DECIMAL_TEXT}'Infinity'",
            id="infinity-str",
        ),
        pytest.param(
            "zhipu",
            "proceeds.gross.value",
            "-Infinity",
            f"{_DECIMAL_TEXT}'-Infinity'",
            id="-inf-str",
        ),
        pytest.param("zhipu", "price.final.value", "sNaN", f"{_DECIMAL_TEXT}'sNaN'", id="snan-str"),
        pytest.param("zhipu", "price.final.value", float("nan"), f"{_FINITE}nan", id="nan"),
        pytest.param("zhipu", "price.final.value", float("inf"), f"{_FINITE}inf", id="inf"),
        pytest.param(
            "zhipu",
            "price.final.value",
            Decimal("NaN"),
            f"{_FINITE}Decimal('NaN')",
            id="nan-decimal",
        ),
        pytest.param(
            "zhipu",
            "price.final.value",
            "HK$116.20",
            f"{_DECIMAL_TEXT}'HK$116.20'",
            id="decimal-junk-str",
        ),
        pytest.param("zhipu", "price.final.value", "", f"{_DECIMAL_TEXT}''", id="decimal-empty"),
        pytest.param("zhipu", "price.final.value", True, f"{_NUMBER}True", id="decimal-bool"),
        pytest.param(
            "zhipu", "price.final.value", [116], f"{_NUMBER}list [116]", id="decimal-list"
        ),
        # tolerance and qualifier
        pytest.param("zhipu", "price.final.abs_tol", -1, _GE0, id="abs-tol-negative"),
        pytest.param(
            "zhipu", "proceeds.gross.abs_tol", "NaN", f"{_DECIMAL_TEXT}'NaN'", id="abs-tol-nan"
        ),
        pytest.param("zhipu", "price.final.qualifier", "roughly", _QUALIFIER, id="qualifier"),
        # dates: ISO YYYY-MM-DD and a real day
        pytest.param(
            "zhipu", "dates.listing.value", "2026/01/08", f"{_DATE}'2026/01/08'", id="date-slash"
        ),
        pytest.param(
            "zhipu",
            "dates.listing.value",
            "8 January 2026",
            f"{_DATE}'8 January 2026'",
            id="date-words",
        ),
        pytest.param(
            "zhipu", "dates.listing.value", "2026-1-8", f"{_DATE}'2026-1-8'", id="date-unpadded"
        ),
        pytest.param(
            "zhipu",
            "dates.listing.value",
            "2026-01-08T09:30:00",
            f"{_DATE}'2026-01-08T09:30:00'",
            id="date-with-time",
        ),
        pytest.param(
            "zhipu", "dates.listing.value", "20260108", f"{_DATE}'20260108'", id="date-basic"
        ),
        pytest.param("zhipu", "dates.listing.value", 20260108, f"{_DATE}20260108", id="date-int"),
        # ... and a real day: the message names the impossible date, then Python's reason
        pytest.param(
            "zhipu",
            "dates.listing.value",
            "2026-02-30",
            "Value error, '2026-02-30' is not a calendar date (",
            id="feb-30",
        ),
        pytest.param(
            "zhipu",
            "dates.listing.value",
            "2026-13-01",
            "Value error, '2026-13-01' is not a calendar date (",
            id="month-13",
        ),
        pytest.param(
            "zhipu", "sources.0.date", "07/01/2026", f"{_DATE}'07/01/2026'", id="source-date"
        ),
        pytest.param(
            "zhipu",
            "later_prices.0.date",
            "2026-02-29",
            "Value error, '2026-02-29' is not a calendar date (",
            id="later-price-feb-29",
        ),
        # identity literals and patterns
        pytest.param("zhipu", "identity.currency.value", "hkd", _CURRENCY, id="currency-lower"),
        pytest.param("zhipu", "identity.currency.value", "HK$", _CURRENCY, id="currency-symbol"),
        pytest.param("zhipu", "identity.currency.value", "HKDX", _CURRENCY, id="currency-4"),
        pytest.param("zhipu", "identity.exchange.value", "HKEX", _EXCHANGE, id="exchange"),
        pytest.param("zhipu", "identity.exchange.value", "sehk", _EXCHANGE, id="exchange-lower"),
        pytest.param("zhipu", "identity.stock_code.value", 2513, _STR, id="text-int"),
        # text figures: never empty
        *[
            pytest.param("zhipu", f"{figure}.value", "", _EMPTY, id=f"text-empty-{figure}")
            for figure in (
                "identity.name_en",
                "identity.short_name_en",
                "identity.stock_code",
                "identity.board",
                "identity.share_class",
                "identity.listing_regime",
                "price.pricing_method",
                "shares.stabilising_manager",
                "margin_financing.reported_by",
            )
        ],
        # sources
        pytest.param("zhipu", "sources.0.id", "X1", _SOURCE_ID, id="source-id-prefix"),
        pytest.param("zhipu", "sources.0.id", "s1", _SOURCE_ID, id="source-id-lower"),
        pytest.param("zhipu", "sources.0.id", "S", _SOURCE_ID, id="source-id-no-number"),
        pytest.param("zhipu", "sources.0.id", "S1a", _SOURCE_ID, id="source-id-suffix"),
        pytest.param("zhipu", "sources.0.tier", "blog", _TIER, id="source-tier"),
        # record level, later prices, grey market
        pytest.param(
            "zhipu",
            "key",
            "Zhipu",
            "String should match pattern '^[a-z][a-z0-9_]*$'",
            id="key-pattern",
        ),
        pytest.param("zhipu", "schema_version", 2, "Input should be 1", id="schema-version"),
        pytest.param("zhipu", "later_prices.0.metric", "open", _LATER_METRIC, id="later-metric"),
        pytest.param("minimax", f"{_OBS}.0.metric", "open", _GREY_METRIC, id="grey-metric"),
    ],
)
def test_field_rule(key: str, path: str, value: object, message: str) -> None:
    bad = mutated(key, (path, value))
    with pytest.raises(ValidationError, match=field_error(path, message, repr(value))):
        Offering.model_validate(bad)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("116_2", id="underscore"),
        pytest.param(" 116.2 ", id="spaces"),
        pytest.param("116.2\n", id="trailing-newline"),
        pytest.param("1,116.2", id="thousands-comma"),
        pytest.param("１１６.2", id="fullwidth-digits"),
        pytest.param("0x74", id="hex"),
    ],
)
def test_decimal_string_is_strict(text: str) -> None:
    # Decimal() itself accepts underscores, surrounding whitespace and non-ASCII digits.
    bad = mutated("zhipu", ("price.final.value", text))
    with pytest.raises(
        ValidationError,
        match=field_error("price.final.value", f"{_DECIMAL_TEXT}{text!r}", repr(text)),
    ):
        Offering.model_validate(bad)


@pytest.mark.parametrize(
    "text", [pytest.param("116.20", id="plain"), pytest.param("1.162E2", id="exponent")]
)
def test_decimal_string_plain_notation_is_accepted(text: str) -> None:
    rec = mutated("zhipu", ("price.final.value", text))
    assert Offering.model_validate(rec).price.final.value == Decimal("116.2")


def test_stock_code_empty() -> None:
    bad = mutated("zhipu", ("identity.stock_code.value", ""))
    with pytest.raises(
        ValidationError, match=field_error("identity.stock_code.value", _EMPTY, "''")
    ):
        Offering.model_validate(bad)


@pytest.mark.parametrize(
    ("path", "loc"),
    [
        pytest.param(("surplus",), "surplus", id="top-level"),
        pytest.param(("identity", "ticker"), "identity.ticker", id="group"),
        pytest.param(("identity", "name_en", "surplus"), "identity.name_en.surplus", id="figure"),
        pytest.param(("sources", 0, "surplus"), "sources.0.surplus", id="source"),
        pytest.param(("shares", "hk_public", "surplus"), "shares.hk_public.surplus", id="tranche"),
        pytest.param(
            ("first_day", "grey_market", "surplus"),
            "first_day.grey_market.surplus",
            id="grey-market",
        ),
        pytest.param(("later_prices", 0, "surplus"), "later_prices.0.surplus", id="later-price"),
        pytest.param(("conflicts", 0, "surplus"), "conflicts.0.surplus", id="conflict"),
        pytest.param(
            ("derived", "proceeds.gross", "surplus"),
            "derived.`proceeds.gross`.surplus",
            id="derived-value",
        ),
        pytest.param(
            ("margin_financing", "surplus"), "margin_financing.surplus", id="margin-financing"
        ),
    ],
)
def test_unknown_key_is_forbidden(path: tuple[str | int, ...], loc: str) -> None:
    bad = mutated("zhipu", (path, "x"))
    with pytest.raises(
        ValidationError, match=field_error(loc, "Extra inputs are not permitted", "'x'")
    ):
        Offering.model_validate(bad)


@pytest.mark.parametrize(
    ("path", "loc"),
    [
        pytest.param("identity", "identity", id="identity"),
        pytest.param("sources", "sources", id="sources"),
        pytest.param("sources.0.document", "sources.0.document", id="source-document"),
        pytest.param("sources.0.url", "sources.0.url", id="source-url-even-if-null"),
        pytest.param("later_prices.0.src", "later_prices.0.src", id="later-price-src"),
        pytest.param("conflicts.0.reason", "conflicts.0.reason", id="conflict-reason"),
        pytest.param(
            ("derived", "proceeds.gross", "derived"),
            "derived.`proceeds.gross`.derived",
            id="derived-formula",
        ),
    ],
)
def test_required_key_is_missing(path: PathSpec, loc: str) -> None:
    bad = mutated("zhipu", (path, DELETE))
    with pytest.raises(ValidationError, match=field_error(loc, "Field required")):
        Offering.model_validate(bad)


@pytest.mark.parametrize(
    ("figure", "shown"),
    [
        pytest.param(
            "identity.name_en",
            "'Knowledge Atlas Technology Joint Stock Company Limited'",
            id="text",
        ),
        pytest.param("shares.offer_final", "37419500", id="count"),
        pytest.param("price.final", "Decimal('116.2')", id="price"),
        pytest.param("dates.listing", "datetime.date(2026, 1, 8)", id="date"),
    ],
)
def test_published_value_needs_src(figure: str, shown: str) -> None:
    bad = mutated("zhipu", (f"{figure}.src", DELETE))
    message = f"Value error, a published figure needs its source: value {shown} has no src"
    with pytest.raises(ValidationError, match=field_error(figure, message)):
        Offering.model_validate(bad)


# --------------------------------------------------------------------------------------------
# Cross-field rules (_check_*), one whole problem line each
# --------------------------------------------------------------------------------------------

_S1_COPY: Final = {"id": "S1", "tier": "wire", "url": None, "document": "a second S1"}


@pytest.mark.parametrize(
    ("key", "changes", "text"),
    [
        # _check_sources
        pytest.param(
            "zhipu",
            [("sources.+", _S1_COPY)],
            "sources: duplicate ids ['S1']",
            id="sources-duplicate-id",
        ),
        pytest.param(
            "zhipu",
            [("identity.name_en.src", "S99")],
            f"identity.name_en.src: source 'S99' is not in sources (ids: {ZHIPU_SOURCE_IDS})",
            id="src-missing-source",
        ),
        pytest.param(
            "zhipu",
            [("shares.hk_public.final.src", "S0")],
            f"shares.hk_public.final.src: source 'S0' is not in sources (ids: {ZHIPU_SOURCE_IDS})",
            id="src-missing-source-in-tranche",
        ),
        pytest.param(
            "zhipu",
            [("later_prices.1.src", "S99")],
            f"later_prices[1].src: source 'S99' is not in sources (ids: {ZHIPU_SOURCE_IDS})",
            id="later-price-src-missing-source",
        ),
        pytest.param(
            "minimax",
            [("first_day.grey_market.observations.1.src", "S99")],
            f"first_day.grey_market.observations[1].src: source 'S99' is not in sources "
            f"(ids: {MINIMAX_SOURCE_IDS})",
            id="grey-market-src-missing-source",
        ),
        pytest.param(
            "zhipu",
            [("identity.name_en.src", "S13")],
            "identity.name_en.src: source 'S13' is ai_generated; such pages never supply a figure",
            id="src-ai-generated",
        ),
        pytest.param(
            "zhipu",
            [("first_day.close.src", "S13")],
            "first_day.close.src: source 'S13' is ai_generated; such pages never supply a figure",
            id="src-ai-generated-price",
        ),
        pytest.param(
            "zhipu",
            [("later_prices.0.src", "S13")],
            "later_prices[0].src: source 'S13' is ai_generated; such pages never supply a figure",
            id="later-price-src-ai-generated",
        ),
        pytest.param(
            "minimax",
            [("first_day.grey_market.observations.0.src", "S15")],
            "first_day.grey_market.observations[0].src: source 'S15' is ai_generated; such "
            "pages never supply a figure",
            id="grey-market-src-ai-generated",
        ),
        pytest.param(
            "zhipu",
            [("conflicts.2.stands_src", "S99")],
            "conflicts[2].stands_src: source 'S99' is not in sources",
            id="conflict-stands-src-missing",
        ),
        pytest.param(
            "zhipu",
            [("conflicts.0.stands_src", ["S2", "S98"])],
            "conflicts[0].stands_src: source 'S98' is not in sources",
            id="conflict-stands-src-list-missing",
        ),
        pytest.param(
            "zhipu",
            [("conflicts.0.other_src", "S99")],
            "conflicts[0].other_src: source 'S99' is not in sources",
            id="conflict-other-src-missing",
        ),
        pytest.param(
            "zhipu",
            [("conflicts.1.other_src", ["S7", "S97"])],
            "conflicts[1].other_src: source 'S97' is not in sources",
            id="conflict-other-src-list-missing",
        ),
        pytest.param(
            "zhipu",
            [("conflicts.0.stands_src", "S13")],
            "conflicts[0].stands_src: source 'S13' is ai_generated; it may only be the losing side",
            id="conflict-stands-src-ai-generated",
        ),
        pytest.param(
            "minimax",
            [("conflicts.0.stands_src", ["S1", "S16"])],
            "conflicts[0].stands_src: source 'S16' is ai_generated; it may only be the losing side",
            id="conflict-stands-src-list-ai-generated",
        ),
        # _check_identity
        *[
            pytest.param(
                "zhipu",
                [(f"identity.{name}", {"value": None})],
                f"identity.{name}: required, got None",
                id=f"identity-{name}-required",
            )
            for name in ("stock_code", "exchange", "currency")
        ],
        # A name in some script is required: MiniMax's record has only the English one.
        pytest.param(
            "minimax",
            [("identity.name_en", {"value": None})],
            "identity.name_en: required, got None",
            id="identity-name_en-required",
        ),
        pytest.param(
            "zhipu",
            [("identity.stock_code.value", "2513")],
            "identity.stock_code: SEHK codes have 5 digits, got '2513'",
            id="stock-code-sehk-too-short",
        ),
        pytest.param(
            "zhipu",
            [("identity.stock_code.value", "025130")],
            "identity.stock_code: SEHK codes have 5 digits, got '025130'",
            id="stock-code-sehk-too-long",
        ),
        pytest.param(
            "zhipu",
            [("identity.stock_code.value", "0251A")],
            "identity.stock_code: SEHK codes have 5 digits, got '0251A'",
            id="stock-code-sehk-letter",
        ),
        pytest.param(
            "zhipu",
            [("identity.exchange.value", "SZSE")],
            "identity.stock_code: SZSE codes have 6 digits, got '02513'",
            id="stock-code-szse-too-short",
        ),
        pytest.param(
            "zhipu",
            [("identity.board_lot", {"value": None})],
            "identity.board_lot: required for a Hong Kong offering, got None",
            id="sehk-board-lot-required",
        ),
        *[
            pytest.param(
                "zhipu",
                [(f"shares.{tranche}", None)],
                f"shares.{tranche}: required for a Hong Kong offering, got None",
                id=f"sehk-{tranche}-required",
            )
            for tranche in ("hk_public", "hk_international")
        ],
        # _check_price
        pytest.param(
            "zhipu",
            [("price.final", {"value": None})],
            "price.final: required, got None",
            id="price-final-required",
        ),
        pytest.param(
            "minimax",
            [("price.range_low.value", 170)],
            "price.range_low: 170 is above price.range_high 165.0",
            id="price-range-inverted",
        ),
        pytest.param(
            "minimax",
            [("price.range_low.value", 170), ("price.final", {"value": None})],
            "price.range_low: 170 is above price.range_high 165.0",
            id="price-range-inverted-without-final",
        ),
        pytest.param(
            "minimax",
            [("price.final.value", 150)],
            "price.final: 150 is below price.range_low 151.0",
            id="price-final-below-range",
        ),
        pytest.param(
            "minimax",
            [("price.final.value", Decimal("165.01"))],
            "price.final: 165.01 is above price.range_high 165.0",
            id="price-final-above-range",
        ),
        # _check_dates (MiniMax: prospectus and offer_open 12-31, offer_close 01-06,
        # allotment 01-08, listing and first day 01-09)
        pytest.param(
            "minimax",
            [("dates.listing", {"value": None})],
            "dates.listing: required, got None",
            id="listing-date-required",
        ),
        pytest.param(
            "minimax",
            [("dates.prospectus.value", "2026-01-01")],
            "dates.prospectus: 2026-01-01 is after dates.offer_open 2025-12-31; "
            "expected prospectus <= offer_open",
            id="sehk-prospectus-after-offer-open",
        ),
        pytest.param(
            "minimax",
            [("dates.offer_open.value", "2026-01-07")],
            "dates.offer_open: 2026-01-07 is after dates.offer_close 2026-01-06; "
            "expected offer_open <= offer_close",
            id="offer-open-after-offer-close",
        ),
        pytest.param(
            "minimax",
            [("dates.offer_close.value", "2026-01-09")],
            "dates.offer_close: 2026-01-09 is after dates.allotment_results 2026-01-08; "
            "expected offer_close <= allotment_results",
            id="offer-close-after-allotment",
        ),
        pytest.param(
            "minimax",
            [("dates.allotment_results.value", "2026-01-10")],
            "dates.allotment_results: 2026-01-10 is after dates.listing 2026-01-09; "
            "expected allotment_results <= listing",
            id="allotment-after-listing",
        ),
        pytest.param(
            "minimax",
            [("dates.price_determination", {"value": "2026-01-10", "src": "S1"})],
            "dates.price_determination: 2026-01-10 is after dates.listing 2026-01-09",
            id="price-determination-after-listing",
        ),
        pytest.param(
            "minimax",
            [("first_day.date.value", "2026-01-08")],
            "first_day.date: 2026-01-08 differs from dates.listing 2026-01-09",
            id="first-day-not-listing-day",
        ),
        # _check_tranches
        pytest.param(
            "zhipu",
            [("shares.offer_final", {"value": None})],
            "shares.offer_final: required, got None",
            id="offer-final-required",
        ),
        pytest.param(
            "zhipu",
            [("shares.offer_initial.value", 37419400)],
            "shares.offer_final: shares.offer_initial + "
            "shares.offer_size_adjustment_option_exercised = 37,419,400 + 0 = 37,419,400, "
            "expected shares.offer_final = 37,419,500",
            id="offer-initial-plus-no-adjustment",
        ),
        pytest.param(
            "minimax",
            [("shares.offer_size_adjustment_option_exercised.value", 3808360)],
            "shares.offer_final: shares.offer_initial + "
            "shares.offer_size_adjustment_option_exercised = 25,389,220 + 3,808,360 = "
            "29,197,580, expected shares.offer_final = 29,197,600",
            id="offer-initial-plus-adjustment",
        ),
        pytest.param(
            "zhipu",
            [("shares.hk_international.final.value", 29935500)],
            "shares (final tranches): hk_public.final + hk_international.final = "
            "7,483,900 + 29,935,500 = 37,419,400, expected shares.offer_final = 37,419,500",
            id="final-tranches-sum",
        ),
        pytest.param(
            "zhipu",
            [("shares.hk_public.initial.value", 1871100)],
            "shares (initial tranches): hk_public.initial + hk_international.initial = "
            "1,871,100 + 35,548,500 = 37,419,600, expected shares.offer_initial = 37,419,500",
            id="initial-tranches-sum",
        ),
        pytest.param(
            "iluvatar_corex",
            [("shares.hk_public.reallocated.value", 100)],
            "shares.hk_public: initial + reallocated = 2,543,200 + 100 = 2,543,300, "
            "expected hk_public.final = 2,543,200",
            id="public-initial-plus-reallocated",
        ),
        pytest.param(
            "iluvatar_corex",
            [("shares.hk_international.reallocated.value", -100)],
            "shares.hk_international: initial + reallocated + "
            "offer_size_adjustment_option_exercised = 22,888,600 + (-100) + 0 = 22,888,500, "
            "expected hk_international.final = 22,888,600",
            id="international-initial-plus-reallocated-plus-option",
        ),
        pytest.param(
            "minimax",
            [("shares.hk_international.final.value", 24119760)],
            "shares.hk_international: initial + reallocated + "
            "offer_size_adjustment_option_exercised = 24,119,740 + (-3,808,380) + 3,808,380 = "
            "24,119,740, expected hk_international.final = 24,119,760",
            id="international-with-adjustment-option",
        ),
        pytest.param(
            "minimax",
            [("shares.hk_international.reallocated.value", -3808300)],
            "shares: hk_public.reallocated 3,808,380 does not mirror "
            "hk_international.reallocated -3,808,300; expected opposite signs, same size",
            id="reallocation-not-mirrored-size",
        ),
        pytest.param(
            "minimax",
            [("shares.hk_international.reallocated.value", 3808380)],
            "shares: hk_public.reallocated 3,808,380 does not mirror "
            "hk_international.reallocated 3,808,380; expected opposite signs, same size",
            id="reallocation-not-mirrored-sign",
        ),
        # _check_lots
        pytest.param(
            "zhipu",
            [("shares.over_allocated.value", 5612950)],
            "shares.over_allocated: 5,612,950 is not a whole number of board lots of 100 "
            "(5,612,950 / 100 = 56,129.50)",
            id="lot-over-allocated",
        ),
        pytest.param(
            "zhipu",
            [("shares.hk_public.final.value", 7483950)],
            "shares.hk_public.final: 7,483,950 is not a whole number of board lots of 100 "
            "(7,483,950 / 100 = 74,839.50)",
            id="lot-public-final",
        ),
        pytest.param(
            "minimax",
            [("shares.offer_size_adjustment_option_exercised.value", 3808390)],
            "shares.offer_size_adjustment_option_exercised: 3,808,390 is not a whole number "
            "of board lots of 20 (3,808,390 / 20 = 190,419.50)",
            id="lot-adjustment-option",
        ),
        pytest.param(
            "zhipu",
            [("identity.board_lot.value", 300)],
            "shares.offer_initial: 37,419,500 is not a whole number of board lots of 300 "
            "(37,419,500 / 300 = 124,731.67)",
            id="lot-changed-board-lot",
        ),
        # _check_demand (Zhipu: valid 204,871 = 190,045 + 14,826; successful 50,907 =
        # 36,081 + 14,826; one lot 4,643 of 92,859)
        pytest.param(
            "zhipu",
            [("demand.hk_public.pool_a_valid_applications.value", 190046)],
            "demand.hk_public.valid_applications: pool_a_valid_applications + "
            "pool_b_valid_applications = 190,046 + 14,826 = 204,872, "
            "expected valid_applications = 204,871",
            id="pools-valid-sum",
        ),
        pytest.param(
            "zhipu",
            [("demand.hk_public.pool_b_successful_applications.value", 14825)],
            "demand.hk_public.successful_applications: pool_a_successful_applications + "
            "pool_b_successful_applications = 36,081 + 14,825 = 50,906, "
            "expected successful_applications = 50,907",
            id="pools-successful-sum",
        ),
        pytest.param(
            "zhipu",
            [("demand.hk_public.one_lot_successful_applications.value", 92860)],
            "demand.hk_public.one_lot_successful_applications: 92,860 exceeds "
            "one_lot_valid_applications 92,859",
            id="one-lot-successful-exceeds-valid",
        ),
        pytest.param(
            "zhipu",
            [("demand.hk_public.pool_b_successful_applications.value", 14827)],
            "demand.hk_public.pool_b_successful_applications: 14,827 exceeds "
            "pool_b_valid_applications 14,826",
            id="pool-b-successful-exceeds-valid",
        ),
        pytest.param(
            "zhipu",
            [
                ("demand.hk_public.successful_applications.value", 204872),
                ("demand.hk_public.pool_a_successful_applications.value", 190046),
                ("demand.hk_public.pool_b_successful_applications.value", 14826),
            ],
            "demand.hk_public.successful_applications: 204,872 exceeds valid_applications 204,871",
            id="successful-exceeds-valid",
        ),
        # _check_currency
        pytest.param(
            "zhipu",
            [("price.final.currency", "USD")],
            "price.final.currency: 'USD' differs from the offering's currency 'HKD'",
            id="currency-price",
        ),
        pytest.param(
            "zhipu",
            [("proceeds.gross.currency", "CNY")],
            "proceeds.gross.currency: 'CNY' differs from the offering's currency 'HKD'",
            id="currency-proceeds",
        ),
        pytest.param(
            "zhipu",
            [("first_day.close.currency", "hkd")],
            "first_day.close.currency: 'hkd' differs from the offering's currency 'HKD'",
            id="currency-case",
        ),
        pytest.param(
            "zhipu",
            [("later_prices.1.currency", "USD")],
            "later_prices[1].currency: 'USD' differs from the offering's currency 'HKD'",
            id="currency-later-price",
        ),
        pytest.param(
            "minimax",
            [("first_day.grey_market.observations.1.currency", "USD")],
            "first_day.grey_market.observations[1].currency: 'USD' differs from the "
            "offering's currency 'HKD'",
            id="currency-grey-market",
        ),
        pytest.param(
            "zhipu",
            [(("derived", "proceeds.gross", "currency"), "USD")],
            "derived['proceeds.gross'].currency: 'USD' differs from the offering's currency 'HKD'",
            id="currency-derived",
        ),
        # _check_bookkeeping
        pytest.param(
            "zhipu",
            [("unknown.+", "price.range_low")],
            "unknown and not_applicable both list ['price.range_low']",
            id="listed-both-unknown-and-not-applicable",
        ),
        pytest.param(
            "zhipu",
            [("unknown.+", "dates.offer_close")],
            "unknown lists ['dates.offer_close'] more than once",
            id="unknown-duplicate",
        ),
        pytest.param(
            "zhipu",
            [("unknown.+", "price.bogus")],
            "unknown: 'price.bogus' names no field of the record",
            id="unknown-names-no-field",
        ),
        pytest.param(
            "zhipu",
            [("unknown.+", "first_day.grey_market.observations.0")],
            "unknown: 'first_day.grey_market.observations.0' names no field of the record",
            id="unknown-list-index-names-no-field",
        ),
        pytest.param(
            "zhipu",
            [("unknown.+", "identity.name_en.value")],
            "unknown: 'identity.name_en.value' names no field of the record",
            id="unknown-names-figure-attribute",
        ),
        pytest.param(
            "zhipu",
            [(("not_applicable", "terms.bogus"), "reason")],
            "not_applicable: 'terms.bogus' names no field of the record",
            id="not-applicable-names-no-field",
        ),
        pytest.param(
            "zhipu",
            [("unknown.+", "price.final")],
            "unknown: 'price.final' has a value (116.2); a listed path is empty",
            id="unknown-has-value",
        ),
        pytest.param(
            "zhipu",
            [(("not_applicable", "identity.board_lot"), "reason")],
            "not_applicable: 'identity.board_lot' has a value (100); a listed path is empty",
            id="not-applicable-has-value",
        ),
        pytest.param(
            "zhipu",
            [(("not_applicable", "later_prices"), "reason")],
            "not_applicable: 'later_prices' holds 2 entries; a listed path is empty",
            id="not-applicable-list-has-entries",
        ),
        pytest.param(
            "zhipu",
            [("later_prices.1", DELETE), (("not_applicable", "later_prices"), "reason")],
            "not_applicable: 'later_prices' holds 1 entry; a listed path is empty",
            id="not-applicable-list-has-one-entry",
        ),
        pytest.param(
            "zhipu",
            [("unknown.+", "price")],
            "unknown: 'price' is listed but price.pricing_method holds data",
            id="unknown-group-has-value",
        ),
        pytest.param(
            "zhipu",
            [(("not_applicable", "first_day"), "reason")],
            "not_applicable: 'first_day' is listed but first_day.date holds data",
            id="not-applicable-group-has-value",
        ),
    ],
)
def test_cross_field_rule(key: str, changes: list[Change], text: str) -> None:
    bad = mutated(key, *changes)
    with pytest.raises(ValidationError, match=problem(text)):
        Offering.model_validate(bad)


# Moore Threads: offer 70,000,000 = strategic 14,000,000 (initial = final, none returned) +
# offline 44,800,000 -> 39,200,000 + online 11,200,000 -> 16,800,000 (clawback 5,600,000).
# MetaX: offer 40,100,000; strategic 8,020,000 planned, 7,605,419 placed, 414,581 returned to
# offline; offline 26,078,581 -> 22,829,081; online 6,416,000 -> 9,665,500 (clawback 3,249,500).
@pytest.mark.parametrize(
    ("key", "changes", "text"),
    [
        pytest.param(
            "moore_threads",
            [("shares.star_strategic.final.value", 14000001)],
            "shares (final STAR tranches): star_strategic.final + star_offline.final + "
            "star_online.final = 14,000,001 + 39,200,000 + 16,800,000 = 70,000,001, "
            "expected shares.offer_final = 70,000,000",
            id="star-final-tranches-sum",
        ),
        pytest.param(
            "moore_threads",
            [("shares.star_online.clawback_from_offline.value", 5600001)],
            "shares.star_online: initial + clawback_from_offline = 11,200,000 + 5,600,001 = "
            "16,800,001, expected star_online.final = 16,800,000",
            id="star-online-initial-plus-clawback",
        ),
        pytest.param(
            "moore_threads",
            [("shares.star_offline.initial.value", 44800001)],
            "shares.star_offline: final + star_online.clawback_from_offline = "
            "39,200,000 + 5,600,000 = 44,800,000, expected star_offline.initial = 44,800,001",
            id="star-offline-initial-minus-clawback",
        ),
        pytest.param(
            "metax",
            [("shares.star_online.clawback_from_offline.value", 3249501)],
            "shares.star_offline: final + star_online.clawback_from_offline = "
            "22,829,081 + 3,249,501 = 26,078,582, expected star_offline.initial = 26,078,581",
            id="star-offline-clawback-changed",
        ),
        pytest.param(
            "moore_threads",
            [("shares.star_offline.initial.value", 44800001)],
            "shares (STAR tranches before the clawback): star_strategic.final + "
            "star_offline.initial + star_online.initial = 14,000,000 + 44,800,001 + "
            "11,200,000 = 70,000,001, expected shares.offer_final = 70,000,000",
            id="star-tranches-before-clawback-offline",
        ),
        pytest.param(
            "metax",
            [("shares.star_online.initial.value", 6416001)],
            "shares (STAR tranches before the clawback): star_strategic.final + "
            "star_offline.initial + star_online.initial = 7,605,419 + 26,078,581 + "
            "6,416,001 = 40,100,001, expected shares.offer_final = 40,100,000",
            id="star-tranches-before-clawback-online",
        ),
        pytest.param(
            "moore_threads",
            [("shares.star_strategic.returned_to_offline.value", 1)],
            "shares.star_strategic: final + returned_to_offline = 14,000,000 + 1 = "
            "14,000,001, expected star_strategic.initial = 14,000,000",
            id="star-strategic-nothing-returned",
        ),
        pytest.param(
            "metax",
            [("shares.star_strategic.returned_to_offline.value", 414580)],
            "shares.star_strategic: final + returned_to_offline = 7,605,419 + 414,580 = "
            "8,019,999, expected star_strategic.initial = 8,020,000",
            id="star-strategic-shortfall-returned",
        ),
        pytest.param(
            "moore_threads",
            [("identity.stock_code.value", "68879")],
            "identity.stock_code: SSE codes have 6 digits, got '68879'",
            id="stock-code-sse-too-short",
        ),
        pytest.param(
            "moore_threads",
            [("dates.prospectus.value", "2025-12-06")],
            "dates.prospectus: 2025-12-06 is after dates.listing 2025-12-05",
            id="star-prospectus-after-listing",
        ),
        pytest.param(
            "moore_threads",
            [("dates.offer_open.value", "2025-12-06")],
            "dates.offer_open: 2025-12-06 is after dates.offer_close 2025-11-24; "
            "expected offer_open <= offer_close",
            id="star-offer-open-after-offer-close",
        ),
    ],
)
def test_star_cross_field_rule(key: str, changes: list[Change], text: str) -> None:
    bad = mutated(key, *changes)
    with pytest.raises(ValidationError, match=problem(text)):
        Offering.model_validate(bad)


def test_star_prospectus_may_follow_offer_open() -> None:
    # A STAR final prospectus comes out after the subscription day: only listing bounds it.
    rec = mutated("moore_threads")
    assert rec["dates"]["prospectus"]["value"] > rec["dates"]["offer_open"]["value"]
    Offering.model_validate(rec)


def test_par_value_may_be_in_another_currency() -> None:
    # Zhipu's par value is RMB 0.1 on an HKD offering; identity.par_value is exempt.
    Offering.model_validate(mutated("zhipu", ("identity.par_value.currency", "EUR")))


def test_conflict_may_cite_derived() -> None:
    Offering.model_validate(mutated("zhipu", ("conflicts.2.stands_src", "derived")))


def test_conflict_may_lose_to_ai_generated() -> None:
    # Only the standing side is held to admissible sources; S13 is Zhipu's ai_generated page.
    Offering.model_validate(mutated("zhipu", ("conflicts.0.other_src", "S13")))


@pytest.mark.parametrize(
    "code",
    [
        pytest.param("02513\n", id="trailing-newline"),
        pytest.param("０２５１３", id="fullwidth-digits"),
        pytest.param("٠٢٥١٣", id="arabic-indic-digits"),
        pytest.param(" 02513", id="leading-space"),
    ],
)
def test_stock_code_must_be_ascii_digits_only(code: str) -> None:
    bad = mutated("zhipu", ("identity.stock_code.value", code))
    with pytest.raises(
        ValidationError,
        match=problem(f"identity.stock_code: SEHK codes have 5 digits, got {code!r}"),
    ):
        Offering.model_validate(bad)


@pytest.mark.parametrize(
    ("listing", "path"),
    [
        pytest.param("unknown", "demand.star_online.bogus", id="unknown"),
        pytest.param("not_applicable", "shares.star_strategic.final.bogus", id="not-applicable"),
    ],
)
def test_unknown_names_no_field_below_absent_group(listing: str, path: str) -> None:
    change: Change = ("unknown.+", path) if listing == "unknown" else ((listing, path), "reason")
    bad = mutated("zhipu", change)
    with pytest.raises(
        ValidationError, match=problem(f"{listing}: {path!r} names no field of the record")
    ):
        Offering.model_validate(bad)


def test_unknown_may_list_a_figure_below_absent_group() -> None:
    # Zhipu has no STAR tranches (shares.star_strategic is None): the path is still a field.
    Offering.model_validate(mutated("zhipu", ("unknown.+", "shares.star_strategic.final")))


# --------------------------------------------------------------------------------------------
# Every problem at once
# --------------------------------------------------------------------------------------------


def test_two_problems_reported_in_one_error() -> None:
    bad = mutated(
        "minimax", ("identity.name_en", {"value": None}), ("price.final", {"value": None})
    )
    expected = (
        "offering 'minimax' (00100.HK): 2 problems:\n"
        "  - identity.name_en: required, got None (rule identity.required)\n"
        "  - price.final: required, got None (rule price.final_required)"
    )
    with pytest.raises(ValidationError, match=re.escape(expected)) as info:
        Offering.model_validate(bad)
    assert info.value.error_count() == 1


def test_one_problem_is_singular() -> None:
    bad = mutated("minimax", ("identity.name_en", {"value": None}))
    expected = (
        "offering 'minimax' (00100.HK): 1 problem:\n"
        "  - identity.name_en: required, got None (rule identity.required)"
    )
    with pytest.raises(ValidationError, match=re.escape(expected)):
        Offering.model_validate(bad)


def test_every_problem_of_a_record_is_listed() -> None:
    bad = mutated(
        "minimax",
        ("sources.+", {"id": "S2", "tier": "wire", "url": None, "document": "again"}),
        ("identity.stock_code.value", "100"),
        ("price.final.value", 170),
        ("first_day.date.value", "2026-01-10"),
        ("shares.over_allocated.value", 4379641),
        ("demand.hk_public.one_lot_successful_applications.value", 139315),
        ("proceeds.net.currency", "USD"),
        ("unknown.+", "price.bogus"),
    )
    with pytest.raises(
        ValidationError, match=re.escape("offering 'minimax' (100.HK): 8 problems:\n")
    ) as info:
        Offering.model_validate(bad)
    for text in [
        "sources: duplicate ids ['S2']",
        "identity.stock_code: SEHK codes have 5 digits, got '100'",
        "price.final: 170 is above price.range_high 165.0",
        "first_day.date: 2026-01-10 differs from dates.listing 2026-01-09",
        "shares.over_allocated: 4,379,641 is not a whole number of board lots of 20 "
        "(4,379,641 / 20 = 218,982.05)",
        "demand.hk_public.one_lot_successful_applications: 139,315 exceeds "
        "one_lot_valid_applications 139,314",
        "proceeds.net.currency: 'USD' differs from the offering's currency 'HKD'",
        "unknown: 'price.bogus' names no field of the record",
    ]:
        assert re.search(problem(text), str(info.value)), text


# --------------------------------------------------------------------------------------------
# load_offerings
# --------------------------------------------------------------------------------------------


def test_load_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"
    with pytest.raises(IpoDataError, match=re.escape(f"{missing}: no such file or folder")):
        load_offerings(missing)


def test_load_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(
        IpoDataError, match=re.escape(f"{tmp_path}: folder holds no *.json record files")
    ):
        load_offerings(tmp_path)


def test_load_folder_without_json_files(tmp_path: Path) -> None:
    write_json(tmp_path / "zhipu.txt", record("zhipu"))
    with pytest.raises(
        IpoDataError, match=re.escape(f"{tmp_path}: folder holds no *.json record files")
    ):
        load_offerings(str(tmp_path))


def test_load_not_json(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{'key': 'zhipu'}", encoding="utf-8")
    with pytest.raises(
        IpoDataError, match=re.escape(f"{bad}: not valid JSON: Expecting property name")
    ):
        load_offerings(bad)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_load_rejects_json_constants(tmp_path: Path, constant: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(f'{{"key": "zhipu", "value": {constant}}}', encoding="utf-8")
    message = f"{bad}: not valid JSON: {constant} is not a number ipometrics accepts"
    with pytest.raises(IpoDataError, match=re.escape(message)):
        load_offerings(bad)


def test_load_not_utf8(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"key": "\xff"}')
    with pytest.raises(IpoDataError, match=re.escape(f"{bad}: not UTF-8 text: ")):
        load_offerings(bad)


def test_load_array_with_a_non_object(tmp_path: Path) -> None:
    bad = write_json(tmp_path / "bad.json", [record("zhipu"), 3])
    with pytest.raises(
        IpoDataError, match=re.escape(f"{bad}[1]: expected a JSON object (one offering), got int")
    ):
        load_offerings(bad)


def test_load_top_level_non_object(tmp_path: Path) -> None:
    bad = write_json(tmp_path / "bad.json", "zhipu")
    with pytest.raises(
        IpoDataError, match=re.escape(f"{bad}: expected a JSON object (one offering), got str")
    ):
        load_offerings(bad)


def test_load_file_over_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    limit = 5 * 1024 * 1024
    big.write_bytes(b" " * (limit + 1))
    message = f"{big}: {limit + 1:,} bytes is over the {limit:,}-byte limit"
    with pytest.raises(IpoDataError, match=re.escape(message)):
        load_offerings(big)


def test_load_duplicate_keys_across_files(tmp_path: Path) -> None:
    a = write_json(tmp_path / "a.json", record("zhipu"))
    b = write_json(tmp_path / "b.json", [record("minimax"), record("zhipu")])
    message = f"{tmp_path}: offering keys appear more than once: 'zhipu' in {a}, {b}[1]"
    with pytest.raises(IpoDataError, match=re.escape(message) + "$"):
        load_offerings(tmp_path)


def test_load_duplicate_keys_each_listed(tmp_path: Path) -> None:
    one = write_json(tmp_path / "one.json", [record("zhipu"), record("minimax")])
    two = write_json(tmp_path / "two.json", [record("minimax"), record("zhipu")])
    message = (
        f"{tmp_path}: offering keys appear more than once: "
        f"'minimax' in {one}[1], {two}[0]; 'zhipu' in {one}[0], {two}[1]"
    )
    with pytest.raises(IpoDataError, match=re.escape(message) + "$"):
        load_offerings(tmp_path)


def test_load_invalid_record_names_file_and_key(tmp_path: Path) -> None:
    write_json(tmp_path / "a_zhipu.json", record("zhipu"))
    bad = write_json(tmp_path / "b_minimax.json", mutated("minimax", ("price.final.value", 0)))
    pattern = (
        re.escape(f"{bad}: record 'minimax' is invalid:\n")
        + r"(?s:.*)"
        + field_error("price.final.value", "Input should be greater than 0", "0")
    )
    with pytest.raises(IpoValidationError, match=pattern) as info:
        load_offerings(tmp_path)
    (found,) = info.value.problems
    assert (found.rule, found.path, found.key) == (
        "format.positive_price",
        "price.final.value",
        "minimax",
    )


def test_load_invalid_record_in_array_names_its_position(tmp_path: Path) -> None:
    bad = write_json(
        tmp_path / "all.json", [record("zhipu"), mutated("minimax", ("price.final.value", 0))]
    )
    pattern = (
        re.escape(f"{bad}[1]: record 'minimax' is invalid:\n")
        + r"(?s:.*)"
        + field_error("price.final.value", "Input should be greater than 0", "0")
    )
    with pytest.raises(IpoDataError, match=pattern):
        load_offerings(bad)


@pytest.mark.parametrize("key", [DELETE, 7], ids=["missing", "not-a-string"])
def test_load_invalid_record_without_a_key(tmp_path: Path, key: object) -> None:
    bad = write_json(tmp_path / "zhipu.json", mutated("zhipu", ("key", key)))
    with pytest.raises(
        IpoDataError, match=re.escape(f"{bad}: a record without a key is invalid:\n")
    ):
        load_offerings(bad)


def test_load_invalid_record_reports_cross_field_problem(tmp_path: Path) -> None:
    bad = write_json(
        tmp_path / "zhipu.json", mutated("zhipu", ("identity.stock_code.value", "2513"))
    )
    pattern = (
        re.escape(f"{bad}: record 'zhipu' is invalid:\n")
        + r"(?s:.*)"
        + problem("identity.stock_code: SEHK codes have 5 digits, got '2513'")
    )
    with pytest.raises(IpoDataError, match=pattern):
        load_offerings(bad)


def test_load_directory_named_json(tmp_path: Path) -> None:
    (tmp_path / "records.json").mkdir()
    message = f"{tmp_path / 'records.json'}: cannot be read: "
    with pytest.raises(IpoDataError, match=re.escape(message) + "Is a directory"):
        load_offerings(tmp_path)


def test_load_errors_are_value_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=re.escape("no such file or folder")):
        load_offerings(tmp_path / "missing")


def test_load_valid_folder(tmp_path: Path) -> None:
    write_json(tmp_path / "one.json", [record("minimax"), record("zhipu")])
    assert [o.key for o in load_offerings(tmp_path)] == ["zhipu", "minimax"]


# --------------------------------------------------------------------------------------------
# Offering accessors and metrics
# --------------------------------------------------------------------------------------------


@functools.cache
def offering(key: str) -> Offering:
    return Offering.model_validate(record(key))


def key_error(message: str) -> str:
    """Regex for a whole ``str(KeyError(message))``, which is ``repr(message)``."""
    return rf"\A{re.escape(repr(message))}\Z"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        pytest.param("bogus", "bogus: Offering has no field 'bogus'", id="top-level"),
        pytest.param("price.bogus", "price.bogus: price has no field 'bogus'", id="group"),
        pytest.param(
            "shares.hk_public.bogus",
            "shares.hk_public.bogus: shares.hk_public has no field 'bogus'",
            id="nested-group",
        ),
        pytest.param(
            "identity.name_en.value",
            "identity.name_en.value: identity.name_en has no field 'value'",
            id="figure-attribute",
        ),
        pytest.param(
            "price.final.src", "price.final.src: price.final has no field 'src'", id="figure-src"
        ),
        pytest.param(
            "price.final.value.bogus",
            "price.final.value.bogus: price.final has no field 'value'",
            id="below-a-value",
        ),
        pytest.param("key.bogus", "key.bogus: key has no field 'bogus'", id="below-a-leaf"),
        pytest.param(
            "later_prices.0",
            "later_prices.0: later_prices has no field '0'",
            id="list-index",
        ),
        pytest.param("", ": Offering has no field ''", id="empty"),
    ],
)
def test_figure_bad_path(path: str, message: str) -> None:
    with pytest.raises(KeyError, match=key_error(message)):
        offering("zhipu").figure(path)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        pytest.param(
            "shares.star_strategic.bogus",
            "shares.star_strategic.bogus: shares.star_strategic has no field 'bogus'",
            id="group",
        ),
        pytest.param(
            "demand.star_online.subscription_multiple.value",
            "demand.star_online.subscription_multiple.value: "
            "demand.star_online.subscription_multiple has no field 'value'",
            id="figure-attribute",
        ),
    ],
)
def test_figure_bad_path_below_absent_group(path: str, message: str) -> None:
    # Zhipu has no STAR tranches: the path is checked against the schema all the same.
    with pytest.raises(KeyError, match=key_error(message)):
        offering("zhipu").figure(path)


def test_figure_below_absent_group_is_none() -> None:
    assert offering("zhipu").figure("shares.star_strategic.final") is None


def test_source_unknown_id() -> None:
    message = f"zhipu: no source 'S99'; sources are {ZHIPU_SOURCE_IDS}"
    with pytest.raises(KeyError, match=re.escape(message)):
        offering("zhipu").source("S99")


@pytest.mark.parametrize("at", ["bogus", "offer", "Close"])
def test_first_day_return_bad_at(at: Any) -> None:
    message = f"at must be one of 'open', 'close', 'high', 'low', got {at!r}"
    with pytest.raises(ValueError, match=re.escape(message)):
        offering("zhipu").first_day_return(at=at)


@pytest.mark.parametrize("at", ["bogus", "high", "low"])
def test_market_cap_bad_at(at: Any) -> None:
    message = f"at must be one of 'offer', 'open', 'close', got {at!r}"
    with pytest.raises(ValueError, match=re.escape(message)):
        offering("zhipu").market_cap(at=at)


def test_metric_with_unknown_input() -> None:
    message = (
        "iluvatar_corex: the first-day open return cannot be computed: "
        "first_day.open is unknown (no admissible source gives it)"
    )
    with pytest.raises(FigureUnavailableError, match=re.escape(message)) as info:
        offering("iluvatar_corex").first_day_return(at="open")
    assert (info.value.offering, info.value.path, info.value.status) == (
        "iluvatar_corex",
        "first_day.open",
        "unknown",
    )


def test_market_cap_with_unknown_input() -> None:
    message = (
        "iluvatar_corex: the market cap at the open cannot be computed: "
        "first_day.open is unknown (no admissible source gives it)"
    )
    with pytest.raises(FigureUnavailableError, match=re.escape(message)):
        offering("iluvatar_corex").market_cap(at="open")


def test_metric_with_not_applicable_input() -> None:
    rec = mutated("iluvatar_corex")
    rec["unknown"].remove("first_day.open")
    rec["not_applicable"]["first_day.open"] = "no opening auction (test record)"
    iluvatar = Offering.model_validate(rec)
    message = (
        "iluvatar_corex: the first-day open return cannot be computed: "
        "first_day.open is not applicable (no opening auction (test record))"
    )
    with pytest.raises(FigureUnavailableError, match=re.escape(message)) as info:
        iluvatar.first_day_return(at="open")
    assert info.value.status == "not applicable"


def test_metric_with_input_under_not_applicable_group() -> None:
    # The reason is the listed parent's: first_day.close itself is not listed.
    zhipu = Offering.model_validate(
        mutated("zhipu", ("first_day", {}), (("not_applicable", "first_day"), "not yet listed"))
    )
    message = (
        "zhipu: the first-day close return cannot be computed: "
        "first_day.close is not applicable (not yet listed)"
    )
    with pytest.raises(FigureUnavailableError, match=re.escape(message) + "$") as info:
        zhipu.first_day_return()
    assert (info.value.path, info.value.status) == ("first_day.close", "not applicable")


# --------------------------------------------------------------------------------------------
# Paths through containers and listed paths holding data (defects found and fixed)
# --------------------------------------------------------------------------------------------

# Paths that step into a list or dict field by attribute name name no field of the record.
_THROUGH_CONTAINER: Final = [
    pytest.param("later_prices.date", id="later-prices"),
    pytest.param("sources.id", id="sources"),
    pytest.param("conflicts.field", id="conflicts"),
    pytest.param("derived.value", id="derived"),
    pytest.param("first_day.grey_market.observations.value", id="grey-market-observations"),
]


@pytest.mark.parametrize("path", _THROUGH_CONTAINER)
def test_figure_path_through_container(path: str) -> None:
    with pytest.raises(KeyError, match=re.escape("has no field")):
        offering("minimax").figure(path)


@pytest.mark.parametrize("path", _THROUGH_CONTAINER)
def test_unknown_path_through_container(path: str) -> None:
    bad = mutated("minimax", ("unknown.+", path))
    with pytest.raises(
        ValidationError, match=problem(f"unknown: {path!r} names no field of the record")
    ):
        Offering.model_validate(bad)


def test_load_unknown_path_through_container(tmp_path: Path) -> None:
    bad = write_json(tmp_path / "zhipu.json", mutated("zhipu", ("unknown.+", "later_prices.date")))
    with pytest.raises(IpoDataError, match=re.escape(f"{bad}: record 'zhipu' is invalid")):
        load_offerings(bad)


@pytest.mark.parametrize(
    ("key", "changes", "text"),
    [
        pytest.param(
            "zhipu",
            [(("not_applicable", "derived"), "reason")],
            "not_applicable: 'derived' holds 16 entries; a listed path is empty",
            id="derived-dict",
        ),
        pytest.param(
            "zhipu",
            [("unknown.+", "key")],
            "unknown: 'key' is not a figure of the record",
            id="key-text",
        ),
        pytest.param(
            "minimax",
            [
                ("first_day.grey_market.date", {}),
                (("not_applicable", "first_day.grey_market"), "reason"),
            ],
            "not_applicable: 'first_day.grey_market' is listed but "
            "first_day.grey_market.observations holds data",
            id="group-with-list",
        ),
    ],
)
def test_listed_path_with_data_not_reported(key: str, changes: list[Change], text: str) -> None:
    bad = mutated(key, *changes)
    with pytest.raises(ValidationError, match=problem(text)):
        Offering.model_validate(bad)
