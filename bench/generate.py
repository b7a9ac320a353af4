"""Seeded synthetic offerings as a flat table (:func:`ipometrics.io.to_table`'s columns).

The rows look like real Hong Kong (SEHK, about three in four) and Shanghai STAR Market (SSE)
offerings: prices on a cent grid inside their range, offers and Hong Kong tranches in whole
board lots, a clawback that moves shares from the placing to the public tranche by the
subscription multiple, STAR strategic/offline/online tranches with their clawback, dates in
order and first-day prices. Some figures are unknown (blank), as in the bundled records.
Every published figure cites source ``S1``, so the table reads back with
:func:`ipometrics.io.read_table` without a single problem.

Generation is vectorised (numpy), so 10**6 rows take a few seconds. Counts are ``int64``
where every row has one and ``float64`` (``NaN`` for unknown) otherwise; prices and money are
``float64``; dates (ISO text), codes and source ids are text.

:func:`corrupt` then breaks chosen rows in known ways (a price outside its range, tranches
that do not add up, a bad date, ...), for tests that compare the columnar and record
validators.

Examples
--------
>>> table = generate_table(1_000, seed=1)
>>> table.shape[0], table["identity.exchange"].isin(["SEHK", "SSE"]).all()
(1000, np.True_)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = ["BREACHES", "FIGURES", "SAME_DTYPES", "corrupt", "generate_table"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: The figure paths a generated table fills, in flat-table order.
FIGURES: tuple[str, ...] = (
    "identity.name_en",
    "identity.stock_code",
    "identity.exchange",
    "identity.currency",
    "identity.board_lot",
    "dates.prospectus",
    "dates.offer_open",
    "dates.offer_close",
    "dates.allotment_results",
    "dates.listing",
    "price.range_low",
    "price.range_high",
    "price.final",
    "shares.offer_initial",
    "shares.offer_size_adjustment_option_exercised",
    "shares.offer_final",
    "shares.shares_in_issue_after_listing",
    "shares.hk_public.initial",
    "shares.hk_public.reallocated",
    "shares.hk_public.final",
    "shares.hk_international.initial",
    "shares.hk_international.reallocated",
    "shares.hk_international.final",
    "shares.star_strategic.initial",
    "shares.star_strategic.final",
    "shares.star_strategic.returned_to_offline",
    "shares.star_offline.initial",
    "shares.star_offline.final",
    "shares.star_online.initial",
    "shares.star_online.clawback_from_offline",
    "shares.star_online.final",
    "proceeds.expenses",
    "demand.hk_public.valid_applications",
    "demand.hk_public.successful_applications",
    "demand.hk_public.subscription_multiple",
    "demand.hk_public.pool_a_valid_applications",
    "demand.hk_public.pool_a_successful_applications",
    "demand.hk_public.pool_b_valid_applications",
    "demand.hk_public.pool_b_successful_applications",
    "demand.hk_international.subscription_multiple",
    "demand.star_online.subscription_multiple",
    "first_day.date",
    "first_day.open",
    "first_day.close",
)

_BOARD_LOTS = np.array([100, 200, 250, 400, 500, 1000, 2000], dtype=np.int64)
_STAR_UNIT = 500  # STAR online orders are in units of 500 shares
_FIRST_LISTING = np.datetime64("2015-01-05", "D")


def _lots(shares: npt.NDArray[np.floating[Any]], lot: IntArray) -> IntArray:
    """Round a share count down to whole lots [shares]."""
    return (np.floor(shares / lot) * lot).astype(np.int64)


def _iso(days: IntArray, known: BoolArray) -> npt.NDArray[np.object_]:
    """Days after the first listing date as ISO text, ``None`` where unknown."""
    first, last = int(days.min(initial=0)), int(days.max(initial=0))
    calendar = (_FIRST_LISTING + np.arange(first, last + 1)).astype("datetime64[D]")
    text: npt.NDArray[np.object_] = np.datetime_as_string(calendar, unit="D").astype(object)
    out = text[days - first]  # one str object per distinct day
    out[~known] = None
    return out


def _column(values: npt.NDArray[Any], known: BoolArray) -> npt.NDArray[Any]:
    """Values with NaN (numbers) or None (text) where unknown; whole numbers stay int64."""
    if values.dtype.kind in "iuf":
        if known.all():
            return values
        out = values.astype(np.float64)
        out[~known] = np.nan
        return out
    text: npt.NDArray[Any] = values.copy()
    text[~known] = None
    return text


def generate_table(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` synthetic offerings as a flat table that passes every validation rule.

    Parameters
    ----------
    n : int
        Number of offerings (rows).
    seed : int
        Seed of the random generator: the same ``(n, seed)`` gives the same table.

    Returns
    -------
    pandas.DataFrame
        ``key``, then ``<path>`` and ``<path>.src`` for every path of :data:`FIGURES`, then
        the source ``S1`` (``sources.S1.tier``, ``.url``, ``.document``). RangeIndex.

    Examples
    --------
    >>> t = generate_table(5, seed=7)
    >>> bool((t["shares.offer_final"] > 0).all())
    True
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n!r}")
    rng = np.random.default_rng(seed)
    hk = rng.random(n) < 0.75
    star = ~hk
    every = np.ones(n, dtype=bool)
    values: dict[str, tuple[npt.NDArray[Any], BoolArray]] = {}

    # Identity.
    index = np.arange(n)
    width = max(7, len(str(n)))
    values["identity.name_en"] = (
        np.array([f"Synthetic Offering {i}" for i in index], dtype=object),
        every,
    )
    hk_code = rng.integers(1, 10_000, n)
    star_code = 688_000 + rng.integers(0, 1000, n)
    values["identity.stock_code"] = (
        np.array(
            [
                f"{h:05d}" if is_hk else f"{s:06d}"
                for h, s, is_hk in zip(hk_code, star_code, hk, strict=True)
            ],
            dtype=object,
        ),
        every,
    )
    values["identity.exchange"] = (np.where(hk, "SEHK", "SSE").astype(object), every)
    values["identity.currency"] = (np.where(hk, "HKD", "CNY").astype(object), every)
    lot = np.where(hk, rng.choice(_BOARD_LOTS, n), 1).astype(np.int64)
    values["identity.board_lot"] = (lot, hk)

    # Dates [days after 2015-01-05]: prospectus <= open <= close <= allotment <= listing.
    listing = rng.integers(10, 4000, n)
    allotment = listing - np.where(hk, 1, 10)
    close = allotment - np.where(hk, rng.integers(1, 3, n), 1)
    open_ = close - np.where(hk, rng.integers(2, 6, n), 0)
    prospectus = np.where(hk, open_, listing - 6)
    listed = rng.random(n) < 0.97  # the rest have no first-day figures yet
    values["dates.prospectus"] = (_iso(prospectus, every), every)
    values["dates.offer_open"] = (_iso(open_, every), every)
    values["dates.offer_close"] = (_iso(close, every), every)
    values["dates.allotment_results"] = (_iso(allotment, every), every)
    values["dates.listing"] = (_iso(listing, every), every)

    # Prices [currency/share] on a cent grid; a third of Hong Kong deals have no range.
    ranged = hk & (rng.random(n) < 0.67)
    high = np.round(np.exp(rng.normal(np.log(15.0), 1.0, n)) + 1.0, 2)
    low = np.round(high * rng.uniform(0.75, 0.95, n), 2)
    final = np.where(
        ranged, np.clip(np.round(rng.uniform(low, high), 2), low, high), np.round(high, 2)
    )
    values["price.range_low"] = (low, ranged)
    values["price.range_high"] = (high, ranged)
    values["price.final"] = (final, every)

    # Offer [shares]: whole board lots in Hong Kong, 500-share units on STAR.
    unit = np.where(hk, lot, _STAR_UNIT)
    offer_initial = _lots(np.exp(rng.uniform(np.log(2e6), np.log(1e9), n)), unit)
    option_known = rng.random(n) < 0.4
    exercised = np.where(
        option_known & hk & (rng.random(n) < 0.75), _lots(offer_initial * 0.15, unit), 0
    )
    offer_final = offer_initial + exercised
    values["shares.offer_initial"] = (offer_initial, every)
    values["shares.offer_size_adjustment_option_exercised"] = (exercised, option_known & hk)
    values["shares.offer_final"] = (offer_final, every)
    outstanding = np.round(offer_final * rng.uniform(4.0, 20.0, n)).astype(np.int64)
    values["shares.shares_in_issue_after_listing"] = (outstanding, rng.random(n) < 0.98)

    # Hong Kong tranches: 10 % public at launch, clawback to 30/40/50 % by demand.
    multiple = np.round(np.exp(rng.normal(np.log(40.0), 2.0, n)), 2)
    pub_initial = _lots(offer_initial * 0.10, lot)
    share = np.select([multiple >= 100, multiple >= 50, multiple >= 15], [0.5, 0.4, 0.3], 0.10)
    moved = np.maximum(_lots(offer_initial * share, lot) - pub_initial, 0)
    realloc_known = hk & (rng.random(n) < 0.8)
    values["shares.hk_public.initial"] = (pub_initial, hk)
    values["shares.hk_public.reallocated"] = (moved, realloc_known)
    values["shares.hk_public.final"] = (pub_initial + moved, hk)
    intl_initial = offer_initial - pub_initial
    values["shares.hk_international.initial"] = (intl_initial, hk)
    values["shares.hk_international.reallocated"] = (-moved, realloc_known)
    values["shares.hk_international.final"] = (intl_initial - moved + exercised, hk)

    # STAR tranches: strategic 20 %, online 20 % of the rest, clawback from offline.
    strat_initial = _lots(offer_initial * 0.20, unit)
    returned = np.where(rng.random(n) < 0.5, _lots(strat_initial * rng.uniform(0, 0.1, n), unit), 0)
    strat_final = strat_initial - returned
    rest = offer_final - strat_final
    online_initial = _lots(rest * 0.20, unit)
    offline_initial = rest - online_initial
    clawback = _lots(rest * rng.uniform(0.0, 0.10, n), unit)
    values["shares.star_strategic.initial"] = (strat_initial, star)
    values["shares.star_strategic.final"] = (strat_final, star)
    values["shares.star_strategic.returned_to_offline"] = (returned, star)
    values["shares.star_offline.initial"] = (offline_initial, star)
    values["shares.star_offline.final"] = (offline_initial - clawback, star)
    values["shares.star_online.initial"] = (online_initial, star)
    values["shares.star_online.clawback_from_offline"] = (clawback, star)
    values["shares.star_online.final"] = (online_initial + clawback, star)

    # Listing expenses [currency], published to the nearest 0.1 million.
    gross = final * offer_final
    expenses = np.round(gross * rng.uniform(0.03, 0.09, n), -5)
    values["proceeds.expenses"] = (expenses, rng.random(n) < 0.95)

    # Demand: applications [count] in pools A and B; multiples [times].
    valid = np.round(np.exp(rng.uniform(np.log(500), np.log(500_000), n))).astype(np.int64)
    pool_a_valid = np.round(valid * rng.uniform(0.80, 0.97, n)).astype(np.int64)
    pool_b_valid = valid - pool_a_valid
    pool_a_won = np.round(pool_a_valid * rng.uniform(0.05, 1.0, n)).astype(np.int64)
    pool_b_won = np.round(pool_b_valid * rng.uniform(0.05, 1.0, n)).astype(np.int64)
    pools_known = hk & (rng.random(n) < 0.9)
    values["demand.hk_public.valid_applications"] = (valid, hk)
    values["demand.hk_public.successful_applications"] = (pool_a_won + pool_b_won, hk)
    values["demand.hk_public.subscription_multiple"] = (multiple, hk)
    values["demand.hk_public.pool_a_valid_applications"] = (pool_a_valid, pools_known)
    values["demand.hk_public.pool_a_successful_applications"] = (pool_a_won, pools_known)
    values["demand.hk_public.pool_b_valid_applications"] = (pool_b_valid, pools_known)
    values["demand.hk_public.pool_b_successful_applications"] = (pool_b_won, pools_known)
    placing = np.round(np.exp(rng.normal(np.log(8.0), 1.0, n)), 2)
    values["demand.hk_international.subscription_multiple"] = (placing, hk)
    values["demand.star_online.subscription_multiple"] = (
        np.round(np.exp(rng.normal(np.log(3000.0), 0.5, n)), 2),
        star,
    )

    # First day [currency/share]: a log-normal move from the offer price, on a cent grid.
    open_price = np.maximum(np.round(final * np.exp(rng.normal(0.05, 0.25, n)), 2), 0.01)
    close_price = np.maximum(np.round(open_price * np.exp(rng.normal(0.02, 0.15, n)), 2), 0.01)
    values["first_day.date"] = (_iso(listing, listed), listed)
    values["first_day.open"] = (open_price, listed & (rng.random(n) < 0.9))
    values["first_day.close"] = (close_price, listed)

    columns: dict[str, npt.NDArray[Any]] = {
        "key": np.array([f"syn_{i:0{width}d}" for i in index], dtype=object)
    }
    cited = np.full(n, "S1", dtype=object)
    for path in FIGURES:
        data, known = values[path]
        columns[path] = _column(data, known)
        columns[f"{path}.src"] = _column(cited, known)
    columns["sources.S1.tier"] = np.full(n, "official_announcement", dtype=object)
    columns["sources.S1.url"] = np.full(n, "https://example.invalid/allotment.pdf", dtype=object)
    columns["sources.S1.document"] = np.full(n, "Synthetic allotment results", dtype=object)
    # Text stays object dtype, as in to_table (pandas would otherwise check every cell again).
    table: pd.DataFrame = pd.DataFrame(
        {name: pd.Series(data, dtype=data.dtype, copy=False) for name, data in columns.items()},
        copy=False,
    )
    return table


# --------------------------------------------------------------------------------------------
# Breaking rows on purpose
# --------------------------------------------------------------------------------------------

_Breach = Callable[[pd.DataFrame, IntArray], None]


def _put(table: pd.DataFrame, column: str, rows: IntArray, values: object) -> None:
    """Write values into rows of a column, widening it to object when the type differs."""
    if len(rows) == 0:
        return
    series = table[column]
    probe = pd.Series(values if isinstance(values, list | np.ndarray) else [values])
    numeric = pd.api.types.is_numeric_dtype(probe.dtype) and not pd.api.types.is_bool_dtype(
        probe.dtype
    )
    if pd.api.types.is_numeric_dtype(series.dtype) and numeric:
        if series.dtype.kind == "i" and probe.dtype.kind == "f":
            table[column] = series.astype(np.float64)
    else:
        table[column] = series.astype(object)
    table.loc[table.index[rows], column] = values  # type: ignore[call-overload]


def _num(table: pd.DataFrame, column: str, rows: IntArray) -> FloatArray:
    return pd.to_numeric(table[column].iloc[rows]).to_numpy(dtype=np.float64)


def _shift_date(table: pd.DataFrame, source: str, target: str, rows: IntArray, days: int) -> None:
    shifted = pd.to_datetime(table[source].iloc[rows]) + pd.Timedelta(days=days)
    _put(table, target, rows, list(shifted.dt.strftime("%Y-%m-%d")))
    _put(table, f"{target}.src", rows, "S1")


def _b_range_swapped(t: pd.DataFrame, rows: IntArray) -> None:
    low, high = _num(t, "price.range_low", rows), _num(t, "price.range_high", rows)
    _put(t, "price.range_low", rows, high)
    _put(t, "price.range_high", rows, low)


def _b_final_above_range(t: pd.DataFrame, rows: IntArray) -> None:
    _put(t, "price.final", rows, np.round(_num(t, "price.range_high", rows) * 1.5, 2))


def _b_open_after_listing(t: pd.DataFrame, rows: IntArray) -> None:
    _shift_date(t, "dates.listing", "dates.offer_open", rows, 5)


def _b_first_day_not_listing(t: pd.DataFrame, rows: IntArray) -> None:
    _shift_date(t, "dates.listing", "first_day.date", rows, 1)


def _b_offer_size(t: pd.DataFrame, rows: IntArray) -> None:
    lot = np.nan_to_num(_num(t, "identity.board_lot", rows), nan=500.0)
    _put(t, "shares.offer_final", rows, _num(t, "shares.offer_final", rows) + lot)


def _b_public_final(t: pd.DataFrame, rows: IntArray) -> None:
    lot = _num(t, "identity.board_lot", rows)
    _put(t, "shares.hk_public.final", rows, _num(t, "shares.hk_public.final", rows) + lot)


def _b_public_initial_odd(t: pd.DataFrame, rows: IntArray) -> None:
    _put(t, "shares.hk_public.initial", rows, _num(t, "shares.hk_public.initial", rows) + 1)


def _b_pools(t: pd.DataFrame, rows: IntArray) -> None:
    column = "demand.hk_public.pool_a_valid_applications"
    _put(t, column, rows, _num(t, column, rows) + 1)


def _b_successful(t: pd.DataFrame, rows: IntArray) -> None:
    valid = _num(t, "demand.hk_public.valid_applications", rows)
    _put(t, "demand.hk_public.successful_applications", rows, valid + 1)


def _b_stock_code(t: pd.DataFrame, rows: IntArray) -> None:
    _put(t, "identity.stock_code", rows, "1234")


def _b_negative_count(t: pd.DataFrame, rows: IntArray) -> None:
    _put(t, "shares.hk_international.initial", rows, -_num(t, "identity.board_lot", rows))


def _b_zero_price(t: pd.DataFrame, rows: IntArray) -> None:
    _put(t, "price.final", rows, 0.0)


def _b_missing_src(t: pd.DataFrame, rows: IntArray) -> None:
    _put(t, "first_day.close.src", rows, None)


def _b_missing_price(t: pd.DataFrame, rows: IntArray) -> None:
    _put(t, "price.final", rows, np.nan)
    _put(t, "price.final.src", rows, None)


def _b_bad_date(t: pd.DataFrame, rows: IntArray) -> None:
    _put(t, "dates.listing", rows, "2025-02-30")


def _b_currency(t: pd.DataFrame, rows: IntArray) -> None:
    _put(t, "identity.currency", rows, "hkd")


def _b_exchange(t: pd.DataFrame, rows: IntArray) -> None:
    _put(t, "identity.exchange", rows, "NYSE")


def _b_star_clawback(t: pd.DataFrame, rows: IntArray) -> None:
    column = "shares.star_online.final"
    _put(t, column, rows, _num(t, column, rows) + _STAR_UNIT)


def _b_fractional(t: pd.DataFrame, rows: IntArray) -> None:
    _put(t, "shares.offer_final", rows, _num(t, "shares.offer_final", rows) + 0.5)


def _b_board_lot_zero(t: pd.DataFrame, rows: IntArray) -> None:
    _put(t, "identity.board_lot", rows, 0.0)


def _b_blank_name(t: pd.DataFrame, rows: IntArray) -> None:
    _put(t, "identity.name_en", rows, "   ")


def _b_price_text(t: pd.DataFrame, rows: IntArray) -> None:
    _put(t, "price.final", rows, "12.3.4")


#: Ways to break a row: name -> (rows it applies to, breach). Every breach but
#: ``"price_text"`` keeps the column dtypes.
BREACHES: dict[str, tuple[str, _Breach]] = {
    "range_swapped": ("ranged", _b_range_swapped),
    "final_above_range": ("ranged", _b_final_above_range),
    "open_after_listing": ("both", _b_open_after_listing),
    "first_day_not_listing": ("both", _b_first_day_not_listing),
    "offer_size": ("both", _b_offer_size),
    "public_final": ("SEHK", _b_public_final),
    "public_initial_odd": ("SEHK", _b_public_initial_odd),
    "pools": ("pooled", _b_pools),
    "successful": ("SEHK", _b_successful),
    "stock_code": ("both", _b_stock_code),
    "negative_count": ("SEHK", _b_negative_count),
    "zero_price": ("both", _b_zero_price),
    "missing_src": ("listed", _b_missing_src),
    "missing_price": ("both", _b_missing_price),
    "bad_date": ("both", _b_bad_date),
    "currency": ("both", _b_currency),
    "exchange": ("both", _b_exchange),
    "star_clawback": ("SSE", _b_star_clawback),
    "fractional": ("both", _b_fractional),
    "board_lot_zero": ("SEHK", _b_board_lot_zero),
    "blank_name": ("both", _b_blank_name),
    "price_text": ("both", _b_price_text),
}


#: The breaches that keep every column's dtype (numbers stay numbers).
SAME_DTYPES: tuple[str, ...] = tuple(name for name in BREACHES if name != "price_text")


def corrupt(
    table: pd.DataFrame,
    fraction: float = 0.01,
    seed: int = 0,
    breaches: tuple[str, ...] | None = None,
) -> tuple[pd.DataFrame, pd.Series[str]]:
    """A copy of a generated table with a fraction of its rows broken, one breach per row.

    Parameters
    ----------
    table : pandas.DataFrame
        A table from :func:`generate_table`.
    fraction : float
        Share of rows to break [fraction]; the breaches of :data:`BREACHES` take turns.
    seed : int
        Seed for choosing the rows.
    breaches : tuple of str, optional
        Names of :data:`BREACHES` to use (default all). ``"price_text"`` writes text into
        ``price.final``, which turns that column into an object column.

    Returns
    -------
    (pandas.DataFrame, pandas.Series)
        The broken copy, and for every broken row (by index label) the breach applied.

    Examples
    --------
    >>> broken, applied = corrupt(generate_table(200, seed=3), fraction=0.1, seed=3)
    >>> len(applied) > 0
    True
    """
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"fraction must be in [0, 1], got {fraction!r}")
    out = table.copy()
    rng = np.random.default_rng(seed)
    exchange = out["identity.exchange"].to_numpy(dtype=object)
    ranged = out["price.range_low"].notna().to_numpy()
    listed = out["first_day.close"].notna().to_numpy()
    eligible = {
        "both": np.ones(len(out), dtype=bool),
        "SEHK": exchange == "SEHK",
        "SSE": exchange == "SSE",
        "ranged": ranged,
        "listed": listed,
        "pooled": out["demand.hk_public.pool_a_valid_applications"].notna().to_numpy(),
    }
    names = list(BREACHES if breaches is None else breaches)
    unknown = sorted(set(names) - set(BREACHES))
    if unknown:
        raise ValueError(f"breaches must be names of BREACHES, got {unknown}")
    # The breaches take turns, each taking the next row (in a random order) it applies to.
    budget = round(fraction * len(out))
    order = rng.permutation(len(out))
    candidates = {name: iter(order[eligible[BREACHES[name][0]][order]]) for name in names}
    used: set[int] = set()
    applied: dict[int, str] = {}
    while len(applied) < budget and candidates:
        for name in list(candidates):
            row = next((int(r) for r in candidates[name] if int(r) not in used), None)
            if row is None:
                del candidates[name]
                continue
            used.add(row)
            applied[row] = name
            if len(applied) == budget:
                break
    for name in names:
        breach = BREACHES[name][1]
        rows = np.array(sorted(r for r, b in applied.items() if b == name), dtype=np.int64)
        breach(out, rows)
    labels = out.index[sorted(applied)]
    return out, pd.Series([applied[r] for r in sorted(applied)], index=labels, dtype=str)
