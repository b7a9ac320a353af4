"""The comparison as an Excel workbook: :func:`to_excel` (``ipometrics report --format xlsx``).

It reads the comparison tables of :mod:`ipometrics.frame` and, when a cohort currency is
given, :mod:`ipometrics.cohort`: it sits above both and neither imports it. openpyxl is the
optional extra ``xlsx`` and is imported only here, when a workbook is written.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

import pandas as pd

from ipometrics.frame import (
    COLUMNS,
    COUNT_COLUMNS,
    SOURCE_COLUMNS,
    MoneyArray,
    sources_frame,
    to_frame,
    unavailable_frame,
)
from ipometrics.models import Offering

if TYPE_CHECKING:
    from ipometrics.cohort import CohortStats
    from ipometrics.fx import FxTable

__all__ = ["SHEETS", "to_excel", "write_workbook"]

#: Sheet names, in order; the last two only with a cohort currency.
SHEETS: tuple[str, ...] = ("comparison", "sources", "unavailable", "cohort", "cohort_stats")

_INSTALL = "pip install 'ipometrics[xlsx]'"

#: Excel number format by unit (money formats add the currency per cell).
_FORMATS: dict[str, str] = {
    "shares": "#,##0",
    "count": "#,##0",
    "times": '#,##0.00"x"',
    "fraction": "0.00%",
    "date": "yyyy-mm-dd",
}
#: Fractions shown with a sign (returns) or to the decimals they are printed to (rates).
_COLUMN_FORMATS: dict[str, str] = {
    "open_return": "+0.00%;-0.00%;0.00%",
    "close_return": "+0.00%;-0.00%;0.00%",
    "close_return_published": "+0.00%;-0.00%;0.00%",
    "lottery_rate": "0.00000000%",
    "lottery_rate_final": "0.00000000%",
    "fx_rate": "0.000000",
}


@dataclass(frozen=True)
class _Cell:
    value: Any
    number_format: str | None = None


def _openpyxl() -> Any:
    try:
        import openpyxl  # type: ignore[import-untyped]  # no type information shipped
    except ImportError as err:
        raise ImportError(
            "ipometrics.excel.to_excel needs openpyxl, the optional extra 'xlsx': " + _INSTALL
        ) from err
    return openpyxl


def _unit(doc: str) -> str:
    match = re.search(r"\[([^\]]+)\]$", doc)
    return match.group(1) if match else ""


def _plain(value: Any) -> Any:
    """A cell value openpyxl writes: None for empty, a date for a timestamp at midnight."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date() if value == value.normalize() else value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        return value.item()  # numpy scalar
    return value


def _money_format(unit: str, currency: str) -> str:
    prefix = f'"{currency} "' if currency else ""
    return prefix + ("#,##0.00##" if unit.endswith("/share") else "#,##0.00")


def _column(
    column: str, series: pd.Series[Any], doc: str, currency: str | None
) -> tuple[str, list[_Cell]]:
    """The header (name and unit) and cells of one column."""
    unit = _unit(doc)
    values = series.array
    if isinstance(values, MoneyArray):
        codes = values.currencies.tolist()
        shared = currency or (codes[0] if len(set(codes)) == 1 and codes else None)
        header_unit = unit.replace("currency", shared) if shared else unit
        cells = [
            _Cell(None if a != a else (e if e is not None else a), _money_format(unit, c))
            for a, e, c in zip(values._amounts.tolist(), values.exact.tolist(), codes, strict=True)
        ]
        return f"{column} [{header_unit}]", cells
    if currency and unit in ("currency", "currency/share"):  # cohort money, one currency
        fmt = _money_format(unit, currency)
        header_unit = unit.replace("currency", currency, 1)
    else:
        fmt = _COLUMN_FORMATS.get(column, _FORMATS.get(unit, ""))
        header_unit = unit
    if column in COUNT_COLUMNS:
        fmt = "#,##0"
    cells = [_Cell(_plain(v), fmt or None) for v in series.tolist()]
    header = column if header_unit in ("", "text") else f"{column} [{header_unit}]"
    return header, cells


