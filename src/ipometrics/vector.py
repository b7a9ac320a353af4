"""Many offerings at once: metrics and validation over a flat table, column by column.

The record path (:func:`ipometrics.io.read_table`, then :func:`ipometrics.to_frame`) builds a
validated :class:`~ipometrics.models.Offering` per row: exact, but about a millisecond a row.
This module works on the flat table itself (the columns of
:func:`ipometrics.io.table_columns`: ``price.final``, ``shares.offer_final``,
``first_day.close`` ..., with ``<path>.src`` source columns) and never builds a per-row
object:

:func:`compute`
    The metric columns of :func:`ipometrics.to_frame`, computed by passing whole columns to
    :mod:`ipometrics.metrics` (the single home of the formulas).
:func:`validate`
    The validation rules that can be checked on flat fields, one vectorised pass per rule,
    reported with the rule ids of :data:`ipometrics.validation.RULES`.
:func:`register_accessor`
    Opt-in ``DataFrame.ipo.metrics()`` / ``DataFrame.ipo.validate()``. Nothing is registered
    on import.

Cells may be numbers (``float64``, ``int64``, nullable ``Int64``), exact values (``Decimal``,
``int``, ISO date text, as :func:`ipometrics.io.to_table` gives) or text (as
:func:`ipometrics.io.read_csv` reads). A blank cell (``None``, ``NaN``, ``""``, ``pd.NA``,
``pd.NaT``) is an unknown figure. Columns the flat table does not have are ignored; a flat
column the table lacks is unknown in every row. Dates are ISO text or ``datetime.date``, as
in the records: a ``datetime64`` column is refused cell by cell (``format.iso_date``), as
:func:`~ipometrics.io.read_table` refuses it; convert it with ``.dt.strftime("%Y-%m-%d")``.

Which rules are checked where
-----------------------------
:data:`COLUMNAR_RULES` are checked here, with the record path's semantics (the same cell is
refused for the same reason, and a cell a field rule refuses is unknown to the record rules):

* field rules: ``format.*`` (whole numbers, signs, exact numbers, ISO dates, text, exchange,
  currency code, key, schema version; ``format.required_field`` for a blank ``key`` or a row
  without any figure of a required group: ``identity``, ``dates``, ``price``, ``shares``)
  and ``sources.figure_has_source``;
* record rules: identity, price, dates, offer size, Hong Kong and STAR tranches, whole board
  lots and Hong Kong demand (``identity.*``, ``price.*``, ``dates.*``,
  ``shares.offer_final_required``, ``options.offer_size``, ``tranches.*``, ``trading.*``,
  ``demand.*``).

:data:`RECORD_ONLY_RULES` need the record path: the ``sources.*`` rules on source documents
(ids, tiers, ``src`` resolving to a listed source, conflicts; the ``sources.<id>.*`` columns
are not read here, nor is a source's missing ``document`` reported), the ``bookkeeping.*``
rules on the ``unknown`` / ``not_applicable`` lists and ``format.qualifier`` (neither is in
the flat table), ``currency.consistent`` (the flat table carries no per-figure currency, so
it cannot fail for a flat row) and ``format.known_fields`` (:func:`~ipometrics.io.read_table`
refuses an unknown column; :func:`validate` ignores it).

One difference is deliberate: the record path runs the record rules only once every field
of a record is valid, so a row with a field problem shows only its field problems there.
:func:`validate` reports every problem of every row in one pass.

Examples
--------
>>> import ipometrics as ipm
>>> from ipometrics import vector
>>> table = ipm.to_table(ipm.load_offerings())
>>> m = vector.compute(table)
>>> float(round(m.loc[table["key"] == "zhipu", "gross_proceeds"].item() / 1e6, 1))
4348.1
>>> vector.validate(table).empty
True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from itertools import count as _counter
from typing import Any, Literal, get_args, get_origin

import numpy as np
import numpy.typing as npt
import pandas as pd

from ipometrics import metrics
from ipometrics._values import DECIMAL_TEXT, date_or_reason, exact_or_reason

__all__ = [
    "COLUMNAR_RULES",
    "METRIC_COLUMNS",
    "PROBLEM_COLUMNS",
    "RECORD_ONLY_RULES",
    "IpoAccessor",
    "compute",
    "register_accessor",
    "validate",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.intp]
Int8Array = npt.NDArray[np.int8]
ObjectArray = npt.NDArray[np.object_]

#: The metric columns of :func:`compute`: the same names, formulas and order as
#: :data:`ipometrics.frame.METRIC_COLUMNS`.
METRIC_COLUMNS: tuple[str, ...] = (
    "gross_proceeds",
    "net_proceeds",
    "open_return",
    "close_return",
    "market_cap_offer",
    "market_cap_open",
    "market_cap_close",
    "money_left_on_table",
)

#: Columns of the frame :func:`validate` returns, one row per problem.
PROBLEM_COLUMNS: tuple[str, ...] = ("row", "key", "rule", "path", "message")

#: Rule ids :func:`validate` checks column-wise (ids of :data:`ipometrics.validation.RULES`).
COLUMNAR_RULES: tuple[str, ...] = (
    "format.required_field",
    "format.schema_version",
    "format.key",
    "format.whole_number",
    "format.non_negative_count",
    "format.board_lot_positive",
    "format.exact_number",
    "format.positive_price",
    "format.non_negative_money",
    "format.iso_date",
    "format.text",
    "format.currency_code",
    "format.exchange",
    "sources.figure_has_source",
    "identity.required",
    "identity.stock_code_format",
    "trading.hk_board_lot",
    "tranches.hk_present",
    "price.final_required",
    "price.range_order",
    "price.final_in_range",
    "dates.listing_required",
    "dates.order",
    "dates.prospectus_before_listing",
    "dates.pricing_before_listing",
    "dates.first_day_is_listing",
    "shares.offer_final_required",
    "options.offer_size",
    "tranches.final_sum",
    "tranches.initial_sum",
    "tranches.public_reconciles",
    "tranches.international_reconciles",
    "tranches.reallocation_mirrors",
    "tranches.star_final_sum",
    "tranches.star_online_clawback",
    "tranches.star_offline_clawback",
    "tranches.star_before_clawback",
    "tranches.star_strategic_return",
    "trading.whole_lots",
    "demand.pools_sum",
    "demand.successful_not_above_valid",
)

#: Rule ids only the record path checks (see the module notes for why).
RECORD_ONLY_RULES: tuple[str, ...] = (
    "format.known_fields",
    "format.qualifier",
    "sources.id_format",
    "sources.tier",
    "sources.unique_ids",
    "sources.src_resolves",
    "sources.no_ai_values",
    "sources.conflict_refs",
    "sources.conflict_stands_admissible",
    "currency.consistent",
    "bookkeeping.lists_disjoint",
    "bookkeeping.unknown_unique",
    "bookkeeping.listed_path_exists",
    "bookkeeping.listed_path_empty",
)

# --------------------------------------------------------------------------------------------
# Reading one column
# --------------------------------------------------------------------------------------------

#: What a flat column holds, from its field type in :mod:`ipometrics.models` (and ``src``,
#: ``key``, ``version`` for the source, key and schema-version columns).
Kind = Literal[
    "count",
    "signed",
    "lot",
    "exact",
    "nonneg",
    "positive",
    "day",
    "text",
    "exchange",
    "currency",
    "src",
    "key",
    "version",
]
_WHOLE: frozenset[str] = frozenset({"count", "signed", "lot"})
_DECIMAL: frozenset[str] = frozenset({"exact", "nonneg", "positive"})
_NUMERIC: frozenset[str] = _WHOLE | _DECIMAL | {"day"}

# Cell states.
_OK, _BLANK, _BAD = np.int8(0), np.int8(1), np.int8(2)

# The record path's readers, rule for rule (ipometrics.io._typed, ipometrics.models types).
_INTEGER_TEXT = re.compile(r"-?[0-9]+")
_DECIMAL_TEXT = DECIMAL_TEXT
_EXCHANGES = ("SEHK", "SSE", "SZSE")
_CURRENCY = re.compile(r"[A-Z]{3}")
_KEY = re.compile(r"[a-z][a-z0-9_]*")
_GE0 = "Input should be greater than or equal to 0"
_GT0 = "Input should be greater than 0"
_INT = "Input should be a valid integer"
_STR = "Input should be a valid string"


@dataclass(frozen=True)
class _Verdict:
    """One cell read as the record path reads it."""

    number: float  # the value for arithmetic (NaN unless state is OK and the kind is numeric)
    state: np.int8
    rule: str = ""
    message: str = ""  # what pydantic says, without the location


_BLANK_VERDICT = _Verdict(np.nan, _BLANK)


def _is_blank(value: object) -> bool:
    """io._blank (None, NaN, ""), and pandas' missing markers pd.NA and pd.NaT.

    ``read_table`` sees pd.NA as None too (``DataFrame.to_dict`` converts it), but refuses a
    pd.NaT; here a NaT is unknown, like every other missing marker.
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and value == ""


