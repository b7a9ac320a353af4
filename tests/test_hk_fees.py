"""ipometrics.hk.fees: amounts payable on application, the fee schedule, break-even prices.

Expected amounts are printed figures, each cited beside the number. Where the fact base marks a
figure as derived rather than published (rules.md section 5 table), the comment says so.
"""

from __future__ import annotations

import itertools
import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipometrics.errors import IpoDataError
from ipometrics.hk import fees
from ipometrics.hk.fees import (
    FEE_SCHEDULE,
    SCHEDULE_START,
    ApplicationRates,
    amount_payable,
    amount_payable_table,
    application_rates,
    break_even_price,
    fee_rows_on,
    prospectus_tiers,
    sale_proceeds,
    sale_rates,
)
from ipometrics.models import Offering

from .conftest import FIXTURES, fixture_dict

CENT = Decimal("0.01")
#: A date in the 2025-26 application period of the four Hong Kong deals.
APPLIED = date(2025, 12, 30)


def _minimax_table() -> dict[str, Any]:
    path = FIXTURES / "amount_payable" / "minimax.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    return data


MINIMAX_TABLE = _minimax_table()


# --------------------------------------------------------------------------------------------
# One lot: published and fact-base figures
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("price", "shares", "expected"),
    [
        # Zhipu, one lot at HK$116.20: HK$11,737.19. rules.md section 5 table (derived there
        # with the per-charge rule; no source publishes Zhipu's one-lot amount).
        ("116.20", 100, "11737.19"),
        # Iluvatar CoreX, one lot at HK$144.60: HK$14,605.83, published by Sing Tao
        # (iluvatar_corex/S5, "入場費14605元", 2025-12-30; S6 gives the same).
        ("144.60", 100, "14605.83"),
        # MiniMax, 20 shares at HK$165.00: HK$3,333.28, first row of the prospectus table
        # (minimax prospectus of 2025-12-31, pages ii-iii).
        ("165.00", 20, "3333.28"),
        # Biren, one lot of 200 at HK$19.60: HK$3,959.54, rules.md section 5 (the rule applied;
        # not published in the sources).
        ("19.60", 200, "3959.54"),
    ],
)
def test_one_lot_amounts(price: str, shares: int, expected: str) -> None:
    assert amount_payable(Decimal(price), shares, on=APPLIED).total == Decimal(expected)


def test_biren_per_charge_differs_from_aggregate() -> None:
    # rules.md section 5: per charge HK$3,959.54; 3,920.00 x 1.010085 rounded once, 3,959.53.
    per_charge = amount_payable(Decimal("19.60"), 200, on=APPLIED)
    aggregate = amount_payable(Decimal("19.60"), 200, on=APPLIED, rounding="aggregate")
    assert per_charge.total == Decimal("3959.54")
    assert aggregate.total == Decimal("3959.53")
    # 39.20 + 0.11 (0.10584) + 0.22 (0.22148) + 0.01 (0.00588): each rounded up by the rule.
    parts = (per_charge.brokerage, per_charge.sfc_levy, per_charge.trading_fee)
    assert (*parts, per_charge.afrc_levy) == tuple(
        Decimal(x) for x in ("39.20", "0.11", "0.22", "0.01")
    )


def test_minimax_2000_shares_breakdown() -> None:
    # rules.md section 5, from the MiniMax prospectus table: 330,000.00 + 3,300.00 + 8.91
    # + 18.65 + 0.50 = HK$333,328.06 as printed; x 1.010085 once gives 333,328.05.
    m = amount_payable(Decimal("165.00"), 2000, on=date(2025, 12, 31))
    assert (m.application_money, m.brokerage, m.sfc_levy, m.trading_fee, m.afrc_levy) == (
        Decimal("330000.00"),
        Decimal("3300.00"),
        Decimal("8.91"),
        Decimal("18.65"),
        Decimal("0.50"),
    )
    assert m.total == Decimal("333328.06")
    agg = amount_payable(Decimal("165.00"), 2000, on=date(2025, 12, 31), rounding="aggregate")
    assert agg.total == Decimal("333328.05")


# --------------------------------------------------------------------------------------------
# MiniMax's prospectus table, all 41 rows
# --------------------------------------------------------------------------------------------


def _printed_rates(table: dict[str, Any]) -> ApplicationRates:
    pct = table["rates_pct"]
    return ApplicationRates.from_pct(
        pct["brokerage"], pct["sfc_levy"], pct["trading_fee"], pct["afrc_levy"]
    )


