"""Load offering records: the bundled dataset or a user's own JSON files.

A record file holds one JSON object (one offering) or a JSON array of them; a folder is read
file by file (``*.json``, sorted by name). Numbers are read as exact decimals, so ``116.20``
stays ``Decimal('116.20')`` and never passes through binary floating point.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ipometrics.errors import IpoDataError
from ipometrics.models import Offering

__all__ = ["bundled_data_path", "load_offerings"]

#: Order of the bundled offerings: by listing date, then stock code.
_MAX_BYTES = 5 * 1024 * 1024


def bundled_data_path() -> Traversable:
    """Where the bundled records live.

    In an installed wheel they are package data (``ipometrics/_fixtures``); in a source
    checkout (editable install) they are the repository's ``fixtures/`` folder, the one copy
    the wheel is built from.
    """
    packaged = resources.files("ipometrics") / "_fixtures"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "fixtures"
    if checkout.is_dir():
        return checkout
    raise IpoDataError(
        "the bundled records are missing: neither ipometrics/_fixtures (installed package) "
        f"nor {checkout} (source checkout) exists"
    )


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


def load_offerings(path: str | Path | None = None) -> list[Offering]:
    """Load and validate offering records.

    Parameters
    ----------
    path : str or Path, optional
        A JSON file (one record or an array of records) or a folder of them. Default: the
        records bundled with ipometrics (Zhipu, MiniMax, Iluvatar CoreX).

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
    ['02513.HK', '09903.HK', '00100.HK']
    """
    source: Traversable = bundled_data_path() if path is None else Path(path)
    offerings: list[Offering] = []
    for file in _files(source):
        raw = file.read_bytes()
        if len(raw) > _MAX_BYTES:
            raise IpoDataError(f"{file}: {len(raw):,} bytes is over the {_MAX_BYTES:,}-byte limit")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            raise IpoDataError(f"{file}: not UTF-8 text: {err}") from err
        for item in _parse(text, str(file)):
            try:
                offerings.append(Offering.model_validate(item))
            except ValidationError as err:
                key = item.get("key", "?")
                raise IpoDataError(f"{file}: record {key!r} is invalid:\n{err}") from err
    keys = [o.key for o in offerings]
    dup = sorted({k for k in keys if keys.count(k) > 1})
    if dup:
        raise IpoDataError(f"{source}: offering keys appear more than once: {dup}")
    return sorted(
        offerings, key=lambda o: (o.dates.listing.value or o.dates.prospectus.value, o.code)
    )
