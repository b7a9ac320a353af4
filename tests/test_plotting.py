"""Charts: artists on the Axes, units in the labels, gaps for unknown figures, no warnings."""

from __future__ import annotations

import io
import math
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.patches import Rectangle

import ipometrics as ipm
from ipometrics import plotting
from ipometrics.errors import IpoDataError
from ipometrics.models import Offering
from ipometrics.plotting import (
    ISSUER_COLORS,
    OKABE_ITO,
    SPARE_COLORS,
    FontUnavailableError,
    cjk_font,
    dashboard,
    grey_market_high_return,
    issuer_color,
    issuer_label,
    plot_clawback_ladder,
    plot_first_day_path,
    plot_first_day_returns,
    plot_market_caps,
    plot_money_left,
    plot_subscription_multiples,
    plot_tranches,
)

KEYS = ["biren", "zhipu", "iluvatar_corex", "minimax"]


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def records() -> list[Offering]:
    by_key = {o.key: o for o in ipm.load_offerings(exchange="SEHK")}
    return [by_key[k] for k in KEYS]


@pytest.fixture(scope="module")
def frame(records: list[Offering]) -> pd.DataFrame:
    return ipm.to_frame(records)


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


def bars(ax: Axes) -> dict[str, Rectangle]:
    """Drawn bars by gid (``"<column>:<key>"``)."""
    return {str(p.get_gid()): p for p in ax.patches if isinstance(p, Rectangle) and p.get_gid()}


def na_marks(ax: Axes) -> set[str]:
    return {str(t.get_gid()) for t in ax.texts if (t.get_gid() or "").startswith("na:")}


def legend_texts(legend: Legend | None) -> list[str]:
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def names(records: list[Offering]) -> list[str]:
    return [o.name for o in records]


# -------------------------------------------------------------------------- import and colours


