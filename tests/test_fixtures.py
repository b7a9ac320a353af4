"""The bundled records are a faithful transcription of the fact base.

Every figure in fixtures/ must equal the figure in ../shared/data/offerings.yaml, carry its
source, and validate through the models. When the fact base is not beside the checkout
(e.g. an sdist), the comparison tests skip; the self-contained checks still run.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from tools.transcribe_fixtures import with_common_names

import ipometrics as ipm
from ipometrics.models import Offering

from .conftest import FIXTURES, fixture_dict

BUNDLED = ("zhipu", "minimax", "iluvatar_corex", "biren", "moore_threads", "metax")


def _exact(node: Any) -> Any:
    """YAML floats -> Decimal by their shortest repr, as the JSON loader reads them."""
    if isinstance(node, float):
        return Decimal(repr(node))
    if isinstance(node, dict):
        return {k: _exact(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_exact(v) for v in node]
    return node


def test_bundle_holds_the_cohort_in_listing_order() -> None:
    files = sorted(p.stem for p in FIXTURES.glob("*.json"))
    assert files == sorted(BUNDLED)
    codes = [o.code for o in ipm.load_offerings()]
    assert codes == ["688795.SH", "688802.SH", "06082.HK", "02513.HK", "09903.HK", "00100.HK"]
    hk = [o.code for o in ipm.load_offerings(exchange="SEHK")]
    assert hk == ["06082.HK", "02513.HK", "09903.HK", "00100.HK"]


def test_unknown_exchange_is_an_error() -> None:
    with pytest.raises(
        ipm.IpoDataError, match=r"exchange must be one of SEHK, SSE, SZSE, got 'HK'"
    ):
        ipm.load_offerings(exchange="HK")


@pytest.mark.parametrize(
    ("name", "key"),
    [("zhipu", "zhipu"), ("02513.HK", "zhipu"), ("00100", "minimax"), ("06082.hk", "biren")],
)
def test_load_one_offering_by_key_or_code(name: str, key: str) -> None:
    assert ipm.load_offering(name).key == key


def test_unknown_offering_lists_what_is_available() -> None:
    with pytest.raises(
        ipm.IpoDataError, match=r"no offering 'nope'; available: moore_threads \(688795\.SH\)"
    ):
        ipm.load_offering("nope")


@pytest.mark.parametrize("key", BUNDLED)
def test_fixture_equals_the_fact_base(key: str, shared_offerings: dict[str, Any]) -> None:
    expected = with_common_names(
        {
            "schema_version": shared_offerings["schema_version"],
            "key": key,
            **_exact(shared_offerings["offerings"][key]),
        }
    )
    assert fixture_dict(key) == expected


@pytest.mark.parametrize(
    "key", ["zhipu", "minimax", "iluvatar_corex", "biren", "moore_threads", "metax"]
)
def test_every_fact_base_record_validates(key: str, shared_offerings: dict[str, Any]) -> None:
    record = {"schema_version": 1, "key": key, **shared_offerings["offerings"][key]}
    data = json.loads(json.dumps(record), parse_float=Decimal)
    offering = Offering.model_validate(data)
    assert offering.key == key


@pytest.mark.parametrize("key", BUNDLED)
def test_every_published_figure_names_a_real_document(
    offerings: dict[str, Offering], key: str
) -> None:
    o = offerings[key]
    published = [(p, f) for p, f in o.figures() if f.value is not None]
    assert len(published) > 50
    for path, _ in published:
        source = o.source_of(path)
        assert source is not None, path
        assert source.tier != "ai_generated", path
        assert source.url or source.document, path


@pytest.mark.parametrize("key", BUNDLED)
def test_every_empty_figure_is_accounted_for(offerings: dict[str, Offering], key: str) -> None:
    # The fact base lists each null path as unknown or not applicable; the record keeps both
    # lists, so an empty figure is never silently 0.
    o = offerings[key]
    for path, fig in o.figures():
        if fig.value is None:
            assert o.status(path) in {"unknown", "not applicable"}
            listed = path in o.unknown or any(
                path == na or path.startswith(na + ".") for na in o.not_applicable
            )
            assert listed, path


def test_official_announcement_is_the_source_of_the_headline_figures(
    offerings: dict[str, Offering],
) -> None:
    for o in offerings.values():
        if o.exchange != "SEHK":
            continue
        for path in ("price.final", "shares.offer_final", "proceeds.gross", "proceeds.net"):
            source = o.source_of(path)
            assert source is not None
            assert source.tier == "official_announcement", (o.key, path)
            assert source.url is not None
            assert source.url.startswith("https://www1.hkexnews.hk/")
