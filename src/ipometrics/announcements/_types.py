"""What the announcement readers return: values with the page and the text they were read from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Generic, TypeVar

__all__ = ["CornerstoneInvestor", "LockUp", "PlaceeConcentration", "Printed"]

T = TypeVar("T")


@dataclass(frozen=True)
class Printed(Generic[T]):
    """One value read from a document.

    Attributes
    ----------
    value : T
        The value in the record's units (shares, full currency units, times, percent units).
    page : int
        1-based page it was read from.
    text : str
        The figure as printed, e.g. ``"HK$4,817.6 million"`` or ``"1,837.17 times"``.
    """

    value: T
    page: int
    text: str


@dataclass(frozen=True)
class CornerstoneInvestor:
    """One row of the cornerstone investors table.

    Attributes
    ----------
    investor : str
        Name as printed (line breaks joined).
    shares : int
        Offer shares allotted [shares].
    pct_of_offer : Decimal or None
        Share of the offer shares [percent units], when printed.
    pct_of_shares_in_issue : Decimal or None
        Share of the shares in issue after the offering [percent units], when printed (the
        H-share or all-class basis the table states).
    page : int
        1-based page.
    printed : str
        The row as printed.
    pcts : tuple of Decimal or None
        Every percentage of the row in printed order [percent units] (offer shares, H shares
        or a class in issue, all shares in issue, as the table's columns are); ``None`` for
        one printed as a bound such as ``< 0.01%``.
    existing_shareholder : bool or None
        The "existing shareholder or close associate" column (是 / 否, Yes / No), when
        printed.
    """

    investor: str
    shares: int
    pct_of_offer: Decimal | None
    pct_of_shares_in_issue: Decimal | None
    page: int
    printed: str
    pcts: tuple[Decimal | None, ...] = ()
    existing_shareholder: bool | None = None


@dataclass(frozen=True)
class LockUp:
    """One lock-up undertaking.

    Attributes
    ----------
    holder : str
        Name (or group, e.g. controlling shareholders) as printed.
    shares : int or None
        Shares subject to the lock-up [shares], when printed.
    end_date : date or None
        Last day of the lock-up [date], when printed.
    group : str
        Heading the row stands under (e.g. "Cornerstone Investors", "基石投資者").
    page : int
        1-based page.
    printed : str
        The row as printed.
    """

    holder: str
    shares: int | None
    end_date: date | None
    group: str
    page: int
    printed: str


@dataclass(frozen=True)
class PlaceeConcentration:
    """One row of the placee (or shareholder) concentration analysis.

    Attributes
    ----------
    table : str
        ``"placees"``, ``"shareholders"`` (all classes), or the class analysed on its own:
        ``"H shareholders"``, ``"Class A shareholders"``.
    rank : str
        ``"top 1"``, ``"top 5"``, ``"top 10"``, ``"top 25"``.
    shares : int
        Shares allotted to the group [shares]; 0 where the table prints a dash.
    pcts : tuple of Decimal
        The row's percentages in printed order [percent units].
    page : int
        1-based page.
    printed : str
        The row as printed.
    other_shares : tuple of int
        The row's further share counts in printed order [shares]: shares held upon listing
        (of the class, then of all classes, as the columns are); 0 where a dash is printed.
    """

    table: str
    rank: str
    shares: int
    pcts: tuple[Decimal, ...]
    page: int
    printed: str
    other_shares: tuple[int, ...] = ()
