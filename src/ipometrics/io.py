"""Load offering records: the bundled dataset or a user's own JSON files.

A record file holds one JSON object (one offering) or a JSON array of them; a folder is read
file by file (``*.json``, sorted by name). Numbers are read as exact decimals, so ``116.20``
stays ``Decimal('116.20')`` and never passes through binary floating point.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ipometrics._resources import bundled_data_path
from ipometrics.errors import IpoDataError
from ipometrics.models import Offering

__all__ = ["bundled_data_path", "load_offering", "load_offerings"]

#: Largest record file accepted [bytes].
_MAX_BYTES = 5 * 1024 * 1024


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number ipometrics accepts")


def _parse(text: str, origin: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except (json.JSONDecodeError, ValueError) as err:
        raise IpoDataError(f"{origin}: not valid JSON: {err}") from err
    items = data if isinstance(data, list) else [data]
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            where = f"{origin}[{i}]" if isinstance(data, list) else origin
            raise IpoDataError(
                f"{where}: expected a JSON object (one offering), got {type(item).__name__}"
            )
    return items


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


_EXCHANGES = ("SEHK", "SSE", "SZSE")


def load_offerings(
    path: str | Path | None = None, *, exchange: str | None = None
) -> list[Offering]:
    """Load and validate offering records.

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
        If a file is missing, unreadable, too large, not JSON, or a record fails validation;
        the message names the file and every problem. Two records with the same key are an
        error too.

    Examples
    --------
    >>> offerings = load_offerings()
    >>> [o.code for o in offerings]
    ['688795.SH', '688802.SH', '06082.HK', '02513.HK', '09903.HK', '00100.HK']
    >>> [o.key for o in load_offerings(exchange="SEHK")]
    ['biren', 'zhipu', 'iluvatar_corex', 'minimax']
    """
    if exchange is not None and exchange not in _EXCHANGES:
        raise IpoDataError(f"exchange must be one of {', '.join(_EXCHANGES)}, got {exchange!r}")
    source: Traversable = bundled_data_path() if path is None else Path(path)
    offerings: list[Offering] = []
    origin: dict[str, list[str]] = {}
    for file in _files(source):
        try:
            raw = file.read_bytes()
        except OSError as err:
            raise IpoDataError(f"{file}: cannot be read: {err.strerror or err}") from err
        if len(raw) > _MAX_BYTES:
            raise IpoDataError(f"{file}: {len(raw):,} bytes is over the {_MAX_BYTES:,}-byte limit")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            raise IpoDataError(f"{file}: not UTF-8 text: {err}") from err
        items = _parse(text, str(file))
        for i, item in enumerate(items):
            where = f"{file}[{i}]" if len(items) > 1 else str(file)
            try:
                offering = Offering.model_validate(item)
            except ValidationError as err:
                key = item.get("key")
                name = f"record {key!r}" if isinstance(key, str) else "a record without a key"
                raise IpoDataError(f"{where}: {name} is invalid:\n{err}") from err
            offerings.append(offering)
            origin.setdefault(offering.key, []).append(where)
    repeated = {k: v for k, v in origin.items() if len(v) > 1}
    if repeated:
        detail = "; ".join(f"{k!r} in {', '.join(v)}" for k, v in sorted(repeated.items()))
        raise IpoDataError(f"{source}: offering keys appear more than once: {detail}")
    if exchange is not None:
        offerings = [o for o in offerings if o.exchange == exchange]
    return sorted(offerings, key=lambda o: (o.dates.listing.value or date.max, o.code))


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
