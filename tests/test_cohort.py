"""Cohort statistics over the six bundled offerings, in one currency.

Every expected value is recomputed here by hand from the published inputs (never by calling
the library's formulas), with the source of each input:

=================  ============  =========================  ===========  ===================
offering           offer price   first-day close            offer shares listing date / FX
=================  ============  =========================  ===========  ===================
moore_threads      CNY 114.28    CNY 600.50 (S8, 经济观察报)  70,000,000   2025-12-05, HKD/CNY
                   (S1)                                     (S1)         0.90906 (Mitrade)
metax              CNY 104.66    CNY 829.90 (S11)           40,100,000   2025-12-17, HKD/CNY
                   (S2)                                     (S3)         0.90719 (Mitrade)
biren              HK$19.60 (S1) unknown                    284,846,600  2026-01-02 (holiday:
                   = maximum                                (S1)         no HKD/CNY parity)
zhipu              HK$116.20     HK$131.50 (S2, Reuters)    37,419,500   2026-01-08, 0.90146
                   (S1)                                     (S1)
iluvatar_corex     HK$144.60     HK$156.80 (S3, Reuters)    25,431,800   2026-01-08, 0.90146
                   (S1)                                     (S1)
minimax            HK$165.00     HK$345.00 (S6)             29,197,600   2026-01-09 (no
                   (S1), range                              (S1)         HKD/CNY parity)
                   151.00-165.00
=================  ============  =========================  ===========  ===================

FX rates: ``shared/data/fx_rates.yaml`` (CFETS central parities as reprinted by FX168/Mitrade
and TradingKey).
"""

from __future__ import annotations

from datetime import date
from decimal import Context, Decimal, localcontext

import pandas as pd
import pytest

import ipometrics as ipm
from ipometrics._values import DECIMAL_CONTEXT
from ipometrics.cohort import COHORT_COLUMNS, CohortStats, cohort_frame, cohort_stats
from ipometrics.errors import IpoDataError
from ipometrics.fx import FxTable, load_fx_rates
from ipometrics.models import Offering

D = Decimal
CTX = Context(prec=34)

# Published inputs (see the table above).
PRICE = {
    "moore_threads": D("114.28"),
    "metax": D("104.66"),
    "biren": D("19.60"),
    "zhipu": D("116.20"),
    "iluvatar_corex": D("144.60"),
    "minimax": D("165.00"),
}
CLOSE = {
    "moore_threads": D("600.50"),
    "metax": D("829.90"),
    "zhipu": D("131.50"),
    "iluvatar_corex": D("156.80"),
    "minimax": D("345.00"),
}
SHARES = {
    "moore_threads": 70_000_000,
    "metax": 40_100_000,
    "biren": 284_846_600,
    "zhipu": 37_419_500,
    "iluvatar_corex": 25_431_800,
    "minimax": 29_197_600,
}
HKD_CNY = {"moore_threads": D("0.90906"), "metax": D("0.90719")}  # 2025-12-05, 2025-12-17


def to_hkd(key: str, amount: Decimal) -> Decimal:
    """CNY -> HKD divides by the HKD/CNY parity of the listing day; HKD stays as is."""
    return CTX.divide(amount, HKD_CNY[key]) if key in HKD_CNY else amount


@pytest.fixture(scope="module")
def rates() -> FxTable:
    return load_fx_rates()


@pytest.fixture(scope="module")
def six() -> list[Offering]:
    offerings = ipm.load_offerings()
    assert sorted(o.key for o in offerings) == sorted(PRICE)
    return offerings


@pytest.fixture(scope="module")
def hkd(six: list[Offering], rates: FxTable) -> CohortStats:
    return cohort_stats(six, "HKD", rates)


# ------------------------------------------------------------------------------ statistics


def test_offerings_without_a_close_are_excluded_and_listed(hkd: CohortStats) -> None:
    assert hkd.offerings == (
        "moore_threads",
        "metax",
        "biren",
        "zhipu",
        "iluvatar_corex",
        "minimax",
    )
    assert hkd.used == ("moore_threads", "metax", "zhipu", "iluvatar_corex", "minimax")
    assert hkd.n_used == 5
    first_day = [e for e in hkd.excluded if e.statistic == "first-day return"]
    assert [(e.key, e.reason) for e in first_day] == [
        ("biren", "first_day.close is unknown (no admissible source gives it)")
    ]


