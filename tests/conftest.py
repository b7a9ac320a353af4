"""Shared test fixtures: the bundled records and, when present, the fact base they come from."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

import ipometrics as ipm
from ipometrics.models import Offering

# No wall-clock deadlines (a loaded CI machine must not fail a correct test), and the same
# examples on every run, so a failure reproduces.
settings.register_profile("ipometrics", deadline=None, derandomize=True, max_examples=100)
settings.load_profile("ipometrics")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
#: The fact base sits beside the repository (../shared/data) in development and in CI.
SHARED_DATA = ROOT.parent / "shared" / "data"


def fixture_dict(key: str) -> dict[str, Any]:
    """A bundled record as a plain dict (numbers exact), for building bad variants."""
    text = (FIXTURES / f"{key}.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text, parse_float=Decimal)
    return data


@pytest.fixture(scope="session")
def offerings() -> dict[str, Offering]:
    """The bundled offerings by key."""
    return {o.key: o for o in ipm.load_offerings()}


@pytest.fixture(scope="session")
def zhipu(offerings: dict[str, Offering]) -> Offering:
    return offerings["zhipu"]


@pytest.fixture(scope="session")
def minimax(offerings: dict[str, Offering]) -> Offering:
    return offerings["minimax"]


@pytest.fixture(scope="session")
def iluvatar(offerings: dict[str, Offering]) -> Offering:
    return offerings["iluvatar_corex"]


@pytest.fixture(scope="session")
def shared_offerings() -> dict[str, Any]:
    """The fact base's offerings.yaml, or skip when this checkout has no ../shared."""
    path = SHARED_DATA / "offerings.yaml"
    if not path.is_file():
        pytest.skip(f"fact base not present at {path}")
    import yaml

    with path.open(encoding="utf-8") as fh:
        doc: dict[str, Any] = yaml.safe_load(fh)
    return doc
