"""Hong Kong application money, the fee schedule behind it, and the break-even selling price.

An applicant for Hong Kong IPO shares pays the *amount payable on application*: the
application money (price x shares) plus four charges computed on it, namely brokerage, the SFC
transaction levy, the Stock Exchange (SEHK) trading fee and the AFRC transaction levy. A seller
of listed shares pays Hong Kong stamp duty and the same levy and fee on the consideration,
plus whatever the broker charges.

The rates are data, not code: :data:`FEE_SCHEDULE` holds one :class:`FeeRow` per charge and
period (rate [fraction], effective dates, rounding rule and source), and every calculation looks
its rates up there (:func:`fee_rows_on`) unless the caller passes the rates printed in a
document. The schedule covers dates from :data:`SCHEDULE_START` (1 November 2014, when the SFC
levy became 0.0027 %); an earlier date is an error, not a guess.

Rates are fractions throughout, as in the rest of ipometrics: the 1 % brokerage is
``Decimal("0.01")`` and the 0.0027 % SFC levy is ``Decimal("0.000027")``. Records print the
rates in percent units (``terms.brokerage_pct = 1.0``); :meth:`ApplicationRates.from_pct`
converts them exactly.

Money is exact ``Decimal`` and every rounding is named:

* ``"half_up_cent"``: to the cent, halves away from zero
  (``Decimal.quantize(Decimal("0.01"), ROUND_HALF_UP)``);
* ``"up_dollar"``: up to the whole Hong Kong dollar (``ROUND_CEILING``), for stamp duty.

``float`` money is refused with a ``TypeError``: a binary float such as ``116.2`` is not
116.20, and the resulting off-by-a-cent amounts are a known bug in peer libraries.
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Literal, SupportsIndex, get_args

import pandas as pd

from ipometrics.errors import IpoDataError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from ipometrics.models import Offering

__all__ = [
    "FEE_SCHEDULE",
    "ROUNDING_MODES",
    "SCHEDULE_START",
    "ApplicationMoney",
    "ApplicationRates",
    "Charge",
    "FeeRow",
    "MoneyLike",
    "RoundingMode",
    "RoundingRule",
    "SaleProceeds",
    "SaleRates",
    "Side",
    "amount_payable",
    "amount_payable_table",
    "application_rates",
    "break_even_price",
    "fee_rows_on",
    "prospectus_tiers",
    "sale_proceeds",
    "sale_rates",
]

Charge = Literal["brokerage", "sfc_levy", "trading_fee", "afrc_levy", "stamp_duty"]
"""A Hong Kong charge named in :data:`FEE_SCHEDULE`."""
RoundingRule = Literal["half_up_cent", "up_dollar"]
"""How one charge is rounded: half-up to the cent, or up to the whole dollar."""
RoundingMode = Literal["per_charge", "aggregate"]
"""How :func:`amount_payable` rounds: each charge on its own (the rule), or the total once."""
Side = Literal["application", "sale"]
"""Where a charge applies: on an IPO application, on a sale of listed shares, or both."""
MoneyLike = Decimal | int | str
"""An exact amount: ``Decimal``, ``int`` or a decimal string. ``float`` is refused."""

ROUNDING_MODES: tuple[RoundingMode, ...] = get_args(RoundingMode)
"""The valid ``rounding=`` names of :func:`amount_payable`."""

SCHEDULE_START = date(2014, 11, 1)
"""First date the schedule covers [date]: the SFC levy of 0.0027 % took effect on it [R15]."""

_CENT = Decimal("0.01")
_DOLLAR = Decimal("1")
_HUNDRED = Decimal(100)

# Sources. Rxx ids are those of the reference table of the project's fact base
# (shared/data/rules.md); the stamp-duty sources are not in the fact base and are cited by URL.
_R15 = "http://www.hispanicbusiness.com/2014/6/6/trading_levy_reduction_proposed.htm"
_R16 = (
    "https://sc.hkex.com.hk/TuniS/www.hkex.com.hk/News/Market-Communications/2022/"
    "221101news?sc_lang=en"
)
_R17 = (
    "https://www.hkcd.com/content/2021-06/29/content_1277425.html ; "
    "http://cwsi.com.hk/tc/cwsi_news_detail/id/132/p/1"
)
_R18 = "https://www-web.itiger.com/news/1187894808"
_MINIMAX_TABLE = "https://www1.hkexnews.hk/listedco/listconews/sehk/2025/1231/2025123100025.pdf"
_HKEX_LEVY_ROUNDING = "https://capis.com/?p=40544"
_IRD_2021 = "https://ird.gov.hk/eng/tax/budget2021_sd.htm"
_STAMP_2023 = (
    "https://www2.deloitte.com/cn/en/pages/tax/articles/"
    "stamp-duty-rate-reduction-on-stock-transfer-comes-into-operation-today.html ; "
    "https://lff.com.hk/en/news/reduction-of-stamp-duty-20231117"
)
_STAMP_ROUNDING = (
    "https://www.kingston.com.hk/en/fee-n-commision ; "
    "https://www.successfn.com/en/securities-fees-charges/ ; "
    "https://utrade.com.hk/en/login/important-notice"
)


@dataclass(frozen=True)
class FeeRow:
    """One charge at one rate over one period: a row of :data:`FEE_SCHEDULE`.

    Attributes
    ----------
    charge : str
        Which charge (:data:`Charge`).
    rate : Decimal
        Rate on the amount it is charged on [fraction]: 0.000027 is 0.0027 %.
    effective_from : datetime.date
        First day the rate applies [date]. For a row that starts at :data:`SCHEDULE_START`
        this may be the start of coverage rather than the day the rate took effect.
    effective_to : datetime.date or None
        Last day the rate applies, inclusive [date]; ``None`` while still in force.
    rounding : str
        :data:`RoundingRule` applied to this charge on its own.
    applies_to : tuple of str
        ``"application"``, ``"sale"`` or both (:data:`Side`).
    source : str
        Reference: an R-number of the fact base's reference table, or the issuer of the
        document cited in ``url``.
    url : str
        Where the rate (and rounding) can be read; several addresses are separated by ``" ; "``.
    note : str
        Status of the evidence and anything a reader should know.

    Examples
    --------
    >>> row = fee_rows_on(date(2026, 1, 2))["trading_fee"]
    >>> row.rate, row.effective_from, row.source
    (Decimal('0.0000565'), datetime.date(2023, 1, 1), 'R16')
    """

    charge: Charge
    rate: Decimal
    effective_from: date
    effective_to: date | None
    rounding: RoundingRule
    applies_to: tuple[Side, ...]
    source: str
    url: str
    note: str = ""

    def covers(self, on: date) -> bool:
        """Whether the row is in force on ``on`` [date].

        Examples
        --------
        >>> FEE_SCHEDULE[0].covers(date(2025, 12, 30))
        True
        """
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


FEE_SCHEDULE: tuple[FeeRow, ...] = (
    FeeRow(
        "brokerage",
        Decimal("0.01"),
        SCHEDULE_START,
        None,
        "half_up_cent",
        ("application",),
        "R18",
        _R18,
        "1 % of the application money, printed in the 2025-26 allotment announcements. "
        "Long-standing market practice: the sources give no effective date, so the row simply "
        "starts with the schedule. On a sale, brokerage is negotiable (a parameter).",
    ),
    FeeRow(
        "sfc_levy",
        Decimal("0.000027"),
        SCHEDULE_START,
        None,
        "half_up_cent",
        ("application", "sale"),
        "R15",
        _R15,
        "0.0027 % from 2014-11-01 (0.003 % before, outside the schedule). Charged per side and "
        f"rounded to the nearest cent (HKEX trading notice, reproduced at {_HKEX_LEVY_ROUNDING}).",
    ),
    FeeRow(
        "trading_fee",
        Decimal("0.00005"),
        SCHEDULE_START,
        date(2022, 12, 31),
        "half_up_cent",
        ("application", "sale"),
        "R16",
        _R16,
        "0.005 % before 2023-01-01. On a sale the HK$0.50 trading tariff per transaction also "
        "applied until 2022-12-31; it is not a rate and is not modelled (pass fixed_costs).",
    ),
    FeeRow(
        "trading_fee",
        Decimal("0.0000565"),
        date(2023, 1, 1),
        None,
        "half_up_cent",
        ("application", "sale"),
        "R16",
        _R16,
        "0.00565 % from 2023-01-01, when the flat HK$0.50 trading tariff was dropped.",
    ),
    FeeRow(
        "afrc_levy",
        Decimal("0"),
        SCHEDULE_START,
        date(2021, 12, 31),
        "half_up_cent",
        ("application", "sale"),
        "R17",
        _R17,
        "No FRC/AFRC transaction levy before 2022-01-01.",
    ),
    FeeRow(
        "afrc_levy",
        Decimal("0.0000015"),
        date(2022, 1, 1),
        None,
        "half_up_cent",
        ("application", "sale"),
        "R17",
        _R17,
        "0.00015 % from 2022-01-01, introduced as the FRC levy; the date of the rename to AFRC "
        "is uncertain in the sources. Per side, rounded to the nearest cent.",
    ),
    FeeRow(
        "stamp_duty",
        Decimal("0.001"),
        SCHEDULE_START,
        date(2021, 7, 31),
        "up_dollar",
        ("sale",),
        "IRD",
        _IRD_2021,
        "0.1 % per party until the 2021-08-01 increase (the IRD page gives the new rate; the "
        "previous 0.1 % is stated by secondary reports of the change). Rounding as below.",
    ),
    FeeRow(
        "stamp_duty",
        Decimal("0.0013"),
        date(2021, 8, 1),
        date(2023, 11, 16),
        "up_dollar",
        ("sale",),
        "IRD",
        _IRD_2021,
        "0.13 % of the consideration on every sold note or bought note from 2021-08-01 (IRD). "
        "Uncertain: brokers round 0.13 % up to the whole dollar; the Ordinance's own wording "
        "(a sum per HK$1,000 or part of HK$1,000) was not read and could differ by a few "
        "dollars for this rate.",
    ),
    FeeRow(
        "stamp_duty",
        Decimal("0.001"),
        date(2023, 11, 17),
        None,
        "up_dollar",
        ("sale",),
        "Stamp Duty (Amendment) (Stock Transfers) Ordinance 2023",
        _STAMP_2023,
        "0.1 % per party (buyer and seller each) from 2023-11-17 (Deloitte Hong Kong tax "
        "newsflash of that day; HKEX circular CT/152/23 as relayed to clients by Luk Fook "
        "Financial). Rounded up to the whole dollar: confirmed (secondary), broker fee schedules "
        f"({_STAMP_ROUNDING}). Not charged on an IPO allotment of new shares.",
    ),
)
"""The Hong Kong charges, one row per charge and period, in force from
:data:`~ipometrics.hk.fees.SCHEDULE_START`.

