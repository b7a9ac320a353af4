"""Charts: artists on the Axes, units in the labels, gaps for unknown figures, no warnings."""

from __future__ import annotations

import io
import math
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib import cbook, font_manager
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.patches import Patch, Rectangle
from matplotlib.transforms import Bbox

import ipometrics as ipm
from ipometrics import plotting
from ipometrics.errors import IpoDataError
from ipometrics.models import Offering
from ipometrics.plotting import (
    CHART_PATHS,
    GAP_KEY,
    ISSUER_PALETTE,
    OKABE_ITO,
    FontUnavailableError,
    Script,
    add_source_caption,
    cjk_font,
    dashboard,
    grey_market_high_return,
    issuer_colors,
    issuer_label,
    plot_clawback_ladder,
    plot_first_day_path,
    plot_first_day_returns,
    plot_market_caps,
    plot_money_left,
    plot_subscription_multiples,
    plot_tranches,
    source_caption,
)
from tests.conftest import fixture_dict

KEYS = ["biren", "zhipu", "iluvatar_corex", "minimax"]
#: The names the press uses, with the stock codes (Offering.label()).
LABELS_EN = ["Biren (06082)", "Zhipu (02513)", "Iluvatar CoreX (09903)", "MiniMax (00100)"]


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def records() -> list[Offering]:
    by_key = {o.key: o for o in ipm.load_offerings(exchange="SEHK")}
    return [by_key[k] for k in KEYS]


@pytest.fixture(scope="module")
def every() -> list[Offering]:
    """All six bundled offerings: four in Hong Kong, two on the STAR Market."""
    return ipm.load_offerings()


@pytest.fixture(scope="module")
def frame(records: list[Offering]) -> pd.DataFrame:
    return ipm.to_frame(records)


@pytest.fixture(scope="module")
def no_chinese_name() -> Offering:
    """Iluvatar CoreX as a record that no source gives a Chinese name for."""
    data = fixture_dict("iluvatar_corex")
    data["identity"].pop("common_name_zh")
    data["identity"].pop("short_name_zh")
    record = Offering.model_validate(data)
    assert record.name_zh is None
    return record


@pytest.fixture
def ax() -> Axes:
    return Figure(figsize=(7, 4.5), layout="constrained").subplots()


