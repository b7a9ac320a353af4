"""The catalogue of validation rules, and the record-level checks behind them.

Every rule an offering record must satisfy is listed once, in :data:`RULES`, with an id, the
area it belongs to and what it requires. Two kinds exist:

* **field rules** are enforced by the field types of :mod:`ipometrics.models` when a record
  is built (a share count is a whole number, a price is positive, a date is ISO, ...);
* **record rules** are cross-field checks run after the fields are valid (tranches add up to
  the offer, dates run in order, every ``src`` names a listed source, ...). They are the
  functions in this module; each problem they find names its rule.

A record with several problems reports all of them at once (for record rules; pydantic
reports all field problems at once, and record rules run once the fields are valid). The
catalogue is rendered for people by :func:`catalogue_markdown` (``docs/validation_rules.md``
is generated from it, never edited by hand).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, get_args

from pydantic import BaseModel

from ipometrics._figure import Figure

if TYPE_CHECKING:
    from ipometrics.models import Offering

__all__ = [
    "RULES",
    "Area",
    "Problem",
    "Rule",
    "catalogue_markdown",
    "field_problem",
    "record_problems",
    "rule",
]

Area = Literal[
    "identity",
    "price",
    "shares",
    "tranches",
    "options",
    "dates",
    "demand",
    "trading",
    "currency",
    "sources",
    "bookkeeping",
    "format",
]


@dataclass(frozen=True)
class Rule:
    """One validation rule.

    Attributes
    ----------
    id : str
        Stable identifier, e.g. ``"tranches.final_sum"``; problems cite it.
    area : str
        What the rule is about (identity, price, shares, tranches, options, dates, demand,
        trading, currency, sources, bookkeeping, format).
    requires : str
        What a valid record satisfies, in one sentence.
    enforced_by : {"field type", "record check"}
        Where it is checked.
    example : str
        The start of the message a breach produces.
    """

    id: str
    area: Area
    requires: str
    enforced_by: Literal["field type", "record check"]
    example: str


@dataclass(frozen=True)
class Problem:
    """One breach of one rule in one record.

    Attributes
    ----------
    rule : str
        The :class:`Rule` id.
    path : str
        Field path in the record, e.g. ``"shares.hk_public.final"`` or
        ``"later_prices[1].src"``.
    message : str
        What is wrong, naming the field, the value and what was expected.
    key, code : str or None
        The offering's key and stock code, when known.
    """

    rule: str
    path: str
    message: str
    key: str | None = None
    code: str | None = None

    def __str__(self) -> str:
        return f"{self.message} (rule {self.rule})"


_RULES: dict[str, Rule] = {}


def rule(
    id: str,
    area: Area,
    requires: str,
    example: str,
    enforced_by: Literal["field type", "record check"] = "record check",
) -> str:
    """Register a rule in the catalogue and return its id.

    Examples
    --------
    >>> RULES["tranches.final_sum"].area
    'tranches'
    """
    if id in _RULES:
        raise ValueError(f"rule id {id!r} is registered twice")
    _RULES[id] = Rule(id, area, requires, enforced_by, example)
    return id


# --------------------------------------------------------------------------------------------
# Field rules (enforced by the types in ipometrics.models)
# --------------------------------------------------------------------------------------------

_F: Literal["field type"] = "field type"
rule(
    "format.known_fields",
    "format",
    "Every key is a field of the schema; unknown keys are refused at any depth (no silent drop).",
    "Extra inputs are not permitted",
    _F,
)
rule("format.schema_version", "format", "schema_version is 1.", "Input should be 1", _F)
rule(
    "format.key",
    "format",
    "The record key is lower-case letters, digits and underscores, starting with a letter.",
    "String should match pattern",
    _F,
)
rule(
    "format.whole_number",
    "shares",
    "Share counts, applications, investors and lots are "
    "whole numbers (not strings, floats or booleans).",
    "Input should be a valid integer",
    _F,
)
rule(
    "format.non_negative_count",
    "shares",
    "Counts are >= 0 (only reallocations may be negative).",
    "Input should be greater than or equal to 0",
    _F,
)
rule(
    "format.board_lot_positive",
    "identity",
    "A board lot is > 0 shares.",
    "Input should be greater than 0",
    _F,
)
rule(
    "format.exact_number",
    "format",
    "Prices, money, percentages and multiples are exact "
    "finite decimals: a Decimal, an int, a float or plain decimal text (no NaN, infinity, "
    "underscores or spaces).",
    "expected a decimal number such as '116.20'",
    _F,
)
rule(
    "format.positive_price",
    "price",
    "Offer prices and first-day prices are > 0.",
    "Input should be greater than 0",
    _F,
)
rule(
    "format.non_negative_money",
    "price",
    "Money, percentages, multiples and tolerances are >= 0 (signed only for returns as published).",
    "Input should be greater than or equal to 0",
    _F,
)
rule(
    "format.iso_date",
    "dates",
    "Dates are calendar dates written YYYY-MM-DD.",
    "expected an ISO date YYYY-MM-DD",
    _F,
)
rule(
    "format.text",
    "identity",
    "Text figures are non-blank strings.",
    "expected text, got a blank string",
    _F,
)
rule(
    "format.currency_code",
    "currency",
    "The currency is a three-letter ISO 4217 code in capitals.",
    "String should match pattern '^[A-Z]{3}$'",
    _F,
)
rule(
    "format.exchange",
    "identity",
    "The exchange is SEHK, SSE or SZSE.",
    "Input should be 'SEHK', 'SSE' or 'SZSE'",
    _F,
)
rule(
    "sources.figure_has_source",
    "sources",
    "A figure with a value names its source (src).",
    "a published figure needs its source",
    _F,
)
rule(
    "sources.id_format",
    "sources",
    "Source ids are S followed by digits.",
    "String should match pattern '^S\\d+$'",
    _F,
)
rule(
    "sources.tier",
    "sources",
    "A source's tier is one of official_announcement, "
    "prospectus, wire, other_media, broker, ai_generated.",
    "Input should be",
    _F,
)
rule(
    "format.qualifier",
    "format",
    "A qualifier is one of about, approximately, near, close to, more than, as much as, rounded.",
    "Input should be 'about'",
    _F,
)
rule(
    "format.required_field",
    "format",
    "A record has key, sources, identity, dates, price and shares; a source has id, tier, url "
    "and document; a later price or grey-market observation has its value and src.",
    "Field required",
    _F,
)

# --------------------------------------------------------------------------------------------
# Record rules
# --------------------------------------------------------------------------------------------

R_SRC_UNIQUE = rule(
    "sources.unique_ids",
    "sources",
    "Source ids are unique within a record.",
    "sources: duplicate ids",
)
R_SRC_RESOLVES = rule(
    "sources.src_resolves",
    "sources",
    "Every src (figures, later prices, grey-market observations) names an entry of sources.",
    "source 'S99' is not in sources",
)
R_SRC_NOT_AI = rule(
    "sources.no_ai_values",
    "sources",
    "No figure cites an ai_generated source: such pages never supply a value.",
    "is ai_generated",
)
R_CONFLICT_SRC = rule(
    "sources.conflict_refs",
    "sources",
    "A conflict's stands_src and other_src name listed sources (or 'derived').",
    "conflicts[0].other_src: source",
)
R_CONFLICT_STANDS = rule(
    "sources.conflict_stands_admissible",
    "sources",
    "The figure that stands in a conflict never rests on an ai_generated source.",
    "it may only be the losing side",
)
R_REQUIRED = rule(
    "identity.required",
    "identity",
    "A name (name_en, or name_zh_hant / name_zh_hans for a document printed only in Chinese), "
    "stock_code, exchange and currency are known.",
    "identity.name_en: required, got None",
)
R_CODE = rule(
    "identity.stock_code_format",
    "identity",
    "A stock code has 5 ASCII digits on SEHK and 6 on SSE/SZSE.",
    "identity.stock_code: SEHK codes have 5 digits",
)
R_HK_LOT = rule(
    "trading.hk_board_lot",
    "trading",
    "A Hong Kong offering has a board lot.",
    "identity.board_lot: required for a Hong Kong offering",
)
R_HK_TRANCHES = rule(
    "tranches.hk_present",
    "tranches",
    "A Hong Kong offering has public and international tranches.",
    "shares.hk_public: required for a Hong Kong offering",
)
R_PRICE_REQUIRED = rule(
    "price.final_required",
    "price",
    "The final offer price is known.",
    "price.final: required, got None",
)
R_RANGE_ORDER = rule(
    "price.range_order",
    "price",
    "The low end of a price range is not above the high end.",
    "price.range_low: ... is above price.range_high",
)
R_IN_RANGE = rule(
    "price.final_in_range",
    "price",
    "The final price lies inside its range.",
    "price.final: ... is above price.range_high",
)
R_LISTING = rule(
    "dates.listing_required",
    "dates",
    "The listing date is known.",
    "dates.listing: required, got None",
)
R_DATE_ORDER = rule(
    "dates.order",
    "dates",
    "Offer opens <= closes <= allotment results <= "
    "listing (and, in Hong Kong, the prospectus <= offer open).",
    "dates.offer_open: ... is after dates.offer_close",
)
R_STAR_PROSPECTUS = rule(
    "dates.prospectus_before_listing",
    "dates",
    "A STAR prospectus is dated no later than the listing.",
    "dates.prospectus: ... is after dates.listing",
)
R_PRICING_DATE = rule(
    "dates.pricing_before_listing",
    "dates",
    "The price is set no later than the listing.",
    "dates.price_determination: ... is after",
)
R_FIRST_DAY = rule(
    "dates.first_day_is_listing",
    "dates",
    "The first trading day is the listing date.",
    "first_day.date: ... differs from dates.listing",
)
R_OFFER_REQUIRED = rule(
    "shares.offer_final_required",
    "shares",
    "The final offer size is known.",
    "shares.offer_final: required, got None",
)
R_OFFER_SUM = rule(
    "options.offer_size",
    "options",
    "Initial offer + offer-size-adjustment shares = final offer.",
    "shares.offer_final: shares.offer_initial + ...",
)
R_FINAL_SUM = rule(
    "tranches.final_sum",
    "tranches",
    "Final public + international tranches = final offer.",
    "shares (final tranches): ...",
)
R_INITIAL_SUM = rule(
    "tranches.initial_sum",
    "tranches",
    "Initial public + international tranches = initial offer.",
    "shares (initial tranches): ...",
)
R_PUBLIC = rule(
    "tranches.public_reconciles",
    "tranches",
    "Public tranche: initial + reallocated = final.",
    "shares.hk_public: initial + reallocated = ...",
)
R_INTL = rule(
    "tranches.international_reconciles",
    "tranches",
    "International tranche: initial + reallocated + offer-size-adjustment shares = final.",
    "shares.hk_international: initial + reallocated + ...",
)
R_MIRROR = rule(
    "tranches.reallocation_mirrors",
    "tranches",
    "What the public tranche gains the international tranche loses.",
    "shares: hk_public.reallocated ... does not mirror",
)
R_STAR_FINAL = rule(
    "tranches.star_final_sum",
    "tranches",
    "STAR strategic + offline + online final tranches = final offer.",
    "shares (final STAR tranches): ...",
)
R_STAR_ONLINE = rule(
    "tranches.star_online_clawback",
    "tranches",
    "STAR online initial + clawback = online final.",
    "shares.star_online: initial + clawback_from_offline = ...",
)
R_STAR_OFFLINE = rule(
    "tranches.star_offline_clawback",
    "tranches",
    "STAR offline final + clawback = offline initial.",
    "shares.star_offline: final + ...",
)
R_STAR_BEFORE = rule(
    "tranches.star_before_clawback",
    "tranches",
    "STAR strategic final + offline initial + online initial = final offer.",
    "shares (STAR tranches before the clawback): ...",
)
R_STAR_STRATEGIC = rule(
    "tranches.star_strategic_return",
    "tranches",
    "STAR strategic final + shortfall returned to offline = strategic initial.",
    "shares.star_strategic: final + returned_to_offline = ...",
)
R_LOTS = rule(
    "trading.whole_lots",
    "trading",
    "Offer sizes, option shares and Hong Kong tranches are whole board lots.",
    "... is not a whole number of board lots",
)
R_POOLS = rule(
    "demand.pools_sum",
    "demand",
    "Pool A + Pool B applications = total (valid and successful).",
    "demand.hk_public.valid_applications: ...",
)
R_SUCCESS = rule(
    "demand.successful_not_above_valid",
    "demand",
    "Successful applications never exceed valid ones.",
    "demand.hk_public.successful_applications: ... exceeds",
)
R_CURRENCY = rule(
    "currency.consistent",
    "currency",
    "Every money figure, later price, "
    "grey-market price and derived amount is in the offering's currency (par "
    "value excepted).",
    "... differs from the offering's currency",
)
R_LISTS_DISJOINT = rule(
    "bookkeeping.lists_disjoint",
    "bookkeeping",
    "No path is both unknown and not applicable.",
    "unknown and not_applicable both list",
)
R_LISTS_UNIQUE = rule(
    "bookkeeping.unknown_unique",
    "bookkeeping",
    "unknown lists each path once.",
    "unknown lists ... more than once",
)
R_LISTED_EXISTS = rule(
    "bookkeeping.listed_path_exists",
    "bookkeeping",
    "Paths in unknown and not_applicable name figures of the record.",
    "names no field of the record",
)
R_LISTED_EMPTY = rule(
    "bookkeeping.listed_path_empty",
    "bookkeeping",
    "A path listed as unknown or not applicable holds no value.",
    "has a value",
)

#: Every rule, by id, in registration order.
RULES: dict[str, Rule] = _RULES


# --------------------------------------------------------------------------------------------
# Record checks
# --------------------------------------------------------------------------------------------


@dataclass
class _Found:
    items: list[Problem] = field(default_factory=list)

    def add(self, rule_id: str, path: str, message: str) -> None:
        self.items.append(Problem(rule_id, path, message))


def _v(fig: Figure[Any] | None) -> Any:
    return None if fig is None else fig.value


def walk_figures(node: Any, path: str) -> Iterator[tuple[str, Figure[Any]]]:
    """Every Figure below ``node`` with its dotted path (lists get ``[i]``)."""
    if isinstance(node, Figure):
        yield path, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from walk_figures(getattr(node, name), f"{path}.{name}" if path else name)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from walk_figures(item, f"{path}[{i}]")


def data_paths(node: Any, path: str) -> list[str]:
    """Paths below ``node`` that hold data: a figure's value or a non-empty list."""
    if isinstance(node, Figure):
        return [path] if node.value is not None else []
    if isinstance(node, list | dict):
        return [path] if node else []
    if isinstance(node, BaseModel):
        found: list[str] = []
        for name in type(node).model_fields:
            found += data_paths(getattr(node, name), f"{path}.{name}")
        return found
    return [] if node is None else [path]