def _unwrap(value: object) -> object:
    """Turn numpy scalars into Python ones, as :func:`ipometrics.io.read_table` does."""
    if isinstance(value, np.generic) and not isinstance(value, np.str_):
        return value.item()
    return value


def _float(value: int | Decimal) -> float:
    """float(), with numbers beyond float64 as infinities (as float(Decimal) gives them)."""
    try:
        return float(value)
    except OverflowError:
        return np.inf if value > 0 else -np.inf


def _sign_rule(kind: str) -> str:
    """The rule a number below its kind's range breaks (validation._field_rule)."""
    if kind == "lot":
        return "format.board_lot_positive"
    if kind == "positive":
        return "format.positive_price"
    return "format.non_negative_count" if kind == "count" else "format.non_negative_money"


def _whole_verdict(kind: str, value: object) -> _Verdict:
    value = _as_whole(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return _Verdict(np.nan, _BAD, "format.whole_number", _INT)
    if (kind == "lot" and value <= 0) or (kind == "count" and value < 0):
        return _Verdict(np.nan, _BAD, _sign_rule(kind), _GT0 if kind == "lot" else _GE0)
    return _Verdict(_float(value), _OK)


def _as_whole(value: object) -> object:
    """io._typed for whole-number fields: integer text and integral floats become ints."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INTEGER_TEXT.fullmatch(value):
        try:
            return int(value)
        except ValueError:  # beyond Python's digit limit: left for validation to refuse
            return value
    return value


_exact = exact_or_reason


def _decimal_verdict(kind: str, value: object) -> _Verdict:
    exact = _exact(value)
    if isinstance(exact, str):
        return _Verdict(np.nan, _BAD, "format.exact_number", f"Value error, {exact}")
    if (kind == "positive" and exact <= 0) or (kind == "nonneg" and exact < 0):
        return _Verdict(np.nan, _BAD, _sign_rule(kind), _GT0 if kind == "positive" else _GE0)
    return _Verdict(_float(exact), _OK)


def _day_verdict(value: object) -> _Verdict:
    day = date_or_reason(value)
    if isinstance(day, str):
        return _Verdict(np.nan, _BAD, "format.iso_date", f"Value error, {day}")
    return _Verdict(float(day.toordinal()), _OK)


def _text_verdict(kind: str, value: object) -> _Verdict:
    if kind == "exchange":
        if isinstance(value, str) and value in _EXCHANGES:
            return _Verdict(np.nan, _OK)
        return _Verdict(np.nan, _BAD, "format.exchange", "Input should be 'SEHK', 'SSE' or 'SZSE'")
    if kind == "version":
        # Literal[1] after io._typed: 1, True, 1.0 and "1" are all version 1.
        value = _as_whole(value)
        if isinstance(value, int) and value == 1:
            return _Verdict(np.nan, _OK)
        return _Verdict(np.nan, _BAD, "format.schema_version", "Input should be 1")
    if not isinstance(value, str):
        return _Verdict(np.nan, _BAD, "format.text", _STR)
    if kind == "currency" and not _CURRENCY.fullmatch(value):
        message = "String should match pattern '^[A-Z]{3}$'"
        return _Verdict(np.nan, _BAD, "format.currency_code", message)
    if kind == "key" and not _KEY.fullmatch(value):
        message = "String should match pattern '^[a-z][a-z0-9_]*$'"
        return _Verdict(np.nan, _BAD, "format.key", message)
    if kind == "text" and value.isspace():
        message = f"Value error, expected text, got a blank string {value!r}"
        return _Verdict(np.nan, _BAD, "format.text", message)
    return _Verdict(np.nan, _OK)


def _verdict(kind: Kind, cell: object) -> _Verdict:
    """Read one cell exactly as the record path would: the reference for every fast path."""
    if _is_blank(cell):
        return _BLANK_VERDICT
    value = _unwrap(cell)
    if kind in _WHOLE:
        return _whole_verdict(kind, value)
    if kind in _DECIMAL:
        return _decimal_verdict(kind, value)
    if kind == "day":
        return _day_verdict(value)
    return _text_verdict(kind, value)


@dataclass
class _Column:
    """A column read: its numbers (NaN unless the cell is OK) and the state of every cell.

    ``codes`` / ``uniques`` are kept for text read by distinct value: ``uniques[codes]`` is
    the cell, code -1 a blank.
    """

    numbers: FloatArray | None  # None for text kinds
    state: Int8Array
    codes: IntArray | None = None
    uniques: ObjectArray | None = None

    @property
    def known(self) -> BoolArray:
        known: BoolArray = self.state == _OK
        return known

    @property
    def blank(self) -> BoolArray:
        blank: BoolArray = self.state == _BLANK
        return blank


def _range_states(kind: str, numbers: FloatArray, states: Int8Array) -> Int8Array:
    """Refuse known numbers outside the kind's range (count >= 0, lot > 0, price > 0, ...)."""
    out: BoolArray
    with np.errstate(invalid="ignore"):
        if kind in ("lot", "positive"):
            out = numbers <= 0
        elif kind in ("count", "nonneg"):
            out = numbers < 0
        else:
            return states
    return np.where((states == _OK) & out, _BAD, states).astype(np.int8)


def _classify_numbers(
    kind: Kind, uniques: ObjectArray, inferred: str
) -> tuple[FloatArray, Int8Array] | None:
    """_classify for numbers (ints, floats, Decimals); None if one is beyond float64."""
    m = len(uniques)
    try:
        numbers = np.array(uniques, dtype=np.float64)
    except OverflowError:  # an int beyond float64: read value by value
        return None
    if kind in _DECIMAL and inferred == "decimal":  # Decimal('1e999') is finite
        ok = np.fromiter((u.is_finite() for u in uniques), dtype=bool, count=m)
    elif kind in _DECIMAL:
        ok = np.isfinite(numbers)
    elif inferred == "integer":
        ok = np.ones(m, dtype=bool)
    elif inferred == "decimal":
        ok = np.zeros(m, dtype=bool)  # strict int refuses a Decimal
    else:
        with np.errstate(invalid="ignore"):
            ok = np.isfinite(numbers) & (np.trunc(numbers) == numbers)
    states = _range_states(kind, numbers, np.where(ok, _OK, _BAD).astype(np.int8))
    return np.where(states == _OK, numbers, np.nan), states


def _classify(kind: Kind, uniques: ObjectArray, inferred: str) -> tuple[FloatArray, Int8Array]:
    """Numbers and states of distinct values of one Python type; same answers as _verdict."""
    m = len(uniques)
    numbers = np.full(m, np.nan)
    numeric_types = ("integer", "floating", "mixed-integer-float", "decimal")
    if inferred == "string" and kind in ("text", "src", "key"):
        empty = uniques == ""
        if kind == "text":
            bad = np.fromiter((u.isspace() for u in uniques), dtype=bool, count=m)
        elif kind == "key":
            match = _KEY.fullmatch
            bad = np.fromiter((match(u) is None for u in uniques), dtype=bool, count=m)
        else:
            bad = np.zeros(m, dtype=bool)
        states = np.where(empty, _BLANK, np.where(bad, _BAD, _OK)).astype(np.int8)
        return numbers, states
    if inferred in numeric_types and (kind in _WHOLE or kind in _DECIMAL):
        read = _classify_numbers(kind, uniques, inferred)
        if read is not None:
            return read
    if inferred == "string" and (kind in _WHOLE or kind in _DECIMAL):
        pattern = _INTEGER_TEXT if kind in _WHOLE else _DECIMAL_TEXT
        ok = np.fromiter((pattern.fullmatch(u) is not None for u in uniques), bool, count=m)
        numbers[ok] = [float(u) for u in uniques[ok]]
        empty = uniques == ""
        states = np.where(empty, _BLANK, np.where(ok, _OK, _BAD)).astype(np.int8)
        states = _range_states(kind, numbers, states)
        return np.where(states == _OK, numbers, np.nan), states
    verdicts = [_verdict(kind, u) for u in uniques]
    numbers = np.fromiter((v.number for v in verdicts), dtype=np.float64, count=m)
    states = np.fromiter((v.state for v in verdicts), dtype=np.int8, count=m)
    return numbers, states


# infer_dtype results whose values hash alike only when they read alike, so each distinct
# value can be read once (factorize); anything else ("mixed", ...) is split by Python type.
_HOMOGENEOUS = frozenset(
    {"string", "decimal", "integer", "floating", "mixed-integer-float", "date", "boolean"}
)


def _read_objects(kind: Kind, cells: ObjectArray, split: bool = True) -> _Column:
    n = len(cells)
    numeric = kind in _NUMERIC
    inferred = pd.api.types.infer_dtype(cells, skipna=True)
    if inferred == "empty":
        return _Column(np.full(n, np.nan) if numeric else None, np.full(n, _BLANK))
    if inferred in _HOMOGENEOUS:
        codes, uniques = pd.factorize(cells)
        numbers, states = _classify(kind, uniques, inferred)
        state: Int8Array = np.append(states, _BLANK)[codes]  # code -1 picks the blank appended last
        if inferred == "decimal":
            # pandas counts Decimal('NaN') as missing; the record path refuses it.
            for p in np.flatnonzero(codes == -1):
                if isinstance(cells[p], Decimal):
                    state[p] = _BAD
        if not numeric:
            return _Column(None, state, codes, uniques)
        return _Column(np.append(numbers, np.nan)[codes], state)
    if not split:
        verdicts = [_verdict(kind, c) for c in cells]
        state = np.fromiter((v.state for v in verdicts), dtype=np.int8, count=n)
        if not numeric:
            return _Column(None, state)
        return _Column(np.fromiter((v.number for v in verdicts), np.float64, count=n), state)
    # Mixed types: 1, 1.0, True and Decimal(1) hash alike but do not read alike, so read
    # each Python type on its own.
    type_codes, _ = pd.factorize(np.array([type(c) for c in cells], dtype=object))
    state = np.empty(n, dtype=np.int8)
    mixed: FloatArray | None = np.full(n, np.nan) if numeric else None
    for t in range(int(type_codes.max(initial=-1)) + 1):
        where = np.flatnonzero(type_codes == t)
        part = _read_objects(kind, cells[where], split=False)
        state[where] = part.state
        if mixed is not None and part.numbers is not None:
            mixed[where] = part.numbers
    return _Column(mixed, state)


def _read_numbers(kind: Kind, values: FloatArray, exact_ints: bool) -> _Column:
    """A float64 view of a numeric column, read as the record path reads each number."""
    n = len(values)
    blank = np.isnan(values)
    if kind in _WHOLE:
        # Integral floats are whole numbers (io._typed); fractions and infinities are not.
        if exact_ints:
            ok = ~blank
        else:
            with np.errstate(invalid="ignore"):
                ok = np.isfinite(values) & (np.trunc(values) == values)
    elif kind in _DECIMAL:
        ok = np.isfinite(values)
    else:  # a number where a date or text belongs is refused
        ok = np.zeros(n, dtype=bool)
    states = np.where(blank, _BLANK, np.where(ok, _OK, _BAD)).astype(np.int8)
    states = _range_states(kind, values, states)
    if kind not in _NUMERIC:
        return _Column(None, states)
    bad = states == _BAD
    if not bad.any():
        return _Column(values, states)  # NaN already marks every blank
    return _Column(np.where(bad, np.nan, values), states)


def _read(kind: Kind, series: pd.Series[Any]) -> _Column:
    """Read a column of any dtype; never writes to (or returns for writing) the table's data."""
    dtype = series.dtype
    numeric_dtype = pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_float_dtype(dtype)
    if kind == "version" or not numeric_dtype or pd.api.types.is_bool_dtype(dtype):
        return _read_objects(kind, series.to_numpy(dtype=object))
    numbers = series.to_numpy(dtype=np.float64, na_value=np.nan)
    return _read_numbers(kind, numbers, pd.api.types.is_integer_dtype(dtype))


# --------------------------------------------------------------------------------------------
# Metrics
# --------------------------------------------------------------------------------------------

_COMPUTE_INPUTS: dict[str, Kind] = {
    "price.final": "positive",
    "shares.offer_final": "count",
    "proceeds.expenses": "nonneg",
    "first_day.open": "positive",
    "first_day.close": "positive",
    "shares.shares_in_issue_after_listing": "count",
}


def _metric_input(kind: Kind, path: str, table: pd.DataFrame) -> FloatArray:
    """A metric input as float64: NaN where blank or refused by the record path.

    Numbers outside a formula's domain (a price <= 0, a negative count) are left to
    :mod:`ipometrics.metrics`, which turns them into NaN itself; here only what the formulas
    would take (infinity, a fractional share count) is blanked. A float64 column with
    nothing to blank is used as it is, without a copy.
    """
    if path not in table.columns:
        return np.full(len(table), np.nan)
    series = table[path]
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype) or not (
        pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_float_dtype(dtype)
    ):
        numbers = _read(kind, series).numbers
        assert numbers is not None  # numeric kinds always have numbers
        return numbers
    values = series.to_numpy(dtype=np.float64, na_value=np.nan)
    if pd.api.types.is_integer_dtype(dtype):
        return values
    with np.errstate(invalid="ignore"):
        if kind in _WHOLE:
            ok = np.isfinite(values) & (np.trunc(values) == values)
            if np.count_nonzero(ok) + np.count_nonzero(np.isnan(values)) == len(values):
                return values  # only blanks are not whole numbers: nothing to blank
            return np.where(ok, values, np.nan)
        infinite = np.isinf(values)
    return np.where(infinite, np.nan, values) if infinite.any() else values


