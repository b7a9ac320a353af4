"""Render the comparison: text (table, Markdown, CSV, JSON) or a report folder with charts.

Nothing here computes a metric: it formats the columns of :func:`ipometrics.to_frame`, and
says why a cell is empty (a footnote per missing figure) instead of printing a number.
:func:`write_report` adds the charts of :mod:`ipometrics.plotting` (PNG and SVG) and a
self-contained ``report.html``.
"""

from __future__ import annotations

import base64
import html
import json
import math
import re
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

import pandas as pd

from ipometrics.frame import Unavailable, to_csv, to_frame
from ipometrics.models import Offering

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ipometrics.cohort import CohortStats
    from ipometrics.fx import FxTable

__all__ = [
    "CHARTS",
    "DEFAULT_WIDTH",
    "FORMATS",
    "GAP_LEGEND",
    "MARKETS",
    "cohort_by_market",
    "cohort_text",
    "footer",
    "render",
    "write_report",
]

Format = Literal["table", "csv", "json", "markdown", "xlsx"]
#: Text formats :func:`render` writes; ``xlsx`` (a workbook) is :func:`ipometrics.excel.to_excel`.
FORMATS: tuple[str, ...] = ("table", "csv", "json", "markdown", "xlsx")


def _money(scale: float, digits: int) -> Callable[[Any], str]:
    def fmt(value: Any) -> str:
        return f"{value / scale:,.{digits}f}"

    return fmt


def _price(value: Any) -> str:
    return f"{value:,.2f}"


def _shares(value: Any) -> str:
    return f"{value:,.0f}"


def _times(value: Any) -> str:
    return f"{value:,.2f}x"


def _pct(value: Any) -> str:
    return f"{value * 100:+.2f}%"


def _pct_printed(value: Any) -> str:
    # As printed: the source's own decimals (76% stays 76%, 13.17% stays 13.17%).
    text = f"{value * 100:+.6f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _pct_rate(value: Any) -> str:
    # Lottery rates are printed to 8 decimals of a percent (0.03635054%).
    return f"{value * 100:.8f}%"


def _rate(value: Any) -> str:
    return f"{value * 100:.2f}%"


def _text(value: Any) -> str:
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return value.isoformat() if isinstance(value, date) else str(value)


@dataclass(frozen=True)
class _Row:
    label: str  # "{cur}" is replaced by the group's currency
    column: str
    fmt: Callable[[Any], str]


_ROWS: tuple[_Row, ...] = (
    _Row("Chinese name", "name_zh", _text),
    _Row("Listing date", "listing_date", _text),
    _Row("Offer price [{cur}]", "offer_price", _price),
    _Row("Offer shares", "offer_shares", _shares),
    _Row("Gross proceeds [{cur} m]", "gross_proceeds", _money(1e6, 2)),
    _Row("Gross, as published [{cur} m]", "gross_proceeds_published", _money(1e6, 1)),
    _Row("Net proceeds [{cur} m]", "net_proceeds", _money(1e6, 2)),
    _Row("Net, as published [{cur} m]", "net_proceeds_published", _money(1e6, 1)),
    _Row("Public tranche, initial", "public_shares_initial", _shares),
    _Row("Public tranche, final", "public_shares_final", _shares),
    _Row("Public multiple", "public_multiple", _times),
    _Row("Placing multiple", "placing_multiple", _times),
    _Row("One-lot success rate", "one_lot_success_rate", _rate),
    _Row("Online multiple", "online_multiple", _times),
    _Row("Offline multiple", "offline_multiple", _times),
    _Row("Online lottery rate", "lottery_rate", _pct_rate),
    _Row("Open return", "open_return", _pct),
    _Row("Close return", "close_return", _pct),
    _Row("Close return, as published", "close_return_published", _pct_printed),
    _Row("Market cap at offer [{cur} bn]", "market_cap_offer", _money(1e9, 2)),
    _Row("Market cap at open [{cur} bn]", "market_cap_open", _money(1e9, 2)),
    _Row("Market cap at close [{cur} bn]", "market_cap_close", _money(1e9, 2)),
    _Row("Money left on table [{cur} m]", "money_left_on_table", _money(1e6, 1)),
)

#: Exchange code -> the market's name in headings.
MARKETS: dict[str, str] = {
    "SEHK": "Hong Kong (SEHK)",
    "SSE": "Shanghai (SSE STAR Market)",
    "SZSE": "Shenzhen (SZSE)",
}