def record_problems(o: Offering) -> list[Problem]:
    """Run every record rule on a record whose fields are valid.

    Parameters
    ----------
    o : Offering
        The record (its fields already validated).

    Returns
    -------
    list of Problem
        Every breach found, each citing its rule; empty when the record is valid.

    Examples
    --------
    >>> import ipometrics as ipm
    >>> record_problems(ipm.load_offering("zhipu"))
    []
    """
    found = _Found()
    for check in (
        _check_sources,
        _check_identity,
        _check_price,
        _check_dates,
        _check_tranches,
        _check_lots,
        _check_demand,
        _check_currency,
        _check_bookkeeping,
    ):
        check(o, found)
    key = o.key
    stock, exchange = o.identity.stock_code.value, o.identity.exchange.value
    code = f"{stock}.{_SUFFIX.get(exchange or '', '?')}" if stock else None
    return [Problem(p.rule, p.path, p.message, key, code) for p in found.items]


_SUFFIX = {"SEHK": "HK", "SSE": "SH", "SZSE": "SZ"}
_CODE_PATTERN = {"SEHK": r"[0-9]{5}", "SSE": r"[0-9]{6}", "SZSE": r"[0-9]{6}"}


def _check_sources(o: Offering, p: _Found) -> None:
    ids = [s.id for s in o.sources]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        p.add(R_SRC_UNIQUE, "sources", f"sources: duplicate ids {dup}")
    tiers = {s.id: s.tier for s in o.sources}
    cited: list[tuple[str, str]] = [
        (f"{path}.src", fig.src) for path, fig in walk_figures(o, "") if fig.src is not None
    ]
    cited += [(f"later_prices[{i}].src", lp.src) for i, lp in enumerate(o.later_prices)]
    gm = o.first_day.grey_market
    cited += [
        (f"first_day.grey_market.observations[{i}].src", ob.src)
        for i, ob in enumerate(gm.observations if gm else [])
    ]
    for where, src in cited:
        if src not in tiers:
            p.add(R_SRC_RESOLVES, where, f"{where}: source {src!r} is not in sources (ids: {ids})")
        elif tiers[src] == "ai_generated":
            p.add(
                R_SRC_NOT_AI,
                where,
                f"{where}: source {src!r} is ai_generated; such pages never supply a figure",
            )
    for i, c in enumerate(o.conflicts):
        for attr in ("stands_src", "other_src"):
            refs = getattr(c, attr)
            where = f"conflicts[{i}].{attr}"
            for ref in [refs] if isinstance(refs, str) else refs or []:
                if ref != "derived" and ref not in tiers:
                    p.add(R_CONFLICT_SRC, where, f"{where}: source {ref!r} is not in sources")
                elif attr == "stands_src" and tiers.get(ref) == "ai_generated":
                    p.add(
                        R_CONFLICT_STANDS,
                        where,
                        f"{where}: source {ref!r} is ai_generated; it may only be the losing side",
                    )