For every charge the rows are contiguous and do not overlap (the tests check this). Current
rates: brokerage 1 %, SFC levy 0.0027 %, trading fee 0.00565 %, AFRC levy 0.00015 %, stamp
duty 0.1 %.
"""

_APPLICATION_CHARGES: tuple[Charge, ...] = ("brokerage", "sfc_levy", "trading_fee", "afrc_levy")
_SALE_CHARGES: tuple[Charge, ...] = ("stamp_duty", "sfc_levy", "trading_fee", "afrc_levy")

_ROUNDERS: dict[RoundingRule, Callable[[Decimal], Decimal]] = {
    "half_up_cent": lambda x: x.quantize(_CENT, rounding=ROUND_HALF_UP),
    "up_dollar": lambda x: x.quantize(_DOLLAR, rounding=ROUND_CEILING).quantize(_CENT),
}


# --------------------------------------------------------------------------------------------
# Argument checks
# --------------------------------------------------------------------------------------------


def _exact(name: str, value: object) -> Decimal:
    """An exact Decimal from Decimal, int or a decimal string; float and bool are refused."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a number, got {value!r}")
    if isinstance(value, float):
        raise TypeError(
            f"{name} must be exact (Decimal, int or str), got float {value!r}; pass "
            f"Decimal(str({value!r})) instead: float money is off by a cent in some cases"
        )
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation as err:
            raise ValueError(f"{name} must be a decimal number, got {value!r}") from err
    else:
        raise TypeError(
            f"{name} must be a Decimal, int or decimal str, got {type(value).__name__} {value!r}"
        )
    if not result.is_finite():
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return result


