"""Amounts in words: Chinese financial capital numerals (大写金额) and English words.

The Chinese form follows the People's Bank of China rules for writing amounts on bills
(《正确填写票据和结算凭证的基本规定》):
- a zero between digits is written 零, and a run of zeros (even across 万 and 亿) only once:
  1,001 -> 壹仟零壹元整, 100,001,000 -> 壹亿零壹仟元整 (cn2an 0.5 drops this 零, so the rule is written here);
- 整 follows 元 when there are no 角 and 分; after 角 it is left out (the rules allow either);
- when 角 is 0 and 分 is not, 零 is written after 元: 1,000.05 -> 壹仟元零伍分;
- when only the 元 digit is 0 and 角 is not, the rules allow 零 or not; we write none, as most banks print:
  100.10 -> 壹佰元壹角, 1,680.32 -> 壹仟陆佰捌拾元叁角贰分;
- tens keep their 壹: 10 -> 壹拾元整; amounts under one 元 start at 角 or 分: 0.05 -> 伍分; 0 -> 零元整.
"""

from decimal import Decimal, InvalidOperation

from .errors import ContextInvalid

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ("仟", "佰", "拾", "")  # within a group of four digits
MAX_AMOUNT = Decimal("9999999999999999.99")  # sixteen digits of 元: up to 仟万亿
CENT = Decimal("0.01")


def to_amount(value):
    """An amount as a Decimal with two places; refuses negatives, more than two decimals and out-of-range values."""
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise ContextInvalid(f"{value!r} is not an amount; write it like 123456.78") from None
    if not amount.is_finite():
        raise ContextInvalid(f"{value!r} is not an amount; write it like 123456.78")
    if amount < 0:
        raise ContextInvalid(f"the amount {value} is negative; amounts in documents must be zero or more")
    if amount != amount.quantize(CENT):
        raise ContextInvalid(f"the amount {value} has more than two decimals; round it to fen (0.01)")
    if amount > MAX_AMOUNT:
        raise ContextInvalid(f"the amount {value} is too large; the most is {MAX_AMOUNT:,}")
    return amount.quantize(CENT)


def capital_numerals(amount):
    """The amount in Chinese financial capitals, e.g. 123456 -> 壹拾贰万叁仟肆佰伍拾陆元整 (no currency prefix)."""
    amount = to_amount(amount)
    yuan = int(amount)
    jiao, fen = divmod(int((amount - yuan) * 100), 10)
    if yuan == 0 and jiao == 0 and fen == 0:
        return "零元整"
    words = _yuan_words(yuan) + "元" if yuan else ""
    if jiao == 0 and fen == 0:
        return words + "整"
    if jiao:
        words += DIGITS[jiao] + "角"
    elif yuan:
        words += "零"
    return words + (DIGITS[fen] + "分" if fen else "")


def _yuan_words(number):
    """The whole part: groups of four digits under 万, 亿 and 万亿, with one 零 for each run of zeros."""
    groups = []
    while number:
        number, group = divmod(number, 10000)
        groups.append(group)
    words, zero_pending = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero_pending = bool(words)
            continue
        if words and (zero_pending or group < 1000):
            words += "零"
        words += _group_words(group) + _group_unit(index, groups)
        zero_pending = False
    return words


def _group_words(group):
    """Four digits or fewer, zeros inside written once as 零, trailing zeros silent."""
    words, zero_pending = "", False
    for digit, place in zip(f"{group:04d}", PLACES, strict=True):
        if digit == "0":
            zero_pending = bool(words)
            continue
        if zero_pending:
            words += "零"
        words += DIGITS[int(digit)] + place
        zero_pending = False
    return words


def _group_unit(index, groups):
    """万, 亿, and 万 again above 亿 (written 万亿 when the 亿 group itself is empty)."""
    if index == 3:
        return "万" if groups[2] else "万亿"
    return ("", "万", "亿")[index]


ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
SCALES = ("", "thousand", "million", "billion", "trillion", "quadrillion")


def english_words(amount):
    """The amount in English words, cents as a fraction: 1001.5 -> 'one thousand one and 50/100'."""
    amount = to_amount(amount)
    whole, cents = int(amount), int((amount - int(amount)) * 100)
    parts, scale = [], 0
    while whole:
        whole, group = divmod(whole, 1000)
        if group:
            parts.append(_hundreds(group) + (f" {SCALES[scale]}" if scale else ""))
        scale += 1
    words = " ".join(reversed(parts)) or "zero"
    return f"{words} and {cents:02d}/100"


def _hundreds(number):
    """Words for 1..999."""
    hundreds, rest = divmod(number, 100)
    words = [f"{ONES[hundreds]} hundred"] if hundreds else []
    if rest >= 20:
        words.append(TENS[rest // 10] + (f"-{ONES[rest % 10]}" if rest % 10 else ""))
    elif rest:
        words.append(ONES[rest])
    return " ".join(words)