def _check_identity(o: Offering, p: _Found) -> None:
    ident = o.identity
    if all(f.value is None for f in (ident.name_en, ident.name_zh_hant, ident.name_zh_hans)):
        p.add(R_REQUIRED, "identity.name_en", "identity.name_en: required, got None")
    for name in ("stock_code", "exchange", "currency"):
        if getattr(ident, name).value is None:
            p.add(R_REQUIRED, f"identity.{name}", f"identity.{name}: required, got None")
    exchange, code = ident.exchange.value, ident.stock_code.value
    if exchange and code is not None and not re.fullmatch(_CODE_PATTERN[exchange], code):
        digits = 5 if exchange == "SEHK" else 6
        p.add(
            R_CODE,
            "identity.stock_code",
            f"identity.stock_code: {exchange} codes have {digits} digits, got {code!r}",
        )
    if exchange == "SEHK" and ident.board_lot.value is None:
        p.add(
            R_HK_LOT,
            "identity.board_lot",
            "identity.board_lot: required for a Hong Kong offering, got None",
        )
    if exchange == "SEHK":
        for tranche in ("hk_public", "hk_international"):
            if getattr(o.shares, tranche) is None:
                p.add(
                    R_HK_TRANCHES,
                    f"shares.{tranche}",
                    f"shares.{tranche}: required for a Hong Kong offering, got None",
                )