def _positive(name: str, value: object) -> Decimal:
    result = _exact(name, value)
    if result <= 0:
        raise ValueError(f"{name} must be > 0, got {value!r}")
    return result


def _shares(name: str, value: object) -> int:
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a whole number of shares, got {value!r}")
    if not isinstance(value, SupportsIndex):  # int and numpy integers; not float or Decimal
        raise TypeError(
            f"{name} must be a whole number of shares (int), got {type(value).__name__} {value!r}"
        )
    shares = operator.index(value)
    if shares <= 0:
        raise ValueError(f"{name} must be > 0 shares, got {value!r}")
    return shares


def _day(on: object) -> date:
    if isinstance(on, datetime) or not isinstance(on, date):
        raise TypeError(f"on must be a datetime.date, got {type(on).__name__} {on!r}")
    return on


def _rate(name: str, value: object) -> Decimal:
    rate = _exact(name, value)
    if not 0 <= rate < 1:
        raise ValueError(f"{name} must be a fraction in [0, 1), got {value!r}")
    return rate


# --------------------------------------------------------------------------------------------
# Schedule look-up
# --------------------------------------------------------------------------------------------


def fee_rows_on(on: date) -> dict[Charge, FeeRow]:
    """The schedule row of every charge in force on a date.

    Parameters
    ----------
    on : datetime.date
        The application or trade date [date]. Must be on or after :data:`SCHEDULE_START`.

    Returns
    -------
    dict
        Charge name -> :class:`FeeRow`, one entry per charge of :data:`FEE_SCHEDULE`.

    Raises
    ------
    IpoDataError
        If ``on`` is before :data:`SCHEDULE_START`; the message names both dates.

    Examples
    --------
    >>> rows = fee_rows_on(date(2021, 12, 31))
    >>> rows["afrc_levy"].rate, rows["stamp_duty"].rate
    (Decimal('0'), Decimal('0.0013'))
    """
    on = _day(on)
    if on < SCHEDULE_START:
        raise IpoDataError(
            f"on={on.isoformat()} is before the fee schedule starts: it covers dates from "
            f"{SCHEDULE_START.isoformat()} (the SFC levy of 0.0027 %, R15) onwards"
        )
    rows: dict[Charge, FeeRow] = {}
    for row in FEE_SCHEDULE:
        if row.covers(on):
            if row.charge in rows:
                raise IpoDataError(f"fee schedule: two {row.charge} rows cover {on.isoformat()}")
            rows[row.charge] = row
    missing = sorted(set(get_args(Charge)) - set(rows))
    if missing:
        raise IpoDataError(f"fee schedule: no row covers {on.isoformat()} for {missing}")
    return rows


