"""Regenerate the documentation pages that are built from the code.

- ``docs/validation_rules.md``: the rule catalogue, from ``ipometrics.validation.RULES``;
- ``docs/flat_table.md``: the columns of the flat table, from ``ipometrics.io.table_columns``.

``tests/test_generated_docs.py`` fails when a page is stale. Usage::

    python tools/update_docs.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from ipometrics.io import table_columns
from ipometrics.validation import catalogue_markdown

DOCS = Path(__file__).resolve().parents[1] / "docs"


def flat_table_markdown() -> str:
    columns = table_columns(("S1",))
    figures = [c for c in columns if "." in c and not c.startswith("sources.")]
    values = [c for c in figures if not c.endswith(".src")]
    lines = [
        "# The flat table",
        "",
        "Generated from `ipometrics.io.table_columns()` by `tools/update_docs.py`; do not edit "
        "by hand.",
        "",
        "`ipometrics.to_table(offerings)` / `write_csv` give one row per offering; "
        "`read_table` / `read_csv` read it back. Each figure has two columns: `<path>` (the "
        "value, in the record's units: shares, full currency units, percent units for "
        "`*_pct`, times for multiples, ISO dates) and `<path>.src` (the id of its source). "
        "The source documents are columns `sources.<id>.tier`, `.url`, `.document`, `.date` "
        "and `.note`, one set per source id the records cite. An empty cell is unknown. "
        "Figure annotations (`printed`, `abs_tol`, `qualifier`, notes) and lists (later "
        "prices, grey-market observations, conflicts, `derived`, `unknown`, "
        "`not_applicable`) are kept in JSON only.",
        "",
        f"{len(values)} figures, so {2 * len(values) + 2} columns before the source columns:",
        "",
        "| column | also |",
        "|---|---|",
        "| `key` | record key, e.g. `zhipu` |",
        "| `schema_version` | 1 |",
    ]
    lines += [f"| `{c}` | `{c}.src` |" for c in values]
    lines += [
        "",
        "Source columns, for each id `S<n>`: "
        + ", ".join(f"`sources.S<n>.{f}`" for f in ("tier", "url", "document", "date", "note"))
        + ".",
    ]
    return "\n".join(lines) + "\n"


PAGES = {
    "validation_rules.md": catalogue_markdown,
    "flat_table.md": flat_table_markdown,
}


def main() -> int:
    DOCS.mkdir(exist_ok=True)
    for name, build in PAGES.items():
        (DOCS / name).write_text(build(), encoding="utf-8")
        print(f"wrote docs/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
