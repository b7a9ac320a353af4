"""Basis-of-allocation tables: parser, odds and consistency, pinned to the announcements.

Every expected number below is printed in an allotment-results announcement (the S1 of each
offering, whose address is also the fixture's ``source.url``), or stated in the fact base's
``rules.md`` (cited where used). None of them came from running this code.

- zhipu/S1: Knowledge Atlas Technology, Announcement of Offer Price and Allotment Results,
  HKEX, 2026-01-07, https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0107/2026010701798.pdf
- minimax/S1: MiniMax Group, Announcement of Final Offer Price and Allotment Results, HKEX,
  2026-01-08, https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0108/2026010801342.pdf
- iluvatar_corex/S1: Shanghai Iluvatar CoreX Semiconductor, Announcement of Allotment Results,
  HKEX, 2026-01-07, https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0107/2026010701802.pdf
- biren/S1: Shanghai Biren Technology, Announcement of Final Offer Price and Allotment Results,
  HKEX, 2025-12-31, https://www1.hkexnews.hk/listedco/listconews/sehk/2025/1231/2025123102783.pdf
- rules.md: ../shared/data/rules.md, sections 2 (tranche sizing) and 3 (Pool A and Pool B).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from pathlib import Path
from typing import Any, Final

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipometrics._values import DECIMAL_CONTEXT
from ipometrics.errors import IpoDataError
from ipometrics.hk.allotment import (
    AllotmentRow,
    AllotmentTable,
    AllotmentTerms,
    allotment_problems,
    allotment_summary,
    available_allotment_tables,
    check_allotment_table,
    expected_money_allotted,
    load_allotment_table,
    odds_frame,
    one_lot_success_rate,
    overall_success_ratio,
    parse_basis,
    pool_summary,
    tier_odds,
)

ALLOTMENT: Final = Path(__file__).resolve().parents[1] / "fixtures" / "allotment"
KEYS: Final = ["zhipu", "minimax", "iluvatar_corex", "biren"]


@dataclass(frozen=True)
class Printed:
    """Figures printed in one S1 announcement (pool and total counts, tranches, rates)."""

    url: str
    rows: int
    board_lot: int
    initial_public_shares: int
    final_public_shares: int
    pool_a_valid: int
    pool_a_successful: int
    pool_b_valid: int
    pool_b_successful: int
    valid: int
    successful: int
    one_lot_success_pct: Decimal  # printed with 2 decimals [percent units]
    subscription_multiple: Decimal  # printed with 2 decimals [times]


PRINTED: Final = {
    # zhipu/S1
    "zhipu": Printed(
        url="https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0107/2026010701798.pdf",
        rows=40,
        board_lot=100,
        initial_public_shares=1_871_000,
        final_public_shares=7_483_900,
        pool_a_valid=190_045,
        pool_a_successful=36_081,
        pool_b_valid=14_826,
        pool_b_successful=14_826,
        valid=204_871,
        successful=50_907,
        one_lot_success_pct=Decimal("5.00"),
        subscription_multiple=Decimal("1159.46"),
    ),
    # minimax/S1
    "minimax": Printed(
        url="https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0108/2026010801342.pdf",
        rows=41,
        board_lot=20,
        initial_public_shares=1_269_480,
        final_public_shares=5_077_860,
        pool_a_valid=397_689,
        pool_a_successful=84_944,
        pool_b_valid=19_957,
        pool_b_successful=19_957,
        valid=417_646,
        successful=104_901,
        one_lot_success_pct=Decimal("2.81"),
        subscription_multiple=Decimal("1837.17"),
    ),
    # iluvatar_corex/S1
    "iluvatar_corex": Printed(
        url="https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0107/2026010701802.pdf",
        rows=43,
        board_lot=100,
        initial_public_shares=2_543_200,
        final_public_shares=2_543_200,
        pool_a_valid=171_067,
        pool_a_successful=12_716,
        pool_b_valid=9_735,
        pool_b_successful=9_735,
        valid=180_802,
        successful=22_451,
        one_lot_success_pct=Decimal("7.00"),
        subscription_multiple=Decimal("414.24"),
    ),
    # biren/S1
    "biren": Printed(
        url="https://www1.hkexnews.hk/listedco/listconews/sehk/2025/1231/2025123102783.pdf",
        rows=41,
        board_lot=200,
        initial_public_shares=12_384_800,
        final_public_shares=49_538_600,
        pool_a_valid=441_861,
        pool_a_successful=106_314,
        pool_b_valid=29_255,
        pool_b_successful=29_255,
        valid=471_116,
        successful=135_569,
        one_lot_success_pct=Decimal("5.00"),
        subscription_multiple=Decimal("2347.53"),
    ),
}

#: rules.md section 3, "Shares actually allotted, from the basis wording" (Pool A, Pool B).
POOL_SPLIT: Final = {
    "zhipu": (3_742_000, 3_741_900),
    "minimax": (2_538_940, 2_538_920),
    "iluvatar_corex": (1_271_600, 1_271_600),
    "biren": (24_769_400, 24_769_200),
}

#: rules.md section 2: "The largest application accepted is half the initial public tranche".
LARGEST_APPLICATION: Final = {
    "zhipu": 935_500,
    "minimax": 634_740,
    "iluvatar_corex": 1_271_600,
    "biren": 6_192_400,
}


def fixture_text(key: str) -> str:
    return (ALLOTMENT / f"{key}.json").read_text(encoding="utf-8")


def fixture_dict(key: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(fixture_text(key), parse_float=Decimal)
    return data


def mutated_text(key: str, old: str, new: str) -> str:
    """The fixture's text with one exact occurrence of ``old`` replaced."""
    text = fixture_text(key)
    assert text.count(old) == 1, old
    return text.replace(old, new)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "table.json"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=KEYS)
