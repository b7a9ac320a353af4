"""Typed, validated offering records.

An :class:`Offering` mirrors one record of the fact base (``shared/data/offerings.yaml``) field
for field, so a bundled fixture is a plain transcription of its source. Every published figure
is a :class:`Figure`: its ``value`` plus the id of its source (``src``), the figure as printed,
the tolerance its rounding implies and any qualifier ("about", "more than"). Unknown is
``None``, never 0.

Records are frozen and validated when built: field types and ranges by pydantic, and the
cross-field rules (tranches add up to the offer, the price sits inside its range, dates run in
order, the board lot divides every tranche, every ``src`` names a listed source) by
``Offering._cross_checks``, which reports every problem of a record at once.

Methods compute nothing themselves: they pass the record's figures to
:mod:`ipometrics.metrics` and raise :class:`~ipometrics.errors.FigureUnavailableError`, saying
why, when a needed figure is missing.
"""

from __future__ import annotations

import html
import types
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import (
    BaseModel,
    Field,
    model_validator,
)

from ipometrics import metrics
from ipometrics.errors import FigureUnavailableError, IpoValidationError
from ipometrics.hk.clawback import ClawbackRegime, RegimeName, clawback, regime_for
from ipometrics.hk.demand import margin_implied_multiple
from ipometrics.hk.options import (
    OfferScenario,
    TrancheReconciliation,
    offer_scenarios,
    reconcile_tranche,
)
from ipometrics.star import StarCheck, StarClawbackRule
from ipometrics.star import clawback_check as star_clawback_check
from ipometrics.star import lottery_rate as star_lottery_rate
from ipometrics.validation import record_problems, walk_figures

__all__ = [
    "ClawbackCheck",
    "Conflict",
    "Cornerstones",
    "Dates",
    "Demand",
    "DerivedValue",
    "Figure",
    "FirstDay",
    "GreyMarket",
    "GreyMarketObservation",
    "HkInternationalDemand",
    "HkInternationalTranche",
    "HkPublicDemand",
    "HkPublicTranche",
    "Identity",
    "LaterPrice",
    "MarginEstimate",
    "MarginFinancing",
    "Offering",
    "Price",
    "Proceeds",
    "PublicFloat",
    "Shares",
    "Source",
    "StarOfflineDemand",
    "StarOfflineTranche",
    "StarOnlineDemand",
    "StarOnlineTranche",
    "StarStrategicTranche",
    "Terms",
]


from ipometrics._figure import (
    Count,
    Day,
    Exact,
    Figure,
    Lot,
    Money,
    NonNegative,
    PositivePrice,
    Qualifier,
    Scalar,
    SignedShares,
    Text,
    Tier,
    _Record,
)


def _signed_pct(value: Any) -> str:
    return f"{value * 100:+.2f}%"


def _fig() -> Any:
    return Field(default_factory=Figure)


class Source(_Record):
    """A document a figure comes from.

    Attributes
    ----------
    id : str
        Id used by figures' ``src`` (``"S1"``).
    tier : str
        Precedence tier: ``official_announcement`` beats ``prospectus`` beats ``wire`` beats
        ``other_media`` beats ``broker``; ``ai_generated`` never supplies a value.
    url : str or None
        Where the document was read (one source, a Cailian Press article, has none).
    document, date, note
        Description, publication date and remarks.
    """

    id: Annotated[str, Field(pattern=r"^S\d+$")]
    tier: Tier
    url: str | None
    document: str
    date: Day | None = None
    note: str | None = None


class Identity(_Record):
    """Who is listing, where, and under which regime."""

    name_en: Figure[Text] = _fig()
    name_zh_hant: Figure[Text] = _fig()
    name_zh_hans: Figure[Text] = _fig()
    short_name_en: Figure[Text] = _fig()
    short_name_zh: Figure[Text] = _fig()
    common_name_en: Figure[Text] = _fig()
    common_name_zh: Figure[Text] = _fig()
    stock_code: Figure[Text] = _fig()
    exchange: Figure[Literal["SEHK", "SSE", "SZSE"]] = _fig()
    board: Figure[Text] = _fig()
    listing_regime: Figure[Text] = _fig()
    allocation_regime: Figure[Text] = _fig()
    share_class: Figure[Text] = _fig()
    currency: Figure[Annotated[str, Field(pattern=r"^[A-Z]{3}$")]] = _fig()
    board_lot: Figure[Lot] = _fig()
    par_value: Figure[NonNegative] = _fig()


class Dates(_Record):
    """Key dates of the offering [date]."""

    prospectus: Figure[Day] = _fig()
    offer_open: Figure[Day] = _fig()
    offer_close: Figure[Day] = _fig()
    price_determination: Figure[Day] = _fig()
    allotment_results: Figure[Day] = _fig()
    listing: Figure[Day] = _fig()
    stabilisation_end: Figure[Day] = _fig()
    cornerstone_lockup_end: Figure[Day] = _fig()
    star_lottery_rate_announcement: Figure[Day] = _fig()
    star_issuance_results: Figure[Day] = _fig()


