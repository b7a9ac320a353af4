"""Charts of offerings: functions that draw on a Matplotlib Axes and return it.

Every ``plot_*`` function follows matplotlib's guidance for library code::

    plot_x(data, *, ax=None, labels="auto", legend=True, **kwargs) -> Axes

It draws on ``ax`` (default: :func:`matplotlib.pyplot.gca`), labels its axes with units and
returns the Axes. Nothing here shows, saves, or changes ``rcParams`` or the style; the
module imports matplotlib only when a function is called, so ``import ipometrics`` stays
free of it. :func:`dashboard` builds a :class:`matplotlib.figure.Figure` directly (not
through pyplot), so it touches no global state either.

Data are fractions and plain currency units; percent and billions exist only in the tick
labels, value labels and axis labels. An unknown figure is never drawn as 0 or as a guess:
its bar or point is left out and an ``"n/a"`` mark, in the issuer's colour, stands where it
would be.

Colours
    One colour per issuer, keyed by :attr:`Offering.key <ipometrics.models.Offering.key>`
    and the same in every chart, from the colour-blind-safe Okabe-Ito palette
    (:func:`issuer_color`).
Names
    ``labels="auto"`` writes issuers' Chinese names (:attr:`Offering.name_zh
    <ipometrics.models.Offering.name_zh>`) when Matplotlib can find a font that covers them
    (:func:`cjk_font`), and the English names (:attr:`Offering.name
    <ipometrics.models.Offering.name>`) otherwise; ``"en"`` forces English and ``"zh"``
    requires Chinese. The font is set on the name text artists only, never in ``rcParams``.
    On Debian/Ubuntu ``apt-get install fonts-wqy-microhei`` provides one.

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
import hashlib
import math
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from ipometrics import metrics
from ipometrics.errors import FigureUnavailableError, IpoDataError
from ipometrics.frame import to_frame
from ipometrics.hk.clawback import REGIMES, ClawbackRegime
from ipometrics.models import Offering

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

__all__ = [
    "CJK_FAMILIES",
    "ISSUER_COLORS",
    "OKABE_ITO",
    "SPARE_COLORS",
    "CapAt",
    "FontUnavailableError",
    "Labels",
    "cjk_font",
    "dashboard",
    "grey_market_high_return",
    "issuer_color",
    "issuer_label",
    "plot_clawback_ladder",
    "plot_first_day_path",
    "plot_first_day_returns",
    "plot_market_caps",
    "plot_money_left",
    "plot_subscription_multiples",
    "plot_tranches",
]

Labels = Literal["auto", "zh", "en"]
"""How issuers are named: ``"auto"`` (Chinese when a CJK font is found), ``"zh"``, ``"en"``."""
CapAt = Literal["offer", "open", "close"]
"""Price a market cap is taken at: the offer price or a first-day price."""

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

#: Fixed colours of the bundled issuers, by offering key.
ISSUER_COLORS: Mapping[str, str] = MappingProxyType(
    {
        "biren": OKABE_ITO["blue"],
        "zhipu": OKABE_ITO["vermillion"],
        "iluvatar_corex": OKABE_ITO["bluish_green"],
        "minimax": OKABE_ITO["reddish_purple"],
        "moore_threads": OKABE_ITO["orange"],
        "metax": OKABE_ITO["sky_blue"],
    }
)
#: Colours for issuers outside the bundle: Okabe-Ito black (its yellow is too pale for
#: lines and text on white, and the bundle takes the other six), then three colours of
#: Paul Tol's colour-blind-safe "muted" scheme that differ from the bundled ones.
SPARE_COLORS: tuple[str, ...] = (OKABE_ITO["black"], "#332288", "#882255", "#999933")

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

_NA = "n/a"
_GREY = "0.35"
_VALUE_FONTSIZE = 7.5


class FontUnavailableError(IpoDataError):
    """``labels="zh"`` was asked for but Matplotlib finds no font that covers Chinese."""


# --------------------------------------------------------------------------------------------
# Colours and names
# --------------------------------------------------------------------------------------------


def issuer_color(key: str) -> str:
    """The colour of an issuer, the same in every chart.

    Parameters
    ----------
    key : str
        Offering key, e.g. ``"zhipu"`` (:attr:`Offering.key`).

    Returns
    -------
    str
        A hex colour. The bundled issuers have fixed Okabe-Ito colours
        (:data:`ISSUER_COLORS`); any other key gets one of :data:`SPARE_COLORS`, chosen by a
        hash of the key, so it is the same in every session (beyond four other issuers,
        colours repeat).

    Examples
    --------
    >>> issuer_color("zhipu")
    '#D55E00'
    >>> issuer_color("some_new_issuer") == issuer_color("some_new_issuer")
    True
    """
    if key in ISSUER_COLORS:
        return ISSUER_COLORS[key]
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return SPARE_COLORS[int.from_bytes(digest[:4], "big") % len(SPARE_COLORS)]


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


def _cjk_for(labels: str) -> str | None:
    """The CJK family to name issuers with, or ``None`` for English; validates ``labels``."""
    if labels not in ("auto", "zh", "en"):
        raise IpoDataError(f"labels must be 'auto', 'zh' or 'en', got {labels!r}")
    if labels == "en":
        return None
    family = cjk_font()
    if labels == "zh" and family is None:
        raise FontUnavailableError(
            "labels='zh' needs a font that covers Chinese, but Matplotlib knows none of "
            f"{', '.join(CJK_FAMILIES[:4])}, ...; install one (Debian/Ubuntu: apt-get install "
            "fonts-wqy-microhei, then rebuild Matplotlib's font cache) or use labels='en'"
        )
    return family


@dataclass(frozen=True)
class _Issuer:
    key: str
    code: str
    name: str
    name_zh: str | None

    def label(self, family: str | None) -> str:
        if family is not None and self.name_zh and _covers(family, self.name_zh):
            return self.name_zh
        return self.name

    @property
    def color(self) -> str:
        return issuer_color(self.key)


def _issuer(o: Offering) -> _Issuer:
    return _Issuer(o.key, o.code, o.name, o.name_zh)


def issuer_label(offering: Offering, labels: Labels = "auto") -> str:
    """The name charts give an issuer.

    Parameters
    ----------
    offering : Offering
        The record.
    labels : {"auto", "zh", "en"}
        ``"en"``: :attr:`Offering.name` (``"KNOWLEDGE ATLAS"``). ``"zh"``:
        :attr:`Offering.name_zh` (``"智谱"``; the full Chinese name where no short one is
        published), or the English name when the record has no Chinese name or the font
        lacks one of its characters. ``"auto"``: ``"zh"`` when :func:`cjk_font` finds a
        font, else ``"en"``.

    Raises
    ------
    FontUnavailableError
        ``labels="zh"`` and no CJK font is installed.
    IpoDataError
        Any other ``labels`` value.

    Examples
    --------
    >>> import ipometrics as ipm
    >>> issuer_label(ipm.load_offering("zhipu"), labels="en")
    'KNOWLEDGE ATLAS'
    """
    return _issuer(offering).label(_cjk_for(labels))


def _font_kw(family: str | None) -> dict[str, Any]:
    """Text properties for artists that show names: the CJK font as a fallback, if any."""
    if family is None:
        return {}
    import matplotlib as mpl

    # The default family first keeps Latin text as elsewhere in the chart; Matplotlib falls
    # back to the CJK font glyph by glyph.
    return {"fontfamily": [*mpl.rcParams["font.family"], family]}


def _font_prop(family: str | None, size: str = "small") -> FontProperties:
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


def _frame_issuers(frame: pd.DataFrame) -> list[_Issuer]:
    _need(frame, ("key", "name"))
    out = []
    for code in frame.index:
        zh = frame.at[code, "name_zh"] if "name_zh" in frame.columns else None
        out.append(
            _Issuer(
                key=str(frame.at[code, "key"]),
                code=str(code),
                name=str(frame.at[code, "name"]),
                name_zh=zh if isinstance(zh, str) and zh else None,
            )
        )
    return out


def _cell(frame: pd.DataFrame, code: str, column: str) -> float | None:
    value: Any = frame.at[code, column]
    if value is None or pd.isna(value):
        return None
    return float(value)


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


def _na_mark(ax: Axes, x: float, color: str, gid: str, text: str = _NA) -> None:
    """An "n/a" label at data ``x``, at the bottom of the Axes, where a value would be."""
    ax.text(
        x,
        0.02,
        text,
        transform=ax.get_xaxis_transform(),
        rotation=90,
        ha="center",
        va="bottom",
        fontsize=_VALUE_FONTSIZE,
        fontstyle="italic",
        color=color,
        gid=gid,
    )


def _issuer_legend(
    ax: Axes, issuers: Sequence[_Issuer], family: str | None, *, marker: str | None = None
) -> None:
    handles = _issuer_handles(issuers, marker=marker)
    ax.legend(
        handles=handles,
        labels=[i.label(family) for i in issuers],
        prop=_font_prop(family),
    )


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
    value: Callable[[str, _Issuer], float | None],
    fmt: Callable[[float], str],
    *,
    base: float = 0.0,
    kwargs: Mapping[str, Any],
) -> None:
    """One group of bars per measure, one bar per issuer in its colour, value labels on top.

    ``groups`` is ``(id, tick label)``; ``value(id, issuer)`` gives the bar height in data
    units or ``None`` (drawn as an "n/a" mark). Bars start at ``base``.
    """
    n = max(len(issuers), 1)
    width = 0.8 / n
    span = (-0.6, len(groups) - 0.4)
    known = {(gid, i.key): value(gid, i) for gid, _ in groups for i in issuers}
    texts = [fmt(v) for v in known.values() if v is not None and math.isfinite(v)]
    rotation = _label_rotation(ax, texts, width, span[1] - span[0])
    for g, (gid, _) in enumerate(groups):
        for i, issuer in enumerate(issuers):
            x = g + (i - (n - 1) / 2) * width
            v = known[gid, issuer.key]
            if v is None or not math.isfinite(v):
                _na_mark(ax, x, issuer.color, f"na:{gid}:{issuer.key}")
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
    labels : {"auto", "zh", "en"}
        Issuer names (see :func:`issuer_label`).
    legend : bool
        Draw the legend of issuers. The legend of marker kinds is always drawn.
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
    joins the grey-market high to the open. An unknown stage breaks the line (Iluvatar
    CoreX has no published open, so its grey-market high and close stand alone) and gets an
    "n/a" mark at the bottom of its column: nothing is interpolated.

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
    family = _cjk_for(labels)
    ax = _axes(ax)
    issuers = [_issuer(o) for o in records]
    n = max(len(records), 1)
    step = min(0.12, 0.6 / n)
    nan = float("nan")

    def ret(o: Offering, at: Literal["open", "close", "high", "low"]) -> float | None:
        try:
            return float(o.first_day_return(at))
        except FigureUnavailableError:
            return None

    for i, (o, issuer) in enumerate(zip(records, issuers, strict=True)):
        dx = (i - (n - 1) / 2) * step
        c = issuer.color
        grey = grey_market_high_return(o)
        opened, closed = ret(o, "open"), ret(o, "close")
        high, low = ret(o, "high"), ret(o, "low")
        style = {"color": c, "linewidth": 1.8, **kwargs}
        ax.plot(
            [1 + dx, 3 + dx],
            [nan if opened is None else opened, nan if closed is None else closed],
            marker="o",
            markersize=6,
            gid=f"path:{issuer.key}",
            label=issuer.label(family),
            **style,
        )
        if grey is not None:
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
            if opened is not None:
                ax.plot([dx, 1 + dx], [grey, opened], color=c, linewidth=1.2, linestyle=":")
        if high is not None and low is not None:
            ax.vlines(2 + dx, low, high, color=c, linewidth=1.8, gid=f"range:{issuer.key}")
        for v, m in ((high, "^"), (low, "v")):
            if v is not None:
                ax.plot([2 + dx], [v], marker=m, markersize=7, color=c, linestyle="none")
        for stage, v in ((0, grey), (1, opened), (2, high if low is None else low), (3, closed)):
            if v is None:
                _na_mark(ax, stage + dx, c, f"na:{stage}:{issuer.key}")

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
    low, high = ax.get_ylim()
    if any((t.get_gid() or "").startswith("na:") for t in ax.texts):
        low -= 0.12 * (high - low)  # a band under the data for the n/a marks
    ax.set_ylim(low, high + 0.04 * (high - low))

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
    # With the issuer legend inside the Axes, the key to the markers goes outside, right;
    # alone (legend=False, as in the dashboard), it takes the emptiest corner inside.
    outside: dict[str, Any] = {"loc": "upper left", "bbox_to_anchor": (1.01, 1)}
    kinds_legend = ax.legend(
        handles=kinds,
        fontsize="x-small",
        title="n/a: not published",
        **(outside if legend else {"loc": "best"}),
    )
    kinds_legend.get_title().set_fontsize("x-small")
    if legend:
        ax.add_artist(kinds_legend)
        kinds_legend.set_clip_on(False)  # add_artist clips to the Axes; this one sits outside
        ax.legend(
            handles=_issuer_handles(issuers, marker="o"),
            labels=[i.label(family) for i in issuers],
            prop=_font_prop(family),
            loc="best",
        )
    return ax


def plot_first_day_returns(
    data: Data,
    *,
    ax: Axes | None = None,
    labels: Labels = "auto",
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
    labels : {"auto", "zh", "en"}
        Issuer names in the legend (see :func:`issuer_label`).
    legend : bool
        Draw the legend of issuers.
    **kwargs
        Passed to :meth:`Axes.bar`.

    Returns
    -------
    Axes
        ``ax``; bar heights are returns [fraction], ticks and value labels in percent. An
        unknown return is an "n/a" mark, not a bar.

    Examples
    --------
    >>> import ipometrics as ipm
    >>> from matplotlib.figure import Figure
    >>> hk = ipm.load_offerings(exchange="SEHK")
    >>> ax = plot_first_day_returns(hk, ax=Figure().subplots(), labels="en")
    >>> len(ax.patches)  # 4 issuers x 3 measures, less 2 grey, 1 open and 1 close unknown
    8
    """
    from matplotlib.ticker import PercentFormatter

    frame, records = _split(data, "plot_first_day_returns")
    family = _cjk_for(labels)
    ax = _axes(ax)
    _need(frame, ("open_return", "close_return"))
    issuers = _frame_issuers(frame)
    groups = [("open_return", "First-day open"), ("close_return", "First-day close")]
    grey: dict[str, float | None] = {}
    if records is not None:
        groups.insert(0, ("grey_high_return", "Grey-market\nintraday high"))
        grey = {o.code: grey_market_high_return(o) for o in records}

    def value(gid: str, issuer: _Issuer) -> float | None:
        if gid == "grey_high_return":
            return grey.get(issuer.code)
        return _cell(frame, issuer.code, gid)

    _grouped_bars(ax, groups, issuers, value, _pct, kwargs=kwargs)
    ax.axhline(0, color="0.2", linewidth=0.9)
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
    ax.set_ylabel("Return vs offer price [%]")
    ax.set_title("First-day returns")
    _headroom(ax)
    if legend:
        _issuer_legend(ax, issuers, family)
    return ax


