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
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from ipometrics.frame import Unavailable, to_frame
from ipometrics.models import Offering

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ipometrics.cohort import CohortStats

__all__ = ["CHARTS", "FORMATS", "cohort_text", "render", "write_report"]

Format = Literal["table", "csv", "json", "markdown"]
FORMATS: tuple[str, ...] = ("table", "csv", "json", "markdown")


def _money(scale: float, digits: int) -> Callable[[Any, str], str]:
    def fmt(value: Any, currency: str) -> str:
        return f"{currency} {value / scale:,.{digits}f}"

    return fmt


def _price(value: Any, currency: str) -> str:
    return f"{currency} {value:,.2f}"


def _shares(value: Any, currency: str) -> str:
    return f"{value:,.0f}"


def _times(value: Any, currency: str) -> str:
    return f"{value:,.2f}x"


def _pct(value: Any, currency: str) -> str:
    return f"{value * 100:+.2f}%"


def _pct_printed(value: Any, currency: str) -> str:
    # As printed: the source's own decimals (76% stays 76%, 13.17% stays 13.17%).
    text = f"{value * 100:+.6f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _pct_rate(value: Any, currency: str) -> str:
    # Lottery rates are printed to 8 decimals of a percent (0.03635054%).
    return f"{value * 100:.8f}%"


def _rate(value: Any, currency: str) -> str:
    return f"{value * 100:.2f}%"


def _text(value: Any, currency: str) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


@dataclass(frozen=True)
class _Row:
    label: str
    column: str
    fmt: Callable[[Any, str], str]


_ROWS: tuple[_Row, ...] = (
    _Row("Chinese name", "name_zh", _text),
    _Row("Listing date", "listing_date", _text),
    _Row("Offer price [per share]", "offer_price", _price),
    _Row("Offer shares [shares]", "offer_shares", _shares),
    _Row("Gross proceeds [m]", "gross_proceeds", _money(1e6, 2)),
    _Row("Gross proceeds, as published [m]", "gross_proceeds_published", _money(1e6, 1)),
    _Row("Net proceeds [m]", "net_proceeds", _money(1e6, 2)),
    _Row("Net proceeds, as published [m]", "net_proceeds_published", _money(1e6, 1)),
    _Row("Public tranche, initial [shares]", "public_shares_initial", _shares),
    _Row("Public tranche, final [shares]", "public_shares_final", _shares),
    _Row("Public multiple [times]", "public_multiple", _times),
    _Row("Placing multiple [times]", "placing_multiple", _times),
    _Row("One-lot success rate", "one_lot_success_rate", _rate),
    _Row("Online multiple (STAR) [times]", "online_multiple", _times),
    _Row("Offline multiple (STAR) [times]", "offline_multiple", _times),
    _Row("Online lottery rate (STAR)", "lottery_rate", _pct_rate),
    _Row("Open return", "open_return", _pct),
    _Row("Close return", "close_return", _pct),
    _Row("Close return, as published", "close_return_published", _pct_printed),
    _Row("Market cap at offer [bn]", "market_cap_offer", _money(1e9, 2)),
    _Row("Market cap at open [bn]", "market_cap_open", _money(1e9, 2)),
    _Row("Market cap at close [bn]", "market_cap_close", _money(1e9, 2)),
    _Row("Money left on the table [m]", "money_left_on_table", _money(1e6, 1)),
)


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _cells(frame: pd.DataFrame) -> tuple[list[str], list[list[str]], list[str]]:
    """Header, body rows and footnotes of the transposed comparison table."""
    reasons: dict[tuple[str, str], Unavailable] = {
        (u.code, u.column): u for u in frame.attrs.get("unavailable", [])
    }
    notes: list[str] = []
    note_ids: dict[str, int] = {}

    def mark(u: Unavailable) -> str:
        text = f"{u.path} is {u.status}"
        if text not in note_ids:
            note_ids[text] = len(note_ids) + 1
            notes.append(f"[{note_ids[text]}] {text}")
        return f"n/a [{note_ids[text]}]"

    header = ["", *(f"{row['name']} ({code})" for code, row in frame.iterrows())]
    body: list[list[str]] = []
    for spec in _ROWS:
        cells = [spec.label]
        for code, row in frame.iterrows():
            value = row[spec.column]
            if not _missing(value):
                cells.append(spec.fmt(value, str(row["currency"])))
            elif (str(code), spec.column) in reasons:
                cells.append(mark(reasons[(str(code), spec.column)]))
            else:
                cells.append("unknown")
        body.append(cells)
    return header, body, notes


_FOOTER = (
    "Figures: the bundled records, each figure citing its source document "
    "(Offering.source_of(path)). Returns are vs the offer price."
)


def _width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, left: bool) -> str:
    fill = " " * (width - _width(text))
    return text + fill if left else fill + text


def _table(frame: pd.DataFrame) -> str:
    _, body, notes = _cells(frame)
    names = ["", *(str(n) for n in frame["name"])]
    codes = ["", *(str(c) for c in frame.index)]
    widths = [max(_width(r[i]) for r in [names, codes, *body]) for i in range(len(names))]

    def line(cells: list[str]) -> str:
        first = _pad(cells[0], widths[0], left=True)
        rest = (_pad(c, w, left=False) for c, w in zip(cells[1:], widths[1:], strict=True))
        return "  ".join([first, *rest]).rstrip()

    rule = "  ".join("-" * w for w in widths)
    lines = [line(names), line(codes), rule, *(line(r) for r in body)]
    return "\n".join([*lines, "", *notes, _FOOTER]) + "\n"