def test_minimax_table_fixture_is_complete() -> None:
    # Transcribed from MINIMAX_TABLE["url"] (the prospectus, section "Important").
    assert MINIMAX_TABLE["url"].startswith("https://www1.hkexnews.hk/")
    assert len(MINIMAX_TABLE["rows"]) == 41


@pytest.mark.parametrize("row", MINIMAX_TABLE["rows"], ids=lambda r: f"{r['shares']}_shares")
def test_minimax_table_every_row_per_charge(row: dict[str, Any]) -> None:
    # Each printed amount (MiniMax prospectus, 2025-12-31, pages ii-iii, at the maximum
    # price HK$165.00 and the printed rates) to the cent.
    m = amount_payable(
        MINIMAX_TABLE["price_used"],
        row["shares"],
        on=date.fromisoformat(MINIMAX_TABLE["date"]),
        rates=_printed_rates(MINIMAX_TABLE),
    )
    assert m.total == row["amount"], row["printed"]


def test_minimax_table_from_the_schedule_alone() -> None:
    # Same 41 printed rows, rates looked up in the schedule on the prospectus date instead.
    on = date.fromisoformat(MINIMAX_TABLE["date"])
    assert application_rates(on) == _printed_rates(MINIMAX_TABLE)
    got = [
        amount_payable(Decimal("165.00"), r["shares"], on=on).total for r in MINIMAX_TABLE["rows"]
    ]
    assert got == [r["amount"] for r in MINIMAX_TABLE["rows"]]


def test_minimax_table_aggregate_rounding_fails_in_both_directions() -> None:
    # rules.md section 5: rounding price x shares x 1.010085 once fails some printed rows,
    # some a cent high and some a cent low.
    on = date.fromisoformat(MINIMAX_TABLE["date"])
    errors = [
        amount_payable(Decimal("165.00"), r["shares"], on=on, rounding="aggregate").total
        - r["amount"]
        for r in MINIMAX_TABLE["rows"]
    ]
    wrong = [e for e in errors if e]
    assert len(wrong) > 0
    assert any(e > 0 for e in wrong)
    assert any(e < 0 for e in wrong)
    assert all(abs(e) <= 2 * CENT for e in wrong)


def test_minimax_table_through_the_offering(minimax: Offering) -> None:
    # The prospectus rows, built from the record at the maximum price of the range.
    tiers = [r["shares"] for r in MINIMAX_TABLE["rows"]]
    table = amount_payable_table(minimax, tiers, price=minimax.price.range_high.value)
    assert list(table["shares"]) == tiers
    assert list(table["total"]) == [r["amount"] for r in MINIMAX_TABLE["rows"]]
    assert table.attrs["rates_basis"] == "printed"


def test_default_tiers_hold_every_printed_row(minimax: Offering) -> None:
    # The MiniMax prospectus rows are all among the default rows; it ends at the largest
    # application, 634,740 shares (minimax/S1; half the initial public tranche of 1,269,480).
    table = amount_payable_table(minimax)
    printed = {r["shares"] for r in MINIMAX_TABLE["rows"]}
    assert printed <= set(table["shares"])
    assert table["shares"].iloc[-1] == 634_740
    assert list(table["lots"].iloc[:10]) == list(range(1, 11))


# --------------------------------------------------------------------------------------------
# One lot through the bundled records
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("zhipu", "11737.19"),  # rules.md section 5 table (derived with the rule)
        ("minimax", "3333.28"),  # MiniMax prospectus table, 20 shares at HK$165.00 = final
        ("iluvatar_corex", "14605.83"),  # Sing Tao, iluvatar_corex/S5
        ("biren", "3959.54"),  # rules.md section 5 table (derived with the rule)
    ],
)
def test_one_lot_through_table(offerings: dict[str, Offering], key: str, expected: str) -> None:
    if key not in offerings:
        pytest.skip(f"{key} is not among the bundled records yet")
    offering = offerings[key]
    lot = offering.identity.board_lot.value
    assert lot is not None
    table = amount_payable_table(offering, [lot])
    assert table.at[0, "total"] == Decimal(expected)
    published = offering.terms.one_lot_amount_payable.value
    if published is not None:
        assert table.at[0, "total"] == published


def test_table_falls_back_to_the_schedule() -> None:
    data = fixture_dict("zhipu")
    for name in ("brokerage_pct", "sfc_levy_pct", "trading_fee_pct", "afrc_levy_pct"):
        data["terms"][name] = {"value": None}
    zhipu = Offering.model_validate(data)
    table = amount_payable_table(zhipu, [100])
    # Same HK$11,737.19 (rules.md section 5) from the schedule on dates.offer_open.
    assert table.at[0, "total"] == Decimal("11737.19")
    assert table.attrs["rates_basis"] == "schedule on 2025-12-30"


