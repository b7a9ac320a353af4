"""Cohort statistics in the style of Ritter's IPO statistics, over any set of offerings.

:func:`cohort_stats` summarises a list of :class:`~ipometrics.models.Offering` in one chosen
currency: the equal-weighted, proceeds-weighted and median first-day (initial) return, the
share of deals priced at the top of their range, total gross proceeds and total money left on
the table. :func:`cohort_frame` gives the per-offering table behind it.

Conventions (each says why):

* **First-day return** is close / offer - 1 (Ritter [1]_, rules.md section 7), from the
  record's prices via :meth:`Offering.first_day_return`, never the rounded published
  percentage (one of which is wrong: Moore Threads). An offering without a published close
  is excluded from every first-day statistic, and listed in ``excluded`` with the reason.
* **Weights** are gross proceeds (offer price x final offer shares, exact) converted into the
  cohort currency. Each offering's money is converted at its **listing date** by default,
  the date its first-day close is struck; pass ``convert_on`` to use one date for all.
  A missing rate is an error naming every offering and rate concerned, never a 1:1 or a
  nearby date unless ``fx_method="previous_available"`` is asked for by name.
* **Priced at the top of the range** means final price == top of the published range.
  Deals without a published top are excluded with the record's reason (fixed-price Hong Kong
  offers; STAR issues, priced by inquiry with no range). A deal that publishes only a
  **maximum offer price** (Biren: HK$19.60, low end unknown) **counts**, by default: whether a
  price is at the top depends only on the top, and a Hong Kong maximum offer price is the top
  of the marketed price band (applicants pay it and are refunded any difference). Pass
  ``count_maximum_only=False`` to count only deals with both ends published.
* **Money left on the table** is (close - offer) x final offer shares (Loughran and
  Ritter [2]_), from :meth:`Offering.money_left_on_table`, converted like the proceeds.

Statistics are exact ``Decimal`` (quotients to 34 significant digits); the frame is float64.

References
----------
.. [1] Jay R. Ritter, *Initial Public Offerings: Updated Statistics*, notes to Table 3
   (first-day return: first close over offer price, minus one; equal-weighted averages).
.. [2] Tim Loughran and Jay R. Ritter (2002), "Why Don't Issuers Get Upset About Leaving
   Money on the Table in IPOs?", *Review of Financial Studies* 15(2): 413-444.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, localcontext
from typing import Any

import pandas as pd

from ipometrics._values import DECIMAL_CONTEXT
from ipometrics.errors import FigureUnavailableError, IpoDataError
from ipometrics.frame import to_frame
from ipometrics.fx import Conversion, FxTable, Method
from ipometrics.models import Figure, Offering

__all__ = [
    "COHORT_COLUMNS",
    "CohortGap",
    "CohortStats",
    "Exclusion",
    "cohort_frame",
    "cohort_stats",
]

_CTX = DECIMAL_CONTEXT  # the library's one context (ipometrics._values)

FIRST_DAY = "first-day return"
PRICE_RANGE = "priced at top of range"


@dataclass(frozen=True)
class Exclusion:
    """An offering left out of a statistic, and why.

    Attributes
    ----------
    key, code : str
        The offering (``"biren"``, ``"06082.HK"``).
    statistic : str
        ``"first-day return"`` (mean, weighted mean, median and money left on the table) or
        ``"priced at top of range"``.
    reason : str
        Which figure is missing and why, in the record's words.
    """

    key: str
    code: str
    statistic: str
    reason: str

    def __str__(self) -> str:
        return f"{self.key} ({self.code}) excluded from {self.statistic}: {self.reason}"


@dataclass(frozen=True)
class CohortStats:
    """Ritter-style statistics of a set of offerings in one currency.

    Attributes
    ----------
    currency : str
        Currency of every money figure (ISO 4217).
    offerings : tuple of str
        Keys of all offerings passed in.
    used : tuple of str
        Keys of the offerings in the first-day statistics (those with a close).
    mean_first_day_return, weighted_mean_first_day_return, median_first_day_return :
        Decimal or None
        Equal-weighted, gross-proceeds-weighted and median first-day return [fraction];
        ``None`` when no offering has a close.
    n_with_range, n_priced_at_top : int
        Deals with a published top of range, and those priced exactly at it [count].
    share_priced_at_top : Decimal or None
        ``n_priced_at_top / n_with_range`` [fraction]; ``None`` without any range.
    total_gross_proceeds : Decimal
        Gross proceeds of all offerings, converted [currency].
    total_money_left_on_table : Decimal
        Money left on the table of the ``used`` offerings, converted [currency].
    excluded : tuple of Exclusion
        Every offering left out of a statistic, with the reason.
    fx : dict of str to Conversion
        Offering key -> the rate applied to its money (date, rate, sources); only offerings
        whose currency differs from ``currency``.
    """

    currency: str
    offerings: tuple[str, ...]
    used: tuple[str, ...]
    mean_first_day_return: Decimal | None
    weighted_mean_first_day_return: Decimal | None
    median_first_day_return: Decimal | None
    n_with_range: int
    n_priced_at_top: int
    share_priced_at_top: Decimal | None
    total_gross_proceeds: Decimal
    total_money_left_on_table: Decimal
    excluded: tuple[Exclusion, ...]
    fx: dict[str, Conversion] = field(default_factory=dict)

    @property
    def n_used(self) -> int:
        """Deals in the first-day statistics [count]."""
        return len(self.used)

    def fx_rates(self) -> pd.DataFrame:
        """The rates used, one row per converted offering: date, rate, method, sources.

        Examples
        --------
        >>> import ipometrics as ipm
        >>> from ipometrics.fx import load_fx_rates
        >>> stats = cohort_stats(ipm.load_offerings(), "HKD", load_fx_rates())
        >>> rates = stats.fx_rates()
        >>> list(rates["key"]), [str(d) for d in rates["date"]]
        (['moore_threads', 'metax'], ['2025-12-05', '2025-12-17'])
        """
        rows = [
            {
                "key": key,
                "pair": f"{c.from_ccy}->{c.to_ccy}",
                "date": c.on,
                "rate": float(c.rate),
                "method": c.method,
                "detail": c.describe(),
                "sources": "; ".join(c.sources),
            }
            for key, c in self.fx.items()
        ]
        frame: pd.DataFrame = pd.DataFrame(
            rows, columns=["key", "pair", "date", "rate", "method", "detail", "sources"]
        )
        return frame


@dataclass(frozen=True)
class CohortGap:
    """Why one cell of :func:`cohort_frame` is empty.

    Attributes
    ----------
    code, column : str
        Row (stock code) and column.
    path : str
        The record figure that is missing.
    status : str
        ``"unknown"`` or ``"not applicable"``.
    reason : str
        The record's reason (e.g. ``"Shanghai STAR Market tranche"``).
    """

    code: str
    column: str
    path: str
    status: str
    reason: str

    def __str__(self) -> str:
        return f"{self.code} {self.column}: {self.path} is {self.status} ({self.reason})"


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _why(o: Offering, path: str) -> tuple[str, str]:
    """Status and reason of a missing figure, in the record's words."""
    status = o.status(path)
    if status == "not applicable":
        prefix = path
        while prefix and prefix not in o.not_applicable:
            prefix = prefix.rpartition(".")[0]
        return status, o.not_applicable.get(prefix, "not applicable")
    return status, "no admissible source gives it"


def _checked(offerings: Iterable[Offering], currency: str) -> list[Offering]:
    items = list(offerings)
    if not items:
        raise IpoDataError("offerings is empty; expected at least one Offering")
    for i, o in enumerate(items):
        if not isinstance(o, Offering):
            raise TypeError(f"offerings[{i}] must be an Offering, got {type(o).__name__}")
    keys = [o.key for o in items]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise IpoDataError(f"offerings lists {repeated} more than once; expected each once")
    if not isinstance(currency, str) or len(currency) != 3 or not currency.isupper():
        raise IpoDataError(f"currency must be an ISO 4217 code such as 'HKD', got {currency!r}")
    return items


def _conversions(
    items: list[Offering],
    currency: str,
    rates: FxTable,
    convert_on: date | None,
    method: Method,
) -> dict[str, Conversion]:
    """One conversion per offering; every missing rate reported at once."""
    found: dict[str, Conversion] = {}
    problems: list[str] = []
    for o in items:
        on = convert_on if convert_on is not None else o.dates.listing.value
        if on is None:  # pragma: no cover - the record requires a listing date
            problems.append(f"{o.key} ({o.code}): dates.listing is unknown")
            continue
        try:
            found[o.key] = rates.lookup(o.currency, currency, on=on, method=method)
        except IpoDataError as err:
            problems.append(f"{o.key} ({o.code}, {o.currency}, listed {on}): {err}")
    if problems:
        listing = "\n".join(f"  - {p}" for p in problems)
        raise IpoDataError(
            f"cannot express {len(problems)} offering{'s' if len(problems) > 1 else ''} in "
            f"{currency} (fx_method={method!r}):\n{listing}\n"
            "A different rate is used only when asked by name: fx_method='previous_available' "
            "or 'cross_via_cny' (the rate and date used are then reported in .fx / fx_date)."
        )
    return found