def key(request: pytest.FixtureRequest) -> str:
    value: str = request.param
    return value


@pytest.fixture(scope="module")
def table(key: str) -> AllotmentTable:
    return load_allotment_table(key)


# --------------------------------------------------------------------------------------------
# The bundled tables
# --------------------------------------------------------------------------------------------


def test_bundled_keys() -> None:
    assert available_allotment_tables() == sorted(KEYS)


def test_fixture_validates_as_is_and_round_trips(key: str) -> None:
    raw = fixture_dict(key)
    table = AllotmentTable.model_validate(raw)
    assert table.model_dump(exclude={"source": {"note"}}) == raw
    assert table == load_allotment_table(key)
    assert table == load_allotment_table(ALLOTMENT / f"{key}.json")
    assert table == load_allotment_table(str(ALLOTMENT / f"{key}.json"))


def test_table_cites_its_announcement(key: str, table: AllotmentTable) -> None:
    assert table.key == key
    assert table.source.id == "S1"
    assert table.source.url == PRINTED[key].url
    assert len(table.rows) == PRINTED[key].rows
    assert table.board_lot.value == PRINTED[key].board_lot


def test_parsed_allocations_add_up_to_the_final_public_tranche(
    key: str, table: AllotmentTable
) -> None:
    # S1 of each: "final number of Offer Shares under the Hong Kong Public Offering".
    final = PRINTED[key].final_public_shares
    assert table.totals.final_public_shares == final
    assert sum(o.shares_allotted for o in tier_odds(table)) == final
    assert allotment_summary(table).shares_allotted == final


def test_pool_counts_match_the_printed_pool_counts(key: str, table: AllotmentTable) -> None:
    printed = PRINTED[key]
    a = pool_summary(table, "A")
    b = pool_summary(table, "B")
    assert (a.valid_applications, a.successful_applications) == (
        printed.pool_a_valid,
        printed.pool_a_successful,
    )
    assert (b.valid_applications, b.successful_applications) == (
        printed.pool_b_valid,
        printed.pool_b_successful,
    )
    # rules.md section 3: every valid Pool B applicant received shares in all four deals.
    assert b.success_ratio == 1


def test_every_rows_pct_allotted_matches_the_printed_2_decimals(
    key: str, table: AllotmentTable
) -> None:
    # approx_pct_allotted is the row's printed "approximate % allotted" (S1), 2 decimals:
    # the exact value lies within half a unit of the last printed digit.
    odds = tier_odds(table)
    assert len(odds) == PRINTED[key].rows
    for row, o in zip(table.rows, odds, strict=True):
        printed = Fraction(row.approx_pct_allotted)
        assert abs(o.fraction_allotted * 100 - printed) <= Fraction(5, 1000), row
        assert o.printed_fraction_allotted == printed / 100


def test_biren_exact_tie_is_printed_rounded_half_up() -> None:
    # biren/S1: 4,000,000 shares applied, basis '1,800 H Shares', printed 0.05:
    # 1,800 / 4,000,000 = 0.045 % exactly, so the announcement rounds ties half up
    # (half-even would print 0.04). The consistency check must follow it.
    table = load_allotment_table("biren")
    (odds,) = [o for o in tier_odds(table) if o.shares_applied == 4_000_000]
    assert odds.terms == AllotmentTerms(fixed_shares=1_800)
    assert odds.fraction_allotted * 100 == Fraction(45, 1000)
    assert odds.printed_fraction_allotted == Fraction(5, 10000)
    assert allotment_problems(table) == []


def test_one_lot_success_rate_matches_the_printed_rate(key: str, table: AllotmentTable) -> None:
    # S1 of each prints the one-lot success rate with 2 decimals: 5.00 %, 2.81 %, 7.00 %,
    # 5.00 %. Tolerance: 0.005 percentage points = 0.00005 as a fraction.
    rate = one_lot_success_rate(table)
    assert abs(rate - Fraction(PRINTED[key].one_lot_success_pct) / 100) <= Fraction(5, 100_000)


@pytest.mark.parametrize(
    ("key", "winners", "applicants"),
    [
        ("zhipu", 4_643, 92_859),  # zhipu/S1 row 100 shares
        ("minimax", 3_911, 139_314),  # minimax/S1 row 20 shares
        ("iluvatar_corex", 7_193, 102_763),  # iluvatar_corex/S1 row 100 shares
        ("biren", 8_741, 174_816),  # biren/S1 row 200 shares
    ],
)
def test_one_lot_success_rate_is_the_one_lot_ballot(
    key: str, winners: int, applicants: int
) -> None:
    table = load_allotment_table(key)
    assert one_lot_success_rate(table) == Fraction(winners, applicants)
    assert tier_odds(table)[0].p_at_least_one_lot == Fraction(winners, applicants)