def _check_frame(table: object) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a pandas DataFrame, got {type(table).__name__}")
    return table


def compute(table: pd.DataFrame) -> pd.DataFrame:
    """The metric columns of :func:`ipometrics.to_frame` for every row of a flat table.

    Each metric is one call of its :mod:`ipometrics.metrics` formula on whole columns; no
    record is built.

    Parameters
    ----------
    table : pandas.DataFrame
        A flat table (:func:`ipometrics.io.to_table` / :func:`ipometrics.io.read_csv` columns),
        one row per offering. Reads ``price.final`` [currency/share], ``shares.offer_final``
        [shares], ``proceeds.expenses`` [currency], ``first_day.open`` and
        ``first_day.close`` [currency/share] and ``shares.shares_in_issue_after_listing``
        [shares]; a missing column is unknown in every row. Cells may be ``float64``,
        ``int64``, ``Decimal``, ``int`` or decimal text.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`METRIC_COLUMNS`, ``float64``, with the table's index:
        ``gross_proceeds``, ``net_proceeds``, ``market_cap_offer``, ``market_cap_open``,
        ``market_cap_close`` and ``money_left_on_table`` [currency]; ``open_return`` and
        ``close_return`` [fraction].

    Raises
    ------
    TypeError
        If ``table`` is not a DataFrame.
    ValueError
        If ``table`` has none of the columns the metrics read.

    Notes
    -----
    A blank cell, and a cell the record path refuses (a price <= 0, a fractional or negative
    share count, text that is not a decimal, infinity), is ``NaN``, and so is every metric
    that needs it. On valid rows the numbers equal :func:`ipometrics.to_frame`'s: the same
    ``float64`` inputs go through the same formulas.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame(
    ...     {"price.final": [116.20, 0.0], "shares.offer_final": [37_419_500, 1_000],
    ...      "first_day.close": [131.50, 5.0]},
    ...     index=["02513.HK", "bad"],
    ... )
    >>> out = compute(table)
    >>> float(out.loc["02513.HK", "gross_proceeds"]) / 1e6
    4348.1459
    >>> round(float(out.loc["02513.HK", "close_return"]), 4)
    0.1317
    >>> bool(out.loc["bad"].isna().all())
    True
    """
    table = _check_frame(table)
    if not any(path in table.columns for path in _COMPUTE_INPUTS):
        raise ValueError(
            "table has none of the flat-table columns compute reads "
            f"({', '.join(_COMPUTE_INPUTS)}); see ipometrics.io.table_columns()"
        )
    x = {path: _metric_input(kind, path, table) for path, kind in _COMPUTE_INPUTS.items()}
    price, shares = x["price.final"], x["shares.offer_final"]
    open_, close = x["first_day.open"], x["first_day.close"]
    outstanding = x["shares.shares_in_issue_after_listing"]
    gross = metrics.gross_proceeds(price, shares)
    columns: dict[str, FloatArray] = {
        "gross_proceeds": gross,
        "net_proceeds": metrics.net_proceeds(gross, x["proceeds.expenses"]),
        "open_return": metrics.first_day_return(price, open_),
        "close_return": metrics.first_day_return(price, close),
        "market_cap_offer": metrics.market_cap(price, outstanding),
        "market_cap_open": metrics.market_cap(open_, outstanding),
        "market_cap_close": metrics.market_cap(close, outstanding),
        "money_left_on_table": metrics.money_left_on_table(price, close, shares),
    }
    # copy=False: one block per column, no consolidation copy of the results.
    result: pd.DataFrame = pd.DataFrame(columns, index=table.index, copy=False)
    return result


