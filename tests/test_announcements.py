"""Reading HKEX allotment-results announcements: differentials, template variants, refusals.

Expected values come from the documents themselves: the flagship differentials compare with the
hand-built fixtures, which were transcribed from the same announcements (each record's S1), and
the small texts below print their own figures.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import ipometrics as ipm
from ipometrics.announcements import AnnouncementError, DocumentText, extract_text
from ipometrics.announcements.allotment import AllotmentAnnouncement, read_allotment_announcement

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "hkex"
ALLOTMENT = CORPUS / "allotment_results"
needs_corpus = pytest.mark.skipif(not ALLOTMENT.is_dir(), reason="../shared/corpus is not here")


def _value(o: Any, path: str) -> Any:
    node = o.figure(path)
    return None if node is None else node.value


@functools.cache
def _read(code: str) -> AllotmentAnnouncement:
    return read_allotment_announcement(ALLOTMENT / f"{code}.pdf")


# Figures the announcement prints in every language: the fixture of the same deal must agree.
SAME_IN_EVERY_LANGUAGE = (
    "identity.stock_code",
    "identity.board_lot",
    "dates.listing",
    "dates.stabilisation_end",
    "price.final",
    "price.range_low",
    "price.range_high",
    "shares.offer_final",
    "shares.offer_size_adjustment_option_exercised",
    "shares.over_allocated",
    "shares.shares_in_issue_after_listing",
    "shares.hk_public.initial",
    "shares.hk_public.reallocated",
    "shares.hk_public.final",
    "shares.hk_public.final_pct_of_offer",
    "shares.hk_international.initial",
    "shares.hk_international.final",
    "shares.hk_international.final_pct_of_offer",
    "proceeds.gross",
    "proceeds.expenses",
    "proceeds.net",
    "demand.hk_public.valid_applications",
    "demand.hk_public.successful_applications",
    "demand.hk_public.subscription_multiple",
    "demand.hk_international.placees",
    "demand.hk_international.subscription_multiple",
)


@needs_corpus
@pytest.mark.parametrize(
    ("code", "key", "language"),
    [("00100", "minimax", "en"), ("09903", "iluvatar_corex", "zh"), ("06082", "biren", "zh")],
)
def test_flagship_announcements_agree_with_the_hand_built_records(
    code: str, key: str, language: str
) -> None:
    ann = _read(code)
    read, fixture = ann.offering, ipm.load_offering(key)
    assert ann.document.language == language
    differences = {}
    for path in SAME_IN_EVERY_LANGUAGE:
        mine, theirs = _value(read, path), _value(fixture, path)
        if theirs is not None and mine != theirs:
            differences[path] = (mine, theirs)
    assert differences == {}
    # The record is the same deal: its metrics come out the same.
    assert read.gross_proceeds() == fixture.gross_proceeds()
    assert not ann.failed_checks, ann.failed_checks


@needs_corpus
def test_minimax_english_names_and_stabilisation() -> None:
    # minimax/S1: "MiniMax Group Inc.", stock short name "MINIMAX - WP", stabilizing manager CICC.
    o = _read("00100").offering
    assert o.identity.name_en.value == "MiniMax Group Inc."
    assert o.identity.short_name_en.value == "MINIMAX-WP"
    assert o.identity.short_name_en.printed == "MINIMAX - WP"
    assert o.shares.stabilising_manager.value == (
        "China International Capital Corporation Hong Kong Securities Limited"
    )
    assert o.identity.board_lot.unit == "Class A Ordinary Shares"


@needs_corpus
def test_chinese_announcement_keeps_the_chinese_names() -> None:
    # Biren's Chinese announcement: 上海壁仞科技股份有限公司, short name 壁仞科技, and the
    # stabilising manager as it prints it (中國國際金融香港證券有限公司, 穩定價格操作人).
    o = _read("06082").offering
    assert o.identity.name_zh_hant.value == "上海壁仞科技股份有限公司"
    assert o.identity.short_name_zh.value == "壁仞科技"
    assert o.shares.stabilising_manager.value == "中國國際金融香港證券有限公司"
    # Iluvatar CoreX's Chinese announcement prints no English name: unknown, not made up.
    iluvatar = _read("09903").offering
    assert iluvatar.identity.name_en.value is None
    assert "identity.name_en" in iluvatar.unknown
    assert iluvatar.identity.name_zh_hant.value == "上海天數智芯半導體股份有限公司"


@needs_corpus
def test_every_figure_cites_its_page_and_keeps_the_printed_text() -> None:
    ann = _read("00100")
    o = ann.offering
    gross = o.proceeds.gross
    assert gross.printed == "HK$4,817.6 million"  # minimax/S1 page 4
    assert gross.abs_tol == Decimal("50000")  # half of HK$0.1 million
    source = o.source_of("proceeds.gross")
    assert source is not None
    assert source.tier == "official_announcement"
    assert source.document.endswith("page 4")
    assert source.note is not None
    assert ann.document.sha256 in source.note
    # Without a URL the sha256 identifies the file; with one, the page is in the address.
    url = "https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0108/2026010801343_c.pdf"
    with_url = read_allotment_announcement(ann.document, url=url).offering
    cited = with_url.source_of("demand.hk_public.subscription_multiple")
    assert cited is not None
    assert cited.url == f"{url}#page=4"


@needs_corpus
def test_the_basis_of_allocation_gives_the_one_lot_odds() -> None:
    # minimax/S1: 3,911 of 139,314 one-lot applicants were allotted 20 shares (2.81%).
    from ipometrics import hk

    table = _read("00100").allotment_table
    assert table is not None
    assert hk.one_lot_success_rate(table) == pytest.approx(3_911 / 139_314)


# --------------------------------------------------------------------------------------------
# The template's variations, on texts written in its shape
# --------------------------------------------------------------------------------------------

ZH = """香港交易及結算所有限公司對本公告的內容概不負責。
就全球發售而言，某某證券有限公司作為穩定價格經辦人（「穩定價格經辦人」）可超額分配。
\f示例科技股份有限公司
最終發售價及配發結果公告
摘要
公司資料
股份代號 9999
股份簡稱 示例科技
開始買賣日期 2026年3月2日*
價格資料
最終發售價 10.00港元
發售價範圍 9.00港元至10.00港元
發售股份及股本
發售股份數目 1,000,000
香港公開發售的發售股份最終數目（重新分配後） 300,000
國際發售的發售股份最終數目（重新分配後） 700,000
於上市時已發行的股份數目（行使超額配股權前）
10,000,000
所得款項
所得款項總額（附註） 10.0百萬港元
減：按最終發售價計算的估計應付上市開支 (2.0)百萬港元
募集資金淨額 8.0百萬港元
配發結果詳情
香港公開發售
有效申請數目 5,000
受理申請數目 1,200
認購水平 150.25倍
觸發回補機制 是
香港公開發售項下初步可供認購的發
售股份數目
100,000
從國際發售重新分配的發售股份數目（回補） 200,000
香港公開發售項下的最終發售股份數目 300,000
國際發售
承配人的數量 50
認購額 12.50倍
國際發售項下最終發售股份數目 700,000
基石投資者
\fH股將以每手買賣單位200股H股進行買賣，H股的股份代號將為9999。
"""

EN = """\fExample Robotics Inc.
ANNOUNCEMENT OF FINAL OFFER PRICE AND
ALLOTMENT RESULTS
SUMMARY
Company information
Stock code 9998
Stock short name EXAMPLE - W
Dealings commencement date March 3, 2026*
Price Information
Final Offer Price HK$20.00
Offer Shares and Share Capital
Number of Offer Shares 2,000,000
Final Number of Offer Shares in Public Offer (after reallocation) 200,000
Final Number of Offer Shares in International Offer (after
reallocation)
1,800,000
Proceeds
Gross proceeds (Note) HK$40.0 million
Net proceeds HK$35.0 million
ALLOTMENT RESULTS DETAILS
PUBLIC OFFER
No. of valid applications 9,000
Subscription level 45.00 times
INTERNATIONAL OFFER
No. of placees 80
Subscription level 3.10 times
CORNERSTONE INVESTORS
\fThe Shares will be traded in board lots of 500 Shares each.
"""


def _text(text: str) -> AllotmentAnnouncement:
    return read_allotment_announcement(DocumentText.from_text(text))


def test_chinese_template_with_wrapped_labels_and_values_on_their_own_line() -> None:
    ann = _text(ZH)
    o = ann.offering
    assert o.code == "09999.HK"
    assert o.identity.short_name_zh.value == "示例科技"
    assert o.identity.name_zh_hant.value == "示例科技股份有限公司"
    assert o.dates.listing.value == date(2026, 3, 2)
    assert o.price.final.value == Decimal("10.00")
    assert (o.price.range_low.value, o.price.range_high.value) == (
        Decimal("9.00"),
        Decimal("10.00"),
    )
    # 於上市時已發行的股份數目 prints its number on the next line.
    assert o.shares.shares_in_issue_after_listing.value == 10_000_000
    # The label wraps: 發 / 售股份數目.
    assert o.shares.hk_public.initial.value == 100_000
    assert o.shares.hk_public.reallocated.value == 200_000
    assert o.proceeds.gross.value == Decimal("10000000")
    assert o.proceeds.expenses.value == Decimal("2000000")  # printed (2.0)百萬港元
    assert o.proceeds.net.value == Decimal("8000000")  # 募集資金淨額, the other wording
    assert o.demand.hk_public.subscription_multiple.value == Decimal("150.25")  # 認購水平
    assert o.demand.hk_international.subscription_multiple.value == Decimal("12.50")  # 認購額
    assert o.demand.hk_international.placees.value == 50
    assert o.identity.board_lot.value == 200
    assert o.shares.stabilising_manager.value == "某某證券有限公司"
    assert ann.figures["clawback.triggered"].value is True
    assert [c.name for c in ann.checks if c.passed is True] == [
        "tranches add up to the offer",
        "price x offer shares = gross proceeds",
        "public tranche: initial + reallocated = final",
        "gross - expenses = net proceeds",
    ]


def test_english_template_and_what_it_leaves_unknown() -> None:
    ann = _text(EN)
    o = ann.offering
    assert o.code == "09998.HK"
    assert o.identity.name_en.value == "Example Robotics Inc."
    assert o.identity.short_name_en.value == "EXAMPLE-W"
    assert o.dates.listing.value == date(2026, 3, 3)
    assert o.shares.hk_international.final.value == 1_800_000  # label wrapped over two lines
    assert o.demand.hk_public.subscription_multiple.value == Decimal("45.00")
    assert o.identity.board_lot.value == 500
    # Not printed: unknown, never inferred.
    for path in ("proceeds.expenses", "shares.hk_public.initial", "price.range_low"):
        assert _value(o, path) is None
        assert path in o.unknown
    assert o.demand.hk_public.successful_applications.value is None


def test_a_check_that_fails_is_reported_not_fixed() -> None:
    # Gross proceeds printed as HK$41.0 million although 2,000,000 x HK$20.00 = HK$40.0 million.
    ann = _text(EN.replace("HK$40.0 million", "HK$41.0 million"))
    failed = {c.name: c.detail for c in ann.failed_checks}
    assert "price x offer shares = gross proceeds" in failed
    assert "printed HK$41.0 million" in failed["price x offer shares = gross proceeds"]
    assert ann.offering.proceeds.gross.value == Decimal("41000000")  # kept as printed


def test_tranches_that_do_not_add_up_are_refused_with_the_numbers() -> None:
    bad = EN.replace("Number of Offer Shares 2,000,000", "Number of Offer Shares 2,100,000")
    with pytest.raises(ipm.IpoDataError, match=r"200,000 \+ 1,800,000 = 2,000,000"):
        _text(bad)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "MiniMax Group Inc.\nFULL EXERCISE OF THE OVER-ALLOTMENT OPTION\n" + "x" * 300,
            r"this is an over-allotment or stabilisation announcement .*, not an "
            r"allotment-results announcement",
        ),
        ("Some Company Limited\nPROSPECTUS\n" + "y" * 300, r"this is a prospectus"),
        ("A letter about nothing.\n" + "z" * 300, r"not an allotment-results announcement"),
    ],
)
def test_other_documents_say_what_they_are_not(text: str, message: str) -> None:
    with pytest.raises(AnnouncementError, match=message):
        _text(text)


def test_not_a_pdf_truncated_and_scanned_are_refused(tmp_path: Path) -> None:
    with pytest.raises(AnnouncementError, match=r"<bytes>: not a PDF"):
        extract_text(b"PK\x03\x04 a zip file")
    with pytest.raises(AnnouncementError, match=r"nope\.pdf: no such file"):
        extract_text(tmp_path / "nope.pdf")
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    blank = pdfium.PdfDocument.new()
    blank.new_page(595, 842)
    path = tmp_path / "scan.pdf"
    blank.save(path)
    with pytest.raises(AnnouncementError, match=r"scan\.pdf: no text layer .*OCR"):
        extract_text(path)
    data = path.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(AnnouncementError, match=r"cut\.pdf: truncated PDF"):
        extract_text(cut)


def test_garbage_text_layer_is_refused() -> None:
    from ipometrics.announcements._text import _check_text_layer

    pages = "\ue000\ue001\ue002 " * 200 + "abc " * 100
    with pytest.raises(AnnouncementError, match=r"the text layer does not decode"):
        _check_text_layer(DocumentText((pages,), "0" * 64, "<text>"))


# --------------------------------------------------------------------------------------------
# The whole corpus
# --------------------------------------------------------------------------------------------

#: Headline fields and the pattern that shows a document prints them.
PRINTED: dict[str, str] = {
    "price.final": r"發售價|Offer Price",
    "shares.offer_final": r"發售股份數|Number of Offer Shares",
    "proceeds.gross": r"(所得款項|募集資金)總額|總(所得款項|募集資金)|Gross proceeds",
    "proceeds.net": r"(所得款項|募集資金)淨額|淨(所得款項|募集資金)|Net proceeds",
    "demand.hk_public.valid_applications": r"有效申請|valid applications",
    "demand.hk_public.subscription_multiple": r"認購(水平|額)|Subscription level",
    "demand.hk_international.placees": r"承配人(的)?(數量|數目|人數)|placees",
}


@needs_corpus
def test_every_corpus_document_is_read_or_refused_with_a_reason() -> None:
    read: dict[str, Any] = {}
    refused: dict[str, str] = {}
    for pdf in sorted(ALLOTMENT.glob("*.pdf")):
        try:
            read[pdf.stem] = _read(pdf.stem).offering
        except (AnnouncementError, ipm.IpoDataError) as err:
            refused[pdf.stem] = str(err).splitlines()[0]
    assert len(read) + len(refused) == 92
    for code, reason in refused.items():
        assert code in reason or "offering" in reason, reason  # names the file or the record
    # Per field: how many documents print it, and how many records have it.
    coverage: dict[str, tuple[int, int]] = {}
    for path, pattern in PRINTED.items():
        printing = [c for c in read if re.search(pattern, _read(c).document.text[:20000])]
        have = [c for c in printing if _value(read[c], path) is not None]
        coverage[path] = (len(have), len(printing))
    print("\nread", len(read), "refused", len(refused))
    for path, (n_have, n_printing) in coverage.items():
        print(f"  {path:45} {n_have:3} of {n_printing:3}")
    assert len(read) >= 87  # the other 5 break a record rule, each named in its refusal
    # Every headline field a read document prints is read.
    assert {p: c for p, c in coverage.items() if c[0] != c[1]} == {}


@needs_corpus
def test_ingest_writes_records_report_reads_and_refusals_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ipometrics.cli import main

    out = tmp_path / "hk"
    notice = CORPUS / "over_allotment"
    argv = ["ingest", str(ALLOTMENT / "00100.pdf"), str(ALLOTMENT / "09903.pdf")]
    argv += [*map(str, sorted(notice.glob("*.pdf"))[:1]), "--out", str(out), "--no-progress"]
    argv += ["--manifest", str(CORPUS / "manifest.csv")]
    assert main(argv) == 1  # the over-allotment notice is refused
    stdout = capsys.readouterr().out
    assert stdout.startswith("read 2, refused 1\n")
    assert "not an allotment-results announcement" in stdout
    assert sorted(p.name for p in out.glob("*.json")) == ["hk_00100.json", "hk_09903.json"]
    assert (out / "allotment" / "hk_00100.json").is_file()
    # The manifest gives each file's HKEX address; every source carries it with the page.
    (minimax,) = ipm.load_offerings(out / "hk_00100.json")
    cited = minimax.source_of("price.final")
    assert cited is not None
    assert cited.url is not None
    assert cited.url.startswith("https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0108/")
    assert main(["report", "--data", str(out), "--width", "100"]) == 0
    table = capsys.readouterr().out
    assert "1,837.17x" in table  # minimax/S1: public offer subscribed 1,837.17 times
    assert "414.24x" in table  # iluvatar_corex/S1: 414.24 times


def test_an_encrypted_pdf_is_refused() -> None:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("secret")
    data = io.BytesIO()
    writer.write(data)
    with pytest.raises(AnnouncementError, match=r"<bytes>: encrypted PDF .*expected an open"):
        extract_text(data.getvalue())


# --------------------------------------------------------------------------------------------
# Found by review: each would have put a figure in the wrong field
# --------------------------------------------------------------------------------------------


@needs_corpus
def test_a_wrapped_label_ending_in_a_section_name_is_not_a_heading() -> None:
    # 01641 page 4: "No. of Offer Shares reallocated to the Hong Kong Public Offering" prints
    # "No"; its label wraps onto a line reading "International Offering" in some layouts. The
    # initial international tranche must not slide into the reallocation.
    o = _read("01641").offering
    assert _value(o, "shares.hk_international.reallocated") in (None, 0)
    # 00470 page 4: "Subscription Level (before ... Option) 10.47x" (with an x).
    wuxi = _read("00470").offering
    assert _value(wuxi, "demand.hk_international.subscription_multiple") == Decimal("10.47")
    assert wuxi.shares.stabilising_manager.value == "J.P. Morgan Securities (Asia Pacific) Limited"


@needs_corpus
def test_english_summary_tranches_are_not_the_offer_size() -> None:
    # 03750 (CATL) page 1: "Number of Offer Shares in Hong Kong Public Offering 10,168,400" is
    # the public tranche; the offer is 135,578,600.
    ann = _read("03750")
    assert ann.offering.shares.offer_final.value == 135_578_600
    assert ann.offering.shares.hk_public.final.value == 10_168_400
    assert not [c for c in ann.failed_checks if "printed twice" in c.name]


@needs_corpus
def test_a_bilingual_name_header_is_not_taken_for_the_title() -> None:
    # 02508 page 3 header: "SAINT BELLA INC. / 聖貝拉有限公司", then the title.
    o = _read("02508").offering
    assert o.identity.name_en.value == "SAINT BELLA INC."
    assert o.identity.name_zh_hant.value == "聖貝拉有限公司"


def test_an_impossible_date_is_a_clear_refusal_not_a_crash() -> None:
    # 2026年2月30日 is no date: the listing date is then unread, which the record rules refuse.
    with pytest.raises(AnnouncementError, match=r"dates\.listing: required, got None"):
        _text(ZH.replace("2026年3月2日", "2026年2月30日"))


def test_ingest_with_no_pdfs_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ipometrics.cli import main

    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["ingest", str(empty), "--out", str(tmp_path / "out"), "--no-progress"]) == 2
    assert "no PDF files in" in capsys.readouterr().err
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["ingest", str(empty), "--out", str(blocker), "--no-progress"]) == 2
    assert "exists and is not a folder" in capsys.readouterr().err