def test_overall_success_ratio_equals_printed_successful_over_valid(
    key: str, table: AllotmentTable
) -> None:
    printed = PRINTED[key]
    expected = Fraction(printed.successful, printed.valid)  # e.g. Zhipu 50,907 / 204,871
    assert overall_success_ratio(table) == expected
    assert overall_success_ratio(table, source="rows") == expected
    summary = allotment_summary(table)
    assert summary.printed_success_ratio == expected
    assert summary.success_ratio == expected
    assert (summary.valid_applications, summary.successful_applications) == (
        printed.valid,
        printed.successful,
    )


def test_subscription_multiple_from_the_rows_rounds_to_the_printed_multiple(
    key: str, table: AllotmentTable
) -> None:
    # S1 of each: "subscribed 1,159.46 / 1,837.17 / 414.24 / 2,347.53 times" of the initial
    # public tranche (rules.md section 2: shares applied / initial public shares).
    summary = allotment_summary(table)
    assert table.totals.initial_public_shares == PRINTED[key].initial_public_shares
    rounded = summary.subscription_multiple.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert rounded == PRINTED[key].subscription_multiple


def test_pool_split_of_allotted_shares(key: str, table: AllotmentTable) -> None:
    # rules.md section 3 (derived in the fact base by summing the table, so an identity
    # check): each pool gets half the final tranche, Pool A the half rounded up to a lot.
    summary = allotment_summary(table)
    pool_a, pool_b = POOL_SPLIT[key]
    assert (summary.pool_a.shares_allotted, summary.pool_b.shares_allotted) == (pool_a, pool_b)
    lot = PRINTED[key].board_lot
    final = PRINTED[key].final_public_shares
    half_up_to_a_lot = math.ceil(Fraction(final, 2 * lot)) * lot
    assert pool_a == half_up_to_a_lot
    assert pool_b == final - half_up_to_a_lot


def test_largest_application_is_half_the_initial_public_tranche(
    key: str, table: AllotmentTable
) -> None:
    # rules.md section 2 and 3: applications above one pool's initial size are rejected.
    largest = max(r.shares_applied for r in table.rows)
    assert largest == LARGEST_APPLICATION[key]
    assert 2 * largest == PRINTED[key].initial_public_shares
    assert pool_summary(table, "A").initial_size == Decimal(largest)


def test_pool_multiples_zhipu() -> None:
    # Identity check on the fact base's derived sums (allotment_tables.yaml, zhipu.derived):
    # Pool A applied 524,457,100 and Pool B 1,644,900,500 shares; allotted 3,742,000 and
    # 3,741,900 (rules.md section 3); each pool's initial size is 1,871,000 / 2 = 935,500.
    table = load_allotment_table("zhipu")
    a = pool_summary(table, "A")
    b = pool_summary(table, "B")
    assert (a.shares_applied, b.shares_applied) == (524_457_100, 1_644_900_500)
    summary = allotment_summary(table)
    assert summary.shares_applied == 2_169_357_600
    with localcontext(DECIMAL_CONTEXT):  # the library computes in 34 significant digits
        assert a.effective_multiple == Decimal(524_457_100) / Decimal(3_742_000)
        assert b.effective_multiple == Decimal(1_644_900_500) / Decimal(3_741_900)
        assert a.multiple_vs_initial_size == Decimal(524_457_100) / Decimal(935_500)
        assert b.multiple_vs_initial_size == Decimal(1_644_900_500) / Decimal(935_500)
        assert summary.effective_multiple == Decimal(2_169_357_600) / Decimal(7_483_900)


def test_consistency_checks_pass_on_the_bundled_tables(table: AllotmentTable) -> None:
    assert allotment_problems(table) == []
    check_allotment_table(table)


# --------------------------------------------------------------------------------------------
# Per-tier odds and money
# --------------------------------------------------------------------------------------------


def test_tier_odds_of_each_wording_form_zhipu() -> None:
    # zhipu/S1 rows: 100 shares '4,643 out of 92,859 applicants to receive 100 H Shares';
    # 20,000 shares '100 H Shares' (5,297 applicants); 30,000 shares '100 H Shares plus 406
    # out of 2,898 applicants to receive an additional 100 H Shares'.
    odds = {o.shares_applied: o for o in tier_odds(load_allotment_table("zhipu"))}
    ballot, fixed, both = odds[100], odds[20_000], odds[30_000]
    assert ballot.expected_shares == Fraction(4_643 * 100, 92_859)
    assert (ballot.successful_applicants, ballot.shares_allotted) == (4_643, 464_300)
    assert fixed.p_at_least_one_lot == 1
    assert fixed.expected_shares == 100
    assert (fixed.successful_applicants, fixed.shares_allotted) == (5_297, 529_700)
    assert both.p_at_least_one_lot == 1
    assert both.expected_shares == 100 + Fraction(406 * 100, 2_898)
    assert both.shares_allotted == 100 * 2_898 + 406 * 100
    assert both.fraction_allotted == both.expected_shares / 30_000


