from datetime import date

import pytest

from service.documents import formatting
from service.documents.context import build_context
from service.documents.errors import ContextInvalid
from service.documents.samples import sample_inputs


def test_amounts_and_dates_in_english():
    context = build_context(language="en", **sample_inputs())
    contract = context["contract"]
    assert contract["amount"] == "CNY 123,456.00"
    assert contract["amount_figures"] == "¥123,456.00"
    assert contract["amount_in_words"] == "CNY one hundred twenty-three thousand four hundred fifty-six and 00/100"
    assert contract["end_date"] == "31 December 2027"
    assert contract["kind"] == "Sales Contract"


def test_amounts_and_dates_in_chinese():
    context = build_context(language="zh_CN", **sample_inputs())
    contract = context["contract"]
    assert contract["amount"] == "¥123,456.00"
    assert contract["amount_in_words"] == "人民币壹拾贰万叁仟肆佰伍拾陆元整"
    assert contract["end_date"] == "2027年12月31日"
    assert contract["governing_law"] == "中华人民共和国"
    assert context["today"] == "2026年1月1日"


def test_line_items_are_computed_and_totalled():
    context = build_context(language="en", **sample_inputs())
    assert [item["amount"] for item in context["line_items"]] == ["CNY 100,000.00", "CNY 23,456.00"]
    assert context["line_items"][1]["quantity"] == "2.5"
    assert context["line_items_total"] == "CNY 123,456.00"


def test_uncapped_liability_leaves_the_cap_empty():
    inputs = sample_inputs(contract={**sample_inputs()["contract"], "liability_capped": False})
    contract = build_context(language="en", **inputs)["contract"]
    assert contract["liability_capped"] is False
    assert contract["liability_cap"] == ""


@pytest.mark.parametrize("change, message", [
    ({"amount": None}, "contract.amount"),
    ({"amount": "-5"}, "negative"),
    ({"currency": "XYZ"}, "unknown currency"),
    ({"end_date": "31/12/2027"}, "not a date"),
])
def test_bad_contract_data_is_refused(change, message):
    inputs = sample_inputs(contract={**sample_inputs()["contract"], **change})
    with pytest.raises(ContextInvalid, match=message):
        build_context(language="en", **inputs)


def test_unknown_language_is_refused():
    with pytest.raises(ContextInvalid, match="en or zh_CN"):
        build_context(language="fr", **sample_inputs())


def test_dates_accept_date_objects():
    assert formatting.format_date(date(2027, 2, 3), "en") == "3 February 2027"
    assert formatting.format_date("2027-02-03", "zh_CN") == "2027年2月3日"
