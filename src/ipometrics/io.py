"""Read and write offering records: JSON (one record, many, file or folder) and a flat table.

Reading
    A record file holds one JSON object (one offering) or a JSON array of them; a folder is
    read file by file (``*.json``, sorted by name). Numbers are read as exact decimals, so
    ``116.20`` stays ``Decimal('116.20')`` and never passes through binary floating point.
    :func:`load_offerings` fails on any bad record and lists every one of them;
    :func:`read_offerings` returns the valid records *and* a report of the invalid ones. A
    file is never skipped in silence.

Writing
    :func:`to_json` / :func:`save_offerings` write records back exactly: decimals keep their
    digits, ``None`` stays ``null``, dates stay ISO dates, sources stay attached. JSON ->
    records -> JSON gives the same data.

Flat table
    :func:`to_table` gives one row per offering with a column per figure (``price.final``)
    and its source (``price.final.src``), plus the source documents
    (``sources.S1.url``, ...); :func:`read_table` / :func:`read_csv` read it back. The flat
    form carries each figure's value and source; annotations (``printed``, ``abs_tol``,
    ``qualifier``, notes), lists (later prices, grey-market observations, conflicts,
    ``derived``, ``unknown``) stay in JSON only. :func:`table_columns` documents every
    column.

Safety
    Files over 5 MiB, JSON nested deeper than 64 levels, NaN/Infinity tokens and non-UTF-8
    text are refused with a clear error. Nothing is evaluated, unpickled or fetched.
"""

from __future__ import annotations

import csv
import io as _io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib.abc import Traversable
from pathlib import Path
from typing import Any, get_args

import pandas as pd
from pydantic import BaseModel, ValidationError

from ipometrics._resources import bundled_data_path
from ipometrics.errors import IpoDataError, IpoValidationError
from ipometrics.models import Figure, Offering
from ipometrics.validation import Problem, field_problem

__all__ = [
    "InvalidRecord",
    "LoadReport",
    "bundled_data_path",
    "load_offering",
    "load_offerings",
    "read_csv",
    "read_offerings",
    "read_table",
    "save_offerings",
    "table_columns",
    "to_json",
    "to_table",
    "write_csv",
]

#: Largest record file accepted [bytes].
_MAX_BYTES = 5 * 1024 * 1024
#: Deepest JSON nesting accepted (the schema needs 6).
_MAX_DEPTH = 64
_EXCHANGES = ("SEHK", "SSE", "SZSE")


# --------------------------------------------------------------------------------------------
# Reports of what could not be loaded
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InvalidRecord:
    """A record (or a whole file) that could not be loaded.

    Attributes
    ----------
    origin : str
        The file, with ``[i]`` for the i-th record of an array, or ``row i`` of a table.
    key : str or None
        The record's key, when it has a readable one.
    message : str
        Why, naming every problem.
    problems : list of Problem
        The problems one by one (rule id, field path, message); empty for a file that is
        not readable JSON at all.
    """

    origin: str
    key: str | None
    message: str
    problems: tuple[Problem, ...] = ()

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class LoadReport:
    """What a load found: the valid records and, separately, the invalid ones.

    Attributes
    ----------
    offerings : list of Offering
        Valid records, in listing-date order, then by stock code.
    invalid : list of InvalidRecord
        Everything that was not loaded, with the reason. Empty when all is well.
    """

    offerings: list[Offering]
    invalid: list[InvalidRecord]

    @property
    def ok(self) -> bool:
        """Whether nothing was rejected."""
        return not self.invalid

    def raise_if_invalid(self) -> list[Offering]:
        """The valid offerings, or an :class:`IpoValidationError` listing every bad record."""
        if not self.invalid:
            return self.offerings
        if len(self.invalid) == 1:
            message = self.invalid[0].message
        else:
            total = len(self.offerings) + len(self.invalid)
            body = "\n".join(f"- {bad.message}" for bad in self.invalid)
            message = f"{len(self.invalid)} of {total} records are invalid:\n{body}"
        problems = [p for bad in self.invalid for p in bad.problems]
        raise IpoValidationError(message, problems)