@pytest.fixture
def no_cjk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Matplotlib sees no CJK font, as on a machine without one."""
    kept = [f for f in font_manager.fontManager.ttflist if f.name not in plotting.CJK_FAMILIES]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", kept)


def needs_cjk() -> str:
    family = cjk_font()
    if family is None:
        pytest.skip("no CJK font installed (CI installs fonts-wqy-microhei)")
    return family


def is_gap(gid: str) -> bool:
    return gid.startswith(("np:", "na:"))


def bars(ax: Axes) -> dict[str, Rectangle]:
    """Drawn bars by gid (``"<column>:<key>"``); gap outlines are not bars."""
    return {
        str(p.get_gid()): p
        for p in ax.patches
        if isinstance(p, Rectangle) and p.get_gid() and not is_gap(str(p.get_gid()))
    }


def outlines(ax: Axes) -> dict[str, Rectangle]:
    """The hatched outlines of not-published figures, by gid (``"np:<column>:<key>"``)."""
    return {
        str(p.get_gid()): p
        for p in ax.patches
        if isinstance(p, Rectangle) and str(p.get_gid()).startswith("np:")
    }


def gap_marks(ax: Axes) -> dict[str, str]:
    """Gap mark texts by gid: ``"np:..."`` (not published) or ``"na:..."`` (not applicable)."""
    return {str(t.get_gid()): t.get_text() for t in ax.texts if is_gap(str(t.get_gid() or ""))}


def legend_texts(legend: Legend | None) -> list[str]:
    assert legend is not None
    return [t.get_text().replace("\n", " ") for t in legend.get_texts()]


def legend_colours(legend: Legend | None) -> list[str]:
    assert legend is not None
    return [
        to_hex(h.get_facecolor()).upper() for h in legend.legend_handles if isinstance(h, Patch)
    ]


def colour_of(ax: Axes, gid: str) -> str:
    return to_hex(bars(ax)[gid].get_facecolor()).upper()


# -------------------------------------------------------------------------- import and colours


def test_import_does_not_load_matplotlib_and_colours_do_not_depend_on_the_process() -> None:
    code = (
        "import sys, ipometrics as ipm, ipometrics.plotting as p;"
        "colours = p.issuer_colors(ipm.load_offerings());"
        "print('matplotlib' in sys.modules, colours['02513.HK'])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded, colour = done.stdout.split()
    assert loaded == "False"
    assert colour == issuer_colors(ipm.load_offerings())["02513.HK"]


def test_issuer_colours_follow_the_sorted_codes_in_okabe_ito(records: list[Offering]) -> None:
    colours = issuer_colors(records)
    codes = sorted(o.code for o in records)
    assert list(colours) == codes
    assert list(colours.values()) == list(ISSUER_PALETTE[:4])
    assert set(colours.values()) <= set(OKABE_ITO.values())
    assert len(set(colours.values())) == len(records)
    assert issuer_colors(list(reversed(records))) == colours  # the order given does not matter
    assert OKABE_ITO["yellow"] not in ISSUER_PALETTE  # too pale for text on white
    assert set(ISSUER_PALETTE[:7]) <= set(OKABE_ITO.values())


def test_issuer_colours_for_any_offerings_repeat_beyond_the_palette() -> None:
    codes = [f"{n:05d}.HK" for n in range(len(ISSUER_PALETTE) + 1)]
    colours = issuer_colors(pd.DataFrame(index=codes))
    assert list(colours.values())[: len(ISSUER_PALETTE)] == list(ISSUER_PALETTE)
    assert colours[codes[-1]] == ISSUER_PALETTE[0]


def test_bars_use_the_issuer_colour(ax: Axes, frame: pd.DataFrame) -> None:
    plot_subscription_multiples(frame, ax=ax, labels="en")
    colours = issuer_colors(frame)
    for key, code in zip(frame["key"], frame.index, strict=True):
        assert colour_of(ax, f"public_multiple:{key}") == colours[code].upper()


def test_an_issuer_keeps_its_colour_across_charts(
    records: list[Offering], every: list[Offering]
) -> None:
    one, two = (Figure(layout="constrained").subplots() for _ in range(2))
    plot_market_caps(records, ax=one, labels="en")
    plot_money_left(list(reversed(records)), ax=two, labels="en")  # in another order
    for key in KEYS:
        assert colour_of(one, f"market_cap_offer:{key}") == colour_of(two, f"gross_proceeds:{key}")
    # A subset is pinned to the colours of the whole set with colors=.
    whole = issuer_colors(every)
    three = Figure(layout="constrained").subplots()
    plot_first_day_returns(every, ax=three, labels="en")
    four = Figure(layout="constrained").subplots()
    plot_first_day_returns(records[:2], ax=four, labels="en", colors=whole)
    for o in records[:2]:
        gid = f"open_return:{o.key}"
        assert colour_of(three, gid) == colour_of(four, gid) == whole[o.code].upper()
    # ... and every panel of a dashboard uses the colours of its legend.
    fig = dashboard(records, labels="en")
    legend_colour = dict(zip(LABELS_EN, legend_colours(fig.legends[0]), strict=False))
    panels = {ax.get_title(): ax for ax in fig.axes}
    for o, label in zip(records, LABELS_EN, strict=True):
        assert (
            colour_of(panels["Subscription multiples"], f"public_multiple:{o.key}")
            == (legend_colour[label])
        )
        assert (
            colour_of(panels["Market capitalisation"], f"market_cap_offer:{o.key}")
            == (legend_colour[label])
        )


def test_colors_mapping_by_key_or_code(ax: Axes, records: list[Offering]) -> None:
    plot_first_day_returns(records, ax=ax, labels="en", colors={"zhipu": "#112233"})
    assert colour_of(ax, "close_return:zhipu") == "#112233"
    others = {colour_of(ax, f"open_return:{k}") for k in ("biren", "minimax")}
    assert "#112233" not in others
    assert len(others) == 2
    with pytest.raises(IpoDataError, match=r"colors must be a mapping .* got list"):
        plot_first_day_returns(records, ax=ax, labels="en", colors=["red"])  # type: ignore[arg-type]


# -------------------------------------------------------------------------- names and fonts


def test_grey_market_high_return(records: list[Offering]) -> None:
    by_key = {o.key: o for o in records}
    # MiniMax: HK$218.0 intraday high on Valuable Capital vs HK$165.0 (the +22% observation of
    # an unnamed platform carries no price and is not used when a price is published).
    assert grey_market_high_return(by_key["minimax"]) == pytest.approx(218.0 / 165.0 - 1)
    assert grey_market_high_return(by_key["iluvatar_corex"]) == pytest.approx(216.0 / 144.6 - 1)
    assert grey_market_high_return(by_key["zhipu"]) is None
    assert grey_market_high_return(by_key["biren"]) is None


def test_english_labels_forced(ax: Axes, records: list[Offering]) -> None:
    plot_first_day_returns(records, ax=ax, labels="en")
    texts = legend_texts(ax.get_legend())
    assert texts[:4] == LABELS_EN == [o.label() for o in records]
    assert texts[4:] == [GAP_KEY["unknown"]]  # Iluvatar CoreX's open, Biren's close, ...
    assert issuer_label(records[1], labels="en") == "Zhipu (02513)"
    assert issuer_label(records[1], labels="en", code=False) == "Zhipu"


@pytest.mark.usefixtures("no_cjk")
def test_without_a_cjk_font_auto_is_english_and_zh_refuses(
    ax: Axes, records: list[Offering]
) -> None:
    assert cjk_font() is None
    plot_subscription_multiples(records, ax=ax)  # labels="auto"
    assert legend_texts(ax.get_legend()) == LABELS_EN
    with pytest.raises(FontUnavailableError, match=r"labels='zh' needs a font .* fonts-wqy"):
        plot_subscription_multiples(records, ax=ax, labels="zh")


def test_unknown_labels_option_is_refused(ax: Axes, records: list[Offering]) -> None:
    with pytest.raises(IpoDataError, match=r"labels must be 'auto', 'zh', 'en', a mapping .*'fr'"):
        plot_market_caps(records, ax=ax, labels="fr")  # type: ignore[arg-type]
    with pytest.raises(IpoDataError, match=r"labels must be .* got a int"):
        plot_market_caps(records, ax=ax, labels=3)  # type: ignore[arg-type]


def test_chinese_labels_with_a_cjk_font(ax: Axes, records: list[Offering]) -> None:
    family = needs_cjk()
    plot_first_day_returns(records, ax=ax, labels="zh")
    texts = legend_texts(ax.get_legend())
    # The common Chinese names; MiniMax's is written in Latin letters by the Chinese press.
    assert texts[:4] == ["壁仞科技 (06082)", "智谱 (02513)", "天数智芯 (09903)", "MiniMax (00100)"]
    assert texts[:4] == [o.label("zh") for o in records]
    legend = ax.get_legend()
    assert legend is not None
    for text in legend.get_texts()[:4]:
        assert family in text.get_fontfamily()


def test_one_script_per_chart(
    ax: Axes, records: list[Offering], frame: pd.DataFrame, no_chinese_name: Offering
) -> None:
    needs_cjk()
    # One issuer without a Chinese name: every name in the chart is English, not 智谱 beside
    # "Iluvatar CoreX".
    mixed = [records[0], records[1], no_chinese_name, records[3]]
    plot_first_day_returns(mixed, ax=ax, labels="auto")
    assert legend_texts(ax.get_legend())[:4] == LABELS_EN
    assert issuer_label(records[1], "zh", among=mixed) == "Zhipu (02513)"
    assert issuer_label(records[1], "zh") == "智谱 (02513)"
    # The same from a frame whose row has no name_zh.
    bare = frame.copy()
    bare.loc["09903.HK", "name_zh"] = None
    other = Figure(layout="constrained").subplots()
    plot_money_left(bare, ax=other, labels="zh")
    assert legend_texts(other.get_legend())[:4] == LABELS_EN
    # ... and in a dashboard, on the tick labels too.
    fig = dashboard(mixed, labels="auto")
    assert legend_texts(fig.legends[0])[:4] == LABELS_EN
    tranches = next(a for a in fig.axes if a.get_title().startswith("Tranches"))
    assert [t.get_text() for t in tranches.get_xticklabels()][1] == "Zhipu\n(02513)"


def test_labels_from_a_mapping(ax: Axes, records: list[Offering], frame: pd.DataFrame) -> None:
    own = {"zhipu": "Zhipu AI", "06082": "Biren Technology", "00100.HK": "MiniMax Group"}
    plot_first_day_returns(records, ax=ax, labels=own)
    # As given, by key, bare code or code with suffix; the rest: the English common name.
    expected = ["Biren Technology", "Zhipu AI", "Iluvatar CoreX", "MiniMax Group"]
    assert legend_texts(ax.get_legend())[:4] == expected
    other = Figure(layout="constrained").subplots()
    plot_subscription_multiples(frame, ax=other, labels=own)  # a frame works with a mapping
    assert legend_texts(other.get_legend())[:4] == expected
    ticks = Figure(layout="constrained").subplots()
    plot_tranches(records, ax=ticks, labels={"zhipu": "Zhipu"})
    assert [t.get_text() for t in ticks.get_xticklabels()][:2] == ["Biren", "Zhipu"]
    with pytest.raises(IpoDataError, match=r"the label of 'zhipu' must be a str, got 7"):
        plot_market_caps(records, ax=ax, labels={"zhipu": 7})  # type: ignore[dict-item]


def test_labels_from_a_callable(ax: Axes, records: list[Offering], frame: pd.DataFrame) -> None:
    plot_clawback_ladder(
        "chapter_18c", records, ax=ax, labels=lambda o: o.short_name or o.legal_name or o.key
    )
    texts = legend_texts(ax.get_legend())
    assert texts[1:3] == ["BIREN TECH", "KNOWLEDGE ATLAS"]
    assert texts[4] == "MINIMAX-WP"
    with pytest.raises(IpoDataError, match=r"a callable needs the Offering records.* a frame"):
        plot_first_day_returns(frame, ax=ax, labels=lambda o: o.name)


def test_dollar_signs_are_not_mathtext(ax: Axes, records: list[Offering]) -> None:
    label = issuer_label(records[1], {"zhipu": "Zhipu, HK$116.20 a share, HK$4.3 bn"})
    assert label == "Zhipu, HK\\$116.20 a share, HK\\$4.3 bn"
    plot_money_left(records, ax=ax, labels={"zhipu": "Zhipu, HK$116.20 a share, HK$4.3 bn"})
    fig = ax.get_figure(root=True)
    assert fig is not None
    legend = ax.get_legend()
    assert legend is not None
    text = legend.get_texts()[1]
    assert text.get_text() == label
    # Unescaped, the two dollars would make "116.20 a share, HK" italic mathtext.
    assert cbook.is_math_text("Zhipu, HK$116.20 a share, HK$4.3 bn")
    assert not cbook.is_math_text(text.get_text())
    fig.savefig(io.BytesIO(), format="png", dpi=40)
    # Captions and axis labels are escaped too.
    caption = add_source_caption(fig, records)
    assert not cbook.is_math_text(caption.get_text())


@pytest.mark.usefixtures("no_cjk")
def test_chinese_labels_of_a_mapping_need_no_font(ax: Axes, records: list[Offering]) -> None:
    plot_market_caps(records, ax=ax, labels={"zhipu": "Zhipu"})
    assert legend_texts(ax.get_legend())[1] == "Zhipu"


def test_chinese_font_is_set_per_artist_not_globally(ax: Axes, records: list[Offering]) -> None:
    family = needs_cjk()
    before = dict(matplotlib.rcParams)
    plot_tranches(records, ax=ax, labels="zh")
    assert dict(matplotlib.rcParams) == before
    ticks = {t.get_text(): t for t in ax.get_xticklabels()}
    assert family in ticks["智谱\n(02513)"].get_fontfamily()


# -------------------------------------------------------------------------- the charts


def test_first_day_returns_bars_and_gaps(ax: Axes, records: list[Offering]) -> None:
    out = plot_first_day_returns(records, ax=ax, labels="en")
    assert out is ax
    drawn = bars(ax)
    # 4 issuers x (grey high, open, close) = 12, less the unknown: grey for Biren and Zhipu,
    # Iluvatar CoreX's open, Biren's close.
    assert len(drawn) == 8
    # Each unknown figure: a hatched empty outline, labelled n/p, and no bar.
    for gid in ("open_return:iluvatar_corex", "close_return:biren", "grey_high_return:zhipu"):
        assert gid not in drawn
        assert gap_marks(ax)[f"np:{gid}"] == "n/p"
        outline = outlines(ax)[f"np:{gid}"]
        assert not outline.get_fill()
        assert outline.get_hatch() == plotting._GAP_HATCH
    assert len(ax.patches) == 8 + 4  # bars and the four outlines
    assert not any(k.startswith("na:") for k in gap_marks(ax))  # all four apply in Hong Kong
    # The outlines sit under the zero line, in a band of their own: never read as a value.
    assert ax.get_ylim()[0] < 0
    assert all(t >= 0 for t in ax.get_yticks())
    # Zhipu: HK$131.50 close vs HK$116.20 offer (allotment announcement, first-day close).
    assert drawn["close_return:zhipu"].get_height() == pytest.approx(131.5 / 116.2 - 1)
    assert drawn["grey_high_return:minimax"].get_height() == pytest.approx(218 / 165 - 1)
    assert "[%]" in ax.get_ylabel()
    assert ax.yaxis.get_major_formatter().format_data(0.25) == "25%"
    assert "+13.2%" in [t.get_text() for t in ax.texts]  # value labels on the bars


def test_first_day_returns_from_a_frame_has_no_grey_group(ax: Axes, frame: pd.DataFrame) -> None:
    plot_first_day_returns(frame, ax=ax, labels="en")
    assert len(bars(ax)) == 6
    assert len(outlines(ax)) == 2  # Iluvatar CoreX's open, Biren's close
    assert [t.get_text() for t in ax.get_xticklabels()] == ["First-day open", "First-day close"]


def test_subscription_multiples_log_scale(ax: Axes, frame: pd.DataFrame) -> None:
    plot_subscription_multiples(frame, ax=ax, labels="en")
    assert ax.get_yscale() == "log"
    assert ax.get_ylabel() == "Subscription multiple [times, log scale]"
    drawn = bars(ax)
    assert len(drawn) == 8
    bar = drawn["public_multiple:zhipu"]  # 1,159.46 times (allotment announcement)
    assert bar.get_y() == 1.0
    assert bar.get_y() + bar.get_height() == pytest.approx(1159.46)
    assert "1,159×" in [t.get_text() for t in ax.texts]


def test_market_caps_in_billions_with_currency(
    ax: Axes, frame: pd.DataFrame, records: list[Offering]
) -> None:
    plot_market_caps(frame, ax=ax, labels="en")
    assert ax.get_ylabel() == "Market cap [HKD bn]"
    drawn = bars(ax)
    assert len(drawn) == 7
    assert "market_cap_close:biren" not in drawn  # Biren: no published close
    assert "np:market_cap_close:biren" in outlines(ax)
    assert [t for t in ax.get_yticks() if t < 0] == []  # no negative market caps in the band
    expected = float(records[1].market_cap("offer")) / 1e9  # Zhipu, exact record method
    assert drawn["market_cap_offer:zhipu"].get_height() == pytest.approx(expected)


def test_money_left_and_proceeds(ax: Axes, frame: pd.DataFrame) -> None:
    plot_money_left(frame, ax=ax, labels="en")
    assert ax.get_ylabel() == "Amount [HKD bn]"
    drawn = bars(ax)
    assert len(drawn) == 7
    assert "money_left_on_table:biren" not in drawn
    assert gap_marks(ax) == {"np:money_left_on_table:biren": "n/p"}
    # Zhipu: HK$4,348.1 million gross proceeds (allotment announcement), to 0.05 million.
    assert drawn["gross_proceeds:zhipu"].get_height() == pytest.approx(4.3481, abs=0.05e-3)


@pytest.mark.parametrize("plot", [plot_market_caps, plot_money_left])
def test_money_plots_refuse_mixed_currencies(
    ax: Axes, frame: pd.DataFrame, plot: Callable[..., Axes]
) -> None:
    mixed = frame.copy()
    mixed.loc["02513.HK", "currency"] = "CNY"
    with pytest.raises(IpoDataError, match=r"different currencies \['CNY', 'HKD'\]"):
        plot(mixed, ax=ax, labels="en")


def test_first_day_path_gaps_not_zeros(ax: Axes, records: list[Offering]) -> None:
    plot_first_day_path(records, ax=ax, labels="en")
    lines = {str(ln.get_gid()): ln for ln in ax.get_lines() if ln.get_gid()}
    iluvatar = np.asarray(lines["path:iluvatar_corex"].get_ydata(), dtype=float)
    assert math.isnan(iluvatar[0])  # no published open: a gap, not 0
    assert iluvatar[1] == pytest.approx(156.8 / 144.6 - 1)
    biren = np.asarray(lines["path:biren"].get_ydata(), dtype=float)
    assert math.isnan(biren[1])  # no published close
    assert {"np:1:iluvatar_corex", "np:3:biren", "np:0:zhipu"} <= set(gap_marks(ax))
    assert {"np:1:iluvatar_corex", "np:3:biren", "np:0:zhipu"} <= set(outlines(ax))
    grey = {k for k in lines if k.startswith("grey:")}
    assert grey == {"grey:iluvatar_corex", "grey:minimax"}
    assert lines["grey:minimax"].get_marker() == "^"  # a high, drawn as a triangle
    assert "range:zhipu" in {str(c.get_gid()) for c in ax.collections}
    assert ax.get_ylabel() == "Return vs offer price [%]"
    assert legend_texts(ax.get_legend()) == LABELS_EN
    kinds = [a for a in ax.get_children() if isinstance(a, Legend) and a is not ax.get_legend()]
    assert "grey-market high (dotted to open)" in legend_texts(kinds[0])
    assert legend_texts(kinds[0])[-1] == GAP_KEY["unknown"]


def test_tranches_stacked_with_cornerstones(ax: Axes, records: list[Offering]) -> None:
    plot_tranches(records, ax=ax, labels="en")
    drawn = bars(ax)
    # 4 issuers x 2 bars x (public, international) + 4 cornerstone overlays.
    assert len(drawn) == 20
    zhipu_public = drawn["public_final:zhipu"]
    assert zhipu_public.get_height() == pytest.approx(7_483_900 / 37_419_500)  # 20%
    intl = drawn["international_final:zhipu"]
    assert intl.get_y() == pytest.approx(zhipu_public.get_height())
    corner = drawn["cornerstone:zhipu"]
    assert corner.get_hatch() == "////"
    assert corner.get_height() == pytest.approx(25_681_600 / 37_419_500)
    # Biren's final offer includes the offer-size adjustment: 284,846,600 / 247,692,800.
    biren = (
        drawn["public_final:biren"].get_height() + drawn["international_final:biren"].get_height()
    )
    assert biren == pytest.approx(284_846_600 / 247_692_800)
    assert ax.get_ylabel() == "Tranche [% of initial offer]"
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == [
        "Biren\n(06082)",
        "Zhipu\n(02513)",
        "Iluvatar CoreX\n(09903)",
        "MiniMax\n(00100)",
    ]
    narrow = Figure(figsize=(3, 3)).subplots()
    plot_tranches(records, ax=narrow, labels="en")  # names wrap where they would collide
    assert [t.get_text() for t in narrow.get_xticklabels()][2] == "Iluvatar\nCoreX\n(09903)"


def test_tranches_in_shares(ax: Axes, records: list[Offering]) -> None:
    plot_tranches(records, unit="shares", ax=ax, labels="en")
    assert bars(ax)["public_initial:zhipu"].get_height() == 1_871_000
    assert ax.get_ylabel() == "Tranche [million shares]"
    with pytest.raises(IpoDataError, match=r"unit must be 'percent' or 'shares', got 'lots'"):
        plot_tranches(records, unit="lots", ax=ax)  # type: ignore[arg-type]


def test_clawback_ladder(ax: Axes, records: list[Offering]) -> None:
    plot_clawback_ladder("chapter_18c", records, ax=ax, labels="en")
    assert ax.get_xscale() == "log"
    assert "[times, log scale]" in ax.get_xlabel()
    assert ax.get_ylabel() == "Public tranche [% of initial offer]"
    points = {str(c.get_gid()): c for c in ax.collections if isinstance(c, PathCollection)}
    assert set(points) == {f"offering:{k}" for k in KEYS}
    x, y = np.asarray(points["offering:zhipu"].get_offsets(), dtype=float)[0]
    assert (x, y) == pytest.approx((1159.46, 0.20))
    # Iluvatar CoreX chose Mechanism B: hollow, and the legend says so.
    face = np.asarray(points["offering:iluvatar_corex"].get_facecolor(), dtype=np.float64)[0]
    assert face == pytest.approx([1.0, 1.0, 1.0, 1.0])
    texts = legend_texts(ax.get_legend())
    assert texts[0].startswith("Chapter 18C")
    assert texts[1:] == [
        "Biren (06082)",
        "Zhipu (02513)",
        "Iluvatar CoreX (09903): Mechanism B (August 2025)",
        "MiniMax (00100)",
    ]
    levels = {
        round(float(segment[0][1]), 4)
        for c in ax.collections
        if isinstance(c, LineCollection)
        for segment in c.get_segments()
    }
    assert {0.05, 0.1, 0.2} <= levels


def test_clawback_ladder_unknown_regime(ax: Axes, records: list[Offering]) -> None:
    with pytest.raises(IpoDataError, match=r"regime must be one of .* got 'pn18'"):
        plot_clawback_ladder("pn18", records, ax=ax)


def test_clawback_ladder_lists_offerings_it_cannot_place(ax: Axes, every: list[Offering]) -> None:
    plot_clawback_ladder("chapter_18c", every, ax=ax, labels="en")
    points = {str(c.get_gid()) for c in ax.collections if isinstance(c, PathCollection)}
    assert points == {f"offering:{k}" for k in KEYS}
    # The STAR Market issues have no Hong Kong public offer: not applicable, not unknown.
    assert gap_marks(ax) == {"na:offerings": "n/a (does not apply): Moore Threads, MetaX"}


# -------------------------------------------------------------------------- gaps: n/p and n/a


def test_not_published_and_not_applicable_look_different(ax: Axes, every: list[Offering]) -> None:
    by_key = {o.key: o for o in every}
    assert by_key["iluvatar_corex"].status("first_day.open") == "unknown"
    assert by_key["moore_threads"].status("first_day.grey_market") == "not applicable"
    plot_first_day_returns(every, ax=ax, labels="en")
    marks = gap_marks(ax)
    # Not published: n/p in a hatched empty outline.
    assert marks["np:open_return:iluvatar_corex"] == "n/p"
    assert "np:open_return:iluvatar_corex" in outlines(ax)
    # Not applicable (no grey market in Shanghai): n/a, and no bar and no outline at all.
    for key in ("moore_threads", "metax"):
        assert marks[f"na:grey_high_return:{key}"] == "n/a"
        assert not any(str(p.get_gid()).endswith(f"grey_high_return:{key}") for p in ax.patches)
    # The legend says what each mark means, once each.
    texts = legend_texts(ax.get_legend())
    assert texts[-2:] == [GAP_KEY["unknown"], GAP_KEY["not applicable"]]
    assert GAP_KEY["unknown"] == "n/p = not published by any admissible source"
    assert GAP_KEY["not applicable"] == "n/a = does not apply to this offering"
    legend = ax.get_legend()
    assert legend is not None
    np_handle, na_handle = legend.legend_handles[-2:]
    assert isinstance(np_handle, Rectangle)
    assert np_handle.get_hatch() == plotting._GAP_HATCH
    assert not isinstance(na_handle, Rectangle)


@pytest.mark.parametrize(
    ("plot", "gid", "gap"),
    [
        (plot_subscription_multiples, "na:public_multiple:moore_threads", "n/a"),
        (plot_subscription_multiples, "na:placing_multiple:metax", "n/a"),
        (plot_tranches, "na:initial:moore_threads", "n/a"),
        (plot_tranches, "na:final:metax", "n/a"),
        (plot_first_day_path, "na:0:metax", "n/a"),
        (plot_first_day_path, "np:1:iluvatar_corex", "n/p"),
        (plot_first_day_returns, "np:close_return:biren", "n/p"),
    ],
)
def test_gap_marks_in_every_chart(
    ax: Axes, every: list[Offering], plot: Callable[..., Axes], gid: str, gap: str
) -> None:
    plot(every, ax=ax, labels="en")
    assert gap_marks(ax)[gid] == gap
    assert (gid in outlines(ax)) == (gap == "n/p")


def test_gaps_from_a_frame_keep_their_kind(ax: Axes, every: list[Offering]) -> None:
    frame = ipm.to_frame(every)
    plot_subscription_multiples(frame, ax=ax, labels="en")  # read from attrs["unavailable"]
    assert gap_marks(ax)["na:public_multiple:moore_threads"] == "n/a"
    # A frame that lost its attrs cannot say why a cell is empty: an outline, as unknown.
    bare = frame.copy()
    bare.attrs = {}
    other = Figure(layout="constrained").subplots()
    plot_subscription_multiples(bare, ax=other, labels="en")
    assert "np:public_multiple:moore_threads" in outlines(other)


def test_dashboard_legend_explains_the_gaps(records: list[Offering]) -> None:
    fig = dashboard(records, labels="en")
    texts = legend_texts(fig.legends[0])
    assert texts[-1] == GAP_KEY["unknown"]
    assert GAP_KEY["not applicable"] not in texts  # every figure applies in Hong Kong


# -------------------------------------------------------------------------- source captions


def test_source_caption_names_the_kinds_of_document(
    records: list[Offering], every: list[Offering]
) -> None:
    # Every multiple comes from an allotment announcement on HKEXnews.
    assert source_caption(records, paths=CHART_PATHS["subscription_multiples"]) == (
        "Sources: HKEX announcements; records as of 2026-02-13"
    )
    # First-day prices also come from the wires and other press (Zhipu's close: Reuters).
    assert source_caption(records, paths=CHART_PATHS["first_day_returns"]) == (
        "Sources: HKEX announcements, wire reports (Reuters, Bloomberg, South China Morning "
        "Post), other press reports; records as of 2026-02-13"
    )
    assert source_caption(every, paths=CHART_PATHS["first_day_returns"]).startswith(
        "Sources: HKEX and SSE announcements, "
    )
    # The STAR issues are not on the ladder, so their announcements are not named.
    assert source_caption(every, paths=CHART_PATHS["clawback_ladder"]).startswith(
        "Sources: HKEX announcements, "
    )
    # Without paths: every published figure of the records (prospectuses included).
    assert "prospectuses" in source_caption(records)
    # The date: the newest source (Zhipu's S4, 2026-02-13), or the one given.
    newest = max(s.date for o in records for s in o.sources if s.date is not None)
    assert newest == date(2026, 2, 13)
    late = source_caption(records, paths=["first_day.close"], as_of=date(2026, 3, 1))
    assert late.endswith("; records as of 2026-03-01")
    with pytest.raises(
        IpoDataError, match=r"paths: first_day.closing: first_day has no field 'closing'"
    ):
        source_caption(records, paths=["first_day.closing"])


def test_add_source_caption(records: list[Offering]) -> None:
    fig = Figure(figsize=(6, 4), layout="constrained")
    plot_first_day_returns(records, ax=fig.subplots(), labels="en")
    caption = add_source_caption(fig, records, paths=CHART_PATHS["first_day_returns"])
    assert caption.get_gid() == "source_caption"
    assert fig.get_supxlabel() == caption.get_text()
    expected = source_caption(records, paths=CHART_PATHS["first_day_returns"])
    assert caption.get_text().replace("\n", " ") == expected
    assert caption.get_text().count("\n") == 1  # wrapped to the figure's width
    fig.savefig(io.BytesIO(), format="png", dpi=72)
    assert caption.get_window_extent().width <= fig.bbox.width
    again = add_source_caption(fig, records, as_of=date(2026, 3, 1))  # replaces it
    assert again is caption
    assert again.get_text().endswith("2026-03-01")
    own = Figure()
    own.supxlabel("Offer price [HKD]")
    with pytest.raises(IpoDataError, match=r"fig already has a supxlabel 'Offer price \[HKD\]'"):
        add_source_caption(own, records)


def test_dashboard_caption_does_not_overlap(records: list[Offering]) -> None:
    fig = dashboard(records, labels="en", caption=True)
    fig.savefig(io.BytesIO(), format="png", dpi=50)
    renderer = fig._get_renderer()  # type: ignore[attr-defined]
    caption = fig.get_supxlabel()
    assert caption == source_caption(records, paths=CHART_PATHS["dashboard"])
    box = next(t for t in fig.texts if t.get_gid() == "source_caption").get_window_extent()
    others = [ax.get_tightbbox(renderer) for ax in fig.axes] + [fig.legends[0].get_window_extent()]
    assert not any(Bbox.intersection(box, other) for other in others if other is not None)
    assert box.y0 >= 0  # inside the figure


# -------------------------------------------------------------------------- Axes handling

PLOTS: list[tuple[str, Callable[..., Axes]]] = [
    ("records", plot_first_day_path),
    ("records", plot_first_day_returns),
    ("frame", plot_subscription_multiples),
    ("records", plot_tranches),
    ("frame", plot_market_caps),
    ("frame", plot_money_left),
]


@pytest.mark.parametrize(("kind", "plot"), PLOTS, ids=[p.__name__ for _, p in PLOTS])
def test_draws_on_the_axes_given(
    kind: str, plot: Callable[..., Axes], records: list[Offering], frame: pd.DataFrame
) -> None:
    fig = Figure()
    mine, other = fig.subplots(1, 2)
    data: Any = records if kind == "records" else frame
    assert plot(data, ax=mine, labels="en") is mine
    assert mine.has_data()
    assert not other.has_data()
    assert "[" in mine.get_ylabel()  # a unit on the value axis


def test_default_axes_is_the_current_one(records: list[Offering]) -> None:
    fig = plt.figure()
    current = fig.add_subplot()
    assert plot_money_left(records, labels="en") is current
    assert len(plt.get_fignums()) == 1


def test_dashboard(records: list[Offering]) -> None:
    fig = dashboard(records, labels="en")
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 6
    suptitle = fig.get_suptitle()
    assert "4 offerings" in suptitle
    assert legend_texts(fig.legends[0]) == [*LABELS_EN, GAP_KEY["unknown"]]
    assert fig.get_supxlabel() == ""  # no caption unless asked for
    assert plt.get_fignums() == []  # made without pyplot
    with pytest.raises(IpoDataError, match=r"fig must be empty, got a figure with 6 Axes"):
        dashboard(records, fig=fig, labels="en")


# -------------------------------------------------------------------------- no warnings


def draw_everything(records: list[Offering], labels: Script) -> None:
    fig = dashboard(records, labels=labels, caption=True)
    fig.savefig(io.BytesIO(), format="png", dpi=50)
    extra = Figure(figsize=(7, 4), layout="constrained")
    plot_clawback_ladder("mechanism_a", records, ax=extra.subplots(), labels=labels)
    add_source_caption(extra, records, paths=CHART_PATHS["clawback_ladder"])
    extra.savefig(io.BytesIO(), format="png", dpi=50)
    mixed = ipm.load_offerings()  # Hong Kong and STAR Market: the charts without money
    for plot in (plot_first_day_path, plot_first_day_returns, plot_subscription_multiples):
        one = Figure(figsize=(8, 4.8), layout="constrained")
        plot(mixed, ax=one.subplots(), labels=labels)
        add_source_caption(one, mixed)
        one.savefig(io.BytesIO(), format="png", dpi=50)


def test_no_warnings_in_english(records: list[Offering]) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        draw_everything(records, "en")
    assert [str(w.message) for w in caught] == []


def test_no_warnings_in_chinese(records: list[Offering]) -> None:
    needs_cjk()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        draw_everything(records, "zh")
    assert [str(w.message) for w in caught] == []


def test_chinese_names_really_render(records: list[Offering]) -> None:
    # The font list goes onto the text artists: rendering a name it covers raises nothing,
    # while the same text in the default font would warn about missing glyphs.
    needs_cjk()
    fig = Figure()
    plot_first_day_returns(records, ax=fig.subplots(), labels="zh")
    fig.savefig(io.BytesIO(), format="png", dpi=40)
    bare = Figure()
    bare.text(0.5, 0.5, "智谱")
    with pytest.warns(UserWarning, match="missing from font"):
        bare.savefig(io.BytesIO(), format="png", dpi=40)


@pytest.mark.parametrize(("kind", "plot"), PLOTS, ids=[p.__name__ for _, p in PLOTS])
def test_empty_input_is_refused(
    kind: str, plot: Callable[..., Axes], ax: Axes, frame: pd.DataFrame
) -> None:
    empty: Any = [] if kind == "records" else frame.iloc[:0]
    with pytest.raises(IpoDataError, match=r"expected at least one offering, got (none|an empty)"):
        plot(empty, ax=ax, labels="en")


def test_records_must_be_offerings(ax: Axes) -> None:
    with pytest.raises(IpoDataError, match=r"plot_tranches: expected Offering records, got a str"):
        plot_tranches(["zhipu"], ax=ax, labels="en")  # type: ignore[list-item]
