"""The vectorised path: same numbers as the records, same verdicts as the record validator."""

from __future__ import annotations

import doctest
import io as _io
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal
from functools import cache
from typing import Any, get_args

import numpy as np
import pandas as pd
import pytest
from bench.generate import BREACHES, SAME_DTYPES, corrupt, generate_table
from hypothesis import given
from hypothesis import strategies as st

import ipometrics as ipm
from ipometrics import frame, io, vector
from ipometrics.validation import RULES

FIELD_RULES = frozenset(r.id for r in RULES.values() if r.enforced_by == "field type")
COVERED = frozenset(vector.COLUMNAR_RULES)

#: Cells a user might put in any column: blanks, text, numbers of every kind, dates, codes.
ODD_VALUES: list[Any] = [
    None,
    "",
    " ",
    "abc",
    "1.5",
    "-3",
    "12",
    12,
    -12,
    0,
    1.5,
    -0.5,
    0.0,
    -0.0,
    float("inf"),
    True,
    Decimal("1.50"),
    Decimal("-1"),
    Decimal("Infinity"),
    np.int64(-5),
    np.float64(2.5),
    "2025-02-30",
    "2025-1-5",
    "2025-01-05",
    "SEHK",
    "hkd",
    "HKD",
    "1e3",
    "1_000",
    " 5",
    10**20,
    10**400,
    Decimal("1e999"),
    Decimal("NaN"),
    "S1",
    "S99",
    pd.NA,
]


@cache
def _bundled() -> pd.DataFrame:
    return io.to_table(ipm.load_offerings())


@pytest.fixture
def bundled_table() -> pd.DataFrame:
    table: pd.DataFrame = _bundled().copy()
    return table


@pytest.fixture(scope="module")
def generated() -> pd.DataFrame:
    return generate_table(300, seed=11)


# --------------------------------------------------------------------------------------------
# compute: the numbers of the record path
# --------------------------------------------------------------------------------------------


def test_metric_columns_are_to_frames() -> None:
    assert vector.METRIC_COLUMNS == frame.METRIC_COLUMNS
    assert ipm.compute is vector.compute


def test_compute_equals_to_frame_on_the_bundled_offerings(bundled_table: pd.DataFrame) -> None:
    offerings = ipm.load_offerings()
    ours = vector.compute(bundled_table)
    theirs = ipm.to_frame(offerings)
    assert list(ours.columns) == list(vector.METRIC_COLUMNS)
    assert list(ours.index) == list(bundled_table.index)
    for column in vector.METRIC_COLUMNS:
        # The same float64 inputs through the same formulas: equal to the last bit.
        np.testing.assert_array_equal(ours[column].to_numpy(), theirs[column].to_numpy())
    # Zhipu (02513.HK): HK$116.20 x 37,419,500 shares, printed as HK$4,348.1 million in the
    # allotment results announcement of 2026-01-07.
    zhipu = bundled_table.index[bundled_table["key"] == "zhipu"][0]
    assert ours.loc[zhipu, "gross_proceeds"] == pytest.approx(4_348.1e6, abs=0.05e6)


def test_compute_equals_the_record_path_on_generated_offerings(generated: pd.DataFrame) -> None:
    report = io.read_table(generated)
    assert report.ok, report.invalid[:1]
    theirs = ipm.to_frame(report.offerings).set_index("key").loc[generated["key"]]
    ours = vector.compute(generated)
    for column in vector.METRIC_COLUMNS:
        np.testing.assert_array_equal(ours[column].to_numpy(), theirs[column].to_numpy())
    assert ours["close_return"].notna().mean() > 0.9  # the comparison covers real numbers


