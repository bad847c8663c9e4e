from decimal import Decimal

from samordna.lib.money import kr, thousands, whole_kronor


def test_swedish_thousands_and_currency():
    assert kr(2750000) == "2 750 000 kr"
    assert thousands(-5000) == "−5 000"
    assert thousands(0) == "0"


def test_whole_kronor_rounds_half_up():
    assert whole_kronor(Decimal("1220000.5")) == 1220001
    assert whole_kronor(Decimal("0.49")) == 0
