"""Figures and their value types: the lowest layer of the records.

:class:`Figure` (a value with its source, printed text and tolerance) and the annotated types
its values take live here, below both :mod:`ipometrics.models` (which builds records of them)
and :mod:`ipometrics.validation` (which walks them), so neither imports the other to see a
figure. :mod:`ipometrics.models` re-exports every name.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Generic, Literal, TypeVar

from annotated_types import Ge, Gt
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Strict,
    StringConstraints,
    model_validator,
)

from ipometrics._values import date_or_reason, exact_or_reason

# --------------------------------------------------------------------------------------------
# Value types
# --------------------------------------------------------------------------------------------


def _to_decimal(value: object) -> object:
    """Accept exact numbers only (:func:`ipometrics._values.exact_or_reason`)."""
    result = exact_or_reason(value)
    if isinstance(result, str):
        raise ValueError(result)
    return result


def _to_date(value: object) -> object:
    """Accept a ``date`` or an ISO ``YYYY-MM-DD`` string, nothing else."""
    result = date_or_reason(value)
    if isinstance(result, str):
        raise ValueError(result)
    return result


Exact = Annotated[Decimal, BeforeValidator(_to_decimal)]
"""An exact decimal number (prices, money, percentages, multiples)."""
Money = Annotated[Decimal, BeforeValidator(_to_decimal), Ge(0)]
PositivePrice = Annotated[Decimal, BeforeValidator(_to_decimal), Gt(0)]
NonNegative = Annotated[Decimal, BeforeValidator(_to_decimal), Ge(0)]
Count = Annotated[int, Strict(), Ge(0)]
"""A whole, non-negative number of shares, applications or investors."""
SignedShares = Annotated[int, Strict()]
"""A share movement that may be negative (shares reallocated out of a tranche)."""
Lot = Annotated[int, Strict(), Gt(0)]
Day = Annotated[date, BeforeValidator(_to_date)]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError(f"expected text, got a blank string {value!r}")
    return value


Text = Annotated[str, Strict(), StringConstraints(min_length=1), AfterValidator(_not_blank)]
Scalar = int | Decimal | str

V = TypeVar("V")

Qualifier = Literal[
    "about", "approximately", "near", "close to", "more than", "as much as", "rounded"
]
Tier = Literal[
    "official_announcement", "prospectus", "wire", "other_media", "broker", "ai_generated"
]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)


class Figure(_Record, Generic[V]):
    """One published figure with its provenance.

    Attributes
    ----------
    value : V or None
        The figure in the record's units (shares, full currency units, percent units for
        ``*_pct`` fields, times for multiples). ``None`` means unknown.
    src : str or None
        Id of the source in the offering's ``sources`` list; required whenever ``value`` is
        set.
    printed : str or None
        The figure exactly as published, e.g. ``'HK$4,348.1 million'``.
    as_reported : str or None
        An English rendering of a figure whose printed wording is not kept.
    abs_tol : Decimal or None
        Half a unit of the last printed digit, in the unit of ``value``: the tolerance a
        recomputation is held to. ``None`` means exact as published.
    qualifier : str or None
        A word that bounds the number: ``"more than"`` makes it a lower bound, ``"as much
        as"`` an intraday extreme, ``"about"`` an approximation.
    basis, note : str or None
        What the figure is measured against, and any remark.
    currency, unit, per : str or None
        Currency of a money figure; unit word of a board lot; what a par value is per.
    """

    value: V | None = None
    src: str | None = None
    printed: str | None = None
    as_reported: str | None = None
    abs_tol: NonNegative | None = None
    qualifier: Qualifier | None = None
    basis: str | None = None
    note: str | None = None
    currency: str | None = None
    unit: str | None = None
    per: str | None = None

    @model_validator(mode="after")
    def _published_needs_source(self) -> Figure[V]:
        if self.value is not None and self.src is None:
            raise ValueError(
                f"a published figure needs its source: value {self.value!r} has no src"
            )
        return self

    @property
    def known(self) -> bool:
        """Whether the figure has a value."""
        return self.value is not None