def _position(o: Offering, count_maximum_only: bool) -> tuple[str | None, str]:
    """The offer price against its published range: (position or None, reason if None)."""
    high = o.price.range_high.value
    low = o.price.range_low.value
    final = o.offer_price
    if high is None:
        status, reason = _why(o, "price.range_high")
        return None, f"price.range_high is {status} ({reason})"
    if low is None:
        if not count_maximum_only:
            status, reason = _why(o, "price.range_low")
            return None, (
                f"only a maximum offer price is published (price.range_low is {status}: "
                f"{reason}); counted only with count_maximum_only=True"
            )
        if final == high:
            return "at top (maximum offer price)", ""
        return ("above maximum" if final > high else "below maximum"), ""
    if final == high:
        return "at top", ""
    if final > high:
        return "above range", ""
    if final < low:
        return "below range", ""
    return "within range", ""


# --------------------------------------------------------------------------------------------
# Statistics
# --------------------------------------------------------------------------------------------


def cohort_stats(
    offerings: Iterable[Offering],
    currency: str,
    rates: FxTable,
    *,
    convert_on: date | None = None,
    fx_method: Method = "exact",
    count_maximum_only: bool = True,
) -> CohortStats:
    """Ritter-style IPO statistics of a set of offerings, in one currency.

    Parameters
    ----------
    offerings : iterable of Offering
        E.g. ``ipm.load_offerings()``; each key at most once.
    currency : str
        Currency of the money statistics (ISO 4217), e.g. ``"HKD"``.
    rates : FxTable
        Sourced rates, e.g. :func:`ipometrics.fx.load_fx_rates`.
    convert_on : date, optional
        Convert every offering's money on this date [date]. Default: each offering's listing
        date.
    fx_method : {"exact", "previous_available", "cross_via_cny"}
        How rates may be found (:meth:`ipometrics.fx.FxTable.lookup`); default only the
        rate of the date itself.
    count_maximum_only : bool
        Whether a deal with only a maximum offer price (no published low end) counts in the
        share priced at the top. Default True (see the module notes).

    Returns
    -------
    CohortStats
        The statistics, the offerings used and excluded (with reasons) and the FX rates used.

    Raises
    ------
    IpoDataError
        An empty or repeated set, or money that cannot be converted: the message lists every
        offering and the rate it lacks (pair and date).

    Notes
    -----
    ``mean = sum(r_i) / n``; ``weighted = sum(G_i r_i) / sum(G_i)`` with ``G_i`` the gross
    proceeds in ``currency``; ``median`` of the ``r_i``; ``r_i = close_i / offer_i - 1``.

    References
    ----------
    Jay R. Ritter, *Initial Public Offerings: Updated Statistics*, Table 3 and notes;
    Loughran and Ritter (2002), *Review of Financial Studies* 15(2): 413-444.

    Examples
    --------
    >>> import ipometrics as ipm
    >>> from ipometrics.fx import load_fx_rates
    >>> stats = cohort_stats(ipm.load_offerings(), "HKD", load_fx_rates())
    >>> stats.n_used, round(stats.mean_first_day_return, 4), stats.share_priced_at_top
    (5, Decimal('2.4982'), Decimal('1'))
    >>> [str(e) for e in stats.excluded if e.key == "biren"]
    ['biren (06082.HK) excluded from first-day return: first_day.close is unknown (no
    admissible source gives it)']
    """
    items = _checked(offerings, currency)
    conversions = _conversions(items, currency, rates, convert_on, fx_method)
    excluded: list[Exclusion] = []
    returns: list[Decimal] = []
    weights: list[Decimal] = []
    left: list[Decimal] = []
    used: list[str] = []
    grosses: list[Decimal] = []
    n_range = n_top = 0
    for o in items:
        conv = conversions[o.key]
        gross = conv.apply(o.gross_proceeds())
        grosses.append(gross)
        try:
            r = o.first_day_return("close")
            money_left = o.money_left_on_table()
        except FigureUnavailableError as err:
            status, reason = _why(o, err.path)
            excluded.append(
                Exclusion(o.key, o.code, FIRST_DAY, f"{err.path} is {status} ({reason})")
            )
        else:
            used.append(o.key)
            returns.append(r)
            weights.append(gross)
            left.append(conv.apply(money_left))
        position, why_not = _position(o, count_maximum_only)
        if position is None:
            excluded.append(Exclusion(o.key, o.code, PRICE_RANGE, why_not))
        else:
            n_range += 1
            n_top += position.startswith("at top")
    with localcontext(_CTX):
        total_weight = sum(weights, Decimal(0))
        weighted = (
            sum((w * r for w, r in zip(weights, returns, strict=True)), Decimal(0)) / total_weight
            if returns and total_weight > 0
            else None
        )
        mean = sum(returns, Decimal(0)) / len(returns) if returns else None
        median = statistics.median(returns) if returns else None
        share_top = Decimal(n_top) / n_range if n_range else None
        gross_total = sum(grosses, Decimal(0))
        left_total = sum(left, Decimal(0))
    return CohortStats(
        currency=currency,
        offerings=tuple(o.key for o in items),
        used=tuple(used),
        mean_first_day_return=mean,
        weighted_mean_first_day_return=weighted,
        median_first_day_return=median,
        n_with_range=n_range,
        n_priced_at_top=n_top,
        share_priced_at_top=share_top,
        total_gross_proceeds=gross_total,
        total_money_left_on_table=left_total,
        excluded=tuple(excluded),
        fx={k: c for k, c in conversions.items() if not c.is_identity},
    )


# --------------------------------------------------------------------------------------------
# Per-offering frame
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Market:
    frame_column: str
    path: str
    doc: str
    scale: float = 1.0


#: Market-specific columns: cohort column -> (to_frame column, record path, description).
_MARKET: dict[str, _Market] = {
    "public_multiple": _Market(
        "public_multiple",
        "demand.hk_public.subscription_multiple",
        "Hong Kong public offer multiple, as published (shares applied / initial public "
        "shares) [times]; NaN for other markets",
    ),
    "placing_multiple": _Market(
        "placing_multiple",
        "demand.hk_international.subscription_multiple",
        "Hong Kong international placing multiple, as published [times]; NaN for other markets",
    ),
    "one_lot_success_rate": _Market(
        "one_lot_success_rate",
        "demand.hk_public.one_lot_success_rate_pct",
        "Hong Kong one-lot success rate, as published [fraction]; NaN for other markets",
        0.01,
    ),
    "online_multiple": _Market(
        "online_multiple",
        "demand.star_online.subscription_multiple",
        "STAR online multiple, as published (valid shares applied / online shares before the "
        "clawback) [times]; NaN for other markets",
    ),
    "lottery_rate_final": _Market(
        "lottery_rate",
        "demand.star_online.lottery_rate_final_pct",
        "STAR online lottery rate after the clawback, as published [fraction]; NaN for other "
        "markets",
        0.01,
    ),
    "offline_multiple": _Market(
        "offline_multiple",
        "demand.star_offline.subscription_multiple",
        "STAR offline placement multiple, as published (its basis is in the record) [times]; "
        "NaN for other markets",
    ),
}

