"""Hong Kong clawback regimes, option scenarios, tranche reconciliation, margin estimates.

Expected share counts are the ones printed in each allotment announcement (S1 of each record):
- zhipu/S1  https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0107/2026010701798.pdf
- minimax/S1 https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0108/2026010801342.pdf
- iluvatar_corex/S1 https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0107/2026010701802.pdf
- biren/S1  https://www1.hkexnews.hk/listedco/listconews/sehk/2025/1231/2025123102783.pdf
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ipometrics as ipm
from ipometrics.hk.clawback import REGIMES, ClawbackRegime, clawback, regime_for
from ipometrics.models import Offering

M = 1_000_000


@pytest.mark.parametrize(
    ("offer", "initial", "multiple", "regime", "lot", "published"),
    [
        # zhipu/S1: 37,419,500 offer shares, 1,871,000 public, 1,159.46x -> 7,483,900.
        (37_419_500, 1_871_000, Decimal("1159.46"), "chapter_18c", 100, 7_483_900),
        # minimax/S1: 25,389,220 initial offer, 1,269,480 public, 1,837.17x -> 5,077,860.
        (25_389_220, 1_269_480, Decimal("1837.17"), "chapter_18c", 20, 5_077_860),
        # biren/S1: 247,692,800 initial offer, 12,384,800 public, 2,347.53x -> 49,538,600.
        (247_692_800, 12_384_800, Decimal("2347.53"), "chapter_18c", 200, 49_538_600),
        # iluvatar_corex/S1: Mechanism B, 2,543,200 public, 414.24x, claw-back "N/A".
        (25_431_800, 2_543_200, Decimal("414.24"), "mechanism_b", 100, 2_543_200),
    ],
    ids=["zhipu", "minimax", "biren", "iluvatar_corex"],
)
def test_clawback_reproduces_the_announced_public_tranches(
    offer: int, initial: int, multiple: Decimal, regime: str, lot: int, published: int
) -> None:
    assert clawback(offer, initial, multiple, regime=regime, board_lot=lot) == published  # type: ignore[arg-type]


@pytest.mark.parametrize("key", ["zhipu", "minimax", "iluvatar_corex", "biren"])
def test_records_report_rule_implied_beside_published(
    offerings: dict[str, Offering], key: str
) -> None:
    check = offerings[key].clawback_check()
    assert check.matches
    assert check.difference == 0
    published = offerings[key].shares.hk_public
    assert published is not None
    assert check.published == published.final.value


def test_records_name_their_regime(offerings: dict[str, Offering]) -> None:
    assert {k: o.clawback_regime for k, o in offerings.items()} == {
        "zhipu": "chapter_18c",
        "minimax": "chapter_18c",
        "iluvatar_corex": "mechanism_b",
        "biren": "chapter_18c",
        "moore_threads": None,  # STAR: a different market's rule (ipometrics.star)
        "metax": None,
    }


def test_a_difference_is_reported_not_overwritten(zhipu: Offering) -> None:
    # Under the legacy ladder Zhipu's 1,159.46x would require 50% of the offer; the record's
    # published tranche (20%) stays as printed and the check shows the gap.
    check = zhipu.clawback_check("pn18_legacy")
    assert check.rule_implied == 18_709_800  # 50% of 37,419,500, rounded up to 100 shares
    assert check.published == 7_483_900
    assert not check.matches
    assert check.difference == 7_483_900 - 18_709_800


def test_unknown_regime_on_a_record_says_why() -> None:
    record = ipm.load_offering("zhipu").model_dump()
    record["identity"]["allocation_regime"] = {"value": "Some future mechanism", "src": "S1"}
    custom = Offering.model_validate(record)
    with pytest.raises(ipm.FigureUnavailableError, match=r"not a known clawback regime"):
        custom.clawback_check()


@pytest.mark.parametrize(
    ("multiple", "expected"),
    [
        # Practice Note 18 ladder (rules.md 1.1, R1/R2): <15x initial; 15x 30%; 50x 40%;
        # 100x 50% of all offer shares. Offer 100,000,000; initial 10,000,000; lot 1,000.
        (Decimal("14.99"), 10_000_000),
        (Decimal(15), 30_000_000),
        (Decimal("49.99"), 30_000_000),
        (Decimal(50), 40_000_000),
        (Decimal(100), 50_000_000),
        (Decimal(5000), 50_000_000),
    ],
)
def test_legacy_ladder_steps(multiple: Decimal, expected: int) -> None:
    got = clawback(100_000_000, 10_000_000, multiple, regime="pn18_legacy", board_lot=1000)
    assert got == expected


def test_mechanism_a_uncertain_trigger_is_overridable() -> None:
    # rules.md 1.3: the 15% step triggers at 10x in R7 and 15x elsewhere (uncertain).
    a = REGIMES["mechanism_a"]
    assert a.steps[0].status == "uncertain"
    assert clawback(1_000_000, 50_000, 12, regime="mechanism_a", board_lot=100) == 150_000
    a15 = a.with_step(0, min_multiple=Decimal(15))
    assert clawback(1_000_000, 50_000, 12, regime=a15, board_lot=100) == 50_000
    assert clawback(1_000_000, 50_000, 15, regime=a15, board_lot=100) == 150_000
    # Cap 35% at 100x.
    assert clawback(1_000_000, 50_000, 10_000, regime="mechanism_a", board_lot=100) == 350_000


def test_regimes_carry_periods_and_sources() -> None:
    assert REGIMES["pn18_legacy"].applies_on(date(2025, 8, 3))
    assert not REGIMES["pn18_legacy"].applies_on(date(2025, 8, 4))
    assert REGIMES["mechanism_b"].applies_on(date(2025, 8, 4))
    for regime in REGIMES.values():
        assert regime.references


def test_a_ladder_that_falls_is_refused() -> None:
    with pytest.raises(ValueError, match=r"public_fraction must not fall"):
        REGIMES["pn18_legacy"].with_step(2, fraction=Decimal("0.2"))


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"regime": "legacy"},
            ValueError,
            r"regime must be one of pn18_legacy, chapter_18c, "
            r"mechanism_a, mechanism_b, got 'legacy'",
        ),
        ({"subscription_multiple": -1}, ValueError, r"subscription_multiple must be >= 0, got -1"),
        ({"subscription_multiple": "12"}, TypeError, r"subscription_multiple must be a number"),
        ({"offer_shares": 10.5}, TypeError, r"offer_shares must be a whole number, got 10\.5"),
        ({"board_lot": 0}, ValueError, r"board_lot must be >= 1, got 0"),
        ({"initial_public_shares": 2_000_000}, ValueError, r"exceeds offer_shares 1,000,000"),
        ({"initial_public_shares": 50_050}, ValueError, r"not a whole number of board lots of 100"),
    ],
)
def test_bad_input_is_a_clear_error(
    kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    args: dict[str, object] = {
        "offer_shares": 1_000_000,
        "initial_public_shares": 50_000,
        "subscription_multiple": 20,
        "regime": "chapter_18c",
        "board_lot": 100,
    }
    args.update(kwargs)
    with pytest.raises(error, match=message):
        clawback(**args)  # type: ignore[arg-type]


@given(
    lots=st.integers(min_value=20, max_value=10**6),
    lot=st.sampled_from([20, 100, 200, 500, 1000]),
    low=st.decimals(min_value=0, max_value=5000, places=2),
    high=st.decimals(min_value=0, max_value=5000, places=2),
    regime=st.sampled_from(sorted(REGIMES)),
)
def test_a_larger_multiple_never_shrinks_the_public_tranche(
    lots: int, lot: int, low: Decimal, high: Decimal, regime: str
) -> None:
    offer = lots * lot
    initial = -(-offer // 20 // lot) * lot  # 5% rounded up to a lot
    low, high = min(low, high), max(low, high)
    a = clawback(offer, initial, low, regime=regime, board_lot=lot)  # type: ignore[arg-type]
    b = clawback(offer, initial, high, regime=regime, board_lot=lot)  # type: ignore[arg-type]
    assert initial <= a <= b <= offer
    assert a % lot == 0
    # Conservation: what the public tranche gains, the placing tranche loses.
    assert (b) + (offer - b) == offer


@pytest.mark.parametrize(
    ("key", "printed_gross"),
    [
        ("minimax", 4_817.6 * M),  # minimax/S1: "HK$4,817.6 million", upsize included
        ("biren", 5_583.0 * M),  # biren/S1: "HK$5,583.0 million", upsize included
    ],
)
def test_published_gross_is_the_upsized_scenario(
    offerings: dict[str, Offering], key: str, printed_gross: float
) -> None:
    o = offerings[key]
    rows = {r.name: r for r in o.offer_scenarios("none")}
    assert set(rows) == {"base offer", "with offer size adjustment"}
    upsized = rows["with offer size adjustment"]
    assert upsized.shares == o.offer_shares
    assert float(upsized.gross_proceeds) == pytest.approx(printed_gross, abs=0.05 * M)
    assert float(rows["base offer"].gross_proceeds) < printed_gross - 0.5 * M
    # The basis the record states for the printed figure says the same.
    assert o.proceeds.gross.basis is not None
    assert "offer size adjustment" in o.proceeds.gross.basis


def test_over_allotment_scenarios(minimax: Offering, iluvatar: Offering) -> None:
    # minimax/S1: 4,379,640 shares over-allocated; the option's maximum is not printed.
    full = minimax.offer_scenarios("full")[-1]
    assert full.shares == 29_197_600 + 4_379_640
    assert "over-allocated" in full.name
    partial = minimax.offer_scenarios(1_000_000)[-1]
    assert partial.shares == 29_197_600 + 1_000_000
    assert partial.name == "with over-allotment (partial)"
    # Iluvatar CoreX prints no over-allocation: the full scenario is unknown, not zero.
    with pytest.raises(ipm.FigureUnavailableError, match=r"shares\.over_allocated is unknown"):
        iluvatar.offer_scenarios("full")
    with pytest.raises(ValueError, match=r"over_allotment must be 'full', 'none' or a number"):
        minimax.offer_scenarios("half")  # type: ignore[arg-type]


@pytest.mark.parametrize("key", ["zhipu", "minimax", "iluvatar_corex", "biren"])
def test_tranches_reconcile(offerings: dict[str, Offering], key: str) -> None:
    rows = offerings[key].tranche_reconciliation()
    assert [r.tranche for r in rows] == ["public", "international"]
    assert all(r.balanced for r in rows)
    # Reallocation conserves shares between the two tranches.
    assert rows[0].reallocated == -rows[1].reallocated


def test_unprinted_reallocation_is_flagged_as_implied(zhipu: Offering, minimax: Offering) -> None:
    # zhipu/S1 prints no reallocation line; minimax/S1 prints 3,808,380 shares reallocated.
    public = zhipu.tranche_reconciliation()[0]
    assert (public.reallocated, public.reallocated_published) == (5_612_900, False)
    assert minimax.tranche_reconciliation()[0].reallocated_published


def test_margin_implied_multiple_is_an_estimate_beside_the_official(minimax: Offering) -> None:
    # Futu's margin book, "超2533亿港元" (minimax/S12), over the public tranche at HK$165.00
    # gives the "about 1,209 times" outlets reported before allotment (minimax/S10-S12);
    # the official multiple is 1,837.17 times (minimax/S1).
    est = minimax.margin_implied_multiple()
    assert float(est.implied_multiple) == pytest.approx(1209, abs=0.5)
    assert est.lower_bound
    assert est.label == "estimate"
    assert est.official_multiple == Decimal("1837.17")
    assert est.reported_by == "Futu Securities (富途证券)"
    conflict = next(
        c for c in minimax.conflicts if c.field == "demand.hk_public.subscription_multiple"
    )
    assert conflict.other == 1209


def test_margin_estimate_needs_a_reported_amount(iluvatar: Offering) -> None:
    with pytest.raises(ipm.FigureUnavailableError, match=r"margin_financing\.amount is unknown"):
        iluvatar.margin_implied_multiple()


def test_regime_wording() -> None:
    assert regime_for("Mechanism B (August 2025 regime): fixed public tranche") == "mechanism_b"
    assert regime_for(None) is None
    assert isinstance(REGIMES["chapter_18c"], ClawbackRegime)
