"""Readers and writers: exact round trips, batch behaviour, the flat table, safety limits."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import ipometrics as ipm
from ipometrics import io
from ipometrics.errors import IpoDataError, IpoValidationError
from ipometrics.models import Offering

from .conftest import FIXTURES, fixture_dict

KEYS = ("zhipu", "minimax", "iluvatar_corex", "biren", "moore_threads", "metax")
SRC = Path(__file__).resolve().parents[1] / "src" / "ipometrics"


def exact(text: str) -> Any:
    return json.loads(text, parse_float=Decimal)


@pytest.mark.parametrize("key", KEYS)
def test_json_round_trip_is_exact_for_every_bundled_record(key: str) -> None:
    # JSON -> record -> JSON: the same data, number for number (Decimal digits kept).
    original = fixture_dict(key)
    record = Offering.model_validate(original)
    assert exact(io.to_json(record)) == original


def test_json_round_trip_keeps_trailing_zeros_none_and_dates(tmp_path: Path) -> None:
    data = fixture_dict("zhipu")
    data["price"]["final"]["value"] = "116.20"  # a decimal written as text keeps its digits
    record = Offering.model_validate(data)
    text = io.to_json(record)
    assert '"value": 116.20,' in text
    again = Offering.model_validate(exact(text))
    assert again.price.final.value == Decimal("116.20")
    assert str(again.price.final.value) == "116.20"
    assert again.dates.offer_close.value is None
    assert again.dates.listing.value == record.dates.listing.value
    assert again.source_of("proceeds.gross") == record.source_of("proceeds.gross")
    assert again == record


def test_save_and_load_a_folder_and_a_file(tmp_path: Path) -> None:
    offerings = ipm.load_offerings()
    written = io.save_offerings(offerings, tmp_path / "records")
    assert sorted(p.name for p in written) == sorted(f"{k}.json" for k in KEYS)
    assert io.load_offerings(tmp_path / "records") == offerings
    (single,) = io.save_offerings(offerings, tmp_path / "all.json")
    assert io.load_offerings(single) == offerings
    assert isinstance(exact(single.read_text(encoding="utf-8")), list)


def _flat(o: Offering) -> dict[str, Any]:
    """Every flat field (value and source of each figure outside lists); an absent group's
    figures count as empty, as in the table."""
    flat: dict[str, Any] = {}
    for column in io.table_columns():
        if column.startswith("sources.") or column.endswith(".src") or "." not in column:
            continue
        figure = o.figure(column)
        flat[column] = (None, None) if figure is None else (figure.value, figure.src)
    return flat


def test_csv_round_trip_keeps_every_flat_field_of_every_record(tmp_path: Path) -> None:
    offerings = ipm.load_offerings()
    path = tmp_path / "offerings.csv"
    io.write_csv(offerings, path)
    report = io.read_csv(path)
    assert report.ok, report.invalid
    assert [o.key for o in report.offerings] == [o.key for o in offerings]
    for before, after in zip(offerings, report.offerings, strict=True):
        assert _flat(after) == _flat(before)
        assert after.sources == before.sources
        assert after.price.final.value == before.price.final.value
        assert type(after.shares.offer_final.value) is int


def test_dataframe_round_trip_is_exact() -> None:
    offerings = ipm.load_offerings()
    table = io.to_table(offerings)
    assert list(table.columns[:2]) == ["key", "schema_version"]
    assert table.loc[table["key"] == "zhipu", "price.final.src"].item() == "S1"
    report = io.read_table(table)
    assert report.ok
    assert io.to_table(report.offerings).equals(table)


def test_table_columns_are_documented() -> None:
    table = io.to_table(ipm.load_offerings())
    documented = io.table_columns(
        [c.split(".")[1] for c in table.columns if c.startswith("sources.")]
    )
    assert set(table.columns) == set(documented)
    assert io.table_columns()["shares.hk_public.final"] == "value of shares.hk_public.final"


def test_pandas_float_columns_with_gaps_are_read_as_whole_numbers() -> None:
    table = io.to_table(ipm.load_offerings())
    table["shares.offer_final"] = pd.to_numeric(table["shares.offer_final"]).astype("float64")
    report = io.read_table(table)
    assert report.ok
    assert report.offerings[0].shares.offer_final.value == 70_000_000


def test_a_non_integral_share_count_in_a_table_is_an_error_not_a_rounding() -> None:
    table = io.to_table(ipm.load_offerings(exchange="SEHK"))
    table.loc[table["key"] == "zhipu", "shares.offer_final"] = "37419500.5"
    report = io.read_table(table)
    assert [o.key for o in report.offerings] == ["biren", "iluvatar_corex", "minimax"]
    (bad,) = report.invalid
    assert bad.origin == "row 1 (zhipu)"
    assert any(
        p.path == "shares.offer_final.value" and p.rule == "format.whole_number"
        for p in bad.problems
    )


def test_an_unknown_table_column_is_refused() -> None:
    table = io.to_table(ipm.load_offerings(exchange="SEHK")).assign(**{"price.finale": "1"})
    report = io.read_table(table)
    assert not report.offerings
    assert "column 'price.finale' is not a column of the flat table" in str(report.invalid[0])


def test_csv_without_key_column_is_an_error() -> None:
    with pytest.raises(IpoDataError, match=r"the CSV table has no 'key' column"):
        io.read_csv("a,b\n1,2\n")


# ---------------------------------------------------------------- batch behaviour


def _folder_with_bad_records(tmp_path: Path) -> Path:
    for key in ("zhipu", "biren"):
        (tmp_path / f"{key}.json").write_text(
            (FIXTURES / f"{key}.json").read_text("utf-8"), "utf-8"
        )
    bad = fixture_dict("minimax")
    bad["price"]["final"]["value"] = -165
    (tmp_path / "minimax.json").write_text(json.dumps(bad, default=str), "utf-8")
    worse = fixture_dict("iluvatar_corex")
    worse["shares"]["offer_final"]["value"] = 1
    (tmp_path / "iluvatar_corex.json").write_text(json.dumps(worse, default=str), "utf-8")
    (tmp_path / "notes.json").write_text("{not json", "utf-8")
    return tmp_path


def test_default_load_fails_and_lists_every_bad_record(tmp_path: Path) -> None:
    folder = _folder_with_bad_records(tmp_path)
    with pytest.raises(IpoValidationError, match=r"^3 of 5 records are invalid:\n") as info:
        io.load_offerings(folder)
    text = str(info.value)
    assert f"{folder / 'notes.json'}: not valid JSON" in text
    assert f"{folder / 'minimax.json'}: record 'minimax' is invalid" in text
    assert f"{folder / 'iluvatar_corex.json'}: record 'iluvatar_corex' is invalid" in text
    assert {(p.key, p.rule) for p in info.value.problems} >= {
        ("minimax", "format.positive_price"),
        ("iluvatar_corex", "tranches.final_sum"),
    }


def test_explicit_report_returns_the_valid_records_and_the_invalid_ones(tmp_path: Path) -> None:
    report = io.read_offerings(_folder_with_bad_records(tmp_path))
    assert not report.ok
    assert [o.key for o in report.offerings] == ["biren", "zhipu"]
    assert sorted(b.key or "?" for b in report.invalid) == ["?", "iluvatar_corex", "minimax"]
    with pytest.raises(IpoValidationError, match=r"3 of 5 records are invalid"):
        report.raise_if_invalid()


def test_a_record_with_many_problems_lists_each_with_code_and_path(tmp_path: Path) -> None:
    bad = fixture_dict("zhipu")
    bad["shares"]["hk_public"]["final"]["value"] = 7_483_800
    bad["first_day"]["date"]["value"] = "2026-01-09"
    bad["identity"]["stock_code"]["value"] = "2513"
    path = tmp_path / "zhipu.json"
    path.write_text(json.dumps(bad, default=str), "utf-8")
    report = io.read_offerings(path)
    (invalid,) = report.invalid
    assert re.search(r"offering 'zhipu' \(2513\.HK\): 3 problems", invalid.message)
    assert {(p.rule, p.path) for p in invalid.problems} == {
        ("tranches.final_sum", "shares"),
        ("dates.first_day_is_listing", "first_day.date"),
        ("identity.stock_code_format", "identity.stock_code"),
    }
    assert all(p.key == "zhipu" and p.code == "2513.HK" for p in invalid.problems)


# ---------------------------------------------------------------- safety


def test_deeply_nested_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100 + "]" * 100, "utf-8")
    with pytest.raises(IpoDataError, match=r"JSON nested 100 levels deep; the limit is 64"):
        io.load_offerings(path)
    path.write_text("[" * 200_000 + "]" * 200_000, "utf-8")
    with pytest.raises(IpoDataError, match=r"nested too deeply"):
        io.load_offerings(path)


def test_no_code_execution_or_unsafe_deserialisation_in_the_package() -> None:
    pattern = re.compile(
        r"\b(eval|exec|pickle|marshal|shelve|yaml\.load|yaml\.unsafe_load)\b\s*[\.(]"
    )
    offenders = [
        f"{path.name}:{n}"
        for path in SRC.rglob("*.py")
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []
