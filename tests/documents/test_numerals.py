import pytest

from service.documents.errors import ContextInvalid
from service.documents.numerals import capital_numerals, english_words


@pytest.mark.parametrize("amount, words", [
    ("0", "零元整"),
    ("0.05", "伍分"),
    ("0.50", "伍角"),
    ("10", "壹拾元整"),
    ("100.10", "壹佰元壹角"),  # the 元 digit is zero: the rules allow 零 or not; we write none
    ("1001", "壹仟零壹元整"),
    ("1010", "壹仟零壹拾元整"),
    ("10005.50", "壹万零伍元伍角"),
    ("1000.05", "壹仟元零伍分"),  # 角 is zero, 分 is not: 零 is required
    ("123456", "壹拾贰万叁仟肆佰伍拾陆元整"),
    ("100000000", "壹亿元整"),
    ("100001000", "壹亿零壹仟元整"),  # a whole empty 万 group still gives its 零 (cn2an 0.5 drops it)
    ("123456789.12", "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分"),
    ("1000000000000", "壹万亿元整"),
    ("1000100000000", "壹万零壹亿元整"),
    ("9999999999999999.99", "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
])
def test_capital_numerals(amount, words):
    assert capital_numerals(amount) == words


@pytest.mark.parametrize("amount, message", [
    ("-1", "negative"), ("1.005", "more than two decimals"), ("10000000000000000", "too large"),
    ("abc", "not an amount"),
])
def test_capital_numerals_refuses(amount, message):
    with pytest.raises(ContextInvalid, match=message):
        capital_numerals(amount)


def test_english_words():
    assert english_words("123456.12") == "one hundred twenty-three thousand four hundred fifty-six and 12/100"
    assert english_words("0") == "zero and 00/100"
    assert english_words("1000001") == "one million one and 00/100"
