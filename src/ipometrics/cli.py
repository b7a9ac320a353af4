"""Command line.

``ipometrics report``
    Prints the comparison of the bundled offerings (or ``--data PATH``); ``--out DIR`` also
    writes the charts and ``report.html``. Exit status: 0 on success, 1 when the data cannot
    be read or is invalid (a one-line message on standard error; ``--verbose`` shows every
    problem), 2 on a usage error.
``ipometrics check CODE METRIC "REPORTED"``
    Checks a figure as reported in the news against the record and prints the verdict line.
    Exit status: 0 consistent, 1 inconsistent, 2 not checkable or bad input.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ipometrics import __version__
from ipometrics.errors import IpoDataError
from ipometrics.frame import to_frame
from ipometrics.io import load_offerings
from ipometrics.models import Offering
from ipometrics.report import (
    BUNDLED,
    DEFAULT_WIDTH,
    FORMATS,
    Format,
    cohort_by_market,
    cohort_text,
    render,
    write_report,
)

if TYPE_CHECKING:
    from ipometrics.cohort import CohortStats

__all__ = ["main"]

PROG = "ipometrics"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="IPO subscription analytics from sourced offering records.",
        epilog="Run 'ipometrics COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    report = commands.add_parser(
        "report",
        help="compare offerings side by side",
        description=(
            "Print the offerings side by side: proceeds recomputed from price and shares, "
            "subscription multiples, first-day returns, market caps and money left on the "
            "table. Empty cells say which figure is missing. Exit status: 0 on success, 1 "
            "when the data cannot be read or is invalid or a file cannot be written, 2 on a "
            "usage error (including an offering --offerings does not find)."
        ),
    )
    report.add_argument(
        "--data",
        type=Path,
        metavar="PATH",
        help="a JSON record file or a folder of them (default: the bundled records)",
    )
    report.add_argument(
        "--offerings",
        nargs="+",
        metavar="KEY|CODE",
        help="only these offerings, by key or stock code (e.g. zhipu 00100.HK), in this order",
    )
    report.add_argument(
        "--exchange",
        choices=("SEHK", "SSE", "SZSE"),
        help="only the offerings listed on this exchange",
    )
    report.add_argument(
        "--width",
        type=_positive_width,
        metavar="N",
        help=(
            "most characters per line of the text table (default: $COLUMNS, else the "
            "terminal's width, else 100 when the output is not a terminal)"
        ),
    )
    report.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="output format (default: %(default)s)",
    )
    report.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help=(
            "write the table (or the xlsx workbook: one sheet each for the comparison, the "
            "sources, the empty cells and the cohort) to FILE instead of standard output"
        ),
    )
    report.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="also write the charts (PNG and SVG) and a self-contained report.html to DIR",
    )
    report.add_argument(
        "--currency",
        default="HKD",
        metavar="CODE",
        help=(
            "currency of the cohort statistics printed under the table (default: "
            "%(default)s; each offering is converted at its listing date with the bundled "
            "sourced rates, and a missing rate is an error)"
        ),
    )
    report.add_argument(
        "--labels",
        choices=("auto", "zh", "en"),
        default="auto",
        help="issuer names in charts: Chinese when a CJK font is found (auto), or forced",
    )
    report.add_argument(
        "-v", "--verbose", action="store_true", help="show every problem of invalid data"
    )
    ingest = commands.add_parser(
        "ingest",
        help="read HKEX allotment-results announcements (PDF) into records",
        description=(
            "Read HKEX allotment-results announcements (PDF, English or Chinese) into validated "
            "records: DIR/<key>.json for each (which 'ipometrics report --data DIR' reads), "
            "DIR/allotment/<key>.json (basis of allocation) and DIR/tables/<key>.json "
            "(cornerstones, lock-ups, placee concentration, checks). Exit status: 0 when every "
            "file was read, 1 when any was refused (each with its reason), 2 on a usage error."
        ),
    )
    ingest.add_argument(
        "paths", nargs="+", metavar="FILE_OR_FOLDER", help="PDFs or folders of them"
    )
    ingest.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write")
    ingest.add_argument(
        "--manifest",
        type=Path,
        metavar="CSV",
        help="CSV with sha256 and url columns: the published address of each file",
    )
    ingest.add_argument(
        "--no-progress", action="store_true", help="no progress bar (default: shown on a terminal)"
    )
    check = commands.add_parser(
        "check",
        help="check a reported figure against the records",
        description=(
            "Check a figure as reported (Chinese or English, e.g. '超43亿港元', '1,209倍', "
            "'up 13.17%') against an offering's record. Prints one verdict line. Exit status: "
            "0 consistent, 1 inconsistent, 2 not checkable or bad input."
        ),
        epilog="Metrics: " + ", ".join(_metric_names()),
    )
    check.add_argument("code", help="offering key or stock code, e.g. zhipu or 02513.HK")
    check.add_argument("metric", help="what the figure is, e.g. gross_proceeds, close_return")
    check.add_argument("reported", help="the figure as written, e.g. '超43亿港元'")
    return parser


def _positive_width(text: str) -> int:
    try:
        value = int(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of columns, got {text!r}"
        ) from err
    if value < 40:
        raise argparse.ArgumentTypeError(f"expected at least 40 columns, got {value}")
    return value


def _width(args: argparse.Namespace) -> int:
    """``--width``, else $COLUMNS, else the terminal's width, else :data:`DEFAULT_WIDTH`."""
    if args.width is not None:
        return int(args.width)
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(int(columns), 40)
    if sys.stdout.isatty():
        return max(shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns, 40)
    return DEFAULT_WIDTH