def _sheet(
    book: Any,
    title: str,
    frame: pd.DataFrame,
    docs: Mapping[str, str],
    *,
    index: str | None = None,
    currency: str | None = None,
) -> Any:
    """One table: bold header row with units, frozen, filterable; one row per frame row."""
    ws = book.create_sheet(title)
    columns: list[tuple[str, list[_Cell]]] = []
    if index is not None:
        columns.append((index, [_Cell(str(v)) for v in frame.index]))
    for i, name in enumerate(frame.columns):
        columns.append(_column(str(name), frame.iloc[:, i], docs.get(str(name), ""), currency))
    _write(ws, columns, len(frame))
    return ws


def _write(ws: Any, columns: list[tuple[str, list[_Cell]]], n_rows: int) -> None:
    from openpyxl.styles import Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    for j, (header, cells) in enumerate(columns, start=1):
        ws.cell(row=1, column=j, value=header).font = Font(bold=True)
        width = len(header)
        for i, cell in enumerate(cells, start=2):
            target = ws.cell(row=i, column=j, value=cell.value)
            if cell.number_format and cell.value is not None:
                target.number_format = cell.number_format
            width = max(width, min(len(str(cell.value)) + 2, 60))
        ws.column_dimensions[get_column_letter(j)].width = width + 2
    ws.freeze_panes = "B2"
    if columns and n_rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{n_rows + 1}"


def _stats_sheet(book: Any, stats: CohortStats) -> None:
    """The cohort statistics, what was left out of them, and the exchange rates used."""
    from openpyxl.styles import Font

    ws = book.create_sheet("cohort_stats")
    cur = stats.currency

    def fraction(value: Decimal | None) -> float | None:
        return None if value is None else float(value)

    rows: list[tuple[str, Any, str, str]] = [
        ("currency", cur, "text", ""),
        ("offerings", len(stats.offerings), "count", "#,##0"),
        ("offerings in the first-day statistics", stats.n_used, "count", "#,##0"),
        (
            "first-day return, equal-weighted mean",
            fraction(stats.mean_first_day_return),
            "fraction",
            "+0.00%;-0.00%;0.00%",
        ),
        (
            "first-day return, proceeds-weighted mean",
            fraction(stats.weighted_mean_first_day_return),
            "fraction",
            "+0.00%;-0.00%;0.00%",
        ),
        (
            "first-day return, median",
            fraction(stats.median_first_day_return),
            "fraction",
            "+0.00%;-0.00%;0.00%",
        ),
        ("deals with a published top of range", stats.n_with_range, "count", "#,##0"),
        ("deals priced at the top of the range", stats.n_priced_at_top, "count", "#,##0"),
        (
            "share priced at the top of the range",
            fraction(stats.share_priced_at_top),
            "fraction",
            "0.00%",
        ),
        ("gross proceeds, total", stats.total_gross_proceeds, cur, _money_format("", cur)),
        (
            "money left on the table, total",
            stats.total_money_left_on_table,
            cur,
            _money_format("", cur),
        ),
    ]
    for j, header in enumerate(("statistic", "value", "unit"), start=1):
        ws.cell(row=1, column=j, value=header).font = Font(bold=True)
    for i, (label, value, unit, fmt) in enumerate(rows, start=2):
        ws.cell(row=i, column=1, value=label)
        cell = ws.cell(row=i, column=2, value=value)
        if fmt and value is not None:
            cell.number_format = fmt
        ws.cell(row=i, column=3, value=unit)
    row = len(rows) + 3
    blocks: list[tuple[str, list[str], list[list[Any]]]] = [
        (
            "left out",
            ["key", "code", "statistic", "reason"],
            [[e.key, e.code, e.statistic, e.reason] for e in stats.excluded],
        ),
        (
            "exchange rates used",
            ["key", "pair", "date", "rate", "method", "detail", "sources"],
            [[_plain(v) for v in r] for r in stats.fx_rates().itertuples(index=False)],
        ),
    ]
    for title, headers, body in blocks:
        if not body:
            continue
        ws.cell(row=row, column=1, value=title).font = Font(bold=True, italic=True)
        row += 1
        for j, header in enumerate(headers, start=1):
            ws.cell(row=row, column=j, value=header).font = Font(bold=True)
        for values in body:
            row += 1
            for j, value in enumerate(values, start=1):
                cell = ws.cell(row=row, column=j, value=value)
                if isinstance(value, date | datetime):
                    cell.number_format = "yyyy-mm-dd"
        row += 2
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 22


