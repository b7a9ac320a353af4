"""STAR Market mechanics: clawback, initial split, lottery rates, tranche check.

Expected values are the figures the issuers published (``shared/data/rules.md`` section 6):

- moore_threads/S1  发行结果公告 (issuance results), 2025-11-27,
  http://stock.stockstar.com/notice/SN2025112700034028.shtml: price CNY 114.28, 70,000,000
  shares, strategic placement 14,000,000 (planned = placed).
- moore_threads/S3  CITIC Securities verification opinion, 2026-01-21,
  http://www.cfi.cn/newspage.aspx?id=20260121002512: gross proceeds 799,960.00万元.
- moore_threads/S5  中新经纬 report of the 网上发行申购情况及中签率公告, 2025-11-24,
  https://www.caiding5.cn/gupiao/37263460.html: online 11,200,000 -> 16,800,000, offline
  44,800,000 -> 39,200,000, 5,600,000 moved, 46,216,647,000 valid shares applied, 4,126.49x,
  lottery rates 0.02423369% (initial) and 0.03635054% (final).
- moore_threads/S8  经济观察报, 2025-12-05, https://news.china.com/socialgd/10000169/20251206/
  49050966.html: 500 shares per winning number.
- metax/S1  网上发行申购情况及中签率公告 (CFi repost), 2025-12-07,
  http://www.cfi.cn/newspage.aspx?id=20251208000199: strategic 8,020,000 planned, 7,605,419
  placed, 414,581 returned; online 6,416,000, offline 26,078,581 before the clawback.
- metax/S2, S3  prospectus and listing notices: price CNY 104.66, 40,100,000 shares.
- metax/S4  company announcement 2026-004: gross proceeds 419,686.60万元.
- metax/S7  TTM report of the lottery-rate announcement, 2025-12-07,
  https://ttm.financial/m/news/1153876390: 3,249,500 moved, online 9,665,500, offline
  22,829,081, 28.862 billion (288.62亿) shares applied, 4,498.38x, rates 0.02223023% and
  0.03348913%.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipometrics import star
from ipometrics.errors import IpoDataError
from ipometrics.models import (
    Offering,
    StarOfflineTranche,
    StarOnlineDemand,
    StarOnlineTranche,
    StarStrategicTranche,
)
from ipometrics.star import (
    CLAWBACK_RULES,
    SUBSCRIPTION_UNIT,
    clawback,
    clawback_check,
    lottery_rate,
    lottery_rate_interval,
    online_initial,
)

PCT = Decimal(100)


def _v(fig: Any) -> Any:
    """A figure's value, asserting it is published."""
    assert fig is not None
    assert fig.value is not None
    return fig.value


@dataclass(frozen=True)
class Star:
    """The STAR groups of a record, asserted present (they are optional in the schema)."""

    offer_final: int
    strategic: StarStrategicTranche
    offline: StarOfflineTranche
    online: StarOnlineTranche
    demand: StarOnlineDemand


def _star(o: Offering) -> Star:
    s = o.shares
    assert s.star_strategic is not None
    assert s.star_offline is not None
    assert s.star_online is not None
    assert o.demand.star_online is not None
    return Star(
        _v(s.offer_final), s.star_strategic, s.star_offline, s.star_online, o.demand.star_online
    )


@pytest.fixture(scope="module")
def moore(offerings: dict[str, Offering]) -> Offering:
    return offerings["moore_threads"]


@pytest.fixture(scope="module")
def metax(offerings: dict[str, Offering]) -> Offering:
    return offerings["metax"]


# ------------------------------------------------------------------------------ constants


def test_subscription_unit_is_the_published_500_shares(moore: Offering) -> None:
    # moore_threads/S8: each winning number buys 500 shares.
    assert SUBSCRIPTION_UNIT == 500
    assert moore.terms.subscription_unit.value == SUBSCRIPTION_UNIT
    source = moore.source_of("terms.subscription_unit")
    assert source is not None
    assert source.id == "S8"


def test_rule_table_records_what_is_known_and_what_is_not() -> None:
    rule = CLAWBACK_RULES[star.DEFAULT_RULE]
    # The period is not in the sources: both ends unknown, said in words.
    assert rule.effective_from is None
    assert rule.effective_to is None
    assert "上证发〔2025〕46号" in rule.effective_note
    assert "not in the sources" in rule.effective_note
    assert [(s.above_multiple, s.fraction, s.status) for s in rule.steps] == [
        (Decimal(50), Decimal("0.05"), "uncertain"),
        (Decimal(100), Decimal("0.10"), "confirmed (secondary)"),
    ]
    assert rule.rounding_unit == SUBSCRIPTION_UNIT
    assert [k for k, _ in rule.observed_on] == ["moore_threads", "metax"]


