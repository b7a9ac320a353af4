"""Transcribe records from the shared fact base into ``fixtures/``.

The fact base (``../shared/data``) is the single origin of every figure. This script copies
chosen records, unchanged, into one JSON file each, adding only the record's key and the
schema version, plus the issuers' common names from ``tools/common_names.yaml`` (kept by
the project, each citing one of the record's own sources). It computes nothing and fills no
gap. ``tests/test_fixtures.py`` checks that the committed fixtures still equal the fact base.

- ``fixtures/<key>.json``: an offering, from ``offerings.yaml``.
- ``fixtures/allotment/<key>.json``: its Pool A / Pool B basis-of-allocation table, from
  ``allotment_tables.yaml``.
- ``fixtures/amount_payable/<key>.json``: a prospectus table of amounts payable on
  application, from ``amount_payable_tables.yaml``.
- ``fixtures/fx/fx_rates.json``: the dated CNY/HKD/USD reference rates, from
  ``fx_rates.yaml``, with their header comment (the conventions) kept as ``conventions``.

Usage::

    python tools/transcribe_fixtures.py [--data ../shared/data] [KEY ...]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
COMMON_NAMES = ROOT / "tools" / "common_names.yaml"
DEFAULT_KEYS = ("zhipu", "minimax", "iluvatar_corex", "biren", "moore_threads", "metax")


def _yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def offering(data_dir: Path, key: str) -> dict[str, Any]:
    doc = _yaml(data_dir / "offerings.yaml")
    offerings = doc["offerings"]
    if key not in offerings:
        raise SystemExit(f"unknown offering key {key!r}; expected one of {sorted(offerings)}")
    return with_common_names(
        {"schema_version": doc["schema_version"], "key": key, **offerings[key]}
    )


def with_common_names(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` with ``identity.common_name_en`` / ``_zh`` from :data:`COMMON_NAMES`.

    The names go right after the legal and short names; a record with no entry gets none.
    """
    names = (_yaml(COMMON_NAMES) or {}).get(record["key"])
    if not names:
        return record
    identity: dict[str, Any] = {}
    for field, value in record["identity"].items():
        identity[field] = value
        if field == "short_name_zh":
            identity.update(names)
    identity.update({k: v for k, v in names.items() if k not in identity})
    return {**record, "identity": identity}


def allotment_table(data_dir: Path, key: str) -> dict[str, Any] | None:
    doc = _yaml(data_dir / "allotment_tables.yaml")
    table = doc["tables"].get(key)
    if table is None:
        return None
    return {"schema_version": doc["schema_version"], "key": key, **table}


def amount_payable_table(data_dir: Path, key: str) -> dict[str, Any] | None:
    doc = _yaml(data_dir / "amount_payable_tables.yaml")
    for table in doc["tables"]:
        if table["offering"] == key:
            return {"note": doc["note"], **table}
    return None


def fx_rates(data_dir: Path) -> dict[str, Any]:
    path = data_dir / "fx_rates.yaml"
    header = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        header.append(line[1:].removeprefix(" "))
    rates = _yaml(path)
    return {
        "source_file": "shared/data/fx_rates.yaml",
        "conventions": "\n".join(header).strip(),
        "rates": {str(day): entry for day, entry in rates.items()},
    }


def _write(path: Path, record: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("keys", nargs="*", default=list(DEFAULT_KEYS))
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=ROOT / "fixtures")
    args = parser.parse_args(argv)
    for key in args.keys:
        _write(args.out / f"{key}.json", offering(args.data, key))
        table = allotment_table(args.data, key)
        if table is not None:
            _write(args.out / "allotment" / f"{key}.json", table)
        payable = amount_payable_table(args.data, key)
        if payable is not None:
            _write(args.out / "amount_payable" / f"{key}.json", payable)
    _write(args.out / "fx" / "fx_rates.json", fx_rates(args.data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
