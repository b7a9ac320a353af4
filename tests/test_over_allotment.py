"""Over-allotment and end-of-stabilisation announcements: the reader and apply_over_allotment.

Every expected figure below is printed in the announcement it is read from (the page is given
beside the number) and, where the fact base records it, equals ``../shared/data/offerings.yaml``
(its README, "Changes since the first version"). None of them came from running this code.

- zhipu/S14: 北京智譜華章科技股份有限公司, 悉數行使超額配股權、穩定價格行動及穩定價格期結束,
  HKEX, 2026-02-04, https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0204/2026020402111_c.pdf
  (corpus: hkex/over_allotment/02513_full_exercise_and_end_of_stabilisation.pdf)
- minimax/S17: MiniMax Group Inc., FULL EXERCISE OF THE OVER-ALLOTMENT OPTION, HKEX, dated
  2026-01-11, URL not recovered (corpus: hkex/over_allotment/00100_full_exercise.pdf)
- minimax, end of stabilisation: STABILIZING ACTIONS AND END OF STABILIZATION PERIOD, HKEX,
  2026-02-05, https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0205/2026020502044_c.pdf
  (corpus: hkex/over_allotment/00100_end_of_stabilisation.pdf); not a source of the record.
- biren/S7: 上海壁仞科技股份有限公司, 悉數行使超額配股權、穩定價格行動及穩定價格期間結束, HKEX,
  2026-01-28, https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0128/2026012800773_c.pdf
  (corpus: hkex/over_allotment/06082_full_exercise_and_end_of_stabilisation.pdf)
- Allotment results used as documents of the wrong kind: hkex/allotment_results/00100.pdf
  (MiniMax, English) and 06082.pdf (Biren, Chinese).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Final

import pytest

import ipometrics as ipm
from ipometrics.announcements._text import AnnouncementError, DocumentText
from ipometrics.announcements._types import Printed
from ipometrics.announcements.over_allotment import (
    OverAllotmentExercise,
    apply_over_allotment,
    read_over_allotment_announcement,
)
from ipometrics.errors import IpoDataError
from ipometrics.models import Offering

CORPUS: Final = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "hkex"
OVER_ALLOTMENT: Final = CORPUS / "over_allotment"
ZHIPU_URL: Final = "https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0204/2026020402111_c.pdf"
BIREN_URL: Final = "https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0128/2026012800773_c.pdf"
CICC_EN: Final = "China International Capital Corporation Hong Kong Securities Limited"
CICC_ZH: Final = "中國國際金融香港證券有限公司"
FIELD: Final = "shares.over_allotment_exercised"

needs_corpus = pytest.mark.skipif(
    not OVER_ALLOTMENT.is_dir(), reason=f"corpus not present at {OVER_ALLOTMENT}"
)


@cache
def _read(name: str, url: str | None = None) -> OverAllotmentExercise:
    return read_over_allotment_announcement(OVER_ALLOTMENT / name, url=url)


def _blank(key: str) -> Offering:
    """The bundled record with the exercised shares removed (unknown, as before S14/S17/S7)."""
    data = ipm.load_offering(key).model_dump()
    data["shares"]["over_allotment_exercised"] = {"value": None}
    data["unknown"] = [*data["unknown"], FIELD]
    return Offering.model_validate(data)


@dataclass(frozen=True)
class Notice:
    """What one corpus announcement prints (page of each figure in the comments)."""

    file: str
    key: str
    code: str
    issuer: str
    issuer_en: str
    title: str
    shares: int
    shares_text: str
    shares_page: int
    exercised_on: date
    exercised_on_text: str
    price: Decimal
    price_text: str
    manager: str
    announced: date


NOTICES: Final = [
    Notice(
        "02513_full_exercise_and_end_of_stabilisation.pdf",
        "zhipu",
        "02513",  # p.1 (股份代號:2513)
        "北京智譜華章科技股份有限公司",  # p.1, above the incorporation note
        "Knowledge Atlas Technology Joint Stock Company Limited",  # p.1
        "悉數行使超額配股權、穩定價格行動及穩定價格期結束",  # p.1 headline
        5_612_900,  # p.1 "涉及合共5,612,900股H股"; fact base zhipu S14
        "5,612,900股H股",  # the fact base's printed figure
        1,
        date(2026, 2, 4),  # p.1 "已於2026年2月4日(星期三)悉數行使"; fact base S14
        "2026年2月4日",
        Decimal("116.20"),  # p.2 "按每股H股116.20港元"
        "每股H股116.20港元",
        CICC_ZH,  # p.2 "穩定價格經辦人中國國際金融香港證券有限公司"
        date(2026, 2, 4),  # p.4 "香港,2026年2月4日"; S14 date
    ),
    Notice(
        "00100_full_exercise.pdf",
        "minimax",
        "00100",  # p.1 (Stock Code: 0100)
        "MiniMax Group Inc.",
        "MiniMax Group Inc.",
        "FULL EXERCISE OF THE OVER-ALLOTMENT OPTION",
        4_379_640,  # p.1 "in respect of an aggregate of 4,379,640 Offer Shares"; minimax S17
        "4,379,640 Offer Shares",
        1,
        date(2026, 1, 9),  # p.1 "on Friday, January 9, 2026"; fact base S17
        "January 9, 2026",
        Decimal("165.00"),  # p.1 "at HK$165.00 per Offer Share"
        "HK$165.00 per Offer Share",
        CICC_EN,  # p.1 "borrowed by China International ... Limited, the Stabilizing Manager"
        date(2026, 1, 11),  # p.3 "Hong Kong, January 11, 2026"; S17 date
    ),
    Notice(
        "00100_end_of_stabilisation.pdf",
        "minimax",
        "00100",
        "MiniMax Group Inc.",
        "MiniMax Group Inc.",
        "STABILIZING ACTIONS AND END OF STABILIZATION PERIOD",
        4_379_640,  # p.2 item (2) "in respect of an aggregate of 4,379,640 Offer Shares"
        "4,379,640 Offer Shares",
        2,
        date(2026, 1, 9),  # p.2 "on Friday, January 9, 2026"
        "January 9, 2026",
        Decimal("165.00"),  # p.2 "at HK$165.00 per Offer Share"
        "HK$165.00 per Offer Share",
        CICC_EN,  # p.1 "undertaken by China International ... Limited, the Stabilizing Manager"
        date(2026, 2, 5),  # p.2 "Hong Kong, February 5, 2026"
    ),
    Notice(
        "06082_full_exercise_and_end_of_stabilisation.pdf",
        "biren",
        "06082",  # p.1 (股份代號:6082)
        "上海壁仞科技股份有限公司",
        "Shanghai Biren Technology Co., Ltd.",
        "悉數行使超額配股權、穩定價格行動及穩定價格期間結束",
        42_726_800,  # p.1 "涉及合共42,726,800股H股"; fact base biren S7
        "42,726,800股H股",
        1,
        date(2026, 1, 28),  # p.1 "已於2026年1月28日(星期三)悉數行使"; fact base S7
        "2026年1月28日",
        Decimal("19.60"),  # p.2 "按每股H股19.60港元"
        "每股H股19.60港元",
        CICC_ZH,  # p.2 "穩定價格操作人中國國際金融香港證券有限公司"
        date(2026, 1, 28),  # p.4 "上海,2026年1月28日"; S7 date
    ),
]


# --------------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------------


@needs_corpus
@pytest.mark.parametrize("notice", NOTICES, ids=lambda n: n.file)
def test_corpus_notice(notice: Notice) -> None:
    got = _read(notice.file)
    assert got.stock_code.value == notice.code
    assert (got.issuer.value, got.issuer_en) == (
        notice.issuer,
        Printed(notice.issuer_en, 1, notice.issuer_en),
    )
    assert got.title.value == notice.title
    assert got.kind == "full"
    assert got.shares_exercised == Printed(notice.shares, notice.shares_page, notice.shares_text)
    assert got.exercise_date is not None
    assert (got.exercise_date.value, got.exercise_date.text) == (
        notice.exercised_on,
        notice.exercised_on_text,
    )
    assert got.price is not None
    assert (got.price.value, got.price.text) == (notice.price, notice.price_text)
    assert got.stabilising_manager is not None
    assert got.stabilising_manager.value == notice.manager
    assert got.announcement_date is not None
    assert got.announcement_date.value == notice.announced
    assert got.language == ("zh" if notice.code != "00100" else "en")


@needs_corpus
@pytest.mark.parametrize("notice", NOTICES, ids=lambda n: n.file)
def test_corpus_figures_equal_the_fact_base(notice: Notice) -> None:
    record = ipm.load_offering(notice.key).shares.over_allotment_exercised
    assert record.value == notice.shares
    assert record.printed == notice.shares_text


@needs_corpus
@pytest.mark.parametrize(
    ("file", "ended", "over_allocated"),
    [
        # p.2 "穩定價格期於2026年2月4日(星期三)...結束"; p.3 item (1) "超額分配合共5,612,900股H股"
        ("02513_full_exercise_and_end_of_stabilisation.pdf", date(2026, 2, 4), 5_612_900),
        # p.1 "ended on Thursday, February 5, 2026"; "(1) over-allocations of an aggregate of
        # 4,379,640 Offer Shares"
        ("00100_end_of_stabilisation.pdf", date(2026, 2, 5), 4_379_640),
        # p.2 "穩定價格期間於2026年1月28日(星期三)...結束"; p.3 item (1) 42,726,800股H股
        ("06082_full_exercise_and_end_of_stabilisation.pdf", date(2026, 1, 28), 42_726_800),
    ],
)
def test_corpus_stabilisation(file: str, ended: date, over_allocated: int) -> None:
    got = _read(file)
    assert got.stabilisation_end is not None
    assert got.stabilisation_end.value == ended
    assert got.over_allocated is not None
    assert got.over_allocated.value == over_allocated


@needs_corpus
def test_corpus_stabilisation_end_matches_the_record() -> None:
    # dates.stabilisation_end of each record (source S1, the allotment results announcement)
    for file, key in [
        ("02513_full_exercise_and_end_of_stabilisation.pdf", "zhipu"),
        ("00100_end_of_stabilisation.pdf", "minimax"),
        ("06082_full_exercise_and_end_of_stabilisation.pdf", "biren"),
    ]:
        got = _read(file).stabilisation_end
        assert got is not None
        assert got.value == ipm.load_offering(key).dates.stabilisation_end.value


@needs_corpus
def test_full_exercise_notice_without_stabilisation_paragraph() -> None:
    got = _read("00100_full_exercise.pdf")  # published before the period ended (2026-02-05)
    assert got.stabilisation_end is None
    assert got.over_allocated is None
    assert got.stabilising_actions == ()


@needs_corpus
def test_corpus_stabilising_actions() -> None:
    zhipu = _read("02513_full_exercise_and_end_of_stabilisation.pdf").stabilising_actions
    # p.3-4: four numbered actions: over-allocation, purchases, sales, the exercise
    assert [a.page for a in zhipu] == [3, 3, 3, 4]
    assert zhipu[0].value.startswith("在國際發售中超額分配合共5,612,900股H股")
    assert "連續買入合共722,600股H股份" in zhipu[1].value  # p.3 item (2)
    assert "連續出售合共722,600股H股" in zhipu[2].value  # p.3 item (3)
    assert zhipu[3].text.startswith("(4) 保薦人兼整體協調人")

    minimax = _read("00100_end_of_stabilisation.pdf").stabilising_actions
    assert minimax[0].value.startswith("over-allocations of an aggregate of 4,379,640")
    assert minimax[1].value.startswith("the full exercise of the Over-allotment Option")
    assert not minimax[0].value.endswith("and")  # "; and" is the list's, not the action's
    # p.2 "There had been no purchase or sale of any Class A Ordinary Shares on the market ..."
    assert minimax[2].value.startswith("There had been no purchase or sale")

    biren = _read("06082_full_exercise_and_end_of_stabilisation.pdf").stabilising_actions
    assert len(biren) == 3
    # p.4 "於穩定價格期間,穩定價格操作人並無在市場上買賣任何H股以穩定價格。"
    assert biren[2].value == "於穩定價格期間,穩定價格操作人並無在市場上買賣任何H股以穩定價格"


@needs_corpus
def test_corpus_provenance() -> None:
    got = _read("02513_full_exercise_and_end_of_stabilisation.pdf", ZHIPU_URL)
    assert got.url == ZHIPU_URL
    assert len(got.sha256) == 64
    assert got.stock_code.text == "(股份代號:2513)"  # full-width brackets folded by NFKC


@needs_corpus
@pytest.mark.parametrize(
    "name",
    ["00100.pdf", "06082.pdf"],  # English and Chinese allotment results announcements
)
def test_allotment_results_are_refused(name: str) -> None:
    path = CORPUS / "allotment_results" / name
    with pytest.raises(
        AnnouncementError,
        match=r"not an over-allotment or stabilisation announcement \(it reads as an allotment "
        r"results announcement: page \d prints .*\); expected a headline such as "
        r"'FULL EXERCISE OF THE OVER-ALLOTMENT OPTION'",
    ):
        read_over_allotment_announcement(path)


# --------------------------------------------------------------------------------------------
# apply_over_allotment
# --------------------------------------------------------------------------------------------

APPLY: Final = [
    # (file, key, url, shares in the fact base with its source)
    ("02513_full_exercise_and_end_of_stabilisation.pdf", "zhipu", ZHIPU_URL, 5_612_900),  # S14
    ("00100_full_exercise.pdf", "minimax", None, 4_379_640),  # S17 (no URL recovered)
    ("06082_full_exercise_and_end_of_stabilisation.pdf", "biren", BIREN_URL, 42_726_800),  # S7
]


@needs_corpus
@pytest.mark.parametrize(("file", "key", "url", "shares"), APPLY, ids=[a[1] for a in APPLY])
def test_apply_fills_a_blank_record(file: str, key: str, url: str | None, shares: int) -> None:
    blank = _blank(key)
    notice = _read(file, url)
    filled = apply_over_allotment(blank, notice)

    figure = filled.shares.over_allotment_exercised
    assert figure.value == shares == ipm.load_offering(key).shares.over_allotment_exercised.value
    assert figure.printed == ipm.load_offering(key).shares.over_allotment_exercised.printed
    assert FIELD not in filled.unknown
    assert blank.shares.over_allotment_exercised.value is None  # the input is not changed

    source = filled.source_of(FIELD)
    assert source is not None
    assert source.id == f"S{len(blank.sources) + 1}"
    assert source.tier == "official_announcement"
    assert source.url == url
    assert source.document == f"{notice.issuer.value}: {notice.title.value} (HKEX)"
    assert notice.announcement_date is not None
    assert source.date == notice.announcement_date.value
    assert source.note is not None
    assert notice.sha256 in source.note
    assert f"page {notice.shares_exercised.page if notice.shares_exercised else 0}" in source.note
    # nothing else moved
    before, after = blank.model_dump(), filled.model_dump()
    for part in ("sources", "shares", "unknown"):
        before.pop(part)
        after.pop(part)
    assert before == after


@needs_corpus
def test_apply_zhipu_source_as_printed() -> None:
    filled = apply_over_allotment(_blank("zhipu"), _read(APPLY[0][0], ZHIPU_URL))
    source = filled.source("S15")  # zhipu's sources run S1-S14
    assert source.document == (
        "北京智譜華章科技股份有限公司: 悉數行使超額配股權、穩定價格行動及穩定價格期結束 (HKEX)"
    )
    assert source.date == date(2026, 2, 4)  # p.4 "香港,2026年2月4日"; S14's date


@needs_corpus
@pytest.mark.parametrize(("file", "key", "url", "shares"), APPLY, ids=[a[1] for a in APPLY])
def test_apply_agreeing_record_is_returned_unchanged(
    file: str, key: str, url: str | None, shares: int
) -> None:
    record = ipm.load_offering(key)  # already holds the fact base's figure
    assert apply_over_allotment(record, _read(file, url)) is record


@needs_corpus
def test_apply_refuses_another_issuers_notice() -> None:
    with pytest.raises(
        IpoDataError,
        match=r"minimax: the announcement is for stock code 02513 "
        r"\(北京智譜華章科技股份有限公司\), but the offering's identity.stock_code is 00100",
    ):
        apply_over_allotment(_blank("minimax"), _read(APPLY[0][0]))


@needs_corpus
def test_apply_refuses_more_than_over_allocated() -> None:
    # zhipu S1: 5,612,900 shares over-allocated; one more cannot be exercised
    notice = dataclasses.replace(
        _read(APPLY[0][0]), shares_exercised=Printed(5_612_901, 1, "5,612,901股H股")
    )
    with pytest.raises(
        IpoDataError,
        match=r"zhipu: the announcement exercises 5,612,901 shares \(page 1: '5,612,901股H股'\), "
        r"more than shares.over_allocated = 5,612,900",
    ):
        apply_over_allotment(_blank("zhipu"), notice)


@needs_corpus
def test_apply_never_overwrites_a_different_value() -> None:
    record = ipm.load_offering("biren")  # 42,726,800 from S7
    notice = dataclasses.replace(
        _read(APPLY[2][0]), shares_exercised=Printed(40_000_000, 1, "40,000,000股H股")
    )
    with pytest.raises(
        IpoDataError,
        match=r"biren: shares.over_allotment_exercised is already 42,726,800 \(source S7\), the "
        r"announcement prints 40,000,000 .*the record's value is kept",
    ):
        apply_over_allotment(record, notice)
    assert record.shares.over_allotment_exercised.value == 42_726_800


# --------------------------------------------------------------------------------------------
# Written texts: wordings the corpus does not have
# --------------------------------------------------------------------------------------------

EN_PARTIAL: Final = """\
ABC Holdings Limited
(Incorporated in the Cayman Islands with limited liability)
(Stock Code: 1234)
PARTIAL EXERCISE OF THE OVER-ALLOTMENT OPTION
The Board announces that the Over-allotment Option described in the Prospectus dated 20 May
2025 was partially exercised by the Sole Overall Coordinator on Monday, 30 June 2025 in respect
of an aggregate of 1,500,000 Shares, representing approximately 10% of the Offer Shares.
The Over-allotment Shares will be issued by the Company at HK$8.80 per Share.
Hong Kong, 2 July 2025
"""

ZH_LAPSE: Final = """\
甲乙科技股份有限公司
(於中華人民共和國註冊成立的股份有限公司)
(股份代號:9999)
穩定價格期結束及超額配股權失效
本公司宣佈,全球發售的穩定價格期已於2025年7月10日(星期四)結束。
超額配股權並無獲行使,並已於2025年7月10日失效。
於穩定價格期間,穩定價格操作人並無在市場上買賣任何H股以穩定價格。
香港,2025年7月11日
"""

EN_END_ONLY: Final = """\
XYZ Group Inc.
(Stock Code: 2222)
END OF STABILISATION PERIOD
The Company announces that the stabilisation period in connection with the Global Offering
ended on Thursday, 5 June 2025.
Hong Kong, 5 June 2025
"""

ZH_FULL: Final = """\
丙丁醫藥股份有限公司
(股份代號:3333)
全數行使超額配股權
本公司宣佈,超額配股權已於2025年3月4日獲全數行使,涉及合共750,000股H股,
超額配發股份將由本公司按每股H股12.34港元發行及配發。
香港,2025年3月5日
"""


def test_english_partial_exercise() -> None:
    got = read_over_allotment_announcement(DocumentText.from_text(EN_PARTIAL))
    assert (got.stock_code.value, got.issuer.value) == ("01234", "ABC Holdings Limited")
    assert got.kind == "partial"
    assert got.shares_exercised == Printed(1_500_000, 1, "1,500,000 Shares")
    # the prospectus date ("dated 20 May 2025") is not the exercise date
    assert got.exercise_date == Printed(date(2025, 6, 30), 1, "30 June 2025")
    assert got.price == Printed(Decimal("8.80"), 1, "HK$8.80 per Share")
    assert got.announcement_date == Printed(date(2025, 7, 2), 1, "2 July 2025")
    assert got.stabilisation_end is None


def test_chinese_lapse() -> None:
    got = read_over_allotment_announcement(DocumentText.from_text(ZH_LAPSE))
    assert got.language == "zh"
    assert got.kind == "lapsed"
    assert got.shares_exercised is not None
    assert got.shares_exercised.value == 0
    assert "並無獲行使" in got.shares_exercised.text
    assert got.exercise_date is None
    assert got.stabilisation_end == Printed(date(2025, 7, 10), 1, "2025年7月10日")
    assert got.stabilising_actions[-1].value.endswith("並無在市場上買賣任何H股以穩定價格")
    assert got.announcement_date == Printed(date(2025, 7, 11), 1, "2025年7月11日")


def test_chinese_full_exercise_wording() -> None:
    got = read_over_allotment_announcement(DocumentText.from_text(ZH_FULL))
    assert got.kind == "full"
    assert got.shares_exercised == Printed(750_000, 1, "750,000股H股")
    assert got.exercise_date == Printed(date(2025, 3, 4), 1, "2025年3月4日")
    assert got.price == Printed(Decimal("12.34"), 1, "每股H股12.34港元")


def test_end_of_stabilisation_without_exercise_figures() -> None:
    got = read_over_allotment_announcement(DocumentText.from_text(EN_END_ONLY))
    assert got.kind is None
    assert got.shares_exercised is None
    assert got.stabilisation_end == Printed(date(2025, 6, 5), 1, "5 June 2025")
    record = _blank("minimax")
    with pytest.raises(IpoDataError, match=r"stock code 02222"):
        apply_over_allotment(record, got)
    notice = dataclasses.replace(got, stock_code=Printed("00100", 1, "(Stock Code: 0100)"))
    with pytest.raises(
        IpoDataError,
        match=r"minimax: the announcement 'END OF STABILISATION PERIOD' prints no exercised "
        r"shares; nothing to set in shares.over_allotment_exercised",
    ):
        apply_over_allotment(record, notice)


def test_random_text_is_refused() -> None:
    text = "Quarterly update\nThe Company's revenue grew in the third quarter. " * 5
    with pytest.raises(
        AnnouncementError,
        match=r"<text>: not an over-allotment or stabilisation announcement; expected a "
        r"headline such as 'FULL EXERCISE OF THE OVER-ALLOTMENT OPTION', 'STABILIZING ACTIONS "
        r"AND END OF STABILIZATION PERIOD', '悉數行使超額配股權' or '穩定價格行動及穩定價格期結束'",
    ):
        read_over_allotment_announcement(DocumentText.from_text(text))


def test_headline_against_text_is_refused() -> None:
    text = EN_PARTIAL.replace("PARTIAL EXERCISE", "FULL EXERCISE")
    with pytest.raises(
        AnnouncementError,
        match=r"the headline 'FULL EXERCISE OF THE OVER-ALLOTMENT OPTION' and the text disagree "
        r"on the exercise: the text says \['partial'\]",
    ):
        read_over_allotment_announcement(DocumentText.from_text(text))


def test_two_different_share_counts_are_refused() -> None:
    text = ZH_FULL + "超額配股權已獲全數行使,涉及合共760,000股H股。\n"
    with pytest.raises(
        AnnouncementError,
        match=r"different numbers of exercised shares: '750,000股H股' on page 1; "
        r"'760,000股H股' on page 1",
    ):
        read_over_allotment_announcement(DocumentText.from_text(text))


def test_headline_without_stock_code_is_refused() -> None:
    text = EN_PARTIAL.replace("(Stock Code: 1234)\n", "")
    with pytest.raises(AnnouncementError, match=r"page 1 prints no stock code; expected"):
        read_over_allotment_announcement(DocumentText.from_text(text))


def test_exercise_headline_without_shares_is_refused() -> None:
    text = "ABC Limited\n(Stock Code: 1234)\nFULL EXERCISE OF THE OVER-ALLOTMENT OPTION\n"
    with pytest.raises(
        AnnouncementError,
        match=r"announces a full exercise, but no sentence gives the shares exercised",
    ):
        read_over_allotment_announcement(DocumentText.from_text(text))


def test_apply_a_lapsed_option() -> None:
    record = _blank("zhipu")
    notice = dataclasses.replace(
        read_over_allotment_announcement(DocumentText.from_text(ZH_LAPSE)),
        stock_code=Printed("02513", 1, "(股份代號:2513)"),
    )
    filled = apply_over_allotment(record, notice)
    figure = filled.shares.over_allotment_exercised
    assert figure.value == 0  # ZH_LAPSE: "超額配股權並無獲行使"
    assert figure.note is not None
    assert figure.note.startswith("lapsed unexercised")
    source = filled.source_of(FIELD)
    assert source is not None
    assert source.date == date(2025, 7, 11)  # ZH_LAPSE's sign-off "香港,2025年7月11日"
    assert source.url is None
