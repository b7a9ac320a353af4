"""to_frame: one row per offering, documented columns, same numbers as the exact path."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest

import ipometrics as ipm
from ipometrics.frame import COUNT_COLUMNS, INPUT_COLUMNS, METRIC_COLUMNS, Unavailable
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
    for column in METRIC_COLUMNS:
        assert frame[column].dtype == np.float64


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