def test_equal_weighted_and_median_first_day_return(hkd: CohortStats) -> None:
    # The library computes in 34 significant digits (ipometrics._values.DECIMAL_CONTEXT).
    with localcontext(DECIMAL_CONTEXT):
        returns = {k: CLOSE[k] / PRICE[k] - 1 for k in CLOSE}
    # 4.2546, 6.9295, 0.1317, 0.0844, 1.0909 -> mean 2.4982
    assert hkd.mean_first_day_return == pytest.approx(sum(returns.values()) / 5, abs=D("1e-25"))
    assert round(hkd.mean_first_day_return or 0, 4) == D("2.4982")
    # The middle of five: MiniMax, 345.00 / 165.00 - 1 = 1.0909
    assert hkd.median_first_day_return == returns["minimax"]


def test_proceeds_weighted_return_uses_converted_gross_proceeds(hkd: CohortStats) -> None:
    with localcontext(CTX):
        weights = {k: to_hkd(k, PRICE[k] * SHARES[k]) for k in CLOSE}
        # moore_threads: CNY 7,999,600,000 / 0.90906 = HKD 8,799,859,195.21
        assert weights["moore_threads"].quantize(D("0.01")) == D("8799859195.21")
        # metax: CNY 4,196,866,000 / 0.90719 = HKD 4,626,226,038.65
        assert weights["metax"].quantize(D("0.01")) == D("4626226038.65")
        expected = sum(weights[k] * (CLOSE[k] / PRICE[k] - 1) for k in CLOSE) / sum(
            weights.values()
        )
    assert hkd.weighted_mean_first_day_return == pytest.approx(expected, abs=D("1e-25"))
    assert round(hkd.weighted_mean_first_day_return or 0, 4) == D("2.8793")


def test_totals_in_hkd(hkd: CohortStats) -> None:
    with localcontext(CTX):
        gross = sum(to_hkd(k, PRICE[k] * SHARES[k]) for k in PRICE)
        left = sum(to_hkd(k, (CLOSE[k] - PRICE[k]) * SHARES[k]) for k in CLOSE)
    # Money left: Moore Threads 486.22 x 70,000,000 = CNY 34,035,400,000 / 0.90906
    # = HKD 37,440,212,967.24; MiniMax 180.00 x 29,197,600 = HK$5,255,568,000.
    assert to_hkd("moore_threads", D("34035400000")).quantize(D("0.01")) == D("37440212967.24")
    assert hkd.total_money_left_on_table == pytest.approx(left, abs=D("1e-15"))
    assert hkd.total_gross_proceeds == pytest.approx(gross, abs=D("1e-15"))  # Biren included
    assert hkd.currency == "HKD"


def test_fx_rates_used_are_reported(hkd: CohortStats) -> None:
    assert sorted(hkd.fx) == ["metax", "moore_threads"]  # the HK deals need no conversion
    mt = hkd.fx["moore_threads"]
    assert (mt.on, mt.legs[0].rate.rate, mt.legs[0].inverted) == (
        date(2025, 12, 5),
        D("0.90906"),
        True,
    )
    assert mt.sources[0].startswith("https://www.mitrade.com/")
    table = hkd.fx_rates()
    assert list(table["key"]) == ["moore_threads", "metax"]
    assert list(table["date"]) == [date(2025, 12, 5), date(2025, 12, 17)]
    assert all(table["sources"].str.len() > 0)


def test_priced_at_top_counts_the_maximum_only_deal(hkd: CohortStats) -> None:
    # MiniMax: HK$165.00, top of 151.00-165.00 (minimax/S1). Biren: HK$19.60 = its maximum
    # offer price (biren/S1), low end unknown: counted by default.
    assert (hkd.n_with_range, hkd.n_priced_at_top, hkd.share_priced_at_top) == (2, 2, D(1))
    reasons = {e.key: e.reason for e in hkd.excluded if e.statistic == "priced at top of range"}
    assert reasons == {
        "moore_threads": "price.range_high is not applicable (no price range; the price came "
        "from the offline inquiry)",
        "metax": "price.range_high is not applicable (no price range; the price came from the "
        "offline inquiry)",
        "zhipu": "price.range_high is not applicable (fixed-price offer)",
        "iluvatar_corex": "price.range_high is not applicable (fixed-price offer)",
    }


def test_maximum_only_can_be_left_out(six: list[Offering], rates: FxTable) -> None:
    stats = cohort_stats(six, "HKD", rates, count_maximum_only=False)
    assert (stats.n_with_range, stats.n_priced_at_top, stats.share_priced_at_top) == (1, 1, D(1))
    (biren,) = [e for e in stats.excluded if e.key == "biren" and e.statistic.startswith("priced")]
    assert "only a maximum offer price is published" in biren.reason


