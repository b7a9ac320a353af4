"""to_frame: one row per offering, documented columns, same numbers as the exact path."""

from __future__ import annotations

import csv
import io
import re
import warnings
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import ipometrics as ipm
from ipometrics import frame as fr
from ipometrics.frame import (
    COUNT_COLUMNS,
    INPUT_COLUMNS,
    METRIC_COLUMNS,
    MONEY_COLUMNS,
    MixedCurrencyError,
    MoneyDtype,
    Unavailable,
)
from ipometrics.models import Offering


def cell(frame: pd.DataFrame, code: str, column: str) -> Any:
    value: Any = frame.at[code, column]
    return value


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return ipm.to_frame(ipm.load_offerings())


def test_one_row_per_offering_indexed_by_code(frame: pd.DataFrame) -> None:
    assert list(frame.index) == [
        "688795.SH",
        "688802.SH",
        "06082.HK",
        "02513.HK",
        "09903.HK",
        "00100.HK",
    ]
    assert frame.index.name == "code"


def test_columns_are_exactly_the_documented_ones(frame: pd.DataFrame) -> None:
    assert list(frame.columns) == list(ipm.COLUMNS)
    for column in (*INPUT_COLUMNS, *METRIC_COLUMNS):
        assert "[" in ipm.COLUMNS[column], f"{column} documents no unit"
    for column in (
        "gross_proceeds",
        "net_proceeds",
        "public_multiple",
        "placing_multiple",
        "open_return",
        "close_return",
        "market_cap_offer",
        "market_cap_close",
        "money_left_on_table",
    ):
        assert column in frame.columns


def test_dtypes(frame: pd.DataFrame) -> None:
    for column in COUNT_COLUMNS:
        assert str(frame[column].dtype) == "Int64"
    # Money and prices carry a currency; counts, multiples and fractions do not.
    assert {"offer_price", "expenses", "gross_proceeds", "money_left_on_table"} <= set(
        MONEY_COLUMNS
    )
    assert not {"offer_shares", "public_multiple", "close_return"} & set(MONEY_COLUMNS)
    hong_kong = frame[frame["currency"] == "HKD"]
    for column in MONEY_COLUMNS:
        # The bundled six are 4 HKD + 2 CNY: the column says so, and so does each part.
        assert frame[column].dtype == MoneyDtype()
        assert str(hong_kong[column].dtype) == "money[HKD]"
    for column in set(METRIC_COLUMNS) - set(MONEY_COLUMNS):
        assert frame[column].dtype == np.float64
    assert str(frame["listing_date"].dtype) == "datetime64[s]"


@pytest.mark.parametrize(
    ("method", "column", "kwargs"),
    [
        ("gross_proceeds", "gross_proceeds", {}),
        ("net_proceeds", "net_proceeds", {}),
        ("first_day_return", "close_return", {"at": "close"}),
        ("market_cap", "market_cap_offer", {"at": "offer"}),
        ("market_cap", "market_cap_close", {"at": "close"}),
        ("money_left_on_table", "money_left_on_table", {}),
    ],
)
def test_frame_agrees_with_the_exact_record_path_to_the_cent(
    frame: pd.DataFrame,
    offerings: dict[str, Offering],
    method: str,
    column: str,
    kwargs: dict[str, str],
) -> None:
    for o in offerings.values():
        try:
            exact = getattr(o, method)(**kwargs)
        except ipm.FigureUnavailableError:
            assert np.isnan(cell(frame, o.code, column))
            continue
        assert isinstance(exact, Decimal)
        tol = 1e-12 if "return" in column else 0.005
        assert cell(frame, o.code, column) == pytest.approx(float(exact), abs=tol)