class Price(_Record):
    """Offer price [currency/share] and the range it was set in."""

    pricing_method: Figure[Text] = _fig()
    range_low: Figure[PositivePrice] = _fig()
    range_high: Figure[PositivePrice] = _fig()
    final: Figure[PositivePrice] = _fig()
    market_cap_at_offer_price: Figure[Money] = _fig()


class HkPublicTranche(_Record):
    """Hong Kong public offer tranche [shares]; ``*_pct`` fields in percent units."""

    initial: Figure[Count] = _fig()
    initial_pct_of_offer: Figure[NonNegative] = _fig()
    reallocated: Figure[SignedShares] = _fig()
    final: Figure[Count] = _fig()
    final_pct_of_offer: Figure[NonNegative] = _fig()
    final_pct_of_initial_offer: Figure[NonNegative] = _fig()


class HkInternationalTranche(_Record):
    """Hong Kong international placing tranche [shares].

    ``reallocated`` is negative when shares moved out to the public tranche.
    """

    initial: Figure[Count] = _fig()
    reallocated: Figure[SignedShares] = _fig()
    final: Figure[Count] = _fig()
    final_pct_of_offer: Figure[NonNegative] = _fig()


class StarStrategicTranche(_Record):
    """STAR Market strategic placement (战略配售) [shares]."""

    initial: Figure[Count] = _fig()
    initial_pct_of_offer: Figure[NonNegative] = _fig()
    final: Figure[Count] = _fig()
    final_pct_of_offer: Figure[NonNegative] = _fig()
    returned_to_offline: Figure[Count] = _fig()


class StarOfflineTranche(_Record):
    """STAR Market offline placement (网下) [shares]."""

    initial: Figure[Count] = _fig()
    initial_pct_after_strategic: Figure[NonNegative] = _fig()
    final: Figure[Count] = _fig()
    final_pct_after_strategic: Figure[NonNegative] = _fig()
    abandoned: Figure[Count] = _fig()


class StarOnlineTranche(_Record):
    """STAR Market online fixed-price issue (网上) [shares]."""

    initial: Figure[Count] = _fig()
    initial_pct_after_strategic: Figure[NonNegative] = _fig()
    clawback_from_offline: Figure[Count] = _fig()
    final: Figure[Count] = _fig()
    final_pct_after_strategic: Figure[NonNegative] = _fig()
    paid: Figure[Count] = _fig()
    abandoned: Figure[Count] = _fig()
    underwriter_takeup: Figure[Count] = _fig()


class Shares(_Record):
    """Offer size, options, tranches and shares in issue [shares]."""

    offer_initial: Figure[Count] = _fig()
    offer_size_adjustment_option_max: Figure[Count] = _fig()
    offer_size_adjustment_option_exercised: Figure[Count] = _fig()
    offer_final: Figure[Count] = _fig()
    over_allotment_option_max: Figure[Count] = _fig()
    over_allocated: Figure[Count] = _fig()
    over_allotment_exercised: Figure[Count] = _fig()
    stabilising_manager: Figure[Text] = _fig()
    shares_in_issue_after_listing: Figure[Count] = _fig()
    h_shares_after_listing: Figure[Count] = _fig()
    class_a_shares_after_listing: Figure[Count] = _fig()
    offer_pct_of_shares_after_listing: Figure[NonNegative] = _fig()
    hk_public: HkPublicTranche | None = None
    hk_international: HkInternationalTranche | None = None
    star_strategic: StarStrategicTranche | None = None
    star_offline: StarOfflineTranche | None = None
    star_online: StarOnlineTranche | None = None


class Proceeds(_Record):
    """Gross and net proceeds and expenses [currency], as published."""

    gross: Figure[Money] = _fig()
    expenses: Figure[Money] = _fig()
    net: Figure[Money] = _fig()
    underwriting_fee: Figure[Money] = _fig()
    sponsor_fee: Figure[Money] = _fig()


class HkPublicDemand(_Record):
    """Demand in the Hong Kong public offer: applications [count] and the multiple [times]."""

    valid_applications: Figure[Count] = _fig()
    successful_applications: Figure[Count] = _fig()
    subscription_multiple: Figure[NonNegative] = _fig()
    pool_a_valid_applications: Figure[Count] = _fig()
    pool_a_successful_applications: Figure[Count] = _fig()
    pool_b_valid_applications: Figure[Count] = _fig()
    pool_b_successful_applications: Figure[Count] = _fig()
    one_lot_valid_applications: Figure[Count] = _fig()
    one_lot_successful_applications: Figure[Count] = _fig()
    one_lot_success_rate_pct: Figure[NonNegative] = _fig()
    largest_application_shares: Figure[Count] = _fig()


class HkInternationalDemand(_Record):
    """Demand in the international placing: placees [count] and the multiple [times]."""

    placees: Figure[Count] = _fig()
    subscription_multiple: Figure[NonNegative] = _fig()


class StarOnlineDemand(_Record):
    """Demand in a STAR online issue; lottery rates in percent units."""

    valid_applicants: Figure[Count] = _fig()
    valid_shares_applied: Figure[Count] = _fig()
    subscription_multiple: Figure[NonNegative] = _fig()
    subscription_multiple_after_clawback: Figure[NonNegative] = _fig()
    lottery_rate_initial_pct: Figure[NonNegative] = _fig()
    lottery_rate_final_pct: Figure[NonNegative] = _fig()