def _check_price(o: Offering, p: _Found) -> None:
    final = o.price.final.value
    low, high = o.price.range_low.value, o.price.range_high.value
    if low is not None and high is not None and low > high:
        p.add(
            R_RANGE_ORDER,
            "price.range_low",
            f"price.range_low: {low} is above price.range_high {high}",
        )
    if final is None:
        p.add(R_PRICE_REQUIRED, "price.final", "price.final: required, got None")
        return
    if low is not None and final < low:
        p.add(R_IN_RANGE, "price.final", f"price.final: {final} is below price.range_low {low}")
    if high is not None and final > high:
        p.add(R_IN_RANGE, "price.final", f"price.final: {final} is above price.range_high {high}")


_DATE_ORDER = ("offer_open", "offer_close", "allotment_results", "listing")


def _check_dates(o: Offering, p: _Found) -> None:
    d = o.dates
    if d.listing.value is None:
        p.add(R_LISTING, "dates.listing", "dates.listing: required, got None")
    # A Hong Kong prospectus opens the offer; a STAR final prospectus (招股说明书) is
    # published after the subscription day, so it is only held to precede the listing.
    hk = o.identity.exchange.value == "SEHK"
    order = ("prospectus", *_DATE_ORDER) if hk else _DATE_ORDER
    if not hk:
        pr, li = d.prospectus.value, d.listing.value
        if pr is not None and li is not None and pr > li:
            p.add(
                R_STAR_PROSPECTUS,
                "dates.prospectus",
                f"dates.prospectus: {pr} is after dates.listing {li}",
            )
    known = [(n, getattr(d, n).value) for n in order if getattr(d, n).value is not None]
    for (a, da), (b, db) in itertools.pairwise(known):
        if da > db:
            p.add(
                R_DATE_ORDER,
                f"dates.{a}",
                f"dates.{a}: {da} is after dates.{b} {db}; expected {a} <= {b}",
            )
    priced = d.price_determination.value
    if priced is not None and d.listing.value is not None and priced > d.listing.value:
        p.add(
            R_PRICING_DATE,
            "dates.price_determination",
            f"dates.price_determination: {priced} is after dates.listing {d.listing.value}",
        )
    fd = o.first_day.date.value
    if fd is not None and d.listing.value is not None and fd != d.listing.value:
        p.add(
            R_FIRST_DAY,
            "first_day.date",
            f"first_day.date: {fd} differs from dates.listing {d.listing.value}",
        )