# --------------------------------------------------------------------------------------------
# The flat schema (from the record models, read once, when validate first runs)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Schema:
    kinds: dict[str, Kind]  # figure path -> kind, in the models' field order
    required_groups: tuple[str, ...]  # groups a record must have: identity, dates, ...


def _kind_of(value_type: Any, path: str) -> Kind:
    """The reader for a figure's value type (``Figure[V]``'s ``V``) in ipometrics.models."""
    from annotated_types import Ge, Gt

    if get_origin(value_type) is Literal:
        if tuple(get_args(value_type)) != _EXCHANGES:
            raise TypeError(f"{path}: no columnar reader for {value_type!r}")
        return "exchange"
    base, *meta = get_args(value_type) if hasattr(value_type, "__metadata__") else (value_type,)
    gt = any(isinstance(m, Gt) for m in meta)
    ge = any(isinstance(m, Ge) for m in meta)
    if base is int:
        return "lot" if gt else "count" if ge else "signed"
    if base is Decimal:
        return "positive" if gt else "nonneg" if ge else "exact"
    if base is date:
        return "day"
    if base is str:
        patterns = [getattr(p, "pattern", None) for m in meta for p in getattr(m, "metadata", [])]
        if "^[A-Z]{3}$" in patterns:
            return "currency"
        if any(patterns):
            raise TypeError(f"{path}: no columnar reader for the pattern in {value_type!r}")
        return "text"
    raise TypeError(f"{path}: no columnar reader for {value_type!r}")