def plot_subscription_multiples(
    data: Data,
    *,
    ax: Axes | None = None,
    labels: Labels = "auto",
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
    labels : {"auto", "zh", "en"}
        Issuer names in the legend (see :func:`issuer_label`).
    legend : bool
        Draw the legend of issuers.
    **kwargs
        Passed to :meth:`Axes.bar`.

    Returns
    -------
    Axes
        ``ax``, log-scale y [times]. Bars rise from 1x (fully subscribed); value labels
        give the published multiple. An unknown multiple is an "n/a" mark.

    Notes
    -----
    Multiple = shares applied for / shares initially offered in the tranche, as the
    allotment announcements publish it.
    """
    from matplotlib.ticker import FuncFormatter

    frame, _ = _split(data, "plot_subscription_multiples")
    family = _cjk_for(labels)
    ax = _axes(ax)
    _need(frame, ("public_multiple", "placing_multiple"))
    issuers = _frame_issuers(frame)
    groups = [
        ("public_multiple", "Hong Kong public offer"),
        ("placing_multiple", "International placing"),
    ]
    known = [
        v
        for gid, _ in groups
        for i in issuers
        if (v := _cell(frame, i.code, gid)) is not None and v > 0
    ]

    def value(gid: str, issuer: _Issuer) -> float | None:
        v = _cell(frame, issuer.code, gid)
        return v if v is not None and v > 0 else None  # 0x has no place on a log axis

    def fmt(v: float) -> str:
        return f"{v:,.0f}×" if v >= 100 else f"{v:,.2f}×"

    ax.set_yscale("log")
    _grouped_bars(ax, groups, issuers, value, fmt, base=1.0, kwargs=kwargs)
    low = min([1.0, *known]) / 1.5
    high = max([10.0, *known]) * 4  # a decade's headroom on log axes leaves room for labels
    ax.set_ylim(low, high)
    ax.axhline(1, color="0.2", linewidth=0.9)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,g}×"))
    ax.set_ylabel("Subscription multiple [times, log scale]")
    ax.set_title("Subscription multiples")
    if legend:
        _issuer_legend(ax, issuers, family)
    return ax


def plot_market_caps(
    data: Data,
    *,
    at: Sequence[CapAt] = ("offer", "close"),
    ax: Axes | None = None,
    labels: Labels = "auto",
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
    labels : {"auto", "zh", "en"}
        Issuer names in the legend (see :func:`issuer_label`).
    legend : bool
        Draw the legend of issuers.
    **kwargs
        Passed to :meth:`Axes.bar`.

    Returns
    -------
    Axes
        ``ax``; y in billions of the offerings' currency [currency]. Biren has no
        published close, so its close bar is an "n/a" mark.

    Raises
    ------
    IpoDataError
        The offerings are in different currencies, or ``at`` names an unknown price.
    """
    names = {"offer": "At offer price", "open": "At first-day open", "close": "At first close"}
    bad = [a for a in at if a not in names]
    if bad or not at:
        raise IpoDataError(f"at must name 'offer', 'open' or 'close', got {list(at)!r}")
    frame, _ = _split(data, "plot_market_caps")
    family = _cjk_for(labels)
    ax = _axes(ax)
    groups = [(f"market_cap_{a}", names[a]) for a in at]
    _need(frame, [g for g, _ in groups])
    currency = _currency(frame, "plot_market_caps")
    issuers = _frame_issuers(frame)

    def value(gid: str, issuer: _Issuer) -> float | None:
        v = _cell(frame, issuer.code, gid)
        return None if v is None else v / 1e9

    _grouped_bars(ax, groups, issuers, value, lambda v: f"{v:,.1f}", kwargs=kwargs)
    ax.set_ylabel(f"Market cap [{currency} bn]")
    ax.set_title("Market capitalisation")
    _headroom(ax)
    if legend:
        _issuer_legend(ax, issuers, family)
    return ax


def plot_money_left(
    data: Data,
    *,
    ax: Axes | None = None,
    labels: Labels = "auto",
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
    labels : {"auto", "zh", "en"}
        Issuer names in the legend (see :func:`issuer_label`).
    legend : bool
        Draw the legend of issuers.
    **kwargs
        Passed to :meth:`Axes.bar`.

    Returns
    -------
    Axes
        ``ax``; y in billions of the offerings' currency [currency].

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
    frame, _ = _split(data, "plot_money_left")
    family = _cjk_for(labels)
    ax = _axes(ax)
    groups = [
        ("gross_proceeds", "Gross proceeds"),
        ("money_left_on_table", "Money left on the table"),
    ]
    _need(frame, [g for g, _ in groups])
    currency = _currency(frame, "plot_money_left")
    issuers = _frame_issuers(frame)

    def value(gid: str, issuer: _Issuer) -> float | None:
        v = _cell(frame, issuer.code, gid)
        return None if v is None else v / 1e9

    _grouped_bars(ax, groups, issuers, value, lambda v: f"{v:,.2f}", kwargs=kwargs)
    ax.axhline(0, color="0.2", linewidth=0.9)
    ax.set_ylabel(f"Amount [{currency} bn]")
    ax.set_title("Proceeds and money left on the table")
    _headroom(ax)
    if legend:
        _issuer_legend(ax, issuers, family)
    return ax


def plot_tranches(
    offerings: Iterable[Offering],
    *,
    unit: Literal["percent", "shares"] = "percent",
    ax: Axes | None = None,
    labels: Labels = "auto",
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
    labels : {"auto", "zh", "en"}
        Issuer names on the x axis (see :func:`issuer_label`).
    legend : bool
        Draw the legend of the segments.
    **kwargs
        Passed to :meth:`Axes.bar` for the tranche segments.

    Returns
    -------
    Axes
        ``ax``; y in [% of initial offer] or [shares]. A bar whose tranches are unknown is
        an "n/a" mark; labels give the public tranche and the total.
    """
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter, PercentFormatter

    if unit not in ("percent", "shares"):
        raise IpoDataError(f"unit must be 'percent' or 'shares', got {unit!r}")
    records = _records(offerings, "plot_tranches")
    family = _cjk_for(labels)
    ax = _axes(ax)
    issuers = [_issuer(o) for o in records]
    width = 0.36

    def fmt(v: float) -> str:
        return f"{v:.0%}" if unit == "percent" else f"{v / 1e6:,.1f}m"

    for i, (o, issuer) in enumerate(zip(records, issuers, strict=True)):
        pub, intl = o.shares.hk_public, o.shares.hk_international
        corner = o.cornerstones.shares.value if o.cornerstones is not None else None
        try:
            scale = 1.0 / o.initial_offer_shares() if unit == "percent" else 1.0
        except FigureUnavailableError:
            scale = math.nan
        for stage, dx in (("initial", -0.2), ("final", 0.2)):
            x = i + dx
            p = getattr(pub, stage).value if pub is not None else None
            q = getattr(intl, stage).value if intl is not None else None
            if p is None or q is None or math.isnan(scale):
                _na_mark(ax, x, issuer.color, f"na:{stage}:{issuer.key}")
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
                _na_mark(ax, x, issuer.color, f"na:cornerstone:{issuer.key}", "cornerstones n/a")
            for y, va in ((p * scale, "bottom"), ((p + q) * scale, "bottom")):
                ax.annotate(
                    fmt(y),
                    (x, y),
                    xytext=(0, 1.5),
                    textcoords="offset points",
                    ha="center",
                    va=va,
                    fontsize=_VALUE_FONTSIZE,
                )

    centres = list(range(len(records)))
    ax.set_xticks(
        centres,
        [_wrap(i.label(family)) for i in issuers],
        **_font_kw(family),
    )
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
    if legend:
        ax.legend(
            handles=[
                Patch(facecolor=_GREY, edgecolor=_GREY, label="Hong Kong public"),
                Patch(facecolor=_GREY, edgecolor=_GREY, alpha=0.35, label="International"),
                Patch(fill=False, hatch="////", edgecolor=_GREY, label="of which cornerstones"),
            ],
            fontsize="x-small",
            loc="upper left",
            ncols=3,
        )
    return ax


def plot_clawback_ladder(
    regime: str | ClawbackRegime,
    offerings: Iterable[Offering],
    *,
    ax: Axes | None = None,
    labels: Labels = "auto",
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
        another regime is hollow, its regime in the legend; one without both figures is
        listed as n/a.
    ax : Axes, optional
        Where to draw; default the current Axes.
    labels : {"auto", "zh", "en"}
        Issuer names in the legend (see :func:`issuer_label`).
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
    family = _cjk_for(labels)
    ax = _axes(ax)
    base_name = regime.name.split(" ")[0]

    points: list[tuple[_Issuer, float, float, bool]] = []
    missing: list[_Issuer] = []
    for o in records:
        issuer = _issuer(o)
        demand = o.demand.hk_public
        multiple = demand.subscription_multiple.value if demand is not None else None
        pub = o.shares.hk_public
        final = pub.final.value if pub is not None else None
        try:
            offered = o.initial_offer_shares()
        except FigureUnavailableError:
            offered = None
        if multiple is None or multiple <= 0 or final is None or not offered:
            missing.append(issuer)
            continue
        points.append((issuer, float(multiple), final / offered, o.clawback_regime == base_name))

    thresholds = [float(s.min_multiple) for s in regime.steps]
    x_lo = min([1.0, *(m / 2 for _, m, _, _ in points)])
    x_hi = max([1000.0, *(m * 3 for m in thresholds), *(m * 3 for _, m, _, _ in points)])
    initial = float(regime.initial_fraction_min)
    handles: list[Artist] = []
    names: list[str] = []
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
        names.append(f"{regime.title}: required public tranche")
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

    for issuer, m, y, same in points:
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
        other = next(o.clawback_regime for o in records if o.key == issuer.key)
        names.append(issuer.label(family) + ("" if same else f" ({other or 'unknown regime'})"))
    if missing:
        ax.text(
            0.99,
            0.02,
            "n/a (no multiple or tranche): " + ", ".join(i.label(family) for i in missing),
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=_VALUE_FONTSIZE,
            gid="na:offerings",
            **_font_kw(family),
        )

    ax.set_xscale("log")
    ax.set_xlim(x_lo, x_hi)
    # With a legend, the top step sits at about 60% of the height and the legend above it.
    ax.set_ylim(0, max([top, *(y for _, _, y, _ in points)]) * (1.65 if legend else 1.2))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,g}×"))
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
    ax.set_xlabel("Public offer subscription multiple [times, log scale]")
    ax.set_ylabel("Public tranche [% of initial offer]")
    ax.set_title(f"Clawback ladder: {regime.title}")
    ax.grid(color="0.92", linewidth=0.8)
    ax.set_axisbelow(True)
    if legend:
        ax.legend(
            handles=handles,
            labels=names,
            prop=_font_prop(family),
            loc="upper left",
        )
    return ax


def dashboard(
    offerings: Iterable[Offering],
    *,
    fig: Figure | None = None,
    labels: Labels = "auto",
) -> Figure:
    """Six panels side by side: returns, multiples, market caps, path, tranches, money left.

    Parameters
    ----------
    offerings : iterable of Offering
        The records to compare (e.g. ``ipm.load_offerings()``).
    fig : matplotlib.figure.Figure, optional
        An empty figure to draw in; default a new 16 x 9.5 inch
        :class:`~matplotlib.figure.Figure` with constrained layout, made without pyplot
        (so no window, no global figure list).
    labels : {"auto", "zh", "en"}
        Issuer names (see :func:`issuer_label`).

    Returns
    -------
    Figure
        With a title and one legend of issuers at the bottom. Save it with
        ``fig.savefig(...)``.

    Raises
    ------
    IpoDataError
        ``fig`` already has Axes, or the offerings are in different currencies.

    Examples
    --------
    >>> import ipometrics as ipm
    >>> fig = dashboard(ipm.load_offerings(exchange="SEHK"), labels="en")
    >>> len(fig.axes)
    6
    """
    from matplotlib.figure import Figure

    records = _records(offerings, "dashboard")
    family = _cjk_for(labels)
    mode: Labels = "en" if family is None else "zh"
    if fig is None:
        fig = Figure(figsize=(16, 9.5), layout="constrained")
    elif fig.axes:
        raise IpoDataError(f"fig must be empty, got a figure with {len(fig.axes)} Axes")
    elif fig.get_layout_engine() is None:
        fig.set_layout_engine("constrained")
    frame = to_frame(records)
    axes = fig.subplot_mosaic(
        [["returns", "multiples", "caps"], ["path", "tranches", "money"]],
    )
    plot_first_day_returns(records, ax=axes["returns"], labels=mode, legend=False)
    plot_subscription_multiples(frame, ax=axes["multiples"], labels=mode, legend=False)
    plot_market_caps(frame, ax=axes["caps"], labels=mode, legend=False)
    plot_first_day_path(records, ax=axes["path"], labels=mode, legend=False)
    plot_tranches(records, ax=axes["tranches"], labels=mode)
    plot_money_left(frame, ax=axes["money"], labels=mode, legend=False)

    issuers = [_issuer(o) for o in records]
    fig.legend(
        handles=_issuer_handles(issuers),
        labels=[i.label(family) for i in issuers],
        loc="outside lower center",
        ncols=max(len(issuers), 1),
        prop=_font_prop(family, "medium"),
    )
    dates = [d for o in records if isinstance(d := o.dates.listing.value, date)]
    when = f", listed {min(dates):%Y-%m-%d} to {max(dates):%Y-%m-%d}" if dates else ""
    fig.suptitle(f"IPO comparison: {len(records)} offerings{when}", fontsize="x-large")
    return fig