def test_compute_reads_exact_values_and_text_the_same(generated: pd.DataFrame) -> None:
    typed = vector.compute(generated)
    # Decimal and int cells, as to_table writes them.
    exact = io.to_table(io.read_table(generated).offerings)  # sorted by listing date
    exact = exact.iloc[pd.Index(exact["key"]).get_indexer(generated["key"])]
    # Text cells, as io.read_csv reads what io.write_csv writes.
    text = pd.read_csv(
        _io.StringIO(exact.to_csv(index=False)), dtype=str, keep_default_na=False, na_filter=False
    )
    for other in (exact, text):
        got = vector.compute(other)
        for column in vector.METRIC_COLUMNS:
            np.testing.assert_array_equal(got[column].to_numpy(), typed[column].to_numpy())


@pytest.mark.parametrize(
    ("cell", "why"),
    [
        (np.nan, "blank"),
        (None, "blank"),
        ("", "blank"),
        (0.0, "zero price"),
        (-1.0, "negative price"),
        (float("inf"), "infinite"),
        ("abc", "not a number"),
        ("1_000", "not decimal text"),
        (True, "a boolean"),
    ],
)
def test_a_bad_price_blanks_every_metric_that_needs_it(cell: object, why: str) -> None:
    table = pd.DataFrame(
        {
            "price.final": pd.Series([116.20, cell], dtype=object),
            "shares.offer_final": [37_419_500, 37_419_500],
            "proceeds.expenses": [174.7e6, 174.7e6],
            "first_day.open": [120.0, 120.0],
            "first_day.close": [131.5, 131.5],
            "shares.shares_in_issue_after_listing": [440_230_190, 440_230_190],
        }
    )
    out = vector.compute(table)
    needs_price = [
        c for c in vector.METRIC_COLUMNS if c not in ("market_cap_open", "market_cap_close")
    ]
    assert out.loc[1, needs_price].isna().all(), why
    assert out.loc[1, ["market_cap_open", "market_cap_close"]].notna().all(), why
    assert out.loc[0].notna().all()


@pytest.mark.parametrize("shares", [-100.0, 100.5, float("inf"), "1,000", Decimal("100")])
def test_a_share_count_the_records_refuse_is_nan(shares: object) -> None:
    table = pd.DataFrame(
        {"price.final": [10.0, 10.0], "shares.offer_final": pd.Series([100, shares], dtype=object)}
    )
    out = vector.compute(table)
    assert out["gross_proceeds"].tolist()[0] == 1_000.0
    assert out["gross_proceeds"].isna().tolist() == [False, True]


def test_integral_floats_and_integer_text_are_whole_numbers() -> None:
    table = pd.DataFrame({"price.final": [2.0, 2.0], "shares.offer_final": ["500", 500.0]})
    assert vector.compute(table)["gross_proceeds"].tolist() == [1_000.0, 1_000.0]


def test_missing_columns_are_unknown() -> None:
    out = vector.compute(pd.DataFrame({"price.final": [10.0], "shares.offer_final": [3]}))
    assert out.loc[0, "gross_proceeds"] == 30.0
    assert out.drop(columns="gross_proceeds").isna().all(axis=None)


@pytest.mark.parametrize(
    "index",
    [
        pd.Index(["02513.HK", "00100.HK", "06082.HK"]),
        pd.Index([30, 10, 20]),
        pd.RangeIndex(5, 8),
        pd.MultiIndex.from_tuples([("SEHK", 1), ("SEHK", 2), ("SSE", 1)]),
    ],
)
def test_the_index_is_kept(index: pd.Index[Any]) -> None:
    table = pd.DataFrame(
        {
            "price.final": [10.0, np.nan, 5.0],
            "shares.offer_final": [100, 200, 300],
            "first_day.close": [11.0, 2.0, 4.0],
        },
        index=index,
    )
    out = vector.compute(table)
    assert out.index.equals(index)
    assert out.loc[index[0], "close_return"] == pytest.approx(0.1)
    problems = vector.validate(table)
    assert set(problems["row"]) <= set(index)


def test_compute_neither_changes_nor_shares_the_table(generated: pd.DataFrame) -> None:
    before = generated.copy(deep=True)
    out = vector.compute(generated)
    pd.testing.assert_frame_equal(generated, before)
    for column in out.columns:
        values = out[column].to_numpy()
        assert values.dtype == np.float64
        for source in ("price.final", "first_day.close", "shares.offer_final"):
            assert not np.shares_memory(values, generated[source].to_numpy())