def test_published_inputs_are_copied_not_recomputed(frame: pd.DataFrame) -> None:
    # zhipu/S1: "1,159.46 times" public, "15.28 times" placing; "HK$4,348.1 million".
    assert cell(frame, "02513.HK", "public_multiple") == 1159.46
    assert cell(frame, "02513.HK", "placing_multiple") == 15.28
    assert cell(frame, "02513.HK", "gross_proceeds_published") == 4_348_100_000
    # zhipu/S1 one-lot row: 5.00% -> a fraction.
    assert cell(frame, "02513.HK", "one_lot_success_rate") == pytest.approx(0.05)
    # zhipu/S5: close up 13.17% -> 0.1317.
    assert cell(frame, "02513.HK", "close_return_published") == pytest.approx(0.1317)


def test_missing_figures_are_nan_with_a_reason(frame: pd.DataFrame) -> None:
    assert np.isnan(cell(frame, "09903.HK", "open_return"))
    assert np.isnan(cell(frame, "09903.HK", "market_cap_open"))
    reasons = frame.attrs["unavailable"]
    assert Unavailable("09903.HK", "open_return", "first_day.open", "unknown") in reasons
    assert Unavailable("09903.HK", "open_price", "first_day.open", "unknown") in reasons
    assert str(reasons[0]).count(" is ") == 1
    # Nothing is unavailable without a reason, and nothing with a value has one.
    for u in reasons:
        assert pd.isna(cell(frame, u.code, u.column))


def test_not_applicable_is_distinguished_from_unknown(shared_offerings: dict[str, Any]) -> None:
    import json

    star_record = shared_offerings["offerings"]["moore_threads"]
    record = {"schema_version": 1, "key": "moore_threads", **star_record}
    star = Offering.model_validate(json.loads(json.dumps(record), parse_float=Decimal))
    frame = ipm.to_frame([star])
    reasons = {u.column: u for u in frame.attrs["unavailable"]}
    assert reasons["public_multiple"].status == "not applicable"
    assert np.isnan(cell(frame, "688795.SH", "public_multiple"))
    # Moore Threads: CNY 114.28 x 70,000,000 = CNY 799,960.00万 (moore_threads/S3).
    assert cell(frame, "688795.SH", "gross_proceeds") == pytest.approx(7_999_600_000, abs=50)


def test_empty_input_gives_an_empty_frame_with_the_columns() -> None:
    frame = ipm.to_frame([])
    assert list(frame.columns) == list(ipm.COLUMNS)
    assert len(frame) == 0


# --------------------------------------------------------------------------------------------
# Dates are dates
# --------------------------------------------------------------------------------------------


def test_listing_date_is_a_datetime_column(frame: pd.DataFrame) -> None:
    listed = frame["listing_date"].dt
    # zhipu/S1 and minimax/S1: first dealings on 8 and 9 January 2026; moore_threads/S8: 5 Dec.
    assert listed.date["02513.HK"] == date(2026, 1, 8)
    assert listed.date["00100.HK"] == date(2026, 1, 9)
    assert listed.date["688795.SH"] == date(2025, 12, 5)
    # Zhipu and Iluvatar CoreX debuted on the same day (zhipu/S1, iluvatar_corex/S1).
    assert frame.groupby(listed.date).size()[date(2026, 1, 8)] == 2


# --------------------------------------------------------------------------------------------
# Money carries its currency
# --------------------------------------------------------------------------------------------


def test_summing_money_across_currencies_is_an_error_naming_them(frame: pd.DataFrame) -> None:
    with pytest.raises(MixedCurrencyError, match=r"cannot sum money .*\(CNY, HKD\)"):
        frame["gross_proceeds"].sum()
    # Scaling keeps the currency, so the sum still refuses, in millions too.
    with pytest.raises(MixedCurrencyError, match=r"\(CNY, HKD\)"):
        (frame["gross_proceeds"] / 1e6).sum()
    with pytest.raises(MixedCurrencyError, match=r"cannot average money"):
        frame["money_left_on_table"].mean()
    with pytest.raises(MixedCurrencyError, match=r"\(CNY, HKD\)"):
        frame[["gross_proceeds", "close_return"]].describe()


