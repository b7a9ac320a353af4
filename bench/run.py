"""Benchmark the vectorised path against baselines measured in the same run.

Run from the repository root::

    .venv/bin/python bench/run.py            # full: 10**6 rows, about ten minutes
    .venv/bin/python bench/run.py --quick    # the same five ratios on smaller data, < 1 min

Every number is a ratio of two timings (or sizes) taken in this run, on the same data, as the
median of several repetitions, so a slower or busier machine moves both sides together. The
table is printed and written to ``bench/results.json``.

Ratios (target in brackets):

compute_vs_numpy [<= 1.5]
    :func:`ipometrics.vector.compute` / a hand-written numpy version of the same formulas with
    the same NaN rules (:func:`numpy_metrics`), 10**6 rows. Both give identical arrays.
rowloop_vs_compute [>= 100]
    The record path, :func:`ipometrics.io.read_table` (one validated ``Offering`` per row)
    then :func:`ipometrics.to_frame`, / ``vector.compute``, 10**4 rows.
validate_vs_read_csv [<= 1.0]
    :func:`ipometrics.vector.validate` / ``pandas.read_csv`` of the same table (written once
    to a temporary CSV file), 10**6 rows.
import_ratio [<= 1.15]
    Wall time of ``python -c "import ipometrics"`` / ``python -c "import pandas, pydantic"``,
    fresh interpreters, interleaved.
peak_memory_ratio [<= 3]
    Peak memory allocated while ``compute`` and then ``validate`` run (the larger of the
    two), traced with :mod:`tracemalloc` (numpy's and pandas' buffers are traced) / the
    input frame's ``memory_usage(deep=True)``, 10**6 rows.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make bench.generate importable
    sys.path.insert(0, str(ROOT))

import ipometrics as ipm  # noqa: E402
from bench.generate import SAME_DTYPES, corrupt, generate_table  # noqa: E402
from ipometrics import vector  # noqa: E402

FloatArray = npt.NDArray[np.float64]

#: The flat-table columns the metrics read.
INPUTS = (
    "price.final",
    "shares.offer_final",
    "proceeds.expenses",
    "first_day.open",
    "first_day.close",
    "shares.shares_in_issue_after_listing",
)


# --------------------------------------------------------------------------------------------
# The numpy baseline: the same formulas and NaN rules, written by hand on arrays
# --------------------------------------------------------------------------------------------


def _column(table: pd.DataFrame, name: str, whole: bool) -> tuple[FloatArray, Any]:
    values = table[name].to_numpy(dtype=np.float64, na_value=np.nan)
    ok = np.isfinite(values)
    if whole:
        ok &= np.trunc(values) == values
    return values, ok


def numpy_metrics(table: pd.DataFrame) -> dict[str, FloatArray]:
    """The metric columns of ``vector.compute`` in plain numpy (float64 inputs).

    Each input is checked once (finite, whole where a count, in its domain); each metric is
    one formula and one ``np.where``.
    """
    nan = np.nan
    price, ok_price = _column(table, "price.final", False)
    shares, ok_shares = _column(table, "shares.offer_final", True)
    expenses, ok_expenses = _column(table, "proceeds.expenses", False)
    open_, ok_open = _column(table, "first_day.open", False)
    close, ok_close = _column(table, "first_day.close", False)
    outstanding, ok_out = _column(table, "shares.shares_in_issue_after_listing", True)
    with np.errstate(invalid="ignore", divide="ignore"):
        ok_price &= price > 0
        ok_shares &= shares >= 0
        ok_expenses &= expenses >= 0
        ok_open &= open_ > 0
        ok_close &= close > 0
        ok_out &= outstanding >= 0
        ok_gross = ok_price & ok_shares
        gross = np.where(ok_gross, price * shares, nan)
        return {
            "gross_proceeds": gross,
            "net_proceeds": np.where(ok_gross & ok_expenses, gross - expenses, nan),
            "open_return": np.where(ok_price & ok_open, open_ / price - 1, nan),
            "close_return": np.where(ok_price & ok_close, close / price - 1, nan),
            "market_cap_offer": np.where(ok_price & ok_out, price * outstanding, nan),
            "market_cap_open": np.where(ok_open & ok_out, open_ * outstanding, nan),
            "market_cap_close": np.where(ok_close & ok_out, close * outstanding, nan),
            "money_left_on_table": np.where(
                ok_price & ok_close & ok_shares, (close - price) * shares, nan
            ),
        }


# --------------------------------------------------------------------------------------------
# The record path: one validated Offering per row, metrics by its methods
# --------------------------------------------------------------------------------------------

_AT: dict[str, tuple[str, str | None]] = {
    "gross_proceeds": ("gross_proceeds", None),
    "net_proceeds": ("net_proceeds", None),
    "open_return": ("first_day_return", "open"),
    "close_return": ("first_day_return", "close"),
    "market_cap_offer": ("market_cap", "offer"),
    "market_cap_open": ("market_cap", "open"),
    "market_cap_close": ("market_cap", "close"),
    "money_left_on_table": ("money_left_on_table", None),
}


def record_path(table: pd.DataFrame) -> list[dict[str, float]]:
    """Build every record (read_table), then compute the 8 metrics row by row (Decimal)."""
    report = ipm.read_table(table)
    if not report.ok:
        raise AssertionError(f"generated rows must be valid: {report.invalid[0]}")
    rows = []
    for o in report.offerings:
        row: dict[str, float] = {}
        for name, (method, at) in _AT.items():
            try:
                value = getattr(o, method)(at) if at else getattr(o, method)()
            except ipm.FigureUnavailableError:
                value = np.nan
            row[name] = float(value)
        rows.append(row)
    return rows


def assert_same_as_records(table: pd.DataFrame) -> None:
    """The record path's numbers (exact Decimal) and vector.compute's (float64) agree."""
    ours = vector.compute(table)
    report = ipm.read_table(table)
    keys = table["key"].tolist()
    theirs = pd.DataFrame(record_path(table), index=[o.key for o in report.offerings])
    theirs = theirs.loc[keys]
    for name in vector.METRIC_COLUMNS:
        np.testing.assert_allclose(ours[name].to_numpy(), theirs[name].to_numpy(), rtol=1e-12)


# --------------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------------


def timed(func: Callable[[], object]) -> float:
    """Seconds one call takes (after a collection, so garbage of the last call is not billed)."""
    gc.collect()
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def paired(a: Callable[[], object], b: Callable[[], object], reps: int) -> tuple[float, float]:
    """Median seconds of ``a`` and ``b``, run alternately ``reps`` times after one warm-up."""
    a()
    b()
    ta, tb = [], []
    for _ in range(reps):
        ta.append(timed(a))
        tb.append(timed(b))
    return statistics.median(ta), statistics.median(tb)


def import_times(runs: int) -> tuple[float, float]:
    """Median wall seconds of a fresh ``import ipometrics`` and of ``import pandas, pydantic``."""

    def once(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
        return time.perf_counter() - start

    once("import pandas, pydantic")  # warm the file cache for both
    once("import ipometrics")
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(once("import ipometrics"))
        theirs.append(once("import pandas, pydantic"))
    return statistics.median(ours), statistics.median(theirs)


def traced_peak(func: Callable[[], object]) -> int:
    """Bytes allocated at the peak of one call, above what was allocated before it."""
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        func()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - before


@dataclass
class Ratio:
    """One benchmark result: ``measured / baseline`` against its target."""

    name: str
    rows: int
    measured: float
    baseline: float
    unit: str
    target: str
    detail: str = ""
    ratio: float = field(init=False)
    met: bool = field(init=False)

    def __post_init__(self) -> None:
        self.ratio = self.measured / self.baseline
        op, bound = self.target.split(" ")
        self.met = self.ratio <= float(bound) if op == "<=" else self.ratio >= float(bound)


@dataclass
class Scaling:
    """Seconds per call at one table size."""

    rows: int
    generate: float
    compute: float
    numpy: float
    validate: float


def _show(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1e3:,.1f} ms" if value < 1 else f"{value:,.2f} s"
    return f"{value / 2**20:,.1f} MiB"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, print the table and write ``bench/results.json``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--quick", action="store_true", help="smaller data, under a minute")
    parser.add_argument(
        "--output", type=Path, default=ROOT / "bench" / "results.json", help="JSON results"
    )
    args = parser.parse_args(argv)
    quick: bool = args.quick
    big = 100_000 if quick else 1_000_000
    loop_rows = 1_000 if quick else 10_000
    reps = 3 if quick else 5
    import_runs = 7 if quick else 21
    sizes = (1_000, 10_000, 100_000) if quick else (1_000, 10_000, 100_000, 1_000_000)
    seed = 20260107
    started = time.perf_counter()
    print(f"ipometrics benchmark ({'quick' if quick else 'full'}), seed {seed}", flush=True)

    # Scaling: generation, compute, numpy and validate at every size.
    scaling: list[Scaling] = []
    by_size: dict[int, float] = {}  # compute / numpy at each size
    tables: dict[int, pd.DataFrame] = {}
    for rows in sizes:
        start = time.perf_counter()
        table = generate_table(rows, seed=seed)
        generated = time.perf_counter() - start
        table, _ = corrupt(table, fraction=0.001, seed=seed, breaches=SAME_DTYPES)
        tables[rows] = table
        t_compute, t_numpy = paired(
            partial(vector.compute, table), partial(numpy_metrics, table), reps
        )
        vector.validate(table.head(100))  # the first call reads the schema from the models
        t_validate = statistics.median(
            timed(partial(vector.validate, table)) for _ in range(max(1, reps // 2))
        )
        scaling.append(Scaling(rows, generated, t_compute, t_numpy, t_validate))
        by_size[rows] = t_compute / t_numpy
        print(
            f"  {rows:>9,} rows: generate {_show(generated, 's')}, compute "
            f"{_show(t_compute, 's')}, numpy {_show(t_numpy, 's')}, validate "
            f"{_show(t_validate, 's')}",
            flush=True,
        )
    table = tables[big]

    # compute vs numpy at 10**6 rows in both modes: in --quick the 10**5-row table's input
    # columns repeated ten times (the formulas see every value the same way).
    if len(table) >= 1_000_000:
        wide = table
        how = "generated"
    else:
        repeat = -(-1_000_000 // len(table))
        wide = pd.DataFrame(
            {c: np.tile(table[c].to_numpy(), repeat)[:1_000_000] for c in INPUTS}, copy=False
        )
        how = f"the {len(table):,}-row table's input columns repeated {repeat} times"
    ours = vector.compute(wide)
    for name, values in numpy_metrics(wide).items():  # the very same numbers
        np.testing.assert_array_equal(ours[name].to_numpy(), values)
    del ours
    results: list[Ratio] = []
    t_compute, t_numpy = paired(partial(vector.compute, wide), partial(numpy_metrics, wide), reps)
    results.append(
        Ratio(
            "compute_vs_numpy",
            len(wide),
            t_compute,
            t_numpy,
            "s",
            "<= 1.5",
            f"identical arrays; {how}; at 10**5 rows: {by_size[100_000]:.2f}",
        )
    )
    del wide
    print(f"  compute vs numpy done ({time.perf_counter() - started:.0f} s)", flush=True)

    small = generate_table(loop_rows, seed=seed)
    # to_frame is not used for the record path: it keeps one note per empty cell in
    # DataFrame.attrs, which pandas deep-copies on every operation, so its cost grows with the
    # square of the rows and would flatter the ratio.
    assert_same_as_records(small.head(200))

    loop_reps = 3
    t_records = statistics.median(timed(lambda: record_path(small)) for _ in range(loop_reps))
    t_small = statistics.median(timed(lambda: vector.compute(small)) for _ in range(reps * 3))
    results.append(
        Ratio(
            "rowloop_vs_compute",
            loop_rows,
            t_records,
            t_small,
            "s",
            ">= 100",
            "read_table (one Offering per row) + the 8 metrics by record methods, per row, "
            "vs vector.compute",
        )
    )
    print(f"  record path done ({time.perf_counter() - started:.0f} s)", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "offerings.csv"
        start = time.perf_counter()
        table.to_csv(csv_path, index=False)
        written = time.perf_counter() - start
        size = csv_path.stat().st_size
        t_validate, t_read = paired(
            lambda: vector.validate(table), lambda: pd.read_csv(csv_path), reps
        )
        # Read back as a user would, keeping the stock codes' leading zeros (default
        # inference would make them integers, which validate rightly refuses row by row).
        read_back = pd.read_csv(csv_path, dtype={"identity.stock_code": str})
        t_validate_read = statistics.median(
            timed(lambda: vector.validate(read_back)) for _ in range(max(1, reps // 2))
        )
    found = len(vector.validate(table))
    results.append(
        Ratio(
            "validate_vs_read_csv",
            big,
            t_validate,
            t_read,
            "s",
            "<= 1.0",
            f"{found:,} problems found; CSV {size / 2**20:,.0f} MiB written in {written:.0f} s; "
            f"validate on the read_csv frame itself: {_show(t_validate_read, 's')}",
        )
    )
    print(f"  validate vs read_csv done ({time.perf_counter() - started:.0f} s)", flush=True)

    t_ours, t_theirs = import_times(import_runs)
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, ipometrics; "
            "print(sorted(m for m in ('numpy', 'pandas', 'pydantic', 'matplotlib') "
            "if m in sys.modules))",
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.strip()
    results.append(
        Ratio(
            "import_ratio",
            0,
            t_ours,
            t_theirs,
            "s",
            "<= 1.15",
            f"median of {import_runs} runs each; heavy modules loaded: {loaded}",
        )
    )

    input_bytes = int(table.memory_usage(deep=True).sum())
    numeric_bytes = sum(table[c].to_numpy().nbytes for c in INPUTS)
    peak_compute = traced_peak(lambda: vector.compute(table))
    peak_validate = traced_peak(lambda: vector.validate(table))
    results.append(
        Ratio(
            "peak_memory_ratio",
            big,
            max(peak_compute, peak_validate),
            input_bytes,
            "B",
            "<= 3",
            f"tracemalloc; compute {peak_compute / 2**20:,.0f} MiB "
            f"({peak_compute / numeric_bytes:.2f} x the six input columns it reads), validate "
            f"{peak_validate / 2**20:,.0f} MiB; input {input_bytes / 2**20:,.0f} MiB deep",
        )
    )

    print()
    header = f"{'ratio':<22}{'rows':>11}{'measured':>13}{'baseline':>13}{'ratio':>10}  target"
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r.name:<22}{r.rows:>11,}{_show(r.measured, r.unit):>13}"
            f"{_show(r.baseline, r.unit):>13}{r.ratio:>10.3g}  {r.target:<8} "
            f"{'met' if r.met else 'NOT MET'}"
        )
    print()
    for r in results:
        print(f"{r.name}: {r.detail}")
    elapsed = time.perf_counter() - started
    print(f"\n{elapsed:.0f} s in all; results in {args.output}")

    payload = {
        "mode": "quick" if quick else "full",
        "seed": seed,
        "elapsed_s": round(elapsed, 1),
        "machine": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "pandas": pd.__version__,
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "ratios": [asdict(r) for r in results],
        "scaling": [asdict(s) for s in scaling],
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0 if all(r.met for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
