"""Contract terms the approval policy reads: payment terms, liability cap, governing law."""

import pytest

from tests.factories import contract_body


def test_terms_default_to_the_company_standard(api_as, customer):
    contract = api_as("sales").post("/contracts", contract_body(customer.id)).json
    assert (contract["payment_terms_days"], contract["liability_cap"], contract["governing_law"]) == (30, True, "CN")


def test_terms_are_stored_as_sent(api_as, customer):
    body = contract_body(customer.id, payment_terms_days=90, liability_cap="2500000", governing_law="us-ny")
    contract = api_as("sales").post("/contracts", body).json
    assert (contract["payment_terms_days"], contract["liability_cap"], contract["governing_law"]) == (
        90, "2500000.00", "US-NY")
    uncapped = api_as("sales").post("/contracts", contract_body(customer.id, liability_cap=False)).json
    assert uncapped["liability_cap"] is False


@pytest.mark.parametrize("override, field", [
    ({"payment_terms_days": -1}, "payment_terms_days"),
    ({"payment_terms_days": "soon"}, "payment_terms_days"),
    ({"liability_cap": 0}, "liability_cap"),
    ({"liability_cap": "lots"}, "liability_cap"),
    ({"governing_law": "China"}, "governing_law"),
])
def test_bad_terms_are_422_and_create_nothing(api_as, customer, override, field):
    sales = api_as("sales")
    response = sales.post("/contracts", contract_body(customer.id, **override))
    assert response.status_code == 422 and response.json["error"]["field"].startswith(field)
    assert sales.get("/contracts").json == []