_MONEY: dict[str, tuple[Callable[[Offering], Decimal], str]] = {
    "gross_proceeds": (
        lambda o: o.gross_proceeds(),
        "offer price x final offer shares, converted [currency]",
    ),
    "market_cap_offer": (
        lambda o: o.market_cap("offer"),
        "offer price x shares in issue after listing, converted [currency]",
    ),
    "market_cap_close": (
        lambda o: o.market_cap("close"),
        "first-day close x shares in issue after listing, converted [currency]",
    ),
    "money_left_on_table": (
        lambda o: o.money_left_on_table(),
        "(first-day close - offer price) x final offer shares, converted [currency]",
    ),
}

#: Every column of :func:`cohort_frame`, in order, with its description and unit. The index
#: is ``code`` (stock code with market suffix).
COHORT_COLUMNS: dict[str, str] = {
    "key": "short identifier of the record [text]",
    "name": "short English name [text]",
    "exchange": "SEHK, SSE or SZSE [text]",
    "market": "'Hong Kong' or 'STAR' (selects the market-specific columns) [text]",
    "listing_date": "first trading day [date]",
    "offer_currency": "currency the offering was priced in (ISO 4217) [text]",
    "currency": "currency of every money column of the frame (ISO 4217) [text]",
    "close_return": "first-day close / offer price - 1, from ipometrics.to_frame [fraction]",
    "open_return": "first-day open / offer price - 1, from ipometrics.to_frame [fraction]",
    "price_position": "offer price against the published range: 'at top', 'within range', "
    "'below range', 'above range', or '... maximum' for a maximum-only price; missing "
    "without a range [text]",
    **{k: v.doc for k, v in _MARKET.items()},
    **{k: doc for k, (_, doc) in _MONEY.items()},
    "fx_rate": "cohort currency per 1 unit of offer currency applied to the money columns "
    "(1 for the same currency) [currency/offer currency]",
    "fx_date": "date of the rate used; None when no conversion was needed [date]",
    "fx_method": "identity, exact, previous_available or cross_via_cny [text]",
    "fx_source": "pages the rate was read from [text]",
}


def _market(o: Offering) -> str:
    if o.identity.exchange.value == "SEHK":
        return "Hong Kong"
    if o.shares.star_online is not None or o.demand.star_online is not None:
        return "STAR"
    return str(o.identity.exchange.value)


def _float(value: Any) -> float:
    return float(value)


def _figure_value(o: Offering, path: str, scale: float) -> float:
    node = o.figure(path)
    value = node.value if isinstance(node, Figure) else None
    return float("nan") if value is None else float(value) * scale


