"""How ipometrics reads an exact number or a date from input: one rule for every path.

The record models (:mod:`ipometrics.models`) raise on a refused value; the columnar path
(:mod:`ipometrics.vector`) records the refusal per cell. Both call these functions, so the
two paths accept and refuse exactly the same values, with the same words. No third-party
imports: the columnar path stays light.
"""

from __future__ import annotations

import numbers
import re
from datetime import date
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from fractions import Fraction

#: The one decimal context of the library: 34 significant digits (IEEE decimal128), round half
#: to even, the default traps. Every exact computation runs in it, so a caller's context
#: (``decimal.getcontext().prec = 5``) never changes a result. Money rounded to the cent for a
#: published figure uses its own named rule on top (``hk.fees``: half-up per charge).
DECIMAL_CONTEXT = Context(prec=34, rounding=ROUND_HALF_EVEN)

__all__ = [
    "DECIMAL_CONTEXT",
    "DECIMAL_TEXT",
    "ISO_DATE",
    "ceil_to_multiple",
    "date_or_reason",
    "exact_or_reason",
    "whole_number",
]

#: Plain decimal notation: no underscores, spaces, thousands separators, NaN or infinity.
DECIMAL_TEXT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
#: ``YYYY-MM-DD``.
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def exact_or_reason(value: object) -> Decimal | str:
    """An exact number, or why the value is refused.

    Accepts ``Decimal``, ``int`` (not ``bool``), a ``float`` by its shortest repr, or plain
    decimal text; refuses anything else and every non-finite number.

    Examples
    --------
    >>> exact_or_reason("116.20")
    Decimal('116.20')
    >>> exact_or_reason("1,000")
    "expected a decimal number such as '116.20', got '1,000'"
    """
    if isinstance(value, bool):
        return f"expected a number, got {value!r}"
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        return Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        if not DECIMAL_TEXT.fullmatch(value):
            return f"expected a decimal number such as '116.20', got {value!r}"
        try:
            result = Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern admits valid text only
            return f"expected a decimal number, got {value!r}"
    else:
        return f"expected a number, got {type(value).__name__} {value!r}"
    if not result.is_finite():
        return f"expected a finite number, got {value!r}"
    return result


def date_or_reason(value: object) -> date | str:
    """A calendar date from a ``date`` (not a datetime) or ISO text, or why not.

    Examples
    --------
    >>> date_or_reason("2026-01-08")
    datetime.date(2026, 1, 8)
    >>> date_or_reason("2026-02-30")
    "'2026-02-30' is not a calendar date (day is out of range for month)"
    """
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str) and ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError as err:
            return f"{value!r} is not a calendar date ({err})"
    return f"expected an ISO date YYYY-MM-DD, got {value!r}"


def whole_number(name: str, value: object, minimum: int = 0) -> int:
    """A share count (or lot) passed as an argument: a whole number >= ``minimum``.

    ``int`` and numpy integers are accepted; ``bool``, floats and text are refused.

    Examples
    --------
    >>> whole_number("board_lot", 100, 1)
    100
    >>> whole_number("shares", 10.5)
    Traceback (most recent call last):
    ...
    TypeError: shares must be a whole number, got 10.5
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value!r}")
    return int(value)


def ceil_to_multiple(shares: Fraction, unit: int) -> int:
    """``shares`` rounded UP to a whole multiple of ``unit`` (a board lot, 500 STAR shares).

    Examples
    --------
    >>> ceil_to_multiple(Fraction(5_077_844), 20)
    5077860
    """
    return -(-shares.numerator // (shares.denominator * unit)) * unit