def test_cny_fails_for_minimax_and_biren(six: list[Offering], rates: FxTable) -> None:
    pattern = (
        r"(?s)cannot express 2 offerings in CNY \(fx_method='exact'\):\n"
        r"  - biren \(06082\.HK, HKD, listed 2026-01-02\): no sourced HKD/CNY "
        r"\(hkd_cny_central_parity\) rate on 2026-01-02.*\n"
        r"  - minimax \(00100\.HK, HKD, listed 2026-01-09\): no sourced HKD/CNY "
        r"\(hkd_cny_central_parity\) rate on 2026-01-09.*fx_method='previous_available'"
    )
    with pytest.raises(IpoDataError, match=pattern):
        cohort_stats(six, "CNY", rates)
    with pytest.raises(IpoDataError, match=pattern):
        cohort_frame(six, "CNY", rates)


def test_previous_available_is_used_only_by_name_and_reported(
    six: list[Offering], rates: FxTable
) -> None:
    stats = cohort_stats(six, "CNY", rates, fx_method="previous_available")
    used = {k: (c.requested, c.on) for k, c in stats.fx.items()}
    assert used == {
        "biren": (date(2026, 1, 2), date(2025, 12, 17)),
        "zhipu": (date(2026, 1, 8), date(2026, 1, 8)),
        "iluvatar_corex": (date(2026, 1, 8), date(2026, 1, 8)),
        "minimax": (date(2026, 1, 9), date(2026, 1, 8)),
    }


def test_one_conversion_date_for_all(six: list[Offering], rates: FxTable) -> None:
    stats = cohort_stats(six, "CNY", rates, convert_on=date(2026, 1, 8))
    assert {c.on for c in stats.fx.values()} == {date(2026, 1, 8)}
    # MiniMax's money left HK$5,255,568,000 x 0.90146 = CNY 4,737,685,325.28.
    with localcontext(CTX):
        expected = (
            D("34035400000")
            + D("29082124000")
            + (D("572518350") + D("310267960") + D("5255568000")) * D("0.90146")
        )
    assert stats.total_money_left_on_table == expected


def test_a_star_only_cohort(six: list[Offering], rates: FxTable) -> None:
    star = [o for o in six if o.currency == "CNY"]
    stats = cohort_stats(star, "CNY", rates)
    assert stats.fx == {}
    assert (stats.n_with_range, stats.share_priced_at_top) == (0, None)
    assert stats.total_gross_proceeds == D("7999600000") + D("4196866000")  # S3 / metax S4


def test_a_cohort_without_any_close(six: list[Offering], rates: FxTable) -> None:
    biren = [o for o in six if o.key == "biren"]
    stats = cohort_stats(biren, "HKD", rates)
    assert (stats.mean_first_day_return, stats.weighted_mean_first_day_return) == (None, None)
    assert (stats.median_first_day_return, stats.n_used) == (None, 0)
    assert stats.total_money_left_on_table == 0


def test_bad_inputs(six: list[Offering], rates: FxTable) -> None:
    with pytest.raises(IpoDataError, match=r"offerings is empty; expected at least one"):
        cohort_stats([], "HKD", rates)
    with pytest.raises(IpoDataError, match=r"offerings lists \['zhipu'\] more than once"):
        cohort_stats([six[3], six[3]], "HKD", rates)
    with pytest.raises(IpoDataError, match=r"currency must be an ISO 4217 code .* got 'hkd'"):
        cohort_stats(six, "hkd", rates)
    with pytest.raises(TypeError, match=r"offerings\[0\] must be an Offering, got str"):
        cohort_stats(["zhipu"], "HKD", rates)  # type: ignore[list-item]


# ------------------------------------------------------------------------------ frame


@pytest.fixture(scope="module")
def frame(six: list[Offering], rates: FxTable) -> pd.DataFrame:
    return cohort_frame(six, "HKD", rates)


def test_frame_layout(frame: pd.DataFrame) -> None:
    assert list(frame.columns) == list(COHORT_COLUMNS)
    assert list(frame.index) == [
        "688795.SH",
        "688802.SH",
        "06082.HK",
        "02513.HK",
        "09903.HK",
        "00100.HK",
    ]
    assert set(frame["currency"]) == {"HKD"}
    assert frame.attrs["currency"] == "HKD"
    assert list(frame["market"]) == ["STAR", "STAR"] + ["Hong Kong"] * 4