# ------------------------------------------------------------------------------ clawback


def test_moore_threads_clawback_is_ten_percent_of_56_million(moore: Offering) -> None:
    # moore_threads/S5: 4,126.49x > 100x; 10% x (70,000,000 - 14,000,000) = 5,600,000.
    m = _star(moore)
    after_strategic = m.offer_final - _v(m.strategic.final)
    assert after_strategic == 56_000_000
    moved = clawback(after_strategic, _v(m.demand.subscription_multiple))
    assert moved == 5_600_000 == _v(m.online.clawback_from_offline)


def test_metax_clawback_rounds_up_to_500(metax: Offering) -> None:
    # metax/S7: 10% x (40,100,000 - 7,605,419) = 3,249,458.1 -> 3,249,500.
    m = _star(metax)
    after_strategic = m.offer_final - _v(m.strategic.final)
    assert after_strategic == 32_494_581
    moved = clawback(after_strategic, _v(m.demand.subscription_multiple))
    assert moved == 3_249_500 == _v(m.online.clawback_from_offline)


@pytest.mark.parametrize(
    ("key", "online_final", "offline_final", "moved"),
    [
        ("moore_threads", 16_800_000, 39_200_000, 5_600_000),  # moore_threads/S5
        ("metax", 9_665_500, 22_829_081, 3_249_500),  # metax/S7
    ],
)
def test_check_reproduces_published_post_clawback_tranches(
    offerings: dict[str, Offering], key: str, online_final: int, offline_final: int, moved: int
) -> None:
    m = _star(offerings[key])
    check = clawback_check(
        online_initial=_v(m.online.initial),
        offline_initial=_v(m.offline.initial),
        online_multiple=_v(m.demand.subscription_multiple),
        published_online_final=_v(m.online.final),
        published_offline_final=_v(m.offline.final),
        published_clawback=_v(m.online.clawback_from_offline),
    )
    assert (check.clawback, check.online_final, check.offline_final) == (
        moved,
        online_final,
        offline_final,
    )
    assert (check.published_online_final, check.published_offline_final) == (
        online_final,
        offline_final,
    )
    assert check.matches
    assert check.online_difference == check.offline_difference == 0
    assert check.step is not None
    assert check.step.fraction == Decimal("0.10")
    assert not check.uncertain
    assert check.shares_after_strategic == m.offer_final - _v(m.strategic.final)


def test_a_difference_is_reported_not_overwritten() -> None:
    # Under a hypothetical 20% rule (ChiNext, rules.md R24) Moore Threads would move 11.2m.
    rule = CLAWBACK_RULES["sse_2025"].with_step(1, fraction=Decimal("0.20"))
    check = clawback_check(
        online_initial=11_200_000,
        offline_initial=44_800_000,
        online_multiple=Decimal("4126.49"),
        published_online_final=16_800_000,
        published_offline_final=39_200_000,
        published_clawback=5_600_000,
        rule=rule,
    )
    assert check.clawback == 11_200_000
    assert not check.matches
    assert check.online_difference == 16_800_000 - 22_400_000
    assert check.offline_difference == 39_200_000 - 33_600_000
    assert check.uncertain  # an overridden step is marked uncertain
    assert check.rule == "sse_2025 (modified)"


@pytest.mark.parametrize(
    ("multiple", "moved"),
    [
        (Decimal(0), 0),
        (Decimal(50), 0),  # "more than 50x": 50x itself does not trigger
        (Decimal("50.01"), 2_800_000),  # 5% step (uncertain)
        (Decimal(100), 2_800_000),  # "more than 100x": 100x stays on the 5% step
        (Decimal("100.01"), 5_600_000),
        (4126.49, 5_600_000),  # a float is read by its repr
        (4126, 5_600_000),
    ],
)
def test_thresholds_are_strict(multiple: Decimal | float | int, moved: int) -> None:
    assert clawback(56_000_000, multiple) == moved


def test_uncertain_step_is_flagged_and_can_be_dropped() -> None:
    check = clawback_check(
        online_initial=11_200_000,
        offline_initial=44_800_000,
        online_multiple=80,
        published_online_final=11_200_000,
        published_offline_final=44_800_000,
    )
    assert check.uncertain
    assert check.clawback == 2_800_000
    assert not check.matches  # the published figures here are hypothetical (no clawback)
    strict = CLAWBACK_RULES["sse_2025"].without_step(0)
    assert clawback(56_000_000, 80, rule=strict) == 0
    assert clawback(56_000_000, 101, rule=strict) == 5_600_000