def test_expected_money_allotted_to_the_cent() -> None:
    # zhipu/S1: offer price HK$116.20; one-lot row 4,643 winners of 92,859 get 100 shares.
    # 4,643 x 100 x 116.20 / 92,859 = 53,951,660 / 92,859 = 581.0062... -> HK$581.01.
    odds = tier_odds(load_allotment_table("zhipu"))[0]
    assert Fraction(53_951_660, 92_859) == odds.expected_shares * Fraction("116.20")
    assert odds.expected_money(Decimal("116.20")) == Decimal("581.01")
    assert odds.expected_money("116.20") == Decimal("581.01")
    assert odds.expected_money(116.2) == Decimal("581.01")
    # Half-up at the cent: 1/8 share x HK$0.20 = HK$0.025 -> HK$0.03.
    assert expected_money_allotted(Fraction(1, 8), Decimal("0.20")) == Decimal("0.03")
    assert expected_money_allotted(0, Decimal("116.20")) == Decimal("0.00")


def test_odds_frame_agrees_with_the_exact_odds() -> None:
    table = load_allotment_table("minimax")
    price = Decimal("165.00")  # minimax/S1: final offer price HK$165.00
    frame = odds_frame(table, price)
    odds = tier_odds(table)
    assert list(frame.index) == list(range(len(odds)))
    assert list(frame.columns) == [
        "pool",
        "shares_applied",
        "valid_applications",
        "fixed_shares",
        "ballot_winners",
        "ballot_shares",
        "successful_applicants",
        "shares_allotted",
        "p_at_least_one_lot",
        "expected_shares",
        "expected_money",
        "fraction_allotted",
        "printed_fraction_allotted",
    ]
    assert frame["shares_allotted"].dtype == "int64"
    assert frame["p_at_least_one_lot"].dtype == "float64"
    assert int(frame["shares_allotted"].sum()) == 5_077_860  # minimax/S1 final tranche
    for i, o in enumerate(odds):
        assert frame.at[i, "pool"] == o.pool
        assert frame.at[i, "p_at_least_one_lot"] == pytest.approx(float(o.p_at_least_one_lot))
        assert frame.at[i, "expected_money"] == pytest.approx(
            float(o.expected_money(price)), abs=0.005
        )
    pd.testing.assert_series_equal(
        frame["printed_fraction_allotted"],
        pd.Series([float(r.approx_pct_allotted) / 100 for r in table.rows]),
        check_names=False,
    )


# --------------------------------------------------------------------------------------------
# The parser
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The four forms quoted in shared/data/README.md, "Allocation tables".
        (
            "4,643 out of 92,859 applicants to receive 100 H Shares",  # zhipu/S1
            AllotmentTerms(0, 4_643, 92_859, 100),
        ),
        (
            "7,193 out of 102,763 to receive 100 Shares",  # iluvatar_corex/S1
            AllotmentTerms(0, 7_193, 102_763, 100),
        ),
        (
            "20 shares plus 589 out of 5,035 applicants to receive an additional 20 shares",
            AllotmentTerms(20, 589, 5_035, 20),  # minimax/S1
        ),
        (
            "100 Shares plus 1,717 out of 5,722 to receive additional 100 Shares",
            AllotmentTerms(100, 1_717, 5_722, 100),  # iluvatar_corex/S1
        ),
        # Fixed allocations.
        ("100 H Shares", AllotmentTerms(fixed_shares=100)),  # zhipu/S1
        ("1,000 H Shares", AllotmentTerms(fixed_shares=1_000)),  # zhipu/S1, biren/S1
        ("100 shares", AllotmentTerms(fixed_shares=100)),  # minimax/S1
        (
            "2,600 H Shares",  # biren/S1 largest row
            AllotmentTerms(fixed_shares=2_600),
        ),
        (
            "1,200 H Shares plus 1,225 out of 1,489 applicants to receive an additional 200 "
            "H Shares",  # biren/S1
            AllotmentTerms(1_200, 1_225, 1_489, 200),
        ),
    ],
)
def test_parse_the_published_wordings(text: str, expected: AllotmentTerms) -> None:
    assert parse_basis(text) == expected


def test_every_bundled_wording_parses_with_its_row(table: AllotmentTable) -> None:
    for row in table.rows:
        terms = parse_basis(row.basis, valid_applications=row.valid_applications)
        assert terms == row.terms
        if terms.has_ballot:
            assert terms.ballot_out_of == row.valid_applications
            assert terms.ballot_shares == table.board_lot.value
        assert terms.fixed_shares % table.board_lot.value == 0