class StarOfflineDemand(_Record):
    """Demand in a STAR offline placement."""

    valid_investors: Figure[Count] = _fig()
    valid_placing_objects: Figure[Count] = _fig()
    valid_shares_applied: Figure[Count] = _fig()
    subscription_multiple: Figure[NonNegative] = _fig()
    subscription_multiple_after_strategic_return: Figure[NonNegative] = _fig()
    allocation_ratio_pct: Figure[NonNegative] = _fig()
    class_a_share_of_offline_allocation_pct: Figure[NonNegative] = _fig()


class Demand(_Record):
    """Demand by tranche; a tranche that does not exist in the market is ``None``."""

    hk_public: HkPublicDemand | None = None
    hk_international: HkInternationalDemand | None = None
    star_online: StarOnlineDemand | None = None
    star_offline: StarOfflineDemand | None = None


class Cornerstones(_Record):
    """Cornerstone investors: count, shares [shares], percentages [percent units], amount."""

    count: Figure[Count] = _fig()
    shares: Figure[Count] = _fig()
    pct_of_offer: Figure[NonNegative] = _fig()
    pct_of_issued_shares: Figure[NonNegative] = _fig()
    pct_of_h_shares: Figure[NonNegative] = _fig()
    pct_of_class_a_shares: Figure[NonNegative] = _fig()
    amount: Figure[Money] = _fig()


class PublicFloat(_Record):
    """Public float disclosed in the allotment announcement [percent units]."""

    pct: Figure[NonNegative] = _fig()
    minimum_pct: Figure[NonNegative] = _fig()
    free_float_pct: Figure[NonNegative] = _fig()


class Terms(_Record):
    """Application terms: Hong Kong charge rates [percent units] and STAR order limits."""

    brokerage_pct: Figure[NonNegative] = _fig()
    sfc_levy_pct: Figure[NonNegative] = _fig()
    afrc_levy_pct: Figure[NonNegative] = _fig()
    trading_fee_pct: Figure[NonNegative] = _fig()
    one_lot_amount_payable: Figure[Money] = _fig()
    subscription_unit: Figure[Count] = _fig()
    online_max_per_account: Figure[Count] = _fig()
    offline_order_min: Figure[Count] = _fig()
    offline_order_max: Figure[Count] = _fig()
    offline_order_step: Figure[Count] = _fig()


class GreyMarketObservation(_Record):
    """One grey-market observation (the evening before listing)."""

    platform: str | None = None
    metric: Literal["intraday_high", "intraday_high_change_pct", "close", "close_change_pct"]
    value: Exact
    currency: str | None = None
    change_pct: Exact | None = None
    change_as_reported: str | None = None
    qualifier: Qualifier | None = None
    printed: str | None = None
    abs_tol: NonNegative | None = None
    src: str
    note: str | None = None


class GreyMarket(_Record):
    """Grey-market session: its date and what was observed."""

    date: Figure[Day] = _fig()
    observations: list[GreyMarketObservation] = Field(default_factory=list)


class FirstDay(_Record):
    """First trading day: prices [currency/share], published changes [percent units]."""

    date: Figure[Day] = _fig()
    grey_market: GreyMarket | None = None
    open: Figure[PositivePrice] = _fig()
    open_change_pct: Figure[Exact] = _fig()
    high: Figure[PositivePrice] = _fig()
    high_change_pct: Figure[Exact] = _fig()
    low: Figure[PositivePrice] = _fig()
    low_change_pct: Figure[Exact] = _fig()
    close: Figure[PositivePrice] = _fig()
    close_change_pct: Figure[Exact] = _fig()
    turnover_value: Figure[Money] = _fig()
    turnover_rate_pct: Figure[NonNegative] = _fig()
    market_cap_open: Figure[Money] = _fig()
    market_cap_close: Figure[Money] = _fig()


class LaterPrice(_Record):
    """A price or change reported after the first day."""

    date: Day
    metric: Literal["close", "change_pct", "intraday_high", "intraday_low", "market_cap"]
    value: Exact
    currency: str | None = None
    change_pct: Exact | None = None
    abs_tol: NonNegative | None = None
    qualifier: Qualifier | None = None
    as_reported: str | None = None
    printed: str | None = None
    src: str
    note: str | None = None


class MarginFinancing(_Record):
    """Margin financing reported by brokers before allotment: an estimate, not official."""

    amount: Figure[Money] = _fig()
    reported_by: Figure[Text] = _fig()
    nature: str | None = None


class DerivedValue(_Record):
    """A value computed by the fact base, kept apart from published figures."""

    value: Scalar
    currency: str | None = None
    derived: str = Field(description="The formula, in words.")


class Conflict(_Record):
    """Two sources disagree: which figure stands, which one lost, and why."""

    field: str
    stands: Scalar | None = None
    stands_src: str | list[str] | None = None
    other: Scalar | None = None
    other_src: str | list[str] | None = None
    reason: str


