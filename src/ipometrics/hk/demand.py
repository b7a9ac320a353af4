"""Demand estimated from brokers' margin financing, shown beside the official multiple.

Before allotment, Hong Kong brokers publish how much margin financing their clients took to
apply for a public offer. Dividing that money by the value of the public tranche gives an
*implied* subscription multiple: an estimate from one broker's book, never a substitute for
the multiple in the allotment announcement.
"""

from __future__ import annotations

from decimal import Decimal

__all__ = ["margin_implied_multiple"]


def _positive(name: str, value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise TypeError(f"{name} must be an int or Decimal, got {value!r}")
    number = Decimal(value)
    if not number.is_finite() or number <= 0:
        raise ValueError(f"{name} must be > 0, got {value!r}")
    return number


def margin_implied_multiple(
    margin_amount: Decimal | int,
    initial_public_shares: int,
    price: Decimal | int,
    *,
    charges_factor: Decimal | int = 1,
) -> Decimal:
    """Subscription multiple implied by a margin-financing total (an estimate).

    Parameters
    ----------
    margin_amount : Decimal or int
        Margin financing reported for the public offer [currency].
    initial_public_shares : int
        Shares initially offered to the public [shares].
    price : Decimal or int
        Offer price used for the application money (the maximum price while the offer is
        open) [currency/share].
    charges_factor : Decimal or int, default 1
        ``1`` divides by the bare value of the tranche, as broker estimates do;
        ``Decimal("1.010085")`` counts brokerage and levies in the money an application ties
        up.

    Returns
    -------
    Decimal
        Implied multiple [times]: an estimate, and a lower bound when the reported amount is
        "more than" a figure.

    Notes
    -----
    ``multiple = margin_amount / (initial_public_shares x price x charges_factor)``.

    Examples
    --------
    MiniMax: more than HK$253.3 billion of margin at Futu (Cailian Press, 2026-01-08), 1,269,480
    public shares at HK$165.00: about 1,209 times, the figure outlets reported before the
    official 1,837.17 times.

    >>> round(margin_implied_multiple(253_300_000_000, 1_269_480, Decimal("165.00")), 1)
    Decimal('1209.3')
    """
    amount = _positive("margin_amount", margin_amount)
    shares = _positive("initial_public_shares", initial_public_shares)
    unit = _positive("price", price)
    factor = _positive("charges_factor", charges_factor)
    return amount / (shares * unit * factor)