def test_money_sums_within_one_currency(frame: pd.DataFrame) -> None:
    by_currency = frame.groupby("currency")["gross_proceeds"].sum()
    # Printed gross proceeds, each rounded to HK$0.1 million (biren, zhipu, iluvatar_corex,
    # minimax S1): 5,583.0 + 4,348.1 + 3,677.4 + 4,817.6 = HK$18,426.1 million.
    assert float(by_currency["HKD"]) == pytest.approx(18_426.1e6, abs=4 * 0.05e6)
    # CNY 799,960.00万 (moore_threads/S3) + 419,686.60万 (metax/S4), each to CNY 100.
    assert float(by_currency["CNY"]) == pytest.approx(12_196_466_000, abs=2 * 50)
    hong_kong = frame.loc[frame["currency"] == "HKD", "gross_proceeds"]
    assert float(hong_kong.sum()) == float(by_currency["HKD"])
    assert list(by_currency.array.currencies) == ["CNY", "HKD"]


def test_adding_two_currencies_row_by_row_is_an_error(frame: pd.DataFrame) -> None:
    hkd = frame.loc[frame["currency"] == "HKD", "gross_proceeds"].reset_index(drop=True)
    cny = frame.loc[frame["currency"] == "CNY", "gross_proceeds"].reset_index(drop=True)
    with pytest.raises(MixedCurrencyError, match=r"cannot add money .*\(CNY, HKD\)"):
        hkd + cny
    with pytest.raises(MixedCurrencyError, match=r"cannot compare money"):
        _ = hkd[:2] < cny


def test_money_over_money_of_one_currency_is_a_plain_ratio(frame: pd.DataFrame) -> None:
    # Money left on the table / gross proceeds = (close - offer) / offer, the initial return;
    # zhipu/S5: up 13.17% at the close.
    ratio = frame["money_left_on_table"] / frame["gross_proceeds"]
    assert ratio.dtype == np.float64
    assert ratio["02513.HK"] == pytest.approx(0.1317, abs=0.00005)
    np.testing.assert_allclose(ratio.to_numpy(), frame["close_return"].to_numpy(), rtol=1e-12)


def test_a_cell_is_a_plain_float_and_astype_drops_the_currency(frame: pd.DataFrame) -> None:
    cell_value = frame.at["02513.HK", "gross_proceeds"]
    assert type(cell_value) is float
    # zhipu/S1: HK$116.20 x 37,419,500 shares, printed HK$4,348.1 million.
    assert cell_value == pytest.approx(4_348.1e6, abs=0.05e6)
    # Plain floats, the same amounts: from here the currency is the reader's to keep.
    plain = frame["gross_proceeds"].astype("float64")
    assert plain.dtype == np.float64
    np.testing.assert_array_equal(plain.to_numpy(), frame["gross_proceeds"].to_numpy())


def test_rows_keep_their_currency_through_selection_and_concat(frame: pd.DataFrame) -> None:
    hong_kong = frame[frame["exchange"] == "SEHK"]
    star = frame[frame["exchange"] == "SSE"]
    again = pd.concat([star, hong_kong.sort_values("gross_proceeds")])
    assert again["gross_proceeds"].dtype == MoneyDtype()
    assert dict(zip(again.index, again["gross_proceeds"].array.currencies, strict=True)) == dict(
        zip(frame.index, frame["currency"], strict=True)
    )
    with pytest.raises(MixedCurrencyError, match=r"\(CNY, HKD\)"):
        again["market_cap_offer"].max()


# --------------------------------------------------------------------------------------------
# CSV with the records' exact decimals
# --------------------------------------------------------------------------------------------


def _csv_rows(text: str) -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in csv.DictReader(io.StringIO(text))}


