"""Hong Kong public-tranche clawback (reallocation) as data.

Each regime is a :class:`ClawbackRegime`: a table of steps (a demand multiple and the share of
the offer the public tranche must then reach), the period it applies to, and how sure we are
of each number. :func:`clawback` applies a regime; nothing here is an if-chain per regime.

The regimes (``shared/data/rules.md`` section 1; status as recorded there):

============  ==========================  ================================================
name          applies to                  public tranche after clawback
============  ==========================  ================================================
pn18_legacy   listing documents up to     10% initially; 30% of the offer at >= 15x,
              2025-08-03 (Practice Note   40% at >= 50x, 50% at >= 100x. Confirmed (rule
              18)                         text).
chapter_18c   Chapter 18C specialist      5% initially; 10% at >= 10x, 20% at >= 50x.
              technology issuers, from    Confirmed (secondary, EY Law 2023); the demand
              2023-03-31                  basis of "10 times" is inferred.
mechanism_a   listing documents from      5% initially; 15% at >= 10x (**uncertain**: one
              2025-08-04                  source says 10x, other summaries 15x), 25% at
                                          >= 50x, 35% at >= 100x (cap).
mechanism_b   listing documents from      fixed at launch (10% to 60%), no clawback.
              2025-08-04
============  ==========================  ================================================

Percentages are of the shares *initially* offered (before any offer-size adjustment), and the
required tranche is rounded **up** to a whole board lot: the eight initial and final public
tranches of Zhipu, MiniMax, Iluvatar CoreX and Biren all fit that rule, three of them only
that one (rules.md section 2).

To use another threshold where a value is uncertain, build a regime with
:meth:`ClawbackRegime.with_step` (or ``dataclasses.replace``) and pass it as ``regime``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from ipometrics._values import ceil_to_multiple, whole_number

__all__ = [
    "REGIMES",
    "ClawbackRegime",
    "ClawbackStep",
    "RegimeName",
    "clawback",
    "regime_for",
]

RegimeName = Literal["pn18_legacy", "chapter_18c", "mechanism_a", "mechanism_b"]
Status = Literal["confirmed (rule text)", "confirmed (secondary)", "observed", "uncertain"]


@dataclass(frozen=True)
class ClawbackStep:
    """One rung of a clawback ladder.

    Attributes
    ----------
    min_multiple : Decimal
        The public-offer subscription multiple at or above which the step applies [times]
        (demand / shares initially offered to the public).
    public_fraction : Decimal
        The public tranche the step requires, as a fraction of the shares initially offered
        [fraction].
    status : str
        How the numbers are known: ``"confirmed (rule text)"``, ``"confirmed (secondary)"``,
        ``"observed"`` or ``"uncertain"``.
    note : str
        Why a value is uncertain, or what it rests on.
    """

    min_multiple: Decimal
    public_fraction: Decimal
    status: Status
    note: str = ""


@dataclass(frozen=True)
class ClawbackRegime:
    """A clawback regime: its ladder, its period and its sources.

    Attributes
    ----------
    name : str
        Key in :data:`REGIMES`.
    title : str
        Human-readable name.
    effective_from, effective_to : date or None
        Listing documents dated in ``[effective_from, effective_to]`` use the regime
        (``None``: open-ended) [date].
    initial_fraction_min, initial_fraction_max : Decimal
        Bounds on the initial public tranche [fraction of the offer].
    steps : tuple of ClawbackStep
        Ascending by ``min_multiple``; empty for a regime without clawback.
    references : tuple of str
        Where the rule is stated (rules.md reference ids and URLs).
    """

    name: str
    title: str
    effective_from: date | None
    effective_to: date | None
    initial_fraction_min: Decimal
    initial_fraction_max: Decimal
    steps: tuple[ClawbackStep, ...]
    references: tuple[str, ...]

    def __post_init__(self) -> None:
        multiples = [s.min_multiple for s in self.steps]
        if multiples != sorted(multiples) or len(set(multiples)) != len(multiples):
            raise ValueError(
                f"{self.name}: steps must ascend by min_multiple, got {[str(m) for m in multiples]}"
            )
        fractions = [s.public_fraction for s in self.steps]
        if fractions != sorted(fractions):
            raise ValueError(
                f"{self.name}: public_fraction must not fall as demand rises, got "
                f"{[str(f) for f in fractions]}"
            )

    def with_step(
        self, index: int, *, min_multiple: Decimal | None = None, fraction: Decimal | None = None
    ) -> ClawbackRegime:
        """A copy with one step's trigger or target replaced (e.g. an uncertain threshold).

        Examples
        --------
        >>> from decimal import Decimal
        >>> a15 = REGIMES["mechanism_a"].with_step(0, min_multiple=Decimal(15))
        >>> str(a15.steps[0].min_multiple)
        '15'
        """
        if not 0 <= index < len(self.steps):
            raise IndexError(f"{self.name} has {len(self.steps)} steps, got index {index}")
        old = self.steps[index]
        new = dataclasses.replace(
            old,
            min_multiple=old.min_multiple if min_multiple is None else Decimal(min_multiple),
            public_fraction=old.public_fraction if fraction is None else Decimal(fraction),
            status="uncertain",
            note=f"overridden by the caller (was {old.min_multiple}x -> {old.public_fraction})",
        )
        steps = (*self.steps[:index], new, *self.steps[index + 1 :])
        return dataclasses.replace(self, name=f"{self.name} (modified)", steps=steps)

    def applies_on(self, listing_document: date) -> bool:
        """Whether a listing document of that date falls in the regime's period."""
        after = self.effective_from is None or listing_document >= self.effective_from
        before = self.effective_to is None or listing_document <= self.effective_to
        return after and before


