"""Read many announcements into a folder of records: ``ipometrics ingest``.

Each allotment-results announcement becomes ``<out>/<key>.json`` (a validated record that
``ipometrics report --data <out>`` reads), its basis of allocation
``<out>/allotment/<key>.json`` and its other tables and checks ``<out>/tables/<key>.json``.
A document that cannot be read is refused with its reason and nothing is written for it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ipometrics.announcements._text import AnnouncementError, extract_text
from ipometrics.errors import IpoDataError

__all__ = ["IngestSummary", "Refusal", "ingest", "load_manifest"]


@dataclass(frozen=True)
class Refusal:
    """A document not read, and why."""

    path: str
    reason: str


@dataclass
class IngestSummary:
    """What ``ingest`` read, what it refused, and what the records leave unknown.

    Attributes
    ----------
    written : list of Path
        Files written.
    read : list of str
        Keys of the records written.
    refused : list of Refusal
        Documents not read, with the reason.
    failed_checks : dict of str to list of str
        Per key, the consistency checks that failed (the record is still written; the numbers
        are as printed).
    unknown : dict of str to int
        Per record path, how many records leave it unknown.
    """

    written: list[Path] = field(default_factory=list)
    read: list[str] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    failed_checks: dict[str, list[str]] = field(default_factory=dict)
    unknown: dict[str, int] = field(default_factory=dict)

    def text(self) -> str:
        """A short report for the terminal."""
        lines = [f"read {len(self.read)}, refused {len(self.refused)}"]
        for r in self.refused:
            lines.append(f"  refused {r.path}: {r.reason}")
        for key, checks in self.failed_checks.items():
            for c in checks:
                lines.append(f"  check failed in {key}: {c}")
        if self.unknown and self.read:
            common = sorted(self.unknown.items(), key=lambda kv: -kv[1])[:8]
            shown = ", ".join(f"{p} ({n})" for p, n in common)
            lines.append(f"  most often not printed: {shown}")
        return "\n".join(lines) + "\n"


def load_manifest(path: str | Path) -> dict[str, str]:
    """sha256 -> URL from a manifest CSV with ``sha256`` and ``url`` columns.

    The corpus' ``hkex/manifest.csv`` has this shape. A row without a URL is skipped.
    """
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:  # a BOM is fine
        reader = csv.DictReader(fh)
        missing = {"sha256", "url"} - set(reader.fieldnames or ())
        if missing:
            raise IpoDataError(
                f"{path}: manifest needs columns sha256 and url, missing {sorted(missing)}"
            )
        return {row["sha256"]: row["url"] for row in reader if row.get("url")}


def _pdfs(paths: Iterable[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir() and p.suffix.lower() != ".pdf":
            out += sorted(q for q in p.iterdir() if q.suffix.lower() == ".pdf" and q.is_file())
        else:
            out.append(p)
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _write_json(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(_plain(data), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def ingest(
    paths: Sequence[str | Path],
    out: str | Path,
    *,
    manifest: dict[str, str] | None = None,
    progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None,
) -> IngestSummary:
    """Read allotment-results announcements into a folder of records.

    Parameters
    ----------
    paths : sequence of str or Path
        PDF files, or folders whose ``*.pdf`` files are read.
    out : str or Path
        Folder to write into (created when missing).
    manifest : dict of str to str, optional
        sha256 -> URL (:func:`load_manifest`): the published address of each file, kept as
        its source. Without it, sources name the file's sha256.
    progress : callable, optional
        Wraps the file list for a progress display (e.g. ``tqdm.tqdm``).

    Returns
    -------
    IngestSummary
    """
    from ipometrics.announcements.allotment import read_allotment_announcement
    from ipometrics.io import save_offerings

    target = Path(out)
    if target.exists() and not target.is_dir():
        raise IpoDataError(f"--out {target}: exists and is not a folder")
    summary = IngestSummary()
    files = _pdfs(paths)
    if not files:
        raise IpoDataError(f"no PDF files in {', '.join(map(str, paths))} (looked for *.pdf)")
    for path in progress(files) if progress else files:
        try:
            doc = extract_text(path)
            url = (manifest or {}).get(doc.sha256)
            ann = read_allotment_announcement(doc if url is None else extract_text(doc, url=url))
        except (AnnouncementError, IpoDataError, ValueError, OSError) as err:
            reason = " ".join(str(err).split("For further information")[0].split())
            reason = reason.removeprefix(f"{path}: ")
            summary.refused.append(Refusal(str(path), reason))
            continue
        except Exception as err:  # a reader bug must not stop the batch; it is reported
            summary.refused.append(
                Refusal(str(path), f"unexpected {type(err).__name__} in the reader: {err}")
            )
            continue
        o = ann.offering
        if o.key in summary.read:
            summary.refused.append(
                Refusal(
                    str(path), f"a second document for {o.code} (key {o.key}); the first was kept"
                )
            )
            continue
        summary.written += save_offerings([o], target)
        if ann.allotment_table is not None:
            summary.written.append(
                _write_json(
                    target / "allotment" / f"{o.key}.json",
                    ann.allotment_table.model_dump(mode="json"),
                )
            )
        summary.written.append(
            _write_json(
                target / "tables" / f"{o.key}.json",
                {
                    "key": o.key,
                    "code": o.code,
                    "document": {"origin": doc.origin, "sha256": doc.sha256, "url": url},
                    "revised": ann.revised,
                    "cornerstones": [asdict(c) for c in ann.cornerstones],
                    "lockups": [asdict(x) for x in ann.lockups],
                    "placee_concentration": [asdict(x) for x in ann.placee_concentration],
                    "checks": [asdict(c) for c in ann.checks],
                    "unread": list(ann.unread),
                },
            )
        )
        summary.read.append(o.key)
        failed = [f"{c.name}: {c.detail}" for c in ann.failed_checks]
        if failed:
            summary.failed_checks[o.key] = failed
        for p in o.unknown:
            summary.unknown[p] = summary.unknown.get(p, 0) + 1
    return summary