def test_csv_writes_money_left_on_the_table_exactly(frame: pd.DataFrame) -> None:
    rows = _csv_rows(fr.to_csv(frame))
    # (HK$131.50 - HK$116.20) x 37,419,500 = 15.30 x 37,419,500 = HK$572,518,350: price and
    # shares zhipu/S1, close zhipu/S2. The float path gives 572518349.9999999.
    assert rows["02513.HK"]["money_left_on_table"] == "572518350.0"
    # (CNY 600.50 - 114.28) x 70,000,000 = CNY 34,035,400,000 (moore_threads/S1, S8).
    assert rows["688795.SH"]["money_left_on_table"] == "34035400000.0"
    # (HK$156.80 - 144.60) x 25,431,800 = HK$310,267,960 (iluvatar_corex/S1, S3).
    assert rows["09903.HK"]["money_left_on_table"] == "310267960.0"
    # CNY 114.28 x 470,028,217 shares = CNY 53,714,824,638.76 (moore_threads/S1, S5).
    assert rows["688795.SH"]["market_cap_offer"] == "53714824638.76"
    # A published percentage as a fraction, without float noise: 0.03348913% (metax/S7).
    assert rows["688802.SH"]["lottery_rate"] == "0.0003348913"


#: Each money metric and the record method that computes it exactly (Decimal).
RECORD_PATH: dict[str, Any] = {
    "gross_proceeds": lambda o: o.gross_proceeds(),
    "net_proceeds": lambda o: o.net_proceeds(),
    "market_cap_offer": lambda o: o.market_cap("offer"),
    "market_cap_open": lambda o: o.market_cap("open"),
    "market_cap_close": lambda o: o.market_cap("close"),
    "money_left_on_table": lambda o: o.money_left_on_table(),
}


@pytest.mark.parametrize("column", sorted(RECORD_PATH))
def test_csv_money_is_the_record_paths_decimal(column: str, offerings: dict[str, Offering]) -> None:
    rows = _csv_rows(fr.to_csv(offerings.values()))
    for o in offerings.values():
        text = rows[o.code][column]
        try:
            exact = RECORD_PATH[column](o)
        except ipm.FigureUnavailableError:
            assert text == ""
            continue
        assert Decimal(text) == exact


