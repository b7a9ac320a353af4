"""Every rule of the catalogue (:data:`ipometrics.validation.RULES`) fails on a bad record.

:data:`BAD_RECORDS` holds, for each rule id, a bundled record, the change that breaks the rule,
the path the problem must name and a fragment of its message. One parametrised test per rule
loads the bad record the way a user does (a JSON file through :func:`ipometrics.io.read_offerings`
and, for the record rules, :meth:`Offering.model_validate` too) and finds a problem citing
exactly that rule at exactly that path. A rule added to the catalogue without a row here fails
:func:`test_every_rule_has_a_bad_record`.

Field-type rules are pydantic's errors mapped to rule ids by
:func:`ipometrics.validation.field_problem`; :data:`FIELD_MAPPING` checks that mapping on more
inputs; tests that once pinned defects as strict xfails now pass.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, NamedTuple

import pytest
from pydantic import ValidationError

from ipometrics import io
from ipometrics.errors import IpoValidationError
from ipometrics.models import Offering
from ipometrics.validation import RULES, Problem, field_problem

from .strategies import DELETE, Add, Change, mutated, write_record


class Bad(NamedTuple):
    """A record that breaks one rule: base fixture, changes, problem path, message fragment."""

    key: str
    changes: tuple[Change, ...]
    path: str
    message: str


def _copy_of_first_source(key: str) -> dict[str, Any]:
    source: dict[str, Any] = mutated(key, ())["sources"][0]
    return source


#: rule id -> a bad record. The fragment is matched literally in the problem's message.
BAD_RECORDS: Final[dict[str, Bad]] = {
    # ---------------------------------------------------------------- field types
    "format.known_fields": Bad(
        "zhipu",
        (("price.final.bogus", 1),),
        "price.final.bogus",
        "price.final.bogus: Extra inputs are not permitted, got 1",
    ),
    "format.schema_version": Bad(
        "zhipu", (("schema_version", 2),), "schema_version", "schema_version: Input should be 1"
    ),
    "format.key": Bad(
        "zhipu",
        (("key", "Zhipu AI"),),
        "key",
        "key: String should match pattern '^[a-z][a-z0-9_]*$', got 'Zhipu AI'",
    ),
    "format.whole_number": Bad(
        "zhipu",
        (("shares.offer_final.value", "37419500"),),
        "shares.offer_final.value",
        "Input should be a valid integer, got '37419500'",
    ),
    "format.non_negative_count": Bad(
        "zhipu",
        (("shares.offer_final.value", -1),),
        "shares.offer_final.value",
        "Input should be greater than or equal to 0, got -1",
    ),
    "format.board_lot_positive": Bad(
        "zhipu",
        (("identity.board_lot.value", 0),),
        "identity.board_lot.value",
        "identity.board_lot.value: Input should be greater than 0, got 0",
    ),
    "format.exact_number": Bad(
        "zhipu",
        (("price.final.value", "NaN"),),
        "price.final.value",
        "expected a decimal number such as '116.20', got 'NaN'",
    ),
    "format.positive_price": Bad(
        "zhipu",
        (("price.final.value", Decimal("-116.2")),),
        "price.final.value",
        "price.final.value: Input should be greater than 0",
    ),
    "format.non_negative_money": Bad(
        "zhipu",
        (("proceeds.gross.value", Decimal("-0.5")),),
        "proceeds.gross.value",
        "proceeds.gross.value: Input should be greater than or equal to 0",
    ),
    "format.iso_date": Bad(
        "zhipu",
        (("dates.listing.value", "2026/01/08"),),
        "dates.listing.value",
        "expected an ISO date YYYY-MM-DD, got '2026/01/08'",
    ),
    "format.text": Bad(
        "zhipu",
        (("identity.name_en.value", "   "),),
        "identity.name_en.value",
        "expected text, got a blank string '   '",
    ),
    "format.currency_code": Bad(
        "zhipu",
        (("identity.currency.value", "hkd"),),
        "identity.currency.value",
        "String should match pattern '^[A-Z]{3}$', got 'hkd'",
    ),
    "format.exchange": Bad(
        "zhipu",
        (("identity.exchange.value", "NYSE"),),
        "identity.exchange.value",
        "Input should be 'SEHK', 'SSE' or 'SZSE', got 'NYSE'",
    ),
    "format.required_field": Bad(
        "zhipu",
        (("sources.0.tier", DELETE),),
        "sources[0].tier",
        "sources[0].tier: Field required",
    ),
    "sources.figure_has_source": Bad(
        "zhipu",
        (("price.final.src", DELETE),),
        "price.final",
        "a published figure needs its source: value Decimal('116.2') has no src",
    ),
    "sources.id_format": Bad(
        "zhipu",
        (("sources.0.id", "X1"),),
        "sources[0].id",
        r"String should match pattern '^S\d+$', got 'X1'",
    ),
    "sources.tier": Bad(
        "zhipu",
        (("sources.0.tier", "blog"),),
        "sources[0].tier",
        "Input should be 'official_announcement', 'prospectus', 'wire', 'other_media', "
        "'broker' or 'ai_generated', got 'blog'",
    ),
    "format.qualifier": Bad(
        "zhipu",
        (("price.final.qualifier", "roughly"),),
        "price.final.qualifier",
        "Input should be 'about', 'approximately', 'near', 'close to', 'more than', "
        "'as much as' or 'rounded', got 'roughly'",
    ),
    # ---------------------------------------------------------------- sources
    "sources.unique_ids": Bad(
        "zhipu",
        (("sources.+", _copy_of_first_source("zhipu")),),
        "sources",
        "sources: duplicate ids ['S1']",
    ),
    "sources.src_resolves": Bad(
        "zhipu",
        (("price.final.src", "S99"),),
        "price.final.src",
        "price.final.src: source 'S99' is not in sources (ids: ['S1', ",
    ),
    "sources.no_ai_values": Bad(
        "zhipu",
        (("price.final.src", "S13"),),  # S13 is an AI-generated page
        "price.final.src",
        "price.final.src: source 'S13' is ai_generated; such pages never supply a figure",
    ),
    "sources.conflict_refs": Bad(
        "zhipu",
        (("conflicts.0.other_src", "S99"),),
        "conflicts[0].other_src",
        "conflicts[0].other_src: source 'S99' is not in sources",
    ),
    "sources.conflict_stands_admissible": Bad(
        "zhipu",
        (("conflicts.0.stands_src", "S13"),),
        "conflicts[0].stands_src",
        "conflicts[0].stands_src: source 'S13' is ai_generated; it may only be the losing side",
    ),
    # ---------------------------------------------------------------- identity and price
    "identity.required": Bad(
        "minimax",  # no Chinese name in its record: without the English one, no name at all
        (("identity.name_en", {"value": None}),),
        "identity.name_en",
        "identity.name_en: required, got None",
    ),
    "identity.stock_code_format": Bad(
        "zhipu",
        (("identity.stock_code.value", "2513"),),
        "identity.stock_code",
        "identity.stock_code: SEHK codes have 5 digits, got '2513'",
    ),
    "trading.hk_board_lot": Bad(
        "zhipu",
        (("identity.board_lot", {"value": None}),),
        "identity.board_lot",
        "identity.board_lot: required for a Hong Kong offering, got None",
    ),
    "tranches.hk_present": Bad(
        "zhipu",
        (("shares.hk_public", None),),
        "shares.hk_public",
        "shares.hk_public: required for a Hong Kong offering, got None",
    ),
    "price.final_required": Bad(
        "zhipu", (("price.final", {"value": None}),), "price.final", "price.final: required"
    ),
    "price.range_order": Bad(
        "minimax",
        (("price.range_low.value", 166),),
        "price.range_low",
        "price.range_low: 166 is above price.range_high 165.0",
    ),
    "price.final_in_range": Bad(
        "minimax",
        (("price.final.value", 170),),
        "price.final",
        "price.final: 170 is above price.range_high 165.0",
    ),
    # ---------------------------------------------------------------- dates
    "dates.listing_required": Bad(
        "zhipu",
        (("dates.listing", {"value": None}),),
        "dates.listing",
        "dates.listing: required, got None",
    ),
    "dates.order": Bad(
        "minimax",
        (("dates.offer_open.value", "2026-01-07"),),
        "dates.offer_open",
        "dates.offer_open: 2026-01-07 is after dates.offer_close 2026-01-06; "
        "expected offer_open <= offer_close",
    ),
    "dates.prospectus_before_listing": Bad(
        "moore_threads",
        (("dates.prospectus.value", "2025-12-06"),),
        "dates.prospectus",
        "dates.prospectus: 2025-12-06 is after dates.listing 2025-12-05",
    ),
    "dates.pricing_before_listing": Bad(
        "metax",
        (("dates.price_determination.value", "2025-12-18"),),
        "dates.price_determination",
        "dates.price_determination: 2025-12-18 is after dates.listing 2025-12-17",
    ),
    "dates.first_day_is_listing": Bad(
        "zhipu",
        (("first_day.date.value", "2026-01-09"),),
        "first_day.date",
        "first_day.date: 2026-01-09 differs from dates.listing 2026-01-08",
    ),
    # ---------------------------------------------------------------- shares and tranches
    "shares.offer_final_required": Bad(
        "zhipu",
        (("shares.offer_final", {"value": None}),),
        "shares.offer_final",
        "shares.offer_final: required, got None",
    ),
    "options.offer_size": Bad(
        "minimax",
        (("shares.offer_size_adjustment_option_exercised.value", Add(-20)),),
        "shares.offer_final",
        "shares.offer_final: shares.offer_initial + shares.offer_size_adjustment_option_exercised"
        " = 25,389,220 + 3,808,360 = 29,197,580, expected shares.offer_final = 29,197,600",
    ),
    "tranches.final_sum": Bad(
        "zhipu",
        (("shares.hk_international.final.value", Add(100)),),
        "shares",
        "shares (final tranches): hk_public.final + hk_international.final = "
        "7,483,900 + 29,935,700 = 37,419,600, expected shares.offer_final = 37,419,500",
    ),
    "tranches.initial_sum": Bad(
        "zhipu",
        (("shares.hk_international.initial.value", Add(100)),),
        "shares",
        "shares (initial tranches): hk_public.initial + hk_international.initial = ",
    ),
    "tranches.public_reconciles": Bad(
        "minimax",
        (("shares.hk_public.reallocated.value", Add(20)),),
        "shares.hk_public",
        "shares.hk_public: initial + reallocated = 1,269,480 + 3,808,400 = 5,077,880, "
        "expected hk_public.final = 5,077,860",
    ),
    "tranches.international_reconciles": Bad(
        "minimax",
        (("shares.hk_international.reallocated.value", Add(-20)),),
        "shares.hk_international",
        "shares.hk_international: initial + reallocated + offer_size_adjustment_option_exercised",
    ),
    "tranches.reallocation_mirrors": Bad(
        "minimax",
        (("shares.hk_public.reallocated.value", Add(20)),),
        "shares.hk_public.reallocated",
        "shares: hk_public.reallocated 3,808,400 does not mirror "
        "hk_international.reallocated -3,808,380; expected opposite signs, same size",
    ),
    "tranches.star_final_sum": Bad(
        "moore_threads",
        (("shares.star_online.final.value", Add(1)),),
        "shares",
        "shares (final STAR tranches): star_strategic.final + star_offline.final + "
        "star_online.final = 14,000,000 + 39,200,000 + 16,800,001 = 70,000,001",
    ),
    "tranches.star_online_clawback": Bad(
        "moore_threads",
        (("shares.star_online.clawback_from_offline.value", Add(1)),),
        "shares.star_online",
        "shares.star_online: initial + clawback_from_offline = 11,200,000 + 5,600,001",
    ),
    "tranches.star_offline_clawback": Bad(
        "moore_threads",
        (("shares.star_offline.initial.value", Add(1)),),
        "shares.star_offline",
        "shares.star_offline: final + star_online.clawback_from_offline = ",
    ),
    "tranches.star_before_clawback": Bad(
        "moore_threads",
        (("shares.star_offline.initial.value", Add(1)),),
        "shares",
        "shares (STAR tranches before the clawback): star_strategic.final + "
        "star_offline.initial + star_online.initial = ",
    ),
    "tranches.star_strategic_return": Bad(
        "moore_threads",
        (("shares.star_strategic.initial.value", Add(1)),),
        "shares.star_strategic",
        "shares.star_strategic: final + returned_to_offline = 14,000,000 + 0 = 14,000,000, "
        "expected star_strategic.initial = 14,000,001",
    ),
    # ---------------------------------------------------------------- lots, demand, currency
    "trading.whole_lots": Bad(
        "zhipu",
        (("shares.over_allocated.value", Add(50)),),
        "shares.over_allocated",
        "shares.over_allocated: 5,612,950 is not a whole number of board lots of 100 "
        "(5,612,950 / 100 = 56,129.50)",
    ),
    "demand.pools_sum": Bad(
        "zhipu",
        (("demand.hk_public.pool_b_valid_applications.value", Add(1)),),
        "demand.hk_public.valid_applications",
        "demand.hk_public.valid_applications: pool_a_valid_applications + "
        "pool_b_valid_applications = 190,045 + 14,827 = 204,872, "
        "expected valid_applications = 204,871",
    ),
    "demand.successful_not_above_valid": Bad(
        "zhipu",
        (("demand.hk_public.successful_applications.value", 204_872),),
        "demand.hk_public.successful_applications",
        "demand.hk_public.successful_applications: 204,872 exceeds valid_applications 204,871",
    ),
    "currency.consistent": Bad(
        "zhipu",
        (("proceeds.gross.currency", "USD"),),
        "proceeds.gross.currency",
        "proceeds.gross.currency: 'USD' differs from the offering's currency 'HKD'",
    ),
    # ---------------------------------------------------------------- bookkeeping
    "bookkeeping.lists_disjoint": Bad(
        "zhipu",
        ((("not_applicable", "dates.offer_close"), "no close date"),),
        "unknown",
        "unknown and not_applicable both list ['dates.offer_close']",
    ),
    "bookkeeping.unknown_unique": Bad(
        "zhipu",
        (("unknown.+", "dates.offer_close"),),
        "unknown",
        "unknown lists ['dates.offer_close'] more than once",
    ),
    "bookkeeping.listed_path_exists": Bad(
        "zhipu",
        (("unknown.+", "price.bogus"),),
        "unknown",
        "unknown: 'price.bogus' names no field of the record",
    ),
    "bookkeeping.listed_path_empty": Bad(
        "zhipu",
        (("unknown.+", "price.final"),),
        "unknown",
        "unknown: 'price.final' has a value (116.2); a listed path is empty",
    ),
}


_RC: Final = "record check"


def _example_pattern(example: str) -> str:
    """A catalogue example as a regex: its literal pieces in order, ``...`` for anything."""
    return ".*?".join(re.escape(piece) for piece in example.split("..."))


def _read_bad(tmp_path: Path, data: dict[str, Any]) -> io.InvalidRecord:
    report = io.read_offerings(write_record(tmp_path / "bad.json", data))
    assert report.offerings == []
    (invalid,) = report.invalid
    return invalid


def _cited(problems: tuple[Problem, ...] | list[Problem], rule_id: str) -> list[Problem]:
    return [p for p in problems if p.rule == rule_id]


# --------------------------------------------------------------------------------------------
# The table covers the catalogue, and the catalogue is sound
# --------------------------------------------------------------------------------------------


def test_every_rule_has_a_bad_record() -> None:
    assert set(BAD_RECORDS) == set(RULES)


def test_the_catalogue_is_well_formed() -> None:
    for rule_id, r in RULES.items():
        assert r.id == rule_id
        assert r.enforced_by in ("field type", "record check")
        assert r.requires.endswith(".")
        assert r.example


@pytest.mark.parametrize("key", sorted({bad.key for bad in BAD_RECORDS.values()}))
def test_every_base_record_is_valid(key: str) -> None:
    # otherwise a bad record could fail for a reason other than its change
    assert Offering.model_validate(mutated(key, ())).key == key


# --------------------------------------------------------------------------------------------
# One bad record per rule
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rule_id", list(BAD_RECORDS))
def test_rule_is_reported_for_its_bad_record(rule_id: str, tmp_path: Path) -> None:
    bad, rule = BAD_RECORDS[rule_id], RULES[rule_id]
    data = mutated(bad.key, bad.changes)

    # through the loader: the record is refused, and one problem cites the rule at the path
    invalid = _read_bad(tmp_path, data)
    cited = _cited(invalid.problems, rule_id)
    assert [p.path for p in cited] == [bad.path], invalid.problems
    (found,) = cited
    assert bad.message in found.message
    assert re.search(_example_pattern(rule.example), found.message)  # the catalogue is truthful
    assert str(found) == f"{found.message} (rule {rule_id})"
    assert (found.key, invalid.key) == (data["key"], data["key"])

    # built directly: pydantic's error carries the same problem
    if rule.enforced_by == "record check":
        with pytest.raises(ValidationError, match=re.escape(f"  - {found}")) as info:
            Offering.model_validate(data)
        (error,) = info.value.errors()
        cause = error["ctx"]["error"]
        assert isinstance(cause, IpoValidationError)
        assert found in cause.problems
        assert found.message in invalid.message
    else:
        with pytest.raises(ValidationError, match=_example_pattern(rule.example)) as info:
            Offering.model_validate(data)
        mapped = [field_problem(e, data["key"], schema=Offering) for e in info.value.errors()]
        assert (rule_id, bad.path) in [(p.rule, p.path) for p in mapped]


@pytest.mark.parametrize("rule_id", [r for r in BAD_RECORDS if RULES[r].enforced_by == _RC])
def test_load_offerings_raises_naming_the_rule(rule_id: str, tmp_path: Path) -> None:
    bad = BAD_RECORDS[rule_id]
    path = write_record(tmp_path / "bad.json", mutated(bad.key, bad.changes))
    with pytest.raises(IpoValidationError, match=re.escape(bad.message)) as info:
        io.load_offerings(path)
    assert any(p.rule == rule_id and p.path == bad.path for p in info.value.problems)
    assert f"(rule {rule_id})" in str(info.value)


# --------------------------------------------------------------------------------------------
# Field problems through the flat table too
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "cell", "rule_id", "path"),
    [
        ("shares.offer_final", "37419500.5", "format.whole_number", "shares.offer_final.value"),
        ("shares.offer_final", "-100", "format.non_negative_count", "shares.offer_final.value"),
        ("price.final", "NaN", "format.exact_number", "price.final.value"),
        ("price.final", "-1.5", "format.positive_price", "price.final.value"),
        ("dates.listing", "2026-02-30", "format.iso_date", "dates.listing.value"),
        ("identity.exchange", "NYSE", "format.exchange", "identity.exchange.value"),
        ("identity.currency", "hkd", "format.currency_code", "identity.currency.value"),
        ("price.final.src", "", "sources.figure_has_source", "price.final"),
        ("price.final.src", "S99", "sources.src_resolves", "price.final.src"),
        ("shares.hk_public.final", "7483800", "tranches.final_sum", "shares"),
        ("first_day.date", "2026-01-09", "dates.first_day_is_listing", "first_day.date"),
    ],
)
def test_read_table_names_the_rule(column: str, cell: str, rule_id: str, path: str) -> None:
    table = io.to_table([Offering.model_validate(mutated("zhipu", ()))])
    table.loc[0, column] = cell
    report = io.read_table(table)
    (invalid,) = report.invalid
    assert invalid.origin == "row 0 (zhipu)"
    assert [p.path for p in _cited(invalid.problems, rule_id)] == [path], invalid.problems


# --------------------------------------------------------------------------------------------
# The mapping of pydantic's errors to field rules
# --------------------------------------------------------------------------------------------

#: (base, change, rule id the problem must cite, path).
FIELD_MAPPING: Final = [
    pytest.param("zhipu", ("shares.offer_final.value", 37419500.0), "format.whole_number",
                 "shares.offer_final.value", id="count-float"),
    pytest.param("zhipu", ("shares.offer_final.value", True), "format.whole_number",
                 "shares.offer_final.value", id="count-bool"),
    pytest.param("zhipu", ("shares.offer_final.value", Decimal("37419500.5")),
                 "format.whole_number", "shares.offer_final.value", id="count-decimal"),
    pytest.param("minimax", ("shares.hk_public.reallocated.value", "3808380"),
                 "format.whole_number", "shares.hk_public.reallocated.value", id="signed-str"),
    pytest.param("zhipu", ("demand.hk_public.valid_applications.value", -5),
                 "format.non_negative_count", "demand.hk_public.valid_applications.value",
                 id="applications-negative"),
    pytest.param("zhipu", ("cornerstones.shares.value", -100), "format.non_negative_count",
                 "cornerstones.shares.value", id="cornerstone-shares-negative"),
    pytest.param("zhipu", ("identity.board_lot.value", -100), "format.board_lot_positive",
                 "identity.board_lot.value", id="board-lot-negative"),
    pytest.param("zhipu", ("first_day.close.value", "0"), "format.positive_price",
                 "first_day.close.value", id="close-zero-text"),
    pytest.param("zhipu", ("price.final.abs_tol", "-0.01"), "format.non_negative_money",
                 "price.final.abs_tol", id="abs-tol-negative"),
    pytest.param("zhipu", ("cornerstones.pct_of_offer.value", Decimal("-0.01")),
                 "format.non_negative_money", "cornerstones.pct_of_offer.value",
                 id="pct-negative-decimal"),
    pytest.param("zhipu", ("price.final.value", "Infinity"), "format.exact_number",
                 "price.final.value", id="infinity-text"),
    pytest.param("zhipu", ("price.final.value", True), "format.exact_number",
                 "price.final.value", id="decimal-bool"),
    pytest.param("zhipu", ("price.final.value", [116]), "format.exact_number",
                 "price.final.value", id="decimal-list"),
    pytest.param("zhipu", ("dates.listing.value", "2026-02-30"), "format.iso_date",
                 "dates.listing.value", id="impossible-date"),
    pytest.param("zhipu", ("dates.listing.value", 20260108), "format.iso_date",
                 "dates.listing.value", id="date-int"),
    pytest.param("zhipu", ("sources.0.date", "yesterday"), "format.iso_date",
                 "sources[0].date", id="source-date"),
    pytest.param("zhipu", ("identity.name_en.value", ""), "format.text",
                 "identity.name_en.value", id="text-empty"),
    pytest.param("zhipu", ("identity.name_en.value", 7), "format.text",
                 "identity.name_en.value", id="text-int"),
    pytest.param("zhipu", ("later_prices.0.qualifier", "roughly"), "format.qualifier",
                 "later_prices[0].qualifier", id="later-price-qualifier"),
    pytest.param("zhipu", ("later_prices.0.foo", 1), "format.known_fields",
                 "later_prices[0].foo", id="unknown-key-in-list-item"),
    pytest.param("zhipu", (("not_applicable",), {"price.range_low": 5}), "format.text",
                 "not_applicable.price.range_low", id="not-applicable-reason-int"),
    pytest.param("zhipu", ("conflicts.0.extra", 1), "format.known_fields",
                 "conflicts[0].extra", id="unknown-key-in-conflict"),
    pytest.param("zhipu", ("sources.0.tier", None), "sources.tier", "sources[0].tier",
                 id="tier-null"),
    pytest.param("zhipu", ("schema_version", "1"), "format.schema_version", "schema_version",
                 id="schema-version-text"),
    pytest.param("zhipu", ("key", "2zhipu"), "format.key", "key", id="key-digit-first"),
    pytest.param("zhipu", ("identity.currency.value", "HKDX"), "format.currency_code",
                 "identity.currency.value", id="currency-four-letters"),
    pytest.param("zhipu", ("sources.1.id", "s2"), "sources.id_format", "sources[1].id",
                 id="source-id-lower"),
    pytest.param("zhipu", ("price.final", {"value": 116, "src": None}),
                 "sources.figure_has_source", "price.final", id="src-null"),
    # The rule follows the field's type, not the input's (a negative int in a money field).
    pytest.param("zhipu", ("cornerstones.amount.value", -1), "format.non_negative_money",
                 "cornerstones.amount.value", id="money-negative-int"),
    pytest.param("zhipu", ("demand.hk_public.subscription_multiple.value", -1),
                 "format.non_negative_money", "demand.hk_public.subscription_multiple.value",
                 id="multiple-negative-int"),
    pytest.param("zhipu", ("terms.subscription_unit", {"value": -1, "src": "S1"}),
                 "format.non_negative_count", "terms.subscription_unit.value",
                 id="count-negative-outside-shares"),
]  # fmt: skip


@pytest.mark.parametrize(("key", "change", "rule_id", "path"), FIELD_MAPPING)
def test_field_errors_map_to_their_rule(
    key: str, change: Change, rule_id: str, path: str, tmp_path: Path
) -> None:
    data = mutated(key, [change])
    invalid = _read_bad(tmp_path, data)
    assert [(p.rule, p.path) for p in invalid.problems] == [(rule_id, path)]
    (found,) = invalid.problems
    assert found.message.startswith(f"{path}: ")
    assert found.key == data["key"]  # the key as written, even a malformed one


@pytest.mark.parametrize(
    ("path", "shown"),
    [("sources", "sources"), ("sources.0.tier", "sources[0].tier"), ("identity.name_en", "")],
)
def test_a_missing_field_is_reported_with_its_path(path: str, shown: str, tmp_path: Path) -> None:
    data = mutated("minimax" if path == "identity.name_en" else "zhipu", [(path, DELETE)])
    if path == "identity.name_en":  # a figure group may leave out a figure: unknown
        with pytest.raises(ValidationError, match=r"identity\.name_en: required, got None"):
            Offering.model_validate(data)
        return
    (found,) = _read_bad(tmp_path, data).problems
    assert found.path == shown
    assert found.message.startswith(f"{shown}: Field required, got ")


def test_a_missing_field_cites_a_catalogued_rule(tmp_path: Path) -> None:
    invalid = _read_bad(tmp_path, mutated("zhipu", [("sources.0.tier", DELETE)]))
    assert [p.path for p in invalid.problems] == ["sources[0].tier"]
    assert all(p.rule in RULES for p in invalid.problems), invalid.problems


def test_a_field_message_names_the_bad_value_once(tmp_path: Path) -> None:
    invalid = _read_bad(tmp_path, mutated("zhipu", [("price.final.value", "HK$116.20")]))
    (found,) = invalid.problems
    assert found.message.count("got 'HK$116.20'") == 1


# --------------------------------------------------------------------------------------------
# Several problems at once
# --------------------------------------------------------------------------------------------


def test_every_record_problem_is_reported_at_once_with_key_code_and_path(tmp_path: Path) -> None:
    data = mutated(
        "minimax",
        [
            ("price.final.src", "S99"),
            ("price.final.value", 170),
            ("dates.offer_open.value", "2026-01-07"),
            ("first_day.date.value", "2026-01-10"),
            ("shares.hk_public.reallocated.value", Add(20)),
            ("shares.over_allocated.value", Add(1)),
            ("demand.hk_public.pool_b_valid_applications.value", Add(1)),
            ("proceeds.net.currency", "USD"),
            ("unknown.+", "price.bogus"),
        ],
    )
    invalid = _read_bad(tmp_path, data)
    assert {(p.rule, p.path) for p in invalid.problems} == {
        ("sources.src_resolves", "price.final.src"),
        ("price.final_in_range", "price.final"),
        ("dates.order", "dates.offer_open"),
        ("dates.first_day_is_listing", "first_day.date"),
        ("tranches.public_reconciles", "shares.hk_public"),
        ("tranches.reallocation_mirrors", "shares.hk_public.reallocated"),
        ("trading.whole_lots", "shares.over_allocated"),
        ("demand.pools_sum", "demand.hk_public.valid_applications"),
        ("currency.consistent", "proceeds.net.currency"),
        ("bookkeeping.listed_path_exists", "unknown"),
    }
    assert {(p.key, p.code) for p in invalid.problems} == {("minimax", "00100.HK")}
    assert "offering 'minimax' (00100.HK): 10 problems:" in invalid.message
    for p in invalid.problems:
        assert f"  - {p.message} (rule {p.rule})" in invalid.message
    with pytest.raises(ValidationError, match=r"offering 'minimax' \(00100\.HK\): 10 problems"):
        Offering.model_validate(data)


def test_every_field_problem_is_reported_at_once_with_key_and_path(tmp_path: Path) -> None:
    changes: list[Change] = [
        (BAD_RECORDS[r].changes[0][0], BAD_RECORDS[r].changes[0][1])
        for r in ("format.whole_number", "format.exact_number", "format.iso_date", "format.text")
    ]
    changes.append(("price.final.bogus", 1))
    data = mutated("zhipu", changes)
    invalid = _read_bad(tmp_path, data)
    assert {(p.rule, p.path) for p in invalid.problems} == {
        ("format.whole_number", "shares.offer_final.value"),
        ("format.exact_number", "price.final.value"),
        ("format.iso_date", "dates.listing.value"),
        ("format.text", "identity.name_en.value"),
        ("format.known_fields", "price.final.bogus"),
    }
    assert all(p.key == "zhipu" for p in invalid.problems)
    with pytest.raises(ValidationError, match=r"^5 validation errors for Offering\n"):
        Offering.model_validate(data)


def test_field_problems_carry_the_stock_code(tmp_path: Path) -> None:
    invalid = _read_bad(tmp_path, mutated("zhipu", [("price.final.value", "NaN")]))
    assert [p.code for p in invalid.problems] == ["02513.HK"]


def test_field_and_record_problems_write_list_paths_alike(tmp_path: Path) -> None:
    invalid = _read_bad(tmp_path, mutated("zhipu", [("later_prices.0.src", 5)]))
    assert [p.path for p in invalid.problems] == ["later_prices[0].src"]