_D = Decimal

REGIMES: dict[str, ClawbackRegime] = {
    "pn18_legacy": ClawbackRegime(
        name="pn18_legacy",
        title="Practice Note 18 (legacy)",
        effective_from=None,
        effective_to=date(2025, 8, 3),
        initial_fraction_min=_D("0.10"),
        initial_fraction_max=_D(1),
        steps=(
            ClawbackStep(_D(15), _D("0.30"), "confirmed (rule text)"),
            ClawbackStep(_D(50), _D("0.40"), "confirmed (rule text)"),
            ClawbackStep(_D(100), _D("0.50"), "confirmed (rule text)"),
        ),
        references=(
            "rules.md R1: HKEX Rulebook, GEM Practice Note 6, https://en-rules.hkex.com.hk/node/5098",
            "rules.md R2: Main Board Practice Note 18 transcript, "
            "http://studyres.com/doc/18978643/initial-public-offer-of-securities",
        ),
    ),
    "chapter_18c": ClawbackRegime(
        name="chapter_18c",
        title="Chapter 18C specialist technology",
        effective_from=date(2023, 3, 31),
        effective_to=None,
        initial_fraction_min=_D("0.05"),
        initial_fraction_max=_D(1),
        steps=(
            ClawbackStep(
                _D(10),
                _D("0.10"),
                "confirmed (secondary)",
                "demand basis of '10 times' (demand / initial public shares) is inferred",
            ),
            ClawbackStep(_D(50), _D("0.20"), "confirmed (secondary)"),
        ),
        references=(
            "rules.md R18C: Ernst & Young Law, 'Specialist technology companies', Feb 2023, "
            "https://www.eylaw.com.hk/en_hk/publications/our-latest-thinking/2023/feb/tech",
        ),
    ),
    "mechanism_a": ClawbackRegime(
        name="mechanism_a",
        title="Mechanism A (August 2025)",
        effective_from=date(2025, 8, 4),
        effective_to=None,
        initial_fraction_min=_D("0.05"),
        initial_fraction_max=_D("0.05"),
        steps=(
            ClawbackStep(
                _D(10),
                _D("0.15"),
                "uncertain",
                "trigger is 10x in rules.md R7 (etnet, 2025-10-10), 15x in other secondary "
                "summaries; R7 is the one cited source. Override with with_step(0, "
                "min_multiple=Decimal(15)).",
            ),
            ClawbackStep(
                _D(50),
                _D("0.25"),
                "confirmed (secondary)",
                "whether 50x itself triggers the step is uncertain; taken as inclusive",
            ),
            ClawbackStep(
                _D(100),
                _D("0.35"),
                "confirmed (secondary)",
                "cap 35%; 'more than' vs 'at least' 100x is uncertain; taken as inclusive",
            ),
        ),
        references=(
            "rules.md R6: HKEX release on the price-discovery conclusions, 2025-08-01, "
            "http://113.28.163.59/en/mobile/news.aspx?newsid=NOW.1457935&newssource=AAFN",
            "rules.md R7: etnet, 2025-10-10, https://www.etnet.com.hk/www/tc/news/"
            "topic_news_detail.php?category=financenews&newsid=163877",
        ),
    ),
    "mechanism_b": ClawbackRegime(
        name="mechanism_b",
        title="Mechanism B (August 2025)",
        effective_from=date(2025, 8, 4),
        effective_to=None,
        initial_fraction_min=_D("0.10"),
        initial_fraction_max=_D("0.60"),
        steps=(),
        references=(
            "rules.md R6 (HKEX release, 2025-08-01) and R8 (Sing Tao, "
            "https://www.stheadline.com/stock-market/3523896/): fixed tranche, no clawback",
        ),
    ),
}
"""The regimes by name (``pn18_legacy``, ``chapter_18c``, ``mechanism_a``, ``mechanism_b``)."""