@dataclass(frozen=True)
class ApplicationRates:
    """The four charges on an IPO application [fraction each].

    Build one from the schedule with :func:`application_rates`, or from the percent figures a
    document prints with :meth:`from_pct`.

    Attributes
    ----------
    brokerage, sfc_levy, trading_fee, afrc_levy : Decimal
        Rate on the application money [fraction]; each must be in [0, 1).

    Examples
    --------
    >>> ApplicationRates.from_pct("1.0", "0.0027", "0.00565", "0.00015").total
    Decimal('0.0100850')
    """

    brokerage: Decimal
    sfc_levy: Decimal
    trading_fee: Decimal
    afrc_levy: Decimal

    def __post_init__(self) -> None:
        for f in fields(self):
            object.__setattr__(self, f.name, _rate(f.name, getattr(self, f.name)))

    @classmethod
    def from_pct(
        cls,
        brokerage_pct: MoneyLike,
        sfc_levy_pct: MoneyLike,
        trading_fee_pct: MoneyLike,
        afrc_levy_pct: MoneyLike,
    ) -> ApplicationRates:
        """Rates from figures in percent units, as printed (1.0, 0.0027, 0.00565, 0.00015).

        Parameters
        ----------
        brokerage_pct, sfc_levy_pct, trading_fee_pct, afrc_levy_pct : Decimal, int or str
            The printed rates [percent]. Divided by 100 exactly.

        Returns
        -------
        ApplicationRates

        Examples
        --------
        >>> ApplicationRates.from_pct(1, "0.0027", "0.00565", "0.00015").sfc_levy
        Decimal('0.000027')
        """
        pct = (brokerage_pct, sfc_levy_pct, trading_fee_pct, afrc_levy_pct)
        names = ("brokerage_pct", "sfc_levy_pct", "trading_fee_pct", "afrc_levy_pct")
        return cls(*(_exact(n, v) / _HUNDRED for n, v in zip(names, pct, strict=True)))

    @property
    def total(self) -> Decimal:
        """Sum of the four rates [fraction]; 1 + total is the aggregate factor."""
        return self.brokerage + self.sfc_levy + self.trading_fee + self.afrc_levy


@dataclass(frozen=True)
class SaleRates:
    """The statutory charges on a sale of listed Hong Kong shares [fraction each].

    Attributes
    ----------
    stamp_duty : Decimal
        Stamp duty payable by the seller [fraction of the consideration].
    sfc_levy, trading_fee, afrc_levy : Decimal
        Levies and fee per side [fraction of the consideration].

    Examples
    --------
    >>> sale_rates(date(2026, 1, 9)).stamp_duty
    Decimal('0.001')
    """

    stamp_duty: Decimal
    sfc_levy: Decimal
    trading_fee: Decimal
    afrc_levy: Decimal

    def __post_init__(self) -> None:
        for f in fields(self):
            object.__setattr__(self, f.name, _rate(f.name, getattr(self, f.name)))

    @property
    def total(self) -> Decimal:
        """Sum of the four rates [fraction]."""
        return self.stamp_duty + self.sfc_levy + self.trading_fee + self.afrc_levy


def application_rates(on: date) -> ApplicationRates:
    """The application charges of :data:`FEE_SCHEDULE` in force on a date.

    Parameters
    ----------
    on : datetime.date
        Application date [date], on or after :data:`SCHEDULE_START`.

    Returns
    -------
    ApplicationRates
        Rates [fraction].

    Examples
    --------
    >>> application_rates(date(2022, 12, 31)).trading_fee
    Decimal('0.00005')
    >>> application_rates(date(2023, 1, 1)).trading_fee
    Decimal('0.0000565')
    """
    rows = fee_rows_on(on)
    return ApplicationRates(*(rows[c].rate for c in _APPLICATION_CHARGES))


def sale_rates(on: date) -> SaleRates:
    """The statutory sale charges of :data:`FEE_SCHEDULE` in force on a trade date.

    Parameters
    ----------
    on : datetime.date
        Trade date [date], on or after :data:`SCHEDULE_START`.

    Returns
    -------
    SaleRates
        Rates [fraction].

    Examples
    --------
    >>> sale_rates(date(2022, 6, 1)).stamp_duty
    Decimal('0.0013')
    """
    rows = fee_rows_on(on)
    return SaleRates(*(rows[c].rate for c in _SALE_CHARGES))


def _rule(charge: Charge) -> Callable[[Decimal], Decimal]:
    # Every row of a charge has the same rounding rule (checked by the tests).
    rule = next(row.rounding for row in FEE_SCHEDULE if row.charge == charge)
    return _ROUNDERS[rule]


# --------------------------------------------------------------------------------------------
# Amount payable on application
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationMoney:
    """The amount payable on an application, charge by charge [HKD].

    Attributes
    ----------
    price : Decimal
        Price per share applied at [HKD/share] (the maximum offer price in a prospectus).
    shares : int
        Shares applied for [shares].
    rates : ApplicationRates
        The rates used [fraction].
    rounding : str
        The :data:`RoundingMode` used.
    application_money : Decimal
        ``price x shares``, exact [HKD].
    brokerage, sfc_levy, trading_fee, afrc_levy : Decimal
        Each charge [HKD]: rounded half-up to the cent in ``"per_charge"`` mode, the exact
        product ``application_money x rate`` in ``"aggregate"`` mode.
    total : Decimal
        Amount payable [HKD]: application money plus the four charges, rounded half-up to the
        cent (a no-op in ``"per_charge"`` mode when the application money is in cents).

    Examples
    --------
    >>> m = amount_payable(Decimal("19.60"), 200, on=date(2025, 12, 22))
    >>> m.application_money, m.charges, m.total
    (Decimal('3920.00'), Decimal('39.54'), Decimal('3959.54'))
    """

    price: Decimal
    shares: int
    rates: ApplicationRates
    rounding: RoundingMode
    application_money: Decimal
    brokerage: Decimal
    sfc_levy: Decimal
    trading_fee: Decimal
    afrc_levy: Decimal
    total: Decimal

    @property
    def charges(self) -> Decimal:
        """Total minus application money [HKD]: what the applicant pays on top."""
        return self.total - self.application_money

    def as_dict(self) -> dict[str, Any]:
        """The money fields as a plain dict, for a table row [HKD; shares for ``shares``].

        Examples
        --------
        >>> amount_payable("165.00", 20, on=date(2025, 12, 31)).as_dict()["total"]
        Decimal('3333.28')
        """
        return {
            "shares": self.shares,
            "application_money": self.application_money,
            "brokerage": self.brokerage,
            "sfc_levy": self.sfc_levy,
            "trading_fee": self.trading_fee,
            "afrc_levy": self.afrc_levy,
            "total": self.total,
        }