def _sum_check(
    p: _Found,
    rule_id: str,
    label: str,
    parts: list[tuple[str, Any]],
    total: tuple[str, Any],
) -> None:
    if total[1] is None or any(v is None for _, v in parts):
        return
    got = sum(v for _, v in parts)
    if got != total[1]:
        terms = " + ".join(n for n, _ in parts)
        values = " + ".join(f"({v:,})" if v < 0 else f"{v:,}" for _, v in parts)
        path = label.split(" ")[0]
        p.add(
            rule_id,
            path,
            f"{label}: {terms} = {values} = {got:,}, expected {total[0]} = {total[1]:,}",
        )


def _check_tranches(o: Offering, p: _Found) -> None:
    s = o.shares
    osa = _v(s.offer_size_adjustment_option_exercised)
    osa_or_zero = osa if osa is not None else 0
    if s.offer_final.value is None:
        p.add(R_OFFER_REQUIRED, "shares.offer_final", "shares.offer_final: required, got None")
    if s.offer_initial.value is not None and s.offer_final.value is not None:
        _sum_check(
            p,
            R_OFFER_SUM,
            "shares.offer_final",
            [
                ("shares.offer_initial", s.offer_initial.value),
                ("shares.offer_size_adjustment_option_exercised", osa_or_zero),
            ],
            ("shares.offer_final", s.offer_final.value),
        )
    pub, intl = s.hk_public, s.hk_international
    if pub is not None and intl is not None:
        _sum_check(
            p,
            R_FINAL_SUM,
            "shares (final tranches)",
            [("hk_public.final", _v(pub.final)), ("hk_international.final", _v(intl.final))],
            ("shares.offer_final", _v(s.offer_final)),
        )
        _sum_check(
            p,
            R_INITIAL_SUM,
            "shares (initial tranches)",
            [
                ("hk_public.initial", _v(pub.initial)),
                ("hk_international.initial", _v(intl.initial)),
            ],
            ("shares.offer_initial", _v(s.offer_initial)),
        )
        _sum_check(
            p,
            R_PUBLIC,
            "shares.hk_public",
            [("initial", _v(pub.initial)), ("reallocated", _v(pub.reallocated))],
            ("hk_public.final", _v(pub.final)),
        )
        _sum_check(
            p,
            R_INTL,
            "shares.hk_international",
            [
                ("initial", _v(intl.initial)),
                ("reallocated", _v(intl.reallocated)),
                ("offer_size_adjustment_option_exercised", osa_or_zero),
            ],
            ("hk_international.final", _v(intl.final)),
        )
        moved_in, moved_out = pub.reallocated.value, intl.reallocated.value
        if moved_in is not None and moved_out is not None and moved_in != -moved_out:
            p.add(
                R_MIRROR,
                "shares.hk_public.reallocated",
                f"shares: hk_public.reallocated {moved_in:,} does not mirror "
                f"hk_international.reallocated {moved_out:,}; expected opposite signs, same size",
            )
    strat, off, on = s.star_strategic, s.star_offline, s.star_online
    if strat is not None and off is not None and on is not None:
        _sum_check(
            p,
            R_STAR_FINAL,
            "shares (final STAR tranches)",
            [
                ("star_strategic.final", _v(strat.final)),
                ("star_offline.final", _v(off.final)),
                ("star_online.final", _v(on.final)),
            ],
            ("shares.offer_final", _v(s.offer_final)),
        )
        _sum_check(
            p,
            R_STAR_ONLINE,
            "shares.star_online",
            [("initial", _v(on.initial)), ("clawback_from_offline", _v(on.clawback_from_offline))],
            ("star_online.final", _v(on.final)),
        )
        _sum_check(
            p,
            R_STAR_OFFLINE,
            "shares.star_offline",
            [
                ("final", _v(off.final)),
                ("star_online.clawback_from_offline", _v(on.clawback_from_offline)),
            ],
            ("star_offline.initial", _v(off.initial)),
        )
        _sum_check(
            p,
            R_STAR_BEFORE,
            "shares (STAR tranches before the clawback)",
            [
                ("star_strategic.final", _v(strat.final)),
                ("star_offline.initial", _v(off.initial)),
                ("star_online.initial", _v(on.initial)),
            ],
            ("shares.offer_final", _v(s.offer_final)),
        )
        _sum_check(
            p,
            R_STAR_STRATEGIC,
            "shares.star_strategic",
            [("final", _v(strat.final)), ("returned_to_offline", _v(strat.returned_to_offline))],
            ("star_strategic.initial", _v(strat.initial)),
        )


