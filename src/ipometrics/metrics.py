"""Pure IPO formulas: the single home of every calculation in ipometrics.

Every function takes scalars (``int``, ``float`` or ``Decimal``), numpy arrays or pandas Series
and returns the same kind: a Series keeps its index, an array keeps its shape, a ``Decimal``
stays exact. Nothing here reads files, builds records or plots.

Invalid values follow one rule across the module:

* a scalar outside the valid domain (a zero offer price, negative shares) raises ``ValueError``
  naming the argument, the value and what was expected;
* in an array or Series, the affected elements become ``NaN`` and the others are computed;
* ``NaN`` in gives ``NaN`` out.

Mixing ``Decimal`` with ``float`` (or with an array) raises ``TypeError``: exact money is never
silently turned into binary floating point. ``int`` mixes with either.

Fractions, not percents: a 13.17 % first-day gain is ``0.1317``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal, localcontext
from typing import Any, cast

import numpy as np
import pandas as pd

from ipometrics._typing import Numeric
from ipometrics._values import DECIMAL_CONTEXT

__all__ = [
    "first_day_return",
    "gross_proceeds",
    "gross_spread",
    "market_cap",
    "money_left_on_table",
    "net_proceeds",
    "subscription_multiple",
]

_Rule = tuple[Callable[[Any], Any], str]
_POSITIVE: _Rule = (lambda v: v > 0, "> 0")
_NON_NEGATIVE: _Rule = (lambda v: v >= 0, ">= 0")


def _is_array(value: object) -> bool:
    return isinstance(value, np.ndarray | pd.Series)


def _check(name: str, value: Any, rule: _Rule) -> Any:
    """Validate one argument; return an element-wise validity mask for arrays, else None."""
    predicate, expected = rule
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a number, got {value!r}")
    if isinstance(value, Decimal):
        if value.is_nan():
            return None
        if not predicate(value):
            raise ValueError(f"{name} must be {expected}, got {value!r}")
        return None
    if isinstance(value, int | float | np.integer | np.floating):
        if math.isnan(float(value)):
            return None
        if not predicate(value):
            raise ValueError(f"{name} must be {expected}, got {value!r}")
        return None
    if isinstance(value, pd.Series):
        if not pd.api.types.is_numeric_dtype(value.dtype):
            raise TypeError(f"{name} must have a numeric dtype, got a Series of {value.dtype}")
        return predicate(value)
    if isinstance(value, np.ndarray):
        if not np.issubdtype(value.dtype, np.number):
            raise TypeError(f"{name} must have a numeric dtype, got an array of {value.dtype}")
        with np.errstate(invalid="ignore"):
            return predicate(value)
    raise TypeError(
        f"{name} must be a number, a numpy array or a pandas Series, got {type(value).__name__}"
    )


def _check_kinds(**values: Any) -> None:
    """Refuse to mix exact Decimal with float or arrays."""
    decimals = [k for k, v in values.items() if isinstance(v, Decimal)]
    inexact = [k for k, v in values.items() if isinstance(v, float | np.floating) or _is_array(v)]
    if decimals and inexact:
        raise TypeError(
            f"{', '.join(decimals)} {'is' if len(decimals) == 1 else 'are'} Decimal but "
            f"{', '.join(inexact)} {'is' if len(inexact) == 1 else 'are'} float or array; "
            "pass Decimal(str(x)) for exact money or float(x) for analysis"
        )


def _finish(result: Any, masks: list[Any]) -> Any:
    """Set elements that failed validation to NaN, keeping the input kind."""
    live = [m for m in masks if m is not None]
    if not live:
        return result
    valid = live[0]
    for m in live[1:]:
        valid = valid & m
    if isinstance(result, pd.Series):
        return result.astype("float64").where(valid)
    out = np.asarray(result, dtype=np.float64)
    return np.where(np.asarray(valid, dtype=bool), out, np.nan)


def _compute(func: Callable[[], Any]) -> Any:
    # Decimal arithmetic runs in the library's context, never the caller's.
    with (
        np.errstate(divide="ignore", invalid="ignore", over="ignore"),
        localcontext(DECIMAL_CONTEXT),
    ):
        return func()


def subscription_multiple(shares_applied: Numeric, shares_offered: Numeric | int) -> Numeric:
    """Times a tranche was subscribed: demand divided by the shares offered.

    Parameters
    ----------
    shares_applied : scalar, ndarray or Series
        Shares validly applied for in the tranche [shares]. Must be >= 0.
    shares_offered : scalar, ndarray or Series
        Shares offered in the tranche [shares]. Must be > 0. For Hong Kong public offers the
        published multiple uses the shares *initially* offered, before any clawback.

    Returns
    -------
    scalar, ndarray or Series
        Subscription multiple [times], of the input kind. Invalid elements are NaN.

    Notes
    -----
    ``subscription_multiple = shares_applied / shares_offered``. "Subscribed 1,159.46 times"
    is a multiple of 1159.46; "oversubscribed by" (multiple - 1) is a different quantity and
    is not computed here.

    References
    ----------
    Knowledge Atlas Technology (02513.HK), Announcement of Offer Price and Allotment Results,
    HKEX, 2026-01-07: 2,169,357,600 shares applied for / 1,871,000 initially offered =
    1,159.46 times.

    Examples
    --------
    >>> round(subscription_multiple(2_169_357_600, 1_871_000), 2)
    1159.46
    """
    _check_kinds(shares_applied=shares_applied, shares_offered=shares_offered)
    masks = [
        _check("shares_applied", shares_applied, _NON_NEGATIVE),
        _check("shares_offered", shares_offered, _POSITIVE),
    ]
    result = _compute(lambda: shares_applied / shares_offered)
    return cast(Numeric, _finish(result, masks))


def gross_proceeds(price: Numeric, shares: Numeric | int) -> Numeric:
    """Gross proceeds of an offer: offer price times shares sold.

    Parameters
    ----------
    price : scalar, ndarray or Series
        Offer price per share [currency/share]. Must be > 0.
    shares : scalar, ndarray or Series
        Shares sold in the offer [shares]. Must be >= 0. Hong Kong announcements count the
        shares after any offer-size-adjustment option and before the over-allotment option.

    Returns
    -------
    scalar, ndarray or Series
        Gross proceeds [currency], of the input kind. ``Decimal`` price with ``int`` shares
        gives an exact ``Decimal``.

    Notes
    -----
    ``gross = price * shares``.

    References
    ----------
    Knowledge Atlas Technology (02513.HK), Announcement of Offer Price and Allotment Results,
    HKEX, 2026-01-07: HK$116.20 x 37,419,500 shares, printed as HK$4,348.1 million.

    Examples
    --------
    >>> from decimal import Decimal
    >>> gross_proceeds(Decimal("116.20"), 37_419_500)
    Decimal('4348145900.00')
    """
    _check_kinds(price=price, shares=shares)
    masks = [_check("price", price, _POSITIVE), _check("shares", shares, _NON_NEGATIVE)]
    result = _compute(lambda: price * shares)
    return cast(Numeric, _finish(result, masks))


def net_proceeds(gross: Numeric, expenses: Numeric | int) -> Numeric:
    """Net proceeds: gross proceeds less listing expenses.

    Parameters
    ----------
    gross : scalar, ndarray or Series
        Gross proceeds [currency]. Must be >= 0.
    expenses : scalar, ndarray or Series
        Listing expenses, underwriting commissions included, as a positive amount [currency].
        Must be >= 0.

    Returns
    -------
    scalar, ndarray or Series
        Net proceeds [currency], of the input kind.

    Notes
    -----
    ``net = gross - expenses``. Announcements print expenses in parentheses, e.g.
    ``HK$(174.7) million``; pass the amount, 174.7e6, not its negative.

    References
    ----------
    Knowledge Atlas Technology (02513.HK), Announcement of Offer Price and Allotment Results,
    HKEX, 2026-01-07: gross HK$4,348.1 million, expenses HK$(174.7) million, net
    HK$4,173.4 million.

    Examples
    --------
    >>> net_proceeds(4_348_145_900, 174_700_000)
    4173445900
    """
    _check_kinds(gross=gross, expenses=expenses)
    masks = [_check("gross", gross, _NON_NEGATIVE), _check("expenses", expenses, _NON_NEGATIVE)]
    result = _compute(lambda: gross - expenses)
    return cast(Numeric, _finish(result, masks))


def first_day_return(offer_price: Numeric, price: Numeric) -> Numeric:
    """Return from the offer price to a later price: close, open, intraday or grey market.

    Parameters
    ----------
    offer_price : scalar, ndarray or Series
        Final offer price [currency/share]. Must be > 0.
    price : scalar, ndarray or Series
        The price to compare with [currency/share]: the first-day close for the initial
        return, the opening price for the open return, a grey-market price for the
        grey-market return. Must be > 0.

    Returns
    -------
    scalar, ndarray or Series
        Return [fraction]: 0.1317 is a 13.17 % gain. Of the input kind.

    Notes
    -----
    ``r = price / offer_price - 1``. With the first-day close this is the initial return.

    References
    ----------
    Jay R. Ritter, *Initial Public Offerings: Updated Statistics*, notes to Table 3: the
    first-day return is the first closing price over the offer price, minus one.

    Examples
    --------
    >>> round(first_day_return(116.20, 131.50), 4)
    0.1317
    """
    _check_kinds(offer_price=offer_price, price=price)
    masks = [
        _check("offer_price", offer_price, _POSITIVE),
        _check("price", price, _POSITIVE),
    ]
    result = _compute(lambda: price / offer_price - 1)
    return cast(Numeric, _finish(result, masks))


def market_cap(price: Numeric, shares_outstanding: Numeric | int) -> Numeric:
    """Market capitalisation: price times shares outstanding.

    Parameters
    ----------
    price : scalar, ndarray or Series
        Price per share [currency/share]: the offer price, the first open or the first close.
        Must be > 0.
    shares_outstanding : scalar, ndarray or Series
        Shares in issue [shares], all classes unless the caller chooses one. Must be >= 0.

    Returns
    -------
    scalar, ndarray or Series
        Market capitalisation [currency], of the input kind.

    Notes
    -----
    ``market_cap = price * shares_outstanding``. News reports differ in which share count
    they use (H shares only, or H and unlisted shares); the record's choice is stated where
    it is known.

    Examples
    --------
    >>> market_cap(120.0, 440_230_190) / 1e9
    52.8276228
    """
    _check_kinds(price=price, shares_outstanding=shares_outstanding)
    masks = [
        _check("price", price, _POSITIVE),
        _check("shares_outstanding", shares_outstanding, _NON_NEGATIVE),
    ]
    result = _compute(lambda: price * shares_outstanding)
    return cast(Numeric, _finish(result, masks))


def money_left_on_table(
    offer_price: Numeric, close: Numeric, shares_sold: Numeric | int
) -> Numeric:
    """Money left on the table: shares sold times the first-day gain per share.

    Parameters
    ----------
    offer_price : scalar, ndarray or Series
        Final offer price [currency/share]. Must be > 0.
    close : scalar, ndarray or Series
        First-day closing price [currency/share]. Must be > 0.
    shares_sold : scalar, ndarray or Series
        Shares sold in the offer [shares]. Must be >= 0. ipometrics passes the final offer
        size, which includes exercised offer-size-adjustment shares and excludes
        over-allotment shares: whether the latter count as "sold" is not settled in the
        literature.

    Returns
    -------
    scalar, ndarray or Series
        Money left on the table [currency], of the input kind. Negative when the stock
        closed below the offer price.

    Notes
    -----
    ``money_left = (close - offer_price) * shares_sold``.

    References
    ----------
    Tim Loughran and Jay R. Ritter (2002), "Why Don't Issuers Get Upset About Leaving Money on
    the Table in IPOs?", *Review of Financial Studies* 15(2): 413-444.

    Examples
    --------
    >>> from decimal import Decimal
    >>> money_left_on_table(Decimal("116.20"), Decimal("131.50"), 37_419_500)
    Decimal('572518350.00')
    """
    _check_kinds(offer_price=offer_price, close=close, shares_sold=shares_sold)
    masks = [
        _check("offer_price", offer_price, _POSITIVE),
        _check("close", close, _POSITIVE),
        _check("shares_sold", shares_sold, _NON_NEGATIVE),
    ]
    result = _compute(lambda: (close - offer_price) * shares_sold)
    return cast(Numeric, _finish(result, masks))


def gross_spread(fees: Numeric, gross: Numeric | int) -> Numeric:
    """Gross spread: underwriting fees as a fraction of gross proceeds.

    Parameters
    ----------
    fees : scalar, ndarray or Series
        Underwriting commission (underwriting discount) [currency]. Must be >= 0.
    gross : scalar, ndarray or Series
        Gross proceeds [currency]. Must be > 0.

    Returns
    -------
    scalar, ndarray or Series
        Gross spread [fraction], of the input kind.

    Notes
    -----
    ``spread = fees / gross``. Hong Kong allotment announcements print only total listing
    expenses, not the underwriting commission, so no spread can be computed for them.

    References
    ----------
    Hsuan-Chi Chen and Jay R. Ritter (2000), "The Seven Percent Solution", *Journal of
    Finance* 55(3): 1105-1131.

    Examples
    --------
    >>> round(gross_spread(388_980_000, 7_999_600_000), 4)
    0.0486
    """
    _check_kinds(fees=fees, gross=gross)
    masks = [_check("fees", fees, _NON_NEGATIVE), _check("gross", gross, _POSITIVE)]
    result = _compute(lambda: fees / gross)
    return cast(Numeric, _finish(result, masks))
