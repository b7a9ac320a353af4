"""Charts of offerings: functions that draw on a Matplotlib Axes and return it.

Every ``plot_*`` function follows matplotlib's guidance for library code::

    plot_x(data, *, ax=None, labels="auto", colors=None, legend=True, **kwargs) -> Axes

It draws on ``ax`` (default: :func:`matplotlib.pyplot.gca`), labels its axes with units and
returns the Axes. Nothing here shows, saves, or changes ``rcParams`` or the style; the
module imports matplotlib only when a function is called, so ``import ipometrics`` stays
free of it. :func:`dashboard` builds a :class:`matplotlib.figure.Figure` directly (not
through pyplot), so it touches no global state either.

Data are fractions and plain currency units; percent and billions exist only in the tick
labels, value labels and axis labels. Legends of issuers stand outside the Axes, at its
right, so they never cover a bar: give the figure constrained layout
(``Figure(layout="constrained")``) or save it with ``bbox_inches="tight"`` so they are not
cut off.

Gaps
    A figure that is missing is never drawn as 0 or as a guess, and the two kinds of gap
    look different (:meth:`Offering.status <ipometrics.models.Offering.status>` tells them
    apart):

    - **n/p**, not published: the figure exists but no admissible source gives it
      (status ``"unknown"``, e.g. Iluvatar CoreX's first-day open). Drawn as an empty,
      dashed, cross-hatched outline labelled ``n/p``.
    - **n/a**, not applicable: the figure cannot exist for the offering (status ``"not
      applicable"``, e.g. a Hong Kong public-offer multiple or a grey market for a STAR
      Market issue). No bar and no outline: only ``n/a``.

    Both stand where the bar or point would be, in the issuer's colour, in a band kept
    under the data (below the zero or 1x line, with no ticks), so neither reads as a value.
    The legend says what each mark means (:data:`GAP_KEY`) whenever a chart has one; the
    clawback ladder lists the offerings it cannot place the same way, at its foot.
Colours
    One colour per issuer from :data:`ISSUER_PALETTE` (colour-blind-safe Okabe-Ito first),
    assigned by :func:`issuer_colors`: by the position of the stock code in the sorted codes
    of the offerings drawn. The same offerings get the same colours in every chart and every
    session; :func:`dashboard` uses one assignment for all its panels, and ``colors=`` (for
    example ``colors=issuer_colors(all_offerings)``) pins them across charts of different
    subsets.
Names
    Issuers are named as the press names them (:attr:`Offering.name
    <ipometrics.models.Offering.name>`, :attr:`Offering.name_zh
    <ipometrics.models.Offering.name_zh>`), with the stock code where there is room:
    legends say ``"Zhipu (02513)"``, tick labels ``"Zhipu"``. One chart uses one script:
    ``labels="auto"`` writes Chinese names only when every issuer in the chart has one and
    a font Matplotlib can find covers them all (:func:`cjk_font`), and English names for all
    otherwise; ``"en"`` forces English; ``"zh"`` is ``"auto"`` that refuses to run without a
    CJK font. A mapping ``{key or stock code: label}`` or a callable ``Offering -> str``
    names issuers yourself (:func:`issuer_label`). The font is set on the name text artists
    only, never in ``rcParams``; on Debian/Ubuntu ``apt-get install fonts-wqy-microhei``
    provides one.
Sources
    :func:`add_source_caption` writes, under a figure, which kinds of document the plotted
    figures come from and the date of the newest source.

Examples
--------
>>> import ipometrics as ipm
>>> from matplotlib.figure import Figure
>>> from ipometrics.plotting import plot_subscription_multiples
>>> ax = Figure().subplots()
>>> ax = plot_subscription_multiples(ipm.load_offerings(exchange="SEHK"), ax=ax, labels="en")
>>> ax.get_yscale(), ax.get_ylabel()
('log', 'Subscription multiple [times, log scale]')
"""

from __future__ import annotations

import functools
import math
import textwrap
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd
from pydantic import BaseModel

from ipometrics import metrics
from ipometrics.errors import FigureUnavailableError, IpoDataError
from ipometrics.frame import to_frame
from ipometrics.hk.clawback import REGIMES, ClawbackRegime
from ipometrics.models import Figure as RecordFigure
from ipometrics.models import Offering

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.text import Text

__all__ = [
    "CHART_PATHS",
    "CJK_FAMILIES",
    "GAP_KEY",
    "ISSUER_PALETTE",
    "OKABE_ITO",
    "CapAt",
    "Colors",
    "FontUnavailableError",
    "Gap",
    "Labels",
    "Script",
    "add_source_caption",
    "cjk_font",
    "dashboard",
    "grey_market_high_return",
    "issuer_colors",
    "issuer_label",
    "plot_clawback_ladder",
    "plot_first_day_path",
    "plot_first_day_returns",
    "plot_market_caps",
    "plot_money_left",
    "plot_subscription_multiples",
    "plot_tranches",
    "source_caption",
]

Script = Literal["auto", "zh", "en"]
"""A script for issuer names: ``"auto"`` (Chinese when possible for all), ``"zh"``, ``"en"``."""
Labels = Script | Mapping[str, str] | Callable[[Offering], str]
"""How issuers are named: a :data:`Script`, a mapping ``{key or stock code: label}`` or a
callable ``Offering -> str`` (see :func:`issuer_label`)."""
Colors = Mapping[str, str]
"""Issuer colours ``{key or stock code: colour}``, e.g. from :func:`issuer_colors`."""
CapAt = Literal["offer", "open", "close"]
"""Price a market cap is taken at: the offer price or a first-day price."""
Gap = Literal["unknown", "not applicable"]
"""Why a figure is missing: not published (``"unknown"``) or ``"not applicable"``."""

#: Okabe & Ito (2008), "Color Universal Design": eight colours distinguishable under the
#: common colour-vision deficiencies.
OKABE_ITO: Mapping[str, str] = MappingProxyType(
    {
        "orange": "#E69F00",
        "sky_blue": "#56B4E9",
        "bluish_green": "#009E73",
        "yellow": "#F0E442",
        "blue": "#0072B2",
        "vermillion": "#D55E00",
        "reddish_purple": "#CC79A7",
        "black": "#000000",
    }
)

#: Issuer colours in the order :func:`issuer_colors` hands them out: seven Okabe-Ito colours
#: (its yellow is too pale for lines and text on white), in an order that keeps the colours
#: earlier versions gave the bundled issuers, then three colours of Paul Tol's
#: colour-blind-safe "muted" scheme that differ from them. Beyond ten issuers in one chart,
#: colours repeat.
ISSUER_PALETTE: tuple[str, ...] = (
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["blue"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["orange"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["black"],
    "#332288",
    "#882255",
    "#999933",
)

#: What the gap marks mean, as the legends and :func:`dashboard` write it.
GAP_KEY: Mapping[Gap, str] = MappingProxyType(
    {
        "unknown": "n/p = not published by any admissible source",
        "not applicable": "n/a = does not apply to this offering",
    }
)

_PANEL_PATHS: dict[str, tuple[str, ...]] = {
    "first_day_path": (
        "price.final",
        "first_day.grey_market.observations",
        "first_day.open",
        "first_day.high",
        "first_day.low",
        "first_day.close",
    ),
    "first_day_returns": (
        "price.final",
        "first_day.grey_market.observations",
        "first_day.open",
        "first_day.close",
    ),
    "subscription_multiples": (
        "demand.hk_public.subscription_multiple",
        "demand.hk_international.subscription_multiple",
    ),
    "market_caps": ("price.final", "first_day.close", "shares.shares_in_issue_after_listing"),
    "money_left": ("price.final", "first_day.close", "shares.offer_final"),
    "tranches": (
        "shares.hk_public.final",
        "shares.offer_initial",
        "shares.hk_public.initial",
        "shares.hk_international.initial",
        "shares.hk_international.final",
        "cornerstones.shares",
    ),
    "clawback_ladder": (
        "demand.hk_public.subscription_multiple",
        "shares.offer_initial",
        "shares.hk_public.initial",
        "shares.hk_public.final",
        "shares.hk_international.initial",
    ),
}
#: The record paths each chart plots, by chart (the function name without ``plot_``), for
#: :func:`add_source_caption`. The first is the chart's anchor: an offering for which it does
#: not apply is not placed (a STAR Market issue on the clawback ladder) and cites nothing.
#: ``market_caps`` is for the default ``at=("offer", "close")``; ``dashboard`` is the union
#: of its six panels.
CHART_PATHS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        **_PANEL_PATHS,
        "dashboard": tuple(
            dict.fromkeys(
                p
                for chart in (
                    "first_day_returns",
                    "subscription_multiples",
                    "market_caps",
                    "first_day_path",
                    "tranches",
                    "money_left",
                )
                for p in _PANEL_PATHS[chart]
            )
        ),
    }
)

#: Font families known to cover Chinese, in order of preference.
CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
    "Noto Sans CJK KR",
    "Noto Sans SC",
    "Noto Sans TC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Source Han Sans TC",
    "Source Han Sans",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "Heiti TC",
    "STHeiti",
    "Arial Unicode MS",
)

_GREY = "0.35"
_VALUE_FONTSIZE = 7.5
_GAP_HATCH = "xxx"  # the cornerstone overlay of plot_tranches uses "////"
_BAND = 0.12  # the bottom of the Axes kept for gap marks [fraction of its height]
_GAP_MARK = {"unknown": "n/p", "not applicable": "n/a"}


class FontUnavailableError(IpoDataError):
    """``labels="zh"`` was asked for but Matplotlib finds no font that covers Chinese."""


# --------------------------------------------------------------------------------------------
# Colours and names
# --------------------------------------------------------------------------------------------