def _check_lots(o: Offering, p: _Found) -> None:
    lot = o.identity.board_lot.value
    if lot is None:
        return
    s = o.shares
    figures: list[tuple[str, Figure[Any] | None]] = [
        ("shares.offer_initial", s.offer_initial),
        ("shares.offer_final", s.offer_final),
        ("shares.offer_size_adjustment_option_exercised", s.offer_size_adjustment_option_exercised),
        ("shares.over_allocated", s.over_allocated),
    ]
    for tranche in ("hk_public", "hk_international"):
        t = getattr(s, tranche)
        if t is not None:
            figures += [
                (f"shares.{tranche}.initial", t.initial),
                (f"shares.{tranche}.final", t.final),
            ]
    for path, fig in figures:
        value = _v(fig)
        if value is not None and value % lot:
            p.add(
                R_LOTS,
                path,
                f"{path}: {value:,} is not a whole number of board lots of {lot} "
                f"({value:,} / {lot} = {value / lot:,.2f})",
            )


def _check_demand(o: Offering, p: _Found) -> None:
    d = o.demand.hk_public
    if d is None:
        return
    for kind in ("valid", "successful"):
        _sum_check(
            p,
            R_POOLS,
            f"demand.hk_public.{kind}_applications",
            [
                (f"pool_a_{kind}_applications", _v(getattr(d, f"pool_a_{kind}_applications"))),
                (f"pool_b_{kind}_applications", _v(getattr(d, f"pool_b_{kind}_applications"))),
            ],
            (f"{kind}_applications", _v(getattr(d, f"{kind}_applications"))),
        )
    pairs = [
        ("successful_applications", "valid_applications"),
        ("pool_a_successful_applications", "pool_a_valid_applications"),
        ("pool_b_successful_applications", "pool_b_valid_applications"),
        ("one_lot_successful_applications", "one_lot_valid_applications"),
    ]
    for won, applied in pairs:
        a, b = _v(getattr(d, won)), _v(getattr(d, applied))
        if a is not None and b is not None and a > b:
            path = f"demand.hk_public.{won}"
            p.add(R_SUCCESS, path, f"{path}: {a:,} exceeds {applied} {b:,}")


