"""ipometrics.metrics: one formula each, the same result for every input kind.

Input kinds are exercised through one parametrised fixture (scalar, ndarray, Series with a
string index, Series with an integer index), never by copied tests.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipometrics import metrics

# Zhipu (zhipu/S1 HKEX allotment announcement, 2026-01-07, and the close of HK$131.50 from
# zhipu/S2 Reuters) and MiniMax (minimax/S1, 2026-01-08; close HK$345.00 from minimax/S6):
# the inputs of each case; expected values are the printed figures with their rounding.
OFFER = [116.20, 165.00]
SHARES = [37_419_500, 29_197_600]
CLOSE = [131.50, 345.00]
EXPENSES = [174_700_000, 221_500_000]


class Kind:
    """Wrap plain lists into one input kind and read results back as a list of floats."""

    def __init__(self, name: str, wrap: Callable[[Sequence[float]], Any]) -> None:
        self.name = name
        self.wrap = wrap

    def values(self, result: Any) -> list[float]:
        if isinstance(result, pd.Series):
            return [float(x) for x in result.to_numpy()]
        return [float(x) for x in np.atleast_1d(result)]


KINDS = [
    Kind("ndarray", lambda v: np.asarray(v, dtype=np.float64)),
    Kind("series_str_index", lambda v: pd.Series(v, index=[f"r{i}" for i in range(len(v))])),
    Kind("series_int_index", lambda v: pd.Series(v, index=[10 + 3 * i for i in range(len(v))])),
]


@pytest.fixture(params=KINDS, ids=lambda k: k.name)
def kind(request: pytest.FixtureRequest) -> Kind:
    result: Kind = request.param
    return result


def test_gross_proceeds_all_kinds(kind: Kind) -> None:
    result = metrics.gross_proceeds(kind.wrap(OFFER), kind.wrap(SHARES))
    # zhipu/S1 "HK$4,348.1 million"; minimax/S1 "HK$4,817.6 million".
    assert kind.values(result) == pytest.approx([4_348.1e6, 4_817.6e6], abs=0.05e6)


def test_net_proceeds_all_kinds(kind: Kind) -> None:
    gross = metrics.gross_proceeds(kind.wrap(OFFER), kind.wrap(SHARES))
    result = metrics.net_proceeds(gross, kind.wrap(EXPENSES))
    # zhipu/S1 "HK$4,173.4 million"; minimax/S1 "HK$4,596.1 million" (0.1m: two roundings).
    assert kind.values(result) == pytest.approx([4_173.4e6, 4_596.1e6], abs=0.1e6)


def test_first_day_return_all_kinds(kind: Kind) -> None:
    result = metrics.first_day_return(kind.wrap(OFFER), kind.wrap(CLOSE))
    # zhipu/S5 "13.17%"; minimax/S6 "109.09%".
    assert kind.values(result) == pytest.approx([0.1317, 1.0909], abs=0.00005)


def test_subscription_multiple_all_kinds(kind: Kind) -> None:
    # Shares applied over each allocation table / initial public shares (zhipu/S1,
    # minimax/S1): printed "1,159.46 times" and "1,837.17 times".
    applied = kind.wrap([2_169_357_600, 2_332_255_220])
    result = metrics.subscription_multiple(applied, kind.wrap([1_871_000, 1_269_480]))
    assert kind.values(result) == pytest.approx([1159.46, 1837.17], abs=0.005)


def test_market_cap_and_money_left_all_kinds(kind: Kind) -> None:
    # Zhipu open HK$120.00 x 440,230,190 shares: zhipu/S6 "528.28 億港元".
    cap = metrics.market_cap(kind.wrap([120.0]), kind.wrap([440_230_190]))
    assert kind.values(cap) == pytest.approx([52_828e6], abs=5e6)
    left = metrics.money_left_on_table(
        kind.wrap([116.2]), kind.wrap([131.5]), kind.wrap([37_419_500])
    )
    assert kind.values(left) == pytest.approx([15.30 * 37_419_500], abs=0.01)


def test_series_keeps_its_index_and_name_free_alignment() -> None:
    index = pd.Index([7, 3, 11])
    price = pd.Series([116.2, 165.0, 144.6], index=index)
    shares = pd.Series([37_419_500, 29_197_600, 25_431_800], index=index)
    result = metrics.gross_proceeds(price, shares)
    assert isinstance(result, pd.Series)
    assert list(result.index) == [7, 3, 11]


def test_array_keeps_its_shape() -> None:
    price = np.full((2, 3), 10.0)
    result = metrics.gross_proceeds(price, np.ones((2, 3)))
    assert isinstance(result, np.ndarray)
    assert result.shape == (2, 3)


def test_scalar_in_scalar_out() -> None:
    assert isinstance(metrics.first_day_return(116.2, 131.5), float)
    exact = metrics.first_day_return(Decimal("116.20"), Decimal("131.50"))
    assert isinstance(exact, Decimal)
    assert exact.quantize(Decimal("0.0001")) == Decimal("0.1317")


def test_nan_in_nan_out(kind: Kind) -> None:
    result = metrics.first_day_return(kind.wrap([116.2, 116.2]), kind.wrap([np.nan, 131.5]))
    values = kind.values(result)
    assert np.isnan(values[0])
    assert values[1] == pytest.approx(0.1317, abs=0.00005)
    assert np.isnan(metrics.first_day_return(116.2, float("nan")))


def test_invalid_elements_become_nan_without_warnings(kind: Kind) -> None:
    # Zero offer price, negative shares: NaN for that element only (pytest turns any
    # RuntimeWarning into a failure here).
    result = metrics.first_day_return(kind.wrap([0.0, 116.2, -1.0]), kind.wrap([1.0, 131.5, 1.0]))
    values = kind.values(result)
    assert np.isnan(values[0])
    assert np.isnan(values[2])
    assert values[1] == pytest.approx(0.1317, abs=0.00005)
    multiple = metrics.subscription_multiple(kind.wrap([10.0, 10.0]), kind.wrap([0.0, 5.0]))
    assert kind.values(multiple)[1] == 2.0
    assert np.isnan(kind.values(multiple)[0])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: metrics.gross_proceeds(0, 100), r"price must be > 0, got 0"),
        (lambda: metrics.gross_proceeds(116.2, -1), r"shares must be >= 0, got -1"),
        (lambda: metrics.net_proceeds(-5.0, 1), r"gross must be >= 0, got -5\.0"),
        (lambda: metrics.net_proceeds(5, -1), r"expenses must be >= 0, got -1"),
        (lambda: metrics.first_day_return(-116.2, 131.5), r"offer_price must be > 0, got -116\.2"),
        (lambda: metrics.first_day_return(116.2, 0), r"price must be > 0, got 0"),
        (lambda: metrics.subscription_multiple(10, 0), r"shares_offered must be > 0, got 0"),
        (lambda: metrics.subscription_multiple(-1, 10), r"shares_applied must be >= 0, got -1"),
        (lambda: metrics.market_cap(Decimal(0), 10), r"price must be > 0, got Decimal\('0'\)"),
        (lambda: metrics.market_cap(1.0, -10), r"shares_outstanding must be >= 0, got -10"),
        (lambda: metrics.money_left_on_table(1, 0, 10), r"close must be > 0, got 0"),
        (lambda: metrics.money_left_on_table(1, 2, -10), r"shares_sold must be >= 0, got -10"),
        (lambda: metrics.gross_spread(-1, 10), r"fees must be >= 0, got -1"),
        (lambda: metrics.gross_spread(1, 0), r"gross must be > 0, got 0"),
    ],
)
def test_invalid_scalars_raise_naming_argument_and_value(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: metrics.gross_proceeds(Decimal("116.20"), 1.5),  # type: ignore[type-var]
            r"price is Decimal but shares is float or array",
        ),
        (
            lambda: metrics.first_day_return(Decimal("116.20"), np.array([131.5])),  # type: ignore[type-var]
            r"offer_price is Decimal but price is float or array",
        ),
        (lambda: metrics.gross_proceeds(True, 10), r"price must be a number, got True"),
        (lambda: metrics.gross_proceeds("116.2", 10), r"price must be a number.*got str"),  # type: ignore[type-var]
        (
            lambda: metrics.gross_proceeds(pd.Series(["a"]), 10),
            r"price must have a numeric dtype",
        ),
        (
            lambda: metrics.gross_proceeds(np.array(["a"]), 10),
            r"price must have a numeric dtype, got an array of <U1",
        ),
    ],
)
def test_wrong_kinds_raise_type_error(call: Callable[[], object], message: str) -> None:
    with pytest.raises(TypeError, match=message):
        call()


def test_decimal_stays_exact() -> None:
    assert metrics.gross_proceeds(Decimal("144.60"), 25_431_800) == Decimal("3677438280.00")
    assert metrics.money_left_on_table(Decimal("116.20"), Decimal("131.50"), 37_419_500) == Decimal(
        "572518350.00"
    )


@given(
    price=st.decimals(min_value="0.01", max_value="10000", places=2),
    shares=st.integers(min_value=0, max_value=10**10),
)
def test_float_and_decimal_paths_agree_within_float_rounding(price: Decimal, shares: int) -> None:
    # float64 carries 53 bits: converting the price and rounding the product each cost at most
    # half an ulp, so the float result is within (1 + 2**-53)**2 - 1 < 2**-51 of the exact
    # one, relatively. "To the cent" cannot hold over this whole domain: at 10**13 one ulp is
    # already about 0.002.
    exact = metrics.gross_proceeds(price, shares)
    vector = metrics.gross_proceeds(np.array([float(price)]), np.array([float(shares)]))
    assert abs(Decimal(float(vector[0])) - exact) <= exact * Decimal(2) ** -51


@given(
    price=st.decimals(min_value="0.01", max_value="10000", places=2),
    shares=st.integers(min_value=0, max_value=10**8),
)
def test_float_and_decimal_paths_agree_to_the_cent_for_real_offer_sizes(
    price: Decimal, shares: int
) -> None:
    # Up to HK$10**12 (the largest IPO ever raised about US$29bn): the float path is exact to
    # the cent, which is what to_frame promises.
    exact = metrics.gross_proceeds(price, shares)
    vector = metrics.gross_proceeds(np.array([float(price)]), np.array([float(shares)]))
    assert abs(Decimal(float(vector[0])) - exact) <= Decimal("0.005")


@given(
    offer=st.floats(min_value=0.01, max_value=1e4),
    close=st.floats(min_value=0.01, max_value=1e4),
    shares=st.integers(min_value=0, max_value=10**10),
)
def test_money_left_equals_return_times_gross(offer: float, close: float, shares: int) -> None:
    left = metrics.money_left_on_table(offer, close, shares)
    via_return = metrics.first_day_return(offer, close) * metrics.gross_proceeds(offer, shares)
    assert left == pytest.approx(via_return, rel=1e-9, abs=1e-6)


def test_a_callers_decimal_context_does_not_change_a_result() -> None:
    # zhipu/S1: HK$116.20 x 37,419,500 = HK$4,348,145,900 (printed HK$4,348.1 million). With the
    # caller's context at 5 digits, an unguarded product would be 4.3481E+9.
    import decimal

    offer, close = Decimal("116.20"), Decimal("131.50")  # zhipu/S1 offer, zhipu/S5 close
    expected = metrics.first_day_return(offer, close)
    assert str(expected).startswith("0.131669535283993")  # 15.30 / 116.20, 34 digits
    with decimal.localcontext() as ctx:
        ctx.prec = 5
        assert metrics.gross_proceeds(offer, 37_419_500) == Decimal("4348145900.00")
        assert metrics.first_day_return(offer, close) == expected