def issuer_colors(offerings: Iterable[Offering] | pd.DataFrame) -> dict[str, str]:
    """One colour per issuer: :data:`ISSUER_PALETTE` in the order of the sorted stock codes.

    Parameters
    ----------
    offerings : iterable of Offering, or DataFrame
        The offerings of a chart or of a whole report (a frame from
        :func:`ipometrics.to_frame`, indexed by code, works too).

    Returns
    -------
    dict
        Stock code with market suffix (``"02513.HK"``) -> hex colour. The first code in
        sorted order gets the first colour, and so on; with more than
        ``len(ISSUER_PALETTE)`` issuers the colours repeat. The result depends only on the
        set of codes, not on their order or on the session; pass it as ``colors=`` to keep
        an issuer's colour across charts of different subsets.

    Examples
    --------
    >>> import ipometrics as ipm
    >>> colours = issuer_colors(ipm.load_offerings(exchange="SEHK"))
    >>> colours["00100.HK"] == ISSUER_PALETTE[0], colours["02513.HK"] == ISSUER_PALETTE[1]
    (True, True)
    """
    if isinstance(offerings, pd.DataFrame):
        codes = [str(c) for c in offerings.index]
    else:
        codes = [o.code for o in _records(offerings, "issuer_colors")]
    return {c: ISSUER_PALETTE[i % len(ISSUER_PALETTE)] for i, c in enumerate(sorted(set(codes)))}


