"""The library's results pinned to published figures.

Every expected value below is a figure printed in a source document, cited beside it, with
the tolerance its printed rounding allows (half a unit of the last printed digit). None of
them came from running this code.

Sources (the S-ids are those of each record in fixtures/ and ../shared/data/offerings.yaml):
- zhipu/S1: Knowledge Atlas Technology, Announcement of Offer Price and Allotment Results,
  HKEX, 2026-01-07, https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0107/2026010701798.pdf
- minimax/S1: MiniMax Group, Announcement of Final Offer Price and Allotment Results, HKEX,
  2026-01-08, https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0108/2026010801342.pdf
- iluvatar_corex/S1: Shanghai Iluvatar CoreX Semiconductor, Announcement of Allotment
  Results, HKEX, 2026-01-07,
  https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0107/2026010701802.pdf
- biren/S1: Shanghai Biren Technology, Announcement of Final Offer Price and Allotment
  Results, HKEX, 2025-12-31,
  https://www1.hkexnews.hk/listedco/listconews/sehk/2025/1231/2025123102783.pdf
"""

from __future__ import annotations

from decimal import Decimal

import pytest

import ipometrics as ipm
from ipometrics.models import Offering

M = 1_000_000
BN = 1_000_000_000


def test_issue_example_zhipu_gross_proceeds_to_the_cent() -> None:
    # zhipu/S1: 37,419,500 offer shares at HK$116.20.
    assert ipm.gross_proceeds(116.20, 37_419_500) == pytest.approx(4_348_145_900, abs=0.005)
    assert ipm.gross_proceeds(Decimal("116.20"), 37_419_500) == Decimal("4348145900")


@pytest.mark.parametrize(
    ("key", "printed_gross"),
    [
        ("zhipu", 4_348.1 * M),  # zhipu/S1: "HK$4,348.1 million"
        ("minimax", 4_817.6 * M),  # minimax/S1: "HK$4,817.6 million", upsize included
        ("iluvatar_corex", 3_677.4 * M),  # iluvatar_corex/S1: "HK$3,677.4 million"
        ("biren", 5_583.0 * M),  # biren/S1: "HK$5,583.0 million", upsize included
    ],
)
def test_gross_proceeds_match_the_announcements(
    offerings: dict[str, Offering], key: str, printed_gross: float
) -> None:
    gross = offerings[key].gross_proceeds()
    assert isinstance(gross, Decimal)
    assert float(gross) == pytest.approx(printed_gross, abs=0.05 * M)


@pytest.mark.parametrize(
    ("key", "printed_net"),
    [
        ("zhipu", 4_173.4 * M),  # zhipu/S1: "HK$4,173.4 million"
        ("minimax", 4_596.1 * M),  # minimax/S1: "HK$4,596.1 million"
        ("iluvatar_corex", 3_509.3 * M),  # iluvatar_corex/S1: "HK$3,509.3 million"
        ("biren", 5_374.5 * M),  # biren/S1: "HK$5,374.5 million"
    ],
)
def test_net_proceeds_match_the_announcements(
    offerings: dict[str, Offering], key: str, printed_net: float
) -> None:
    # Net = exact gross - printed expenses (HK$174.7m / 221.5m / 168.2m, each rounded to
    # HK$0.1m), compared with a printed net (also rounded to HK$0.1m): the two roundings
    # add up to a tolerance of HK$0.1 million. Iluvatar CoreX needs it (gap HK$0.06m).
    net = offerings[key].net_proceeds()
    assert float(net) == pytest.approx(printed_net, abs=0.1 * M)


@pytest.mark.parametrize(
    ("key", "at", "printed_pct", "tol_pct"),
    [
        ("zhipu", "close", 13.17, 0.005),  # zhipu/S5 Cailian Press: "13.17%" (HK$131.50)
        ("zhipu", "open", 3.27, 0.005),  # zhipu/S7 21st Century Business Herald: "3.27%"
        ("minimax", "close", 109.09, 0.005),  # minimax/S6 Wallstreetcn: 109.09% (HK$345.00)
        ("minimax", "open", 42.7, 0.05),  # minimax/S2 SCMP: 42.7% (HK$235.40)
        ("iluvatar_corex", "close", 8.4, 0.05),  # iluvatar_corex/S3 Reuters: 8.4% (HK$156.80)
        ("biren", "open", 82.1, 0.05),  # biren/S2 SCMP: 82.1% (first trade HK$35.70)
    ],
)
def test_first_day_returns_match_the_published_changes(
    offerings: dict[str, Offering], key: str, at: str, printed_pct: float, tol_pct: float
) -> None:
    result = offerings[key].first_day_return(at)  # type: ignore[arg-type]
    assert float(result) == pytest.approx(printed_pct / 100, abs=tol_pct / 100)


def test_iluvatar_open_return_is_not_guessed(iluvatar: Offering) -> None:
    # Reuters (iluvatar_corex/S3) prints +31.6% at the open but no opening price; only
    # AI-generated pages give one (HK$190.20), and those never supply a value.
    with pytest.raises(ipm.FigureUnavailableError, match=r"first_day\.open is unknown"):
        iluvatar.first_day_return("open")