# --------------------------------------------------------------------------------------------
# Results of record methods
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClawbackCheck:
    """The public tranche a clawback rule implies, beside the one announced.

    Attributes
    ----------
    regime : str
        Regime applied (a key of :data:`ipometrics.hk.clawback.REGIMES`).
    offer_shares, initial_public_shares : int
        Inputs: shares initially offered, and the public tranche at launch [shares].
    subscription_multiple : Decimal
        Public-offer multiple as published [times].
    rule_implied : int
        Public tranche the rule requires [shares].
    published : int
        Public tranche the allotment announcement prints [shares].
    matches : bool
        Whether the two agree. A difference is reported, never overwritten: the Exchange can
        waive the ladder.
    """

    regime: str
    offer_shares: int
    initial_public_shares: int
    subscription_multiple: Decimal
    rule_implied: int
    published: int

    @property
    def matches(self) -> bool:
        """Whether the rule-implied and published public tranches agree."""
        return self.rule_implied == self.published

    @property
    def difference(self) -> int:
        """``published - rule_implied`` [shares]."""
        return self.published - self.rule_implied


@dataclass(frozen=True)
class MarginEstimate:
    """Demand implied by a broker's margin-financing total: an estimate, not an official figure.

    Attributes
    ----------
    implied_multiple : Decimal
        Margin money / value of the initial public tranche [times].
    lower_bound : bool
        True when the reported amount was "more than" a figure.
    margin_amount : Decimal
        Reported margin financing [currency].
    reported_by : str or None
        The broker, when named.
    official_multiple : Decimal or None
        The multiple in the allotment announcement [times], for comparison.
    basis : str
        How the estimate was formed.
    """

    implied_multiple: Decimal
    lower_bound: bool
    margin_amount: Decimal
    reported_by: str | None
    official_multiple: Decimal | None
    basis: str
    label: str = "estimate"


# --------------------------------------------------------------------------------------------
# The record
# --------------------------------------------------------------------------------------------

FirstDayPrice = Literal["open", "close", "high", "low"]
CapAt = Literal["offer", "open", "close"]

_EXCHANGE_SUFFIX = {"SEHK": "HK", "SSE": "SH", "SZSE": "SZ"}