def test_compute_refuses_what_is_not_a_flat_table() -> None:
    with pytest.raises(TypeError, match="table must be a pandas DataFrame, got dict"):
        vector.compute({"price.final": [1.0]})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"table has none of the flat-table columns"):
        vector.compute(pd.DataFrame({"offer_price": [1.0]}))


def test_an_empty_table_gives_empty_results() -> None:
    empty = generate_table(0)
    assert vector.compute(empty).shape == (0, len(vector.METRIC_COLUMNS))
    assert vector.validate(empty).empty


# --------------------------------------------------------------------------------------------
# validate: the verdicts of the record path
# --------------------------------------------------------------------------------------------


def test_the_rules_are_split_between_the_two_paths() -> None:
    columnar, record_only = set(vector.COLUMNAR_RULES), set(vector.RECORD_ONLY_RULES)
    assert not columnar & record_only
    assert columnar | record_only == set(RULES)


def test_the_columnar_schema_is_the_flat_tables() -> None:
    columns = io.table_columns()
    figures = {c for c in columns if f"{c}.src" in columns}
    assert set(vector._schema().kinds) == figures
    assert vector._schema().required_groups == ("identity", "dates", "price", "shares")


def test_valid_tables_have_no_problems(
    bundled_table: pd.DataFrame, generated: pd.DataFrame
) -> None:
    for table in (bundled_table, generated):
        problems = vector.validate(table)
        assert problems.empty, problems.head()
        assert tuple(problems.columns) == vector.PROBLEM_COLUMNS


def _by_row(pairs: list[tuple[int, str, str]]) -> dict[int, set[tuple[str, str]]]:
    rows: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for row, rule, path in pairs:
        if rule in COVERED:
            rows[row].add((rule, path))
    return rows


def record_verdicts(table: pd.DataFrame) -> dict[int, set[tuple[str, str]]]:
    """(rule, path) of each row's problems from io.read_table, by row position."""
    report = io.read_table(table)
    pairs = [
        (int(bad.origin.split()[1]), p.rule, p.path) for bad in report.invalid for p in bad.problems
    ]
    return _by_row(pairs)


def columnar_verdicts(table: pd.DataFrame) -> dict[int, set[tuple[str, str]]]:
    problems = vector.validate(table)
    position = {label: i for i, label in enumerate(table.index)}
    return _by_row(
        [
            (position[r], rule, path)
            for r, rule, path in problems[["row", "rule", "path"]].itertuples(index=False)
        ]
    )


def assert_agree(table: pd.DataFrame) -> int:
    """Both validators find the same problems in every row; returns the rows with problems.

    Field problems must be the same. Cross-field problems must be the same in rows without
    field problems: the record path runs its cross-field rules only once every field of a
    record is valid, the columnar path always.
    """
    record, columnar = record_verdicts(table), columnar_verdicts(table)
    for row in range(len(table)):
        theirs, ours = record.get(row, set()), columnar.get(row, set())
        field_theirs = {p for p in theirs if p[0] in FIELD_RULES}
        field_ours = {p for p in ours if p[0] in FIELD_RULES}
        assert field_ours == field_theirs, (row, table.iloc[row].get("key"))
        if not field_theirs:
            assert ours == theirs, (row, table.iloc[row].get("key"))
    return len(record)


def test_agreement_on_every_breach(generated: pd.DataFrame) -> None:
    broken, applied = corrupt(generated, fraction=0.6, seed=3)
    assert set(applied) == set(BREACHES)  # every breach was tried
    assert assert_agree(broken) == len(applied)


def test_agreement_when_every_cell_is_text(generated: pd.DataFrame) -> None:
    # As io.read_csv reads a file: every cell a string, blanks empty.
    broken, _ = corrupt(generated, fraction=0.4, seed=5)
    text = pd.read_csv(
        _io.StringIO(broken.to_csv(index=False)),
        dtype=str,
        keep_default_na=False,
        na_filter=False,
    )
    assert assert_agree(text) > 0