# --------------------------------------------------------------------------------------------
# The schedule
# --------------------------------------------------------------------------------------------


def test_trading_fee_changes_on_2023_01_01() -> None:
    # R16, HKEX market communication of 2022-11-01: 0.005 % before, 0.00565 % from 2023-01-01.
    assert application_rates(date(2022, 12, 31)).trading_fee == Decimal("0.005") / 100
    assert application_rates(date(2023, 1, 1)).trading_fee == Decimal("0.00565") / 100


def test_no_afrc_levy_before_2022() -> None:
    # R17: the FRC transaction levy of 0.00015 % started on 2022-01-01.
    assert application_rates(date(2021, 12, 31)).afrc_levy == 0
    assert application_rates(date(2022, 1, 1)).afrc_levy == Decimal("0.00015") / 100


def test_sfc_levy_and_brokerage() -> None:
    # R15: SFC levy 0.0027 % from 2014-11-01; R18 and the four announcements: brokerage 1 %.
    rates = application_rates(SCHEDULE_START)
    assert rates.sfc_levy == Decimal("0.0027") / 100
    assert rates.brokerage == Decimal("0.01")


def test_stamp_duty_by_date() -> None:
    # IRD (ird.gov.hk/eng/tax/budget2021_sd.htm): 0.13 % from 2021-08-01. Deloitte tax
    # newsflash of 2023-11-17 and HKEX circular CT/152/23: 0.1 % from 2023-11-17.
    assert sale_rates(date(2021, 7, 31)).stamp_duty == Decimal("0.001")
    assert sale_rates(date(2021, 8, 1)).stamp_duty == Decimal("0.0013")
    assert sale_rates(date(2023, 11, 16)).stamp_duty == Decimal("0.0013")
    assert sale_rates(date(2023, 11, 17)).stamp_duty == Decimal("0.001")


def test_date_before_the_schedule_raises() -> None:
    with pytest.raises(IpoDataError, match=r"on=2014-10-31 is before .* from 2014-11-01"):
        amount_payable(Decimal("116.20"), 100, on=date(2014, 10, 31))
    with pytest.raises(IpoDataError, match=r"on=2001-01-01 is before"):
        fee_rows_on(date(2001, 1, 1))


def test_datetime_is_not_a_date() -> None:
    from datetime import datetime

    with pytest.raises(TypeError, match=r"on must be a datetime.date, got datetime"):
        application_rates(datetime(2025, 12, 30, 9, 0))


@pytest.mark.parametrize("charge", sorted({row.charge for row in FEE_SCHEDULE}))
def test_schedule_rows_are_contiguous(charge: str) -> None:
    rows = sorted((r for r in FEE_SCHEDULE if r.charge == charge), key=lambda r: r.effective_from)
    assert rows[0].effective_from == SCHEDULE_START
    assert rows[-1].effective_to is None
    for before, after in itertools.pairwise(rows):
        assert before.effective_to is not None
        assert after.effective_from == before.effective_to + timedelta(days=1)
    assert len({r.rounding for r in rows}) == 1
    for row in rows:
        assert isinstance(row.rate, Decimal)
        assert 0 <= row.rate < Decimal("0.02")
        assert row.source
        assert row.url.startswith("http")


def test_brokerage_row_says_it_has_no_effective_date() -> None:
    (row,) = [r for r in FEE_SCHEDULE if r.charge == "brokerage"]
    assert "no effective date" in row.note


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


def test_float_price_is_refused() -> None:
    with pytest.raises(TypeError, match=r"price must be exact .* float 116\.2.*Decimal\(str\("):
        amount_payable(116.2, 100, on=APPLIED)  # type: ignore[arg-type]


@pytest.mark.parametrize("shares", [0, -100])
def test_non_positive_shares_are_refused(shares: int) -> None:
    with pytest.raises(ValueError, match=rf"shares must be > 0 shares, got {shares}"):
        amount_payable(Decimal("116.20"), shares, on=APPLIED)


def test_bool_shares_are_refused() -> None:
    with pytest.raises(TypeError, match=r"shares must be a whole number of shares, got True"):
        amount_payable(Decimal("116.20"), True, on=APPLIED)


