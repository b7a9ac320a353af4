"""The ipometrics command: output formats, exit status and messages."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ipometrics import __version__
from ipometrics.cli import main

from .conftest import FIXTURES


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _display_width(line: str) -> int:
    from wcwidth import wcswidth

    return int(wcswidth(line))


def test_report_table_shows_the_comparison(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "report")
    assert code == 0
    assert err == ""
    # The names the press uses (tools/common_names.yaml cites where each is printed).
    for name in ("Zhipu", "MiniMax", "Iluvatar CoreX", "Biren", "Moore Threads", "MetaX"):
        assert name in out
    for legal in ("KNOWLEDGE ATLAS", "MINIMAX-WP", "MetaX Integrated Circuits"):
        assert legal not in out
    for stock in ("688795.SH", "688802.SH", "06082.HK", "02513.HK", "09903.HK", "00100.HK"):
        assert stock in out
    # One table per market, Hong Kong first, each in its own currency.
    assert out.startswith("Hong Kong (SEHK): 4 offerings, amounts in HKD\n")
    assert "Shanghai (SSE STAR Market): 2 offerings, amounts in CNY" in out
    # Published figures the table must show (zhipu/S1, minimax/S1, iluvatar_corex/S1).
    assert "4,348.1" in out
    assert "1,837.17x" in out
    assert "414.24x" in out
    # Zhipu close +13.17% (zhipu/S5); MiniMax +109.09% (minimax/S6).
    assert "+13.17%" in out
    assert "+109.09%" in out
    # Iluvatar CoreX's opening price is unknown: said, not guessed.
    assert "first_day.open: not published" in out
    # STAR-only rows are left out of the Hong Kong table rather than shown as gaps.
    hong_kong = out.split("Shanghai (SSE STAR Market)")[0]
    assert "Online lottery rate" not in hong_kong


def test_not_published_and_not_applicable_look_different(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Iluvatar CoreX: no admissible source gives the open (unknown); Zhipu: fixed-price offer,
    # so a price range does not exist. MiniMax has no Chinese name in any source; the STAR
    # rows do not apply to a Hong Kong deal and are dropped when no offering has them.
    code, out, _ = run(capsys, "report", "--offerings", "iluvatar_corex", "moore_threads")
    assert code == 0
    iluvatar = out.split("Shanghai")[0]
    open_row = next(line for line in iluvatar.splitlines() if line.startswith("Open return"))
    assert "n/p [" in open_row
    assert "n/p = not published" in out
    assert "n/a = not applicable" in out


def test_report_table_aligns_cjk_names(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "report", "--width", "100")
    # Each block of a table (between blank lines) is right-aligned on its last column, so
    # every line of it ends at the same display column, Chinese names included.
    blocks = [b for b in out.split("\n\n") if "----" in b]
    assert len(blocks) >= 2
    for block in blocks:
        lines = block.splitlines()
        assert len({_display_width(line) for line in lines}) == 1, block


@pytest.mark.parametrize("width", [60, 80, 100, 120])
def test_report_table_fits_the_width(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    code, out, _ = run(capsys, "report")
    assert code == 0
    too_wide = [line for line in out.splitlines() if _display_width(line) > width]
    assert too_wide == []
    # Nothing is lost when the offerings are split into blocks.
    assert out.count("Money left on table") >= 2


def test_width_option_beats_columns(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    _, wide, _ = run(capsys, "report")
    _, narrow, _ = run(capsys, "report", "--width", "70")
    assert max(map(_display_width, narrow.splitlines())) <= 70
    assert max(map(_display_width, wide.splitlines())) > 100
    with pytest.raises(SystemExit) as exc:
        main(["report", "--width", "10"])
    assert exc.value.code == 2
    assert "--width: expected at least 40 columns, got 10" in capsys.readouterr().err


def test_offerings_and_exchange_select(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "report", "--offerings", "zhipu", "minimax")
    assert code == 0
    assert out.startswith("Hong Kong (SEHK): 2 offerings, amounts in HKD\n")
    header = out.splitlines()[2]
    assert header.index("Zhipu") < header.index("MiniMax")  # in the order asked for
    assert "Biren" not in out
    assert "Shanghai" not in out
    # Codes in the forms people write them.
    code, out, _ = run(capsys, "report", "--offerings", "2513", "0100.HK", "09903.hk")
    assert code == 0
    assert out.startswith("Hong Kong (SEHK): 3 offerings")
    code, out, _ = run(capsys, "report", "--exchange", "SSE")
    assert code == 0
    assert "Moore Threads" in out
    assert "Zhipu" not in out


def test_unknown_offering_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "report", "--offerings", "zhipu", "nope")
    assert code == 2  # a usage error, like argparse's own
    assert out == ""
    assert err.startswith("ipometrics report: error: --offerings: no offering 'nope'; available: ")
    assert "zhipu (02513.HK)" in err


def test_report_csv_parses_with_one_row_per_offering(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "report", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    by_code = {r["code"]: r for r in rows}
    assert list(by_code) == [
        "688795.SH",
        "688802.SH",
        "06082.HK",
        "02513.HK",
        "09903.HK",
        "00100.HK",
    ]
    assert by_code["02513.HK"]["offer_shares"] == "37419500"
    assert by_code["09903.HK"]["open_return"] == ""


def test_report_json_says_why_cells_are_empty(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "report", "--format", "json")
    assert code == 0
    records = json.loads(out)
    iluvatar = next(r for r in records if r["code"] == "09903.HK")
    assert iluvatar["open_return"] is None
    assert iluvatar["unavailable"]["open_return"] == "first_day.open is unknown"
    zhipu = next(r for r in records if r["code"] == "02513.HK")
    assert zhipu["offer_shares"] == 37_419_500
    assert zhipu["listing_date"] == "2026-01-08"


def test_report_markdown_is_a_pipe_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "report", "--format", "markdown")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "**Hong Kong (SEHK)**, amounts in HKD"
    assert lines[2].startswith("|   ")
    assert "Zhipu (02513.HK)" in lines[2]
    assert set(lines[3]) <= {"|", ":", "-"}
    assert lines[2].count("|") == lines[4].count("|")


def test_report_from_a_user_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "report", "--data", str(FIXTURES / "minimax.json"))
    assert code == 0
    assert out.startswith("Hong Kong (SEHK): 1 offering, amounts in HKD\n")
    assert "MiniMax" in out.splitlines()[2]
    assert "00100.HK" in out.splitlines()[3]
    assert "Zhipu" not in out
    # The footer says where the figures came from: the user's file, not the bundle.
    assert f"Figures: the records in {FIXTURES / 'minimax.json'}," in " ".join(out.split())
    assert "bundled" not in out


def test_missing_data_is_a_one_line_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "report", "--data", str(tmp_path / "nope.json"))
    assert code == 1
    assert out == ""
    assert err.startswith("ipometrics: error: ")
    assert "nope.json: no such file or folder" in err
    assert len(err.strip().splitlines()) == 1


def test_invalid_record_is_one_line_unless_verbose(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (FIXTURES / "zhipu.json").read_text(encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(text.replace('"value": 116.2,', '"value": -116.2,'), encoding="utf-8")
    code, _, err = run(capsys, "report", "--data", str(bad))
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "record 'zhipu' is invalid" in err
    assert "rerun with --verbose" in err
    code, _, err = run(capsys, "report", "--data", str(bad), "--verbose")
    assert code == 1
    assert "price.final.value" in err
    assert "greater than 0" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(
            capsys,
        )[0]
        == 2
    )
    with pytest.raises(SystemExit) as exc:
        main(["report", "--format", "xml"])
    assert exc.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2


def test_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    assert "report" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"ipometrics {__version__}"


def test_console_script_and_module_entry_points() -> None:
    exe = Path(sys.executable).with_name("ipometrics")
    for argv in (
        [str(exe), "report", "--format", "csv"],
        [sys.executable, "-m", "ipometrics", "report"],
    ):
        done = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "02513.HK" in done.stdout
        assert done.stderr == ""


def test_closed_pipe_is_not_an_error() -> None:
    # `ipometrics report | head -1` must not print a traceback.
    done = subprocess.run(
        f"'{sys.executable}' -m ipometrics report --format json | head -1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.stdout == "[\n"
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("argv", "status", "fragment"),
    [
        # zhipu/S1: gross HK$4,348.1 million -> "more than HK$4.3 billion" holds.
        (["zhipu", "gross_proceeds", "超43亿港元"], 0, "consistent"),
        # minimax/S1: 1,837.17 times; 1,209 was Futu's pre-close estimate (a conflict).
        (["00100.HK", "public_multiple", "1,209倍"], 1, "official 1,837.17 times"),
        # iluvatar_corex: the opening price is unknown, so nothing to check against.
        (["09903.HK", "open_price", "190.20港元"], 2, "first_day.open is unknown"),
    ],
)
def test_check_prints_a_verdict_line_and_exits_by_verdict(
    capsys: pytest.CaptureFixture[str], argv: list[str], status: int, fragment: str
) -> None:
    code, out, err = run(capsys, "check", *argv)
    assert code == status
    assert err == ""
    assert len(out.strip().splitlines()) == 1
    assert fragment in out


def test_check_bad_input_is_status_2_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", "zhipu", "ipo_size", "43亿港元")
    assert code == 2
    assert out == ""
    assert err.startswith("ipometrics check: error: metric must be one of gross_proceeds")


def test_report_ends_with_the_cohort_in_hkd(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "report")
    assert code == 0
    # Per market first, each in its own currency, then the blend, labelled as one.
    assert "Hong Kong (SEHK): 4 offerings, amounts in HKD\n  First-day" in out
    assert "Shanghai (SSE STAR Market): 2 offerings, amounts in CNY\n  First-day" in out
    cohort = out.split(
        "Blended, Hong Kong and Shanghai together (different markets and rules): 6 offerings, "
        "amounts in HKD\n"
    )[1]
    # Biren's close is unknown: left out of the return statistics, and said so.
    assert re.search(r"Offerings in the return statistics +5 of 6", cohort)
    # The total of money left counts only the offerings with a close (Biren's is unknown),
    # and says so; gross proceeds count all six.
    assert re.search(r"Money left on the table, total \[HKD m\] \(5 offerings\) ", cohort)
    assert re.search(r"Gross proceeds, total \[HKD m\] \(6 offerings\) ", cohort)
    assert "06082.HK from first-day return: first_day.close is unknown" in cohort
    # Moore Threads converted at the CFETS HKD/CNY parity of its listing day (fx_rates.yaml).
    assert "CNY->HKD on 2025-12-05: CNY->HKD 1 / 0.90906" in cohort


def test_report_in_a_currency_without_rates_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    # fx_rates.yaml has no HKD/CNY parity on 2026-01-02 (holiday) or 2026-01-09.
    code, out, err = run(capsys, "report", "--currency", "CNY")
    assert code == 1
    assert out == ""
    assert err.startswith("ipometrics: error: cohort statistics in CNY: cannot express 2")


def test_report_out_writes_charts_and_a_self_contained_html(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_dir = tmp_path / "reports"
    code, out, err = run(capsys, "report", "--out", str(out_dir), "--labels", "en")
    assert code == 0
    assert "Zhipu" in out  # the table is still printed
    from ipometrics.report import CHARTS

    for name in CHARTS:
        assert (out_dir / f"{name}.png").stat().st_size > 10_000
        assert (out_dir / f"{name}.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
        assert f"  {out_dir / f'{name}.png'}" in err
    page = (out_dir / "report.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == len(CHARTS)
    assert "<table>" in page
    assert "Blended, Hong Kong and Shanghai together" in page
    # The official announcements are linked (zhipu/S1).
    assert "https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0107/2026010701798.pdf" in page
    assert "src='http" not in page  # nothing loaded from the network


def test_report_out_to_an_unwritable_place_is_a_one_line_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    code, _, err = run(capsys, "report", "--out", str(blocker / "sub"), "--labels", "en")
    assert code == 1
    assert err.startswith(f"ipometrics: error: cannot write the report to {blocker / 'sub'}")


def test_report_xlsx_writes_one_sheet_per_table(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "ipos.xlsx"
    code, stdout, err = run(capsys, "report", "--format", "xlsx", "--output", str(out))
    assert code == 0
    assert stdout == ""
    assert err == f"wrote {out}\n"
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:3] == ["comparison", "sources", "unavailable"]
    rows = list(book["comparison"].iter_rows(values_only=True))
    header = list(rows[0])
    zhipu = dict(zip(header, next(r for r in rows if r[0] == "02513.HK"), strict=True))
    assert zhipu["name"] == "Zhipu"
    # zhipu/S1: HK$116.20 x 37,419,500 offer shares; printed HK$4,348.1 million.
    gross = next(v for k, v in zhipu.items() if str(k).startswith("gross_proceeds ["))
    assert gross == pytest.approx(4_348_145_900, abs=0.01)


def test_report_xlsx_needs_an_output_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "report", "--format", "xlsx")
    assert code == 2
    assert out == ""
    assert "--format xlsx needs --output FILE" in err


def test_report_output_file_gets_the_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "table.txt"
    code, stdout, _ = run(capsys, "report", "--output", str(out), "--width", "100")
    assert code == 0
    assert stdout == ""
    assert out.read_text(encoding="utf-8").startswith("Hong Kong (SEHK): 4 offerings")


def test_report_csv_keeps_exact_decimals(capsys: pytest.CaptureFixture[str]) -> None:
    # Zhipu: (HK$131.50 close, zhipu/S5 - HK$116.20 offer, S1) x 37,419,500 = 572,518,350.
    _, out, _ = run(capsys, "report", "--format", "csv")
    zhipu = next(r for r in csv.DictReader(io.StringIO(out)) if r["code"] == "02513.HK")
    assert zhipu["money_left_on_table"] in {"572518350", "572518350.0", "572518350.00"}
    assert zhipu["gross_proceeds"] in {"4348145900", "4348145900.0", "4348145900.00"}


def test_report_out_that_is_a_file_is_refused_before_anything_is_printed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    existing = tmp_path / "report.txt"
    existing.write_text("mine", encoding="utf-8")
    code, out, err = run(capsys, "report", "--out", str(existing))
    assert code == 2
    assert out == ""
    assert "exists and is not a folder" in err
    assert existing.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("width", ["60", "100"])
def test_footnotes_are_numbered_in_reading_order(
    capsys: pytest.CaptureFixture[str], width: str
) -> None:
    _, out, _ = run(capsys, "report", "--width", width)
    marks = [int(k) for k in re.findall(r"(?:n/p|n/a) \[(\d+)\]", out)]
    first_seen = list(dict.fromkeys(marks))
    assert first_seen == list(range(1, len(first_seen) + 1))
    for k in first_seen:  # every mark has its note
        assert re.search(rf"^\[{k}\] ", out, re.M)
