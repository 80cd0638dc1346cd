"""Task forms declared in the diagram (`fields` property), validated on the server before the engine runs."""

from pathlib import Path

import pytest

from service.errors import Invalid
from service.inbox import task_fields
from service.processes import service as processes

FORM = task_fields.parse("payment_terms_days:int:required,discount:decimal,signed:bool,starts:date,notes")


def test_a_declaration_names_types_and_required_fields():
    assert [(f.name, f.type, f.required) for f in FORM] == [
        ("payment_terms_days", "int", True), ("discount", "decimal", False), ("signed", "bool", False),
        ("starts", "date", False), ("notes", "str", False)]


@pytest.mark.parametrize("declaration", ["Bad-Name", "days:integer", "decision", "x:int:optional"])
def test_a_bad_declaration_is_refused(declaration):
    with pytest.raises(ValueError, match="invalid form field"):
        task_fields.parse(declaration)


def test_values_are_converted_to_their_types():
    data = {"payment_terms_days": "45", "discount": 2.5, "signed": "yes", "starts": "2027-01-31", "notes": " hi "}
    assert task_fields.validate(FORM, data) == {"payment_terms_days": 45, "discount": "2.5", "signed": True,
                                          "starts": "2027-01-31", "notes": "hi"}


@pytest.mark.parametrize("data, field, message", [
    ({}, "data.payment_terms_days", "is required"),
    ({"payment_terms_days": "  "}, "data.payment_terms_days", "is required"),
    ({"payment_terms_days": "4.5"}, "data.payment_terms_days", "a whole number"),
    ({"payment_terms_days": True}, "data.payment_terms_days", "a whole number"),
    ({"payment_terms_days": 1, "discount": "NaN"}, "data.discount", "a number"),
    ({"payment_terms_days": 1, "signed": "maybe"}, "data.signed", "true or false"),
    ({"payment_terms_days": 1, "starts": "31/01/2027"}, "data.starts", "a date"),
    ({"payment_terms_days": 1, "notes": 5}, "data.notes", "text"),
    ({"payment_terms_days": 1, "colour": "red"}, "data.colour", "unknown field"),
])
def test_wrong_values_are_422_naming_the_field(data, field, message):
    with pytest.raises(Invalid, match=message) as error:
        task_fields.validate(FORM, data)
    assert error.value.field == field


def test_a_diagram_with_a_bad_form_is_not_deployed(app):
    source = (Path(app.config["BPMN_DIR"]) / "approval.bpmn").read_bytes().replace(
        b'value="risk_notes:str"', b'value="risk notes:text"')
    sources = {**processes.sources_for(app.config["BPMN_DIR"], "approval"), "approval.bpmn": source}
    with pytest.raises(Invalid, match="legal_approval: invalid form field 'risk notes:text'"):
        processes.deploy(process_id="approval", sources=sources)