def test_biren_close_is_not_guessed(offerings: dict[str, Offering]) -> None:
    # biren/S3 (Reuters) says only that the stock "soared 76%"; no admissible source prints the
    # closing price (an AI-generated page's HK$34.6 is recorded as a conflict, never used).
    with pytest.raises(ipm.FigureUnavailableError, match=r"first_day\.close is unknown"):
        offerings["biren"].first_day_return("close")


@pytest.mark.parametrize(
    ("key", "at", "reported", "tol"),
    [
        ("zhipu", "offer", 51 * BN, 0.5 * BN),  # zhipu/S2 Reuters: "near HK$51 billion"
        ("zhipu", "open", 52_828 * M, 5 * M),  # zhipu/S6 Anue: "528.28 億港元"
        ("zhipu", "close", 58 * BN, 0.5 * BN),  # zhipu/S5 Cailian: "接近580亿港元"
        ("minimax", "open", 72.8 * BN, 0.05 * BN),  # minimax/S2 SCMP: "HK$72.8 billion"
        ("iluvatar_corex", "offer", 36_774 * M, 5 * M),  # iluvatar_corex/S6: "367.74亿"
        ("biren", "open", 85.5 * BN, 0.05 * BN),  # biren/S2 SCMP: "HK$85.5 billion"
    ],
)
def test_market_caps_match_what_was_reported(
    offerings: dict[str, Offering], key: str, at: str, reported: float, tol: float
) -> None:
    cap = offerings[key].market_cap(at)  # type: ignore[arg-type]
    assert float(cap) == pytest.approx(reported, abs=tol)


def test_minimax_close_market_cap_conflict_is_kept_not_hidden(minimax: Offering) -> None:
    # minimax/S7 reports "about HK$105.4 billion" at the close, but HK$345.00 x 309,255,668
    # shares in issue (minimax/S1) is HK$106.69 billion. The record keeps the printed figure
    # and lists the disagreement; the library computes from price x shares.
    assert minimax.proceeds.gross.src == "S1"
    cap = float(minimax.market_cap("close"))
    assert cap == pytest.approx(106.69 * BN, abs=0.005 * BN)
    assert abs(cap - 105.4 * BN) > 1 * BN
    fields = [c.field for c in minimax.conflicts]
    assert "first_day.market_cap_close" in fields


def test_minimax_public_multiple_official_figure_stands(minimax: Offering) -> None:
    # minimax/S1 prints 1,837.17 times; Futu's pre-close estimate of about 1,209 times
    # (minimax/S10-S12, broker estimate) is recorded as the losing side of a conflict.
    multiple = minimax.demand.hk_public
    assert multiple is not None
    assert multiple.subscription_multiple.value == Decimal("1837.17")
    assert minimax.source_of("demand.hk_public.subscription_multiple") == minimax.source("S1")
    conflict = next(
        c for c in minimax.conflicts if c.field == "demand.hk_public.subscription_multiple"
    )
    assert conflict.other == 1209
    assert conflict.stands == Decimal("1837.17")


@pytest.mark.parametrize(
    ("key", "printed_multiple"),
    [
        ("zhipu", 1159.46),  # zhipu/S1: "1,159.46 times"
        ("minimax", 1837.17),  # minimax/S1: "1,837.17 times"
        ("iluvatar_corex", 414.24),  # iluvatar_corex/S1: "414.24 times"
        ("biren", 2347.53),  # biren/S1: "2,347.53 times"
    ],
)
def test_public_multiple_recomputes_from_the_allocation_table_demand(
    offerings: dict[str, Offering], key: str, printed_multiple: float
) -> None:
    # Shares applied = sum of shares_applied x valid_applications over each announcement's
    # basis-of-allocation table (kept under `derived` in the record: a sum, no estimate),
    # divided by the public shares initially offered (printed in S1).
    o = offerings[key]
    applied = o.derived["demand.hk_public.shares_applied"].value
    public = o.shares.hk_public
    assert isinstance(applied, int)
    assert public is not None
    assert public.initial.value is not None
    result = ipm.subscription_multiple(applied, public.initial.value)
    assert result == pytest.approx(printed_multiple, abs=0.005)


def test_money_left_on_table_zhipu(zhipu: Offering) -> None:
    # No source prints this figure. From zhipu/S1 (HK$116.20, 37,419,500 shares) and the
    # close of HK$131.50 (zhipu/S2 Reuters): 15.30 x 37,419,500 = 572,518,350, by hand.
    assert zhipu.money_left_on_table() == Decimal("572518350")


def test_gross_spread_moore_threads_definition() -> None:
    # Moore Threads prospectus (moore_threads/S4): underwriting fee CNY 38,898.00万 =
    # 388,980,000; gross proceeds (moore_threads/S3) CNY 799,960.00万 = 7,999,600,000;
    # rules.md section 7 gives 4.86%.
    assert ipm.gross_spread(388_980_000, 7_999_600_000) == pytest.approx(0.0486, abs=0.00005)
