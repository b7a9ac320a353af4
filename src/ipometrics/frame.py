"""Offerings side by side: one pandas row per offering, published inputs and metric columns.

:func:`to_frame` copies the published figures each metric needs into columns, then computes
every metric column with the vectorised formulas of :mod:`ipometrics.metrics` (the same ones
the :class:`~ipometrics.models.Offering` methods call). Numbers are ``float64`` (``NaN``
where the record has no figure) and counts nullable ``Int64`` (``<NA>``). The exact
``Decimal`` path is the record methods; the tests show the two agree to the cent.

A metric that cannot be computed is ``NaN`` and never a guess: ``frame.attrs["unavailable"]``
lists, for each such cell, the figure that is missing and why.

Columns
-------
The names are documented once, in :data:`COLUMNS` (name -> description with unit).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from ipometrics import metrics
from ipometrics.models import Figure, Offering

__all__ = ["COLUMNS", "COUNT_COLUMNS", "INPUT_COLUMNS", "METRIC_COLUMNS", "Unavailable", "to_frame"]


@dataclass(frozen=True)
class _Input:
    path: str | None
    doc: str
    scale: float = 1.0


#: Published inputs: column -> (record path, description [unit]).
_INPUTS: dict[str, _Input] = {
    "offer_price": _Input("price.final", "final offer price [currency/share]"),
    "offer_shares": _Input(
        "shares.offer_final",
        "shares in the final offer, offer-size-adjustment shares included, over-allotment "
        "excluded [shares]",
    ),
    "shares_outstanding": _Input(
        "shares.shares_in_issue_after_listing",
        "shares in issue after listing, all classes, before over-allotment [shares]",
    ),
    "public_shares_initial": _Input(
        "shares.hk_public.initial", "Hong Kong public tranche before reallocation [shares]"
    ),
    "public_shares_final": _Input(
        "shares.hk_public.final", "Hong Kong public tranche after reallocation [shares]"
    ),
    "placing_shares_final": _Input(
        "shares.hk_international.final", "international placing tranche, final [shares]"
    ),
    "cornerstone_shares": _Input("cornerstones.shares", "shares taken by cornerstones [shares]"),
    "expenses": _Input("proceeds.expenses", "listing expenses, as published [currency]"),
    "gross_proceeds_published": _Input(
        "proceeds.gross", "gross proceeds as published (rounded) [currency]"
    ),
    "net_proceeds_published": _Input(
        "proceeds.net", "net proceeds as published (rounded) [currency]"
    ),
    "public_multiple": _Input(
        "demand.hk_public.subscription_multiple",
        "public offer subscription multiple, as published in the allotment announcement: "
        "shares applied / shares initially offered to the public [times]",
    ),
    "placing_multiple": _Input(
        "demand.hk_international.subscription_multiple",
        "international placing subscription multiple, as published [times]",
    ),
    "online_multiple": _Input(
        "demand.star_online.subscription_multiple",
        "STAR online issue subscription multiple, as published: valid shares applied / online "
        "shares before the clawback [times]",
    ),
    "offline_multiple": _Input(
        "demand.star_offline.subscription_multiple",
        "STAR offline placement subscription multiple, as published [times]",
    ),
    "lottery_rate": _Input(
        "demand.star_online.lottery_rate_final_pct",
        "STAR online lottery (winning) rate after the clawback, as published [fraction]",
        0.01,
    ),
    "public_valid_applications": _Input(
        "demand.hk_public.valid_applications", "valid public applications [count]"
    ),
    "one_lot_success_rate": _Input(
        "demand.hk_public.one_lot_success_rate_pct",
        "share of one-lot applicants allotted a lot, as published [fraction]",
        0.01,
    ),
    "open_price": _Input("first_day.open", "first-day opening price [currency/share]"),
    "close_price": _Input("first_day.close", "first-day closing price [currency/share]"),
    "close_return_published": _Input(
        "first_day.close_change_pct",
        "first-day close vs offer as published (rounded) [fraction]",
        0.01,
    ),
    "market_cap_close_published": _Input(
        "first_day.market_cap_close", "market cap at the first close, as reported [currency]"
    ),
}

#: Metric columns: column -> (description [unit], record paths the metric needs).
_METRICS: dict[str, tuple[str, tuple[str, ...]]] = {
    "gross_proceeds": (
        "offer_price x offer_shares (metrics.gross_proceeds) [currency]",
        ("price.final", "shares.offer_final"),
    ),
    "net_proceeds": (
        "gross_proceeds - expenses (metrics.net_proceeds) [currency]",
        ("price.final", "shares.offer_final", "proceeds.expenses"),
    ),
    "open_return": (
        "open_price / offer_price - 1 (metrics.first_day_return) [fraction]",
        ("price.final", "first_day.open"),
    ),
    "close_return": (
        "close_price / offer_price - 1, the initial return (metrics.first_day_return) [fraction]",
        ("price.final", "first_day.close"),
    ),
    "market_cap_offer": (
        "offer_price x shares_outstanding (metrics.market_cap) [currency]",
        ("price.final", "shares.shares_in_issue_after_listing"),
    ),
    "market_cap_open": (
        "open_price x shares_outstanding (metrics.market_cap) [currency]",
        ("first_day.open", "shares.shares_in_issue_after_listing"),
    ),
    "market_cap_close": (
        "close_price x shares_outstanding (metrics.market_cap) [currency]",
        ("first_day.close", "shares.shares_in_issue_after_listing"),
    ),
    "money_left_on_table": (
        "(close_price - offer_price) x offer_shares (metrics.money_left_on_table) [currency]",
        ("price.final", "first_day.close", "shares.offer_final"),
    ),
}

_IDENTITY: dict[str, str] = {
    "key": "short identifier of the record, e.g. 'zhipu' [text]",
    "name": "short English name as printed in the announcement [text]",
    "name_zh": "Chinese short or full name, None when no admissible source gives it [text]",
    "exchange": "SEHK, SSE or SZSE [text]",
    "currency": "currency of every money column of the row (ISO 4217) [text]",
    "listing_date": "first trading day [date]",
    "board_lot": "board lot; NaN where the market has none [shares]",
}

#: Every column of :func:`to_frame`, in order, with its description and unit. The index is
#: ``code``: stock code with market suffix, e.g. ``'02513.HK'``.
COLUMNS: dict[str, str] = {
    **_IDENTITY,
    **{k: v.doc for k, v in _INPUTS.items()},
    **{k: v[0] for k, v in _METRICS.items()},
}
#: Columns holding whole counts (shares, applications, lots): nullable ``Int64``.
COUNT_COLUMNS: tuple[str, ...] = (
    "board_lot",
    "offer_shares",
    "shares_outstanding",
    "public_shares_initial",
    "public_shares_final",
    "placing_shares_final",
    "cornerstone_shares",
    "public_valid_applications",
)
#: The published-input columns (copied from the records).
INPUT_COLUMNS: tuple[str, ...] = tuple(_INPUTS)
#: The metric columns (computed by :mod:`ipometrics.metrics`).
METRIC_COLUMNS: tuple[str, ...] = tuple(_METRICS)


@dataclass(frozen=True)
class Unavailable:
    """Why one cell is empty (NaN or None).

    Attributes
    ----------
    code, column : str
        The row (stock code) and column.
    path : str
        The record figure that is missing.
    status : str
        ``"unknown"`` (no admissible source) or ``"not applicable"``.
    """

    code: str
    column: str
    path: str
    status: str

    def __str__(self) -> str:
        return f"{self.code} {self.column}: {self.path} is {self.status}"


def _number(value: Any, scale: float) -> float:
    if value is None:
        return float("nan")
    if isinstance(value, Decimal | int):
        return float(value) * scale
    raise TypeError(f"expected a number, got {value!r}")


def _input_value(o: Offering, spec: _Input) -> float:
    if spec.path is None:
        return float("nan")
    node = o.figure(spec.path)
    return _number(node.value if isinstance(node, Figure) else None, spec.scale)


def to_frame(offerings: Iterable[Offering]) -> pd.DataFrame:
    """One row per offering: identity, published inputs and every metric.

    Parameters
    ----------
    offerings : iterable of Offering
        E.g. ``ipm.load_offerings()``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``code``; the columns of :data:`COLUMNS` in that order. Money is in each
        row's own ``currency``; returns and rates are fractions. ``attrs["unavailable"]`` is a
        list of :class:`Unavailable`, one per empty cell: the figure that is missing and
        whether it is unknown or not applicable.

    Examples
    --------
    >>> import ipometrics as ipm
    >>> df = ipm.to_frame(ipm.load_offerings())
    >>> float(round(df.loc["02513.HK", "gross_proceeds"] / 1e6, 1))
    4348.1
    """
    items = list(offerings)
    rows: list[dict[str, Any]] = []
    for o in items:
        row: dict[str, Any] = {
            "code": o.code,
            "key": o.key,
            "name": o.name,
            "name_zh": o.name_zh,
            "exchange": o.identity.exchange.value,
            "currency": o.currency,
            "listing_date": o.dates.listing.value,
            "board_lot": _number(o.identity.board_lot.value, 1.0),
        }
        row.update({col: _input_value(o, spec) for col, spec in _INPUTS.items()})
        rows.append(row)
    columns = ["code", *COLUMNS]
    frame = pd.DataFrame(rows, columns=columns[: 1 + len(_IDENTITY) + len(_INPUTS)])
    frame = frame.set_index("code").astype(dict.fromkeys([*_INPUTS, "board_lot"], "float64"))

    price = frame["offer_price"]
    shares = frame["offer_shares"]
    frame["gross_proceeds"] = metrics.gross_proceeds(price, shares)
    frame["net_proceeds"] = metrics.net_proceeds(frame["gross_proceeds"], frame["expenses"])
    frame["open_return"] = metrics.first_day_return(price, frame["open_price"])
    frame["close_return"] = metrics.first_day_return(price, frame["close_price"])
    outstanding = frame["shares_outstanding"]
    frame["market_cap_offer"] = metrics.market_cap(price, outstanding)
    frame["market_cap_open"] = metrics.market_cap(frame["open_price"], outstanding)
    frame["market_cap_close"] = metrics.market_cap(frame["close_price"], outstanding)
    frame["money_left_on_table"] = metrics.money_left_on_table(price, frame["close_price"], shares)
    frame = frame[list(COLUMNS)]
    frame.attrs["unavailable"] = _unavailable(items, frame)
    # Counts are whole numbers: show them as such (nullable integers, <NA> when missing).
    result: pd.DataFrame = frame.astype(dict.fromkeys(COUNT_COLUMNS, "Int64"))
    return result


def _unavailable(items: list[Offering], frame: pd.DataFrame) -> list[Unavailable]:
    empty = {column: frame[column].isna().to_dict() for column in frame.columns}
    missing: list[Unavailable] = []
    for o in items:
        if o.name_zh is None:
            missing.append(Unavailable(o.code, "name_zh", "identity.name_zh_hans", "unknown"))
        for column, spec in _INPUTS.items():
            if spec.path is not None and empty[column][o.code]:
                missing.append(Unavailable(o.code, column, spec.path, o.status(spec.path)))
        for column, (_, paths) in _METRICS.items():
            if not empty[column][o.code]:
                continue
            for path in paths:
                status = o.status(path)
                if status != "published":
                    missing.append(Unavailable(o.code, column, path, status))
                    break
    return missing