def test_csv_layout_dates_counts_and_gaps(frame: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "comparison.csv"
    assert fr.to_csv(frame, path) is None
    text = path.read_text(encoding="utf-8")
    assert text == fr.to_csv(frame)
    header = text.splitlines()[0].split(",")
    assert header == ["code", *ipm.COLUMNS]
    zhipu = _csv_rows(text)["02513.HK"]
    assert zhipu["listing_date"] == "2026-01-08"  # zhipu/S1
    assert zhipu["offer_shares"] == "37419500"  # zhipu/S1
    assert zhipu["online_multiple"] == ""  # not applicable in Hong Kong
    back = pd.read_csv(io.StringIO(text), index_col="code")
    np.testing.assert_allclose(
        back["gross_proceeds"], frame["gross_proceeds"].astype("float64"), rtol=0, atol=0.005
    )


def test_csv_writes_what_the_user_put_in_a_cell() -> None:
    df = ipm.to_frame([ipm.load_offering("zhipu")])
    df.loc["02513.HK", "money_left_on_table"] = 1.5e8
    assert _csv_rows(fr.to_csv(df))["02513.HK"]["money_left_on_table"] == "150000000.0"


# --------------------------------------------------------------------------------------------
# Notebook display
# --------------------------------------------------------------------------------------------


def _options() -> dict[str, Any]:
    """Every pandas option and its value (pd.options is a tree of option groups)."""
    found: dict[str, Any] = {}

    def walk(node: Any, prefix: str) -> None:
        for name in dir(node):
            value = getattr(node, name)
            if type(value).__name__ == "DictWrapper":
                walk(value, f"{prefix}{name}.")
            else:
                found[f"{prefix}{name}"] = value

    with warnings.catch_warnings():  # reading a deprecated option warns
        warnings.simplefilter("ignore")
        walk(pd.options, "")
    return found


def _row_cells(html: str, code: str) -> dict[str, str]:
    """The cells of the row headed ``code``, by column position: {"col3": text}."""
    row = next(part for part in html.split("<tr>") if f">{code}</th>" in part)
    return {
        f"col{col}": text
        for col, text in re.findall(r'<td id="T_\w+?_row\d+_col(\d+)"[^>]*>(.*?)</td>', row)
    }


def test_style_shows_published_multiples_and_returns(frame: pd.DataFrame) -> None:
    before = _options()
    data = frame.copy()
    html = fr.style(frame).to_html()
    cells = _row_cells(html, "02513.HK")
    col = {name: f"col{i}" for i, name in enumerate(frame.columns)}
    # zhipu/S1: public offer subscribed "1,159.46 times"; gross proceeds "HK$4,348.1 million".
    assert cells[col["public_multiple"]] == "1,159.46x"
    assert cells[col["gross_proceeds_published"]] == "HKD 4,348.1m"
    # zhipu/S5: closed up 13.17%; the recomputed close return rounds to the same.
    assert cells[col["close_return_published"]] == "+13.17%"
    assert cells[col["close_return"]] == "+13.17%"
    assert cells[col["offer_shares"]] == "37,419,500"  # zhipu/S1
    assert cells[col["offer_price"]] == "HKD 116.20"  # zhipu/S1
    assert _options() == before
    pd.testing.assert_frame_equal(frame, data)


def test_style_marks_not_published_apart_from_not_applicable(frame: pd.DataFrame) -> None:
    html = fr.style(frame).to_html()
    col = {name: f"col{i}" for i, name in enumerate(frame.columns)}
    biren = _row_cells(html, "06082.HK")
    assert biren[col["close_return"]] == fr.NOT_PUBLISHED  # no admissible source gives a close
    moore = _row_cells(html, "688795.SH")
    assert moore[col["public_multiple"]] == fr.NOT_APPLICABLE  # no HK public offer on STAR
    assert 'title="first_day.close: not published"' in html
    # A selection keeps its reasons (attrs travel with it).
    part = fr.style(frame.loc[["06082.HK"], ["name", "close_return"]]).to_html()
    assert f">{fr.NOT_PUBLISHED}</td>" in part


# --------------------------------------------------------------------------------------------
# Sources and empty cells as tables
# --------------------------------------------------------------------------------------------


def test_sources_frame_lists_every_source(offerings: dict[str, Offering]) -> None:
    df = fr.sources_frame(offerings.values())
    assert list(df.columns) == list(fr.SOURCE_COLUMNS)
    assert len(df) == sum(len(o.sources) for o in offerings.values())
    s1 = df[(df["key"] == "zhipu") & (df["id"] == "S1")].iloc[0]
    # The allotment results announcement, published the day before listing.
    assert (s1["tier"], s1["date"]) == ("official_announcement", pd.Timestamp("2026-01-07"))
    assert str(df["date"].dtype) == "datetime64[s]"
    assert df["date"].isna().any()  # some sources print no date: NaT, not a guess


def test_unavailable_frame_has_one_row_per_reason(frame: pd.DataFrame) -> None:
    gaps = fr.unavailable_frame(frame)
    assert list(gaps.columns) == ["code", "column", "path", "status"]
    assert len(gaps) == len(frame.attrs["unavailable"])
    assert ("09903.HK", "open_return", "first_day.open", "unknown") in set(
        gaps.itertuples(index=False, name=None)
    )


def test_to_numpy_does_not_hand_out_the_frames_own_amounts() -> None:
    frame = ipm.to_frame(ipm.load_offerings(exchange="SEHK"))
    amounts = frame["money_left_on_table"].to_numpy()
    with pytest.raises(ValueError, match="read-only"):
        amounts[1] = 1.0


def test_whole_number_casts_use_the_exact_amount() -> None:
    # Zhipu: (HK$131.50 close, zhipu/S5 - HK$116.20 offer, S1) x 37,419,500 = 572,518,350;
    # its float is 572518349.9999999, which a truncating cast would turn into ...349.
    frame = ipm.to_frame(ipm.load_offerings(exchange="SEHK"))
    assert frame["money_left_on_table"].astype("Int64")["02513.HK"] == 572_518_350
    with pytest.raises(TypeError, match="not a whole amount"):
        # Iluvatar CoreX (S1): HK$144.60 x 254,317,736 shares = HK$36,774,344,625.60.
        frame["market_cap_offer"].astype("Int64")
