"""Shanghai STAR Market (科创板) IPO allocation as data: clawback, initial split, lottery rate.

A STAR share issue has up to three tranches: a strategic placement (战略配售), an offline
placement (网下) to institutions from the price inquiry, and an online fixed-price issue (网上)
allotted by lottery in 500-share units. There is no price range. What is known of the rules
(``shared/data/rules.md`` section 6, status as recorded there):

===================  =====================================================  ===================
item                 value                                                  status
===================  =====================================================  ===================
initial split        online 20% of the shares left after the *planned*      Observed (both
                     strategic placement, offline the rest                  deals)
strategic shortfall  returned to the offline tranche before the clawback    Observed (MetaX)
clawback > 100x      10% of the shares left after the strategic placement   Confirmed
                     move offline -> online, rounded UP to a multiple of    (secondary) and
                     500 shares                                             Observed (both)
clawback > 50x to    5% of the same base                                    **Uncertain** (one
100x                                                                        secondary Q&A)
online unit          500 shares per application unit and winning number     Observed
===================  =====================================================  ===================

The clawback ladder is a :class:`StarClawbackRule` in :data:`CLAWBACK_RULES`; the uncertain
5% step is in the table, flagged ``"uncertain"``, and can be dropped with
:meth:`StarClawbackRule.without_step` or changed with :meth:`StarClawbackRule.with_step`.
:func:`clawback_check` reports which step it applied and that step's status, so a result that
rests on the uncertain step is visible. Not encoded, for want of a source: any cap on the
unrestricted offline shares left after the clawback (**uncertain** in rules.md), and the
online per-account cap and market-value quota (**uncertain**, one weak explainer).

Do not use these rules for Shenzhen ChiNext issues, which move 20% above 100x (rules.md R24).

Lottery rates are fractions here (``0.0003635054``), while announcements print percent
(``0.03635054%``).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal
from fractions import Fraction
from typing import Any, Literal, cast

import numpy as np
import pandas as pd

from ipometrics import metrics
from ipometrics._typing import Numeric
from ipometrics._values import DECIMAL_CONTEXT, ceil_to_multiple, whole_number
from ipometrics.errors import IpoDataError

__all__ = [
    "CLAWBACK_RULES",
    "DEFAULT_RULE",
    "ONLINE_INITIAL_FRACTION",
    "SUBSCRIPTION_UNIT",
    "RateInterval",
    "StarCheck",
    "StarClawbackRule",
    "StarClawbackStep",
    "Status",
    "clawback",
    "clawback_check",
    "lottery_rate",
    "lottery_rate_interval",
    "online_initial",
]

#: Online subscription unit [shares]: applications are made, and each winning lottery number
#: is allotted, in units of 500 shares. Source: moore_threads/S8 (经济观察报, Economic
#: Observer, 2025-12-05, https://news.china.com/socialgd/10000169/20251206/49050966.html),
#: recorded as ``terms.subscription_unit`` of the Moore Threads record; rules.md section 6,
#: "Lots and limits". It is also the rounding unit of the clawback (metax/S7).
SUBSCRIPTION_UNIT: int = 500

#: The online tranche before the clawback, as a fraction of the shares left after the
#: *planned* strategic placement [fraction]. Observed, not read in a rule text: Moore Threads
#: 11,200,000 of 56,000,000 (moore_threads/S5) and MetaX 6,416,000 = 20% of
#: 40,100,000 - 8,020,000 (metax/S1).
ONLINE_INITIAL_FRACTION: Decimal = Decimal("0.20")

Status = Literal["confirmed (rule text)", "confirmed (secondary)", "observed", "uncertain"]

#: Quotients of exact figures are rounded once to 34 significant digits (decimal128).
_CTX = DECIMAL_CONTEXT  # the library's one context (ipometrics._values)


@dataclass(frozen=True)
class StarClawbackStep:
    """One rung of the STAR offline-to-online clawback ladder.

    Attributes
    ----------
    above_multiple : Decimal
        The step applies when the online valid subscription multiple is strictly **greater**
        than this [times] ("超过100倍"): the multiple is online valid shares applied / online
        shares before the clawback.
    fraction : Decimal
        Shares moved from offline to online, as a fraction of the shares left after the
        strategic placement [fraction].
    status : str
        ``"confirmed (rule text)"``, ``"confirmed (secondary)"``, ``"observed"`` or
        ``"uncertain"``.
    note : str
        What the step rests on, or why it is uncertain.
    """

    above_multiple: Decimal
    fraction: Decimal
    status: Status
    note: str = ""


@dataclass(frozen=True)
class StarClawbackRule:
    """The STAR clawback as a dated table: its steps, rounding, period and sources.

    Attributes
    ----------
    name : str
        Key in :data:`CLAWBACK_RULES`.
    title : str
        Human-readable name.
    effective_from, effective_to : date or None
        Period of the rule [date]. ``None`` here means **not known from the sources**, not
        "open-ended": see ``effective_note``.
    effective_note : str
        What the sources do say about the period.
    observed_on : tuple of (str, date)
        Issues whose published figures reproduce the rule, with their subscription (T) day.
    steps : tuple of StarClawbackStep
        Ascending by ``above_multiple``.
    rounding_unit : int
        Shares moved are rounded **up** to a multiple of this [shares].
    references : tuple of str
        Where the rule is stated.
    """

    name: str
    title: str
    effective_from: date | None
    effective_to: date | None
    effective_note: str
    observed_on: tuple[tuple[str, date], ...]
    steps: tuple[StarClawbackStep, ...]
    rounding_unit: int
    references: tuple[str, ...]

    def __post_init__(self) -> None:
        bounds = [s.above_multiple for s in self.steps]
        if bounds != sorted(bounds) or len(set(bounds)) != len(bounds):
            raise ValueError(
                f"{self.name}: steps must ascend by above_multiple, got {[str(b) for b in bounds]}"
            )
        fractions = [s.fraction for s in self.steps]
        if fractions != sorted(fractions) or any(not 0 <= f <= 1 for f in fractions):
            raise ValueError(
                f"{self.name}: fractions must lie in [0, 1] and not fall as demand rises, got "
                f"{[str(f) for f in fractions]}"
            )
        if isinstance(self.rounding_unit, bool) or self.rounding_unit < 1:
            raise ValueError(f"{self.name}: rounding_unit must be >= 1, got {self.rounding_unit!r}")

    def step_for(self, online_multiple: float | Decimal | int) -> StarClawbackStep | None:
        """The highest step whose threshold the multiple exceeds; ``None`` below all of them.

        Examples
        --------
        >>> rule = CLAWBACK_RULES["sse_2025"]
        >>> rule.step_for(4126.49).fraction, rule.step_for(100).fraction, rule.step_for(50)
        (Decimal('0.10'), Decimal('0.05'), None)
        """
        multiple = _multiple(online_multiple)
        reached = [s for s in self.steps if multiple > s.above_multiple]
        return reached[-1] if reached else None

    def with_step(
        self,
        index: int,
        *,
        above_multiple: Decimal | int | None = None,
        fraction: Decimal | None = None,
    ) -> StarClawbackRule:
        """A copy with one step's threshold or fraction replaced (marked ``"uncertain"``).

        Examples
        --------
        >>> from decimal import Decimal
        >>> rule = CLAWBACK_RULES["sse_2025"].with_step(0, fraction=Decimal("0.04"))
        >>> rule.steps[0].fraction, rule.steps[0].status
        (Decimal('0.04'), 'uncertain')
        """
        self._index(index)
        old = self.steps[index]
        new = dataclasses.replace(
            old,
            above_multiple=old.above_multiple
            if above_multiple is None
            else Decimal(above_multiple),
            fraction=old.fraction if fraction is None else Decimal(fraction),
            status="uncertain",
            note=f"overridden by the caller (was > {old.above_multiple}x -> {old.fraction})",
        )
        steps = (*self.steps[:index], new, *self.steps[index + 1 :])
        return dataclasses.replace(self, name=f"{self.name} (modified)", steps=steps)

    def without_step(self, index: int) -> StarClawbackRule:
        """A copy without one step, e.g. the uncertain 5% step.

        Examples
        --------
        >>> strict = CLAWBACK_RULES["sse_2025"].without_step(0)
        >>> clawback(56_000_000, 80, rule=strict)
        0
        """
        self._index(index)
        steps = (*self.steps[:index], *self.steps[index + 1 :])
        return dataclasses.replace(self, name=f"{self.name} (modified)", steps=steps)

    def _index(self, index: int) -> None:
        if not 0 <= index < len(self.steps):
            raise IndexError(f"{self.name} has {len(self.steps)} steps, got index {index}")


_D = Decimal

#: STAR clawback rules by name. One rule is known: the offline-to-online clawback of the
#: SSE issuance rules cited by the 2025 STAR issues.
CLAWBACK_RULES: dict[str, StarClawbackRule] = {
    "sse_2025": StarClawbackRule(
        name="sse_2025",
        title="SSE STAR offline-to-online clawback (rules cited in 2025 issues)",
        effective_from=None,
        effective_to=None,
        effective_note=(
            "The 2025 STAR issues cite 上证发〔2025〕46号 (issuance and underwriting), "
            "上证发〔2025〕43号 (online issuance) and 上证发〔2024〕112号 (offline issuance) "
            "(metax/S5). The rule texts and their effective dates are not in the sources, so "
            "neither end of the period is known. The same 10% wording appears in an older STAR "
            "issue (rules.md R22), so the >100x step predates the 2025 rules. It is observed in "
            "force for subscriptions on 2025-11-24 and 2025-12-05."
        ),
        observed_on=(("moore_threads", date(2025, 11, 24)), ("metax", date(2025, 12, 5))),
        steps=(
            StarClawbackStep(
                _D(50),
                _D("0.05"),
                "uncertain",
                "stated only by a secondary Q&A (rules.md R23: more than 50x up to 100x); not "
                "in the issuers' announcements. Drop it with without_step(0).",
            ),
            StarClawbackStep(
                _D(100),
                _D("0.10"),
                "confirmed (secondary)",
                "rules.md R20 (Moore Threads, 4,126.49x: 5,600,000 moved) and R21 (MetaX, "
                "4,498.38x: 3,249,500 moved); both reproduce exactly (observed)",
            ),
        ),
        rounding_unit=SUBSCRIPTION_UNIT,
        references=(
            "rules.md R19: MetaX 发行安排及初步询价公告 (metax/S5), "
            "http://www.cfi.cn/newspage.aspx?id=20251126002628",
            "rules.md R20: 中新经纬 on Moore Threads' 中签率公告 (moore_threads/S5), "
            "https://www.caiding5.cn/gupiao/37263460.html",
            "rules.md R21: TTM on MetaX's 中签率公告 (metax/S7), "
            "https://ttm.financial/m/news/1153876390",
            "rules.md R23 (5% step, uncertain): "
            "https://licai.jiantou8.com/ask/vipqa_5151491_35731104.html",
        ),
    ),
}

#: The rule :func:`clawback` and :func:`clawback_check` apply unless told otherwise.
DEFAULT_RULE = "sse_2025"


def _rule(rule: str | StarClawbackRule) -> StarClawbackRule:
    if isinstance(rule, StarClawbackRule):
        return rule
    if rule not in CLAWBACK_RULES:
        raise ValueError(f"rule must be one of {', '.join(CLAWBACK_RULES)}, got {rule!r}")
    return CLAWBACK_RULES[rule]


def _multiple(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"online_multiple must be a number, got {value!r}")
    multiple = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not multiple.is_finite() or multiple < 0:
        raise ValueError(f"online_multiple must be a finite number >= 0, got {value!r}")
    return multiple


def _positive_scalar(name: str, value: object) -> None:
    """Refuse a scalar <= 0 (NaN passes through to give NaN, as in metrics)."""
    if isinstance(value, bool) or not isinstance(
        value, int | float | Decimal | np.integer | np.floating
    ):
        return
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if number.is_finite() and number <= 0:
        raise ValueError(f"{name} must be > 0, got {value!r}")


def clawback(
    shares_after_strategic: int,
    online_multiple: float | Decimal | int,
    *,
    rule: str | StarClawbackRule = DEFAULT_RULE,
) -> int:
    """Shares the clawback moves from the offline to the online tranche.

    Parameters
    ----------
    shares_after_strategic : int
        The offer less the *final* strategic placement, i.e. the offline and online tranches
        before the clawback, any strategic shortfall included [shares].
    online_multiple : float, Decimal or int
        Online valid shares applied / online shares before the clawback [times], as the
        lottery-rate announcement prints it.
    rule : str or StarClawbackRule
        Default ``"sse_2025"``; a modified rule from :meth:`StarClawbackRule.with_step`.

    Returns
    -------
    int
        Shares moved [shares]: the fraction of the highest step the multiple exceeds, times
        ``shares_after_strategic``, rounded **up** to a multiple of 500. 0 at or below 50x
        (at or below 100x without the uncertain 5% step).

    Raises
    ------
    ValueError
        A negative multiple or share count, or an unknown rule name.

    Notes
    -----
    ``moved = ceil(f(multiple) * shares_after_strategic / 500) * 500``.

    References
    ----------
    ``shared/data/rules.md`` section 6; moore_threads/S5 and metax/S7.

    Examples
    --------
    MetaX (4,498.38x): 10% of 32,494,581 = 3,249,458.1, rounded up to 3,249,500 (metax/S7).

    >>> clawback(32_494_581, 4498.38)
    3249500
    """
    spec = _rule(rule)
    base = whole_number("shares_after_strategic", shares_after_strategic, 0)
    step = spec.step_for(online_multiple)
    if step is None:
        return 0
    return ceil_to_multiple(Fraction(step.fraction) * base, spec.rounding_unit)


def online_initial(
    shares_after_strategic_planned: int,
    *,
    fraction: Decimal = ONLINE_INITIAL_FRACTION,
    rounding: Literal["exact", "up", "down"] = "exact",
) -> int:
    """The online tranche before the clawback: 20% of the shares after the planned placement.

    Parameters
    ----------
    shares_after_strategic_planned : int
        The offer less the *planned* (initial) strategic placement [shares]. MetaX sized its
        online tranche on the planned 8,020,000 strategic shares, not the 7,605,419 placed.
    fraction : Decimal
        Online share [fraction]; default 0.20 (Observed on both deals, not read in a rule).
    rounding : {"exact", "up", "down"}
        The deals seen give whole 500-share units, so no rounding rule is observed.
        ``"exact"`` (default) raises when the share is not a whole number of 500-share
        units; ``"up"`` / ``"down"`` round to 500 when asked by name.

    Returns
    -------
    int
        Online shares before the clawback [shares]. The offline tranche takes the rest.

    Raises
    ------
    IpoDataError
        ``rounding="exact"`` and the share is not a multiple of 500.

    Notes
    -----
    ``online = fraction x shares_after_strategic_planned``.

    References
    ----------
    ``shared/data/rules.md`` section 6, "Initial split" (Observed): moore_threads/S5,
    metax/S1.

    Examples
    --------
    MetaX: 20% of (40,100,000 - 8,020,000) = 6,416,000 (metax/S1).

    >>> online_initial(40_100_000 - 8_020_000)
    6416000
    """
    base = whole_number("shares_after_strategic_planned", shares_after_strategic_planned, 0)
    share = Decimal(fraction)
    if not share.is_finite() or not 0 <= share <= 1:
        raise ValueError(f"fraction must be in [0, 1], got {fraction!r}")
    target = Fraction(share) * base
    unit = SUBSCRIPTION_UNIT
    if rounding == "up":
        return ceil_to_multiple(target, unit)
    if rounding == "down":
        return target.numerator // (target.denominator * unit) * unit
    if rounding != "exact":
        raise ValueError(f"rounding must be 'exact', 'up' or 'down', got {rounding!r}")
    if target.denominator != 1 or target.numerator % unit:
        raise IpoDataError(
            f"online_initial: {share} x {base:,} = {float(target):,.1f} shares is not a whole "
            f"number of {unit}-share units, and no rounding rule is observed; pass "
            "rounding='up' or rounding='down' to choose one"
        )
    return int(target)


def lottery_rate(online_shares: Numeric | int, online_shares_applied: Numeric) -> Numeric:
    """Online lottery (winning) rate: online shares over online valid shares applied.

    Parameters
    ----------
    online_shares : scalar, ndarray or Series
        Online tranche [shares]: before the clawback for the "initial" rate, after it for
        the "final" rate. Must be > 0.
    online_shares_applied : scalar, ndarray or Series
        Online valid shares applied for [shares]. Must be > 0.

    Returns
    -------
    scalar, ndarray or Series
        Lottery rate [fraction], of the input kind; the announcements print it in percent
        (0.0003635054 is "0.03635054%"). Invalid elements (applied = 0) are NaN. A value
        above 1 means the tranche was under-subscribed.

    Notes
    -----
    ``rate = online_shares / online_shares_applied = 1 / subscription_multiple``: the
    reciprocal of :func:`ipometrics.metrics.subscription_multiple`, which this calls.

    References
    ----------
    ``shared/data/rules.md`` section 6, "Lottery rate"; Moore Threads 网上发行申购情况及中签率
    公告 (moore_threads/S5): 16,800,000 / 46,216,647,000, printed 0.03635054%.

    Examples
    --------
    >>> round(lottery_rate(16_800_000, 46_216_647_000) * 100, 8)  # percent, as printed
    0.03635054
    """
    for name, value in (
        ("online_shares", online_shares),
        ("online_shares_applied", online_shares_applied),
    ):
        _positive_scalar(name, value)
    try:
        multiple: Any = metrics.subscription_multiple(online_shares_applied, online_shares)
    except (TypeError, ValueError) as err:
        message = re.sub(r"\bshares_applied\b", "online_shares_applied", str(err))
        message = re.sub(r"\bshares_offered\b", "online_shares", message)
        raise type(err)(message) from err
    result: Any
    if isinstance(multiple, Decimal):
        result = _CTX.divide(Decimal(1), multiple)
    elif isinstance(multiple, pd.Series):
        result = (1.0 / multiple).where(multiple > 0)
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            result = np.where(multiple > 0, 1.0 / multiple, np.nan)
        if not isinstance(multiple, np.ndarray):
            result = float(result)
    return cast(Numeric, result)


@dataclass(frozen=True)
class RateInterval:
    """A closed interval of rates [fraction], for figures only known within a tolerance.

    Attributes
    ----------
    low, high : Decimal
        Bounds [fraction], ``low <= high``.
    """

    low: Decimal
    high: Decimal

    def __contains__(self, value: object) -> bool:
        if isinstance(value, bool) or not isinstance(value, Decimal | int | float):
            return False
        v = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        return self.low <= v <= self.high

    def as_percent(self) -> tuple[Decimal, Decimal]:
        """The bounds in percent units, as announcements print rates.

        Examples
        --------
        >>> RateInterval(Decimal("0.0002"), Decimal("0.0003")).as_percent()
        (Decimal('0.0200'), Decimal('0.0300'))
        """
        return self.low * 100, self.high * 100


def lottery_rate_interval(
    online_shares: int,
    online_shares_applied: int | Decimal,
    applied_abs_tol: int | Decimal,
) -> RateInterval:
    """The lottery rates a rounded demand figure allows.

    Parameters
    ----------
    online_shares : int
        Online tranche, before or after the clawback [shares].
    online_shares_applied : int or Decimal
        Online valid shares applied, as published (rounded) [shares].
    applied_abs_tol : int or Decimal
        Half a unit of the last printed digit of that figure [shares]: "288.62亿股" (28.862
        billion) is +/- 500,000 shares.

    Returns
    -------
    RateInterval
        ``[online_shares / (applied + tol), online_shares / (applied - tol)]`` [fraction],
        exact to 34 significant digits (rounded outward, so the interval never shrinks).

    Raises
    ------
    ValueError
        A negative tolerance, or one that reaches zero demand.

    Notes
    -----
    The rate falls as demand rises, so the upper demand bound gives the lower rate.

    References
    ----------
    ``shared/data/rules.md`` section 6: MetaX publishes 28.862 billion shares applied and
    rates 0.02223023% / 0.03348913% (metax/S7).

    Examples
    --------
    >>> interval = lottery_rate_interval(9_665_500, 28_862_000_000, 500_000)
    >>> Decimal("0.0003348913") in interval  # MetaX final rate, metax/S7
    True
    """
    shares = whole_number("online_shares", online_shares, 1)
    applied = Decimal(online_shares_applied)
    tol = Decimal(applied_abs_tol)
    if not tol.is_finite() or tol < 0:
        raise ValueError(f"applied_abs_tol must be >= 0, got {applied_abs_tol!r}")
    if not applied.is_finite() or applied - tol <= 0:
        raise ValueError(
            f"online_shares_applied - applied_abs_tol must be > 0, got "
            f"{online_shares_applied!r} - {applied_abs_tol!r}"
        )
    low = Context(prec=34, rounding=ROUND_FLOOR).divide(Decimal(shares), applied + tol)
    high = Context(prec=34, rounding=ROUND_CEILING).divide(Decimal(shares), applied - tol)
    return RateInterval(low, high)


@dataclass(frozen=True)
class StarCheck:
    """Post-clawback STAR tranches a rule implies, beside the published ones.

    Attributes
    ----------
    rule : str
        Name of the rule applied.
    online_initial, offline_initial : int
        Tranches before the clawback [shares]; their sum is the base of the clawback.
    online_multiple : Decimal
        Online valid subscription multiple used [times].
    step : StarClawbackStep or None
        The step applied (``None``: no clawback). ``step.status`` says how sure the rule is.
    clawback : int
        Shares the rule moves offline -> online [shares].
    online_final, offline_final : int
        Rule-implied tranches after the clawback [shares].
    published_online_final, published_offline_final : int
        Tranches as announced [shares].
    published_clawback : int or None
        Shares moved as announced, when printed [shares].
    """

    rule: str
    online_initial: int
    offline_initial: int
    online_multiple: Decimal
    step: StarClawbackStep | None
    clawback: int
    online_final: int
    offline_final: int
    published_online_final: int
    published_offline_final: int
    published_clawback: int | None = None

    @property
    def shares_after_strategic(self) -> int:
        """Online plus offline before the clawback [shares]."""
        return self.online_initial + self.offline_initial

    @property
    def online_difference(self) -> int:
        """``published_online_final - online_final`` [shares]."""
        return self.published_online_final - self.online_final

    @property
    def offline_difference(self) -> int:
        """``published_offline_final - offline_final`` [shares]."""
        return self.published_offline_final - self.offline_final

    @property
    def matches(self) -> bool:
        """Whether both tranches (and the clawback, when printed) agree with the rule."""
        same_moved = self.published_clawback is None or self.published_clawback == self.clawback
        return same_moved and self.online_difference == 0 and self.offline_difference == 0

    @property
    def uncertain(self) -> bool:
        """Whether the result rests on a step marked ``"uncertain"``."""
        return self.step is not None and self.step.status == "uncertain"


def clawback_check(
    *,
    online_initial: int,
    offline_initial: int,
    online_multiple: float | Decimal | int,
    published_online_final: int,
    published_offline_final: int,
    published_clawback: int | None = None,
    rule: str | StarClawbackRule = DEFAULT_RULE,
) -> StarCheck:
    """Rule-implied online and offline tranches after the clawback, beside the published ones.

    Parameters
    ----------
    online_initial, offline_initial : int
        Tranches before the clawback, any strategic shortfall already in the offline one
        [shares].
    online_multiple : float, Decimal or int
        Online valid shares applied / ``online_initial`` [times].
    published_online_final, published_offline_final : int
        Tranches after the clawback, as announced [shares].
    published_clawback : int, optional
        Shares moved, as announced [shares].
    rule : str or StarClawbackRule
        Default ``"sse_2025"``.

    Returns
    -------
    StarCheck
        ``matches`` is False on any difference, which is reported, never overwritten.

    Notes
    -----
    ``online_final = online_initial + moved``; ``offline_final = offline_initial - moved``,
    with ``moved = clawback(online_initial + offline_initial, online_multiple)``.

    References
    ----------
    ``shared/data/rules.md`` section 6; moore_threads/S5, metax/S1 and metax/S7.

    Examples
    --------
    Moore Threads (moore_threads/S5): 11,200,000 online and 44,800,000 offline, 4,126.49x.

    >>> check = clawback_check(online_initial=11_200_000, offline_initial=44_800_000,
    ...                        online_multiple=Decimal("4126.49"),
    ...                        published_online_final=16_800_000,
    ...                        published_offline_final=39_200_000)
    >>> check.clawback, check.online_final, check.offline_final, check.matches
    (5600000, 16800000, 39200000, True)
    """
    spec = _rule(rule)
    online = whole_number("online_initial", online_initial, 0)
    offline = whole_number("offline_initial", offline_initial, 0)
    multiple = _multiple(online_multiple)
    pub_online = whole_number("published_online_final", published_online_final, 0)
    pub_offline = whole_number("published_offline_final", published_offline_final, 0)
    pub_moved = (
        None
        if published_clawback is None
        else whole_number("published_clawback", published_clawback, 0)
    )
    moved = clawback(online + offline, multiple, rule=spec)
    if moved > offline:
        raise IpoDataError(
            f"the clawback of {moved:,} shares exceeds offline_initial {offline:,}; "
            "expected an offline tranche at least as large as the shares moved"
        )
    return StarCheck(
        rule=spec.name,
        online_initial=online,
        offline_initial=offline,
        online_multiple=multiple,
        step=spec.step_for(multiple),
        clawback=moved,
        online_final=online + moved,
        offline_final=offline - moved,
        published_online_final=pub_online,
        published_offline_final=pub_offline,
        published_clawback=pub_moved,
    )