def _select(offerings: list[Offering], args: argparse.Namespace) -> list[Offering]:
    """The offerings ``--offerings`` and ``--exchange`` ask for; unknown names are errors."""
    chosen = offerings
    if args.offerings:
        index: dict[str, Offering] = {}
        for o in offerings:
            stock = o.identity.stock_code.value or ""
            suffix = o.code.rpartition(".")[2]
            bare = {stock, stock.lstrip("0"), stock.lstrip("0").zfill(4)}
            for name in (o.key, *bare, *(f"{b}.{suffix}" for b in bare)):
                index.setdefault(name.upper(), o)
        unknown = [n for n in args.offerings if n.upper() not in index]
        if unknown:
            names = [f"{o.key} ({o.code})" for o in offerings]
            available = ", ".join(names[:12]) + (
                f", ... and {len(names) - 12} more" if len(names) > 12 else ""
            )
            raise IpoDataError(
                f"--offerings: no offering {', '.join(map(repr, unknown))}; available: {available}"
            )
        picked: dict[str, Offering] = {}
        for name in args.offerings:
            picked.setdefault(index[name.upper()].key, index[name.upper()])
        chosen = list(picked.values())
    if args.exchange:
        chosen = [o for o in chosen if o.exchange == args.exchange]
    if not chosen:
        raise IpoDataError(f"no offering is listed on {args.exchange} in the selection")
    return chosen