@cache
def _schema() -> _Schema:
    """Every figure of the flat table with its reader, from :class:`~ipometrics.models.Offering`."""
    from pydantic import BaseModel

    from ipometrics.models import Figure, Offering

    kinds: dict[str, Kind] = {}

    def walk(cls: type[BaseModel], prefix: str) -> None:
        for name, info in cls.model_fields.items():
            candidates = [info.annotation, *get_args(info.annotation)]
            types = [c for c in candidates if isinstance(c, type) and get_origin(c) is None]
            figure = next((c for c in types if issubclass(c, Figure)), None)
            if figure is not None:
                (value_type,) = figure.__pydantic_generic_metadata__["args"]
                kinds[prefix + name] = _kind_of(value_type, prefix + name)
                continue
            group = next((c for c in types if issubclass(c, BaseModel)), None)
            if group is not None and get_origin(info.annotation) not in (list, dict):
                walk(group, f"{prefix}{name}.")

    walk(Offering, "")
    groups = {p.split(".")[0] for p in kinds}
    required = tuple(
        name
        for name, info in Offering.model_fields.items()
        if info.is_required() and name in groups
    )
    return _Schema(kinds, required)


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------

Message = Callable[[int], str]


def _shown(value: object) -> str:
    """A value as pydantic shows it in a message (repr, cut at 80 characters)."""
    text = repr(value)
    return text[:77] + "..." if len(text) > 80 else text


def _int(value: float) -> str:
    return f"{int(value):,}"


def _iso(day: float) -> str:
    return date.fromordinal(int(day)).isoformat()


def _fixed(text: str) -> Message:
    return lambda p: text


#: Text columns whose distinct values the record rules read (stock code per exchange).
_LABELLED = frozenset({"identity.exchange", "identity.stock_code"})


class _Checker:
    """The table, read lazily column by column, and the problems found so far."""

    def __init__(self, table: pd.DataFrame, schema: _Schema) -> None:
        self.table = table
        self.schema = schema
        self.n = len(table)
        self.columns = set(table.columns)
        self._read: dict[str, _Column] = {}
        self._cells: dict[str, npt.NDArray[Any]] = {}  # columns' arrays, for messages
        self._seq = _counter()
        self._found: list[tuple[IntArray, int, str, list[str], list[str]]] = []

    # ------------------------------------------------------------------ reading

    def kind(self, column: str) -> Kind:
        if column.endswith(".src"):
            return "src"
        if column == "key":
            return "key"
        if column == "schema_version":
            return "version"
        return self.schema.kinds[column]

    def column(self, column: str) -> _Column:
        """A column read (cached); a column the table lacks is blank in every row."""
        if column not in self._read:
            kind = self.kind(column)
            if column in self.columns:
                read = _read(kind, self.table[column])
                if column not in _LABELLED:  # keep distinct values only where used
                    read.codes = read.uniques = None
                self._read[column] = read
            else:
                numbers = np.full(self.n, np.nan) if kind in _NUMERIC else None
                self._read[column] = _Column(numbers, np.full(self.n, _BLANK))
        return self._read[column]

    def num(self, path: str) -> FloatArray:
        """Known numbers of a column [its unit; dates as day ordinals], NaN elsewhere."""
        numbers = self.column(path).numbers
        if numbers is None:
            raise TypeError(f"{path} is not a numeric column")
        return numbers

    def known(self, path: str) -> BoolArray:
        return self.column(path).known

    def blank(self, path: str) -> BoolArray:
        return self.column(path).blank

    def present(self, prefix: str) -> BoolArray:
        """Rows where a figure under ``prefix`` has a value or a source: the group exists."""
        found = np.zeros(self.n, dtype=bool)
        for path in self.schema.kinds:
            if path.startswith(prefix):
                for column in (path, f"{path}.src"):
                    if column in self.columns:
                        found |= ~self.blank(column)
        return found

    def labels(self, path: str) -> tuple[IntArray, ObjectArray]:
        """Known text of a column by distinct value: ``(codes, uniques)``, code -1 unknown."""
        col = self.column(path)
        if col.codes is not None and col.uniques is not None:
            return np.where(col.known, col.codes, -1), col.uniques
        if path not in self.columns:
            return np.full(self.n, -1, dtype=np.intp), np.array([], dtype=object)
        cells = self.table[path].to_numpy(dtype=object).copy()
        cells[~col.known] = None
        codes, uniques = pd.factorize(cells)
        return codes, np.asarray(uniques, dtype=object)

    def exchange(self) -> tuple[BoolArray, BoolArray]:
        """Rows listed in Hong Kong, and rows listed in Shanghai or Shenzhen."""
        codes, uniques = self.labels("identity.exchange")
        hk: BoolArray = np.append(uniques == "SEHK", False)[codes]
        mainland: BoolArray = np.append((uniques == "SSE") | (uniques == "SZSE"), False)[codes]
        return hk, mainland

    def cell(self, column: str, pos: int) -> object:
        """The cell as the record path receives it (numpy scalars as Python ones)."""
        if column not in self._cells:
            # The column's own array (a view for numpy dtypes): no boxing of every number.
            self._cells[column] = self.table[column].to_numpy()
        return _unwrap(self._cells[column][pos])

    def text(self, path: str, pos: int) -> str:
        """A known value as the record path prints it in a message."""
        kind = self.schema.kinds[path]
        if kind in _WHOLE:
            return _int(self.num(path)[pos])
        if kind == "day":
            return _iso(self.num(path)[pos])
        cell = self.cell(path, pos)
        return str(_exact(cell)) if kind in _DECIMAL else str(cell)

    # ------------------------------------------------------------------ reporting

    def add(self, rule: str, mask: BoolArray, path: str | Message, message: Message) -> None:
        """Report ``rule`` for every row of ``mask``; paths and messages are built per row."""
        rows = np.flatnonzero(mask)
        if rows.size == 0:
            return
        paths = [path(int(p)) if callable(path) else path for p in rows]
        self._found.append((rows, next(self._seq), rule, paths, [message(int(p)) for p in rows]))

    def problems(self) -> pd.DataFrame:
        """The problems as a frame, by row, then in the order the checks ran."""
        if not self._found:
            return _problem_frame([], [], [], [], [])
        rows = np.concatenate([f[0] for f in self._found])
        seq = np.concatenate([np.full(len(f[0]), f[1]) for f in self._found])
        order = np.lexsort((seq, rows))
        rules = np.concatenate([np.full(len(f[0]), f[2], dtype=object) for f in self._found])
        paths = np.array([p for f in self._found for p in f[3]], dtype=object)
        messages = np.array([m for f in self._found for m in f[4]], dtype=object)
        rows = rows[order]
        if "key" in self.columns:
            cells = self.table["key"].to_numpy(dtype=object)[rows]
            keys: list[object] = [k if isinstance(k, str) and k else None for k in cells]
        else:
            keys = [None] * len(rows)
        return _problem_frame(
            list(self.table.index[rows]),
            keys,
            list(rules[order]),
            list(paths[order]),
            list(messages[order]),
        )


