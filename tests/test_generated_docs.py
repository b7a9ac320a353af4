"""Pages generated from the code are current (run `make readme` to refresh them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tools.update_docs import DOCS, PAGES

from ipometrics.validation import RULES


@pytest.mark.parametrize("name", sorted(PAGES))
def test_generated_page_is_current(name: str) -> None:
    path = DOCS / name
    assert path.is_file(), f"docs/{name} is missing: run `make readme`"
    assert path.read_text(encoding="utf-8") == PAGES[name](), f"docs/{name} is stale"


def test_catalogue_lists_every_rule_and_has_at_least_thirty() -> None:
    text = (Path(DOCS) / "validation_rules.md").read_text(encoding="utf-8")
    assert len(RULES) >= 30
    for rule_id in RULES:
        assert f"`{rule_id}`" in text