def amount_payable(
    price: MoneyLike,
    shares: int,
    *,
    on: date,
    rounding: RoundingMode = "per_charge",
    rates: ApplicationRates | None = None,
) -> ApplicationMoney:
    """Amount payable on a Hong Kong IPO application, with each charge shown.

    Parameters
    ----------
    price : Decimal, int or str
        Price per share [HKD/share]; must be > 0. ``float`` raises ``TypeError``: pass
        ``Decimal(str(x))``.
    shares : int
        Shares applied for [shares]; must be > 0 (``bool`` is refused).
    on : datetime.date
        Application date [date]: selects the rates in :data:`FEE_SCHEDULE`. Not consulted
        when ``rates`` is given.
    rounding : {"per_charge", "aggregate"}
        ``"per_charge"`` (default, the rule): each charge rounded half-up to the cent on its
        own, then added. ``"aggregate"``: ``application money x (1 + sum of rates)`` rounded
        half-up to the cent once, for comparison; the charges are then left unrounded.
    rates : ApplicationRates, optional
        Rates to use instead of the schedule, e.g. those printed in a prospectus.

    Returns
    -------
    ApplicationMoney
        The breakdown and the total [HKD].

    Raises
    ------
    TypeError
        If ``price`` is a float or ``shares`` is not an integer.
    ValueError
        If ``price`` or ``shares`` is not positive; :class:`~ipometrics.errors.IpoDataError`
        (a ``ValueError``) if ``rounding`` is unknown or ``on`` precedes the schedule.

    Notes
    -----
    With ``A = price x shares`` and rates ``b, s, t, a`` (brokerage, SFC levy, trading fee,
    AFRC levy), the per-charge total is::

        total = A + r(A*b) + r(A*s) + r(A*t) + r(A*a),   r = half-up to the cent

    and the aggregate total is ``r(A * (1 + b + s + t + a))``. They differ by at most two
    cents when ``A`` is in whole cents. The per-charge rule reproduces every row of two
    prospectus tables (81 rows); the aggregate misses 23 of them, in both directions
    (rules.md, section 5). Example, MiniMax, 2,000 shares at HK$165.00: 330,000.00 + 3,300.00
    + 8.91 + 18.65 + 0.50 = 333,328.06 as printed, while 330,000 x 1.010085 = 333,328.05.

    References
    ----------
    MiniMax Group Inc., Global Offering prospectus, 2025-12-31, table of amounts payable,
    https://www1.hkexnews.hk/listedco/listconews/sehk/2025/1231/2025123100025.pdf; the rates
    and their dates are cited row by row in :data:`FEE_SCHEDULE`.

    Examples
    --------
    Zhipu, one lot of 100 shares at the offer price of HK$116.20:

    >>> m = amount_payable(Decimal("116.20"), 100, on=date(2025, 12, 30))
    >>> m.brokerage, m.sfc_levy, m.trading_fee, m.afrc_levy, m.total
    (Decimal('116.20'), Decimal('0.31'), Decimal('0.66'), Decimal('0.02'), Decimal('11737.19'))

    Biren, 200 shares at HK$19.60, where rounding the total once loses a cent:

    >>> amount_payable("19.60", 200, on=date(2025, 12, 22), rounding="aggregate").total
    Decimal('3959.53')
    """
    p = _positive("price", price)
    n = _shares("shares", shares)
    on = _day(on)
    if rounding not in ROUNDING_MODES:
        raise IpoDataError(f"rounding must be one of {list(ROUNDING_MODES)}, got {rounding!r}")
    if rates is None:
        rates = application_rates(on)
    elif not isinstance(rates, ApplicationRates):
        raise TypeError(f"rates must be an ApplicationRates, got {type(rates).__name__}")
    money = p * n
    exact = {c: money * getattr(rates, c) for c in _APPLICATION_CHARGES}
    if rounding == "per_charge":
        charges = {c: _rule(c)(v) for c, v in exact.items()}
        total = _ROUNDERS["half_up_cent"](money + sum(charges.values()))
    else:
        charges = exact
        total = _ROUNDERS["half_up_cent"](money * (1 + rates.total))
    return ApplicationMoney(
        price=p,
        shares=n,
        rates=rates,
        rounding=rounding,
        application_money=money,
        brokerage=charges["brokerage"],
        sfc_levy=charges["sfc_levy"],
        trading_fee=charges["trading_fee"],
        afrc_levy=charges["afrc_levy"],
        total=total,
    )