@dataclass(frozen=True)
class Style:
    """How one issuer words its basis of allocation (see the fixture's rows)."""

    unit: str
    applicants: bool
    additional: str

    def render(self, terms: AllotmentTerms) -> str:
        who = " applicants" if self.applicants else ""
        fixed = f"{terms.fixed_shares:,} {self.unit}"
        if terms.ballot_out_of is None:
            return fixed
        ballot = f"{terms.ballot_winners:,} out of {terms.ballot_out_of:,}{who} to receive"
        if terms.fixed_shares == 0:
            return f"{ballot} {terms.ballot_shares:,} {self.unit}"
        return f"{fixed} plus {ballot} {self.additional} {terms.ballot_shares:,} {self.unit}"


STYLES: Final = {
    # zhipu/S1: '100 H Shares plus 406 out of 2,898 applicants to receive an additional ...'
    "zhipu": Style("H Shares", applicants=True, additional="an additional"),
    # minimax/S1: '20 shares plus 589 out of 5,035 applicants to receive an additional ...'
    "minimax": Style("shares", applicants=True, additional="an additional"),
    # iluvatar_corex/S1: '100 Shares plus 1,717 out of 5,722 to receive additional 100 Shares'
    "iluvatar_corex": Style("Shares", applicants=False, additional="additional"),
    # biren/S1: '200 H Shares plus 78 out of 4,914 applicants to receive an additional ...'
    "biren": Style("H Shares", applicants=True, additional="an additional"),
}


def test_styles_reproduce_the_published_wording(table: AllotmentTable) -> None:
    style = STYLES[table.key]
    for row in table.rows:
        assert style.render(row.terms) == row.basis


@st.composite
def terms_strategy(draw: st.DrawFn) -> AllotmentTerms:
    lot = draw(st.sampled_from([20, 100, 200, 500, 1_000]))
    kind = draw(st.sampled_from(["ballot", "fixed", "fixed_plus_ballot"]))
    fixed = 0 if kind == "ballot" else lot * draw(st.integers(1, 20_000))
    if kind == "fixed":
        return AllotmentTerms(fixed_shares=fixed)
    applicants = draw(st.integers(1, 3_000_000))
    winners = draw(st.integers(0, applicants))
    return AllotmentTerms(fixed, winners, applicants, lot)


@pytest.mark.parametrize("style", sorted(STYLES))
@given(terms=terms_strategy())
def test_parse_inverts_rendering_in_each_style(style: str, terms: AllotmentTerms) -> None:
    text = STYLES[style].render(terms)
    assert parse_basis(text) == terms
    assert parse_basis(text, valid_applications=terms.ballot_out_of) == terms


@given(terms=terms_strategy(), extra=st.integers(0, 10_000_000), data=st.data())
def test_expected_shares_never_exceed_shares_applied(
    terms: AllotmentTerms, extra: int, data: st.DataObject
) -> None:
    # Consistent inputs: the application covers the fixed shares plus the ballot lot.
    shares_applied = terms.fixed_shares + terms.ballot_shares + extra
    if shares_applied == 0:
        shares_applied = 1
    applicants = terms.ballot_out_of or data.draw(st.integers(1, 3_000_000))
    row = AllotmentRow(
        pool="A",
        shares_applied=shares_applied,
        valid_applications=applicants,
        basis=STYLES["zhipu"].render(terms),
        approx_pct_allotted=Decimal(0),
    )
    assert row.terms == terms
    assert row.terms.expected_shares <= shares_applied
    assert row.terms.expected_shares * applicants == row.terms.shares_allotted(applicants)
    assert row.terms.successful_applicants(applicants) <= applicants
    assert row.terms.p_at_least_one_lot <= 1


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "1 in 20 applicants to receive 100 H Shares",
        "100 H Shares plus 406 of 2,898 applicants to receive an additional 100 H Shares",
        "4,643 out of 92,859 applicants to receive 100 A Shares",
        "4,64 out of 92,859 applicants to receive 100 H Shares",
        "",
    ],
)
def test_unknown_wording_is_quoted_in_the_error(text: str) -> None:
    with pytest.raises(IpoDataError, match=re.escape(f"basis {text!r} is not a basis-of")):
        parse_basis(text)


def test_more_winners_than_applicants_is_refused() -> None:
    text = "92,860 out of 92,859 applicants to receive 100 H Shares"
    with pytest.raises(
        IpoDataError,
        match=re.escape(
            f"basis {text!r}: ballot_winners must be <= ballot_out_of (92,859), got 92,860"
        ),
    ):
        parse_basis(text)
    with pytest.raises(IpoDataError, match=r"ballot_winners must be <= ballot_out_of \(5\), got 6"):
        AllotmentTerms(fixed_shares=0, ballot_winners=6, ballot_out_of=5, ballot_shares=100)