def test_clawback_errors_name_the_argument() -> None:
    with pytest.raises(ValueError, match=r"online_multiple must be a finite number >= 0, got -1"):
        clawback(56_000_000, -1)
    with pytest.raises(ValueError, match=r"rule must be one of sse_2025, got 'chinext'"):
        clawback(56_000_000, 200, rule="chinext")
    with pytest.raises(TypeError, match=r"shares_after_strategic must be a whole number"):
        clawback(56_000_000.0, 200)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"online_multiple must be a number, got True"):
        clawback(56_000_000, True)
    with pytest.raises(IndexError, match=r"sse_2025 has 2 steps, got index 5"):
        CLAWBACK_RULES["sse_2025"].without_step(5)
    with pytest.raises(IpoDataError, match=r"clawback of 5,600,000 shares exceeds offline_initial"):
        clawback_check(
            online_initial=52_000_000,
            offline_initial=4_000_000,
            online_multiple=200,
            published_online_final=0,
            published_offline_final=0,
        )


def test_rule_table_must_ascend() -> None:
    rule = CLAWBACK_RULES["sse_2025"]
    with pytest.raises(ValueError, match=r"steps must ascend by above_multiple"):
        rule.with_step(0, above_multiple=200)
    with pytest.raises(ValueError, match=r"fractions must lie in \[0, 1\] and not fall"):
        rule.with_step(0, fraction=Decimal("0.5"))


@given(
    base=st.integers(min_value=0, max_value=10**10),
    low=st.decimals(min_value=0, max_value=10_000, places=2),
    high=st.decimals(min_value=0, max_value=10_000, places=2),
)
def test_clawback_invariants(base: int, low: Decimal, high: Decimal) -> None:
    small, large = sorted((low, high))
    a, b = clawback(base, small), clawback(base, large)
    assert a <= b  # more demand never moves fewer shares
    assert b % SUBSCRIPTION_UNIT == 0
    step = CLAWBACK_RULES["sse_2025"].step_for(large)
    exact = (step.fraction if step else Decimal(0)) * base
    assert exact <= b < exact + SUBSCRIPTION_UNIT  # rounded up, never by a whole unit


# ------------------------------------------------------------------------------ initial split


def test_online_initial_is_twenty_percent_of_planned(moore: Offering, metax: Offering) -> None:
    # moore_threads/S1, S5: 20% x (70,000,000 - 14,000,000) = 11,200,000.
    # metax/S1: 20% x (40,100,000 - 8,020,000 planned) = 6,416,000 (not 7,605,419 placed).
    for o, expected in ((moore, 11_200_000), (metax, 6_416_000)):
        m = _star(o)
        planned = m.offer_final - _v(m.strategic.initial)
        assert online_initial(planned) == expected == _v(m.online.initial)
    placed = 40_100_000 - 7_605_419
    with pytest.raises(IpoDataError, match=r"6,498,916.2 shares is not a whole number of 500"):
        online_initial(placed)
    assert online_initial(placed, rounding="up") == 6_499_000
    assert online_initial(placed, rounding="down") == 6_498_500
    with pytest.raises(ValueError, match=r"rounding must be 'exact', 'up' or 'down', got 'near'"):
        online_initial(placed, rounding="near")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"fraction must be in \[0, 1\], got Decimal\('2'\)"):
        online_initial(placed, fraction=Decimal(2))


# ------------------------------------------------------------------------------ lottery rate


def test_moore_threads_lottery_rates_to_eight_published_decimals(moore: Offering) -> None:
    # moore_threads/S5: 11,200,000 / 46,216,647,000 = 0.02423369%; 16,800,000 -> 0.03635054%.
    m = _star(moore)
    applied = Decimal(_v(m.demand.valid_shares_applied))
    assert applied == 46_216_647_000
    for shares, pct in (
        (_v(m.online.initial), _v(m.demand.lottery_rate_initial_pct)),
        (_v(m.online.final), _v(m.demand.lottery_rate_final_pct)),
    ):
        rate = lottery_rate(shares, applied)
        assert isinstance(rate, Decimal)
        assert (rate * PCT).quantize(Decimal("1e-8")) == pct
    assert pct == Decimal("0.03635054")
    # The float path gives the same 8 decimals.
    assert round(lottery_rate(16_800_000, 46_216_647_000.0) * 100, 8) == 0.03635054
    # The reciprocal of the published multiple (4,126.49x, abs_tol 0.005).
    assert 1 / lottery_rate(11_200_000, applied) == pytest.approx(
        Decimal("4126.49"), abs=Decimal("0.005")
    )


