"""excel.to_excel: the comparison, its sources, its empty cells and the cohort as sheets."""

from __future__ import annotations

import io
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import ipometrics as ipm
from ipometrics import excel
from ipometrics.models import Offering

openpyxl = pytest.importorskip("openpyxl")


def _table(ws: Any) -> tuple[list[str], list[dict[str, Any]]]:
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    return header, rows


def _cell(ws: Any, code: str, header: str) -> Any:
    """The openpyxl cell of the row whose first column is ``code``."""
    column = [c.value for c in ws[1]].index(header) + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == code)
    return ws.cell(row=row, column=column)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("xlsx") / "offerings.xlsx"
    excel.to_excel(ipm.load_offerings(), path, currency="HKD")
    return openpyxl.load_workbook(path)


def test_one_sheet_per_table(book: Any, tmp_path: Path) -> None:
    assert book.sheetnames == ["comparison", "sources", "unavailable", "cohort", "cohort_stats"]
    plain = tmp_path / "plain.xlsx"
    excel.to_excel(ipm.load_offerings(), plain)  # no currency: no cohort sheets
    assert openpyxl.load_workbook(plain).sheetnames == ["comparison", "sources", "unavailable"]


def test_comparison_headers_carry_units(book: Any, tmp_path: Path) -> None:
    header, rows = _table(book["comparison"])
    assert header[0] == "code"
    assert [r["code"] for r in rows] == list(ipm.to_frame(ipm.load_offerings()).index)
    # The bundled six mix HKD and CNY: the header says "currency", each cell its own.
    assert "gross_proceeds [currency]" in header
    assert "public_multiple [times]" in header
    assert "close_return [fraction]" in header
    hong_kong = [o for o in ipm.load_offerings() if o.currency == "HKD"]
    path = tmp_path / "hk.xlsx"
    excel.to_excel(hong_kong, path)
    hk_header = [c.value for c in openpyxl.load_workbook(path)["comparison"][1]]
    assert "gross_proceeds [HKD]" in hk_header
    assert "offer_price [HKD/share]" in hk_header


def test_comparison_money_is_exact_with_its_currency(book: Any) -> None:
    ws = book["comparison"]
    gross = _cell(ws, "02513.HK", "gross_proceeds [currency]")
    # zhipu/S1: HK$116.20 x 37,419,500 shares = HK$4,348,145,900, printed HK$4,348.1 million.
    assert gross.value == 4_348_145_900
    assert gross.value == pytest.approx(4_348.1e6, abs=0.05e6)
    assert gross.number_format.startswith('"HKD "')
    # (HK$131.50 - 116.20) x 37,419,500 = HK$572,518,350 (zhipu/S1 price and shares, S2 close).
    assert _cell(ws, "02513.HK", "money_left_on_table [currency]").value == 572_518_350
    # CNY 114.28 x 70,000,000 = CNY 799,960.00万 (moore_threads/S3), shown in CNY.
    star = _cell(ws, "688795.SH", "gross_proceeds [currency]")
    assert star.value == 7_999_600_000
    assert star.number_format.startswith('"CNY "')
    # zhipu/S1: "1,159.46 times"; zhipu/S5: closed up 13.17%.
    assert _cell(ws, "02513.HK", "public_multiple [times]").value == 1159.46
    published = _cell(ws, "02513.HK", "close_return_published [fraction]")
    assert published.value == pytest.approx(0.1317)
    assert "%" in published.number_format


def test_comparison_dates_are_excel_dates_and_gaps_are_empty(book: Any) -> None:
    ws = book["comparison"]
    listed = _cell(ws, "02513.HK", "listing_date [date]")
    assert listed.is_date
    assert listed.value == datetime(2026, 1, 8)  # zhipu/S1: dealings commence 8 January 2026
    # Biren has no admissible first-day close: nothing is written, the reason is listed.
    assert _cell(ws, "06082.HK", "money_left_on_table [currency]").value is None


def test_sources_sheet_lists_every_source(book: Any) -> None:
    header, rows = _table(book["sources"])
    assert header[:6] == ["code", "key", "id", "tier", "document", "date [date]"]
    assert "url" in header
    assert len(rows) == sum(len(o.sources) for o in ipm.load_offerings())
    s1 = next(r for r in rows if (r["key"], r["id"]) == ("zhipu", "S1"))
    assert s1["tier"] == "official_announcement"
    assert s1["date [date]"] == datetime(2026, 1, 7)  # the allotment results announcement
    assert s1["url"].startswith("http")


def test_unavailable_sheet_says_why_each_cell_is_empty(book: Any) -> None:
    header, rows = _table(book["unavailable"])
    assert header == ["code", "column", "path", "status"]
    reasons = {(r["code"], r["column"]): (r["path"], r["status"]) for r in rows}
    # Iluvatar CoreX: no admissible source gives the first-day open.
    assert reasons["09903.HK", "open_return"] == ("first_day.open", "unknown")
    assert reasons["688795.SH", "public_multiple"][1] == "not applicable"
    frame = ipm.to_frame(ipm.load_offerings())
    assert len(rows) == len(frame.attrs["unavailable"])


def test_cohort_sheets_are_in_the_cohort_currency(book: Any) -> None:
    ws = book["cohort"]
    gross = _cell(ws, "688795.SH", "gross_proceeds [HKD]")
    # CNY 7,999,600,000 / 0.90906 = HKD 8,799,859,195.21 (moore_threads/S3; Mitrade 2025-12-05)
    assert gross.value == pytest.approx(8_799_859_195.21, abs=0.01)
    assert gross.number_format.startswith('"HKD "')
    stats = {r[0]: r[1:] for r in book["cohort_stats"].iter_rows(min_row=2, values_only=True)}
    assert stats["currency"][0] == "HKD"
    total = stats["gross proceeds, total"]
    assert total[1] == "HKD"
    _, rows = _table(ws)
    assert float(total[0]) == pytest.approx(sum(r["gross_proceeds [HKD]"] for r in rows), abs=0.05)


def test_writes_to_a_binary_buffer(offerings: dict[str, Offering]) -> None:
    buffer = io.BytesIO()
    excel.to_excel([offerings["zhipu"]], buffer)
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    assert _cell(book["comparison"], "02513.HK", "gross_proceeds [HKD]").value == 4_348_145_900


def test_without_openpyxl_the_error_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl now fails
    with pytest.raises(ImportError, match=r"pip install 'ipometrics\[xlsx\]'"):
        excel.to_excel(ipm.load_offerings(), tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()
