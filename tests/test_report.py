"""The report's rendering: every saved chart says where its figures come from."""

from __future__ import annotations

import pytest
from matplotlib.text import Text

import ipometrics as ipm
from ipometrics.report import CHARTS, _chart


@pytest.mark.parametrize("name", list(CHARTS))
def test_every_report_chart_has_a_source_and_date_caption(name: str) -> None:
    fig = _chart(name, ipm.load_offerings(), "en")
    captions = [t for t in fig.findobj(Text) if t.get_gid() == "source_caption"]
    assert len(captions) == 1
    caption = captions[0]
    assert isinstance(caption, Text)
    text = " ".join(caption.get_text().split())  # wrapped to the figure width
    assert text.startswith("Sources: ")
    # The Hong Kong charts cite the HKEX allotment announcements (every record's S1).
    assert "HKEX" in text
    assert "records as of 20" in text
