"""FX: the bundled CFETS table, exact conversion, and every way a rate can be missing.

Expected rates are those of ``shared/data/fx_rates.yaml`` (transcribed unchanged to
``fixtures/fx/fx_rates.json``), each read from the pages listed with it:

- 2025-12-05: USD/CNY 7.0749, HKD/CNY 0.90906 (Mitrade FX168 table,
  https://www.mitrade.com/zh/insights/news/live-news/article-1-1314299-20251205).
- 2025-12-31: USD/CNY 7.0288; no HKD/CNY source.
- 2026-01-02: mainland New Year holiday, no fixing (SSE/SZSE notice via etnet).
- 2026-01-08: USD/CNY 7.0197, HKD/CNY 0.90146 (TradingKey FX168 table,
  https://www.tradingkey.com/zh-hant/news/forex/261454268-fx168).
- 2026-01-09: USD/CNY 7.0128; no HKD/CNY source.
- usd_hkd: null on every date (no sourced close).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Context, Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipometrics.errors import IpoDataError
from ipometrics.fx import FxRate, FxTable, convert, load_fx_rates, lookup_rate

from .conftest import SHARED_DATA

HKD_CNY_DATES = "2025-12-05, 2025-12-17, 2026-01-07, 2026-01-08"
TRADINGKEY = "https://www.tradingkey.com/zh-hant/news/forex/261454268-fx168"


@pytest.fixture(scope="module")
def table() -> FxTable:
    return load_fx_rates()


# ------------------------------------------------------------------------------ the table


def test_bundled_table_holds_the_sourced_rates(table: FxTable) -> None:
    assert len(table) == 10  # 6 USD/CNY + 4 HKD/CNY; usd_hkd is null everywhere
    assert [str(d) for d in table.listed_dates] == [
        "2025-12-05",
        "2025-12-17",
        "2025-12-31",
        "2026-01-02",
        "2026-01-07",
        "2026-01-08",
        "2026-01-09",
    ]
    assert [str(d) for d in table.dates_for("HKD", "CNY")] == HKD_CNY_DATES.split(", ")
    assert table.dates_for("CNY", "HKD") == table.dates_for("HKD", "CNY")
    assert table.dates_for("USD", "HKD") == ()
    assert "never backed" in table.description  # the file's header travels with the table
    frame = table.to_frame()
    assert list(frame.columns) == ["date", "base", "quote", "rate", "name", "sources"]
    assert all(frame["sources"].str.len() > 0)


def test_bundled_table_matches_the_fact_base(table: FxTable) -> None:
    path = SHARED_DATA / "fx_rates.yaml"
    if not path.is_file():
        pytest.skip(f"fact base not present at {path}")
    import yaml

    with path.open(encoding="utf-8") as fh:
        doc: dict[str, Any] = yaml.safe_load(fh)
    for day, entry in doc.items():
        on = day if isinstance(day, date) else date.fromisoformat(day)
        for field, (base, quote) in (
            ("usd_cny_central_parity", ("USD", "CNY")),
            ("hkd_cny_central_parity", ("HKD", "CNY")),
            ("usd_hkd", ("USD", "HKD")),
        ):
            value = entry[field]
            if value is None:
                assert on not in table.dates_for(base, quote)
            else:
                c = table.lookup(base, quote, on=on)
                assert c.rate == Decimal(str(value))
                assert list(c.sources) == entry["sources"]


# ------------------------------------------------------------------------------ conversions


def test_hkd_to_cny_on_2026_01_08(table: FxTable) -> None:
    # TradingKey: 港幣/人民幣 1月8日 0.90146.
    c = lookup_rate("HKD", "CNY", on=date(2026, 1, 8), rates=table)
    assert c.rate == Decimal("0.90146")
    assert (c.on, c.method, c.sources) == (date(2026, 1, 8), "exact", (TRADINGKEY,))
    assert not c.legs[0].inverted
    assert c.legs[0].rate.name == "hkd_cny_central_parity"
    # Zhipu's gross proceeds, HK$4,348,145,900 (zhipu/S1), in CNY: exact product.
    cny = convert(Decimal("4348145900"), "HKD", "CNY", on=date(2026, 1, 8), rates=table)
    assert cny == Decimal("4348145900") * Decimal("0.90146") == Decimal("3919679603.014")


def test_cny_to_hkd_is_the_inverse_of_hkd_cny(table: FxTable) -> None:
    # Mitrade FX168: 港幣/人民幣 12月5日 0.90906; CNY -> HKD divides by it.
    c = lookup_rate("CNY", "HKD", on=date(2025, 12, 5), rates=table)
    assert c.legs[0].inverted
    assert c.legs[0].rate.rate == Decimal("0.90906")
    hkd = convert(Decimal("7999600000"), "CNY", "HKD", on=date(2025, 12, 5), rates=table)
    # Moore Threads' gross CNY 7,999,600,000 (moore_threads/S3) / 0.90906 = HKD 8,799,859,195.21
    assert hkd.quantize(Decimal("0.01")) == Decimal("8799859195.21")
    assert abs(hkd * Decimal("0.90906") - Decimal("7999600000")) < Decimal("1e-20")
    assert "1 / 0.90906" in c.describe()


def test_hkd_cny_on_2026_01_09_is_missing_and_says_so(table: FxTable) -> None:
    pattern = (
        r"no sourced HKD/CNY \(hkd_cny_central_parity\) rate on 2026-01-09 \(needed to convert "
        r"HKD to CNY\): the table lists that date but gives no figure for this pair.*rates "
        rf"exist on {HKD_CNY_DATES}\."
    )
    with pytest.raises(IpoDataError, match=pattern):
        convert(Decimal(1), "HKD", "CNY", on=date(2026, 1, 9), rates=table)


@pytest.mark.parametrize("day", ["2025-12-05", "2025-12-17", "2026-01-02", "2026-01-08"])
@pytest.mark.parametrize(("a", "b"), [("USD", "HKD"), ("HKD", "USD")])
def test_usd_hkd_is_always_missing(table: FxTable, day: str, a: str, b: str) -> None:
    on = date.fromisoformat(day)
    pattern = (
        rf"no sourced USD/HKD \(usd_hkd\) rate on {day} \(needed to convert {a} to {b}\).*"
        r"the table has no USD/HKD \(usd_hkd\) rate on any date\. Pass "
        r"method='cross_via_cny'"
    )
    with pytest.raises(IpoDataError, match=pattern):
        convert(Decimal(1), a, b, on=on, rates=table)
    with pytest.raises(IpoDataError, match=r"No rate on or before that date either"):
        convert(Decimal(1), a, b, on=on, rates=table, method="previous_available")


@pytest.mark.parametrize(
    ("day", "hkd_cny", "usd_cny"),
    [("2025-12-05", "0.90906", "7.0749"), ("2026-01-08", "0.90146", "7.0197")],
)
def test_cross_via_cny_only_when_asked(
    table: FxTable, day: str, hkd_cny: str, usd_cny: str
) -> None:
    c = lookup_rate("HKD", "USD", on=date.fromisoformat(day), rates=table, method="cross_via_cny")
    # HKD -> USD = HKD/CNY / USD/CNY: CFETS's 09:00 rate, not a close.
    assert c.rate == Context(prec=34).divide(Decimal(hkd_cny), Decimal(usd_cny))  # decimal128
    assert [leg.rate.name for leg in c.legs] == ["hkd_cny_central_parity", "usd_cny_central_parity"]
    assert [leg.inverted for leg in c.legs] == [False, True]
    back = lookup_rate(
        "USD", "HKD", on=date.fromisoformat(day), rates=table, method="cross_via_cny"
    )
    assert abs(back.rate * c.rate - 1) < Decimal("1e-30")


def test_cross_via_cny_needs_both_legs_on_the_day(table: FxTable) -> None:
    with pytest.raises(
        IpoDataError,
        match=r"no sourced HKD/CNY .* on 2026-01-09.*The cross HKD->USD via CNY needs both legs",
    ):
        lookup_rate("HKD", "USD", on=date(2026, 1, 9), rates=table, method="cross_via_cny")


@pytest.mark.parametrize(("a", "b"), [("HKD", "CNY"), ("USD", "CNY"), ("CNY", "USD")])
def test_holiday_2026_01_02_has_no_rate(table: FxTable, a: str, b: str) -> None:
    # Mainland markets shut 1-3 January 2026; no fixing was published.
    with pytest.raises(
        IpoDataError,
        match=r"rate on 2026-01-02 .*the table lists that date but gives no figure",
    ):
        convert(Decimal(100), a, b, on=date(2026, 1, 2), rates=table)


def test_previous_available_uses_2025_12_31_and_reports_it(table: FxTable) -> None:
    c = lookup_rate("USD", "CNY", on=date(2026, 1, 2), rates=table, method="previous_available")
    # VT Markets, 5 Jan 2026: the fixing before the holiday was 7.0288 (31 Dec).
    assert (c.requested, c.on, c.rate) == (date(2026, 1, 2), date(2025, 12, 31), Decimal("7.0288"))
    assert "asked 2026-01-02, used 2025-12-31" in c.describe()
    assert c.apply(1_000_000) == Decimal("7028800.0000")
    # The exact method never falls back.
    with pytest.raises(IpoDataError, match=r"Pass method='previous_available'"):
        lookup_rate("USD", "CNY", on=date(2026, 1, 2), rates=table)


def test_previous_available_never_looks_forward(table: FxTable) -> None:
    with pytest.raises(IpoDataError, match=r"2025-12-01.*does not list that date.*or before"):
        lookup_rate("HKD", "CNY", on=date(2025, 12, 1), rates=table, method="previous_available")


def test_same_currency_is_the_identity_on_any_date(table: FxTable) -> None:
    c = lookup_rate("HKD", "HKD", on=date(1999, 1, 1), rates=table)
    assert (c.rate, c.method, c.legs, c.is_identity) == (Decimal(1), "identity", (), True)
    assert convert(Decimal("123.45"), "HKD", "HKD", on=date(1999, 1, 1), rates=table) == Decimal(
        "123.45"
    )
    assert c.describe() == "HKD->HKD: same currency, rate 1"


def test_arguments_are_checked(table: FxTable) -> None:
    on = date(2026, 1, 8)
    with pytest.raises(TypeError, match=r"amount must be a Decimal or an int .* got float 1.5"):
        convert(1.5, "HKD", "CNY", on=on, rates=table)  # type: ignore[arg-type]
    with pytest.raises(IpoDataError, match=r"from_ccy must be a three-letter ISO 4217 code"):
        convert(1, "hkd", "CNY", on=on, rates=table)
    with pytest.raises(IpoDataError, match=r"method must be one of exact, previous_available"):
        convert(1, "HKD", "CNY", on=on, rates=table, method="nearest")  # type: ignore[arg-type]
    with pytest.raises(IpoDataError, match=r"on must be a datetime.date, got datetime"):
        convert(1, "HKD", "CNY", on=datetime(2026, 1, 8, 9, 15), rates=table)
    with pytest.raises(ValueError, match=r"amount must be finite, got Decimal\('NaN'\)"):
        convert(Decimal("NaN"), "HKD", "CNY", on=on, rates=table)


@given(amount=st.decimals(min_value=0, max_value=10**13, places=2))
def test_round_trip_is_exact_to_the_cent(amount: Decimal) -> None:
    table = load_fx_rates()
    on = date(2025, 12, 17)
    there = convert(amount, "CNY", "HKD", on=on, rates=table)
    back = convert(there, "HKD", "CNY", on=on, rates=table)
    assert back.quantize(Decimal("0.01")) == amount


# ------------------------------------------------------------------------------ user tables


def test_from_mapping_and_from_frame_agree() -> None:
    mapping = {
        "2026-01-08": {
            "usd_cny_central_parity": "7.0197",
            "hkd_cny_central_parity": Decimal("0.90146"),
            "usd_hkd": None,
            "sources": [TRADINGKEY],
            "printed": "美元/人民幣 1月8日 7.0197; 港幣/人民幣 1月8日 0.90146",
        }
    }
    a = FxTable.from_mapping(mapping)
    frame = pd.DataFrame(
        {
            "date": [date(2026, 1, 8)] * 3,
            "base": ["USD", "HKD", "USD"],
            "quote": ["CNY", "CNY", "HKD"],
            "rate": [7.0197, 0.90146, None],
            "sources": [TRADINGKEY, [TRADINGKEY], TRADINGKEY],
        }
    )
    b = FxTable.from_frame(frame)
    on = date(2026, 1, 8)
    for table in (a, b):
        assert table.lookup("CNY", "USD", on=on).legs[0].rate.rate == Decimal("7.0197")
        assert table.lookup("HKD", "CNY", on=on).rate == Decimal("0.90146")
        with pytest.raises(IpoDataError, match=r"no sourced USD/HKD .* on 2026-01-08"):
            table.lookup("USD", "HKD", on=on)
    assert a.lookup("HKD", "CNY", on=on).legs[0].rate.printed is not None


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"usd_cny": "7.0", "sources": []}, r"usd_cny on 2026-01-08: a rate needs its source"),
        (
            {"usd_cny": "-7.0", "sources": ["x"]},
            r"rates\[2026-01-08\].usd_cny must be a finite rate > 0",
        ),
        ({"usdcny": "7.0", "sources": ["x"]}, r"unknown field 'usdcny'"),
        ({"usd_cny": True, "sources": ["x"]}, r"must be a number, got True"),
        ({"usd_cny": "seven", "sources": ["x"]}, r"must be a decimal number, got 'seven'"),
        (
            {"usd_cny": "7.0", "cny_usd": "0.14", "sources": ["x"]},
            r"two rates for CNY/USD on 2026-01-08: usd_cny = 7.0 and cny_usd = 0.14",
        ),
    ],
)
def test_bad_user_tables_are_refused(entry: dict[str, Any], message: str) -> None:
    with pytest.raises(IpoDataError, match=message):
        FxTable.from_mapping({"2026-01-08": entry})


def test_from_frame_needs_its_columns() -> None:
    with pytest.raises(IpoDataError, match=r"frame is missing column\(s\) \['sources'\]"):
        FxTable.from_frame(pd.DataFrame({"date": [], "base": [], "quote": [], "rate": []}))


def test_rate_records_are_validated() -> None:
    with pytest.raises(IpoDataError, match=r"x: base and quote are both 'HKD'"):
        FxRate(date(2026, 1, 8), "HKD", "HKD", Decimal(1), "x", ("s",))


def test_load_fx_rates_from_a_file(tmp_path: Path) -> None:
    good = tmp_path / "rates.json"
    good.write_text(
        json.dumps({"rates": {"2026-01-08": {"hkd_cny": 0.90146, "sources": ["FX168"]}}}),
        encoding="utf-8",
    )
    table = load_fx_rates(good)
    assert table.lookup("HKD", "CNY", on=date(2026, 1, 8)).rate == Decimal("0.90146")
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(IpoDataError, match=r"expected an object with a 'rates' mapping"):
        load_fx_rates(bad)
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(IpoDataError, match=r"not valid JSON"):
        load_fx_rates(bad)
    with pytest.raises(IpoDataError, match=r"cannot be read"):
        load_fx_rates(tmp_path / "absent.json")