def _markdown(frame: pd.DataFrame) -> str:
    header, body, notes = _cells(frame)

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    align = "|" + "|".join([" --- ", *[" ---: "] * (len(header) - 1)]) + "|"
    lines = [line(header), align, *(line(r) for r in body)]
    return "\n".join([*lines, "", *notes, "", _FOOTER]) + "\n"


def _json_value(value: Any) -> Any:
    if _missing(value):
        return None
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


def cohort_text(stats: CohortStats) -> str:
    """Cohort statistics (Ritter-style) as a short text block.

    Parameters
    ----------
    stats : CohortStats
        From :func:`ipometrics.cohort.cohort_stats`.

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
        (f"Gross proceeds, total [{cur} m]", f"{float(stats.total_gross_proceeds) / 1e6:,.1f}"),
        (
            f"Money left on the table, total [{cur} m]",
            f"{float(stats.total_money_left_on_table) / 1e6:,.1f}",
        ),
    ]
    width = max(len(label) for label, _ in rows)
    lines = [f"Cohort: {len(stats.offerings)} offerings, amounts in {cur}"]
    lines += [f"  {label.ljust(width)}  {value}" for label, value in rows]
    if stats.excluded:
        lines.append("  Left out:")
        lines += [f"    {e.code} from {e.statistic}: {e.reason}" for e in stats.excluded]
    converted = {k: c for k, c in stats.fx.items() if not c.is_identity}
    if converted:
        lines.append("  Exchange rates used (at each offering's listing date):")
        for key, conversion in converted.items():
            sources = ", ".join(conversion.sources)
            lines.append(f"    {key}: {conversion.describe()} [{sources}]")
    return "\n".join(lines) + "\n"


def render(frame: pd.DataFrame, fmt: Format = "table") -> str:
    """Render a :func:`~ipometrics.to_frame` result as text.

    Parameters
    ----------
    frame : pandas.DataFrame
        The comparison frame.
    fmt : {"table", "csv", "json", "markdown"}
        ``table`` and ``markdown`` show offerings as columns and metrics as rows, with a
        footnote for each figure that is missing; ``csv`` and ``json`` give one row (object)
        per offering with every column of :data:`ipometrics.frame.COLUMNS`, and JSON adds
        why each empty metric is empty.

    Returns
    -------
    str
        The rendered text, ending with a newline.
    """
    if fmt == "table":
        return _table(frame)
    if fmt == "markdown":
        return _markdown(frame)
    if fmt == "csv":
        return frame.to_csv(lineterminator="\n")
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
    from matplotlib.figure import Figure

    from ipometrics import plotting

    offerings = every if name.startswith("cohort_") else _hong_kong(every)
    if name == "dashboard":
        return plotting.dashboard(offerings, labels=labels)
    fig = Figure(figsize=(8, 4.8), layout="constrained")
    ax = fig.subplots()
    draw: dict[str, Callable[[], object]] = {
        "first_day_path": lambda: plotting.plot_first_day_path(offerings, ax=ax, labels=labels),
        "first_day_returns": lambda: plotting.plot_first_day_returns(
            offerings, ax=ax, labels=labels
        ),
        "subscription_multiples": lambda: plotting.plot_subscription_multiples(
            offerings, ax=ax, labels=labels
        ),
        "tranches": lambda: plotting.plot_tranches(offerings, ax=ax, labels=labels),
        "market_caps": lambda: plotting.plot_market_caps(offerings, ax=ax, labels=labels),
        "money_left": lambda: plotting.plot_money_left(offerings, ax=ax, labels=labels),
        "clawback_ladder": lambda: plotting.plot_clawback_ladder(
            "chapter_18c", offerings, ax=ax, labels=labels
        ),
        "cohort_first_day_returns": lambda: plotting.plot_first_day_returns(
            offerings, ax=ax, labels=labels
        ),
    }
    draw[name]()
    return fig


def _hong_kong(offerings: Sequence[Offering]) -> list[Offering]:
    return [o for o in offerings if o.exchange == "SEHK"]


def _html_table(frame: pd.DataFrame) -> str:
    header, body, notes = _cells(frame)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in header)
    rows = "".join(
        "<tr>"
        + f"<th>{html.escape(r[0])}</th>"
        + "".join(f"<td>{html.escape(c)}</td>" for c in r[1:])
        + "</tr>"
        for r in body
    )
    foot = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
    return (
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        f"<ul class='notes'>{foot}</ul>"
    )


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


_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { padding: 0.25em 0.7em; border-bottom: 1px solid #ddd; text-align: right; }
tbody th { text-align: left; font-weight: normal; }
figure { margin: 2em 0; } img { max-width: 100%; } .notes { font-size: 0.85em; color: #555; }
"""


def write_report(
    offerings: Sequence[Offering],
    out_dir: str | Path,
    *,
    labels: Labels = "auto",
    cohort: CohortStats | None = None,
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
    cohort : CohortStats, optional
        Cohort statistics to show in ``report.html`` (see :func:`cohort_text`).

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
        f"<p class='notes'>{html.escape(_FOOTER)}</p>"
        + (f"<h2>Cohort</h2><pre>{html.escape(cohort_text(cohort))}</pre>" if cohort else "")
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
