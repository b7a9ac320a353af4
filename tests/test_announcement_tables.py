"""Tables of allotment-results announcements, read from text and from the corpus PDFs.

Expected values are printed in the documents, never computed by this code:

- the small texts of section (a) are written here, in the announcements' layout; the
  expected values are the figures in those texts;
- minimax/S1: MiniMax Group (00100), Announcement of Final Offer Price and Allotment Results,
  HKEX, 2026-01-08, ``../shared/corpus/hkex/allotment_results/00100.pdf`` (English);
- iluvatar_corex/S1: Shanghai Iluvatar CoreX Semiconductor (09903), 分配結果公告, HKEX,
  2026-01-07, ``.../09903.pdf``;
- biren/S1: Shanghai Biren Technology (06082), 最終發售價及配發結果公告, HKEX, 2025-12-31,
  ``.../06082.pdf``;
- the hand-built tables ``fixtures/allotment/{minimax,iluvatar_corex,biren}.json``,
  transcribed from the same announcements;
- the survey of section (c) reads all 92 files of ``../shared/corpus/hkex/allotment_results``;
  every file that is not read is listed below with the reason, read off the document.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Final

import pytest

from ipometrics.announcements import AnnouncementError, DocumentText, extract_text
from ipometrics.announcements.tables import (
    read_allocation_basis,
    read_cornerstones,
    read_lockups,
    read_placee_concentration,
)
from ipometrics.errors import IpoDataError
from ipometrics.hk.allotment import (
    AllotmentTable,
    allotment_problems,
    check_allotment_table,
    load_allotment_table,
    parse_basis,
)

ROOT: Final = Path(__file__).resolve().parents[1]
CORPUS: Final = ROOT.parent / "shared" / "corpus" / "hkex" / "allotment_results"
CODES: Final = sorted(p.stem for p in CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the announcement corpus is not checked out at {CORPUS}"
)
SOURCE: Final = {"id": "S1", "url": "https://example.invalid/a.pdf", "document": "test text"}


def doc_of(*pages: str) -> DocumentText:
    return DocumentText.from_text("\f".join(pages))


@functools.cache
def corpus_doc(code: str) -> DocumentText:
    """Each corpus PDF is extracted once per test session."""
    return extract_text(CORPUS / f"{code}.pdf")


# --------------------------------------------------------------------------------------------
# (a) Small texts in the template's shape
# --------------------------------------------------------------------------------------------

ZH_DETAILS: Final = (
    "配發結果詳情\n香港公開發售\n有效申請數目 12\n受理申請數目 6\n認購水平 2.00倍\n"
    "香港公開發售項下初步可供認購的發售\n股份數目\n1,000\n"
    "香港公開發售項下最終發售股份數目 900\n國際發售\n承配人數目 3"
)
ZH_BASIS: Final = (
    "香港公開發售的分配基準\n公眾人士提出的合共12份有效申請將按下列基準有條件分配：\n"
    "所申請\n股份數目\n有效\n申請數目 配發╱抽籤基準\n獲配發股份佔\n所申請總數的\n概約百分比\n"
    "甲組\n"
    "100 10 10名申請人中有4名將獲發100股H股 40.00%\n"
    "總計 10 甲組獲接納申請人總數：4\n"
    "乙組\n"
    "500 2 200股H股，另加2名申請人中有1名將\n獲發額外100股H股 50.00%\n"
    "總計 2 乙組獲接納申請人總數：2\n"
    "H股將以每手100股H股為買賣單位進行買賣。"
)
# The figures of ZH_DETAILS / ZH_BASIS: pool A 10 applications of 100 shares, 4 drawn;
# pool B 2 applications of 500 shares, 200 each plus 1 of 2 drawn for 100 more.


def test_chinese_basis_table_reads_row_by_row_with_wrapped_wording() -> None:
    data = read_allocation_basis(
        doc_of(ZH_DETAILS, ZH_BASIS), key="demo", stock_code="09999", source=SOURCE
    )
    assert data is not None
    table = AllotmentTable.model_validate(data)
    assert [(r.pool, r.shares_applied, r.valid_applications, r.basis) for r in table.rows] == [
        ("A", 100, 10, "10名申請人中有4名將獲發100股H股"),
        # the wrapped line joined; NFKC (DocumentText) folds "，" to ","
        ("B", 500, 2, "200股H股,另加2名申請人中有1名將獲發額外100股H股"),
    ]
    assert [r.approx_pct_allotted for r in table.rows] == [Decimal("40.00"), Decimal("50.00")]
    assert (table.pools.A.valid_applications, table.pools.A.successful_applications) == (10, 4)
    assert (table.pools.B.valid_applications, table.pools.B.successful_applications) == (2, 2)
    assert table.totals.valid_applications == 12
    assert table.totals.successful_applications == 6
    assert table.totals.subscription_multiple == Decimal("2.00")
    assert table.totals.initial_public_shares == 1_000  # label and number on their own lines
    assert table.totals.final_public_shares == 900
    assert (table.board_lot.value, table.board_lot.unit) == (100, "H股")
    assert table.source.id == "S1"
    check_allotment_table(table)  # 400 + 500 shares allotted = 900, largest 500 = 1,000 / 2


EN_PAGES: Final = (
    "ALLOTMENT RESULTS DETAILS\nPUBLIC OFFER\nNo. of valid applications 6\n"
    "No. of successful applications 3\nSubscription level 1.40 times\n"
    "No. of Offer Shares initially available under the Public Offer 1,000\n"
    "Final no. of Offer Shares under the Public Offer (after reallocation) 500\n"
    "INTERNATIONAL OFFER\nNo. of placees 3",
    "BASIS OF ALLOCATION UNDER THE HONG KONG PUBLIC OFFERING\n"
    "NO. OF\nOFFER\nSHARES\nAPPLIED\nFOR\nNO. OF VALID\nAPPLICATIONS\n"
    "BASIS OF ALLOTMENT /\nBALLOT\n"
    "APPROXIMATE\nPERCENTAGE\nALLOTTED\nPOOL A\n"
    "100 4\n1 out of 4 applicants to\nreceive 100 shares 25.00%\n"
    "Total 4\nTotal number of Pool A\nsuccessful applicants: 1\n"
    "POOL B\n"
    "500 2 100 shares plus 1 out of 2 applicants to 30.00%",
    "3\nreceive an additional 100 shares\n"
    "Total 2\nTotal number of Pool B\nsuccessful applicants: 2\n"
    "The Shares will be traded in board lots of 100 Shares each.",
)


def test_english_basis_table_with_a_row_cut_by_a_page_break() -> None:
    data = read_allocation_basis(doc_of(*EN_PAGES), key="demo", stock_code="09999", source=SOURCE)
    assert data is not None
    table = AllotmentTable.model_validate(data)
    assert [r.basis for r in table.rows] == [
        "1 out of 4 applicants to receive 100 shares",
        # printed "... to 30.00%" at the foot of page 2, the rest at the head of page 3
        "100 shares plus 1 out of 2 applicants to receive an additional 100 shares",
    ]
    assert [r.terms.ballot_winners for r in table.rows] == [1, 1]
    assert (table.pools.B.valid_applications, table.pools.B.successful_applications) == (2, 2)
    assert table.totals.subscription_multiple == Decimal("1.40")
    assert (table.board_lot.value, table.board_lot.unit) == (100, "Shares")


def test_a_row_whose_wording_is_unknown_is_refused_with_its_page() -> None:
    bad = ZH_BASIS.replace("10名申請人中有4名將獲發100股H股", "10名申請人中名4獲發100股H股")
    with pytest.raises(
        AnnouncementError,
        match=re.escape(
            "page 2: basis-of-allocation row '100 10 10名申請人中名4獲發100股H股 40.00%'"
        ),
    ):
        read_allocation_basis(
            doc_of(ZH_DETAILS, bad), key="demo", stock_code="09999", source=SOURCE
        )


def test_an_unreadable_line_between_rows_is_refused_not_skipped() -> None:
    bad = ZH_BASIS.replace("總計 10 甲組", "見附表 12,345\n總計 10 甲組")
    with pytest.raises(
        AnnouncementError, match=r"page 2: basis-of-allocation table: cannot read '見附表 12,345'"
    ):
        read_allocation_basis(
            doc_of(ZH_DETAILS, bad), key="demo", stock_code="09999", source=SOURCE
        )


def test_a_table_without_the_pool_b_total_is_refused() -> None:
    cut = ZH_BASIS.split("總計 2 乙組")[0]
    with pytest.raises(AnnouncementError, match=r"ends without the Pool B total \(read 2 rows"):
        read_allocation_basis(
            doc_of(ZH_DETAILS, cut), key="demo", stock_code="09999", source=SOURCE
        )


def test_a_source_without_an_id_is_refused() -> None:
    with pytest.raises(IpoDataError, match=r"source must have a non-empty 'id'"):
        read_allocation_basis(
            doc_of(ZH_DETAILS, ZH_BASIS), key="demo", stock_code="09999", source={"url": "u"}
        )


def test_no_basis_table_and_a_table_without_pools_are_none() -> None:
    assert (
        read_allocation_basis(doc_of(ZH_DETAILS), key="d", stock_code="09999", source=SOURCE)
        is None
    )
    # The 2025 layout without pools: an unsuccessful and a successful row per size (02655).
    no_pools = (
        "香港公開發售的分配基準\n所申請\nH股份數目 有效申請數目 分配╱抽籤基準\n"
        "100 54,418 0股H股\n10.00%\n100 6,047 100股H股"
    )
    assert (
        read_allocation_basis(
            doc_of(ZH_DETAILS, no_pools), key="d", stock_code="09999", source=SOURCE
        )
        is None
    )


ZH_CORNERSTONES: Final = (
    "國際發售的承配人包括：\n基石投資者\n投資者(1)\n獲分配的\n發售股份數目(2)\n佔發售股份的\n百分比\n"
    "全球發售後佔\n已發行股份總額\n的百分比\n是否為\n現有股東或\n其緊密聯繫人\n"
    "中興通訊（香港）有限公司(3) 151,000 0.59% 0.06% 否\n"
    "華泰資本投資有限公司（有關九\n玖衡信（廈門）私募基金管理有\n限公司的場外掉期）\n"
    "1,129,900 4.44% 0.44% 否\n"
    "Schroder Investment\nManagement Limited\n（「Schrode\n49,443,600 11.93% 1.19% 是",
    "投資者(1)\n獲分配的\n發售股份數目(2)\n佔發售股份的\n百分比\n全球發售後佔\n已發行股份總額\n"
    "的百分比\n是否為\n現有股東或\n其緊密聯繫人\n"
    "rs」）\n"
    "富國 814,000 1.61% 0.17%\n"
    "富國資產管理（香港）有限公司 244,200 0.48% 0.05% 否\n"
    "富國基金管理有限公司 569,800 1.13% 0.12% 否\n"
    "總計 51,538,500 19.65% 1.87%\n附註：\n(1) 有關基石投資者的進一步詳情，請參閱招股章程。",
)
# 151,000 + 1,129,900 + 49,443,600 + 244,200 + 569,800 = 51,538,500 (富國 is the group of
# the two 富國 rows under it, printed with their sum).


def test_cornerstones_with_wrapped_names_a_bracket_over_a_page_and_a_group_row() -> None:
    rows = read_cornerstones(doc_of(*ZH_CORNERSTONES))
    assert [(r.investor, r.shares, r.page) for r in rows] == [
        ("中興通訊(香港)有限公司", 151_000, 1),
        ("華泰資本投資有限公司(有關九玖衡信(廈門)私募基金管理有限公司的場外掉期)", 1_129_900, 1),
        # "（「Schrode" / "rs」）": the closing line joins the row above it; a word cut by the
        # cell's width cannot be told from two words, so the pieces keep a space
        ("Schroder Investment Management Limited (「Schrode rs」)", 49_443_600, 1),
        ("富國資產管理(香港)有限公司", 244_200, 2),
        ("富國基金管理有限公司", 569_800, 2),
    ]
    first = rows[0]
    assert (first.pct_of_offer, first.pct_of_shares_in_issue) == (Decimal("0.59"), Decimal("0.06"))
    assert first.pcts == (Decimal("0.59"), Decimal("0.06"))
    assert [r.existing_shareholder for r in rows] == [False, False, True, False, False]
    assert rows[0].printed == "中興通訊(香港)有限公司(3) 151,000 0.59% 0.06% 否"


def test_a_cornerstone_total_that_is_not_the_sum_is_refused_with_both_numbers() -> None:
    pages = (ZH_CORNERSTONES[0], ZH_CORNERSTONES[1].replace("總計 51,538,500", "總計 51,538,600"))
    with pytest.raises(
        AnnouncementError,
        match=r"page 2: cornerstone investors table: the total '總計 51,538,600 19.65% 1.87%' is "
        r"51,538,600 shares but its 6 rows add up to 52,352,500",
    ):
        read_cornerstones(doc_of(*pages))


EN_CORNERSTONES: Final = (
    "Cornerstone Investors\nInvestor\nNo. of\nOffer\nShares\nallocated\n% of Offer\nShares\n"
    "% of total issued\nshare capital\nExisting\nshareholders\nor their close\nassociates\n"
    "Abu Dhabi\nInvestment\nAuthority\n(“ADIA”) 3,065,040 10.50% 0.99% No\n"
    "Perseverance\nAsset Management\n(“Perseverance 1,178,860 4.04% 0.38% No\n"
    "Asset Management”)\n"
    "Total 4,243,900 14.54% 1.37%\nNote:\n1. Before any exercise of the Over-allotment Option."
)


def test_english_cornerstones_and_a_name_continued_after_its_numbers() -> None:
    rows = read_cornerstones(doc_of(EN_CORNERSTONES))
    assert [(r.investor, r.shares, r.pct_of_offer) for r in rows] == [
        ("Abu Dhabi Investment Authority (“ADIA”)", 3_065_040, Decimal("10.50")),
        (
            "Perseverance Asset Management (“Perseverance Asset Management”)",
            1_178_860,
            Decimal("4.04"),
        ),
    ]
    assert [r.existing_shareholder for r in rows] == [False, False]


def test_no_cornerstone_table_is_an_empty_list() -> None:
    assert read_cornerstones(doc_of(ZH_DETAILS)) == []


ZH_LOCKUPS: Final = (
    "禁售承諾\n控股股東\n名稱\n上市後須遵守\n禁售承諾的\n本公司持股數目\n佔上市後須遵守\n"
    "禁售承諾的本公司\n股權百分比附註1\n須遵守禁售承諾\n的最後日期\n"
    "王博士附註2 31,368,798股非上市股份\n73,193,861股H股\n26.97% 2026年7月8日（首六個月期間）\n"
    "2027年1月8日（第二個六個月期間）\n"
    "協力創峰附註2 10,708,126股H股 2.76% 2027年1月8日附註3\n"
    "小計 115,270,785 29.73%\n附註：\n(1) 於任何超額配股權獲行使前。\n"
    "基石投資者\n名稱\n上市後須遵守禁售承諾的本公司所持股份數目\n須遵守禁售承諾的最後日期\n"
    "上海景林資產管理有限公司\n（「上海景林」）\n13,932,700 0.6% 0.2% 2026年3月24日\n"
    "承配人集中度分析"
)


def test_chinese_lockups_with_groups_two_classes_and_two_period_dates() -> None:
    rows = read_lockups(doc_of(ZH_LOCKUPS))
    assert [(r.group, r.holder, r.shares, r.end_date) for r in rows] == [
        # 31,368,798 unlisted + 73,193,861 H shares; the second six-month period ends last
        ("控股股東", "王博士", 104_562_659, date(2027, 1, 8)),
        ("控股股東", "協力創峰", 10_708_126, date(2027, 1, 8)),
        ("基石投資者", "上海景林資產管理有限公司 (「上海景林」)", 13_932_700, date(2026, 3, 24)),
    ]


EN_LOCKUPS: Final = (
    "LOCK-UP UNDERTAKINGS\nPathfinder SIIs\nName Capacity\nNumber of Shares\nheld in the Company\n"
    "subject to lock-up\nundertakings upon\nListing\n% of total issued\nShares\n"
    "Last day\nsubject to the\nlock-up\nundertakings\nNote 1\n"
    "miHoYo\nLimited\nPathfinder\nSII\n16,015,779 Class A\nOrdinary Shares\n"
    "7.02% 5.18% January 8,\n2027\n"
    "PLACEE CONCENTRATION ANALYSIS"
)


def test_english_lockups_with_a_date_over_two_lines() -> None:
    (row,) = read_lockups(doc_of(EN_LOCKUPS))
    assert (row.group, row.shares, row.end_date) == (
        "Pathfinder SIIs",
        16_015_779,
        date(2027, 1, 8),
    )
    assert row.holder == "miHoYo Limited Pathfinder SII"  # name and capacity as printed


def test_no_lockup_section_is_an_empty_list() -> None:
    assert read_lockups(doc_of(ZH_DETAILS)) == []


ZH_CONCENTRATION: Final = (
    "承配人集中度分析\n承配人\n獲配發\nH股數目\n配發佔國際\n發售的百分比\n上市後所持\n股份數目\n"
    "最大 1,302,000 5.69% 1,302,000\n前5 5,873,700 25.66% 21,237,670\n"
    "前10 10,298,600 44.99% 33,127,959\n前25 18,254,900 79.76% 41,084,259\n附註\n"
    "* 承配人排名乃基於承配人獲配發H股數目。\n"
    "股東集中度分析\n股東\n獲配發\nH股數目\n配發佔國際\n發售的百分比\n上市後所持\n股份數目\n"
    "最大 – – 54,034,125\n前5 1,140,000 4.98% 147,344,873\n附註"
)


def test_concentration_tables_and_a_dash_for_nil() -> None:
    rows = read_placee_concentration(doc_of(ZH_CONCENTRATION))
    assert [(r.table, r.rank, r.shares, r.pcts, r.other_shares) for r in rows] == [
        ("placees", "top 1", 1_302_000, (Decimal("5.69"),), (1_302_000,)),
        ("placees", "top 5", 5_873_700, (Decimal("25.66"),), (21_237_670,)),
        ("placees", "top 10", 10_298_600, (Decimal("44.99"),), (33_127_959,)),
        ("placees", "top 25", 18_254_900, (Decimal("79.76"),), (41_084_259,)),
        # "最大 – – 54,034,125": the second dash is in the percent column of 前5's 4.98%
        ("shareholders", "top 1", 0, (Decimal(0),), (54_034_125,)),
        ("shareholders", "top 5", 1_140_000, (Decimal("4.98"),), (147_344_873,)),
    ]


def test_english_concentration_with_a_number_cut_by_a_page_break() -> None:
    pages = (
        "PLACEE CONCENTRATION ANALYSIS\nPlacees*\nNumber of\nH Shares\nallotted\n"
        "Top 1 25,530,7 25.97% 25,530,7 1.53%",
        "00 00\nTop 5\n50,000,000 50.00% 50,000,000 3.00%\nNotes:",
    )
    rows = read_placee_concentration(doc_of(*pages))
    assert [(r.rank, r.shares, r.other_shares, r.page) for r in rows] == [
        ("top 1", 25_530_700, (25_530_700,), 1),
        ("top 5", 50_000_000, (50_000_000,), 2),
    ]


def test_a_concentration_row_that_cannot_be_read_is_refused() -> None:
    text = ZH_CONCENTRATION.replace("前10 10,298,600 44.99%", "前10 10,298,600 44,99%")
    with pytest.raises(
        AnnouncementError, match=r"placees concentration row '前10 10,298,600 44,99%"
    ):
        read_placee_concentration(doc_of(text))


# --------------------------------------------------------------------------------------------
# (b) The three flagship announcements against the hand-built tables
# --------------------------------------------------------------------------------------------

FLAGSHIPS: Final = [("00100", "minimax"), ("09903", "iluvatar_corex"), ("06082", "biren")]


@needs_corpus
@pytest.mark.parametrize(("code", "key"), FLAGSHIPS)
def test_basis_read_from_the_pdf_equals_the_hand_built_table(code: str, key: str) -> None:
    expected = load_allotment_table(key)
    data = read_allocation_basis(
        corpus_doc(code), key=key, stock_code=code, source=expected.source.model_dump()
    )
    assert data is not None
    table = AllotmentTable.model_validate(data)
    assert len(table.rows) == len(expected.rows)
    for got, want in zip(table.rows, expected.rows, strict=True):
        assert (got.pool, got.shares_applied, got.valid_applications) == (
            want.pool,
            want.shares_applied,
            want.valid_applications,
        )
        assert got.terms == want.terms  # Chinese wording vs the fixture's English
        assert got.approx_pct_allotted == want.approx_pct_allotted
    assert table.pools == expected.pools
    assert table.totals == expected.totals
    assert table.board_lot.value == expected.board_lot.value
    check_allotment_table(table)


@needs_corpus
def test_minimax_cornerstones_and_concentration() -> None:
    doc = corpus_doc("00100")
    rows = read_cornerstones(doc)
    # page 7: "Total 16,504,040 56.53% 7.23% 5.34%", 14 investors from ADIA to Taikang Life
    assert len(rows) == 14
    assert sum(r.shares for r in rows) == 16_504_040
    assert (rows[0].investor, rows[0].shares, rows[0].pcts) == (
        "Abu Dhabi Investment Authority (“ADIA”)",
        3_065_040,
        (Decimal("10.50"), Decimal("1.34"), Decimal("0.99")),
    )
    # page 6/7: the name "(“Perseverance" continues over the page break
    assert rows[12].investor == (
        "Perseverance Asset Management International (Singapore) Pte. Ltd. "
        "(“Perseverance Asset Management”)"
    )
    conc = read_placee_concentration(doc)
    assert [r.table for r in conc[::4]] == ["placees", "Class A shareholders", "shareholders"]
    # page 27: "Top 1 3,543,516 14.69% 12.43% 12.14% 10.55% 3,543,516 1.55% 1.52% 1.15% 1.13%"
    assert (conc[0].shares, conc[0].pcts[0], conc[0].other_shares) == (
        3_543_516,
        Decimal("14.69"),
        (3_543_516,),
    )
    # page 29: "Top 1 - 0.00% 0.00% 0.00% 0.00% 5,000,000 79,102,534 25.58% 25.22%"
    assert (conc[8].shares, conc[8].other_shares, conc[8].pcts[-1]) == (
        0,
        (5_000_000, 79_102_534),
        Decimal("25.22"),
    )


@needs_corpus
def test_iluvatar_cornerstones_lockups_and_concentration() -> None:
    doc = corpus_doc("09903")
    rows = read_cornerstones(doc)
    # page 4: 19 investors, "總計 10,940,300 43.02% 4.46% 4.30%"
    assert len(rows) == 19
    assert sum(r.shares for r in rows) == 10_940_300
    assert (rows[1].investor, rows[1].shares, rows[1].existing_shareholder) == (
        "XN Mountain International Limited",
        914_700,
        True,
    )
    lockups = read_lockups(doc)
    existing = [u for u in lockups if u.group == "現有股東及首次公開發售前投資者"]
    cornerstone = [u for u in lockups if u.group == "基石投資者"]
    # pages 10-15: 71 rows ending 2027年1月7日; page 16: 19 rows ending 2026年7月7日
    assert (len(existing), len(cornerstone)) == (71, 19)
    assert {u.end_date for u in existing} == {date(2027, 1, 7)}
    assert {u.end_date for u in cornerstone} == {date(2026, 7, 7)}
    assert (existing[0].holder, existing[0].shares) == (
        "上海曦識企業管理諮詢合夥企業 (有限合夥)",
        13_718_171,
    )
    conc = read_placee_concentration(doc)
    # page 18: "最大 1,302,000 5.69% 5.12% 1,302,000 0.51%"
    assert (conc[0].table, conc[0].rank, conc[0].shares, conc[0].pcts, conc[0].other_shares) == (
        "placees",
        "top 1",
        1_302_000,
        (Decimal("5.69"), Decimal("5.12"), Decimal("0.51")),
        (1_302_000,),
    )
    # page 19: "前25 4,769,200 20.84% 18.75% 212,156,841 221,356,815 87.04%"
    assert (conc[-1].table, conc[-1].shares, conc[-1].other_shares) == (
        "shareholders",
        4_769_200,
        (212_156_841, 221_356_815),
    )


@needs_corpus
def test_biren_cornerstones_leave_out_the_group_rows() -> None:
    rows = read_cornerstones(corpus_doc("06082"))
    # page 6: "總計 147,926,400"; 啟明創投 13,899,200 is QM125 7,942,400 + QM120 5,956,800 and
    # 富國基金 3,176,600 is 1,906,000 + 1,270,600 (page 5-6), printed as groups
    assert sum(r.shares for r in rows) == 147_926_400
    names = [r.investor for r in rows]
    assert "啟明創投" not in names
    assert "富國基金" not in names
    assert len(rows) == 25


# --------------------------------------------------------------------------------------------
# (c) Survey of the corpus
# --------------------------------------------------------------------------------------------

#: Announcements without a Pool A / Pool B table, and why (read off each document).
NO_POOLS: Final = {
    "02655": "香港公開發售的分配基準 prints one unsuccessful ('0股H股') and one successful row "
    "per application size, with no 甲組 / 乙組 (page 13)",
    "02685": "same layout: '500 52,201 0股股份' / '500 314 500股股份', no pools",
    "03636": "same layout, both rows of a size on one line: '200 36,519 0 H股 7.00% 200 2,749 "
    "200 H股', no pools",
    "08549": "a GEM placing with a 公開發售 (not 香港公開發售) whose basis table has no pools",
}
#: Announcements whose basis table is refused, the page, and what is printed there.
REFUSED_BASIS: Final = {
    "02706": (
        "page 15",
        "the Pool B total prints '869份中有360份獲發200股股份' (the 700,000 row's wording) where "
        "'乙組成功申請人總數：…' belongs; Pool B's successful applicants are not printed",
    ),
    "06031": (
        "page 18",
        "the 300,000 row prints '3,600股H股加上1,215名申請人中名912獲發額外200股H股' "
        "(名 before 912)",
    ),
}
#: Tables that are read but whose rows do not meet every check, and why.
UNCHECKED: Final = {
    "02597": "nobody applied for the maximum of half the initial tranche (1,522,000): the "
    "largest application printed is 1,200,000 (1 applicant, page 11)",
    "02676": "the largest application printed is 800,000, below half the initial tranche",
    "02691": "undersubscribed (1.91 times); the largest application printed is 2,000,000",
    "06603": "an employee preferential offering: 141,600 reserved shares (pink forms) are "
    "allotted outside the table (page 15), so the wordings allot 141,600 fewer than the final "
    "tranche, the pool cap is half of the tranche less the reserved shares, and the printed "
    "multiple counts the employees' applications",
}


#: Announcements whose other tables are refused, and why (read off each document).
REFUSED: Final = {
    # 09973 page 6: "總計 148,498,500" but its 13 rows add up to 148,698,500
    "cornerstones": ["09973"],
    # 03677 page 7: the 小計 row's "（包括 … 股H股及 … 股未上市股份）" is cut by the page
    # break with its percentages inside
    "lockups": ["03677"],
    # 03750 page 19 prints "52,86%"; 07618 page 17's text layer scrambles the row
    # ("54 718 , 600 , 28 79 . %")
    "concentration": ["03750", "07618"],
}


@needs_corpus
@pytest.mark.parametrize("code", CODES)
def test_every_basis_table_is_read_and_checked_or_has_a_stated_reason(code: str) -> None:
    doc = corpus_doc(code)
    if code in REFUSED_BASIS:
        page, _ = REFUSED_BASIS[code]
        with pytest.raises(AnnouncementError, match=rf"{page}: basis-of-allocation"):
            read_allocation_basis(doc, key=f"c{code}", stock_code=code, source=SOURCE)
        return
    data = read_allocation_basis(doc, key=f"c{code}", stock_code=code, source=SOURCE)
    if code in NO_POOLS:
        assert data is None
        return
    assert data is not None, f"{code}: no basis-of-allocation table found"
    table = AllotmentTable.model_validate(data)
    for row in table.rows:  # every wording parses with its row's count
        parse_basis(row.basis, valid_applications=row.valid_applications)
    problems = allotment_problems(table)
    if code in UNCHECKED:
        assert problems, f"{code} is listed as failing a check but passes all"
        return
    # Check 6 allows the cap rounded down to a board lot (6,174,200 for 12,348,600 in lots
    # of 200): every table read passes every check.
    assert problems == []


@needs_corpus
def test_survey_coverage_per_table() -> None:
    outcome: dict[str, dict[str, int]] = {}
    refused: dict[str, list[str]] = {}
    readers = {
        "cornerstones": read_cornerstones,
        "lockups": read_lockups,
        "concentration": read_placee_concentration,
    }
    for name, reader in readers.items():
        counts = {"read": 0, "none": 0, "refused": 0}
        for code in CODES:
            try:
                rows = reader(corpus_doc(code))
            except AnnouncementError:
                counts["refused"] += 1
                refused.setdefault(name, []).append(code)
                continue
            counts["read" if rows else "none"] += 1
        outcome[name] = counts
    assert refused == REFUSED
    assert outcome == {
        "cornerstones": {"read": 70, "none": 21, "refused": 1},
        "lockups": {"read": 91, "none": 0, "refused": 1},
        "concentration": {"read": 90, "none": 0, "refused": 2},
    }


@needs_corpus
@pytest.mark.parametrize("code", [c for c in CODES if c not in REFUSED["concentration"]])
def test_every_placee_table_ranks_top_1_to_25_with_growing_allotments(code: str) -> None:
    rows = read_placee_concentration(corpus_doc(code))
    placees = [r for r in rows if r.table == "placees"]
    if placees:
        assert [r.rank for r in placees] == ["top 1", "top 5", "top 10", "top 25"]
        shares = [r.shares for r in placees]
        assert shares == sorted(shares)  # the top 5 include the top 1, and so on