def _problem_frame(
    rows: list[Any], keys: list[Any], rules: list[Any], paths: list[Any], messages: list[Any]
) -> pd.DataFrame:
    columns = (rows, keys, rules, paths, messages)
    frame: pd.DataFrame = pd.DataFrame(
        {
            name: pd.Series(values, dtype=object)
            for name, values in zip(PROBLEM_COLUMNS, columns, strict=True)
        }
    )
    return frame


# Field rules --------------------------------------------------------------------------------


def _field_problems(c: _Checker) -> None:
    """Field rules: every cell of every flat column, read as the record's field types read it."""
    if "key" in c.columns:
        _report_cells(c, "key", "key")
    c.add("format.required_field", c.blank("key"), "key", _fixed("key: Field required"))
    if "schema_version" in c.columns:
        _report_cells(c, "schema_version", "schema_version")
    for group in c.schema.required_groups:
        missing = ~c.present(f"{group}.")
        c.add("format.required_field", missing, group, _fixed(f"{group}: Field required"))
    for path in c.schema.kinds:
        if path in c.columns:
            _report_cells(c, path, f"{path}.value")
        if f"{path}.src" in c.columns:
            _report_cells(c, f"{path}.src", f"{path}.src")
        if path in c.columns:
            no_source = c.known(path) & c.blank(f"{path}.src")
            c.add("sources.figure_has_source", no_source, path, _no_source(c, path))


def _report_cells(c: _Checker, column: str, loc: str) -> None:
    """One problem per refused cell, with the rule and message the record path gives."""
    bad = c.column(column).state == _BAD
    if not bad.any():
        return
    kind = c.kind(column)
    by_rule: dict[str, list[int]] = {}
    messages: dict[int, str] = {}
    for p in map(int, np.flatnonzero(bad)):
        cell = c.cell(column, p)
        verdict = _verdict(kind, cell)
        by_rule.setdefault(verdict.rule, []).append(p)
        if ", got " in verdict.message:  # the message names the value already
            messages[p] = f"{loc}: {verdict.message}"
        else:
            shown = _as_whole(cell) if kind in _WHOLE or kind == "version" else cell
            messages[p] = f"{loc}: {verdict.message}, got {_shown(shown)}"
    for rule, rows in by_rule.items():
        mask = np.zeros(c.n, dtype=bool)
        mask[rows] = True
        c.add(rule, mask, loc, messages.__getitem__)


def _no_source(c: _Checker, path: str) -> Message:
    kind = c.schema.kinds[path]

    def message(p: int) -> str:
        cell = c.cell(path, p)
        value: object = cell
        if kind in _WHOLE:
            value = int(c.num(path)[p])
        elif kind in _DECIMAL:
            value = _exact(cell)
        elif kind == "day":
            value = date.fromordinal(int(c.num(path)[p]))
        return (
            f"{path}: Value error, a published figure needs its source: value {value!r} has "
            f"no src, got {_shown({'value': value})}"
        )

    return message


# Record rules (validation.record_problems, column-wise) --------------------------------------


def _required(c: _Checker, rule: str, path: str) -> None:
    c.add(rule, c.blank(path), path, _fixed(f"{path}: required, got None"))


def _identity_rules(c: _Checker) -> None:
    for name in ("name_en", "stock_code", "exchange", "currency"):
        _required(c, "identity.required", f"identity.{name}")
    hk, mainland = c.exchange()
    codes, uniques = c.labels("identity.stock_code")
    digits = np.fromiter(
        (len(u) if u.isascii() and u.isdigit() else 0 for u in uniques), np.intp, len(uniques)
    )
    row_digits = np.append(digits, -1)[codes]
    wrong = ((hk & (row_digits != 5)) | (mainland & (row_digits != 6))) & (codes >= 0)

    def code_message(p: int) -> str:
        exchange = "SEHK" if hk[p] else c.cell("identity.exchange", p)
        return (
            f"identity.stock_code: {exchange} codes have {5 if hk[p] else 6} digits, "
            f"got {uniques[codes[p]]!r}"
        )

    c.add("identity.stock_code_format", wrong, "identity.stock_code", code_message)
    c.add(
        "trading.hk_board_lot",
        hk & c.blank("identity.board_lot"),
        "identity.board_lot",
        _fixed("identity.board_lot: required for a Hong Kong offering, got None"),
    )
    for tranche in ("hk_public", "hk_international"):
        path = f"shares.{tranche}"
        c.add(
            "tranches.hk_present",
            hk & ~c.present(f"{path}."),
            path,
            _fixed(f"{path}: required for a Hong Kong offering, got None"),
        )


def _compare(
    c: _Checker, rule: str, mask: BoolArray, path: str, left: str, verb: str, right: str
) -> None:
    """Report ``left`` ``verb`` ``right`` (e.g. "is above") where ``mask`` holds."""
    c.add(
        rule, mask, path, lambda p: f"{left}: {c.text(left, p)} {verb} {right} {c.text(right, p)}"
    )


def _price_rules(c: _Checker) -> None:
    final, low, high = c.num("price.final"), c.num("price.range_low"), c.num("price.range_high")
    with np.errstate(invalid="ignore"):
        below, above, swapped = final < low, final > high, low > high
    _compare(
        c,
        "price.range_order",
        swapped,
        "price.range_low",
        "price.range_low",
        "is above",
        "price.range_high",
    )
    _required(c, "price.final_required", "price.final")
    _compare(
        c,
        "price.final_in_range",
        below,
        "price.final",
        "price.final",
        "is below",
        "price.range_low",
    )
    _compare(
        c,
        "price.final_in_range",
        above,
        "price.final",
        "price.final",
        "is above",
        "price.range_high",
    )


_DATE_ORDER = ("prospectus", "offer_open", "offer_close", "allotment_results", "listing")


def _order_problems(
    c: _Checker, wrong: BoolArray, before: FloatArray, before_name: IntArray, later: str
) -> None:
    def path(p: int) -> str:
        return f"dates.{_DATE_ORDER[before_name[p]]}"

    def message(p: int) -> str:
        a = _DATE_ORDER[before_name[p]]
        return (
            f"dates.{a}: {_iso(before[p])} is after dates.{later} "
            f"{_iso(c.num(f'dates.{later}')[p])}; expected {a} <= {later}"
        )

    c.add("dates.order", wrong, path, message)