def test_out_of_must_equal_the_rows_valid_applications() -> None:
    text = "4,643 out of 92,859 applicants to receive 100 H Shares"
    with pytest.raises(
        IpoDataError,
        match=re.escape(
            f"basis {text!r}: the ballot is 'out of 92,859' but the row's valid_applications "
            "is 92,860; expected the two to be equal"
        ),
    ):
        parse_basis(text, valid_applications=92_860)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"fixed_shares": -100}, "fixed_shares must be >= 0, got -100"),
        ({"fixed_shares": True}, "fixed_shares must be an int, got bool True"),
        ({"ballot_winners": 1}, "ballot_out_of is None (no ballot), so ballot_winners"),
        (
            {"ballot_winners": 0, "ballot_out_of": 0, "ballot_shares": 100},
            "ballot_out_of must be > 0 when there is a ballot, got 0",
        ),
        (
            {"ballot_winners": 1, "ballot_out_of": 5},
            "ballot_shares must be > 0 when there is a ballot, got 0",
        ),
    ],
)
def test_terms_validate_their_counts(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(IpoDataError, match=re.escape(message)):
        AllotmentTerms(**kwargs)


def test_loading_a_table_with_an_unknown_wording_quotes_it(tmp_path: Path) -> None:
    path = write(tmp_path, mutated_text("zhipu", '"1,300 H Shares"', '"1,300 H Shares each"'))
    with pytest.raises(
        IpoDataError,
        match=re.escape("basis '1,300 H Shares each' is not a basis-of-allocation wording"),
    ):
        load_allotment_table(path)
    with pytest.raises(IpoDataError, match=re.escape(f"{path}: allotment table 'zhipu'")):
        load_allotment_table(path)


def test_loading_a_table_whose_ballot_is_out_of_the_wrong_count(tmp_path: Path) -> None:
    # The 100-share row has 92,859 applicants; say the ballot was among 92,858.
    path = write(tmp_path, mutated_text("zhipu", "4,643 out of 92,859", "4,643 out of 92,858"))
    with pytest.raises(
        IpoDataError,
        match=re.escape("'out of 92,858' but the row's valid_applications is 92,859"),
    ):
        load_allotment_table(path)


def test_unknown_key_lists_the_available_keys() -> None:
    with pytest.raises(
        IpoDataError,
        match=re.escape(
            "allotment table key 'moore_threads' is not bundled; available: "
            "biren, iluvatar_corex, minimax, zhipu"
        ),
    ):
        load_allotment_table("moore_threads")


def test_missing_file_and_bad_json_are_errors(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    with pytest.raises(IpoDataError, match=re.escape(f"{missing}: no such allotment table file")):
        load_allotment_table(missing)
    with pytest.raises(IpoDataError, match=r"table\.json: not valid JSON"):
        load_allotment_table(write(tmp_path, "{not json"))
    with pytest.raises(
        IpoDataError, match=r"expected a JSON object \(one allotment table\), got list"
    ):
        load_allotment_table(write(tmp_path, "[]"))


def test_unknown_fields_are_refused(tmp_path: Path) -> None:
    text = mutated_text("minimax", '"stock_code": "00100",', '"stock_code": "00100", "x": 1,')
    with pytest.raises(IpoDataError, match=r"(?s)'minimax' is invalid:.*x\n  Extra inputs"):
        load_allotment_table(write(tmp_path, text))


def test_a_table_whose_allocations_do_not_add_up() -> None:
    # zhipu/S1's largest row (935,500 shares, 291 applicants) gets '1,300 H Shares'; say 1,400.
    bad = AllotmentTable.model_validate(
        json.loads(
            mutated_text("zhipu", '"1,300 H Shares"', '"1,400 H Shares"'), parse_float=Decimal
        )
    )
    problems = allotment_problems(bad)
    expected = [
        "shares allotted by the basis wording add up to 7,513,000, expected "
        "totals.final_public_shares 7,483,900 (difference +29,100)",
        "rows[39] (B, 935,500 shares): % allotted 0.1497 rounds to 0.15, expected "
        "approx_pct_allotted 0.14",
        "derived.pool_b_shares_allotted is 3,741,900, expected 3,771,000 from the rows",
        "derived.total_shares_allotted is 7,483,900, expected 7,513,000 from the rows",
    ]
    assert problems == expected
    with pytest.raises(
        IpoDataError,
        match=re.escape("allotment table 'zhipu' is inconsistent (4 problems):\n  - shares"),
    ):
        check_allotment_table(bad)


def test_a_table_whose_ballot_winners_disagree_with_the_pool_count() -> None:
    # One more one-lot winner in Zhipu's Pool A than zhipu/S1 printed (4,644 for 4,643).
    bad = AllotmentTable.model_validate(
        json.loads(
            mutated_text("zhipu", "4,643 out of 92,859", "4,644 out of 92,859"),
            parse_float=Decimal,
        )
    )
    problems = allotment_problems(bad)
    assert "pool A: rows give shares to 36,082 applicants, expected " in problems[1]
    assert problems == [
        "shares allotted by the basis wording add up to 7,484,000, expected "
        "totals.final_public_shares 7,483,900 (difference +100)",
        "pool A: rows give shares to 36,082 applicants, expected "
        "pools.A.successful_applications 36,081",
        "derived.pool_a_shares_allotted is 3,742,000, expected 3,742,100 from the rows",
        "derived.total_shares_allotted is 7,483,900, expected 7,484,000 from the rows",
    ]


def test_the_cap_rounded_down_to_a_board_lot_passes() -> None:
    # 01276 (江蘇恒瑞醫藥, page 16): initial public 12,348,600 in lots of 200; the largest
    # Pool B application is 6,174,200, half of 12,348,600 rounded down to a board lot.
    data = fixture_dict("iluvatar_corex")
    data["totals"]["initial_public_shares"] = 2 * 1_271_600 + 100
    problems = allotment_problems(AllotmentTable.model_validate(data))
    assert not any(p.startswith("largest application") for p in problems)


def test_a_table_whose_largest_application_is_not_half_the_initial_tranche() -> None:
    data = fixture_dict("iluvatar_corex")
    data["totals"]["initial_public_shares"] = 2_543_400
    problems = allotment_problems(AllotmentTable.model_validate(data))
    # Iluvatar CoreX's lot is 100: half of 2,543,400 is 1,271,700, a whole number of lots.
    assert (
        "largest application is 1,271,600 shares, expected totals.initial_public_shares / 2 "
        "= 1271700 rounded down to a board lot of 100: 1,271,700" in problems
    )
    assert any(
        p.startswith("rows' shares applied 1,053,503,300 / initial_public") for p in problems
    )


def test_a_table_without_a_one_lot_row() -> None:
    data = fixture_dict("minimax")
    data["board_lot"]["value"] = 10
    table = AllotmentTable.model_validate(data)
    with pytest.raises(
        IpoDataError,
        match=re.escape("minimax: no row applies for one board lot (10 shares); the smallest "),
    ):
        one_lot_success_rate(table)


@pytest.mark.parametrize("price", [Decimal(0), -1, "abc", float("nan")])
def test_price_must_be_positive(price: Any) -> None:
    odds = tier_odds(load_allotment_table("zhipu"))[0]
    with pytest.raises(
        IpoDataError, match=re.escape(f"price must be a finite number > 0, got {price!r}")
    ):
        odds.expected_money(price)


def test_options_are_validated() -> None:
    table = load_allotment_table("zhipu")
    with pytest.raises(IpoDataError, match="source must be 'totals' or 'rows', got 'printed'"):
        overall_success_ratio(table, source="printed")  # type: ignore[arg-type]
    with pytest.raises(IpoDataError, match="pool must be 'A' or 'B', got 'C'"):
        pool_summary(table, "C")  # type: ignore[arg-type]


def test_problems_are_reported_even_when_a_pool_gets_nothing() -> None:
    data = fixture_dict("iluvatar_corex")
    for row in data["rows"]:
        if row["pool"] == "B":
            row["basis"] = "0 Shares"
    table = AllotmentTable.model_validate(data)
    problems = allotment_problems(table)
    # iluvatar_corex/S1: 2,543,200 final shares, Pool B 9,735 successful applicants.
    assert problems[:2] == [
        "shares allotted by the basis wording add up to 1,271,600, expected "
        "totals.final_public_shares 2,543,200 (difference -1,271,600)",
        "pool B: rows give shares to 0 applicants, expected pools.B.successful_applications 9,735",
    ]
    with pytest.raises(
        IpoDataError, match=re.escape("pool B shares_allotted must be > 0 to compute a multiple")
    ):
        pool_summary(table, "B")


# --------------------------------------------------------------------------------------------
# Traditional Chinese wordings (each quoted from an announcement of
# ../shared/corpus/hkex/allotment_results/<code>.pdf, its basis-of-allocation table, page as
# numbered in the PDF; the terms are the numbers of the wording itself)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 01276 page 15, Pool A 200 shares; page 15, Pool A 100,000 shares
        ("56,065名申請人中有5,607名將獲發200股H股", AllotmentTerms(0, 5_607, 56_065, 200)),
        ("400股H股", AllotmentTerms(fixed_shares=400)),
        (
            "200股H股，另加7,147名申請人中有2,975名將獲發額外200股H股",
            AllotmentTerms(200, 2_975, 7_147, 200),
        ),
        # the same after NFKC, which folds the full-width comma
        (
            "200股H股,另加7,147名申請人中有2,975名將獲發額外200股H股",
            AllotmentTerms(200, 2_975, 7_147, 200),
        ),
        # 09903 pages 20-21 (iluvatar_corex/S1 in Chinese)
        ("102,763名中7,193名獲發100股股份", AllotmentTerms(0, 7_193, 102_763, 100)),
        ("100股股份加上5,722名中1,717名獲發額外100股股份", AllotmentTerms(100, 1_717, 5_722, 100)),
        # 06082 page 23 (biren/S1 in Chinese), printed over three lines
        ("174,816名申請人中的8,741名將獲得 200股 H 股", AllotmentTerms(0, 8_741, 174_816, 200)),
        # 01384 page 12; 01828 page 9; 02580 page 10
        ("108,817名申請人中的3,265名取得200股H股", AllotmentTerms(0, 3_265, 108_817, 200)),
        ("17,952名申請人中的3,591名將獲得 100股股份", AllotmentTerms(0, 3_591, 17_952, 100)),
        (
            "3,000 股股份加 2,664 名申請人中的 2,485 名取得額外 200 股股份",
            AllotmentTerms(3_000, 2_485, 2_664, 200),
        ),
        # 02525 page 10: unit 股 alone, spaces around every number
        ("26,117 名申請者中 7,836 名獲發 20 股", AllotmentTerms(0, 7_836, 26_117, 20)),
        ("20 股另加 1,473 名申請者中 162 名獲發額外 20 股", AllotmentTerms(20, 162, 1_473, 20)),
        # 02561 page 13: 接獲
        ("10,312名申請者中647名接獲100股股份", AllotmentTerms(0, 647, 10_312, 100)),
        (
            "3,000股股份,另加45名申請者中2名接獲額外100股股份",
            AllotmentTerms(3_000, 2, 45, 100),
        ),
        # 02592 pages 13-14: 獲配發, 獲額外配發
        ("12,752名申請人中有638名獲配發500股股份", AllotmentTerms(0, 638, 12_752, 500)),
        (
            "500股股份,另加453名申請人中有412名獲額外配發500股股份",
            AllotmentTerms(500, 412, 453, 500),
        ),
        # 02396 page 11: 可額外獲配發
        (
            "200 股 H 股,另加 176 名申請人中有 42 名可額外獲配發 200 股 H 股",
            AllotmentTerms(200, 42, 176, 200),
        ),
        # 02569 page 8: 加
        ("5,000 股加 283 名申請人中 45 名獲發額外 5,000 股", AllotmentTerms(5_000, 45, 283, 5_000)),
        # 02597 page 11: 另 ... 額外獲發
        (
            "500股H股,另51名申請人中的7名額外獲發500股H股",
            AllotmentTerms(500, 7, 51, 500),
        ),
        # 01304 page 16: 另加 ... 將額外獲發
        (
            "100股股份另加537名申請人中有465名將額外獲發100股股份",
            AllotmentTerms(100, 465, 537, 100),
        ),
        # applications counted as 份: 02659 page 14, 06687 page 15, 02706 page 14, 07618 page 18
        ("84,381份申請中的5,907份獲發100股股份", AllotmentTerms(0, 5_907, 84_381, 100)),
        ("203,359份中的274份將獲發100股股份", AllotmentTerms(0, 274, 203_359, 100)),
        ("82,364份中有50份獲發200股股份", AllotmentTerms(0, 50, 82_364, 200)),
        ("25,463名中的8,912份將獲發200股股份", AllotmentTerms(0, 8_912, 25_463, 200)),
        # 02687 page 9: 當中 ... 將收取
        ("57,307名申請人當中574名將收取100股H股", AllotmentTerms(0, 574, 57_307, 100)),
        # 03200 pages 15-16: 名申請人 after the winners
        (
            "62,539 名申請人中的 6,254 名申請人獲發 100 股 H 股",
            AllotmentTerms(0, 6_254, 62_539, 100),
        ),
        (
            "100 股 H 股加上 6,272 名申請人中的 3,136 名申請人獲發額外 100 股 H 股",
            AllotmentTerms(100, 3_136, 6_272, 100),
        ),
        # 02695 page 8: H股份; 02788 page 11: 獲 alone
        ("47,397名申請人中有380名獲得1,000股H股份", AllotmentTerms(0, 380, 47_397, 1_000)),
        ("7,643 名申請人中有 810 名獲 500 股股份", AllotmentTerms(0, 810, 7_643, 500)),
        # the class units of the board-lot sentences of 02525 ("每手 20 股 B 類普通股") and
        # 02718 ("每手買賣單位40股A類股份")
        ("20股B類普通股", AllotmentTerms(fixed_shares=20)),
        ("40股A類股份", AllotmentTerms(fixed_shares=40)),
    ],
)
def test_parse_the_chinese_wordings(text: str, expected: AllotmentTerms) -> None:
    assert parse_basis(text) == expected
    if expected.has_ballot:
        assert parse_basis(text, valid_applications=expected.ballot_out_of) == expected


