"""Fuzz the record loaders: nothing but the library's own errors may escape them.

Targets: :func:`ipometrics.io.read_offerings` and :func:`~ipometrics.io.load_offerings` (JSON
files and folders) and :func:`~ipometrics.io.read_csv` (flat-table CSV files and text). Inputs:
random bytes, random JSON values (objects keyed by the real record vocabulary), bundled
records with random nodes replaced, removed, duplicated or nested, and bundled record text
(JSON and CSV) with byte flips, truncation, duplicated and deleted lines (keys), huge and
non-finite numbers, unicode, NUL and deep nesting spliced in.

An input passes when the loader returns a report or raises
:class:`~ipometrics.errors.IpoDataError` (``IpoValidationError`` included; all are
``ValueError``). Any other exception fails, and so does a warning (pytest turns them into
errors).

``IPOMETRICS_FUZZ_EXAMPLES`` is the number of inputs over all eight targets (default 200, a
few seconds; see :data:`WEIGHTS`). A long run (``make fuzz``)::

    IPOMETRICS_FUZZ_EXAMPLES=20000 .venv/bin/pytest tests/test_fuzz.py -q

prints the inputs tried per target at the end.
"""

from __future__ import annotations

import csv
import io as _io
import json
import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Final, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipometrics import io
from ipometrics.errors import IpoDataError
from ipometrics.io import LoadReport
from ipometrics.models import Offering
from ipometrics.validation import RULES

from .strategies import (
    KEYS,
    TOKENS,
    UNCATALOGUED,
    dumps,
    fixture_text,
    json_values,
    mutated_records,
    mutated_text,
    record,
)

T = TypeVar("T")

#: Inputs in all, over the eight targets (``make test``: 200, a few seconds).
EXAMPLES: Final = int(os.environ.get("IPOMETRICS_FUZZ_EXAMPLES", "200"))
#: Each target's share of EXAMPLES: cheap inputs get more, a CSV parse of the 339-column
#: table (~50 ms in pandas) fewer.
WEIGHTS: Final = {
    "json: random bytes": 0.20,
    "json: random values": 0.15,
    "json: mutated text": 0.20,
    "json: mutated records": 0.15,
    "csv: random bytes": 0.075,
    "csv: random text": 0.075,
    "csv: mutated text": 0.075,
    "csv: mutated tables": 0.075,
}
_QUIET: Final = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]


def budget(target: str) -> int:
    """Examples for one target: its share of EXAMPLES, at least 10."""
    return max(10, round(EXAMPLES * WEIGHTS[target]))


def fuzz(target: str) -> settings:
    return settings(max_examples=budget(target), deadline=None, suppress_health_check=_QUIET)


#: Inputs tried, per target (printed by the last test of the module).
TRIED: Counter[str] = Counter()

#: Escapes found by this fuzzer that are pinned by the strict xfails at the end of the module.
#: They are counted, not failed, so a long run goes on looking for new ones; delete an entry
#: when its xfail starts to pass.
KNOWN_ESCAPES: Final[dict[str, str]] = {}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where inputs are written (module scope: hypothesis re-runs the test, not fixtures)."""
    return tmp_path_factory.mktemp("fuzz")


def _library_errors_only(call: Callable[[], T]) -> T | None:
    """``call()``; ``None`` when it raised the library's own error, anything else escapes."""
    try:
        return call()
    except IpoDataError as err:
        error: Exception = err
    except ValueError as err:
        known = [name for name, text in KNOWN_ESCAPES.items() if text in str(err)]
        if type(err) is not ValueError or not known:
            raise
        TRIED[known[0]] += 1
        return None
    assert str(error), "a library error without a message"
    return None


def _check_report(report: LoadReport | None) -> None:
    if report is None:
        return
    assert isinstance(report, LoadReport)
    assert all(isinstance(o, Offering) for o in report.offerings)
    for bad in report.invalid:
        assert bad.message
        for p in bad.problems:
            assert p.rule in RULES or p.rule in UNCATALOGUED, p
            assert p.message.startswith(p.path.split(".")[0]), p


def _load_json(path: Path) -> None:
    """Both JSON loaders on ``path``; they must agree on whether everything loaded."""
    report = _library_errors_only(lambda: io.read_offerings(path))
    _check_report(report)
    loaded = _library_errors_only(lambda: io.load_offerings(path))
    if report is not None:
        assert (loaded is not None) == report.ok
        if loaded is not None:
            assert loaded == report.offerings


def _load_csv(source: Path | str) -> None:
    _check_report(_library_errors_only(lambda: io.read_csv(source)))


# --------------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------------


@fuzz("json: random bytes")
@given(data=st.binary(max_size=2048))
def test_json_loaders_survive_random_bytes(data: bytes, workdir: Path) -> None:
    TRIED["json: random bytes"] += 1
    path = workdir / "bytes.json"
    path.write_bytes(data)
    _load_json(path)


@fuzz("json: random values")
@given(value=json_values(), ascii_only=st.booleans())
def test_json_loaders_survive_random_json_values(
    value: object, ascii_only: bool, workdir: Path
) -> None:
    TRIED["json: random values"] += 1
    path = workdir / "value.json"
    text = json.dumps(value, default=str, ensure_ascii=ascii_only)
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _load_json(path)


@fuzz("json: mutated text")
@given(data=st.data(), key=st.sampled_from(KEYS))
def test_json_loaders_survive_mutated_record_text(
    data: st.DataObject, key: str, workdir: Path
) -> None:
    TRIED["json: mutated text"] += 1
    path = workdir / "text.json"
    path.write_bytes(data.draw(mutated_text(fixture_text(key))))
    _load_json(path)