def test_frame_converts_star_money_at_the_listing_date(frame: pd.DataFrame) -> None:
    mt = frame.loc["688795.SH"]
    # CNY 7,999,600,000 / 0.90906 = HKD 8,799,859,195.21 (moore_threads/S3; Mitrade 2025-12-05)
    assert mt["gross_proceeds"] == pytest.approx(8_799_859_195.21, abs=0.01)
    # CNY 34,035,400,000 / 0.90906 = HKD 37,440,212,967.24
    assert mt["money_left_on_table"] == pytest.approx(37_440_212_967.24, abs=0.01)
    assert (mt["fx_date"], mt["fx_method"]) == (date(2025, 12, 5), "exact")
    assert mt["fx_rate"] == pytest.approx(1 / 0.90906, rel=1e-15)
    assert "mitrade.com" in mt["fx_source"]
    mx = frame.loc["688802.SH"]
    assert mx["fx_date"] == date(2025, 12, 17)
    # CNY 4,196,866,000 / 0.90719 = HKD 4,626,226,038.65 (metax/S4; Mitrade 2025-12-17)
    assert mx["gross_proceeds"] == pytest.approx(4_626_226_038.65, abs=0.01)


def test_frame_money_agrees_with_to_frame(frame: pd.DataFrame, six: list[Offering]) -> None:
    base = ipm.to_frame(six)
    for column in ("gross_proceeds", "market_cap_offer", "market_cap_close", "money_left_on_table"):
        # Converting by a rate is done on plain floats: money columns keep their currency.
        local = base[column].astype("float64") * frame["fx_rate"]
        pd.testing.assert_series_equal(
            frame[column], local, check_names=False, rtol=0, atol=0.01
        )  # the exact (Decimal) path and the float path agree to the cent
    hk = frame["market"] == "Hong Kong"
    assert (frame.loc[hk, "fx_method"] == "identity").all()
    assert frame.loc[hk, "fx_date"].isna().all()
    pd.testing.assert_series_equal(frame["close_return"], base["close_return"], check_names=False)


def test_frame_keeps_market_columns_apart(frame: pd.DataFrame) -> None:
    hk_cols = ["public_multiple", "placing_multiple", "one_lot_success_rate"]
    star_cols = ["online_multiple", "lottery_rate_final", "offline_multiple"]
    star_rows = frame["market"] == "STAR"
    assert frame.loc[star_rows, hk_cols].isna().all().all()
    assert frame.loc[~star_rows, star_cols].isna().all().all()
    # Published figures: moore_threads/S5 4,126.49x and 0.03635054%; moore_threads/S7 1,572x;
    # zhipu/S1 1,159.46x public, 15.28x placing, 5% one-lot success.
    assert frame.loc["688795.SH", "online_multiple"] == 4126.49
    assert frame.loc["688795.SH", "lottery_rate_final"] == pytest.approx(0.0003635054, abs=5e-11)
    assert frame.loc["688795.SH", "offline_multiple"] == 1572
    assert frame.loc["02513.HK", ["public_multiple", "placing_multiple"]].tolist() == [
        1159.46,
        15.28,
    ]
    assert frame.loc["02513.HK", "one_lot_success_rate"] == pytest.approx(0.05)


def test_frame_says_why_each_cell_is_empty(frame: pd.DataFrame) -> None:
    gaps = {(g.code, g.column): g for g in frame.attrs["unavailable"]}
    for code, column in zip(*frame.isna().to_numpy().nonzero(), strict=True):
        name = frame.columns[column]
        if name == "fx_date":
            continue  # None by design where no conversion was needed
        assert (frame.index[code], name) in gaps
    assert gaps[("688795.SH", "public_multiple")].reason == "Hong Kong tranche"
    assert gaps[("02513.HK", "online_multiple")].reason == "Shanghai STAR Market tranche"
    assert gaps[("02513.HK", "price_position")].reason == "fixed-price offer"
    biren = gaps[("06082.HK", "money_left_on_table")]
    assert (biren.path, biren.status) == ("first_day.close", "unknown")
    assert str(biren) == (
        "06082.HK money_left_on_table: first_day.close is unknown (no admissible source gives it)"
    )
    assert frame.loc["06082.HK", "price_position"] == "at top (maximum offer price)"
    assert frame.loc["00100.HK", "price_position"] == "at top"