def _check_currency(o: Offering, p: _Found) -> None:
    currency = o.identity.currency.value
    if currency is None:
        return
    tagged: list[tuple[str, str | None]] = [
        (f"{path}.currency", fig.currency)
        for path, fig in walk_figures(o, "")
        if path != "identity.par_value"
    ]
    tagged += [(f"later_prices[{i}].currency", lp.currency) for i, lp in enumerate(o.later_prices)]
    gm = o.first_day.grey_market
    tagged += [
        (f"first_day.grey_market.observations[{i}].currency", ob.currency)
        for i, ob in enumerate(gm.observations if gm else [])
    ]
    tagged += [(f"derived[{k!r}].currency", d.currency) for k, d in o.derived.items()]
    for where, cur in tagged:
        if cur is not None and cur != currency:
            p.add(
                R_CURRENCY,
                where,
                f"{where}: {cur!r} differs from the offering's currency {currency!r}",
            )


def _check_bookkeeping(o: Offering, p: _Found) -> None:
    overlap = sorted(set(o.unknown) & set(o.not_applicable))
    if overlap:
        p.add(R_LISTS_DISJOINT, "unknown", f"unknown and not_applicable both list {overlap}")
    repeated = sorted({u for u in o.unknown if o.unknown.count(u) > 1})
    if repeated:
        p.add(R_LISTS_UNIQUE, "unknown", f"unknown lists {repeated} more than once")
    for listing, paths in (("unknown", o.unknown), ("not_applicable", list(o.not_applicable))):
        for path in paths:
            try:
                node = o.figure(path)
            except KeyError:
                p.add(R_LISTED_EXISTS, listing, f"{listing}: {path!r} names no field of the record")
                continue
            if isinstance(node, Figure) and node.value is not None:
                p.add(
                    R_LISTED_EMPTY,
                    listing,
                    f"{listing}: {path!r} has a value ({node.value}); a listed path is empty",
                )
            elif isinstance(node, list | dict) and node:
                n = len(node)
                p.add(
                    R_LISTED_EMPTY,
                    listing,
                    f"{listing}: {path!r} holds {n} entr{'y' if n == 1 else 'ies'}; "
                    "a listed path is empty",
                )
            elif isinstance(node, BaseModel) and not isinstance(node, Figure):
                filled = data_paths(node, path)
                if filled:
                    p.add(
                        R_LISTED_EMPTY,
                        listing,
                        f"{listing}: {path!r} is listed but {filled[0]} holds data",
                    )
            elif node is not None and not isinstance(node, Figure | list | dict | BaseModel):
                p.add(
                    R_LISTED_EXISTS, listing, f"{listing}: {path!r} is not a figure of the record"
                )


# --------------------------------------------------------------------------------------------
# Field problems (pydantic's errors, named by rule)
# --------------------------------------------------------------------------------------------

_BY_TYPE = {
    "extra_forbidden": "format.known_fields",
    "missing": "format.required_field",
    "int_type": "format.whole_number",
    "int_parsing": "format.whole_number",
    "int_from_float": "format.whole_number",
    "string_type": "format.text",
    "string_too_short": "format.text",
}
_BY_MESSAGE = (
    ("a published figure needs its source", "sources.figure_has_source"),
    ("decimal number", "format.exact_number"),
    ("finite number", "format.exact_number"),
    ("expected a number", "format.exact_number"),
    ("calendar date", "format.iso_date"),
    ("ISO date", "format.iso_date"),
    ("blank string", "format.text"),
)


