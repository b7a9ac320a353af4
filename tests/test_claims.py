"""Fact-checking reported figures: the phrase parser, its intervals, and verdicts on the records.

Expected values in the verdict tests are figures printed in the documents the records cite
(the S-ids are those of each record in fixtures/ and ../shared/data/offerings.yaml):

- zhipu/S1: Knowledge Atlas Technology, Announcement of Offer Price and Allotment Results,
  HKEX, 2026-01-07: gross proceeds HK$4,348.1 million, public offer 1,159.46 times,
  international placing 15.28 times, offer price HK$116.20.
- zhipu/S2: Reuters closing report on the 8 January Hong Kong debuts: close HK$131.50.
- zhipu/S5: Cailian Press (财联社), 付静, 2026-01-08: close 13.17% above the offer price,
  market value "接近580亿港元".
- minimax/S1: MiniMax Group, Announcement of Final Offer Price and Allotment Results, HKEX,
  2026-01-08: public offer 1,837.17 times. The 1,209 times in minimax/S10-S12 was Futu's
  estimate at the close of subscriptions (recorded in the record's conflicts).
- minimax/S7: Wallstreetcn repost: market value at the close "about HK$105.4 billion", which
  the fact base records as not reconciling with close x shares (HK$106.69 billion).
- iluvatar_corex/S1: Announcement of Allotment Results, HKEX, 2026-01-07: net proceeds
  HK$3,509.3 million, expenses HK$168.2 million; the opening price is unknown (only
  AI-generated pages give HK$190.20, recorded as a conflict).
- iluvatar_corex/S7: Cailian Press, 2026-01-08: grey-market high 216港元 on Futu.
- moore_threads/S8: Economic Observer: close change printed 425.26%, although 600.50 / 114.28
  - 1 = 425.46% (a recorded conflict).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ipometrics as ipm
from ipometrics.claims import (
    CLOSE_TO_BAND,
    EXIT_STATUS,
    METRICS,
    ClaimCheck,
    ReportedFigure,
    check,
    check_cli,
    check_many,
    parse_reported,
)
from ipometrics.errors import IpoDataError
from ipometrics.models import Offering

D = Decimal
YI = 10**8  # 亿
WAN = 10**4  # 万
M = 10**6
BN = 10**9


# --------------------------------------------------------------------------------------------
# Parsing: number, scale, unit, currency, qualifier
# --------------------------------------------------------------------------------------------

#: text -> (kind, currency, qualifier, value in base units)
PHRASES: list[tuple[str, str, str | None, str | None, Decimal]] = [
    # Chinese scale words
    ("43亿港元", "money", "HKD", None, D(43 * YI)),
    ("43億港元", "money", "HKD", None, D(43 * YI)),
    ("2533亿港币", "money", "HKD", None, D(2533 * YI)),
    ("2568.16万股", "shares", None, None, D(25_681_600)),
    ("4.6万亿", "plain", None, None, D("4.6") * 10**12),
    ("0.2万亿", "plain", None, None, D("0.2") * 10**12),
    ("300万", "plain", None, None, D(300 * WAN)),
    # English scale words
    ("HK$4,348.1 million", "money", "HKD", None, D("4348.1") * M),
    ("HK$4,348.1m", "money", "HKD", None, D("4348.1") * M),
    ("HKD 4,348.1 mn", "money", "HKD", None, D("4348.1") * M),
    ("HK$4.35bn", "money", "HKD", None, D("4.35") * BN),
    ("4.35 billion Hong Kong dollars", "money", "HKD", None, D("4.35") * BN),
    ("1.5 trillion", "plain", None, None, D("1.5") * 10**12),
    ("500k", "plain", None, None, D(500_000)),
    # Currencies
    ("人民币83亿元", "money", "CNY", None, D(83 * YI)),
    ("83亿元人民币", "money", "CNY", None, D(83 * YI)),
    ("RMB 8.3 billion", "money", "CNY", None, D("8.3") * BN),
    ("CNY8.3bn", "money", "CNY", None, D("8.3") * BN),
    ("8.3 billion yuan", "money", "CNY", None, D("8.3") * BN),
    ("5亿美元", "money", "USD", None, D(5 * YI)),
    ("US$500 million", "money", "USD", None, D(500 * M)),
    ("USD 0.5 billion", "money", "USD", None, D("0.5") * BN),
    ("83亿元", "money", None, None, D(83 * YI)),  # 元 alone names no currency
    # Prices per share
    ("131.50港元", "money", "HKD", None, D("131.50")),
    ("每股116.20港元", "price", "HKD", None, D("116.20")),
    ("116.20港元/股", "price", "HKD", None, D("116.20")),
    ("HK$116.20 per share", "price", "HKD", None, D("116.20")),
    ("HK$116.20 a share", "price", "HKD", None, D("116.20")),
    ("１１６．２０港元", "money", "HKD", None, D("116.20")),  # full-width forms
    # Percents, as fractions
    ("13.17%", "percent", None, None, D("0.1317")),
    ("百分之13.17", "percent", None, None, D("0.1317")),
    ("13.17 per cent", "percent", None, None, D("0.1317")),
    ("13.17 percent", "percent", None, None, D("0.1317")),
    ("-3.05%", "percent", None, None, D("-0.0305")),
    ("+13.17%", "percent", None, None, D("0.1317")),
    # Multiples
    ("1159.46倍", "multiple", None, None, D("1159.46")),
    ("1,159.46 times", "multiple", None, None, D("1159.46")),
    ("1209x", "multiple", None, None, D(1209)),
    ("1209×", "multiple", None, None, D(1209)),
    ("1,209倍", "multiple", None, None, D(1209)),
    # Qualifier families, Chinese and English
    ("超43亿港元", "money", "HKD", "more than", D(43 * YI)),
    ("超过43亿港元", "money", "HKD", "more than", D(43 * YI)),
    ("逾43亿港元", "money", "HKD", "more than", D(43 * YI)),
    ("43亿港元以上", "money", "HKD", "more than", D(43 * YI)),
    ("达43亿港元以上", "money", "HKD", "more than", D(43 * YI)),
    ("more than HK$4.3 billion", "money", "HKD", "more than", D("4.3") * BN),
    ("over HK$4.3bn", "money", "HKD", "more than", D("4.3") * BN),
    ("above HK$4.3 bn", "money", "HKD", "more than", D("4.3") * BN),
    ("不足10%", "percent", None, "less than", D("0.10")),
    ("less than 10%", "percent", None, "less than", D("0.10")),
    ("under HK$5bn", "money", "HKD", "less than", D(5 * BN)),
    ("接近580亿港元", "money", "HKD", "close to", D(580 * YI)),
    ("将近580亿港元", "money", "HKD", "close to", D(580 * YI)),
    ("近50%", "percent", None, "close to", D("0.50")),
    ("nearly HK$58 billion", "money", "HKD", "close to", D(58 * BN)),
    ("almost HK$58bn", "money", "HKD", "close to", D(58 * BN)),
    ("close to HK$58 billion", "money", "HKD", "close to", D(58 * BN)),
    ("约43亿港元", "money", "HKD", "about", D(43 * YI)),
    ("约为43亿港元", "money", "HKD", "about", D(43 * YI)),
    ("43亿港元左右", "money", "HKD", "about", D(43 * YI)),
    ("about HK$4.3 billion", "money", "HKD", "about", D("4.3") * BN),
    ("around HK$4.3bn", "money", "HKD", "about", D("4.3") * BN),
    ("approximately HK$4.3 billion", "money", "HKD", "about", D("4.3") * BN),
    ("roughly HK$4.3bn", "money", "HKD", "about", D("4.3") * BN),
    ("达1209倍", "multiple", None, "reached", D(1209)),
    ("报131.50港元", "money", "HKD", "reached", D("131.50")),
    ("为116.20港元", "money", "HKD", "reached", D("116.20")),
    ("at HK$116.20", "money", "HKD", "reached", D("116.20")),
    ("reached 1,159.46 times", "multiple", None, "reached", D("1159.46")),
]


@pytest.mark.parametrize(
    ("text", "kind", "currency", "qualifier", "value"), PHRASES, ids=[p[0] for p in PHRASES]
)
def test_parse_reads_number_unit_currency_and_qualifier(
    text: str, kind: str, currency: str | None, qualifier: str | None, value: Decimal
) -> None:
    fig = parse_reported(text)
    assert (fig.kind, fig.currency, fig.qualifier) == (kind, currency, qualifier)
    assert fig.value == value
    assert isinstance(fig.value, Decimal)
    assert fig.text == text


def test_the_phrase_table_covers_both_languages_and_every_family_unit_and_currency() -> None:
    texts = [p[0] for p in PHRASES]
    assert len(texts) >= 40
    assert sum(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in texts) >= 20
    assert sum(t.isascii() for t in texts) >= 20
    assert {p[3] for p in PHRASES} == {
        None,
        "more than",
        "less than",
        "close to",
        "about",
        "reached",
    }
    assert {p[1] for p in PHRASES} == {"money", "price", "percent", "multiple", "shares", "plain"}
    joined = " ".join(texts).lower()
    for word in (
        "万",
        "亿",
        "万亿",
        "million",
        "bn",
        "billion",
        "trillion",
        "%",
        "倍",
        "times",
        "x",
    ):
        assert word in joined, word
    for word in ("港元", "港币", "hk$", "hkd", "元", "人民币", "rmb", "cny", "us$", "usd", "美元"):
        assert word in joined, word


def test_parse_keeps_the_digits_and_scale_word_as_written() -> None:
    fig = parse_reported("HK$4,348.1 million")
    assert (fig.digits, fig.scale_word) == ("4,348.1", "million")
    assert parse_reported("-3.05%").digits == "-3.05"
    assert parse_reported("超43亿港元").scale_word == "亿"


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("abc", r"'abc': no number written with digits"),
        ("", r"'': the text is empty"),
        ("   ", r"the text is empty"),
        ("1,2,3亿", r"'1,2,3亿': malformed number '1,2,3'"),
        ("1,23亿", r"malformed number '1,23'"),
        ("1.2.3", r"malformed number '1.2.3'"),
        ("43亿 44亿", r"2 numbers \('43', '44'\)"),
        ("1159.46倍 vs 1209倍", r"2 numbers"),
        ("43亿foo", r"cannot read 'foo'"),
        ("5xyz", r"cannot read 'xyz'"),
        ("亿43", r"the scale word '亿' must follow the number"),
        ("43港元亿", r"the scale word '亿' must follow the number"),
        ("43亿港元美元", r"two currencies \(HKD, USD\)"),
        ("13.17%倍", r"more than one unit \(percent, multiple\)"),
        ("约超43亿港元", r"conflicting qualifiers \(about, more than\)"),
        ("43亿%", r"a percent cannot carry the scale word '亿'"),
        ("HK$13%", r"a percent cannot carry a currency"),
        ("四十三亿港元", r"no number written with digits"),
    ],
)
def test_malformed_text_raises_quoting_it(text: str, match: str) -> None:
    with pytest.raises(IpoDataError, match=match):
        parse_reported(text)


def test_malformed_text_is_a_value_error_and_never_zero() -> None:
    with pytest.raises(ValueError, match=r"reported figure 'abc'"):
        parse_reported("abc")
    with pytest.raises(IpoDataError, match=r"reported figure must be text, got int 43"):
        parse_reported(43)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Intervals: the convention, stated case by case
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "low", "high", "low_open", "high_open"),
    [
        # Bare or 达/为: the last written digit rounds, ± half a unit.
        ("43亿港元", D("42.5") * YI, D("43.5") * YI, False, False),
        ("1,159.46倍", D("1159.455"), D("1159.465"), False, False),
        ("131.50港元", D("131.495"), D("131.505"), False, False),
        ("13.17%", D("0.13165"), D("0.13175"), False, False),
        ("达1209倍", D("1208.5"), D("1209.5"), False, False),
        # Trailing zeros of a whole number are placeholders: 580亿 is written to 10亿.
        ("580亿港元", D(575 * YI), D(585 * YI), False, False),
        ("580.0亿港元", D("579.95") * YI, D("580.05") * YI, False, False),
        # 约 / about: a full unit of the last digit either way.
        ("约43亿港元", D(42 * YI), D(44 * YI), False, False),
        ("about HK$105.4 billion", D("105.3") * BN, D("105.5") * BN, False, False),
        # 接近 / nearly: below the number, within 5% of it or one unit, whichever is wider.
        ("接近580亿港元", D(551 * YI), D(580 * YI), False, False),
        ("近50%", D("0.40"), D("0.50"), False, False),
        ("nearly 1,209 times", D("1148.55"), D(1209), False, False),
        # 超 / more than: above the written number itself, no upper bound.
        ("超43亿港元", D(43 * YI), None, True, False),
        ("more than 1,830 times", D(1830), None, True, False),
        # 不足 / less than: the mirror image.
        ("不足10%", None, D("0.10"), False, True),
    ],
)
def test_interval_the_wording_allows(
    text: str, low: Decimal | None, high: Decimal | None, low_open: bool, high_open: bool
) -> None:
    fig = parse_reported(text)
    assert (fig.low, fig.high) == (low, high)
    assert fig.bounds == (low, high)
    assert (fig.low_open, fig.high_open) == (low_open, high_open)


def test_close_to_band_is_five_percent() -> None:
    assert D("0.05") == CLOSE_TO_BAND


def test_more_than_excludes_the_written_number_and_allows_anything_above() -> None:
    fig = parse_reported("超43亿港元")
    assert not fig.contains(43 * YI)
    assert fig.contains(43 * YI + 1)
    assert fig.contains(10**15)
    # zhipu/S1: gross proceeds HK$4,348.1 million.
    assert fig.contains(D("4348.1") * M)


def test_contains_reads_floats_by_their_repr() -> None:
    fig = parse_reported("13.17%")
    assert fig.contains(0.1317)
    assert fig.contains(0.13165)
    assert not fig.contains(0.1318)


def test_resolution_is_one_unit_of_the_last_significant_digit() -> None:
    assert parse_reported("43亿").resolution == D(YI)
    assert parse_reported("580亿").resolution == D(10 * YI)
    assert parse_reported("1,159.46倍").resolution == D("0.01")
    assert parse_reported("13.17%").resolution == D("0.0001")
    assert parse_reported("0倍").resolution == D(1)


def test_describe_states_the_interval_in_units() -> None:
    assert parse_reported("超43亿港元").describe() == "more than HKD 4,300,000,000"
    assert parse_reported("1209倍").describe() == "1,208.5..1,209.5 times"
    assert parse_reported("近50%").describe() == "40%..50%"
    assert str(parse_reported("131.50港元")) == "'131.50港元' (HKD 131.495..131.505)"


_UNITS = [
    ("亿港元", D(YI), "money"),
    ("万股", D(WAN), "shares"),
    ("万亿", D(10**12), "plain"),
    (" million", D(M), "plain"),
    ("bn", D(BN), "plain"),
    (" billion US dollars", D(BN), "money"),
    (" trillion", D(10**12), "plain"),
    ("%", D("0.01"), "percent"),
    ("倍", D(1), "multiple"),
    (" times", D(1), "multiple"),
    ("x", D(1), "multiple"),
    ("港元/股", D(1), "price"),
]
_PREFIXES = ["", "达", "约", "接近", "about ", "nearly ", "at "]


@given(
    number=st.decimals(
        min_value=D("0.01"), max_value=D("999999"), places=2, allow_nan=False, allow_infinity=False
    ),
    unit=st.sampled_from(_UNITS),
    prefix=st.sampled_from(_PREFIXES),
    separators=st.booleans(),
)
def test_formatting_then_parsing_contains_the_number(
    number: Decimal, unit: tuple[str, Decimal, str], prefix: str, separators: bool
) -> None:
    suffix, factor, kind = unit
    written = format(number, ",f" if separators else "f")
    fig = parse_reported(f"{prefix}{written}{suffix}")
    assert fig.kind == kind
    assert fig.value == number * factor
    assert fig.contains(number * factor)
    assert fig.low is not None
    assert fig.high is not None
    assert fig.low <= number * factor <= fig.high


@given(
    number=st.decimals(
        min_value=D(1), max_value=D("99999"), places=1, allow_nan=False, allow_infinity=False
    ),
    unit=st.sampled_from(_UNITS),
)
def test_more_than_and_less_than_bound_at_the_written_number(
    number: Decimal, unit: tuple[str, Decimal, str]
) -> None:
    suffix, factor, _ = unit
    above = parse_reported(f"超{number}{suffix}")
    below = parse_reported(f"less than {number}{suffix}")
    assert above.value == below.value == number * factor
    assert not above.contains(number * factor)
    assert not below.contains(number * factor)
    assert above.contains(number * factor + above.resolution)
    assert below.contains(number * factor - below.resolution)


# --------------------------------------------------------------------------------------------
# Verdicts against the records
# --------------------------------------------------------------------------------------------


def test_zhipu_gross_proceeds_more_than_43_yi_is_consistent(zhipu: Offering) -> None:
    # zhipu/S1: HK$4,348.1 million (37,419,500 shares at HK$116.20), above HK$4.3 billion.
    result = check(zhipu, "gross_proceeds", "超43亿港元")
    assert result.verdict == "consistent"
    assert result.computed == D("4348145900")
    assert float(result.computed) == pytest.approx(4348.1 * M, abs=0.05 * M)
    assert (result.low, result.high) == (D(43 * YI), None)
    assert result.sources == ("S1",)
    assert "Announcement of Offer Price and Allotment Results (HKEX), 2026-01-07" in (
        result.explanation
    )
    published = check(zhipu, "gross_proceeds_published", "超43亿港元")
    assert published.verdict == "consistent"
    assert (published.computed_low, published.computed_high) == (
        D("4348050000"),
        D("4348150000"),
    )


def test_minimax_1209_times_is_inconsistent_with_the_official_multiple(minimax: Offering) -> None:
    # minimax/S1: 1,837.17 times. 1,209 times was Futu's pre-close margin-book estimate.
    result = check(minimax, "public_multiple", "1,209倍")
    assert result.verdict == "inconsistent"
    assert result.computed == D("1837.17")
    assert (result.low, result.high) == (D("1208.5"), D("1209.5"))
    assert "1,837.17" in result.explanation
    assert "official" in result.explanation
    assert "Futu estimate" in result.explanation
    assert "conflict" in result.explanation
    assert [c.other for c in result.conflicts] == [1209]
    assert result.exit_status == EXIT_STATUS["inconsistent"]


def test_zhipu_close_price_131_50_is_consistent(zhipu: Offering) -> None:
    # zhipu/S2 (Reuters) and S5 (Cailian Press): close HK$131.50.
    result = check(zhipu, "close_price", "131.50港元")
    assert result.verdict == "consistent"
    assert result.computed == D("131.50")
    assert result.sources == ("S2",)
    assert "Reuters closing report" in result.explanation


def test_zhipu_close_return_13_17_percent_is_consistent(zhipu: Offering) -> None:
    # zhipu/S5: 13.17% above the HK$116.20 offer price; compared as the fraction 0.1317.
    result = check(zhipu, "close_return", "13.17%")
    assert result.verdict == "consistent"
    assert result.computed is not None
    assert float(result.computed) == pytest.approx(0.1317, abs=0.00005)
    assert result.reported.value == D("0.1317")
    assert set(result.sources) == {"S1", "S2"}
    assert check(zhipu, "close_return_published", "13.17%").verdict == "consistent"


def test_zhipu_market_cap_close_to_580_yi_is_consistent(zhipu: Offering) -> None:
    # zhipu/S5: "接近580亿港元"; close HK$131.50 x 440,230,190 shares (S1) is below HK$58bn.
    result = check(zhipu, "market_cap_close", "接近580亿港元")
    assert result.verdict == "consistent"
    assert result.computed is not None
    assert D(551 * YI) < result.computed < D(580 * YI)


def test_zhipu_multiples_and_offer_price_are_consistent(zhipu: Offering) -> None:
    # zhipu/S1: 1,159.46 times public, 15.28 times international, HK$116.20 per share.
    assert check(zhipu, "public_multiple", "1159.46倍").verdict == "consistent"
    assert check(zhipu, "placing_multiple", "15.28倍").verdict == "consistent"
    assert check(zhipu, "offer_price", "每股116.20港元").verdict == "consistent"
    # 1,159.47 touches the printed 1,159.46 ± 0.005 at 1,159.465: that still counts.
    assert check(zhipu, "public_multiple", "1159.47倍").verdict == "consistent"
    assert check(zhipu, "public_multiple", "1159.48倍").verdict == "inconsistent"


def test_iluvatar_open_price_is_not_checkable_because_it_is_unknown(iluvatar: Offering) -> None:
    # The fact base: no admissible source gives Iluvatar CoreX's open; 190.20 is AI-only.
    result = check(iluvatar, "open_price", "190.20港元")
    assert result.verdict == "not_checkable"
    assert result.computed is None
    assert "first_day.open is unknown" in result.explanation
    assert "AI-generated" in result.explanation
    assert len(result.conflicts) == 1
    assert result.exit_status == EXIT_STATUS["not_checkable"]


def test_unknown_input_of_a_computed_metric_points_to_the_published_figure(
    iluvatar: Offering,
) -> None:
    # iluvatar_corex/S3 (Reuters): opened 31.6% higher; the open price itself is unknown.
    result = check(iluvatar, "open_return", "31.6%")
    assert result.verdict == "not_checkable"
    assert "first_day.open is unknown" in result.explanation
    assert "'open_return_published'" in result.explanation
    assert check(iluvatar, "open_return_published", "31.6%").verdict == "consistent"


def test_not_applicable_figure_is_not_checkable_with_the_reason(
    offerings: dict[str, Offering],
) -> None:
    # A STAR Market offering has no Hong Kong public tranche.
    result = check(offerings["moore_threads"], "public_multiple", "4126.49倍")
    assert result.verdict == "not_checkable"
    assert "is not applicable to moore_threads (Hong Kong tranche)" in result.explanation


def test_computed_side_carries_the_printed_rounding_of_its_inputs(iluvatar: Offering) -> None:
    # iluvatar_corex/S1: net HK$3,509.3 million from expenses printed as HK$168.2 million;
    # the exact gross minus those expenses is HK$3,509.24 million, inside the ±HK$0.05 million.
    result = check(iluvatar, "net_proceeds", "HK$3,509.3 million")
    assert result.verdict == "consistent"
    assert result.computed is not None
    assert result.computed_high is not None
    assert result.computed_high - result.computed == D(50_000)
    assert "printed rounding" in result.explanation


def test_grey_market_claims_from_the_article_are_consistent(iluvatar: Offering) -> None:
    # iluvatar_corex/S7: grey-market high 216港元 on Futu, nearly 50% above HK$144.60.
    assert check(iluvatar, "grey_market_high", "216港元").verdict == "consistent"
    assert check(iluvatar, "grey_market_high_return", "近50%").verdict == "consistent"
    assert check(iluvatar, "grey_market_high_return", "近40%").verdict == "inconsistent"


def test_claim_matching_a_losing_conflict_side_says_so(zhipu: Offering) -> None:
    # zhipu conflicts: S7 gave a close of HK$125.7; Reuters and Cailian Press give HK$131.50.
    result = check(zhipu, "close_price", "125.7港元")
    assert result.verdict == "inconsistent"
    assert [c.other_src for c in result.conflicts] == ["S7"]
    assert "losing side of a recorded conflict on first_day.close" in result.explanation


def test_computed_disagreement_notes_the_published_figure(minimax: Offering) -> None:
    # minimax/S7: "about HK$105.4 billion"; close x shares gives HK$106.69 billion.
    result = check(minimax, "market_cap_close", "约1054亿港元")
    assert result.verdict == "inconsistent"
    assert "it does agree with the published about HKD 105,400,000,000" in result.explanation
    assert check(minimax, "market_cap_close_published", "约1054亿港元").verdict == "consistent"


def test_printed_star_change_that_does_not_recompute(offerings: dict[str, Offering]) -> None:
    # moore_threads/S8 prints 425.26%, but 600.50 / 114.28 - 1 = 425.46%.
    moore = offerings["moore_threads"]
    assert check(moore, "close_return", "425.26%").verdict == "inconsistent"
    assert check(moore, "close_return", "425.46%").verdict == "consistent"
    printed = check(moore, "close_return_published", "425.46%")
    assert printed.verdict == "inconsistent"
    assert "the fact base's own derivation" in printed.explanation


@pytest.mark.parametrize(
    ("metric", "reported", "match"),
    [
        # Same digits as zhipu/S1's HK$4,348.1 million, in another currency: no FX here.
        ("gross_proceeds", "US$4,348.1 million", r"in USD and the record in HKD; no FX"),
        ("gross_proceeds", "人民币4,348.1 million", r"in CNY and the record in HKD"),
        ("gross_proceeds", "13.17%", r"the claim is a percent but the metric is an amount"),
        ("close_return", "131.50港元", r"an amount of money but the metric is a percent"),
        ("close_return", "0.1317", r"a bare number but the metric is a percent"),
        ("gross_proceeds", "43亿", r"names no currency and the record is in HKD"),
        ("gross_proceeds", "43亿元", r"元 or \$ alone names no currency"),
        ("gross_proceeds", "每股116.20港元", r"a price per share but the metric is an amount"),
        ("close_price", "1.3亿港元", r"not written with the scale word '亿'"),
        ("public_multiple", "1159.46%", r"a percent but the metric is a multiple"),
    ],
)
def test_unit_or_currency_mismatch_is_not_checkable(
    zhipu: Offering, metric: str, reported: str, match: str
) -> None:
    result = check(zhipu, metric, reported)
    assert result.verdict == "not_checkable"
    assert result.computed is None
    assert re.search(match, result.explanation), result.explanation


def test_default_currency_reads_a_bare_amount(zhipu: Offering) -> None:
    # zhipu/S1: HK$4,348.1 million lies within 43亿 ± 0.5亿.
    assert check(zhipu, "gross_proceeds", "43亿", default_currency="HKD").verdict == "consistent"
    assert check(zhipu, "gross_proceeds", "43亿元", default_currency="HKD").verdict == (
        "consistent"
    )
    assert check(zhipu, "gross_proceeds", "43亿元", default_currency="CNY").verdict == (
        "not_checkable"
    )
    with pytest.raises(IpoDataError, match=r"default_currency must be an ISO 4217 code.*'hkd'"):
        check(zhipu, "gross_proceeds", "43亿", default_currency="hkd")


def test_a_multiple_may_be_written_without_its_unit(minimax: Offering) -> None:
    assert check(minimax, "public_multiple", "1,837.17").verdict == "consistent"


def test_check_accepts_a_code_or_key_and_a_parsed_figure() -> None:
    fig = parse_reported("1159.46倍")
    assert isinstance(fig, ReportedFigure)
    by_code = check("02513.HK", "public_multiple", fig)
    by_key = check("zhipu", "public_multiple", "1159.46倍")
    assert by_code.code == by_key.code == "02513.HK"
    assert by_code.verdict == by_key.verdict == "consistent"


def test_unknown_metric_is_an_error_listing_the_valid_names(zhipu: Offering) -> None:
    with pytest.raises(
        IpoDataError, match=r"metric must be one of gross_proceeds, .*; got 'ipo_size'"
    ):
        check(zhipu, "ipo_size", "超43亿港元")
    with pytest.raises(IpoDataError, match=r"public_multiple.*close_return"):
        check(zhipu, "subscription", "1159.46倍")


def test_unknown_offering_is_an_error() -> None:
    with pytest.raises(IpoDataError, match=r"no offering 'kimi'"):
        check("kimi", "gross_proceeds", "超43亿港元")


def test_metrics_are_named_like_the_frame_columns() -> None:
    others = {
        "open_return_published",
        "market_cap_offer_published",
        "market_cap_open_published",
        "margin_financing",
        "grey_market_high",
        "grey_market_high_return",
    }
    assert set(METRICS) - set(ipm.COLUMNS) == others
    for name in (
        "gross_proceeds",
        "net_proceeds",
        "public_multiple",
        "placing_multiple",
        "offer_price",
        "open_price",
        "close_price",
        "open_return",
        "close_return",
        "market_cap_offer",
        "market_cap_open",
        "market_cap_close",
        "money_left_on_table",
        "cornerstone_shares",
    ):
        assert name in METRICS
    for name, doc in METRICS.items():
        assert doc.rstrip().endswith("]"), f"{name}: no [unit] in {doc!r}"


@pytest.mark.parametrize("metric", sorted(METRICS))
def test_every_metric_gives_a_verdict_or_a_reason_for_every_record(
    offerings: dict[str, Offering], metric: str
) -> None:
    for o in offerings.values():
        result = check(o, metric, "1")
        assert result.verdict in ("consistent", "inconsistent", "not_checkable")
        assert result.explanation.startswith("reported '1' (0.5..1.5")
        assert "\n" not in result.explanation


def test_result_prints_as_one_line(minimax: Offering) -> None:
    result = check(minimax, "public_multiple", "1209倍")
    assert isinstance(result, ClaimCheck)
    line = str(result)
    assert line.startswith("00100.HK public_multiple: reported '1209倍' (1,208.5..1,209.5 times)")
    assert "\n" not in line


# --------------------------------------------------------------------------------------------
# The command-line helper and the batch form
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "metric", "reported", "status", "error"),
    [
        ("02513.HK", "close_return", "13.17%", 0, False),
        ("00100", "public_multiple", "1209倍", 1, False),
        ("iluvatar_corex", "open_price", "190.20港元", 2, False),
        ("02513.HK", "close_return", "abc", 2, True),
        ("02513.HK", "ipo_size", "13.17%", 2, True),
        ("kimi", "close_return", "13.17%", 2, True),
    ],
)
def test_check_cli_exit_status_and_line(
    code: str, metric: str, reported: str, status: int, error: bool
) -> None:
    got, line = check_cli(code, metric, reported)
    assert got == status
    assert "\n" not in line
    assert line.startswith("error: ") == error


def test_exit_statuses_are_those_the_cli_documents() -> None:
    # 0 consistent, 1 inconsistent, 2 not checkable (bad input is 2 too).
    assert dict(EXIT_STATUS) == {"consistent": 0, "inconsistent": 1, "not_checkable": 2}


ARTICLE_CLAIMS = [
    ("02513.HK", "gross_proceeds", "超43亿港元"),
    ("00100.HK", "public_multiple", "1209倍"),
    ("09903.HK", "open_price", "190.20港元"),
]


def test_check_many_returns_one_row_per_claim() -> None:
    table = check_many(ARTICLE_CLAIMS)
    assert isinstance(table, pd.DataFrame)
    assert table.shape == (3, 8)
    assert list(table.columns) == [
        "code",
        "metric",
        "reported",
        "verdict",
        "computed",
        "low",
        "high",
        "explanation",
    ]
    assert list(table["verdict"]) == ["consistent", "inconsistent", "not_checkable"]
    assert list(table["code"]) == ["02513.HK", "00100.HK", "09903.HK"]
    assert table.dtypes["computed"] == "float64"
    assert table.loc[0, "high"] == float("inf")
    assert table.loc[0, "low"] == 4.3e9
    assert table.loc[1, "computed"] == pytest.approx(1837.17)
    assert table["computed"].isna().tolist() == [False, False, True]


def test_check_many_agrees_with_check() -> None:
    table = check_many(ARTICLE_CLAIMS)
    for (code, metric, reported), row in zip(ARTICLE_CLAIMS, table.itertuples(), strict=True):
        single = check(code, metric, reported)
        assert row.verdict == single.verdict
        assert row.explanation == single.explanation


def test_check_many_of_nothing_is_an_empty_table() -> None:
    table = check_many([])
    assert table.shape == (0, 8)


@pytest.mark.parametrize(
    ("rows", "match"),
    [
        ([("02513.HK", "ipo_size", "超43亿港元")], r"claims\[0\] .*metric must be one of"),
        ([ARTICLE_CLAIMS[0], ("02513.HK", "gross_proceeds", "abc")], r"claims\[1\] .*'abc'"),
        ([("kimi", "gross_proceeds", "超43亿港元")], r"claims\[0\] .*no offering 'kimi'"),
        ([("02513.HK", "gross_proceeds")], r"claims\[0\] \('02513.HK', 'gross_proceeds'\)"),
    ],
)
def test_check_many_names_the_bad_row(rows: list[tuple[str, ...]], match: str) -> None:
    with pytest.raises(IpoDataError, match=match):
        check_many(rows)  # type: ignore[arg-type]
