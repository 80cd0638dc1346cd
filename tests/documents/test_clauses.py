import pytest

from service.documents.clauses import choose, load_library, shipped_library
from service.documents.errors import ClauseLibraryInvalid


def used(contract, language="en"):
    return {slot: v["variant"] for slot, v in choose(library=shipped_library(), contract=contract,
                                                     language=language).used.items()}


def test_variants_follow_amount_tier_law_and_terms(contract):
    assert used(contract) == {"liability": "standard", "governing_law": "china", "payment": "standard"}
    big = {**contract, "amount": "2000000", "governing_law": "HK", "payment_terms_days": 60}
    assert used(big) == {"liability": "large_contract", "governing_law": "other", "payment": "extended"}
    assert used({**contract, "amount": "99999.99"})["liability"] == "small_contract"
    assert used({**contract, "amount": "99999.99", "liability_capped": False})["liability"] == "uncapped"
    assert used({**contract, "kind": "nda", "amount": "0"})["liability"] == "confidentiality"


def test_the_text_is_in_the_requested_language(contract):
    selection = choose(library=shipped_library(), contract=contract, language="zh_CN")
    assert selection.texts["governing_law"].startswith("本合同的订立、效力、解释")


def library(*variants):
    return {"clauses": [{"slot": "x", "name": "x", "variants": list(variants)}]}


def variant(name, when=None, text="Text."):
    return {"name": name, "when": when, "text": {"en": text, "zh_CN": text}}


@pytest.mark.parametrize("data, message", [
    (library(variant("a", [{"field": "amount", "op": "lt", "value": 5}])), "add a default variant"),
    (library(variant("d"), variant("a", [{"field": "amount", "op": "lt", "value": 5}])), "must come last"),
    (library(variant("a", [{"field": "amount", "op": "between", "value": 5}]), variant("d")), "unknown operator"),
    (library(variant("a", [{"field": "__class__", "op": "eq", "value": 5}]), variant("d")), "unknown field"),
    (library(variant("a", [{"field": "kind", "op": "lt", "value": "x"}]), variant("d")), "kind is not a number"),
    (library(variant("d", text="{{ contract.amout }}")), "did you mean contract.amount"),
    ({"clauses": [{"slot": "x", "name": "x", "variants": [{"name": "d", "text": {"en": "A"}}]}]}, "text in zh_CN"),
])
def test_malformed_libraries_are_refused(data, message):
    with pytest.raises(ClauseLibraryInvalid, match=message):
        load_library(data=data)


def test_in_and_eq_conditions_compare_values():
    clauses = load_library(data=library(variant("eu", [{"field": "currency", "op": "in", "value": ["EUR", "GBP"]}]),
                                        variant("d")))
    assert choose(library=clauses, contract={"currency": "GBP"}, language="en").used["x"]["variant"] == "eu"
    assert choose(library=clauses, contract={"currency": "CNY"}, language="en").used["x"]["variant"] == "d"