def _date_rules(c: _Checker) -> None:
    listing = c.num("dates.listing")
    _required(c, "dates.listing_required", "dates.listing")
    hk, _ = c.exchange()
    prospectus = c.num("dates.prospectus")
    with np.errstate(invalid="ignore"):
        late_prospectus = ~hk & (prospectus > listing)
    _compare(
        c,
        "dates.prospectus_before_listing",
        late_prospectus,
        "dates.prospectus",
        "dates.prospectus",
        "is after",
        "dates.listing",
    )
    # Each known date against the last known one before it (the prospectus counts in Hong
    # Kong only: a STAR final prospectus comes out after the subscription).
    last = np.where(hk, prospectus, np.nan)
    last_name = np.where(hk, 0, -1)
    for i, name in enumerate(_DATE_ORDER[1:], start=1):
        current = c.num(f"dates.{name}")
        with np.errstate(invalid="ignore"):
            wrong = current < last
        _order_problems(c, wrong, last.copy(), last_name.copy(), name)
        known = ~np.isnan(current)
        last = np.where(known, current, last)
        last_name = np.where(known, i, last_name)
    with np.errstate(invalid="ignore"):
        late_pricing = c.num("dates.price_determination") > listing
    _compare(
        c,
        "dates.pricing_before_listing",
        late_pricing,
        "dates.price_determination",
        "dates.price_determination",
        "is after",
        "dates.listing",
    )
    first = c.num("first_day.date")
    differs = ~np.isnan(first) & ~np.isnan(listing) & (first != listing)
    _compare(
        c,
        "dates.first_day_is_listing",
        differs,
        "first_day.date",
        "first_day.date",
        "differs from",
        "dates.listing",
    )


def _sum_rule(
    c: _Checker,
    rule: str,
    label: str,
    parts: list[tuple[str, FloatArray]],
    total: tuple[str, FloatArray],
    where: BoolArray | None = None,
) -> None:
    """validation._sum_check column-wise: known parts add up to the known total [shares]."""
    got = np.zeros(c.n)
    for _, values in parts:
        got = got + values
    expected = total[1]
    with np.errstate(invalid="ignore"):
        wrong = ~np.isnan(got) & ~np.isnan(expected) & (got != expected)
    if where is not None:
        wrong &= where
    terms = " + ".join(name for name, _ in parts)

    def message(p: int) -> str:
        shown = " + ".join(f"({_int(v[p])})" if v[p] < 0 else _int(v[p]) for _, v in parts)
        return (
            f"{label}: {terms} = {shown} = {_int(got[p])}, expected {total[0]} = "
            f"{_int(expected[p])}"
        )

    c.add(rule, wrong, label.split(" ")[0], message)


def _tranche_rules(c: _Checker) -> None:
    s = c.num
    offer_initial, offer_final = s("shares.offer_initial"), s("shares.offer_final")
    # An offer-size-adjustment option nobody reported counts as 0 shares.
    osa_path = "shares.offer_size_adjustment_option_exercised"
    osa = np.where(c.blank(osa_path), 0.0, s(osa_path))
    _required(c, "shares.offer_final_required", "shares.offer_final")
    _sum_rule(
        c,
        "options.offer_size",
        "shares.offer_final",
        [("shares.offer_initial", offer_initial), (osa_path, osa)],
        ("shares.offer_final", offer_final),
    )
    hk = c.present("shares.hk_public.") & c.present("shares.hk_international.")
    pub = {f: s(f"shares.hk_public.{f}") for f in ("initial", "reallocated", "final")}
    intl = {f: s(f"shares.hk_international.{f}") for f in ("initial", "reallocated", "final")}
    _sum_rule(
        c,
        "tranches.final_sum",
        "shares (final tranches)",
        [("hk_public.final", pub["final"]), ("hk_international.final", intl["final"])],
        ("shares.offer_final", offer_final),
        hk,
    )
    _sum_rule(
        c,
        "tranches.initial_sum",
        "shares (initial tranches)",
        [("hk_public.initial", pub["initial"]), ("hk_international.initial", intl["initial"])],
        ("shares.offer_initial", offer_initial),
        hk,
    )
    _sum_rule(
        c,
        "tranches.public_reconciles",
        "shares.hk_public",
        [("initial", pub["initial"]), ("reallocated", pub["reallocated"])],
        ("hk_public.final", pub["final"]),
        hk,
    )
    _sum_rule(
        c,
        "tranches.international_reconciles",
        "shares.hk_international",
        [
            ("initial", intl["initial"]),
            ("reallocated", intl["reallocated"]),
            ("offer_size_adjustment_option_exercised", osa),
        ],
        ("hk_international.final", intl["final"]),
        hk,
    )
    moved_in, moved_out = pub["reallocated"], intl["reallocated"]
    c.add(
        "tranches.reallocation_mirrors",
        hk & ~np.isnan(moved_in) & ~np.isnan(moved_out) & (moved_in != -moved_out),
        "shares.hk_public.reallocated",
        lambda p: (
            f"shares: hk_public.reallocated {_int(moved_in[p])} does not mirror "
            f"hk_international.reallocated {_int(moved_out[p])}; expected opposite signs, "
            "same size"
        ),
    )
    _star_rules(c, offer_final)


def _star_rules(c: _Checker, offer_final: FloatArray) -> None:
    s = c.num
    star = (
        c.present("shares.star_strategic.")
        & c.present("shares.star_offline.")
        & c.present("shares.star_online.")
    )
    strat = {
        f: s(f"shares.star_strategic.{f}") for f in ("initial", "final", "returned_to_offline")
    }
    off = {f: s(f"shares.star_offline.{f}") for f in ("initial", "final")}
    on = {f: s(f"shares.star_online.{f}") for f in ("initial", "final", "clawback_from_offline")}
    _sum_rule(
        c,
        "tranches.star_final_sum",
        "shares (final STAR tranches)",
        [
            ("star_strategic.final", strat["final"]),
            ("star_offline.final", off["final"]),
            ("star_online.final", on["final"]),
        ],
        ("shares.offer_final", offer_final),
        star,
    )
    _sum_rule(
        c,
        "tranches.star_online_clawback",
        "shares.star_online",
        [("initial", on["initial"]), ("clawback_from_offline", on["clawback_from_offline"])],
        ("star_online.final", on["final"]),
        star,
    )
    _sum_rule(
        c,
        "tranches.star_offline_clawback",
        "shares.star_offline",
        [
            ("final", off["final"]),
            ("star_online.clawback_from_offline", on["clawback_from_offline"]),
        ],
        ("star_offline.initial", off["initial"]),
        star,
    )
    _sum_rule(
        c,
        "tranches.star_before_clawback",
        "shares (STAR tranches before the clawback)",
        [
            ("star_strategic.final", strat["final"]),
            ("star_offline.initial", off["initial"]),
            ("star_online.initial", on["initial"]),
        ],
        ("shares.offer_final", offer_final),
        star,
    )
    _sum_rule(
        c,
        "tranches.star_strategic_return",
        "shares.star_strategic",
        [("final", strat["final"]), ("returned_to_offline", strat["returned_to_offline"])],
        ("star_strategic.initial", strat["initial"]),
        star,
    )