class Offering(_Record):
    """One IPO: identity, dates, price, tranches, demand, proceeds and first-day trading.

    Build it from a record (``Offering.model_validate(data)``) or load the bundled ones with
    :func:`ipometrics.load_offerings`. Every figure is a :class:`Figure` carrying its
    source; :meth:`source_of` turns a field path into the document it came from.

    Attributes
    ----------
    key : str
        Short identifier, e.g. ``"zhipu"``.
    sources : list of Source
        Documents the figures cite.
    derived : dict
        Values computed by the fact base (e.g. ``demand.hk_public.shares_applied``), keyed by
        the path they fill or cross-check. Never mixed into published fields.
    unknown, not_applicable
        Paths with no admissible value, and paths that do not exist for this offering (with
        the reason).
    conflicts : list of Conflict
        Figures other sources give differently, with the one that stands.
    """

    schema_version: Literal[1] = 1
    key: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    sources: list[Source]
    identity: Identity
    dates: Dates
    price: Price
    shares: Shares
    proceeds: Proceeds = Field(default_factory=Proceeds)
    demand: Demand = Field(default_factory=Demand)
    cornerstones: Cornerstones | None = None
    public_float: PublicFloat | None = None
    terms: Terms = Field(default_factory=Terms)
    first_day: FirstDay = Field(default_factory=FirstDay)
    later_prices: list[LaterPrice] = Field(default_factory=list)
    margin_financing: MarginFinancing | None = None
    derived: dict[str, DerivedValue] = Field(default_factory=dict)
    unknown: list[str] = Field(default_factory=list)
    not_applicable: dict[str, str] = Field(default_factory=dict)
    conflicts: list[Conflict] = Field(default_factory=list)

    # ---------------------------------------------------------------- validation

    @model_validator(mode="after")
    def _cross_checks(self) -> Offering:
        problems = record_problems(self)
        if problems:
            raise IpoValidationError.from_problems(problems)
        return self

    # ---------------------------------------------------------------- identity

    @property
    def code(self) -> str:
        """Stock code with market suffix, e.g. ``"02513.HK"``."""
        exchange = self.identity.exchange.value
        suffix = _EXCHANGE_SUFFIX[exchange] if exchange else "?"
        return f"{self.identity.stock_code.value}.{suffix}"

    @property
    def exchange(self) -> str:
        """Exchange code: ``"SEHK"`` (Hong Kong), ``"SSE"`` (Shanghai) or ``"SZSE"``."""
        return self.identity.exchange.value or ""

    @property
    def name(self) -> str:
        """The name the press uses (``"Zhipu"``): the display name of tables and charts.

        ``identity.common_name_en`` when a source gives it, else the stock short name
        (``identity.short_name_en``, e.g. ``"KNOWLEDGE ATLAS"``, or the Chinese one for a
        record read from a Chinese announcement), else the registered name, else the key.
        The legal and short names stay in :attr:`legal_name` and :attr:`short_name`.
        """
        ident = self.identity
        for fig in (
            ident.common_name_en,
            ident.short_name_en,
            ident.short_name_zh,
            ident.name_en,
            ident.name_zh_hant,
        ):
            if fig.value:
                return fig.value
        return self.key

    @property
    def name_zh(self) -> str | None:
        """The Chinese name the press uses (``"智谱"``), else ``None``.

        ``identity.common_name_zh`` when a source gives it, else the Chinese stock short name;
        never the full legal name, which is not what anyone calls the company (it stays in
        ``identity.name_zh_hant`` / ``name_zh_hans``). ``None`` when no source gives one.
        """
        ident = self.identity
        for fig in (ident.common_name_zh, ident.short_name_zh):
            if fig.value:
                return fig.value
        return None

    @property
    def legal_name(self) -> str | None:
        """Registered English name as printed (``identity.name_en``), ``None`` when unknown."""
        return self.identity.name_en.value

    @property
    def short_name(self) -> str | None:
        """Stock short name as printed (``"KNOWLEDGE ATLAS"``), ``None`` where there is none."""
        return self.identity.short_name_en.value or self.identity.short_name_zh.value

    def label(self, script: Literal["en", "zh"] = "en", *, code: bool = True) -> str:
        """Display label: the common name, with the bare stock code when ``code`` is true.

        Parameters
        ----------
        script : {"en", "zh"}
            ``"zh"`` uses :attr:`name_zh` and falls back to :attr:`name` where no Chinese name
            is published.
        code : bool
            Append the stock code without its market suffix.

        Examples
        --------
        >>> import ipometrics as ipm
        >>> ipm.load_offering("zhipu").label()
        'Zhipu (02513)'
        >>> ipm.load_offering("zhipu").label("zh", code=False)
        '智谱'
        """
        name = (self.name_zh or self.name) if script == "zh" else self.name
        stock = self.identity.stock_code.value
        return f"{name} ({stock})" if code and stock else name

    @property
    def currency(self) -> str:
        """Trading and offer currency (ISO 4217)."""
        return self.identity.currency.value or ""

    @property
    def offer_price(self) -> Decimal:
        """Final offer price [currency/share]."""
        price: Decimal = self._require("price.final", "the offer price")
        return price

    @property
    def offer_shares(self) -> int:
        """Shares in the final offer, before over-allotment [shares]."""
        shares: int = self._require("shares.offer_final", "the offer size")
        return shares

    # ---------------------------------------------------------------- display

    def __repr__(self) -> str:
        """``Offering('zhipu', 02513.HK, HKD 116.20, listed 2026-01-08)``: one line."""
        price = self.price.final.value
        listed = self.dates.listing.value
        shown = f"{self.currency} {price:,.2f}" if price is not None else "price unknown"
        when = f"listed {listed.isoformat()}" if listed is not None else "listing date unknown"
        return f"Offering({self.key!r}, {self.code}, {shown}, {when})"

    __str__ = __repr__

    def _open_return(self) -> Decimal:
        return self.first_day_return("open")

    def _repr_html_(self) -> str:
        """A compact card for Jupyter: name, code, price, proceeds, multiples, returns, sources.

        An empty figure shows whether it was not published or does not apply.
        """
        cur = html.escape(self.currency)

        def cell(path: str, compute: Callable[[], Any], fmt: Callable[[Any], str]) -> str:
            try:
                return html.escape(fmt(compute()))
            except FigureUnavailableError as err:
                words = "n/a" if err.status == "not applicable" else "not published"
                return f"<span title='{html.escape(str(err))}'>{words}</span>"

        def figure_value(path: str) -> Callable[[], Any]:
            return lambda: self._require(path, path)

        rows: list[tuple[str, str]] = [
            (
                "Offer price",
                cell("price.final", figure_value("price.final"), lambda v: f"{cur} {v:,.2f}"),
            ),
            (
                "Gross proceeds",
                cell(
                    "proceeds.gross", self.gross_proceeds, lambda v: f"{cur} {v / 1_000_000:,.1f} m"
                ),
            ),
        ]
        if self.exchange == "SEHK":
            paths = (
                ("Public offer", "demand.hk_public.subscription_multiple"),
                ("International placing", "demand.hk_international.subscription_multiple"),
            )
        else:
            paths = (
                ("Online (STAR)", "demand.star_online.subscription_multiple"),
                ("Offline (STAR)", "demand.star_offline.subscription_multiple"),
            )
        rows += [
            (f"{label}, subscribed", cell(path, figure_value(path), lambda v: f"{v:,.2f}x"))
            for label, path in paths
        ]
        rows += [
            ("First-day open return", cell("first_day.open", self._open_return, _signed_pct)),
            ("First-day close return", cell("first_day.close", self.first_day_return, _signed_pct)),
        ]
        body = "".join(
            f"<tr><th style='text-align:left'>{k}</th><td>{v}</td></tr>" for k, v in rows
        )
        official = [x for x in self.sources if x.tier == "official_announcement" and x.url]
        link = "no official announcement with a URL"
        if official:
            url, doc = html.escape(official[0].url or ""), html.escape(official[0].document)
            link = f"<a href='{url}' title='{doc}'>announcement</a>"
        zh = f" {html.escape(self.name_zh)}" if self.name_zh and self.name_zh != self.name else ""
        return (
            "<div class='ipometrics-offering' style='display:inline-block;border:1px solid #ccc;"
            "border-radius:4px;padding:0.5em 1em;max-width:32em'>"
            f"<b>{html.escape(self.name)}</b>{zh} <code>{html.escape(self.code)}</code>"
            f"<br><small>{html.escape(self.legal_name or '')}</small>"
            f"<table>{body}</table>"
            f"<small>{len(self.sources)} sources; official: {link}</small></div>"
        )

    # ---------------------------------------------------------------- figures and sources

    def figure(self, path: str) -> Any:
        """The object at a dotted path: a :class:`Figure`, a group, a list or ``None``.

        Parameters
        ----------
        path : str
            E.g. ``"proceeds.gross"`` or ``"shares.hk_public.final"``.

        Raises
        ------
        KeyError
            If the path names no field of the schema.
        """
        node: Any = self
        cls: Any = type(self)
        parts = path.split(".")
        for i, part in enumerate(parts):
            fields = _group_fields(cls)
            if part not in fields:
                done = ".".join(parts[:i]) or "Offering"
                raise KeyError(f"{path}: {done} has no field {part!r}")
            cls = _group_class(fields[part].annotation)
            node = None if node is None else getattr(node, part)
        return node

    def figures(self) -> list[tuple[str, Figure[Any]]]:
        """Every figure of the record with its dotted path, published or empty.

        Examples
        --------
        >>> import ipometrics as ipm
        >>> zhipu = ipm.load_offering("zhipu")
        >>> dict(zhipu.figures())["proceeds.gross"].printed
        'HK$4,348.1 million'
        """
        return list(walk_figures(self, ""))

    def status(self, path: str) -> str:
        """``"published"``, ``"unknown"`` or ``"not applicable"`` for a figure path."""
        node = self.figure(path)
        if isinstance(node, Figure) and node.value is not None:
            return "published"
        prefix = path
        while prefix:
            if prefix in self.not_applicable:
                return "not applicable"
            prefix = prefix.rpartition(".")[0]
        return "unknown"

    def source(self, src_id: str) -> Source:
        """The :class:`Source` with this id; ``KeyError`` naming the valid ids otherwise."""
        for s in self.sources:
            if s.id == src_id:
                return s
        raise KeyError(
            f"{self.key}: no source {src_id!r}; sources are {[s.id for s in self.sources]}"
        )

    def source_of(self, path: str) -> Source | None:
        """The source of the figure at ``path``, or ``None`` when the figure is unknown."""
        node = self.figure(path)
        if isinstance(node, Figure) and node.src is not None:
            return self.source(node.src)
        return None

    def _require(self, path: str, needed_for: str) -> Any:
        node = self.figure(path)
        if isinstance(node, Figure) and node.value is not None:
            return node.value
        status = self.status(path)
        reason = "no admissible source gives it"
        if status == "not applicable":
            prefix = path
            while prefix not in self.not_applicable:
                prefix = prefix.rpartition(".")[0]
            reason = self.not_applicable[prefix]
        raise FigureUnavailableError(self.key, path, status, needed_for, reason)

    # ---------------------------------------------------------------- metrics (delegated)

    def gross_proceeds(self) -> Decimal:
        """Gross proceeds recomputed from the offer price and final offer size [currency].

        Exact ``Decimal``: :func:`ipometrics.metrics.gross_proceeds` of ``price.final`` and
        ``shares.offer_final`` (offer-size-adjustment shares included, over-allotment shares
        excluded, as in the announcements).
        """
        return metrics.gross_proceeds(self.offer_price, self.offer_shares)

    def net_proceeds(self) -> Decimal:
        """Recomputed gross proceeds less the published expenses [currency].

        The published expenses are rounded (e.g. to HK$0.1 million), so the result carries
        that rounding; compare with ``proceeds.net`` within the two printed tolerances.
        """
        expenses: Decimal = self._require("proceeds.expenses", "net proceeds")
        return metrics.net_proceeds(self.gross_proceeds(), expenses)

    def first_day_return(self, at: FirstDayPrice = "close") -> Decimal:
        """Return from the offer price to a first-day price [fraction].

        Parameters
        ----------
        at : {"close", "open", "high", "low"}
            Which first-day price; ``"close"`` gives the initial return.
        """
        if at not in ("open", "close", "high", "low"):
            raise ValueError(f"at must be one of 'open', 'close', 'high', 'low', got {at!r}")
        price: Decimal = self._require(f"first_day.{at}", f"the first-day {at} return")
        return metrics.first_day_return(self.offer_price, price)

    def market_cap(self, at: CapAt = "offer") -> Decimal:
        """Market capitalisation at the offer price or a first-day price [currency].

        Uses ``shares.shares_in_issue_after_listing`` (all classes, before over-allotment),
        which is what the announcements print.

        Parameters
        ----------
        at : {"offer", "open", "close"}
        """
        if at not in ("offer", "open", "close"):
            raise ValueError(f"at must be one of 'offer', 'open', 'close', got {at!r}")
        price: Decimal = (
            self.offer_price
            if at == "offer"
            else self._require(f"first_day.{at}", f"the market cap at the {at}")
        )
        shares: int = self._require(
            "shares.shares_in_issue_after_listing", f"the market cap at the {at}"
        )
        return metrics.market_cap(price, shares)

    # ---------------------------------------------------------------- Hong Kong mechanics

    @property
    def clawback_regime(self) -> RegimeName | None:
        """Clawback regime named by ``identity.allocation_regime``; None when it names none."""
        return regime_for(self.identity.allocation_regime.value)

    def initial_offer_shares(self) -> int:
        """Shares initially offered, before the offer size adjustment option [shares].

        ``shares.offer_initial`` when printed; otherwise the sum of the two initial tranches,
        both printed in the allotment announcement (Biren prints no total).
        """
        printed = self.shares.offer_initial.value
        if printed is not None:
            return printed
        pub, intl = self.shares.hk_public, self.shares.hk_international
        if pub is not None and intl is not None:
            a, b = pub.initial.value, intl.initial.value
            if a is not None and b is not None:
                return a + b
        need = "the initial offer size"
        return self._require("shares.offer_initial", need)  # type: ignore[no-any-return]

    def clawback_check(self, regime: RegimeName | ClawbackRegime | None = None) -> ClawbackCheck:
        """The public tranche the clawback rule implies, beside the published one.

        Parameters
        ----------
        regime : str or ClawbackRegime, optional
            Default: the regime the record names (:attr:`clawback_regime`).

        Returns
        -------
        ClawbackCheck
            ``rule_implied`` and ``published`` side by side; ``matches`` flags a difference.

        Examples
        --------
        >>> import ipometrics as ipm
        >>> check = ipm.load_offering("minimax").clawback_check()
        >>> (check.regime, check.rule_implied, check.published, check.matches)
        ('chapter_18c', 5077860, 5077860, True)
        """
        spec = regime if regime is not None else self.clawback_regime
        if spec is None:
            status = self.status("identity.allocation_regime")
            raise FigureUnavailableError(
                self.key,
                "identity.allocation_regime",
                status if status != "published" else "not a known clawback regime",
                "the rule-implied public tranche",
                f"{self.identity.allocation_regime.value!r}"
                if status == "published"
                else "no admissible source names it",
            )
        need = "the rule-implied public tranche"
        initial: int = self._require("shares.hk_public.initial", need)
        published: int = self._require("shares.hk_public.final", need)
        multiple: Decimal = self._require("demand.hk_public.subscription_multiple", need)
        lot: int = self._require("identity.board_lot", need)
        offer = self.initial_offer_shares()
        implied = clawback(offer, initial, multiple, regime=spec, board_lot=lot)
        name = spec.name if isinstance(spec, ClawbackRegime) else spec
        return ClawbackCheck(name, offer, initial, multiple, implied, published)

    def offer_scenarios(
        self, over_allotment: Literal["full", "none"] | int = "full"
    ) -> list[OfferScenario]:
        """Offer size and gross proceeds: base, with the upsize, with the over-allotment.

        Parameters
        ----------
        over_allotment : {"full", "none"} or int
            ``"full"``: the option's maximum when printed, else the shares over-allocated
            (the most the option can be needed for); ``"none"``: no over-allotment row; an
            int: a partial exercise of that many shares.

        Raises
        ------
        FigureUnavailableError
            ``"full"`` when neither the option size nor the over-allocation is known.

        Examples
        --------
        >>> import ipometrics as ipm
        >>> rows = ipm.load_offering("biren").offer_scenarios()
        >>> [(r.name, r.shares) for r in rows]  # doctest: +NORMALIZE_WHITESPACE
        [('base offer', 247692800), ('with offer size adjustment', 284846600),
         ('with over-allotment (full: covers all shares over-allocated)', 327573400)]
        """
        base = self.initial_offer_shares()
        upsize = self.offer_shares - base
        extra: int | None
        label = "full"
        if over_allotment == "none":
            extra = None
        elif over_allotment == "full":
            cap = self.shares.over_allotment_option_max.value
            extra = cap if cap is not None else self.shares.over_allocated.value
            if extra is None:
                self._require("shares.over_allocated", "the full over-allotment scenario")
            label = "full" if cap is not None else "full: covers all shares over-allocated"
        elif isinstance(over_allotment, int) and not isinstance(over_allotment, bool):
            extra, label = over_allotment, "partial"
        else:
            raise ValueError(
                f"over_allotment must be 'full', 'none' or a number of shares, "
                f"got {over_allotment!r}"
            )
        return offer_scenarios(
            self.offer_price,
            base,
            offer_size_adjustment_shares=upsize,
            over_allotment_shares=extra,
            over_allotment_label=label,
        )

    def tranche_reconciliation(self) -> list[TrancheReconciliation]:
        """``initial + reallocated + upsize = final`` for the public and international tranches.

        The offer-size-adjustment shares are counted in the international tranche, where
        all four deals put them; an unprinted reallocation is implied and flagged.
        """
        need = "the tranche reconciliation"
        upsize = self.offer_shares - self.initial_offer_shares()
        rows = []
        for name, extra in (("public", 0), ("international", upsize)):
            path = f"shares.hk_{name}"
            rows.append(
                reconcile_tranche(
                    name,
                    self._require(f"{path}.initial", need),
                    self.figure(f"{path}.reallocated").value,
                    extra,
                    self._require(f"{path}.final", need),
                )
            )
        return rows

    def margin_implied_multiple(self, charges_factor: Decimal | int = 1) -> MarginEstimate:
        """Public-offer demand implied by the reported margin financing (an estimate).

        Uses the top of the price range when there is one (the price an application pays
        while the offer is open), else the final price.

        Examples
        --------
        >>> import ipometrics as ipm
        >>> est = ipm.load_offering("minimax").margin_implied_multiple()
        >>> (round(est.implied_multiple), est.lower_bound, est.official_multiple)
        (1209, True, Decimal('1837.17'))
        """
        need = "the margin-implied multiple"
        amount: Decimal = self._require("margin_financing.amount", need)
        initial: int = self._require("shares.hk_public.initial", need)
        high = self.price.range_high.value
        price = high if high is not None else self.offer_price
        implied = margin_implied_multiple(amount, initial, price, charges_factor=charges_factor)
        mf = self.margin_financing
        demand = self.demand.hk_public
        return MarginEstimate(
            implied_multiple=implied,
            lower_bound=mf is not None and mf.amount.qualifier == "more than",
            margin_amount=amount,
            reported_by=mf.reported_by.value if mf is not None else None,
            official_multiple=demand.subscription_multiple.value if demand else None,
            basis=(
                f"margin financing / ({initial:,} initial public shares x {price} "
                f"x {charges_factor}); {mf.nature if mf is not None and mf.nature else ''}"
            ).rstrip("; "),
        )

    # ---------------------------------------------------------------- STAR Market mechanics

    def star_clawback_check(self, rule: str | StarClawbackRule = "sse_2025") -> StarCheck:
        """STAR online/offline tranches the clawback rule implies, beside the published ones.

        Parameters
        ----------
        rule : str or StarClawbackRule
            Default ``"sse_2025"`` (:data:`ipometrics.star.CLAWBACK_RULES`).

        Examples
        --------
        >>> import ipometrics as ipm
        >>> check = ipm.load_offering("metax").star_clawback_check()
        >>> check.clawback, check.online_final, check.offline_final, check.matches
        (3249500, 9665500, 22829081, True)
        """
        need = "the STAR clawback check"
        return star_clawback_check(
            online_initial=self._require("shares.star_online.initial", need),
            offline_initial=self._require("shares.star_offline.initial", need),
            online_multiple=self._require("demand.star_online.subscription_multiple", need),
            published_online_final=self._require("shares.star_online.final", need),
            published_offline_final=self._require("shares.star_offline.final", need),
            published_clawback=self.figure("shares.star_online.clawback_from_offline").value
            if self.shares.star_online is not None
            else None,
            rule=rule,
        )

    def lottery_rate(self) -> Decimal:
        """STAR online lottery (winning) rate after the clawback, recomputed [fraction].

        ``star_online.final / demand.star_online.valid_shares_applied``; compare with the
        published ``demand.star_online.lottery_rate_final_pct`` (percent units).

        Examples
        --------
        >>> import ipometrics as ipm
        >>> rate = ipm.load_offering("moore_threads").lottery_rate()
        >>> f"{rate * 100:.8f}%"
        '0.03635054%'
        """
        need = "the lottery rate"
        final: int = self._require("shares.star_online.final", need)
        applied: int = self._require("demand.star_online.valid_shares_applied", need)
        return star_lottery_rate(Decimal(final), Decimal(applied))

    def money_left_on_table(self) -> Decimal:
        """(first-day close - offer price) x final offer shares [currency].

        See :func:`ipometrics.metrics.money_left_on_table` for the share-count convention.
        """
        close: Decimal = self._require("first_day.close", "money left on the table")
        return metrics.money_left_on_table(self.offer_price, close, self.offer_shares)


# --------------------------------------------------------------------------------------------
# Path helpers (the record rules live in ipometrics.validation)
# --------------------------------------------------------------------------------------------


def _group_fields(cls: Any) -> dict[str, Any]:
    """Fields a path may step into: those of a record group, none of a Figure or a leaf."""
    if isinstance(cls, type) and issubclass(cls, BaseModel) and not issubclass(cls, Figure):
        return dict(cls.model_fields)
    return {}


def _group_class(annotation: Any) -> Any:
    """The model class behind ``X`` or ``X | None``; ``None`` for leaves, lists and dicts."""
    origin = get_origin(annotation)
    candidates = get_args(annotation) if origin in (Union, types.UnionType) else (annotation,)
    for c in candidates:
        if isinstance(c, type) and issubclass(c, BaseModel):
            return c
    return None
