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
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ipometrics import __version__
from ipometrics.errors import IpoDataError
from ipometrics.frame import to_frame
from ipometrics.io import load_offerings
from ipometrics.models import Offering
from ipometrics.report import FORMATS, Format, cohort_text, render, write_report

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
            "table. Empty cells say which figure is missing."
        ),
    )
    report.add_argument(
        "--data",
        type=Path,
        metavar="PATH",
        help="a JSON record file or a folder of them (default: the bundled records)",
    )
    report.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="output format (default: %(default)s)",
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


def _cohort(offerings: Sequence[Offering], currency: str) -> CohortStats:
    from ipometrics.cohort import cohort_stats
    from ipometrics.fx import load_fx_rates

    return cohort_stats(offerings, currency.upper(), load_fx_rates())


def _fenced(text: str) -> str:
    return "```text\n" + text + "```\n"


def _report(args: argparse.Namespace) -> int:
    try:
        offerings = load_offerings(args.data)
    except IpoDataError as err:
        return _error(str(err), args.verbose)
    fmt = cast(Format, args.format)
    text = render(to_frame(offerings), fmt)
    stats = None
    if fmt in ("table", "markdown") and len({o.currency for o in offerings}) > 1:
        try:
            stats = _cohort(offerings, args.currency)
        except IpoDataError as err:
            return _error(f"cohort statistics in {args.currency}: {err}", args.verbose)
        text += "\n" + (cohort_text(stats) if fmt == "table" else _fenced(cohort_text(stats)))
    sys.stdout.write(text)
    if args.out is not None:
        try:
            written = write_report(offerings, args.out, labels=args.labels, cohort=stats)
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
        print(f"{PROG}: error: a command is required (try 'report' or 'check')", file=sys.stderr)
        return 2
    try:
        return _check(args) if args.command == "check" else _report(args)
    except BrokenPipeError:
        # The reader went away (e.g. piped into `head`): exit quietly, like other CLIs.
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