# --------------------------------------------------------------------------------------------
# Table for an offering
# --------------------------------------------------------------------------------------------


def prospectus_tiers(board_lot: int, largest: int | None = None) -> list[int]:
    """Application sizes a prospectus table would list [shares].

    Parameters
    ----------
    board_lot : int
        Shares per board lot [shares]; > 0.
    largest : int, optional
        Largest application accepted [shares] (half the initial public tranche). Without it
        only 1 to 10 lots are returned.

    Returns
    -------
    list of int
        1 to 10 lots; then the round numbers ``d x 10**k`` (d = 1..9) above 10 lots that are
        whole lots, up to ``largest``; then ``largest`` itself when it is a whole number of
        lots.

    Notes
    -----
    Prospectuses choose their own rows: MiniMax's table (board lot 20, largest 634,740)
    follows this pattern but stops the round numbers at 500,000, leaving out 600,000. Pass
    the exact rows to :func:`amount_payable_table` to reproduce a given table.

    Examples
    --------
    >>> prospectus_tiers(20, 3_000)[8:]
    [180, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 2000, 3000]
    """
    lot = _shares("board_lot", board_lot)
    tiers = [lot * k for k in range(1, 11)]
    if largest is None:
        return tiers
    cap = _shares("largest", largest)
    tiers = [t for t in tiers if t <= cap]
    exponent = len(str(10 * lot)) - 1
    while 10**exponent <= cap:
        for digit in range(1, 10):
            size = digit * 10**exponent
            if 10 * lot < size <= cap and size % lot == 0:
                tiers.append(size)
        exponent += 1
    if cap % lot == 0 and cap not in tiers:
        tiers.append(cap)
    return tiers


def _largest_application(offering: Offering, lot: int) -> int | None:
    demand = offering.demand.hk_public
    if demand is not None and demand.largest_application_shares.value is not None:
        largest: int = demand.largest_application_shares.value
        return largest
    public = offering.shares.hk_public
    if public is not None and public.initial.value is not None:
        half: int = public.initial.value // 2
        return half - half % lot or None
    return None


def _offering_rates(offering: Offering) -> tuple[ApplicationRates, str]:
    terms = offering.terms
    printed = {
        c: getattr(terms, f"{c}_pct").value
        for c in _APPLICATION_CHARGES
        if getattr(terms, f"{c}_pct").value is not None
    }
    if len(printed) == len(_APPLICATION_CHARGES):
        return ApplicationRates.from_pct(*(printed[c] for c in _APPLICATION_CHARGES)), "printed"
    on = offering.dates.offer_open.value or offering.dates.prospectus.value
    if on is None:
        raise IpoDataError(
            f"{offering.key}: terms.{{brokerage,sfc_levy,trading_fee,afrc_levy}}_pct are "
            f"incomplete (printed: {sorted(printed)}) and neither dates.offer_open nor "
            "dates.prospectus is known, so no schedule date can be chosen"
        )
    scheduled = application_rates(on)
    values = [
        printed[c] / _HUNDRED if c in printed else getattr(scheduled, c)
        for c in _APPLICATION_CHARGES
    ]
    basis = f"schedule on {on.isoformat()}" + (f", printed {sorted(printed)}" if printed else "")
    return ApplicationRates(*values), basis


_TABLE_COLUMNS = [
    "shares",
    "lots",
    "application_money",
    "brokerage",
    "sfc_levy",
    "trading_fee",
    "afrc_levy",
    "total",
]