@pytest.mark.parametrize(
    "text",
    [
        # 06031 page 18 as printed: 名 before the winners' count
        "3,600股H股加上1,215名申請人中名912獲發額外200股H股",
        # a ballot-only wording that says 額外 (additional), and a fixed-plus-ballot one that
        # does not: neither is a form the announcements print
        "5,722名中1,717名獲發額外100股股份",
        "100股股份加上5,722名中1,717名獲發100股股份",
        # two numbers run together would be a guess: "8 10,500" is not 810,500
        "8 10,500 股股份",
    ],
)
def test_unknown_chinese_wording_is_quoted_in_the_error(text: str) -> None:
    with pytest.raises(IpoDataError, match=re.escape(f"basis {text!r} is not a basis-of")):
        parse_basis(text)


def test_the_unsuccessful_row_of_the_layout_without_pools() -> None:
    # 02655 page 13: "100 54,418 0股H股", the applicants of a size who receive nothing
    assert parse_basis("0股H股") == AllotmentTerms(fixed_shares=0)


def test_a_chinese_ballot_out_of_the_wrong_count_is_refused() -> None:
    text = "102,763名中7,193名獲發100股股份"  # 09903 page 20, a row of 102,763 applications
    with pytest.raises(
        IpoDataError,
        match=re.escape(
            f"basis {text!r}: the ballot is 'out of 102,763' but the row's valid_applications "
            "is 102,762"
        ),
    ):
        parse_basis(text, valid_applications=102_762)