# --------------------------------------------------------------------------------------------
# JSON reading
# --------------------------------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number ipometrics accepts")


def _depth(node: Any) -> int:
    deepest, stack = 0, [(node, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return deepest


def _parse(text: str, origin: str) -> list[tuple[str, dict[str, Any]]]:
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except RecursionError as err:
        raise IpoDataError(f"{origin}: JSON nested too deeply to read") from err
    except (json.JSONDecodeError, ValueError) as err:
        raise IpoDataError(f"{origin}: not valid JSON: {err}") from err
    depth = _depth(data)
    if depth > _MAX_DEPTH:
        raise IpoDataError(f"{origin}: JSON nested {depth} levels deep; the limit is {_MAX_DEPTH}")
    many = isinstance(data, list)
    items = data if many else [data]
    out: list[tuple[str, dict[str, Any]]] = []
    for i, item in enumerate(items):
        where = f"{origin}[{i}]" if many and len(items) > 1 else origin
        if not isinstance(item, dict):
            where = f"{origin}[{i}]" if many else origin
            raise IpoDataError(
                f"{where}: expected a JSON object (one offering), got {type(item).__name__}"
            )
        out.append((where, item))
    return out


def _files(source: Traversable) -> Iterator[Traversable]:
    if source.is_dir():
        found = sorted(
            (f for f in source.iterdir() if f.name.endswith(".json")), key=lambda f: f.name
        )
        if not found:
            raise IpoDataError(f"{source}: folder holds no *.json record files")
        yield from found
    elif source.is_file():
        yield source
    else:
        raise IpoDataError(f"{source}: no such file or folder")


def _read_text(file: Traversable) -> str:
    try:
        raw = file.read_bytes()
    except OSError as err:
        raise IpoDataError(f"{file}: cannot be read: {err.strerror or err}") from err
    except ValueError as err:  # e.g. a path with a NUL byte
        raise IpoDataError(f"{file!r}: not a usable path: {err}") from err
    if len(raw) > _MAX_BYTES:
        raise IpoDataError(f"{file}: {len(raw):,} bytes is over the {_MAX_BYTES:,}-byte limit")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise IpoDataError(f"{file}: not UTF-8 text: {err}") from err


_SUFFIX = {"SEHK": "HK", "SSE": "SH", "SZSE": "SZ"}


def _raw_code(item: dict[str, Any]) -> str | None:
    """The stock code of a raw (maybe invalid) record, when it is readable."""
    identity = item.get("identity")
    if not isinstance(identity, dict):
        return None
    code, exchange = identity.get("stock_code"), identity.get("exchange")
    code = code.get("value") if isinstance(code, dict) else None
    exchange = exchange.get("value") if isinstance(exchange, dict) else None
    if not isinstance(code, str) or not code:
        return None
    return f"{code}.{_SUFFIX.get(exchange, '?') if isinstance(exchange, str) else '?'}"


def _problems_of(err: ValidationError, key: str | None, code: str | None) -> list[Problem]:
    found: list[Problem] = []
    for e in err.errors():
        cause = (e.get("ctx") or {}).get("error")
        if isinstance(cause, IpoValidationError):
            found.extend(cause.problems)
        else:
            found.append(field_problem(e, key, code, schema=Offering))
    return found


def _validate(where: str, item: dict[str, Any]) -> Offering | InvalidRecord:
    key = item.get("key") if isinstance(item.get("key"), str) else None
    try:
        return Offering.model_validate(item)
    except ValidationError as err:
        name = f"record {key!r}" if key is not None else "a record without a key"
        problems = tuple(_problems_of(err, key, _raw_code(item)))
        return InvalidRecord(where, key, f"{where}: {name} is invalid:\n{err}", problems)


def _collect(
    entries: Iterable[tuple[str, dict[str, Any]]], source: object, exchange: str | None
) -> LoadReport:
    offerings: list[Offering] = []
    invalid: list[InvalidRecord] = []
    origin: dict[str, list[str]] = {}
    for where, item in entries:
        result = _validate(where, item)
        if isinstance(result, InvalidRecord):
            invalid.append(result)
            continue
        offerings.append(result)
        origin.setdefault(result.key, []).append(where)
    repeated = {k: v for k, v in origin.items() if len(v) > 1}
    if repeated:
        detail = "; ".join(f"{k!r} in {', '.join(v)}" for k, v in sorted(repeated.items()))
        invalid.append(
            InvalidRecord(
                str(source), None, f"{source}: offering keys appear more than once: {detail}"
            )
        )
        offerings = [o for o in offerings if o.key not in repeated]
    if exchange is not None:
        offerings = [o for o in offerings if o.exchange == exchange]
    offerings.sort(key=lambda o: (o.dates.listing.value or date.max, o.code))
    return LoadReport(offerings, invalid)


def read_offerings(path: str | Path | None = None, *, exchange: str | None = None) -> LoadReport:
    """Read records, keeping the valid ones and reporting every invalid one.

    Parameters
    ----------
    path : str or Path, optional
        A JSON file (one record or an array) or a folder of them; default the bundled records.
    exchange : {"SEHK", "SSE", "SZSE"}, optional
        Keep only offerings listed there.

    Returns
    -------
    LoadReport
        ``.offerings`` (valid) and ``.invalid`` (each bad record or unreadable file, with
        why). Records with a key that appears twice are both reported, not loaded.

    Raises
    ------
    IpoDataError
        Only when there is nothing to read: a missing path or a folder without ``*.json``.

    Examples
    --------
    >>> report = read_offerings()
    >>> report.ok, len(report.offerings)
    (True, 6)
    """
    if exchange is not None and exchange not in _EXCHANGES:
        raise IpoDataError(f"exchange must be one of {', '.join(_EXCHANGES)}, got {exchange!r}")
    source: Traversable = bundled_data_path() if path is None else Path(path)
    entries: list[tuple[str, dict[str, Any]]] = []
    unreadable: list[InvalidRecord] = []
    for file in _files(source):
        try:
            entries.extend(_parse(_read_text(file), str(file)))
        except IpoDataError as err:
            unreadable.append(InvalidRecord(str(file), None, str(err)))
    report = _collect(entries, source, exchange)
    return LoadReport(report.offerings, [*unreadable, *report.invalid])


def load_offerings(
    path: str | Path | None = None, *, exchange: str | None = None
) -> list[Offering]:
    """Load and validate offering records; any bad record fails the load.

    Parameters
    ----------
    path : str or Path, optional
        A JSON file (one record or an array of records) or a folder of them. Default: the
        records bundled with ipometrics: Moore Threads and MetaX (Shanghai STAR Market),
        Biren, Zhipu, Iluvatar CoreX and MiniMax (Hong Kong).
    exchange : {"SEHK", "SSE", "SZSE"}, optional
        Keep only the offerings listed there (``"SEHK"``: Hong Kong).

    Returns
    -------
    list of Offering
        In listing-date order, then by stock code.

    Raises
    ------
    IpoDataError
        A missing path or a folder without record files.
    IpoValidationError
        Any file unreadable, any record invalid, or a key used twice: the message lists every
        one (file, record key, each problem with its rule) and ``.problems`` holds them.
        :func:`read_offerings` returns the valid records and the report instead.

    Examples
    --------
    >>> offerings = load_offerings()
    >>> [o.code for o in offerings]
    ['688795.SH', '688802.SH', '06082.HK', '02513.HK', '09903.HK', '00100.HK']
    >>> [o.key for o in load_offerings(exchange="SEHK")]
    ['biren', 'zhipu', 'iluvatar_corex', 'minimax']
    """
    return read_offerings(path, exchange=exchange).raise_if_invalid()


def load_offering(name: str, path: str | Path | None = None) -> Offering:
    """One offering by key or stock code.

    Parameters
    ----------
    name : str
        The record key (``"zhipu"``), the stock code (``"02513"``) or the code with its
        market suffix (``"02513.HK"``); case-insensitive.
    path : str or Path, optional
        Where to look, as in :func:`load_offerings` (default: the bundled records).

    Raises
    ------
    IpoDataError
        If no record matches, listing the keys and codes available.

    Examples
    --------
    >>> load_offering("02513.HK").key
    'zhipu'
    """
    wanted = name.strip().lower()
    offerings = load_offerings(path)
    for o in offerings:
        names = {o.key, o.code.lower(), str(o.identity.stock_code.value).lower()}
        if wanted in names:
            return o
    available = ", ".join(f"{o.key} ({o.code})" for o in offerings)
    raise IpoDataError(f"no offering {name!r}; available: {available}")


# --------------------------------------------------------------------------------------------
# JSON writing
# --------------------------------------------------------------------------------------------


def _plain(node: Any) -> Any:
    """Record data -> JSON-ready data (dates to ISO text; Decimal kept for exact output)."""
    if isinstance(node, BaseModel):
        return _plain(node.model_dump(mode="python", exclude_unset=True))
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list | tuple):
        return [_plain(v) for v in node]
    if isinstance(node, date):
        return node.isoformat()
    return node


def _emit(node: Any, indent: int, level: int) -> str:
    pad, inner = " " * (indent * level), " " * (indent * (level + 1))
    if isinstance(node, dict):
        if not node:
            return "{}"
        items = [
            f"{inner}{json.dumps(k, ensure_ascii=False)}: {_emit(v, indent, level + 1)}"
            for k, v in node.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(node, list):
        if not node:
            return "[]"
        return (
            "[\n"
            + ",\n".join(f"{inner}{_emit(v, indent, level + 1)}" for v in node)
            + ("\n" + pad + "]")
        )
    if isinstance(node, Decimal):
        if not node.is_finite():
            raise IpoDataError(f"cannot write the non-finite number {node!r} as JSON")
        return str(node)
    if isinstance(node, bool) or node is None or isinstance(node, int | str):
        return json.dumps(node, ensure_ascii=False)
    raise IpoDataError(f"cannot write a {type(node).__name__} value ({node!r}) as JSON")


def to_json(offerings: Offering | Sequence[Offering], *, indent: int = 2) -> str:
    """Records as JSON text: one object for one record, an array for several.

    Decimals are written with their own digits (``116.20`` stays ``116.20``), dates as ISO
    text, unknown figures as ``null``; only fields the record holds are written, so reading
    the text back gives the same record.

    Examples
    --------
    >>> zhipu = load_offering("zhipu")
    >>> import json
    >>> json.loads(to_json(zhipu))["price"]["final"]["printed"]
    'HK$116.20'
    >>> to_json(zhipu).count('"value": 116.2,')
    1
    """
    data = _plain(offerings if isinstance(offerings, Offering) else list(offerings))
    return _emit(data, indent, 0) + "\n"


def save_offerings(offerings: Sequence[Offering], path: str | Path) -> list[Path]:
    """Write records as JSON: into a folder (one ``<key>.json`` each) or one ``.json`` file.

    Parameters
    ----------
    offerings : sequence of Offering
    path : str or Path
        A path ending in ``.json`` receives one array of all records; any other path is a
        folder (created when missing) that receives one file per record.

    Returns
    -------
    list of Path
        The files written.
    """
    target = Path(path)
    if target.suffix.lower() == ".json":
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(to_json(list(offerings)), encoding="utf-8")
        return [target]
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for o in offerings:
        file = target / f"{o.key}.json"
        file.write_text(to_json(o), encoding="utf-8")
        written.append(file)
    return written


# --------------------------------------------------------------------------------------------
# Flat table (one row per offering)
# --------------------------------------------------------------------------------------------

_SOURCE_FIELDS = ("tier", "url", "document", "date", "note")


def _figure_paths(cls: type[BaseModel], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(path, value type) of every figure reachable through groups (not through lists)."""
    for name, info in cls.model_fields.items():
        path = f"{prefix}{name}"
        annotation = info.annotation
        candidates = [annotation, *get_args(annotation)]
        figure = next(
            (c for c in candidates if isinstance(c, type) and issubclass(c, Figure)), None
        )
        if figure is not None:
            (value_type,) = figure.__pydantic_generic_metadata__["args"] or (Any,)
            yield path, value_type
            continue
        group = next(
            (
                c
                for c in candidates
                if isinstance(c, type) and issubclass(c, BaseModel) and not issubclass(c, Figure)
            ),
            None,
        )
        if group is not None:
            yield from _figure_paths(group, f"{path}.")


def _whole_number_type(value_type: Any) -> bool:
    base = get_args(value_type)[0] if get_args(value_type) else value_type
    return base is int


_FLAT: list[tuple[str, Any]] = [
    (p, t)
    for group in (
        "identity",
        "dates",
        "price",
        "shares",
        "proceeds",
        "demand",
        "cornerstones",
        "public_float",
        "terms",
        "first_day",
        "margin_financing",
    )
    for p, t in _figure_paths(Offering)
    if p.split(".")[0] == group
]


def table_columns(sources: Iterable[str] = ("S1",)) -> dict[str, str]:
    """Every column of the flat table, with what it holds.

    Parameters
    ----------
    sources : iterable of str
        Source ids whose columns to list (a table has ``sources.<id>.<field>`` columns for
        every id its records cite).

    Examples
    --------
    >>> cols = table_columns()
    >>> cols["price.final"], cols["price.final.src"]
    ('value of price.final', 'source id of price.final')
    """
    columns = {
        "key": "record key, e.g. 'zhipu'",
        "schema_version": "record schema version (1)",
    }
    for path, _ in _FLAT:
        columns[path] = f"value of {path}"
        columns[f"{path}.src"] = f"source id of {path}"
    for sid in sources:
        for f in _SOURCE_FIELDS:
            columns[f"sources.{sid}.{f}"] = f"{f} of source {sid}"
    return columns


def _cell(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


def to_table(offerings: Iterable[Offering]) -> pd.DataFrame:
    """One row per offering: every figure's value and source, and the source documents.

    Columns are :func:`table_columns`: ``key``, ``schema_version``, ``<path>`` and
    ``<path>.src`` for every figure, then ``sources.<id>.<field>``. Cells hold the exact
    values (``Decimal``, ``int``, ISO date text) or ``None``; the frame has object dtype so
    nothing is converted.

    Examples
    --------
    >>> table = to_table(load_offerings())
    >>> table.loc[table["key"] == "zhipu", "price.final"].item()
    Decimal('116.2')
    """
    rows: list[dict[str, Any]] = []
    ids: set[str] = set()
    for o in offerings:
        row: dict[str, Any] = {"key": o.key, "schema_version": o.schema_version}
        for path, _ in _FLAT:
            fig = o.figure(path)
            row[path] = _cell(fig.value) if isinstance(fig, Figure) else None
            row[f"{path}.src"] = fig.src if isinstance(fig, Figure) else None
        for s in o.sources:
            ids.add(s.id)
            for f in _SOURCE_FIELDS:
                row[f"sources.{s.id}.{f}"] = _cell(getattr(s, f))
        rows.append(row)
    ordered = sorted(ids, key=lambda i: int(i[1:]))
    columns = list(table_columns(ordered))
    table: pd.DataFrame = pd.DataFrame(rows, columns=columns, dtype=object)
    return table


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN from pandas
        return True
    return isinstance(value, str) and value == ""


_INTEGER_TEXT = re.compile(r"-?[0-9]+")


def _typed(value: Any, whole: bool) -> Any:
    """A table cell as the model expects it; anything doubtful is left for validation."""
    if hasattr(value, "item") and not isinstance(value, str | Decimal):
        value = value.item()  # numpy scalar
    if whole:
        if isinstance(value, str) and _INTEGER_TEXT.fullmatch(value):
            try:
                return int(value)
            except ValueError:  # beyond Python's digit limit: let validation refuse it
                return value
        if isinstance(value, float) and value.is_integer():
            return int(value)  # pandas stores a whole-number column with gaps as float
    return value


def _row_record(row: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for column, raw in row.items():
        if column in ("key", "schema_version") and not _blank(raw):
            record[column] = _typed(raw, column == "schema_version")
    groups: dict[str, Any] = {}
    types = dict(_FLAT)
    known = set(types) | {f"{p}.src" for p in types} | {"key", "schema_version"}
    for column in row:
        if column not in known and not column.startswith("sources."):
            raise IpoDataError(f"column {column!r} is not a column of the flat table")
    for path, value_type in _FLAT:
        value, src = row.get(path), row.get(f"{path}.src")
        if _blank(value) and _blank(src):
            continue
        figure: dict[str, Any] = {}
        if not _blank(value):
            figure["value"] = _typed(value, _whole_number_type(value_type))
        if not _blank(src):
            figure["src"] = src
        node = groups
        parts = path.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = figure
    record.update(groups)
    sources: dict[str, dict[str, Any]] = {}
    for column, raw in row.items():
        if not column.startswith("sources.") or _blank(raw):
            continue
        parts = column.split(".")
        if len(parts) != 3 or parts[2] not in _SOURCE_FIELDS:
            raise IpoDataError(f"column {column!r} is not sources.<id>.<field>")
        sources.setdefault(parts[1], {"id": parts[1], "url": None})[parts[2]] = raw
    record["sources"] = [sources[k] for k in sorted(sources, key=lambda i: (len(i), i))]
    return record


def read_table(table: pd.DataFrame) -> LoadReport:
    """Records from a flat table (:func:`to_table`'s columns), valid and invalid apart.

    Cells may be exact values, text (as from :func:`read_csv`) or pandas' numbers; a blank
    cell is unknown. Whole-number fields take integer text or integral floats; anything
    else goes to validation, whose errors name the row, the record and the field.

    Returns
    -------
    LoadReport
        Valid records and the rows that failed, with why.

    Examples
    --------
    >>> report = read_table(to_table(load_offerings()))
    >>> report.ok, [o.key for o in report.offerings][:2]
    (True, ['moore_threads', 'metax'])
    """
    entries: list[tuple[str, dict[str, Any]]] = []
    invalid: list[InvalidRecord] = []
    for i, row in enumerate(table.to_dict(orient="records")):
        key = row.get("key")
        where = f"row {i}" + (f" ({key})" if isinstance(key, str) and key else "")
        try:
            entries.append((where, _row_record({str(k): v for k, v in row.items()})))
        except IpoDataError as err:
            invalid.append(InvalidRecord(where, key if isinstance(key, str) else None, str(err)))
    report = _collect(entries, "table", None)
    return LoadReport(report.offerings, [*invalid, *report.invalid])


def write_csv(offerings: Iterable[Offering], path: str | Path | None = None) -> str:
    """The flat table as CSV text (written to ``path`` too when given).

    Decimals keep their digits, unknown figures are empty cells, dates are ISO text.
    """
    table = to_table(offerings)
    buffer = _io.StringIO()
    table.to_csv(buffer, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    text = buffer.getvalue()
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


def read_csv(source: str | Path) -> LoadReport:
    """Records from a flat-table CSV file (or CSV text), valid and invalid apart.

    Every cell is read as text, so nothing passes through floating point; an empty cell is
    unknown.

    Examples
    --------
    >>> report = read_csv(write_csv(load_offerings(exchange="SEHK")))
    >>> report.ok, len(report.offerings)
    (True, 4)
    """
    if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source):
        text = _read_text(Path(source))
    else:
        text = source
    try:
        table = pd.read_csv(_io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeError) as err:
        raise IpoDataError(f"not a readable CSV table: {err}") from err
    if "key" not in table.columns:
        raise IpoDataError("the CSV table has no 'key' column; see ipometrics.io.table_columns()")
    return read_table(table)