def amount_payable_table(
    offering: Offering,
    tiers: Iterable[int] | None = None,
    *,
    price: MoneyLike | None = None,
    rounding: RoundingMode = "per_charge",
) -> pd.DataFrame:
    """Amounts payable for an offering, one row per application size, as a prospectus prints.

    Parameters
    ----------
    offering : Offering
        A Hong Kong offering with ``identity.board_lot``.
    tiers : iterable of int, optional
        Application sizes [shares], each a whole number of board lots. Default:
        :func:`prospectus_tiers` up to the largest application accepted
        (``demand.hk_public.largest_application_shares``, else half of
        ``shares.hk_public.initial``).
    price : Decimal, int or str, optional
        Price per share [HKD/share]. Default: the final offer price (``price.final``); a
        prospectus table uses the maximum of the range (MiniMax: HK$165.00).
    rounding : {"per_charge", "aggregate"}
        As in :func:`amount_payable`.

    Returns
    -------
    pandas.DataFrame
        Columns ``shares``, ``lots`` (int64) and ``application_money``, ``brokerage``,
        ``sfc_levy``, ``trading_fee``, ``afrc_levy``, ``total`` [HKD] as exact ``Decimal``
        values in object columns. ``attrs`` holds ``offering`` (key), ``price``, ``rates``
        (:class:`ApplicationRates`), ``rates_basis`` (``"printed"`` or the schedule date)
        and ``rounding``.

    Raises
    ------
    IpoDataError
        If a tier is not a whole number of board lots, the record has no board lot, or rates
        cannot be determined.

    Notes
    -----
    Rates: the record's printed ``terms.*_pct`` figures, each one that is missing taken from
    :data:`FEE_SCHEDULE` on ``dates.offer_open`` (else ``dates.prospectus``).

    Examples
    --------
    >>> import ipometrics as ipm
    >>> iluvatar = {o.key: o for o in ipm.load_offerings()}["iluvatar_corex"]
    >>> amount_payable_table(iluvatar, [100]).at[0, "total"]
    Decimal('14605.83')
    """
    lot_value = offering.identity.board_lot.value
    if lot_value is None:
        raise IpoDataError(f"{offering.key}: identity.board_lot is unknown; a table needs it")
    lot = _shares("identity.board_lot", lot_value)
    p = offering.offer_price if price is None else _positive("price", price)
    rates, basis = _offering_rates(offering)
    if tiers is None:
        sizes = prospectus_tiers(lot, _largest_application(offering, lot))
    else:
        sizes = [_shares("tier", t) for t in tiers]
        for size in sizes:
            if size % lot:
                raise IpoDataError(
                    f"tier {size:,} shares is not a whole number of board lots of {lot} "
                    f"({size:,} / {lot} = {size / lot:,.2f}); expected a multiple of {lot}"
                )
    # The rates are fixed above, so the date passed on is not consulted.
    on = offering.dates.offer_open.value or offering.dates.prospectus.value or SCHEDULE_START
    rows = [
        {**amount_payable(p, s, on=on, rounding=rounding, rates=rates).as_dict(), "lots": s // lot}
        for s in sizes
    ]
    table: pd.DataFrame = pd.DataFrame(rows, columns=_TABLE_COLUMNS)
    table.attrs.update(
        offering=offering.key, price=p, rates=rates, rates_basis=basis, rounding=rounding
    )
    return table


# --------------------------------------------------------------------------------------------
# Selling: proceeds and break-even price
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SaleProceeds:
    """What a sale of listed shares returns after costs [HKD].

    Attributes
    ----------
    price : Decimal
        Selling price [HKD/share].
    shares : int
        Shares sold [shares].
    rates : SaleRates
        Statutory rates used [fraction].
    consideration : Decimal
        ``price x shares`` [HKD].
    stamp_duty : Decimal
        Seller's stamp duty, rounded up to the whole dollar [HKD].
    sfc_levy, trading_fee, afrc_levy : Decimal
        Each rounded half-up to the cent [HKD].
    commission : Decimal
        Broker's commission, ``consideration x commission_rate`` rounded half-up to the cent
        [HKD].
    fixed_costs : Decimal
        Flat costs per sale as given (platform fee, settlement fee, trading tariff) [HKD].
    net : Decimal
        Consideration less all of the above [HKD].

    Examples
    --------
    >>> s = sale_proceeds("131.50", 100, on=date(2026, 1, 8))
    >>> s.stamp_duty, s.costs, s.net
    (Decimal('14.00'), Decimal('15.12'), Decimal('13134.88'))
    """

    price: Decimal
    shares: int
    rates: SaleRates
    consideration: Decimal
    stamp_duty: Decimal
    sfc_levy: Decimal
    trading_fee: Decimal
    afrc_levy: Decimal
    commission: Decimal
    fixed_costs: Decimal
    net: Decimal

    @property
    def costs(self) -> Decimal:
        """All selling costs [HKD]: consideration minus net."""
        return self.consideration - self.net


def sale_proceeds(
    price: MoneyLike,
    shares: int,
    *,
    on: date,
    commission_rate: MoneyLike = 0,
    fixed_costs: MoneyLike = 0,
    rates: SaleRates | None = None,
) -> SaleProceeds:
    """Net proceeds of selling listed Hong Kong shares, charge by charge.

    Parameters
    ----------
    price : Decimal, int or str
        Selling price [HKD/share]; > 0. ``float`` raises ``TypeError``.
    shares : int
        Shares sold [shares]; > 0.
    on : datetime.date
        Trade date [date]: selects the statutory rates. Not consulted when ``rates`` is given.
    commission_rate : Decimal, int or str
        Broker's commission [fraction of the consideration], default 0; e.g. ``"0.0003"``.
    fixed_costs : Decimal, int or str
        Flat costs of the sale [HKD], default 0: minimum commission top-ups, platform fees,
        the CCASS settlement fee, the HK$0.50 trading tariff before 2023.
    rates : SaleRates, optional
        Statutory rates to use instead of the schedule.

    Returns
    -------
    SaleProceeds

    Notes
    -----
    With ``C = price x shares``::

        net = C - ceil_dollar(C*d) - r(C*s) - r(C*t) - r(C*a) - r(C*k) - F

    where ``d, s, t, a`` are the stamp duty, SFC levy, trading fee and AFRC levy rates,
    ``k`` the commission rate, ``F`` the fixed costs and ``r`` half-up to the cent. The
    levies and the trading fee are charged on each side of a trade and rounded to the
    nearest cent as on an application (HKEX trading notice, reproduced at
    https://capis.com/?p=40544); stamp duty is charged per party and rounded up to the whole
    dollar (see the ``stamp_duty`` rows of :data:`FEE_SCHEDULE`).

    Examples
    --------
    >>> sale_proceeds("19.60", 200, on=date(2026, 1, 2)).net
    Decimal('3915.66')
    """
    p = _positive("price", price)
    n = _shares("shares", shares)
    on = _day(on)
    k = _rate("commission_rate", commission_rate)
    fixed = _exact("fixed_costs", fixed_costs)
    if fixed < 0:
        raise ValueError(f"fixed_costs must be >= 0, got {fixed_costs!r}")
    if rates is None:
        rates = sale_rates(on)
    elif not isinstance(rates, SaleRates):
        raise TypeError(f"rates must be a SaleRates, got {type(rates).__name__}")
    consideration = p * n
    charges = {c: _rule(c)(consideration * getattr(rates, c)) for c in _SALE_CHARGES}
    commission = _ROUNDERS["half_up_cent"](consideration * k)
    net = consideration - sum(charges.values()) - commission - fixed
    return SaleProceeds(
        price=p,
        shares=n,
        rates=rates,
        consideration=consideration,
        stamp_duty=charges["stamp_duty"],
        sfc_levy=charges["sfc_levy"],
        trading_fee=charges["trading_fee"],
        afrc_levy=charges["afrc_levy"],
        commission=commission,
        fixed_costs=fixed,
        net=net,
    )


def break_even_price(
    paid: ApplicationMoney | MoneyLike,
    shares: int | None = None,
    *,
    on: date,
    commission_rate: MoneyLike = 0,
    fixed_costs: MoneyLike = 0,
    rates: SaleRates | None = None,
) -> Decimal:
    """Lowest selling price, to the cent, whose net proceeds cover the money paid.

    Parameters
    ----------
    paid : ApplicationMoney, Decimal, int or str
        What the shares cost [HKD]: an :class:`ApplicationMoney` (its ``total``) or an
        amount. For a partial allotment pass the amount paid for the shares allotted (the
        refund covers the rest).
    shares : int, optional
        Shares to sell [shares]. Default: ``paid.shares`` when ``paid`` is an
        :class:`ApplicationMoney`; required otherwise.
    on : datetime.date
        Trade date [date] for the statutory selling costs.
    commission_rate : Decimal, int or str
        Broker's commission on the sale [fraction], default 0.
    fixed_costs : Decimal, int or str
        Flat costs of the sale [HKD], default 0.
    rates : SaleRates, optional
        Statutory rates to use instead of the schedule.

    Returns
    -------
    Decimal
        Price [HKD/share], a whole number of cents: ``sale_proceeds(price, ...).net >= paid``
        and, one cent lower, the net falls short.

    Notes
    -----
    The answer is ``min { p in 0.01 Z, p > 0 : net(p x shares) >= paid }`` with ``net`` as
    in :func:`sale_proceeds`. Because stamp duty is rounded up to the dollar, ``net`` is not
    monotone in the price (it can drop by up to a dollar when the consideration crosses a
    whole thousand dollars), so the function searches upward from a price that provably
    cannot cover, ``floor_cent((paid + F - 0.02) / (shares x (1 - R)))`` with ``R`` the sum
    of the rates, and returns the first price that does; the search is at most about
    ``105 / shares + 2`` steps. Prices are not snapped to the SEHK spread table: at HK$20 to
    HK$100 shares trade in steps of HK$0.05, so an order must be placed at a tick at or
    above the result (check it covers: the non-monotonicity can, rarely, defeat the next
    tick).

    Examples
    --------
    Biren, one lot bought at HK$19.60 with all charges, sold on the listing day:

    >>> paid = amount_payable("19.60", 200, on=date(2025, 12, 22))
    >>> break_even_price(paid, on=date(2026, 1, 2))
    Decimal('19.82')
    """
    if isinstance(paid, ApplicationMoney):
        amount = paid.total
        n = paid.shares if shares is None else _shares("shares", shares)
    else:
        amount = _positive("paid", paid)
        if shares is None:
            raise TypeError("shares is required when paid is an amount, not an ApplicationMoney")
        n = _shares("shares", shares)
    on = _day(on)
    k = _rate("commission_rate", commission_rate)
    fixed = _exact("fixed_costs", fixed_costs)
    if fixed < 0:
        raise ValueError(f"fixed_costs must be >= 0, got {fixed_costs!r}")
    if rates is None:
        rates = sale_rates(on)
    elif not isinstance(rates, SaleRates):
        raise TypeError(f"rates must be a SaleRates, got {type(rates).__name__}")
    keep = 1 - rates.total - k
    if keep <= 0:
        raise ValueError(
            f"commission_rate {k} plus statutory rates {rates.total} leave nothing of a sale; "
            "expected their sum < 1"
        )

    def covers(price: Decimal) -> bool:
        proceeds = sale_proceeds(price, n, on=on, commission_rate=k, fixed_costs=fixed, rates=rates)
        return proceeds.net >= amount

    slack = Decimal("0.02")  # four cent-rounded charges, each at most half a cent under
    start = ((amount + fixed - slack) / (n * keep)).quantize(_CENT, rounding=ROUND_FLOOR)
    price = max(start, _CENT)
    # Above this consideration every rounding is covered: stamp < exact + 1, cents < + 0.025.
    ceiling = (amount + fixed + Decimal("1.03")) / (n * keep)
    limit = math.ceil((ceiling - price) / _CENT) + 2
    for _ in range(limit):
        if covers(price):
            return price
        price += _CENT
    raise AssertionError(f"no break-even price found from {start} within {limit} cents")
