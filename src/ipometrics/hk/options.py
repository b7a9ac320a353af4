"""Offer-size adjustment and over-allotment options: share counts, proceeds, reconciliation.

Two options can enlarge a Hong Kong offer (``shared/data/rules.md`` section 4):

* the **offer size adjustment option** (upsize), exercised at pricing at the offer price; its
  shares are part of the offer that allotment announcements report (MiniMax 3,808,380 and
  Biren 37,153,800 shares, both in full, both to the international tranche);
* the **over-allotment option** (greenshoe), sized on the enlarged offer, which covers shares
  over-allocated in the international offering and is exercised (or lapses) after listing.

Announced gross proceeds include upsize shares and exclude over-allotment shares: MiniMax's
HK$4,817.6 million is 29,197,600 shares at HK$165.00, Biren's HK$5,583.0 million is
284,846,600 shares at HK$19.60.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ipometrics import metrics
from ipometrics._values import whole_number

__all__ = ["OfferScenario", "TrancheReconciliation", "offer_scenarios", "reconcile_tranche"]


@dataclass(frozen=True)
class OfferScenario:
    """Offer size and gross proceeds under one assumption about the options.

    Attributes
    ----------
    name : str
        ``"base offer"``, ``"with offer size adjustment"`` or
        ``"with over-allotment (<how>)"``.
    shares : int
        Shares sold [shares].
    gross_proceeds : Decimal
        ``price x shares`` [currency].
    basis : str
        What the row assumes.
    """

    name: str
    shares: int
    gross_proceeds: Decimal
    basis: str


def offer_scenarios(
    price: Decimal,
    base_shares: int,
    *,
    offer_size_adjustment_shares: int = 0,
    over_allotment_shares: int | None = None,
    over_allotment_label: str = "full",
) -> list[OfferScenario]:
    """Offer size and gross proceeds: base, after the upsize, after the over-allotment.

    Parameters
    ----------
    price : Decimal
        Final offer price [currency/share].
    base_shares : int
        Shares initially offered, before either option [shares].
    offer_size_adjustment_shares : int, default 0
        Shares issued under the offer size adjustment option [shares].
    over_allotment_shares : int or None
        Shares issued under the over-allotment option in the scenario wanted [shares]; None
        leaves the over-allotment row out (e.g. its size is unknown).
    over_allotment_label : str, default "full"
        How the over-allotment row is described (``"full"``, ``"partial"``, ...).

    Returns
    -------
    list of OfferScenario
        The base offer, then (when the option exists) the offer after the upsize, then (when
        given) the offer after the over-allotment on top of it.

    Notes
    -----
    ``gross = price x (base + upsize + over_allotment)``, each by
    :func:`ipometrics.metrics.gross_proceeds`.

    Examples
    --------
    MiniMax: 25,389,220 base shares, 3,808,380 upsize shares at HK$165.00.

    >>> from decimal import Decimal
    >>> rows = offer_scenarios(
    ...     Decimal("165.00"), 25_389_220, offer_size_adjustment_shares=3_808_380
    ... )
    >>> [(r.name, r.shares, r.gross_proceeds) for r in rows]  # doctest: +NORMALIZE_WHITESPACE
    [('base offer', 25389220, Decimal('4189221300.00')),
     ('with offer size adjustment', 29197600, Decimal('4817604000.00'))]
    """
    base = whole_number("base_shares", base_shares)
    upsize = whole_number("offer_size_adjustment_shares", offer_size_adjustment_shares)
    rows = [
        OfferScenario(
            "base offer",
            base,
            metrics.gross_proceeds(price, base),
            "shares initially offered, neither option exercised",
        )
    ]
    if upsize:
        rows.append(
            OfferScenario(
                "with offer size adjustment",
                base + upsize,
                metrics.gross_proceeds(price, base + upsize),
                f"base offer plus {upsize:,} offer-size-adjustment shares; the basis of the "
                "gross proceeds allotment announcements print",
            )
        )
    if over_allotment_shares is not None:
        extra = whole_number("over_allotment_shares", over_allotment_shares)
        total = base + upsize + extra
        rows.append(
            OfferScenario(
                f"with over-allotment ({over_allotment_label})",
                total,
                metrics.gross_proceeds(price, total),
                f"{rows[-1].name} plus {extra:,} over-allotment shares",
            )
        )
    return rows


@dataclass(frozen=True)
class TrancheReconciliation:
    """``initial + reallocated + upsize = final`` for one tranche [shares].

    Attributes
    ----------
    tranche : str
        ``"public"`` or ``"international"``.
    initial, reallocated, upsize, final : int
        The four terms [shares]; ``reallocated`` is negative for the tranche giving shares up.
    reallocated_published : bool
        False when the announcement prints no reallocation line and ``reallocated`` is
        implied as ``final - initial - upsize``.
    balanced : bool
        Whether the identity holds.
    """

    tranche: str
    initial: int
    reallocated: int
    upsize: int
    final: int
    reallocated_published: bool
    balanced: bool


def reconcile_tranche(
    tranche: str, initial: int, reallocated: int | None, upsize: int, final: int
) -> TrancheReconciliation:
    """Check ``initial + reallocated + upsize == final`` for one tranche.

    Parameters
    ----------
    tranche : str
        Label, e.g. ``"public"``.
    initial, upsize, final : int
        Shares at launch, offer-size-adjustment shares received, and final shares [shares].
    reallocated : int or None
        Shares moved in (positive) or out (negative) by the clawback [shares]; ``None`` when
        not printed, in which case it is implied and the row says so.

    Examples
    --------
    MiniMax's international tranche gave 3,808,380 shares to the public tranche and received
    the 3,808,380 upsize shares (minimax allotment announcement, 2026-01-08):

    >>> r = reconcile_tranche("international", 24_119_740, -3_808_380, 3_808_380, 24_119_740)
    >>> r.balanced
    True
    """
    published = reallocated is not None
    moved = final - initial - upsize if reallocated is None else reallocated
    return TrancheReconciliation(
        tranche=tranche,
        initial=initial,
        reallocated=moved,
        upsize=upsize,
        final=final,
        reallocated_published=published,
        balanced=initial + moved + upsize == final,
    )