_LOT_FIGURES = (
    "shares.offer_initial",
    "shares.offer_final",
    "shares.offer_size_adjustment_option_exercised",
    "shares.over_allocated",
    "shares.hk_public.initial",
    "shares.hk_public.final",
    "shares.hk_international.initial",
    "shares.hk_international.final",
)


def _lot_problems(c: _Checker, path: str, lot: FloatArray) -> None:
    value = c.num(path)
    with np.errstate(invalid="ignore"):
        wrong = ~np.isnan(value) & ~np.isnan(lot) & (np.fmod(value, lot) != 0)

    def message(p: int) -> str:
        v, n = _int(value[p]), int(lot[p])
        return (
            f"{path}: {v} is not a whole number of board lots of {n} "
            f"({v} / {n} = {value[p] / lot[p]:,.2f})"
        )

    c.add("trading.whole_lots", wrong, path, message)


def _lot_rules(c: _Checker) -> None:
    lot = c.num("identity.board_lot")
    if np.isnan(lot).all():
        return
    for path in _LOT_FIGURES:
        _lot_problems(c, path, lot)


def _demand_rules(c: _Checker) -> None:
    base = "demand.hk_public"
    for kind in ("valid", "successful"):
        _sum_rule(
            c,
            "demand.pools_sum",
            f"{base}.{kind}_applications",
            [
                (f"pool_a_{kind}_applications", c.num(f"{base}.pool_a_{kind}_applications")),
                (f"pool_b_{kind}_applications", c.num(f"{base}.pool_b_{kind}_applications")),
            ],
            (f"{kind}_applications", c.num(f"{base}.{kind}_applications")),
        )
    for won, applied in (
        ("successful_applications", "valid_applications"),
        ("pool_a_successful_applications", "pool_a_valid_applications"),
        ("pool_b_successful_applications", "pool_b_valid_applications"),
        ("one_lot_successful_applications", "one_lot_valid_applications"),
    ):
        a, b = f"{base}.{won}", f"{base}.{applied}"
        with np.errstate(invalid="ignore"):
            exceeds = c.num(a) > c.num(b)
        _compare(c, "demand.successful_not_above_valid", exceeds, a, a, "exceeds", b)


def validate(table: pd.DataFrame) -> pd.DataFrame:
    """Problems of every row of a flat table, found column by column.

    Parameters
    ----------
    table : pandas.DataFrame
        A flat table (:func:`ipometrics.io.to_table` / :func:`ipometrics.io.read_csv`
        columns), one row per offering, any index.

    Returns
    -------
    pandas.DataFrame
        One row per problem, columns :data:`PROBLEM_COLUMNS`: ``row`` (the table's index
        label), ``key`` (the row's record key; ``None`` when it has none), ``rule`` (an id of
        :data:`COLUMNAR_RULES`), ``path`` (the field, named as the record path names it) and
        ``message`` (the field, the value and what was expected). Ordered by row, field
        problems first. Empty when every row passes.

    Raises
    ------
    TypeError
        If ``table`` is not a DataFrame.

    Notes
    -----
    The rules are those of :data:`COLUMNAR_RULES`, read with the record path's semantics:
    a cell :func:`ipometrics.io.read_table` refuses is refused here under the same rule, and
    is unknown to the cross-field rules. Unlike the record path, which runs the cross-field
    rules only once all fields of a record are valid, every rule runs on every row.
    :data:`RECORD_ONLY_RULES` need :func:`ipometrics.io.read_table`.

    Examples
    --------
    >>> import ipometrics as ipm
    >>> table = ipm.to_table(ipm.load_offerings())
    >>> table.loc[table["key"] == "zhipu", "shares.hk_public.final"] = 7_483_901
    >>> problems = validate(table)
    >>> problems[["key", "rule", "path"]]
         key                rule                    path
    0  zhipu  tranches.final_sum                  shares
    1  zhipu  trading.whole_lots  shares.hk_public.final
    >>> print(problems["message"].iloc[1])  # doctest: +NORMALIZE_WHITESPACE
    shares.hk_public.final: 7,483,901 is not a whole number of board lots of 100
    (7,483,901 / 100 = 74,839.01)
    """
    table = _check_frame(table)
    checker = _Checker(table, _schema())
    _field_problems(checker)
    _identity_rules(checker)
    _price_rules(checker)
    _date_rules(checker)
    _tranche_rules(checker)
    _lot_rules(checker)
    _demand_rules(checker)
    return checker.problems()


# --------------------------------------------------------------------------------------------
# The opt-in accessor
# --------------------------------------------------------------------------------------------


class IpoAccessor:
    """``DataFrame.<name>``: this module's functions as methods of a flat table.

    Registered by :func:`register_accessor` only; pandas builds one per frame on first use.
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self._frame = frame

    def metrics(self) -> pd.DataFrame:
        """:func:`compute` on this frame: the metric columns, same index."""
        return compute(self._frame)

    def validate(self) -> pd.DataFrame:
        """:func:`validate` on this frame: one row per problem."""
        return validate(self._frame)


def register_accessor(name: str = "ipo") -> None:
    """Register ``DataFrame.<name>.metrics()`` and ``DataFrame.<name>.validate()``.

    Nothing is registered when ipometrics is imported: call this once to opt in. Calling it
    again with the same name does nothing.

    Parameters
    ----------
    name : str
        Attribute name on :class:`pandas.DataFrame`, a Python identifier; default ``"ipo"``.

    Raises
    ------
    ValueError
        If ``name`` is not an identifier, or pandas already uses it for something else
        (``"plot"``, a method, another accessor).

    Examples
    --------
    >>> import ipometrics as ipm
    >>> from ipometrics.vector import register_accessor
    >>> register_accessor("ipo")
    >>> table = ipm.to_table(ipm.load_offerings())
    >>> round(float(table.ipo.metrics()["close_return"].max()), 4)  # MetaX, 829.90 / 104.66 - 1
    6.9295
    >>> table.ipo.validate().empty
    True
    """
    if not name.isidentifier():
        raise ValueError(f"name must be a Python identifier, got {name!r}")
    existing = getattr(pd.DataFrame, name, None)
    if existing is not None:
        if existing is IpoAccessor:  # pandas gives the accessor class on the class
            return
        raise ValueError(f"pandas.DataFrame already has an attribute {name!r}; choose another")
    pd.api.extensions.register_dataframe_accessor(name)(IpoAccessor)