#: The two kinds of empty cell, as tables show them.
NOT_PUBLISHED = "n/p"
NOT_APPLICABLE = "n/a"

#: What the marks mean; printed under every table.
GAP_LEGEND = (
    f"{NOT_PUBLISHED} = not published: no admissible source gives the figure; "
    f"{NOT_APPLICABLE} = not applicable: the figure does not exist for this offering. "
    "[k] names the missing field."
)

#: Width of the text table when the output is not a terminal and no width is given.
DEFAULT_WIDTH = 100

BUNDLED = "the bundled records"


def _count(n: int) -> str:
    return f"{n} offering" if n == 1 else f"{n} offerings"


def _market_order(exchanges: Iterable[str]) -> list[str]:
    """The distinct exchanges in the order of :data:`MARKETS` (Hong Kong first), then others."""
    seen = set(exchanges)
    return [x for x in MARKETS if x in seen] + sorted(seen - set(MARKETS))


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


@dataclass
class _Notes:
    """Footnotes shared by the groups of one table: one number per missing field."""

    lines: list[str] = field(default_factory=list)
    ids: dict[str, int] = field(default_factory=dict)

    def mark(self, u: Unavailable) -> str:
        published = u.status != "not applicable"
        words = "not published" if published else "not applicable"
        text = f"{u.path}: {words}"
        if text not in self.ids:
            self.ids[text] = len(self.ids) + 1
            self.lines.append(f"[{self.ids[text]}] {text}")
        return f"{NOT_PUBLISHED if published else NOT_APPLICABLE} [{self.ids[text]}]"


@dataclass(frozen=True)
class _Group:
    """One market's offerings: the header and body of its table."""

    market: str
    currency: str
    names: list[str]
    codes: list[str]
    body: list[list[str]]


def _market_groups(frame: pd.DataFrame, notes: _Notes) -> list[_Group]:
    """The frame's offerings by market, each with the rows that apply to one of them."""
    reasons: dict[tuple[str, str], Unavailable] = {
        (u.code, u.column): u for u in frame.attrs.get("unavailable", [])
    }
    exchanges = _market_order(str(x) for x in frame["exchange"])
    groups = []
    for exchange in exchanges:
        part = frame[frame["exchange"] == exchange]
        currencies = list(dict.fromkeys(str(c) for c in part["currency"]))
        cur = "/".join(currencies)
        body: list[list[str]] = []
        for spec in _ROWS:
            codes = [str(c) for c in part.index]
            gaps = [reasons.get((c, spec.column)) for c in codes]
            values = [part.at[c, spec.column] for c in codes]
            if all(
                _missing(v) and g is not None and g.status == "not applicable"
                for v, g in zip(values, gaps, strict=True)
            ):
                continue  # a row of the other market
            cells = [spec.label.replace("{cur}", cur)]
            for value, gap in zip(values, gaps, strict=True):
                if not _missing(value):
                    cells.append(spec.fmt(value))
                elif gap is not None:
                    cells.append(notes.mark(gap))
                else:
                    cells.append(NOT_PUBLISHED)
            body.append(cells)
        groups.append(
            _Group(
                MARKETS.get(exchange, exchange),
                cur,
                [str(n) for n in part["name"]],
                [str(c) for c in part.index],
                body,
            )
        )
    return groups


def _grid(group: _Group, columns: slice, fmt: str) -> str:
    """One block of a market's table: ``columns`` of its offerings, in a tabulate format.

    ``simple`` (the terminal) puts each stock code on a line under its name;
    other formats put them beside the names.
    """
    from tabulate import tabulate

    names, codes = group.names[columns], group.codes[columns]
    body = [[r[0], *r[1:][columns]] for r in group.body]
    if fmt == "pipe":
        names = [n.replace("|", "\\|") for n in names]
        body = [[c.replace("|", "\\|") for c in r] for r in body]
    if fmt == "simple":
        headers = ["", *(f"{n}\n{c}" for n, c in zip(names, codes, strict=True))]
        rows = body
    else:
        headers = ["", *(f"{n} ({c})" for n, c in zip(names, codes, strict=True))]
        rows = body
    return tabulate(
        rows,
        headers=headers,
        tablefmt=fmt,
        colalign=("left", *["right"] * len(names)),
        disable_numparse=True,
    )


def _width_of(text: str) -> int:
    from wcwidth import wcswidth

    return max((max(wcswidth(line), len(line)) for line in text.splitlines()), default=0)