def test_agreement_when_pandas_infers_the_types(generated: pd.DataFrame) -> None:
    broken, _ = corrupt(generated, fraction=0.2, seed=7, breaches=SAME_DTYPES)
    inferred = pd.read_csv(_io.StringIO(broken.to_csv(index=False)))
    # Stock codes read as integers lose their zeros: every row breaks format.text.
    assert assert_agree(inferred) == len(inferred)


_COLUMNS = [c for c in io.table_columns() if not c.startswith("sources.")]


@given(
    row=st.integers(0, 5),
    edits=st.lists(
        st.tuples(st.sampled_from(_COLUMNS), st.sampled_from(ODD_VALUES)), min_size=1, max_size=4
    ),
)
def test_agreement_on_odd_cells_in_the_bundled_records(
    row: int, edits: list[tuple[str, Any]]
) -> None:
    table = _bundled().iloc[[row]].reset_index(drop=True)
    for column, value in edits:
        if column == "schema_version" and isinstance(value, int) and abs(value) > 2**63:
            continue  # the record path names this one format.known_fields (pydantic's type)
        table.iloc[0, table.columns.get_loc(column)] = value
    assert_agree(table)


def test_problems_name_the_row_key_field_and_value(bundled_table: pd.DataFrame) -> None:
    table = bundled_table.copy()
    zhipu = table.index[table["key"] == "zhipu"][0]
    table.loc[zhipu, "shares.hk_public.final"] = 7_483_901
    table.loc[zhipu, "price.final"] = "116.2x"
    problems = vector.validate(table.set_index("key", drop=False))
    assert problems["row"].tolist() == ["zhipu"] * 3
    assert problems["key"].tolist() == ["zhipu"] * 3
    assert problems["rule"].tolist() == [
        "format.exact_number",
        "tranches.final_sum",
        "trading.whole_lots",
    ]
    record = {p.message for bad in io.read_table(table).invalid for p in bad.problems}
    assert problems["message"].iloc[0] in record  # the record path's message, word for word
    assert problems["message"].iloc[0] == (
        "price.final.value: Value error, expected a decimal number such as '116.20', got '116.2x'"
    )
    assert problems["message"].iloc[1] == (
        "shares (final tranches): hk_public.final + hk_international.final = 7,483,901 + "
        "29,935,600 = 37,419,501, expected shares.offer_final = 37,419,500"
    )


def test_validate_refuses_what_is_not_a_frame() -> None:
    with pytest.raises(TypeError, match="table must be a pandas DataFrame, got list"):
        vector.validate([])  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# The fast readers give the reference verdict cell by cell
# --------------------------------------------------------------------------------------------

_KINDS: list[vector.Kind] = list(get_args(vector.Kind))


def _reference(kind: vector.Kind, cells: list[Any]) -> tuple[np.ndarray[Any, Any], ...]:
    verdicts = [vector._verdict(kind, c) for c in cells]
    return (
        np.array([v.state for v in verdicts], dtype=np.int8),
        np.array([v.number for v in verdicts], dtype=np.float64),
    )


@given(kind=st.sampled_from(_KINDS), cells=st.lists(st.sampled_from(ODD_VALUES), max_size=30))
def test_object_columns_read_like_the_reference(kind: vector.Kind, cells: list[Any]) -> None:
    state, number = _reference(kind, cells)
    column = np.empty(len(cells), dtype=object)
    column[:] = cells
    got = vector._read_objects(kind, column)
    np.testing.assert_array_equal(got.state, state)
    if got.numbers is not None:
        np.testing.assert_array_equal(got.numbers, number)