def test_import_does_not_load_matplotlib_and_colours_do_not_depend_on_the_process() -> None:
    code = (
        "import sys, ipometrics, ipometrics.plotting as p;"
        "print('matplotlib' in sys.modules, p.issuer_color('a_new_issuer'))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded, colour = done.stdout.split()
    assert loaded == "False"
    assert colour == issuer_color("a_new_issuer")  # a stable hash, not Python's salted one


def test_issuer_colours_are_fixed_okabe_ito_and_distinct() -> None:
    palette = set(OKABE_ITO.values())
    colours = [issuer_color(k) for k in KEYS]
    assert colours == [ISSUER_COLORS[k] for k in KEYS]
    assert set(colours) <= palette
    assert len(set(colours)) == len(KEYS)


def test_unknown_key_colour_is_deterministic_and_not_a_bundled_one() -> None:
    colour = issuer_color("a_new_issuer")
    assert colour == issuer_color("a_new_issuer")
    assert colour in SPARE_COLORS
    assert colour not in ISSUER_COLORS.values()
    assert len(set(ISSUER_COLORS.values())) == len(ISSUER_COLORS)
    assert set(ISSUER_COLORS.values()) <= set(OKABE_ITO.values())


def test_bars_use_the_issuer_colour(ax: Axes, frame: pd.DataFrame) -> None:
    plot_subscription_multiples(frame, ax=ax, labels="en")
    for key in KEYS:
        bar = bars(ax)[f"public_multiple:{key}"]
        assert to_hex(bar.get_facecolor()).upper() == issuer_color(key).upper()


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
    expected = ["BIREN TECH", "KNOWLEDGE ATLAS", "ILUVATAR COREX", "MINIMAX-WP"]
    assert legend_texts(ax.get_legend()) == expected
    assert issuer_label(records[1], labels="en") == "KNOWLEDGE ATLAS"


@pytest.mark.usefixtures("no_cjk")
def test_without_a_cjk_font_auto_is_english_and_zh_refuses(
    ax: Axes, records: list[Offering]
) -> None:
    assert cjk_font() is None
    plot_subscription_multiples(records, ax=ax)  # labels="auto"
    assert legend_texts(ax.get_legend()) == names(records)
    with pytest.raises(FontUnavailableError, match=r"labels='zh' needs a font .* fonts-wqy"):
        plot_subscription_multiples(records, ax=ax, labels="zh")


def test_unknown_labels_option_is_refused(ax: Axes, records: list[Offering]) -> None:
    with pytest.raises(IpoDataError, match=r"labels must be 'auto', 'zh' or 'en', got 'fr'"):
        plot_market_caps(records, ax=ax, labels="fr")  # type: ignore[arg-type]


def test_chinese_labels_with_a_cjk_font(ax: Axes, records: list[Offering]) -> None:
    family = needs_cjk()
    plot_first_day_returns(records, ax=ax, labels="zh")
    texts = legend_texts(ax.get_legend())
    assert texts[1] == "智谱"
    assert texts[0] == records[0].name_zh  # no short name: the full Chinese name
    assert texts[3] == "MINIMAX-WP"  # no Chinese name in the record: English
    legend = ax.get_legend()
    assert legend is not None
    for text in legend.get_texts():
        assert family in text.get_fontfamily()


def test_chinese_font_is_set_per_artist_not_globally(ax: Axes, records: list[Offering]) -> None:
    family = needs_cjk()
    before = dict(matplotlib.rcParams)
    plot_tranches(records, ax=ax, labels="zh")
    assert dict(matplotlib.rcParams) == before
    ticks = {t.get_text(): t for t in ax.get_xticklabels()}
    assert family in ticks["智谱"].get_fontfamily()


# -------------------------------------------------------------------------- the charts


def test_first_day_returns_bars_and_gaps(ax: Axes, records: list[Offering]) -> None:
    out = plot_first_day_returns(records, ax=ax, labels="en")
    assert out is ax
    drawn = bars(ax)
    # 4 issuers x (grey high, open, close) = 12, less the unknown: grey for Biren and Zhipu,
    # Iluvatar CoreX's open, Biren's close.
    assert len(ax.patches) == len(drawn) == 8
    for gid in ("open_return:iluvatar_corex", "close_return:biren", "grey_high_return:zhipu"):
        assert gid not in drawn
        assert f"na:{gid}" in na_marks(ax)
    # Zhipu: HK$131.50 close vs HK$116.20 offer (allotment announcement, first-day close).
    assert drawn["close_return:zhipu"].get_height() == pytest.approx(131.5 / 116.2 - 1)
    assert drawn["grey_high_return:minimax"].get_height() == pytest.approx(218 / 165 - 1)
    assert "[%]" in ax.get_ylabel()
    assert ax.yaxis.get_major_formatter().format_data(0.25) == "25%"
    assert "+13.2%" in [t.get_text() for t in ax.texts]  # value labels on the bars


def test_first_day_returns_from_a_frame_has_no_grey_group(ax: Axes, frame: pd.DataFrame) -> None:
    plot_first_day_returns(frame, ax=ax, labels="en")
    assert len(ax.patches) == 6
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
    assert "na:market_cap_close:biren" in na_marks(ax)
    expected = float(records[1].market_cap("offer")) / 1e9  # Zhipu, exact record method
    assert drawn["market_cap_offer:zhipu"].get_height() == pytest.approx(expected)


def test_money_left_and_proceeds(ax: Axes, frame: pd.DataFrame) -> None:
    plot_money_left(frame, ax=ax, labels="en")
    assert ax.get_ylabel() == "Amount [HKD bn]"
    drawn = bars(ax)
    assert len(drawn) == 7
    assert "money_left_on_table:biren" not in drawn
    assert "na:money_left_on_table:biren" in na_marks(ax)
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
    assert {"na:1:iluvatar_corex", "na:3:biren", "na:0:zhipu"} <= na_marks(ax)
    grey = {k for k in lines if k.startswith("grey:")}
    assert grey == {"grey:iluvatar_corex", "grey:minimax"}
    assert lines["grey:minimax"].get_marker() == "^"  # a high, drawn as a triangle
    assert "range:zhipu" in {str(c.get_gid()) for c in ax.collections}
    assert ax.get_ylabel() == "Return vs offer price [%]"
    assert legend_texts(ax.get_legend()) == names(records)
    kinds = [a for a in ax.get_children() if isinstance(a, Legend) and a is not ax.get_legend()]
    assert "grey-market high (dotted to open)" in legend_texts(kinds[0])


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
    assert [t.get_text() for t in ax.get_xticklabels()][1] == "KNOWLEDGE\nATLAS"


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
    assert texts[3] == "ILUVATAR COREX (mechanism_b)"
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
    assert legend_texts(fig.legends[0]) == names(records)
    assert plt.get_fignums() == []  # made without pyplot
    with pytest.raises(IpoDataError, match=r"fig must be empty, got a figure with 6 Axes"):
        dashboard(records, fig=fig, labels="en")


# -------------------------------------------------------------------------- no warnings


def draw_everything(records: list[Offering], labels: str) -> None:
    fig = dashboard(records, labels=labels)  # type: ignore[arg-type]
    fig.savefig(io.BytesIO(), format="png", dpi=50)
    extra = Figure(figsize=(7, 4), layout="constrained")
    plot_clawback_ladder("mechanism_a", records, ax=extra.subplots(), labels=labels)  # type: ignore[arg-type]
    extra.savefig(io.BytesIO(), format="png", dpi=50)


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