def _ingest(args: argparse.Namespace) -> int:
    from ipometrics.announcements.ingest import ingest, load_manifest

    try:
        manifest = load_manifest(args.manifest) if args.manifest else None
    except (OSError, IpoDataError) as err:
        return _error(f"cannot read the manifest: {err}", False)
    progress = None
    if not args.no_progress:
        from tqdm import tqdm

        def progress(files: list[Path]) -> object:
            return tqdm(files, desc="reading", unit="file", file=sys.stderr, disable=None)

    try:
        summary = ingest(args.paths, args.out, manifest=manifest, progress=progress)  # type: ignore[arg-type]
    except IpoDataError as err:
        print(f"{PROG} ingest: error: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        return _error(f"cannot write to {args.out}: {err}", False)
    sys.stdout.write(summary.text())
    print(f"wrote {len(summary.written)} files to {args.out}", file=sys.stderr)
    return 1 if summary.refused else 0


def _metric_names() -> list[str]:
    from ipometrics.claims import METRICS

    return list(METRICS)


def _check(args: argparse.Namespace) -> int:
    from ipometrics.claims import check_cli

    status, line = check_cli(args.code, args.metric, args.reported)
    if line.startswith("error: "):
        print(f"{PROG} check: {line}", file=sys.stderr)
    else:
        print(line)
    return status


def _error(message: str, verbose: bool) -> int:
    lines = message.strip().splitlines() or ["unknown error"]
    text = lines[0]
    if len(lines) > 1 and not verbose:
        text += f" ({len(lines) - 1} more lines; rerun with --verbose)"
    elif len(lines) > 1:
        text = "\n".join(lines)
    print(f"{PROG}: error: {text}", file=sys.stderr)
    return 1


def _cohort(offerings: Sequence[Offering], currency: str) -> list[tuple[str, CohortStats]]:
    from ipometrics.fx import load_fx_rates

    return cohort_by_market(offerings, currency.upper(), load_fx_rates())


def _fenced(text: str) -> str:
    return "```text\n" + text + "```\n"


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it: all or nothing."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _excel(offerings: Sequence[Offering], args: argparse.Namespace) -> int:
    """``--format xlsx``: the workbook goes to ``--output FILE`` (it is not text)."""
    import io

    from ipometrics.excel import to_excel

    if args.output is None:
        print(
            f"{PROG} report: error: --format xlsx needs --output FILE (a workbook is not text)",
            file=sys.stderr,
        )
        return 2
    buffer = io.BytesIO()
    try:
        currency = args.currency.upper() if len(offerings) > 1 else None
        to_excel(offerings, buffer, currency=currency)
    except ImportError as err:
        return _error(str(err), args.verbose)
    except IpoDataError as err:
        return _error(f"cannot build the workbook: {err}", args.verbose)
    try:
        _write_atomically(args.output, buffer.getvalue())
    except OSError as err:
        return _error(f"cannot write {args.output}: {err}", args.verbose)
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _writable(args: argparse.Namespace) -> str | None:
    """Why ``--out`` / ``--output`` cannot be written, checked before anything is printed."""
    if args.out is not None and args.out.exists() and not args.out.is_dir():
        return f"--out {args.out}: exists and is not a folder (--out takes a folder for the charts)"
    if args.output is not None:
        if args.output.is_dir():
            return f"--output {args.output}: is a folder; expected a file"
        if not args.output.parent.is_dir():
            return f"--output {args.output}: folder {args.output.parent} does not exist"
    return None


def _report(args: argparse.Namespace) -> int:
    if (problem := _writable(args)) is not None:
        print(f"{PROG} report: error: {problem}", file=sys.stderr)
        return 2
    try:
        offerings = load_offerings(args.data)
    except IpoDataError as err:
        return _error(str(err), args.verbose)
    try:
        offerings = _select(offerings, args)
    except IpoDataError as err:
        print(f"{PROG} report: error: {err}", file=sys.stderr)
        return 2
    origin = BUNDLED if args.data is None else f"the records in {args.data}"
    fmt = cast(Format, args.format)
    if fmt == "xlsx":
        return _excel(offerings, args)
    width = _width(args)
    text = render(to_frame(offerings), fmt, width=width, origin=origin)
    stats = None
    if fmt in ("table", "markdown") and len(offerings) > 1:
        try:
            stats = _cohort(offerings, args.currency)
        except IpoDataError as err:
            return _error(f"cohort statistics in {args.currency}: {err}", args.verbose)
        wrap = width if fmt == "table" else None  # markdown keeps full lines and URLs
        blocks = [cohort_text(s, title=t, width=wrap) for t, s in stats]
        cohort = "\n".join(blocks)
        text += "\n" + (cohort if fmt == "table" else _fenced(cohort))
    if args.output is not None:
        try:
            _write_atomically(args.output, text.encode("utf-8"))
        except OSError as err:
            return _error(f"cannot write {args.output}: {err}", args.verbose)
        print(f"wrote {args.output}", file=sys.stderr)
        text = ""
    sys.stdout.write(text)
    if args.out is not None:
        try:
            written = write_report(
                offerings, args.out, labels=args.labels, cohort=stats, origin=origin
            )
        except (OSError, IpoDataError) as err:
            return _error(f"cannot write the report to {args.out}: {err}", args.verbose)
        print(f"\nwrote {len(written)} files to {args.out}:", file=sys.stderr)
        for path in written:
            print(f"  {path}", file=sys.stderr)
    sys.stdout.flush()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name (default: ``sys.argv[1:]``).
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_usage(sys.stderr)
        print(
            f"{PROG}: error: a command is required (try 'report', 'check' or 'ingest')",
            file=sys.stderr,
        )
        return 2
    try:
        if args.command == "ingest":
            return _ingest(args)
        return _check(args) if args.command == "check" else _report(args)
    except BrokenPipeError:
        # The reader went away (e.g. piped into `head`): exit quietly, like other CLIs.
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
