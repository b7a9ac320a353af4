"""How an offering shows itself: a one-line repr and a compact card in Jupyter."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

import ipometrics as ipm


def test_repr_is_one_short_line() -> None:
    # zhipu/S1: HK$116.20 per H share; dealings commenced 2026-01-08.
    zhipu = ipm.load_offering("zhipu")
    assert repr(zhipu) == "Offering('zhipu', 02513.HK, HKD 116.20, listed 2026-01-08)"
    assert str(zhipu) == repr(zhipu)
    # A list of offerings in a notebook cell stays readable.
    text = repr(ipm.load_offerings())
    assert len(text) < 600
    assert text.count("Offering(") == 6


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links += [v or "" for k, v in attrs if k == "href"]


def _card(key: str) -> _Text:
    parser = _Text()
    parser.feed(ipm.load_offering(key)._repr_html_())
    return parser


def test_card_shows_the_headline_figures_and_links_the_announcement() -> None:
    card = _card("zhipu")
    text = " ".join(card.text)
    assert "Zhipu" in text
    assert "智谱" in text
    assert "02513.HK" in text
    assert "HKD 116.20" in text  # zhipu/S1
    assert "HKD 4,348.1 m" in text  # zhipu/S1 prints HK$4,348.1 million
    assert "1,159.46x" in text  # zhipu/S1: public offer subscribed 1,159.46 times
    assert "+13.17%" in text  # zhipu/S5: closed 13.17% above the offer price
    assert card.links == [
        "https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0107/2026010701798.pdf"
    ]


@pytest.mark.parametrize(
    ("key", "row", "shown"),
    [
        # No admissible source gives Iluvatar CoreX's opening price.
        ("iluvatar_corex", "First-day open return", "not published"),
        # Biren's close is unknown too.
        ("biren", "First-day close return", "not published"),
    ],
)
def test_card_says_why_a_figure_is_missing(key: str, row: str, shown: str) -> None:
    html = ipm.load_offering(key)._repr_html_()
    cell = re.search(rf"<th[^>]*>{row}</th><td>(.*?)</td>", html)
    assert cell is not None
    assert shown in cell.group(1)
    assert "title=" in cell.group(1)  # the reason on hover
