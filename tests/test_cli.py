"""The ipometrics command: output formats, exit status and messages."""

from __future__ import annotations

import csv
import io
import json
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


def test_report_table_shows_the_comparison(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "report")
    assert code == 0
    assert err == ""
    names, codes = out.splitlines()[:2]
    for name in ("Biren", "Zhipu", "Iluvatar CoreX", "MiniMax"):
        assert name in names
    for stock in ("688795.SH", "688802.SH", "06082.HK", "02513.HK", "09903.HK", "00100.HK"):
        assert stock in codes
    # Published figures the table must show (zhipu/S1, minimax/S1, iluvatar_corex/S1).
    assert "HKD 4,348.1" in out
    assert "1,837.17x" in out
    assert "414.24x" in out
    # Zhipu close +13.17% (zhipu/S5); MiniMax +109.09% (minimax/S6).
    assert "+13.17%" in out
    assert "+109.09%" in out
    # Iluvatar CoreX's opening price is unknown: said, not guessed.
    assert "first_day.open is unknown" in out


def test_report_table_aligns_cjk_names(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "report")
    import unicodedata

    def width(s: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)

    table = out.split("\n\n")[0].splitlines()
    assert len({width(line) for line in table}) == 1


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
    assert lines[0].startswith("| ")
    assert lines[1].startswith("| --- |")
    assert lines[0].count("|") == lines[2].count("|")


def test_report_from_a_user_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "report", "--data", str(FIXTURES / "minimax.json"))
    assert code == 0
    assert "MiniMax" in out.splitlines()[0]
    assert "00100.HK" in out.splitlines()[1]
    assert "KNOWLEDGE ATLAS" not in out


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
    cohort = out.split("Cohort: 6 offerings, amounts in HKD\n")[1]
    # Biren's close is unknown: left out of the return statistics, and said so.
    assert "Offerings in the return statistics        5 of 6" in cohort
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
    assert "KNOWLEDGE ATLAS" in out  # the table is still printed
    from ipometrics.report import CHARTS

    for name in CHARTS:
        assert (out_dir / f"{name}.png").stat().st_size > 10_000
        assert (out_dir / f"{name}.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
        assert f"  {out_dir / f'{name}.png'}" in err
    page = (out_dir / "report.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == len(CHARTS)
    assert "<table>" in page
    assert "Cohort: 6 offerings, amounts in HKD" in page
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