def _wrap(lines: Sequence[str], width: int) -> list[str]:
    """Wrap notes to ``width`` display columns (a CJK character counts as two).

    A URL is never broken: a line may exceed the width only by a URL that alone is longer.
    """
    from wcwidth import wcswidth

    out: list[str] = []
    for line in lines:
        indent = " " * (len(line) - len(line.lstrip(" ")))
        # textwrap counts characters; give it fewer columns when the line has wide ones.
        wide = max(wcswidth(line), len(line)) - len(line)
        chars = (
            max(20, width - wide)
            if wide == 0
            else max(20, (width * len(line)) // (len(line) + wide))
        )
        out += [
            piece.rstrip()
            for piece in textwrap.wrap(
                line,
                width=chars,
                subsequent_indent=indent + "    ",
                break_long_words=False,
                break_on_hyphens=False,
            )
        ] or [""]
    return out


def _fit(group: _Group, width: int) -> list[str]:
    """The group's table, its offerings split into as few, even blocks as fit ``width``.

    A single offering wider than ``width`` (a very narrow terminal) is printed as it is.
    """
    total = len(group.names)
    for count in range(1, total + 1):
        size = -(-total // count)  # ceil: blocks as even as possible
        blocks = [_grid(group, slice(i, i + size), "simple") for i in range(0, total, size)]
        if all(_width_of(b) <= width for b in blocks):
            break
    out: list[str] = []
    for block in blocks:
        out += ["", *(line.rstrip() for line in block.splitlines())]
    return out


def footer(origin: str = BUNDLED) -> str:
    """Where the table's figures come from, as printed under it.

    Examples
    --------
    >>> footer("the records in mine.json").split(",")[0]
    'Figures: the records in mine.json'


    Parameters
    ----------
    origin : str
        The records the figures come from: ``"the bundled records"`` or the file or folder
        they were read from.
    """
    return (
        f"Figures: {origin}, each figure citing its source document "
        "(Offering.source_of(path)); returns are vs the offer price; money in each market's "
        "own currency."
    )


def _table(frame: pd.DataFrame, width: int, origin: str) -> str:
    notes = _Notes()
    lines: list[str] = []
    for group in _market_groups(frame, notes):
        lines.append(f"{group.market}: {_count(len(group.names))}, amounts in {group.currency}")
        lines += _fit(group, width)
        lines.append("")
    lines, note_lines = _renumber(lines, notes.lines)
    tail = [GAP_LEGEND, *note_lines, footer(origin)]
    return "\n".join([*lines, *_wrap(tail, width)]) + "\n"


def _renumber(lines: list[str], notes: list[str]) -> tuple[list[str], list[str]]:
    """Footnote numbers in the order a reader meets them, top to bottom."""
    order: dict[str, int] = {}
    for line in lines:
        for k in re.findall(r"\[(\d+)\]", line):
            order.setdefault(k, len(order) + 1)
    if not order:
        return lines, notes

    def sub(text: str) -> str:
        return re.sub(r"\[(\d+)\]", lambda m: f"[{order.get(m[1], m[1])}]", text)

    by_old = {n.split("]", 1)[0].lstrip("["): n for n in notes}
    renumbered = [sub(by_old[k]) for k in order if k in by_old]
    return [sub(line) for line in lines], renumbered


def _markdown(frame: pd.DataFrame, origin: str) -> str:
    notes = _Notes()
    parts: list[str] = []
    for group in _market_groups(frame, notes):
        table = _grid(group, slice(None), "pipe")
        parts += [f"**{group.market}**, amounts in {group.currency}", "", table, ""]
    parts, note_lines = _renumber(parts, notes.lines)
    tail = [GAP_LEGEND, "", *note_lines, "", footer(origin)]
    return "\n".join([*parts, *tail]) + "\n"


def _json_value(value: Any) -> Any:
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def _json(frame: pd.DataFrame) -> str:
    reasons: dict[str, dict[str, str]] = {}
    for u in frame.attrs.get("unavailable", []):
        reasons.setdefault(u.code, {})[u.column] = f"{u.path} is {u.status}"
    records = []
    for code, row in frame.iterrows():
        record = {"code": code, **{c: _json_value(row[c]) for c in frame.columns}}
        record["unavailable"] = reasons.get(str(code), {})
        records.append(record)
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def _signed(value: Any) -> str:
    return "n/a" if value is None else f"{float(value) * 100:+.2f}%"


def cohort_text(stats: CohortStats, *, title: str | None = None, width: int | None = None) -> str:
    """Cohort statistics (Ritter-style) as a short text block.

    Parameters
    ----------
    stats : CohortStats
        From :func:`ipometrics.cohort.cohort_stats`.
    title : str, optional
        What the cohort is, e.g. ``"Hong Kong (SEHK)"`` (default: ``"Cohort"``).
    width : int, optional
        Wrap long lines (the exchange rates) to this many columns [characters].

    Returns
    -------
    str
        The equal- and proceeds-weighted mean and the median first-day return, the share of
        deals priced at the top of their range, totals in the cohort currency, what was left
        out and why, and every exchange rate used with its date and source.
    """
    cur = stats.currency
    top = (
        f"{stats.n_priced_at_top} of {stats.n_with_range}"
        if stats.n_with_range
        else "no offering has a published range"
    )
    rows = [
        ("First-day return, equal-weighted mean", _signed(stats.mean_first_day_return)),
        ("First-day return, proceeds-weighted mean", _signed(stats.weighted_mean_first_day_return)),
        ("First-day return, median", _signed(stats.median_first_day_return)),
        ("Offerings in the return statistics", f"{stats.n_used} of {len(stats.offerings)}"),
        ("Priced at the top of the range", top),
        (
            f"Gross proceeds, total [{cur} m] ({_count(len(stats.offerings))})",
            f"{float(stats.total_gross_proceeds) / 1e6:,.1f}",
        ),
        (
            f"Money left on the table, total [{cur} m] ({_count(stats.n_used)})",
            f"{float(stats.total_money_left_on_table) / 1e6:,.1f}" if stats.n_used else "n/a",
        ),
    ]
    label_width = max(len(label) for label, _ in rows)
    lines = [f"{title or 'Cohort'}: {_count(len(stats.offerings))}, amounts in {cur}"]
    lines += [f"  {label.ljust(label_width)}  {value}" for label, value in rows]
    if stats.excluded:
        lines.append("  Left out:")
        lines += [f"    {e.code} from {e.statistic}: {e.reason}" for e in stats.excluded]
    converted = {k: c for k, c in stats.fx.items() if not c.is_identity}
    if converted:
        lines.append("  Exchange rates used (at each offering's listing date):")
        shortened = False
        for key, conversion in converted.items():
            lines.append(f"    {key}: {conversion.describe()}")
            for url in conversion.sources:
                line = f"      source: {url}"
                if width is not None and len(line) > width:
                    # A URL is never broken across lines; one too long for the terminal is
                    # shown by its site, and given in full by --format markdown / json.
                    line = f"      source: {urlsplit(url).netloc}/... (shortened)"
                    shortened = True
                lines.append(line)
        if shortened:
            lines.append("    (shortened URLs in full: --format markdown or report.html)")
    if width is not None:
        lines = _wrap(lines, width)
    return "\n".join(lines) + "\n"


def cohort_by_market(
    offerings: Sequence[Offering], currency: str, rates: FxTable
) -> list[tuple[str, CohortStats]]:
    """Cohort statistics per market, each in its own currency, then blended.

    Parameters
    ----------
    offerings : sequence of Offering
        The records.
    currency : str
        Currency of the blended statistics (ISO 4217); each offering is converted at its
        listing date with ``rates``.
    rates : FxTable
        Sourced exchange rates (:func:`ipometrics.fx.load_fx_rates`).

    Returns
    -------
    list of (str, CohortStats)
        One entry per market (title, statistics in the market's currency) in the order the
        markets first appear, then, when there is more than one market, the blended cohort,
        titled as such: a mean across markets with different rules is not like for like.
    """
    from ipometrics.cohort import cohort_stats

    out: list[tuple[str, CohortStats]] = []
    exchanges = _market_order(o.exchange for o in offerings)
    for exchange in exchanges:
        part = [o for o in offerings if o.exchange == exchange]
        cur = part[0].currency
        if any(o.currency != cur for o in part):
            cur = currency
        out.append((MARKETS.get(exchange, exchange), cohort_stats(part, cur, rates)))
    if len(exchanges) > 1:
        names = " and ".join(MARKETS.get(x, x).split(" (")[0] for x in exchanges)
        title = f"Blended, {names} together (different markets and rules)"
        out.append((title, cohort_stats(offerings, currency, rates)))
    return out


def render(
    frame: pd.DataFrame,
    fmt: Format = "table",
    *,
    width: int | None = None,
    origin: str = BUNDLED,
) -> str:
    """Render a :func:`~ipometrics.to_frame` result as text.

    Parameters
    ----------
    frame : pandas.DataFrame
        The comparison frame.
    fmt : {"table", "csv", "json", "markdown"}
        ``table`` and ``markdown`` show one table per market, offerings as columns and metrics
        as rows, an empty cell marked ``n/p`` (not published) or ``n/a`` (not applicable) with
        a footnote naming the field; ``csv`` and ``json`` give one row (object) per offering
        with every column of :data:`ipometrics.frame.COLUMNS`, and JSON adds why each empty
        metric is empty.
    width : int, optional
        Most characters per line of ``table`` (default :data:`DEFAULT_WIDTH`); offerings are
        split into blocks that fit, and notes are wrapped. A CJK character counts as two.
    origin : str
        Where the records come from, for the footer (default ``"the bundled records"``).

    Returns
    -------
    str
        The rendered text, ending with a newline.
    """
    if fmt == "table":
        return _table(frame, DEFAULT_WIDTH if width is None else width, origin)
    if fmt == "markdown":
        return _markdown(frame, origin)
    if fmt == "csv":
        return to_csv(frame)
    if fmt == "json":
        return _json(frame)
    raise ValueError(f"fmt must be one of {', '.join(FORMATS)}, got {fmt!r}")


# --------------------------------------------------------------------------------------------
# Report folder: charts (PNG + SVG) and a self-contained HTML page
# --------------------------------------------------------------------------------------------

Labels = Literal["auto", "zh", "en"]

#: The charts of a report: file stem -> (title, what it shows). All but the cohort chart
#: compare the Hong Kong offerings (one currency, one set of tranche rules); the cohort chart
#: puts every offering's first-day returns (fractions, so no currency) side by side.
CHARTS: dict[str, tuple[str, str]] = {
    "dashboard": ("Dashboard", "the main panels side by side"),
    "first_day_path": (
        "First-day price path",
        "price vs the offer price from the grey market to the first close",
    ),
    "first_day_returns": ("First-day returns", "open, close and grey-market high vs the offer"),
    "subscription_multiples": ("Subscription multiples", "public offer vs placing, log scale"),
    "tranches": ("Tranche structure", "public and placing tranches, initial vs final"),
    "market_caps": ("Market capitalisation", "at the offer price vs at the first close"),
    "money_left": ("Money left on the table", "beside the gross proceeds"),
    "clawback_ladder": (
        "Chapter 18C clawback ladder",
        "each offering placed at its multiple and final public tranche",
    ),
    "cohort_first_day_returns": (
        "First-day returns, Hong Kong and STAR Market",
        "every offering in the report, open and close vs the offer price",
    ),
}


def _chart(name: str, every: Sequence[Offering], labels: Labels) -> Figure:
    """One chart of the report, with a caption naming its sources and their date."""
    from matplotlib.figure import Figure

    from ipometrics import plotting

    offerings = every if name.startswith("cohort_") else _hong_kong(every)
    # One colour per issuer across every chart of the report, the cohort chart included.
    colors = plotting.issuer_colors(every)
    if name == "dashboard":
        fig = plotting.dashboard(offerings, labels=labels, colors=colors)
    else:
        fig = Figure(figsize=(8, 4.8), layout="constrained")
        ax = fig.subplots()
        kw: dict[str, Any] = {"ax": ax, "labels": labels, "colors": colors}
        draw: dict[str, Callable[[], object]] = {
            "first_day_path": lambda: plotting.plot_first_day_path(offerings, **kw),
            "first_day_returns": lambda: plotting.plot_first_day_returns(offerings, **kw),
            "subscription_multiples": lambda: plotting.plot_subscription_multiples(offerings, **kw),
            "tranches": lambda: plotting.plot_tranches(offerings, **kw),
            "market_caps": lambda: plotting.plot_market_caps(offerings, **kw),
            "money_left": lambda: plotting.plot_money_left(offerings, **kw),
            "clawback_ladder": lambda: plotting.plot_clawback_ladder(
                "chapter_18c", offerings, **kw
            ),
            "cohort_first_day_returns": lambda: plotting.plot_first_day_returns(offerings, **kw),
        }
        draw[name]()
    paths = plotting.CHART_PATHS[name.removeprefix("cohort_")]
    plotting.add_source_caption(fig, offerings, paths=paths)
    return fig


def _hong_kong(offerings: Sequence[Offering]) -> list[Offering]:
    return [o for o in offerings if o.exchange == "SEHK"]


def _html_table(frame: pd.DataFrame) -> str:
    notes = _Notes()
    parts = []
    for group in _market_groups(frame, notes):
        market, cur = html.escape(group.market), html.escape(group.currency)
        parts.append(f"<h3>{market}, amounts in {cur}</h3>")
        parts.append(_grid(group, slice(None), "html"))
    parts, note_lines = _renumber(parts, notes.lines)
    foot = "".join(f"<li>{html.escape(n)}</li>" for n in [GAP_LEGEND, *note_lines])
    return "".join(parts) + f"<ul class='notes'>{foot}</ul>"


def _html_sources(offerings: Sequence[Offering]) -> str:
    items = []
    for o in offerings:
        official = [s for s in o.sources if s.tier == "official_announcement"]
        links = "; ".join(
            f"<a href='{html.escape(s.url)}'>{html.escape(s.document)}</a>"
            if s.url
            else html.escape(s.document)
            for s in official
        )
        items.append(f"<li><b>{html.escape(o.name)} ({html.escape(o.code)})</b>: {links}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def _html_cohort(cohort: CohortStats | Sequence[tuple[str, CohortStats]] | None) -> str:
    if cohort is None:
        return ""
    blocks = [(None, cohort)] if not isinstance(cohort, Sequence) else list(cohort)
    text = "\n".join(cohort_text(stats, title=title) for title, stats in blocks)
    return f"<h2>Cohort</h2><pre>{html.escape(text)}</pre>"


_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { padding: 0.25em 0.7em; border-bottom: 1px solid #ddd; text-align: right; }
tbody th, tbody td:first-child { text-align: left; font-weight: normal; }
figure { margin: 2em 0; } img { max-width: 100%; } .notes { font-size: 0.85em; color: #555; }
"""


def write_report(
    offerings: Sequence[Offering],
    out_dir: str | Path,
    *,
    labels: Labels = "auto",
    cohort: CohortStats | Sequence[tuple[str, CohortStats]] | None = None,
    origin: str = BUNDLED,
) -> list[Path]:
    """Write the comparison as charts (PNG and SVG) and a self-contained ``report.html``.

    Parameters
    ----------
    offerings : sequence of Offering
        The records to compare.
    out_dir : str or Path
        Folder to write into; created when missing. Existing files of the same names are
        replaced.
    labels : {"auto", "zh", "en"}
        Issuer names in the charts (see :func:`ipometrics.plotting.issuer_label`).
    cohort : CohortStats or sequence of (str, CohortStats), optional
        Cohort statistics to show in ``report.html`` (see :func:`cohort_text`); a sequence
        of titled blocks such as :func:`cohort_by_market` returns.
    origin : str
        Where the records come from, for the footer (default ``"the bundled records"``).

    Returns
    -------
    list of Path
        Every file written: ``<chart>.png`` and ``<chart>.svg`` for each of :data:`CHARTS`
        (the Hong Kong charts only when there are Hong Kong offerings), then ``report.html``
        (the table, the charts inline as PNG, and the sources).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    figures_html: list[str] = []
    for name, (title, what) in CHARTS.items():
        if not name.startswith("cohort_") and not _hong_kong(offerings):
            continue
        fig = _chart(name, offerings, labels)
        png, svg = out / f"{name}.png", out / f"{name}.svg"
        fig.savefig(png, dpi=150)
        fig.savefig(svg)
        written += [png, svg]
        data = base64.b64encode(png.read_bytes()).decode("ascii")
        figures_html.append(
            f"<figure><img alt='{html.escape(title)}' src='data:image/png;base64,{data}'>"
            f"<figcaption>{html.escape(title)}: {html.escape(what)}.</figcaption></figure>"
        )
    frame = to_frame(offerings)
    page = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<title>ipometrics report</title>"
        f"<style>{_CSS}</style></head><body>"
        "<h1>IPO comparison</h1>"
        f"{_html_table(frame)}"
        f"<p class='notes'>{html.escape(footer(origin))}</p>"
        + _html_cohort(cohort)
        + "<h2>Charts</h2>"
        + "".join(figures_html)
        + "<h2>Sources</h2>"
        + _html_sources(offerings)
        + "</body></html>\n"
    )
    report = out / "report.html"
    report.write_text(page, encoding="utf-8")
    written.append(report)
    return written