@given(
    kind=st.sampled_from(_KINDS),
    cells=st.lists(
        st.one_of(
            st.floats(allow_nan=True, allow_infinity=True),
            st.integers(-(10**6), 10**6).map(float),
            st.sampled_from([0.0, -0.0, 1.0, 2.5, -3.0]),
        ),
        max_size=30,
    ),
)
def test_float_columns_read_like_the_reference(kind: vector.Kind, cells: list[float]) -> None:
    state, number = _reference(kind, cells)
    got = vector._read(kind, pd.Series(cells, dtype=np.float64))
    np.testing.assert_array_equal(got.state, state)
    if got.numbers is not None:
        np.testing.assert_array_equal(got.numbers, number)


@given(kind=st.sampled_from(_KINDS), cells=st.lists(st.integers(-(2**40), 2**40), max_size=30))
def test_integer_columns_read_like_the_reference(kind: vector.Kind, cells: list[int]) -> None:
    state, number = _reference(kind, cells)
    got = vector._read(kind, pd.Series(cells, dtype=np.int64))
    np.testing.assert_array_equal(got.state, state)
    if got.numbers is not None:
        np.testing.assert_array_equal(got.numbers, number)


def test_text_columns_of_pandas_string_dtype_read_like_the_reference() -> None:
    cells = ["SEHK", None, "", " ", "NYSE", "SSE"]
    for kind in _KINDS:
        state, _ = _reference(kind, cells)
        got = vector._read(kind, pd.Series(cells, dtype="str"))
        np.testing.assert_array_equal(got.state, state)


# --------------------------------------------------------------------------------------------
# The generator behind these tests and the benchmarks
# --------------------------------------------------------------------------------------------


def test_the_generator_is_seeded() -> None:
    pd.testing.assert_frame_equal(generate_table(50, seed=1), generate_table(50, seed=1))
    assert not generate_table(50, seed=1).equals(generate_table(50, seed=2))


def test_generated_offerings_look_real(generated: pd.DataFrame) -> None:
    hk = generated["identity.exchange"] == "SEHK"
    assert 0.6 < hk.mean() < 0.9
    lots = generated.loc[hk, "identity.board_lot"]
    for column in ("shares.offer_final", "shares.hk_public.final"):
        assert (generated.loc[hk, column] % lots == 0).all()
    low, high = generated["price.range_low"], generated["price.range_high"]
    final = generated["price.final"]
    assert ((final >= low) & (final <= high))[low.notna()].all()
    assert generated["first_day.close"].isna().any()  # some figures are unknown


def test_the_generator_examples_run() -> None:
    import bench.generate

    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(bench.generate, optionflags=flags)
    assert result.attempted > 0
    assert result.failed == 0


# --------------------------------------------------------------------------------------------
# The accessor is opt-in
# --------------------------------------------------------------------------------------------


def _fresh(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_nothing_is_registered_on_import() -> None:
    code = (
        "import pandas as pd, ipometrics, ipometrics.vector;"
        "print(hasattr(pd.DataFrame, 'ipo'));"
        "ipometrics.vector.register_accessor();"
        "print(hasattr(pd.DataFrame, 'ipo'))"
    )
    assert _fresh(code).split() == ["False", "True"]


def test_the_accessor_calls_the_module_functions(bundled_table: pd.DataFrame) -> None:
    vector.register_accessor("ipo_tests")
    vector.register_accessor("ipo_tests")  # again: nothing happens, no warning
    accessor = getattr(bundled_table, "ipo_tests")  # noqa: B009 - registered at run time
    assert isinstance(accessor, vector.IpoAccessor)
    pd.testing.assert_frame_equal(accessor.metrics(), vector.compute(bundled_table))
    pd.testing.assert_frame_equal(accessor.validate(), vector.validate(bundled_table))


@pytest.mark.parametrize(
    ("name", "match"),
    [
        ("plot", "pandas.DataFrame already has an attribute 'plot'"),
        ("merge", "pandas.DataFrame already has an attribute 'merge'"),
        ("not a name", "name must be a Python identifier, got 'not a name'"),
    ],
)
def test_the_accessor_never_replaces_pandas_own_names(name: str, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        vector.register_accessor(name)