@fuzz("json: mutated records")
@given(first=mutated_records(), second=st.none() | mutated_records())
def test_json_loaders_survive_mutated_records(
    first: object, second: object | None, workdir: Path
) -> None:
    TRIED["json: mutated records"] += 1
    folder = workdir / "records"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    (folder / "a.json").write_text(dumps(first), encoding="utf-8", errors="surrogatepass")
    if second is not None:  # a folder of two: duplicate keys across files, one bad file
        (folder / "b.json").write_text(dumps(second), encoding="utf-8", errors="surrogatepass")
    _load_json(folder)


# --------------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------------


def _csv_text(keys: tuple[str, ...]) -> str:
    return io.write_csv([Offering.model_validate(record(k)) for k in keys])


CSV_TEXT: Final = {keys: _csv_text(keys) for keys in [("zhipu",), ("metax",), KEYS]}


@st.composite
def mutated_tables(draw: st.DrawFn) -> str:
    """A flat table of bundled records with cells, headers and columns changed."""
    rows = list(csv.reader(_io.StringIO(draw(st.sampled_from(list(CSV_TEXT.values()))))))
    width = len(rows[0])
    for _ in range(draw(st.integers(1, 6))):
        edit = draw(st.sampled_from(["cell", "header", "drop column", "dup column", "row"]))
        column = draw(st.integers(0, width - 1))
        if edit == "cell":
            row = draw(st.integers(1, len(rows) - 1))
            cell = draw(
                st.one_of(
                    st.sampled_from(TOKENS),
                    st.text(max_size=12),
                    json_values(max_leaves=3).map(lambda v: json.dumps(v, default=str)),
                )
            )
            rows[row][column] = cell
        elif edit == "header":
            rows[0][column] = draw(
                st.one_of(st.text(max_size=12), st.sampled_from(rows[0]).map(lambda h: h + ".x"))
            )
        elif edit == "drop column":
            rows = [r[:column] + r[column + 1 :] for r in rows]
            width -= 1
        elif edit == "dup column":
            rows = [[*r, r[column]] for r in rows]
            width += 1
        else:
            rows.append(list(rows[draw(st.integers(1, len(rows) - 1))]))
    out = _io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@fuzz("csv: random bytes")
@given(data=st.binary(max_size=2048))
def test_csv_loader_survives_random_bytes(data: bytes, workdir: Path) -> None:
    TRIED["csv: random bytes"] += 1
    path = workdir / "bytes.csv"
    path.write_bytes(data)
    _load_csv(path)


@fuzz("csv: random text")
@given(text=st.text(max_size=400).map(lambda t: f"key,{t}\n{t}"))
def test_csv_loader_survives_random_text(text: str) -> None:
    TRIED["csv: random text"] += 1
    _load_csv(text)  # CSV text (it holds a newline) rather than a path


@fuzz("csv: mutated text")
@given(data=st.data())
def test_csv_loader_survives_mutated_table_text(data: st.DataObject, workdir: Path) -> None:
    TRIED["csv: mutated text"] += 1
    path = workdir / "text.csv"
    text = data.draw(st.sampled_from(list(CSV_TEXT.values())))
    path.write_bytes(data.draw(mutated_text(text)))
    _load_csv(path)


@fuzz("csv: mutated tables")
@given(text=mutated_tables())
def test_csv_loader_survives_mutated_tables(text: str, workdir: Path) -> None:
    TRIED["csv: mutated tables"] += 1
    path = workdir / "table.csv"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _load_csv(path)


# --------------------------------------------------------------------------------------------
# The count (keep this test last)
# --------------------------------------------------------------------------------------------


def test_fuzz_inputs_tried(capsys: pytest.CaptureFixture[str]) -> None:
    if not TRIED:
        pytest.skip("no fuzz target ran in this session")
    total = sum(n for name, n in TRIED.items() if name in WEIGHTS)
    detail = ", ".join(f"{name}: {n}" for name, n in sorted(TRIED.items()))
    line = f"fuzz inputs tried: {total} ({detail}); IPOMETRICS_FUZZ_EXAMPLES={EXAMPLES}"
    if "IPOMETRICS_FUZZ_EXAMPLES" in os.environ:
        with capsys.disabled():
            print(f"\n{line}")
    else:
        print(line)
    for name in set(TRIED) & set(WEIGHTS):
        assert TRIED[name] >= budget(name) // 2, f"{name}: {TRIED[name]} of {budget(name)}"


# --------------------------------------------------------------------------------------------
# Escapes the fuzzer found, now fixed (kept as regression tests)
# --------------------------------------------------------------------------------------------


def test_a_huge_integer_cell_is_an_invalid_row_not_a_crash() -> None:
    text = CSV_TEXT[("zhipu",)]
    header, row = text.splitlines()[:2]
    cells = next(csv.reader([row]))
    cells[next(csv.reader([header])).index("shares.offer_final")] = "9" * 5000
    out = _io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([next(csv.reader([header])), cells])
    report = io.read_csv(out.getvalue())
    (bad,) = report.invalid
    assert any(p.path == "shares.offer_final.value" for p in bad.problems)


def test_read_csv_refuses_a_path_with_a_nul_character_with_a_library_error() -> None:
    with pytest.raises(IpoDataError, match=r"not a usable path: embedded null byte"):
        io.read_csv(Path("records\x00.csv"))