def write_workbook(
    offerings: Iterable[Offering],
    path: str | os.PathLike[str] | IO[bytes],
    *,
    currency: str | None = None,
    rates: FxTable | None = None,
) -> None:
    """Write the workbook; see :func:`to_excel`."""
    openpyxl = _openpyxl()
    items = list(offerings)
    frame = to_frame(items)
    cohort: pd.DataFrame | None = None
    stats: CohortStats | None = None
    if currency is not None:  # first, so a missing rate fails before anything is written
        from ipometrics.cohort import cohort_frame, cohort_stats
        from ipometrics.fx import load_fx_rates

        table = load_fx_rates() if rates is None else rates
        cohort = cohort_frame(items, currency, table)
        stats = cohort_stats(items, currency, table)
    book = openpyxl.Workbook()
    book.remove(book.active)
    _sheet(book, "comparison", frame, COLUMNS, index="code")
    _sheet(book, "sources", sources_frame(items), SOURCE_COLUMNS)
    _sheet(book, "unavailable", unavailable_frame(frame), {})
    if cohort is not None and stats is not None:
        from ipometrics.cohort import COHORT_COLUMNS

        _sheet(book, "cohort", cohort, COHORT_COLUMNS, index="code", currency=stats.currency)
        _stats_sheet(book, stats)
    book.save(path)


def to_excel(
    offerings: Iterable[Offering],
    path: str | os.PathLike[str] | IO[bytes],
    *,
    currency: str | None = None,
    rates: FxTable | None = None,
) -> None:
    """Write the comparison as an Excel workbook, one sheet per table.

    Parameters
    ----------
    offerings : iterable of Offering
        The records.
    path : str, PathLike or binary file
        Where to write the ``.xlsx`` file; an existing file is replaced.
    currency : str, optional
        Also write the cohort in this currency (ISO 4217), each offering converted at its
        listing date: the sheets ``cohort`` (:func:`ipometrics.cohort.cohort_frame`) and
        ``cohort_stats`` (:func:`ipometrics.cohort.cohort_stats`). Default: no cohort.
    rates : FxTable, optional
        Rates for the cohort; default the bundled sourced rates
        (:func:`ipometrics.fx.load_fx_rates`).

    Raises
    ------
    ImportError
        Without openpyxl (``pip install 'ipometrics[xlsx]'``).
    IpoDataError
        A cohort currency some offering's money cannot be converted to: the message names
        every missing rate.

    Notes
    -----
    Sheets: ``comparison`` (one row per offering, the columns of
    :data:`ipometrics.frame.COLUMNS`), ``sources`` (:func:`ipometrics.frame.sources_frame`),
    ``unavailable`` (:func:`ipometrics.frame.unavailable_frame`: every empty cell of the
    comparison and why), then the cohort sheets. Headers carry the unit
    (``gross_proceeds [HKD]``; ``[currency]`` when the rows mix currencies, each money cell
    then showing its own). Money is the records' exact value where the frame has it, dates
    are Excel dates, fractions are shown as percent, and empty cells are empty.
    """
    write_workbook(offerings, path, currency=currency, rates=rates)
