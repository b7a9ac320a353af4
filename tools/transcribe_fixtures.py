"""Transcribe offering records from the shared fact base into ``fixtures/``.

The fact base (``../shared/data/offerings.yaml``) is the single origin of every figure. This
script copies chosen records, unchanged, into one JSON file each, adding only the record's key
and the schema version. It computes nothing and fills no gap. ``tests/test_fixtures.py``
checks that the committed fixtures still equal the fact base.

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
DEFAULT_KEYS = ("zhipu", "minimax", "iluvatar_corex")


def record(data_dir: Path, key: str) -> dict[str, Any]:
    with (data_dir / "offerings.yaml").open(encoding="utf-8") as fh:
        doc = yaml.safe_load(fh)
    offerings = doc["offerings"]
    if key not in offerings:
        raise SystemExit(f"unknown offering key {key!r}; expected one of {sorted(offerings)}")
    return {"schema_version": doc["schema_version"], "key": key, **offerings[key]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("keys", nargs="*", default=list(DEFAULT_KEYS))
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=ROOT / "fixtures")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for key in args.keys:
        path = args.out / f"{key}.json"
        text = json.dumps(record(args.data, key), ensure_ascii=False, indent=2)
        path.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