def _field_rule(error: Any, schema: type[BaseModel]) -> str:
    kind, msg = str(error.get("type", "")), str(error.get("msg", ""))
    loc = [str(x) for x in error.get("loc", ())]
    last = loc[-2] if len(loc) >= 2 and loc[-1] == "value" else (loc[-1] if loc else "")
    if kind in _BY_TYPE:
        return _BY_TYPE[kind]
    for needle, rule_id in _BY_MESSAGE:
        if needle in msg:
            return rule_id
    if kind == "literal_error":
        if loc and loc[0] == "schema_version":
            return "format.schema_version"
        if "tier" in loc:
            return "sources.tier"
        if "qualifier" in loc:
            return "format.qualifier"
        if "exchange" in loc:
            return "format.exchange"
        return "format.known_fields"
    if kind == "string_pattern_mismatch":
        if loc == ["key"]:
            return "format.key"
        if "currency" in loc:
            return "format.currency_code"
        return "sources.id_format"
    if kind == "greater_than":
        return "format.board_lot_positive" if last == "board_lot" else "format.positive_price"
    if kind == "greater_than_equal":
        whole = _is_whole_number_field(loc, schema)
        return "format.non_negative_count" if whole else "format.non_negative_money"
    return "format.known_fields"


def _is_whole_number_field(loc: list[str], schema: type[BaseModel]) -> bool:
    """Whether the field at a pydantic error location of ``schema`` holds whole numbers."""
    cls: Any = schema
    annotation: Any = None
    for part in loc:
        if part.isdigit():  # an item of a list
            args = get_args(annotation)
            annotation = args[0] if args else annotation
            cls = annotation if isinstance(annotation, type) else None
            continue
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)):
            return False
        if issubclass(cls, Figure) and part == "value":
            annotation = (cls.__pydantic_generic_metadata__["args"] or (Any,))[0]
            break
        field_info = cls.model_fields.get(part)
        if field_info is None:
            return False
        annotation = field_info.annotation
        candidates = [annotation, *get_args(annotation)]
        cls = next(
            (c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None
        )
    base = get_args(annotation)[0] if get_args(annotation) else annotation
    return base is int


def _loc_path(loc: Any) -> str:
    """A pydantic location as a record path: ``later_prices[0].src``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def field_problem(
    error: Any,
    key: str | None = None,
    code: str | None = None,
    *,
    schema: type[BaseModel],
) -> Problem:
    """A pydantic error as a :class:`Problem` naming its rule, path, value and expectation.

    Parameters
    ----------
    error : dict
        One entry of ``pydantic.ValidationError.errors()``.
    key, code : str, optional
        The record's key and stock code.
    schema : pydantic model class
        The record class the error comes from (:class:`ipometrics.models.Offering`): it tells
        a count from an amount. Passed in, so that this module never imports the records.

    Examples
    --------
    >>> from ipometrics.models import Offering
    >>> p = field_problem({"type": "int_type", "loc": ("shares", "offer_final", "value"),
    ...                    "msg": "Input should be a valid integer", "input": "37,419,500"},
    ...                   schema=Offering)
    >>> p.rule, p.path
    ('format.whole_number', 'shares.offer_final.value')
    >>> p.message
    "shares.offer_final.value: Input should be a valid integer, got '37,419,500'"
    """
    path = _loc_path(error.get("loc", ()))
    msg = str(error.get("msg"))
    shown = repr(error.get("input"))
    if len(shown) > 80:
        shown = shown[:77] + "..."
    # Messages of ipometrics' own validators already name the value ("..., got 'x'").
    message = f"{path}: {msg}" if ", got " in msg else f"{path}: {msg}, got {shown}"
    return Problem(_field_rule(error, schema), path, message, key, code)


# --------------------------------------------------------------------------------------------
# The catalogue for people
# --------------------------------------------------------------------------------------------


def catalogue_markdown() -> str:
    """The rule catalogue as a Markdown page (``docs/validation_rules.md`` is this text).

    Examples
    --------
    >>> catalogue_markdown().splitlines()[0]
    '# Validation rules'
    """
    lines = [
        "# Validation rules",
        "",
        "Generated from `ipometrics.validation.RULES` by `tools/update_docs.py`; do not edit "
        "by hand.",
        "",
        f"{len(RULES)} rules. *Field* rules are enforced by the record's field types when it "
        "is built; *record* rules are cross-field checks run once the fields are valid. "
        "Every problem names its rule.",
        "",
        "| id | area | requires | enforced by | message starts |",
        "|---|---|---|---|---|",
    ]
    for r in sorted(RULES.values(), key=lambda r: (r.area, r.id)):
        example = r.example.replace("|", "\\|")
        lines.append(f"| `{r.id}` | {r.area} | {r.requires} | {r.enforced_by} | {example} |")
    return "\n".join(lines) + "\n"