def cjk_font() -> str | None:
    """The first font family of :data:`CJK_FAMILIES` that Matplotlib knows, or ``None``.

    Looks the names up in ``matplotlib.font_manager.fontManager.ttflist``: only fonts that
    Matplotlib itself will use count (a font installed after Matplotlib built its font cache
    is found once the cache is rebuilt).

    Returns
    -------
    str or None
        A family name such as ``"WenQuanYi Micro Hei"``; ``None`` when none is installed.
    """
    from matplotlib import font_manager

    names = {entry.name for entry in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in names:
            return family
    return None


@functools.lru_cache(maxsize=8)
def _charmap(family: str) -> frozenset[int]:
    """Code points the font file of ``family`` has glyphs for (empty when not found)."""
    from matplotlib import font_manager, ft2font

    try:
        path = font_manager.findfont(
            font_manager.FontProperties(family=family), fallback_to_default=False
        )
    except ValueError:
        return frozenset()
    return frozenset(ft2font.FT2Font(path).get_charmap())


def _covers(family: str, text: str) -> bool:
    """Whether the font has a glyph for every non-space character of ``text``."""
    chars = _charmap(family)
    return all(ord(c) in chars for c in text if not c.isspace())


def _wide(text: str) -> bool:
    """Whether ``text`` has a CJK (or other East Asian) character."""
    return any(ord(c) >= 0x2E80 for c in text)


def _escape(text: str) -> str:
    r"""``text`` for a Matplotlib text artist: ``$`` escaped (``HK\$``), so never mathtext."""
    return text.replace("\\$", "$").replace("$", "\\$")


@dataclass(frozen=True)
class _Row:
    """What a chart knows of an issuer before naming it: from a record or a frame row."""

    key: str
    code: str
    stock: str | None
    name: str
    name_zh: str | None
    offering: Offering | None = None


@dataclass(frozen=True)
class _Issuer:
    """An issuer as drawn: ``short`` name for ticks and inline text, ``long`` for legends.

    ``stock`` is the bare stock code when ``long`` is ``short`` with it, else ``None`` (the
    caller's own labels are used as given).
    """

    key: str
    code: str
    short: str
    long: str
    color: str
    stock: str | None = None


@dataclass(frozen=True)
class _Names:
    issuers: list[_Issuer]
    family: str | None  # the CJK font to set on name artists, if any
    script: Literal["zh", "en"] | None  # None: the caller's own labels

    def of(self, code: str) -> _Issuer:
        return next(i for i in self.issuers if i.code == code)


def _row(o: Offering) -> _Row:
    return _Row(o.key, o.code, o.identity.stock_code.value, o.name, o.name_zh, o)


def _frame_rows(frame: pd.DataFrame) -> list[_Row]:
    _need(frame, ("key", "name"))
    out = []
    for code in frame.index:
        zh = frame.at[code, "name_zh"] if "name_zh" in frame.columns else None
        stock = str(code).rpartition(".")[0] or str(code)
        out.append(
            _Row(
                key=str(frame.at[code, "key"]),
                code=str(code),
                stock=None if stock in ("", "None") else stock,
                name=str(frame.at[code, "name"]),
                name_zh=zh if isinstance(zh, str) and zh else None,
            )
        )
    return out


def _lookup(table: Mapping[str, str], row: _Row) -> str | None:
    """``table``'s entry for the issuer: by key, by code (``"02513.HK"``), by bare code."""
    for k in (row.key, row.code, row.stock):
        if k is not None and k in table:
            return table[k]
    return None


def _colours(rows: Sequence[_Row], colors: Colors | None) -> list[str]:
    """The issuers' colours: ``colors`` where it names them, else :func:`issuer_colors` order.

    Issuers that ``colors`` does not name get the palette colours it leaves free, in the
    order of their sorted codes.
    """
    if colors is not None and not isinstance(colors, Mapping):
        raise IpoDataError(
            f"colors must be a mapping {{key or stock code: colour}}, got {type(colors).__name__}"
        )
    given = {r.code: c for r in rows if colors is not None and (c := _lookup(colors, r))}
    free = [c for c in ISSUER_PALETTE if c not in given.values()] or list(ISSUER_PALETTE)
    rest = sorted({r.code for r in rows} - set(given))
    assigned = {c: free[i % len(free)] for i, c in enumerate(rest)}
    return [given.get(r.code) or assigned[r.code] for r in rows]


def _with_code(name: str, stock: str | None) -> str:
    return f"{name} ({stock})" if stock else name


def _names(rows: Sequence[_Row], labels: Labels, colors: Colors | None = None) -> _Names:
    """Name and colour the issuers of one chart; validates ``labels``.

    Built-in scripts follow the one-script rule: Chinese for all or English for all.
    """
    palette = _colours(rows, colors)
    if isinstance(labels, str):
        if labels not in ("auto", "zh", "en"):
            raise IpoDataError(
                "labels must be 'auto', 'zh', 'en', a mapping {key or stock code: label} or "
                f"a callable Offering -> str, got {labels!r}"
            )
        family = None if labels == "en" else cjk_font()
        if labels == "zh" and family is None:
            raise FontUnavailableError(
                "labels='zh' needs a font that covers Chinese, but Matplotlib knows none of "
                f"{', '.join(CJK_FAMILIES[:4])}, ...; install one (Debian/Ubuntu: apt-get "
                "install fonts-wqy-microhei, then rebuild Matplotlib's font cache) or use "
                "labels='en'"
            )
        zh = family is not None and all(r.name_zh and _covers(family, r.name_zh) for r in rows)
        names = [(r.name_zh or r.name) if zh else r.name for r in rows]
        issuers = [
            _Issuer(r.key, r.code, _escape(n), _escape(_with_code(n, r.stock)), c, r.stock)
            for r, n, c in zip(rows, names, palette, strict=True)
        ]
        return _Names(issuers, family if zh else None, "zh" if zh else "en")
    if isinstance(labels, Mapping):
        own = [_lookup(labels, r) for r in rows]
        texts = [r.name if t is None else t for r, t in zip(rows, own, strict=True)]
    elif callable(labels):
        missing = [r.key for r in rows if r.offering is None]
        if missing:
            raise IpoDataError(
                "labels: a callable needs the Offering records, but the chart got a frame; "
                "pass the records, or a mapping {key or stock code: label}"
            )
        texts = [labels(r.offering) for r in rows if r.offering is not None]
    else:
        raise IpoDataError(
            "labels must be 'auto', 'zh', 'en', a mapping {key or stock code: label} or a "
            f"callable Offering -> str, got a {type(labels).__name__}"
        )
    bad = [(r.key, t) for r, t in zip(rows, texts, strict=True) if not isinstance(t, str)]
    if bad:
        raise IpoDataError(f"labels: the label of {bad[0][0]!r} must be a str, got {bad[0][1]!r}")
    family = cjk_font() if any(_wide(t) for t in texts) else None
    issuers = [
        _Issuer(r.key, r.code, _escape(t), _escape(t), c)
        for r, t, c in zip(rows, texts, palette, strict=True)
    ]
    return _Names(issuers, family, None)


def issuer_label(
    offering: Offering,
    labels: Labels = "auto",
    *,
    code: bool = True,
    among: Iterable[Offering] | None = None,
) -> str:
    r"""The name a chart gives an issuer, as the text artist receives it.

    Parameters
    ----------
    offering : Offering
        The record.
    labels : {"auto", "zh", "en"}, mapping or callable
        ``"en"``: the English common name :attr:`Offering.name` (``"Zhipu"``). ``"zh"`` and
        ``"auto"``: the Chinese common name :attr:`Offering.name_zh` (``"智谱"``; MiniMax's is
        ``"MiniMax"``, as the Chinese press writes it) when every offering of the chart has
        one and the CJK font (:func:`cjk_font`) covers them all, else the English names of
        all: one chart never mixes scripts. ``"zh"`` refuses to run without a CJK font. A
        mapping ``{key or stock code: label}`` (``{"zhipu": "Zhipu AI"}``; a stock code with
        or without its market suffix) gives the label as written; issuers it does not name
        get their English name. A callable is given the record and returns the label.
    code : bool
        Append the stock code, as legends do (``"Zhipu (02513)"``); tick labels leave it out.
        A mapping's or a callable's labels are used as given, without a code.
    among : iterable of Offering, optional
        All the offerings of the chart, for the one-script rule; default only ``offering``.

    Returns
    -------
    str
        The label, with ``$`` escaped (``HK\$``) so Matplotlib does not read it as math.

    Raises
    ------
    FontUnavailableError
        ``labels="zh"`` and no CJK font is installed.
    IpoDataError
        Any other string, or a label that is not a str.

    Examples
    --------
    >>> import ipometrics as ipm
    >>> zhipu = ipm.load_offering("zhipu")
    >>> issuer_label(zhipu, labels="en")
    'Zhipu (02513)'
    >>> issuer_label(zhipu, labels="en", code=False)
    'Zhipu'
    >>> issuer_label(zhipu, {"02513": "Zhipu AI"})
    'Zhipu AI'
    >>> issuer_label(zhipu, lambda o: o.short_name or o.name)
    'KNOWLEDGE ATLAS'
    """
    rows = [_row(o) for o in _records(among, "issuer_label")] if among is not None else []
    if offering.code not in {r.code for r in rows}:
        rows.append(_row(offering))
    issuer = _names(rows, labels).of(offering.code)
    return issuer.long if code else issuer.short


def _font_kw(family: str | None) -> dict[str, Any]:
    """Text properties for artists that show names: the CJK font as a fallback, if any."""
    if family is None:
        return {}
    import matplotlib as mpl

    # The default family first keeps Latin text as elsewhere in the chart; Matplotlib falls
    # back to the CJK font glyph by glyph.
    return {"fontfamily": [*mpl.rcParams["font.family"], family]}


def _font_prop(family: str | None, size: str | float = "small") -> FontProperties:
    """Legend font: the default family, with the CJK font as a fallback when given."""
    from matplotlib.font_manager import FontProperties

    return FontProperties(size=size, family=_font_kw(family).get("fontfamily"))


def grey_market_high_return(offering: Offering) -> float | None:
    """Grey-market intraday high relative to the offer price [fraction], or ``None``.

    Parameters
    ----------
    offering : Offering
        The record; uses ``first_day.grey_market.observations``.

    Returns
    -------
    float or None
        From the highest ``"intraday_high"`` price observation (computed with
        :func:`ipometrics.metrics.first_day_return`); failing that, the highest published
        ``"intraday_high_change_pct"``; ``None`` when the record has neither. A grey-market
        *close* is not used: this is the session's high, not its last price.

    Examples
    --------
    >>> import ipometrics as ipm
    >>> round(grey_market_high_return(ipm.load_offering("minimax")), 4)  # 218.0 / 165.0 - 1
    0.3212
    >>> grey_market_high_return(ipm.load_offering("zhipu")) is None
    True
    """
    gm = offering.first_day.grey_market
    if gm is None:
        return None
    prices = [ob.value for ob in gm.observations if ob.metric == "intraday_high"]
    if prices:
        offer = offering.price.final.value
        if offer is None:
            return None
        return float(metrics.first_day_return(offer, max(prices)))
    changes = [ob.value for ob in gm.observations if ob.metric == "intraday_high_change_pct"]
    if changes:
        return float(max(changes) / Decimal(100))
    return None


# --------------------------------------------------------------------------------------------
# Shared drawing helpers
# --------------------------------------------------------------------------------------------

Data = pd.DataFrame | Iterable[Offering]


def _axes(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.gca()


def _records(offerings: Iterable[Offering], what: str) -> list[Offering]:
    """The records as a list; refuses an empty list and anything that is not an Offering."""
    items = list(offerings)
    bad = [type(o).__name__ for o in items if not isinstance(o, Offering)]
    if bad:
        raise IpoDataError(f"{what}: expected Offering records, got a {bad[0]}")
    if not items:
        raise IpoDataError(f"{what}: expected at least one offering, got none")
    return items


def _split(data: Data, what: str) -> tuple[pd.DataFrame, list[Offering] | None]:
    """The frame, and the records when records were given."""
    if isinstance(data, pd.DataFrame):
        if data.empty:
            raise IpoDataError(f"{what}: expected at least one offering, got an empty frame")
        return data, None
    items = _records(data, what)
    return to_frame(items), items


def _need(frame: pd.DataFrame, columns: Iterable[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise IpoDataError(
            f"frame has no column {missing[0]!r}; expected the output of ipometrics.to_frame"
        )


def _data_names(
    frame: pd.DataFrame, records: list[Offering] | None, labels: Labels, colors: Colors | None
) -> _Names:
    rows = [_row(o) for o in records] if records is not None else _frame_rows(frame)
    return _names(rows, labels, colors)


def _frame_gaps(frame: pd.DataFrame) -> dict[tuple[str, str], Gap]:
    """Why each empty cell is empty, from ``frame.attrs["unavailable"]`` (:func:`to_frame`)."""
    gaps: dict[tuple[str, str], Gap] = {}
    for u in frame.attrs.get("unavailable", ()):
        status = getattr(u, "status", None)
        if status == "unknown" or status == "not applicable":
            gaps.setdefault((str(u.code), str(u.column)), status)
    return gaps


def _cell(
    frame: pd.DataFrame, gaps: Mapping[tuple[str, str], Gap], code: str, column: str
) -> float | Gap:
    """The cell as a float, or why it is empty (``"unknown"`` when the frame does not say)."""
    value: Any = frame.at[code, column]
    if value is None or pd.isna(value):
        return gaps.get((code, column), "unknown")
    return float(value)


def _gap_of(o: Offering, *paths: str) -> Gap:
    """Why a value computed from ``paths`` is missing: "not applicable" wins over "unknown"."""
    statuses = {o.status(p) for p in paths}
    return "not applicable" if "not applicable" in statuses else "unknown"


def _grey_gap(o: Offering) -> Gap:
    """Why there is no grey-market high: no grey market at all in the market, or none found."""
    return _gap_of(o, "first_day.grey_market.observations")


def _currency(frame: pd.DataFrame, what: str) -> str:
    """The one currency of the rows; refuses to put several on one money axis."""
    if "currency" not in frame.columns:
        return "currency"
    found = sorted({str(c) for c in frame["currency"] if isinstance(c, str) and c})
    if len(found) > 1:
        raise IpoDataError(
            f"{what}: the offerings are in different currencies {found}; money on one axis "
            "must share a currency, so plot one currency at a time"
        )
    return found[0] if found else "currency"


def _gap_mark(ax: Axes, x: float, width: float, gap: Gap, color: str, gid: str) -> None:
    """The mark of a missing value at data ``x``, in the band under the data (:func:`_gap_band`).

    Not published: an empty cross-hatched outline ``width`` wide (data units), labelled
    ``n/p``. Not applicable: ``n/a`` and nothing else. Both in the issuer's colour, both with
    ``gid`` (``"np:..."`` / ``"na:..."``). The band lies under every bar, so a mark is never
    read as a value.
    """
    from matplotlib.patches import Rectangle

    foot, top = 0.012, _BAND - 0.012
    if gap == "unknown":
        box = Rectangle(
            (x - width / 2, foot),
            width,
            top - foot,
            transform=ax.get_xaxis_transform(),
            fill=False,
            hatch=_GAP_HATCH,
            edgecolor=color,
            linewidth=0.8,
            linestyle=(0, (2.0, 1.5)),
            gid=gid,
        )
        ax.add_patch(box)
    ax.text(
        x,
        (foot + top) / 2,
        _GAP_MARK[gap],
        transform=ax.get_xaxis_transform(),
        rotation=90,
        ha="center",
        va="center",
        fontsize=_VALUE_FONTSIZE,
        fontstyle="italic",
        color=color,
        gid=gid,
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.4},
    )


def _gap_band(ax: Axes) -> None:
    """Lower the y limit so the bottom :data:`_BAND` of the Axes is free for the gap marks.

    Only when ``ax`` has gap marks; y ticks that would fall in the band are dropped, so the
    band shows no values (a market cap has no "-10" tick).
    """
    if not _gaps_on(ax):
        return
    low, high = ax.get_ylim()
    log = ax.get_yscale() == "log"
    a, b = (math.log10(low), math.log10(high)) if log else (low, high)
    lowest = a - _BAND / (1 - _BAND) * (b - a)
    ax.set_ylim(10**lowest if log else lowest, high)
    for minor in (False, True):
        ticks = [t for t in ax.get_yticks(minor=minor) if low <= t <= high]
        ax.set_yticks(ticks, minor=minor)


def _gap_id(gap: Gap, what: str) -> str:
    return f"{'np' if gap == 'unknown' else 'na'}:{what}"


def _gaps_on(ax: Axes) -> set[Gap]:
    """The kinds of gap marked on ``ax`` (from the marks' gids)."""
    found: set[Gap] = set()
    for t in ax.texts:
        gid = t.get_gid() or ""
        if gid.startswith("np:"):
            found.add("unknown")
        elif gid.startswith("na:"):
            found.add("not applicable")
    return found


def _gap_handles(gaps: Iterable[Gap]) -> tuple[list[Artist], list[str]]:
    """Legend entries that say what the gap marks mean (:data:`GAP_KEY`)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    kinds = set(gaps)
    handles: list[Artist] = []
    texts: list[str] = []
    if "unknown" in kinds:
        handles.append(
            Patch(
                fill=False,
                hatch=_GAP_HATCH,
                edgecolor=_GREY,
                linewidth=0.8,
                linestyle=(0, (2.0, 1.5)),
            )
        )
        texts.append(GAP_KEY["unknown"])
    if "not applicable" in kinds:
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=r"$\mathregular{n/a}$",
                markersize=12,
                markeredgewidth=0,
                color=_GREY,
            )
        )
        texts.append(GAP_KEY["not applicable"])
    return handles, texts


#: Where legends go: outside the Axes, at its right, clear of the data.
_OUTSIDE: Mapping[str, Any] = MappingProxyType({"loc": "upper left", "bbox_to_anchor": (1.01, 1)})


def _issuer_legend(ax: Axes, names: _Names, *, marker: str | None = None) -> None:
    """The legend of issuers (name and code), then the key to the gap marks on ``ax``.

    Outside the Axes at the right, so it never covers a bar.
    """
    gap_handles, gap_texts = _gap_handles(_gaps_on(ax))
    ax.legend(
        handles=[*_issuer_handles(names.issuers, marker=marker), *gap_handles],
        labels=[*(i.long for i in names.issuers), *(_wrap_key(t) for t in gap_texts)],
        prop=_font_prop(names.family),
        **_OUTSIDE,
    )


def _wrap_key(text: str) -> str:
    """A gap key's text on lines of at most 26 characters, for narrow legends."""
    return textwrap.fill(text, 26, break_on_hyphens=False)


def _issuer_handles(issuers: Sequence[_Issuer], *, marker: str | None = None) -> list[Artist]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    if marker is None:
        return [Patch(facecolor=i.color, edgecolor=i.color) for i in issuers]
    return [Line2D([], [], color=i.color, marker=marker, lw=1.6) for i in issuers]


def _grouped_bars(
    ax: Axes,
    groups: Sequence[tuple[str, str]],
    issuers: Sequence[_Issuer],
    value: Callable[[str, _Issuer], float | Gap],
    fmt: Callable[[float], str],
    *,
    base: float = 0.0,
    kwargs: Mapping[str, Any],
) -> None:
    """One group of bars per measure, one bar per issuer in its colour, value labels on top.

    ``groups`` is ``(id, tick label)``; ``value(id, issuer)`` gives the bar height in data
    units, or the gap (drawn with :func:`_gap_mark`). Bars start at ``base``.
    """
    n = max(len(issuers), 1)
    width = 0.8 / n
    span = (-0.6, len(groups) - 0.4)
    known = {(gid, i.key): value(gid, i) for gid, _ in groups for i in issuers}
    texts = [fmt(v) for v in known.values() if isinstance(v, float)]
    rotation = _label_rotation(ax, texts, width, span[1] - span[0])
    for g, (gid, _) in enumerate(groups):
        for i, issuer in enumerate(issuers):
            x = g + (i - (n - 1) / 2) * width
            v = known[gid, issuer.key]
            if isinstance(v, str):
                _gap_mark(ax, x, width * 0.8, v, issuer.color, _gap_id(v, f"{gid}:{issuer.key}"))
                continue
            if ax.get_yscale() == "log" and v <= 0:  # published, but off a log axis
                ax.text(
                    x,
                    0.02,
                    fmt(v),
                    transform=ax.get_xaxis_transform(),
                    rotation=90,
                    ha="center",
                    va="bottom",
                    fontsize=_VALUE_FONTSIZE,
                    color=issuer.color,
                    gid=f"offscale:{gid}:{issuer.key}",
                )
                continue
            style = {"color": issuer.color, "edgecolor": "white", "linewidth": 0.5, **kwargs}
            bars = ax.bar(x, v - base, width, bottom=base, gid=f"{gid}:{issuer.key}", **style)
            ax.bar_label(
                bars, labels=[fmt(v)], padding=2, fontsize=_VALUE_FONTSIZE, rotation=rotation
            )
    ax.set_xticks(range(len(groups)), [label for _, label in groups])
    ax.tick_params(axis="x", length=0)
    ax.set_xlim(*span)
    ax.grid(axis="y", color="0.9", linewidth=0.8)
    ax.set_axisbelow(True)


def _label_rotation(ax: Axes, texts: Sequence[str], pitch: float, span: float) -> float:
    """0 when value labels fit side by side over bars ``pitch`` apart (data units), else 90.

    Estimated from the Axes' width before layout and the labels' widths in the default font.
    """
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    fig = ax.get_figure(root=True)
    if fig is None or not texts:
        return 0.0
    width_pt = ax.get_position().width * fig.get_figwidth() * 72
    font = FontProperties(size=_VALUE_FONTSIZE)
    measure = TextToPath().get_text_width_height_descent
    widest = max(measure(t, font, ismath=False)[0] for t in texts)
    return 0.0 if widest <= 0.9 * width_pt * pitch / span else 90.0


def _headroom(ax: Axes, factor: float = 1.12) -> None:
    """Room above the tallest bar for its value label (linear axes)."""
    low, high = ax.get_ylim()
    ax.set_ylim(low, high + (high - low) * (factor - 1))


def _wrap(name: str) -> str:
    """A name on short lines for a tick label: 9 columns, a CJK character counting as two."""
    wide = any(ord(c) >= 0x2E80 for c in name)
    if wide:  # no spaces to break at: cut every six characters
        return textwrap.fill(name, 6)
    return textwrap.fill(name, 9, break_on_hyphens=False, break_long_words=False)


def _pct(v: float) -> str:
    return f"{v:+.1%}"


# --------------------------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------------------------

_STAGES = (
    "Grey market\n(intraday high)",
    "First-day\nopen",
    "First-day\nlow–high",
    "First-day\nclose",
)


def plot_first_day_path(
    offerings: Iterable[Offering],
    *,
    ax: Axes | None = None,
    labels: Labels = "auto",
    colors: Colors | None = None,
    legend: bool = True,
    **kwargs: Any,
) -> Axes:
    """Price relative to the offer price from the grey market to the first-day close.

    Four stages along x: the grey-market intraday high (the evening before listing), the
    first-day open, the first-day low-to-high range and the close. Each issuer has its
    colour; its points are slightly offset so ranges do not overlap.

    Parameters
    ----------
    offerings : iterable of Offering
        Records (the grey market and intraday figures are not in the frame).
    ax : Axes, optional
        Where to draw; default the current Axes.
    labels : {"auto", "zh", "en"}, mapping or callable
        Issuer names (see :func:`issuer_label`).
    colors : mapping, optional
        Issuer colours ``{key or stock code: colour}``; default :func:`issuer_colors`.
    legend : bool
        Draw the legend of issuers. The key to the markers and gap marks is always drawn.
    **kwargs
        Passed to :meth:`Axes.plot` for the open-to-close lines (e.g. ``linewidth``).

    Returns
    -------
    Axes
        ``ax``; y is the return vs the offer price [fraction], ticks in percent.

    Notes
    -----
    Return = price / offer price - 1 (:func:`ipometrics.metrics.first_day_return`). Circles
    are prices at a moment (open, close), triangles intraday extremes (hollow: grey market,
    from :func:`grey_market_high_return`). A solid line joins open and close; a dotted line
    joins the grey-market high to the open. A missing stage breaks the line (Iluvatar CoreX
    has no published open, so its grey-market high and close stand alone) and gets a gap
    mark in a band under its column: ``n/p`` in a hatched outline when no source publishes
    it, a bare ``n/a`` when it does not apply (no grey market for STAR Market issues).
    Nothing is interpolated.

    Examples
    --------
    >>> import ipometrics as ipm
    >>> from matplotlib.figure import Figure
    >>> hk = ipm.load_offerings(exchange="SEHK")
    >>> ax = plot_first_day_path(hk, ax=Figure().subplots(), labels="en")
    >>> ax.get_ylabel()
    'Return vs offer price [%]'
    """
    from matplotlib.lines import Line2D
    from matplotlib.ticker import PercentFormatter

    records = _records(offerings, "plot_first_day_path")
    names = _names([_row(o) for o in records], labels, colors)
    ax = _axes(ax)
    n = max(len(records), 1)
    step = min(0.12, 0.6 / n)
    nan = float("nan")

    def ret(o: Offering, at: Literal["open", "close", "high", "low"]) -> float | Gap:
        try:
            return float(o.first_day_return(at))
        except FigureUnavailableError as err:
            return "not applicable" if err.status == "not applicable" else "unknown"

    def y(v: float | Gap) -> float:
        return nan if isinstance(v, str) else v

    for i, (o, issuer) in enumerate(zip(records, names.issuers, strict=True)):
        dx = (i - (n - 1) / 2) * step
        c = issuer.color
        high_grey = grey_market_high_return(o)
        grey: float | Gap = _grey_gap(o) if high_grey is None else high_grey
        opened, closed = ret(o, "open"), ret(o, "close")
        high, low = ret(o, "high"), ret(o, "low")
        style = {"color": c, "linewidth": 1.8, **kwargs}
        ax.plot(
            [1 + dx, 3 + dx],
            [y(opened), y(closed)],
            marker="o",
            markersize=6,
            gid=f"path:{issuer.key}",
            label=issuer.long,
            **style,
        )
        if isinstance(grey, float):
            ax.plot(
                [0 + dx],
                [grey],
                marker="^",
                markersize=8,
                markerfacecolor="white",
                markeredgewidth=1.6,
                color=c,
                linestyle="none",
                gid=f"grey:{issuer.key}",
            )
            if isinstance(opened, float):
                ax.plot([dx, 1 + dx], [grey, opened], color=c, linewidth=1.2, linestyle=":")
        if isinstance(high, float) and isinstance(low, float):
            ax.vlines(2 + dx, low, high, color=c, linewidth=1.8, gid=f"range:{issuer.key}")
        for v, m in ((high, "^"), (low, "v")):
            if isinstance(v, float):
                ax.plot([2 + dx], [v], marker=m, markersize=7, color=c, linestyle="none")
        extremes: float | Gap = high if isinstance(low, str) else low
        if isinstance(high, str) and isinstance(low, str):
            extremes = "not applicable" if "not applicable" in (high, low) else "unknown"
        for stage, v in ((0, grey), (1, opened), (2, extremes), (3, closed)):
            if isinstance(v, str):
                gid = _gap_id(v, f"{stage}:{issuer.key}")
                _gap_mark(ax, stage + dx, step * 0.8, v, c, gid)

    ax.axhline(0, color="0.2", linewidth=0.9, zorder=1)
    ax.annotate(
        "offer price",
        (0, 0),
        xycoords=ax.get_yaxis_transform(),
        xytext=(3, 2),
        textcoords="offset points",
        ha="left",
        va="bottom",
        fontsize=_VALUE_FONTSIZE,
        color="0.2",
    )
    ax.set_xticks(range(len(_STAGES)), list(_STAGES))
    ax.set_xlim(-0.5, len(_STAGES) - 0.5)
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
    ax.set_ylabel("Return vs offer price [%]")
    ax.set_title("First-day path")
    ax.grid(axis="y", color="0.9", linewidth=0.8)
    ax.set_axisbelow(True)
    low_y, high_y = ax.get_ylim()
    # Alone, the key to the markers sits inside, at the top: room above the data for it.
    ax.set_ylim(low_y, high_y + (0.04 if legend else 0.45) * (high_y - low_y))
    _gap_band(ax)
    gaps = _gaps_on(ax)

    kinds = [
        Line2D([], [], color=_GREY, marker="o", linestyle="-", label="open, close (solid line)"),
        Line2D([], [], color=_GREY, marker="^", linestyle="none", label="first-day high"),
        Line2D([], [], color=_GREY, marker="v", linestyle="none", label="first-day low"),
        Line2D(
            [],
            [],
            color=_GREY,
            marker="^",
            markerfacecolor="white",
            linestyle=":",
            label="grey-market high (dotted to open)",
        ),
    ]
    gap_handles, gap_texts = _gap_handles(gaps)
    # With the issuer legend (outside, right, at the top), the key to the markers goes under
    # it; alone (legend=False, as in the dashboard), it takes the emptiest corner inside.
    below: dict[str, Any] = {"loc": "lower left", "bbox_to_anchor": (1.01, 0)}
    inside: dict[str, Any] = {"loc": "upper center", "ncols": 2}
    kinds_legend = ax.legend(
        handles=[*kinds, *gap_handles],
        labels=[str(k.get_label()) for k in kinds] + [_wrap_key(t) for t in gap_texts],
        fontsize="x-small",
        **(below if legend else inside),
    )
    if legend:
        ax.add_artist(kinds_legend)
        kinds_legend.set_clip_on(False)  # add_artist clips to the Axes; this one sits outside
        ax.legend(
            handles=_issuer_handles(names.issuers, marker="o"),
            labels=[i.long for i in names.issuers],
            prop=_font_prop(names.family),
            **_OUTSIDE,
        )
    return ax


def plot_first_day_returns(
    data: Data,
    *,
    ax: Axes | None = None,
    labels: Labels = "auto",
    colors: Colors | None = None,
    legend: bool = True,
    **kwargs: Any,
) -> Axes:
    """First-day returns: grey-market high, open and close, one bar per issuer.

    Parameters
    ----------
    data : DataFrame or iterable of Offering
        A frame from :func:`ipometrics.to_frame` (columns ``open_return``, ``close_return``)
        or the records. Only records carry the grey-market observations, so the grey-market
        group is drawn only when records are given.
    ax : Axes, optional
        Where to draw; default the current Axes.
    labels : {"auto", "zh", "en"}, mapping or callable
        Issuer names in the legend (see :func:`issuer_label`; a callable needs records).
    colors : mapping, optional
        Issuer colours ``{key or stock code: colour}``; default :func:`issuer_colors`.
    legend : bool
        Draw the legend of issuers and gap marks.
    **kwargs
        Passed to :meth:`Axes.bar`.

    Returns
    -------
    Axes
        ``ax``; bar heights are returns [fraction], ticks and value labels in percent. A
        missing return is a gap mark, not a bar: ``n/p`` (hatched outline) when no source
        publishes it, ``n/a`` when it does not apply (no grey market in Shanghai). A frame
        tells them apart through ``attrs["unavailable"]``; without it a gap counts as n/p.

    Examples
    --------
    >>> import ipometrics as ipm
    >>> from matplotlib.figure import Figure
    >>> hk = ipm.load_offerings(exchange="SEHK")
    >>> ax = plot_first_day_returns(hk, ax=Figure().subplots(), labels="en")
    >>> len(ax.containers)  # 4 issuers x 3 measures, less 2 grey, 1 open and 1 close unknown
    8
    """
    from matplotlib.ticker import PercentFormatter

    frame, records = _split(data, "plot_first_day_returns")
    _need(frame, ("open_return", "close_return"))
    names = _data_names(frame, records, labels, colors)
    ax = _axes(ax)
    gaps = _frame_gaps(frame)
    groups = [("open_return", "First-day open"), ("close_return", "First-day close")]
    grey: dict[str, float | Gap] = {}
    if records is not None:
        groups.insert(0, ("grey_high_return", "Grey-market\nintraday high"))
        for o in records:
            high = grey_market_high_return(o)
            grey[o.code] = _grey_gap(o) if high is None else high

    def value(gid: str, issuer: _Issuer) -> float | Gap:
        if gid == "grey_high_return":
            return grey[issuer.code]
        return _cell(frame, gaps, issuer.code, gid)

    _grouped_bars(ax, groups, names.issuers, value, _pct, kwargs=kwargs)
    ax.axhline(0, color="0.2", linewidth=0.9)
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
    ax.set_ylabel("Return vs offer price [%]")
    ax.set_title("First-day returns")
    _headroom(ax)
    _gap_band(ax)
    if legend:
        _issuer_legend(ax, names)
    return ax


def plot_subscription_multiples(
    data: Data,
    *,
    ax: Axes | None = None,
    labels: Labels = "auto",
    colors: Colors | None = None,
    legend: bool = True,
    **kwargs: Any,
) -> Axes:
    """Public offer vs international placing subscription multiples, on a log scale.

    Parameters
    ----------
    data : DataFrame or iterable of Offering
        A frame from :func:`ipometrics.to_frame` (``public_multiple``,
        ``placing_multiple``) or the records.
    ax : Axes, optional
        Where to draw; default the current Axes.
    labels : {"auto", "zh", "en"}, mapping or callable
        Issuer names in the legend (see :func:`issuer_label`; a callable needs records).
    colors : mapping, optional
        Issuer colours ``{key or stock code: colour}``; default :func:`issuer_colors`.
    legend : bool
        Draw the legend of issuers and gap marks.
    **kwargs
        Passed to :meth:`Axes.bar`.

    Returns
    -------
    Axes
        ``ax``, log-scale y [times]. Bars rise from 1x (fully subscribed); value labels
        give the published multiple. A missing multiple is a gap mark: ``n/p`` when no
        source publishes it, ``n/a`` for a STAR Market issue, which has no Hong Kong public
        offer or international placing.

    Notes
    -----
    Multiple = shares applied for / shares initially offered in the tranche, as the
    allotment announcements publish it.
    """
    from matplotlib.ticker import FuncFormatter

    frame, records = _split(data, "plot_subscription_multiples")
    _need(frame, ("public_multiple", "placing_multiple"))
    names = _data_names(frame, records, labels, colors)
    ax = _axes(ax)
    gaps = _frame_gaps(frame)
    groups = [
        ("public_multiple", "Hong Kong public offer"),
        ("placing_multiple", "International placing"),
    ]
    known = [
        v
        for gid, _ in groups
        for i in names.issuers
        if isinstance(v := _cell(frame, gaps, i.code, gid), float) and v > 0
    ]

    def value(gid: str, issuer: _Issuer) -> float | Gap:
        return _cell(frame, gaps, issuer.code, gid)

    def fmt(v: float) -> str:
        return f"{v:,.0f}×" if v >= 100 else f"{v:,.2f}×"

    ax.set_yscale("log")
    _grouped_bars(ax, groups, names.issuers, value, fmt, base=1.0, kwargs=kwargs)
    low = min([1.0, *known]) / 1.5
    high = max([10.0, *known]) * 4  # a decade's headroom on log axes leaves room for labels
    ax.set_ylim(low, high)
    _gap_band(ax)
    ax.axhline(1, color="0.2", linewidth=0.9)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,g}×"))
    ax.set_ylabel("Subscription multiple [times, log scale]")
    ax.set_title("Subscription multiples")
    if legend:
        _issuer_legend(ax, names)
    return ax


def plot_market_caps(
    data: Data,
    *,
    at: Sequence[CapAt] = ("offer", "close"),
    ax: Axes | None = None,
    labels: Labels = "auto",
    colors: Colors | None = None,
    legend: bool = True,
    **kwargs: Any,
) -> Axes:
    """Market capitalisation at the offer price and at first-day prices, in billions.

    Parameters
    ----------
    data : DataFrame or iterable of Offering
        A frame from :func:`ipometrics.to_frame` (``market_cap_offer``, ``_open``,
        ``_close``; shares in issue after listing times the price) or the records.
    at : sequence of {"offer", "open", "close"}
        Which prices, one group of bars each, in this order.
    ax : Axes, optional
        Where to draw; default the current Axes.
    labels : {"auto", "zh", "en"}, mapping or callable
        Issuer names in the legend (see :func:`issuer_label`; a callable needs records).
    colors : mapping, optional
        Issuer colours ``{key or stock code: colour}``; default :func:`issuer_colors`.
    legend : bool
        Draw the legend of issuers and gap marks.
    **kwargs
        Passed to :meth:`Axes.bar`.

    Returns
    -------
    Axes
        ``ax``; y in billions of the offerings' currency [currency]. Biren has no
        published close, so its close bar is an ``n/p`` gap mark.

    Raises
    ------
    IpoDataError
        The offerings are in different currencies, or ``at`` names an unknown price.
    """
    titles = {"offer": "At offer price", "open": "At first-day open", "close": "At first close"}
    bad = [a for a in at if a not in titles]
    if bad or not at:
        raise IpoDataError(f"at must name 'offer', 'open' or 'close', got {list(at)!r}")
    frame, records = _split(data, "plot_market_caps")
    groups = [(f"market_cap_{a}", titles[a]) for a in at]
    _need(frame, [g for g, _ in groups])
    currency = _currency(frame, "plot_market_caps")
    names = _data_names(frame, records, labels, colors)
    ax = _axes(ax)
    gaps = _frame_gaps(frame)

    def value(gid: str, issuer: _Issuer) -> float | Gap:
        v = _cell(frame, gaps, issuer.code, gid)
        return v if isinstance(v, str) else v / 1e9

    _grouped_bars(ax, groups, names.issuers, value, lambda v: f"{v:,.1f}", kwargs=kwargs)
    ax.set_ylabel(f"Market cap [{_escape(currency)} bn]")
    ax.set_title("Market capitalisation")
    _headroom(ax)
    _gap_band(ax)
    ax.axhline(0, color="0.2", linewidth=0.9)
    if legend:
        _issuer_legend(ax, names)
    return ax


def plot_money_left(
    data: Data,
    *,
    ax: Axes | None = None,
    labels: Labels = "auto",
    colors: Colors | None = None,
    legend: bool = True,
    **kwargs: Any,
) -> Axes:
    """Money left on the table beside the gross proceeds raised, in billions.

    Parameters
    ----------
    data : DataFrame or iterable of Offering
        A frame from :func:`ipometrics.to_frame` (``gross_proceeds``,
        ``money_left_on_table``) or the records.
    ax : Axes, optional
        Where to draw; default the current Axes.
    labels : {"auto", "zh", "en"}, mapping or callable
        Issuer names in the legend (see :func:`issuer_label`; a callable needs records).
    colors : mapping, optional
        Issuer colours ``{key or stock code: colour}``; default :func:`issuer_colors`.
    legend : bool
        Draw the legend of issuers and gap marks.
    **kwargs
        Passed to :meth:`Axes.bar`.

    Returns
    -------
    Axes
        ``ax``; y in billions of the offerings' currency [currency]. A missing amount is a
        gap mark (``n/p`` or ``n/a``).

    Raises
    ------
    IpoDataError
        The offerings are in different currencies.

    Notes
    -----
    Money left on the table = (first-day close - offer price) x offer shares
    (:func:`ipometrics.metrics.money_left_on_table`); gross proceeds = offer price x offer
    shares. Their ratio is the first-day return.
    """
    frame, records = _split(data, "plot_money_left")
    groups = [
        ("gross_proceeds", "Gross proceeds"),
        ("money_left_on_table", "Money left on the table"),
    ]
    _need(frame, [g for g, _ in groups])
    currency = _currency(frame, "plot_money_left")
    names = _data_names(frame, records, labels, colors)
    ax = _axes(ax)
    gaps = _frame_gaps(frame)

    def value(gid: str, issuer: _Issuer) -> float | Gap:
        v = _cell(frame, gaps, issuer.code, gid)
        return v if isinstance(v, str) else v / 1e9

    _grouped_bars(ax, groups, names.issuers, value, lambda v: f"{v:,.2f}", kwargs=kwargs)
    ax.axhline(0, color="0.2", linewidth=0.9)
    ax.set_ylabel(f"Amount [{_escape(currency)} bn]")
    ax.set_title("Proceeds and money left on the table")
    _headroom(ax)
    _gap_band(ax)
    if legend:
        _issuer_legend(ax, names)
    return ax


def plot_tranches(
    offerings: Iterable[Offering],
    *,
    unit: Literal["percent", "shares"] = "percent",
    ax: Axes | None = None,
    labels: Labels = "auto",
    colors: Colors | None = None,
    legend: bool = True,
    **kwargs: Any,
) -> Axes:
    """Public and international tranches before and after reallocation, per issuer.

    Two stacked bars per issuer, "initial" and "final": the Hong Kong public tranche (solid)
    under the international placing (pale), with the cornerstone shares hatched at the
    bottom of the final international tranche.

    Parameters
    ----------
    offerings : iterable of Offering
        Records (the initial international tranche is not in the frame).
    unit : {"percent", "shares"}
        ``"percent"``: shares as a fraction of the shares initially offered
        (:meth:`Offering.initial_offer_shares`), the basis of the clawback rules, so a final
        bar above 100% shows an offer-size adjustment. ``"shares"``: share counts, ticks in
        millions.
    ax : Axes, optional
        Where to draw; default the current Axes.
    labels : {"auto", "zh", "en"}, mapping or callable
        Issuer names on the x axis (see :func:`issuer_label`), with the stock code on a
        line of its own.
    colors : mapping, optional
        Issuer colours ``{key or stock code: colour}``; default :func:`issuer_colors`.
    legend : bool
        Draw the legend of the segments and gap marks.
    **kwargs
        Passed to :meth:`Axes.bar` for the tranche segments.

    Returns
    -------
    Axes
        ``ax``; y in [% of initial offer] or [shares]. A bar whose tranches are missing is a
        gap mark: ``n/p`` when no source publishes them, ``n/a`` for a STAR Market issue,
        which has no Hong Kong tranches. Labels give the public tranche and the total.
    """
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter, PercentFormatter

    if unit not in ("percent", "shares"):
        raise IpoDataError(f"unit must be 'percent' or 'shares', got {unit!r}")
    records = _records(offerings, "plot_tranches")
    names = _names([_row(o) for o in records], labels, colors)
    ax = _axes(ax)
    width = 0.36

    def fmt(v: float) -> str:
        return f"{v:.0%}" if unit == "percent" else f"{v / 1e6:,.1f}m"

    for i, (o, issuer) in enumerate(zip(records, names.issuers, strict=True)):
        pub, intl = o.shares.hk_public, o.shares.hk_international
        corner = o.cornerstones.shares.value if o.cornerstones is not None else None
        scale_gap: Gap | None = None
        try:
            scale = 1.0 / o.initial_offer_shares() if unit == "percent" else 1.0
        except FigureUnavailableError as err:
            scale = math.nan
            scale_gap = "not applicable" if err.status == "not applicable" else "unknown"
        for stage, dx in (("initial", -0.2), ("final", 0.2)):
            x = i + dx
            p = getattr(pub, stage).value if pub is not None else None
            q = getattr(intl, stage).value if intl is not None else None
            if p is None or q is None or scale_gap is not None:
                missing = [
                    path
                    for path, v in (
                        (f"shares.hk_public.{stage}", p),
                        (f"shares.hk_international.{stage}", q),
                    )
                    if v is None
                ]
                gap = _gap_of(o, *missing) if missing else scale_gap or "unknown"
                if scale_gap == "not applicable":
                    gap = scale_gap
                gid = _gap_id(gap, f"{stage}:{issuer.key}")
                _gap_mark(ax, x, width * 0.8, gap, issuer.color, gid)
                continue
            style: dict[str, Any] = {
                "color": issuer.color,
                "edgecolor": issuer.color,
                "linewidth": 0.8,
                **kwargs,
            }
            ax.bar(x, p * scale, width, gid=f"public_{stage}:{issuer.key}", **style)
            ax.bar(
                x,
                q * scale,
                width,
                bottom=p * scale,
                alpha=0.35,
                gid=f"international_{stage}:{issuer.key}",
                **style,
            )
            for y in (p * scale, (p + q) * scale):
                ax.annotate(
                    fmt(y),
                    (x, y),
                    xytext=(0, 1.5),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=_VALUE_FONTSIZE,
                )
            if stage == "final" and corner is not None:
                ax.bar(
                    x,
                    corner * scale,
                    width,
                    bottom=max(p, p + q - corner) * scale,
                    fill=False,
                    hatch="////",
                    edgecolor=issuer.color,
                    linewidth=0,
                    gid=f"cornerstone:{issuer.key}",
                )
            elif stage == "final":
                gap = _gap_of(o, "cornerstones.shares")
                ax.annotate(
                    f"cornerstones {_GAP_MARK[gap]}",
                    (x, (p + q) * scale),
                    xytext=(0, 11),
                    textcoords="offset points",
                    rotation=90,
                    ha="center",
                    va="bottom",
                    fontsize=_VALUE_FONTSIZE,
                    fontstyle="italic",
                    color=issuer.color,
                    gid=_gap_id(gap, f"cornerstone:{issuer.key}"),
                )

    centres = list(range(len(records)))
    slot = _axes_width_pt(ax) / max(len(records), 1)
    ax.set_xticks(centres, [_tick_label(i, slot) for i in names.issuers], **_font_kw(names.family))
    ax.set_xticks(
        [c + dx for c in centres for dx in (-0.2, 0.2)],
        ["initial", "final"] * len(centres),
        minor=True,
    )
    ax.tick_params(axis="x", which="major", pad=13, length=0, labelsize="small")
    ax.tick_params(axis="x", which="minor", labelsize="x-small", length=0)
    ax.set_xlim(-0.6, len(records) - 0.4)
    if unit == "percent":
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
        ax.set_ylabel("Tranche [% of initial offer]")
    else:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v / 1e6:,.0f}"))
        ax.set_ylabel("Tranche [million shares]")
    ax.set_title("Tranches: initial and final")
    ax.grid(axis="y", color="0.9", linewidth=0.8)
    ax.set_axisbelow(True)
    _headroom(ax, 1.28)
    _gap_band(ax)
    ax.axhline(0, color="0.2", linewidth=0.9)
    if legend:
        gap_handles, gap_texts = _gap_handles(_gaps_on(ax))
        ax.legend(
            handles=[
                Patch(facecolor=_GREY, edgecolor=_GREY),
                Patch(facecolor=_GREY, edgecolor=_GREY, alpha=0.35),
                Patch(fill=False, hatch="////", edgecolor=_GREY),
                *gap_handles,
            ],
            labels=["Hong Kong public", "International", "of which cornerstones", *gap_texts],
            fontsize="x-small",
            loc="upper left",
            ncols=2,
        )
    return ax


def _axes_width_pt(ax: Axes) -> float:
    """The Axes' width before layout [points]."""
    fig = ax.get_figure(root=True)
    if fig is None:
        return 400.0
    return float(ax.get_position().width * fig.get_figwidth() * 72)


def _text_width_pt(text: str, size: float | str, family: str | None = None) -> float:
    """Width of one line of ``text`` in the default font [points] (CJK: about 1 em a glyph)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    font = FontProperties(size=size)
    pts = font.get_size_in_points()
    if _wide(text):
        return sum(pts if _wide(c) else 0.6 * pts for c in text)
    return float(TextToPath().get_text_width_height_descent(text, font, ismath=False)[0])


def _tick_label(issuer: _Issuer, slot_pt: float) -> str:
    """A name under its bars: on one line if it fits the slot, else wrapped; then the code."""
    name = issuer.short
    fits = _text_width_pt(name, "small") <= 0.9 * slot_pt
    text = name if fits else _wrap(name)
    return f"{text}\n({issuer.stock})" if issuer.stock else text


def plot_clawback_ladder(
    regime: str | ClawbackRegime,
    offerings: Iterable[Offering],
    *,
    ax: Axes | None = None,
    labels: Labels = "auto",
    colors: Colors | None = None,
    legend: bool = True,
    **kwargs: Any,
) -> Axes:
    """A clawback regime's ladder, with each offering placed where it landed.

    Parameters
    ----------
    regime : str or ClawbackRegime
        A key of :data:`ipometrics.hk.clawback.REGIMES` (``"chapter_18c"``) or a regime.
    offerings : iterable of Offering
        Each is drawn at (its published public-offer multiple [times], its published final
        public tranche / shares initially offered [fraction]). An offering that names
        another regime is hollow, its regime in the legend. One without both figures is
        listed at the foot of the Axes, as ``n/p`` (not published) or ``n/a`` (no Hong Kong
        public offer, e.g. a STAR Market issue).
    ax : Axes, optional
        Where to draw; default the current Axes.
    labels : {"auto", "zh", "en"}, mapping or callable
        Issuer names in the legend (see :func:`issuer_label`).
    colors : mapping, optional
        Issuer colours ``{key or stock code: colour}``; default :func:`issuer_colors`.
    legend : bool
        Draw the legend.
    **kwargs
        Passed to :meth:`Axes.scatter` for the offerings.

    Returns
    -------
    Axes
        ``ax``; x the subscription multiple [times, log scale], y the public tranche [% of
        initial offer].

    Raises
    ------
    IpoDataError
        ``regime`` is not a known name.

    Notes
    -----
    Below the first step the tranche is the one set at launch (at least
    ``initial_fraction_min``); at a multiple >= a step's ``min_multiple`` it must reach the
    step's ``public_fraction`` of the shares initially offered (see
    :func:`ipometrics.hk.clawback.clawback`). Steps whose value is uncertain are dashed.

    Examples
    --------
    >>> import ipometrics as ipm
    >>> from matplotlib.figure import Figure
    >>> ax = plot_clawback_ladder(
    ...     "chapter_18c", ipm.load_offerings(exchange="SEHK"), ax=Figure().subplots(), labels="en"
    ... )
    >>> ax.get_xscale()
    'log'
    """
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FuncFormatter, PercentFormatter

    if isinstance(regime, str):
        if regime not in REGIMES:
            raise IpoDataError(f"regime must be one of {', '.join(REGIMES)}, got {regime!r}")
        regime = REGIMES[regime]
    records = _records(offerings, "plot_clawback_ladder")
    names = _names([_row(o) for o in records], labels, colors)
    ax = _axes(ax)
    base_name = regime.name.split(" ")[0]

    points: list[tuple[_Issuer, Offering, float, float]] = []
    missing: dict[Gap, list[_Issuer]] = {"unknown": [], "not applicable": []}
    for o, issuer in zip(records, names.issuers, strict=True):
        demand = o.demand.hk_public
        multiple = demand.subscription_multiple.value if demand is not None else None
        pub = o.shares.hk_public
        final = pub.final.value if pub is not None else None
        gaps: list[Gap] = []
        try:
            offered: int | None = o.initial_offer_shares()
        except FigureUnavailableError as err:
            offered = None
            gaps.append("not applicable" if err.status == "not applicable" else "unknown")
        if multiple is None or multiple <= 0 or final is None or not offered:
            paths = [
                path
                for path, v in (
                    ("demand.hk_public.subscription_multiple", multiple),
                    ("shares.hk_public.final", final),
                )
                if v is None
            ]
            if paths:
                gaps.append(_gap_of(o, *paths))
            missing["not applicable" if "not applicable" in gaps else "unknown"].append(issuer)
            continue
        points.append((issuer, o, float(multiple), final / offered))

    thresholds = [float(s.min_multiple) for s in regime.steps]
    x_lo = min([1.0, *(m / 2 for _, _, m, _ in points)])
    x_hi = max([1000.0, *(m * 3 for m in thresholds), *(m * 3 for _, _, m, _ in points)])
    initial = float(regime.initial_fraction_min)
    handles: list[Artist] = []
    texts: list[str] = []
    if regime.steps:
        xs = [x_lo, *thresholds, x_hi]
        ys = [initial, *(float(s.public_fraction) for s in regime.steps)]
        for j in range(len(ys)):
            dashed = j > 0 and regime.steps[j - 1].status == "uncertain"
            dash = "--" if dashed else "-"
            ax.hlines(ys[j], xs[j], xs[j + 1], color="0.2", linewidth=2.2, linestyle=dash)
            if j > 0:
                ax.vlines(xs[j], ys[j - 1], ys[j], color="0.2", linewidth=1.2, linestyle=":")
                text = f"{ys[j]:.0%} from {xs[j]:,g}×" + (" (uncertain)" if dashed else "")
            else:
                floor = regime.initial_fraction_min == regime.initial_fraction_max
                text = f"{initial:.0%} at launch" if floor else f"launch: at least {initial:.0%}"
            ax.annotate(
                text,
                (xs[j], ys[j]),
                xytext=(3, 3),
                textcoords="offset points",
                fontsize=_VALUE_FONTSIZE,
                color="0.2",
            )
        handles.append(Line2D([], [], color="0.2", linewidth=2.2))
        texts.append(f"{_escape(regime.title)}: required public tranche")
        top = max(ys)
    else:
        hi = float(regime.initial_fraction_max)
        ax.axhspan(initial, hi, color="0.85", zorder=0)
        ax.annotate(
            f"fixed at launch, {initial:.0%} to {hi:.0%}: no clawback",
            (0.02, hi),
            xycoords=ax.get_yaxis_transform(),
            xytext=(0, -3),
            textcoords="offset points",
            va="top",
            fontsize=_VALUE_FONTSIZE,
        )
        top = hi

    for issuer, o, m, y in points:
        same = o.clawback_regime == base_name
        marker: dict[str, Any] = {"s": 70, "zorder": 3, "linewidths": 1.8, **kwargs}
        ax.scatter(
            [m],
            [y],
            color=issuer.color if same else "white",
            edgecolors=issuer.color,
            gid=f"offering:{issuer.key}",
            **marker,
        )
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="none",
                color=issuer.color,
                markerfacecolor=issuer.color if same else "white",
            )
        )
        other = o.clawback_regime
        other_title = REGIMES[other].title if other in REGIMES else other or "unknown regime"
        texts.append(issuer.long if same else f"{issuer.long}: {_escape(other_title)}")
    foot = 0.02
    order: tuple[Gap, ...] = ("not applicable", "unknown")
    for gap in order:
        who = missing[gap]
        if not who:
            continue
        what = "does not apply" if gap == "not applicable" else "not published"
        ax.text(
            0.99,
            foot,
            f"{_GAP_MARK[gap]} ({what}): " + ", ".join(i.short for i in who),
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=_VALUE_FONTSIZE,
            gid=_gap_id(gap, "offerings"),
            **_font_kw(names.family),
        )
        foot += 0.05

    ax.set_xscale("log")
    ax.set_xlim(x_lo, x_hi)
    # With a legend, the top step sits at about 60% of the height and the legend above it.
    ax.set_ylim(0, max([top, *(y for _, _, _, y in points)]) * (1.65 if legend else 1.2))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,g}×"))
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
    ax.set_xlabel("Public offer subscription multiple [times, log scale]")
    ax.set_ylabel("Public tranche [% of initial offer]")
    ax.set_title(f"Clawback ladder: {_escape(regime.title)}")
    ax.grid(color="0.92", linewidth=0.8)
    ax.set_axisbelow(True)
    if legend:
        ax.legend(handles=handles, labels=texts, prop=_font_prop(names.family), loc="upper left")
    return ax


def dashboard(
    offerings: Iterable[Offering],
    *,
    fig: Figure | None = None,
    labels: Labels = "auto",
    colors: Colors | None = None,
    caption: bool = False,
    as_of: date | None = None,
) -> Figure:
    """Six panels side by side: returns, multiples, market caps, path, tranches, money left.

    Parameters
    ----------
    offerings : iterable of Offering
        The records to compare, in one currency (e.g.
        ``ipm.load_offerings(exchange="SEHK")``).
    fig : matplotlib.figure.Figure, optional
        An empty figure to draw in; default a new 16 x 9.5 inch
        :class:`~matplotlib.figure.Figure` with constrained layout, made without pyplot
        (so no window, no global figure list).
    labels : {"auto", "zh", "en"}, mapping or callable
        Issuer names (see :func:`issuer_label`); one script for every panel.
    colors : mapping, optional
        Issuer colours ``{key or stock code: colour}``; default :func:`issuer_colors` of
        ``offerings``. Every panel uses the same colours.
    caption : bool
        Write the source caption under the panels (:func:`add_source_caption` with
        ``CHART_PATHS["dashboard"]``). Calling :func:`add_source_caption` on the returned
        figure does the same: the bottom edge is kept free for it.
    as_of : date, optional
        The caption's "records as of" date [date]; default the newest source's date.

    Returns
    -------
    Figure
        With a title, and one legend at the right: the issuers (name and stock code), then
        what the gap marks mean. Save it with ``fig.savefig(...)``.

    Raises
    ------
    IpoDataError
        ``fig`` already has Axes, or the offerings are in different currencies.

    Examples
    --------
    >>> import ipometrics as ipm
    >>> fig = dashboard(ipm.load_offerings(exchange="SEHK"), labels="en", caption=True)
    >>> len(fig.axes)
    6
    >>> fig.get_supxlabel()[:28]
    'Sources: HKEX announcements,'
    """
    from matplotlib.figure import Figure

    records = _records(offerings, "dashboard")
    names = _names([_row(o) for o in records], labels, colors)
    panel_labels: Labels = labels if names.script is None else names.script
    palette = {i.code: i.color for i in names.issuers}
    if fig is None:
        fig = Figure(figsize=(16, 9.5), layout="constrained")
    elif fig.axes:
        raise IpoDataError(f"fig must be empty, got a figure with {len(fig.axes)} Axes")
    elif fig.get_layout_engine() is None:
        fig.set_layout_engine("constrained")
    _currency(to_frame(records), "dashboard")
    axes = fig.subplot_mosaic(
        [["returns", "multiples", "caps"], ["path", "tranches", "money"]],
    )
    common: dict[str, Any] = {"labels": panel_labels, "colors": palette}
    plot_first_day_returns(records, ax=axes["returns"], legend=False, **common)
    plot_subscription_multiples(records, ax=axes["multiples"], legend=False, **common)
    plot_market_caps(records, ax=axes["caps"], legend=False, **common)
    plot_first_day_path(records, ax=axes["path"], legend=False, **common)
    plot_tranches(records, ax=axes["tranches"], **common)
    plot_money_left(records, ax=axes["money"], legend=False, **common)

    gaps: set[Gap] = set()
    for ax in axes.values():
        gaps |= _gaps_on(ax)
    gap_handles, gap_texts = _gap_handles(gaps)
    fig.legend(
        handles=[*_issuer_handles(names.issuers), *gap_handles],
        labels=[*(i.long for i in names.issuers), *(_wrap_key(t) for t in gap_texts)],
        loc="outside right upper",
        prop=_font_prop(names.family, "medium"),
    )
    dates = [d for o in records if isinstance(d := o.dates.listing.value, date)]
    when = f", listed {min(dates):%Y-%m-%d} to {max(dates):%Y-%m-%d}" if dates else ""
    fig.suptitle(f"IPO comparison: {len(records)} offerings{when}", fontsize="x-large")
    if caption:
        add_source_caption(fig, records, paths=CHART_PATHS["dashboard"], as_of=as_of)
    return fig


# --------------------------------------------------------------------------------------------
# Source captions
# --------------------------------------------------------------------------------------------

_EXCHANGES = {"SEHK": "HKEX", "SSE": "SSE", "SZSE": "SZSE"}
#: Agencies and papers named in the caption when a cited wire-tier document names them.
_WIRES = (
    "Reuters",
    "Bloomberg",
    "Dow Jones",
    "AFP",
    "Xinhua",
    "Nikkei",
    "South China Morning Post",
)
_TIERS = ("official_announcement", "prospectus", "wire", "other_media", "broker", "ai_generated")


def _cited(node: Any) -> Iterator[str]:
    """Ids of the sources of every published figure below ``node``."""
    if isinstance(node, RecordFigure):
        if node.value is not None and node.src is not None:
            yield node.src
    elif isinstance(node, list):
        for item in node:
            yield from _cited(item)
    elif isinstance(node, BaseModel):
        src = getattr(node, "src", None)
        if isinstance(src, str) and getattr(node, "value", None) is not None:
            yield src  # a grey-market observation or a later price
        for field in type(node).model_fields:
            if field not in ("sources", "conflicts", "derived"):
                yield from _cited(getattr(node, field))


def source_caption(
    offerings: Iterable[Offering],
    *,
    paths: Iterable[str] | None = None,
    as_of: date | None = None,
) -> str:
    """The text of :func:`add_source_caption`: the kinds of document cited, and a date.

    Parameters
    ----------
    offerings : iterable of Offering
        The records a chart plots.
    paths : iterable of str, optional
        The record paths the chart plots (:data:`CHART_PATHS`, e.g.
        ``CHART_PATHS["tranches"]``); the caption names only the sources their published
        figures cite, and none for an offering to which the first path does not apply.
        Default: every published figure of the records.
    as_of : date, optional
        The "records as of" date [date]; default the latest ``date`` among all the
        offerings' sources (the newest document the records read).

    Returns
    -------
    str
        E.g. ``"Sources: HKEX announcements, wire reports (Reuters); records as of
        2026-02-13"``. Source kinds follow the precedence of the tiers
        (:class:`~ipometrics.models.Source`): exchange announcements (named by the
        offerings' exchanges), prospectuses, wire reports (with the agencies their
        descriptions name), other press reports, broker reports. Plain text: ``$`` is not
        escaped here.

    Raises
    ------
    IpoDataError
        A path names no field of the records.

    Examples
    --------
    >>> import ipometrics as ipm
    >>> hk = ipm.load_offerings(exchange="SEHK")
    >>> source_caption(hk, paths=CHART_PATHS["subscription_multiples"])
    'Sources: HKEX announcements; records as of 2026-02-13'
    >>> source_caption(hk, paths=["first_day.close"], as_of=date(2026, 3, 1))
    'Sources: wire reports (Reuters), other press reports; records as of 2026-03-01'
    """
    records = _records(offerings, "source_caption")
    wanted = None if paths is None else list(paths)
    by_tier: dict[str, list[tuple[Offering, str]]] = {}
    for o in records:
        if wanted is None:
            ids = set(_cited(o))
        else:
            ids = set()
            for path in wanted:
                try:
                    ids |= set(_cited(o.figure(path)))
                except KeyError as err:
                    raise IpoDataError(f"paths: {err.args[0]}") from err
            if wanted and o.status(wanted[0]) == "not applicable":
                ids = set()  # the chart does not place this offering
        for s in (o.source(i) for i in sorted(ids)):
            by_tier.setdefault(s.tier, []).append((o, s.document))
    kinds: list[str] = []
    for tier in _TIERS:
        cited = by_tier.get(tier, [])
        if not cited:
            continue
        if tier == "official_announcement":
            exchanges = sorted(
                {_EXCHANGES.get(o.exchange, o.exchange or "exchange") for o, _ in cited}
            )
            kinds.append(f"{' and '.join(exchanges)} announcements")
        elif tier == "prospectus":
            kinds.append("prospectuses")
        elif tier == "wire":
            named = [w for w in _WIRES if any(w.lower() in doc.lower() for _, doc in cited)]
            kinds.append("wire reports" + (f" ({', '.join(named)})" if named else ""))
        elif tier == "other_media":
            kinds.append("other press reports")
        elif tier == "broker":
            kinds.append("broker reports")
        else:
            kinds.append("machine-generated summaries")
    dated = [s.date for o in records for s in o.sources if s.date is not None]
    when = as_of if as_of is not None else (max(dated) if dated else None)
    text = "Sources: " + (", ".join(kinds) if kinds else "none (no published figure plotted)")
    return text + (f"; records as of {when:%Y-%m-%d}" if when is not None else "")


def _wrap_to(text: str, width_pt: float, size: float | str) -> str:
    """``text`` broken at spaces into lines no wider than ``width_pt`` [points]."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and _text_width_pt(f"{lines[-1]} {word}", size) <= width_pt:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def add_source_caption(
    fig: Figure,
    offerings: Iterable[Offering],
    *,
    paths: Iterable[str] | None = None,
    as_of: date | None = None,
    fontsize: float | str = _VALUE_FONTSIZE,
) -> Text:
    """Write where the figures come from in small print along the bottom of ``fig``.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure, e.g. from :func:`dashboard`, or one whose Axes a ``plot_*`` function
        drew on.
    offerings : iterable of Offering
        The records plotted.
    paths : iterable of str, optional
        The record paths plotted, e.g. ``CHART_PATHS["first_day_returns"]``; default every
        published figure of the records (see :func:`source_caption`).
    as_of : date, optional
        The "records as of" date [date]; default the newest source's date.
    fontsize : float or str
        Size of the caption [points] or a Matplotlib size name.

    Returns
    -------
    matplotlib.text.Text
        The caption (gid ``"source_caption"``), left-aligned and wrapped to the figure's
        width. It is the figure's ``supxlabel``, the bottom line that constrained layout
        keeps clear of the Axes (without a layout engine, leave room with
        ``fig.subplots_adjust(bottom=...)``). Calling again replaces it. ``$`` is escaped.

    Raises
    ------
    IpoDataError
        ``fig`` already has a ``supxlabel`` of its own, or a path names no field.

    Examples
    --------
    >>> import ipometrics as ipm
    >>> from matplotlib.figure import Figure
    >>> hk = ipm.load_offerings(exchange="SEHK")
    >>> fig = Figure(figsize=(8, 4.8), layout="constrained")
    >>> ax = plot_tranches(hk, ax=fig.subplots(), labels="en")
    >>> add_source_caption(fig, hk, paths=CHART_PATHS["tranches"]).get_text()
    'Sources: HKEX announcements, other press reports; records as of 2026-02-13'
    """
    records = _records(offerings, "add_source_caption")
    mine = [t for t in fig.texts if t.get_gid() == "source_caption"]
    if fig.get_supxlabel() and not mine:
        raise IpoDataError(
            f"fig already has a supxlabel {fig.get_supxlabel()!r}; add_source_caption writes "
            "the caption in that slot, so remove it or put that text elsewhere"
        )
    text = source_caption(records, paths=paths, as_of=as_of)
    lines = _wrap_to(text, 0.97 * fig.get_figwidth() * 72, fontsize)
    return fig.supxlabel(
        _escape(lines), x=0.01, ha="left", fontsize=fontsize, color="0.3", gid="source_caption"
    )