def test_float_shares_are_refused() -> None:
    with pytest.raises(TypeError, match=r"shares must be a whole number of shares \(int\)"):
        amount_payable(Decimal("116.20"), 100.0, on=APPLIED)  # type: ignore[arg-type]


@pytest.mark.parametrize("price", ["0", "-1.00", 0])
def test_non_positive_price_is_refused(price: str | int) -> None:
    with pytest.raises(ValueError, match=r"price must be > 0, got"):
        amount_payable(price, 100, on=APPLIED)


def test_unknown_rounding_mode_lists_the_valid_names() -> None:
    with pytest.raises(
        IpoDataError, match=r"rounding must be one of \['per_charge', 'aggregate'\], got 'bank'"
    ):
        amount_payable(Decimal("116.20"), 100, on=APPLIED, rounding="bank")  # type: ignore[arg-type]


def test_tier_not_a_multiple_of_the_lot(zhipu: Offering) -> None:
    with pytest.raises(
        IpoDataError, match=r"tier 150 shares is not a whole number of board lots of 100"
    ):
        amount_payable_table(zhipu, [100, 150])


def test_float_rate_is_refused() -> None:
    with pytest.raises(TypeError, match=r"brokerage_pct must be exact"):
        ApplicationRates.from_pct(1.0, "0.0027", "0.00565", "0.00015")  # type: ignore[arg-type]


def test_break_even_needs_shares_with_an_amount() -> None:
    with pytest.raises(TypeError, match=r"shares is required when paid is an amount"):
        break_even_price(Decimal("3959.54"), on=APPLIED)


def test_commission_rate_out_of_range() -> None:
    with pytest.raises(ValueError, match=r"commission_rate must be a fraction in \[0, 1\), got"):
        sale_proceeds(Decimal("19.60"), 200, on=APPLIED, commission_rate=Decimal("1.5"))


def test_prospectus_tiers_without_largest() -> None:
    assert prospectus_tiers(100) == [100 * k for k in range(1, 11)]


# --------------------------------------------------------------------------------------------
# Selling
# --------------------------------------------------------------------------------------------


def test_stamp_duty_rounds_up_to_the_dollar() -> None:
    # 0.1 % of HK$13,150.00 is 13.15: charged as HK$14 (rounded up to the whole dollar).
    s = sale_proceeds(Decimal("131.50"), 100, on=date(2026, 1, 8))
    assert s.stamp_duty == Decimal("14.00")
    assert s.net == s.consideration - s.costs


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

cents = st.integers(min_value=1, max_value=100_000_00).map(lambda c: Decimal(c).scaleb(-2))
share_counts = st.integers(min_value=1, max_value=5_000_000)
days = st.dates(min_value=SCHEDULE_START, max_value=date(2030, 12, 31))


@given(price=cents, a=share_counts, b=share_counts, on=days)
def test_total_never_decreases_with_shares(price: Decimal, a: int, b: int, on: date) -> None:
    small, large = sorted((a, b))
    assert amount_payable(price, small, on=on).total <= amount_payable(price, large, on=on).total


@given(price=cents, shares=share_counts, on=days)
def test_per_charge_within_two_cents_of_aggregate(price: Decimal, shares: int, on: date) -> None:
    per_charge = amount_payable(price, shares, on=on).total
    aggregate = amount_payable(price, shares, on=on, rounding="aggregate").total
    assert abs(per_charge - aggregate) <= 2 * CENT


@given(
    price=st.integers(min_value=1, max_value=1_000_00).map(lambda c: Decimal(c).scaleb(-2)),
    shares=st.integers(min_value=1, max_value=200_000),
    applied=days,
    sold=days,
    commission_bp=st.integers(min_value=0, max_value=50),
    fixed_cents=st.integers(min_value=0, max_value=100_00),
)
def test_break_even_price_is_the_lowest_covering_cent(
    price: Decimal,
    shares: int,
    applied: date,
    sold: date,
    commission_bp: int,
    fixed_cents: int,
) -> None:
    paid = amount_payable(price, shares, on=applied)
    costs: dict[str, Any] = {
        "on": sold,
        "commission_rate": Decimal(commission_bp).scaleb(-4),
        "fixed_costs": Decimal(fixed_cents).scaleb(-2),
    }
    be = break_even_price(paid, **costs)
    assert be == be.quantize(CENT)
    assert be >= price
    assert sale_proceeds(be, shares, **costs).net >= paid.total
    if be > CENT:
        assert sale_proceeds(be - CENT, shares, **costs).net < paid.total


def test_module_exports_exist() -> None:
    for name in fees.__all__:
        assert hasattr(fees, name), name