def cohort_frame(
    offerings: Iterable[Offering],
    currency: str,
    rates: FxTable,
    *,
    convert_on: date | None = None,
    fx_method: Method = "exact",
    count_maximum_only: bool = True,
) -> pd.DataFrame:
    """One row per offering: returns, market-specific demand and money in one currency.

    Parameters
    ----------
    offerings : iterable of Offering
        E.g. ``ipm.load_offerings()``.
    currency : str
        Currency of the money columns (ISO 4217).
    rates : FxTable
        Sourced rates, e.g. :func:`ipometrics.fx.load_fx_rates`.
    convert_on : date, optional
        One conversion date for all rows [date]; default each offering's listing date.
    fx_method : {"exact", "previous_available", "cross_via_cny"}
        How rates may be found; see :meth:`ipometrics.fx.FxTable.lookup`.
    count_maximum_only : bool
        Whether a maximum-only offer price gets a ``price_position`` (default True).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``code``; the columns of :data:`COHORT_COLUMNS`. Returns and demand
        columns come from :func:`ipometrics.to_frame`; money is each record's exact figure
        converted with :mod:`ipometrics.fx`, then float64. Hong Kong and STAR columns are
        kept apart (NaN where they do not apply); ``attrs["unavailable"]`` lists a
        :class:`CohortGap` for every empty cell, with the record's reason, and
        ``attrs["currency"]`` the cohort currency.

    Raises
    ------
    IpoDataError
        Money that cannot be converted: the message lists every offering and missing rate.

    Examples
    --------
    >>> import ipometrics as ipm
    >>> from ipometrics.fx import load_fx_rates
    >>> df = cohort_frame(ipm.load_offerings(), "HKD", load_fx_rates())
    >>> float(round(df.loc["688795.SH", "gross_proceeds"] / 1e6, 1))  # CNY 7,999.6m / 0.90906
    8799.9
    >>> df.loc["688795.SH", "fx_date"], df.loc["02513.HK", "fx_method"]
    (datetime.date(2025, 12, 5), 'identity')
    """
    items = _checked(offerings, currency)
    conversions = _conversions(items, currency, rates, convert_on, fx_method)
    base = to_frame(items)
    gaps: list[CohortGap] = []
    rows: list[dict[str, Any]] = []
    for o in items:
        conv = conversions[o.key]
        position, _ = _position(o, count_maximum_only)
        row: dict[str, Any] = {
            "code": o.code,
            "key": o.key,
            "name": o.name,
            "exchange": o.identity.exchange.value,
            "market": _market(o),
            "listing_date": o.dates.listing.value,
            "offer_currency": o.currency,
            "currency": currency,
            "close_return": _float(base.at[o.code, "close_return"]),
            "open_return": _float(base.at[o.code, "open_return"]),
            "price_position": position,
        }
        if position is None:
            path = "price.range_high" if o.price.range_high.value is None else "price.range_low"
            gaps.append(CohortGap(o.code, "price_position", path, *_why(o, path)))
        for column, path in (
            ("close_return", "first_day.close"),
            ("open_return", "first_day.open"),
        ):
            if pd.isna(row[column]):
                gaps.append(CohortGap(o.code, column, path, *_why(o, path)))
        for column, spec in _MARKET.items():
            value = (
                _float(base.at[o.code, spec.frame_column])
                if spec.frame_column in base.columns
                else _figure_value(o, spec.path, spec.scale)
            )
            row[column] = value
            if pd.isna(value):
                gaps.append(CohortGap(o.code, column, spec.path, *_why(o, spec.path)))
        for column, (getter, _) in _MONEY.items():
            try:
                row[column] = float(conv.apply(getter(o)))
            except FigureUnavailableError as err:
                row[column] = float("nan")
                gaps.append(CohortGap(o.code, column, err.path, *_why(o, err.path)))
        row.update(
            fx_rate=float(conv.rate),
            fx_date=None if conv.is_identity else conv.on,
            fx_method=conv.method,
            fx_source="same currency: no conversion"
            if conv.is_identity
            else "; ".join(conv.sources),
        )
        rows.append(row)
    frame: pd.DataFrame = pd.DataFrame(rows, columns=["code", *COHORT_COLUMNS]).set_index("code")
    frame.attrs["unavailable"] = gaps
    frame.attrs["currency"] = currency
    return frame