def _as_regime(regime: str | ClawbackRegime) -> ClawbackRegime:
    if isinstance(regime, ClawbackRegime):
        return regime
    if regime not in REGIMES:
        raise ValueError(f"regime must be one of {', '.join(REGIMES)}, got {regime!r}")
    return REGIMES[regime]


def clawback(
    offer_shares: int,
    initial_public_shares: int,
    subscription_multiple: float | Decimal | int,
    *,
    regime: RegimeName | ClawbackRegime,
    board_lot: int,
) -> int:
    """The public tranche a clawback regime requires, in whole board lots.

    Parameters
    ----------
    offer_shares : int
        Shares initially offered in the global offering, before any offer-size adjustment and
        over-allotment [shares].
    initial_public_shares : int
        The public tranche at launch [shares].
    subscription_multiple : float, Decimal or int
        Public-offer demand / ``initial_public_shares`` [times], as the allotment
        announcement prints it.
    regime : {"pn18_legacy", "chapter_18c", "mechanism_a", "mechanism_b"} or ClawbackRegime
        The regime the prospectus chose, by name, or a modified :class:`ClawbackRegime`.
    board_lot : int
        Board lot [shares].

    Returns
    -------
    int
        Public tranche after clawback [shares]: the highest step reached, times
        ``offer_shares``, rounded up to a board lot, and never below the initial tranche.
        Below the first step (and always under Mechanism B), ``initial_public_shares``.

    Raises
    ------
    ValueError
        An unknown regime (the message lists the valid names), a negative multiple, or an
        initial tranche larger than the offer or not in whole lots.

    Notes
    -----
    ``public = max(initial, ceil(f(multiple) * offer_shares / lot) * lot)`` where ``f`` is the
    fraction of the highest step with ``min_multiple <= multiple``.

    References
    ----------
    ``shared/data/rules.md`` sections 1 and 2; the allotment announcements of Zhipu
    (2026-01-07), MiniMax (2026-01-08), Biren (2025-12-31) and Iluvatar CoreX (2026-01-07).

    Examples
    --------
    Zhipu (Chapter 18C, 1,159.46x): 1,871,000 initial public shares become 7,483,900.

    >>> clawback(37_419_500, 1_871_000, 1159.46, regime="chapter_18c", board_lot=100)
    7483900
    """
    spec = _as_regime(regime)
    offer = whole_number("offer_shares", offer_shares, 1)
    initial = whole_number("initial_public_shares", initial_public_shares, 0)
    lot = whole_number("board_lot", board_lot, 1)
    if isinstance(subscription_multiple, bool) or not isinstance(
        subscription_multiple, int | float | Decimal
    ):
        raise TypeError(f"subscription_multiple must be a number, got {subscription_multiple!r}")
    multiple = Decimal(str(subscription_multiple))
    if not multiple.is_finite() or multiple < 0:
        raise ValueError(f"subscription_multiple must be >= 0, got {subscription_multiple!r}")
    if initial > offer:
        raise ValueError(
            f"initial_public_shares {initial:,} exceeds offer_shares {offer:,}; expected <= offer"
        )
    if initial % lot:
        raise ValueError(
            f"initial_public_shares {initial:,} is not a whole number of board lots of {lot}"
        )
    reached = [s for s in spec.steps if multiple >= s.min_multiple]
    if not reached:
        return initial
    target = Fraction(reached[-1].public_fraction) * offer
    return max(initial, min(ceil_to_multiple(target, lot), offer - offer % lot))


_REGIME_PREFIXES: tuple[tuple[str, RegimeName], ...] = (
    ("chapter 18c", "chapter_18c"),
    ("mechanism a", "mechanism_a"),
    ("mechanism b", "mechanism_b"),
    ("practice note 18", "pn18_legacy"),
)


def regime_for(allocation_regime: str | None) -> RegimeName | None:
    """The regime name for an offering's ``identity.allocation_regime`` wording.

    Parameters
    ----------
    allocation_regime : str or None
        E.g. ``"Chapter 18C reallocation"`` or ``"Mechanism B (August 2025 regime): ..."``.

    Returns
    -------
    str or None
        A key of :data:`REGIMES`, or ``None`` when the wording names none of them (or is
        unknown): the regime is then unknown, not guessed.

    Examples
    --------
    >>> regime_for("Chapter 18C reallocation")
    'chapter_18c'
    >>> regime_for("STAR: strategic placement, offline placement, online issue") is None
    True
    """
    if allocation_regime is None:
        return None
    text = allocation_regime.strip().lower()
    for prefix, name in _REGIME_PREFIXES:
        if text.startswith(prefix):
            return name
    return None