def test_metax_rates_only_reproduce_as_an_interval(metax: Offering) -> None:
    # metax/S7 prints 288.62亿 (28.862 billion) shares applied; the point value does not give
    # the published 8 decimals...
    rates = _star(metax).demand
    applied = _v(rates.valid_shares_applied)
    initial_pct, final_pct = _v(rates.lottery_rate_initial_pct), _v(rates.lottery_rate_final_pct)
    assert (initial_pct, final_pct) == (Decimal("0.02223023"), Decimal("0.03348913"))
    point = lottery_rate(9_665_500, Decimal(applied)) * PCT
    assert point.quantize(Decimal("1e-8")) != final_pct
    # ...but the interval its rounding allows contains both published rates. The record's
    # abs_tol is half the last printed digit of 288.62亿 (0.01亿 = 1,000,000 shares); rules.md
    # prints the intervals it gives: 0.02222954-0.02223031% and 0.03348809-0.03348925%.
    record_tol = rates.valid_shares_applied.abs_tol
    assert record_tol == 500_000
    for shares, pct, bounds in (
        (6_416_000, initial_pct, ("0.02222954", "0.02223031")),
        (9_665_500, final_pct, ("0.03348809", "0.03348925")),
    ):
        interval = lottery_rate_interval(shares, applied, record_tol)
        assert pct / PCT in interval
        assert interval.low < interval.high
        low, high = interval.as_percent()
        assert (str(low.quantize(Decimal("1e-8"))), str(high.quantize(Decimal("1e-8")))) == bounds


def test_interval_errors() -> None:
    with pytest.raises(ValueError, match=r"applied_abs_tol must be >= 0, got -1"):
        lottery_rate_interval(100, 1_000, -1)
    with pytest.raises(ValueError, match=r"online_shares_applied - applied_abs_tol must be > 0"):
        lottery_rate_interval(100, 1_000, 1_000)
    assert "0.1" not in lottery_rate_interval(100, 1_000, 0)
    assert 0.1 in lottery_rate_interval(100, 1_000, 0)


KINDS: dict[str, Callable[[list[float]], Any]] = {
    "ndarray": lambda v: np.asarray(v, dtype=float),
    "series": lambda v: pd.Series(v, index=[10, 20, 30, 40], dtype=float),
}


@pytest.fixture(params=["scalar", "ndarray", "series"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_lottery_rate_keeps_the_input_kind(kind: str) -> None:
    shares = [16_800_000.0, 9_665_500.0, 1_000.0, 1_000.0]
    applied = [46_216_647_000.0, 28_862_000_000.0, float("nan"), 0.0]
    expected = [16_800_000 / 46_216_647_000, 9_665_500 / 28_862_000_000, np.nan, np.nan]
    if kind == "scalar":
        got = [lottery_rate(s, a) for s, a in zip(shares[:3], applied[:3], strict=True)]
        np.testing.assert_allclose(got, expected[:3], rtol=1e-15)
        with pytest.raises(ValueError, match=r"online_shares_applied must be > 0, got 0.0"):
            lottery_rate(1_000.0, 0.0)
        return
    result = lottery_rate(KINDS[kind](shares), KINDS[kind](applied))
    if kind == "series":
        assert isinstance(result, pd.Series)
        assert list(result.index) == [10, 20, 30, 40]
    else:
        assert isinstance(result, np.ndarray)
    np.testing.assert_allclose(np.asarray(result, dtype=float), expected, rtol=1e-15)


def test_lottery_rate_errors_name_star_arguments() -> None:
    with pytest.raises(ValueError, match=r"online_shares must be > 0, got 0"):
        lottery_rate(0, 1_000)
    with pytest.raises(TypeError, match=r"online_shares_applied must be a number"):
        lottery_rate(1_000, "many")  # type: ignore[type-var]


# ------------------------------------------------------------------------------ proceeds


@pytest.mark.parametrize(
    ("key", "gross"),
    [
        ("moore_threads", Decimal("7999600000")),  # 114.28 x 70,000,000; moore_threads/S3
        ("metax", Decimal("4196866000")),  # 104.66 x 40,100,000; metax/S4
    ],
)
def test_gross_proceeds_match_the_published_figure(
    offerings: dict[str, Offering], key: str, gross: Decimal
) -> None:
    o = offerings[key]
    assert o.gross_proceeds() == gross
    assert o.proceeds.gross.value == gross  # printed 799,960.00万元 / 419,686.60万元
