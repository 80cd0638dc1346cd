import pytest

from tests.factories import contract_body


def test_create_contract_starts_the_lifecycle(api_as, customer):
    sales = api_as("sales")
    response = sales.post("/contracts", contract_body(customer.id))
    assert response.status_code == 201
    contract = response.json
    assert contract["status"] == "draft" and contract["number"].startswith("C")
    assert contract["amount"] == "12000.50" and contract["owner"] == sales.user.username
    assert [t["name"] for t in contract["open_tasks"]] == ["prepare_draft"]
    assert contract["open_tasks"][0]["assignee"] == sales.user.username


def test_amount_may_be_a_number(api_as, customer):
    response = api_as("sales").post("/contracts", contract_body(customer.id, amount=99.5))
    assert response.status_code == 201 and response.json["amount"] == "99.50"


@pytest.mark.parametrize("override, field", [
    ({"customer_id": 424242}, "customer_id"),
    ({"amount": "-1"}, "amount"),
    ({"amount": "lots"}, "amount"),
    ({"currency": "XYZ"}, "currency"),
    ({"kind": "lease"}, "kind"),
    ({"start_date": "2027-02-01", "end_date": "2027-01-01"}, None),
    ({"start_date": "01/02/2027"}, "start_date"),
    ({"title": ""}, "title"),
])
def test_invalid_contract_is_422_and_creates_nothing(api_as, customer, override, field):
    sales = api_as("sales")
    response = sales.post("/contracts", contract_body(customer.id, **override))
    assert response.status_code == 422
    assert response.json["error"].get("field") == field
    assert response.json["error"]["message"]
    assert sales.get("/contracts").json == []


def test_end_before_start_message_says_so(api_as, customer):
    body = contract_body(customer.id, start_date="2027-02-01", end_date="2027-01-01")
    assert "end_date is before start_date" in api_as("sales").post("/contracts", body).json["error"]["message"]


def test_finance_may_not_create_contracts(api_as, customer):
    assert api_as("finance").post("/contracts", contract_body(customer.id)).status_code == 403


def test_filter_and_search(api_as, customer):
    sales = api_as("sales")
    sales.post("/contracts", contract_body(customer.id, title="Alpha order"))
    sales.post("/contracts", contract_body(customer.id, title="Beta framework", kind="framework"))
    assert [c["title"] for c in sales.get("/contracts", q="beta").json] == ["Beta framework"]
    assert [c["title"] for c in sales.get("/contracts", kind="order").json] == ["Alpha order"]
    assert len(sales.get("/contracts", status="draft", customer_id=customer.id).json) == 2
    assert sales.get("/contracts", status="signed").status_code == 422


def test_other_sales_user_cannot_see_the_contract(api_as, customer):
    contract = api_as("sales").post("/contracts", contract_body(customer.id)).json
    other = api_as("sales")
    assert other.get(f"/contracts/{contract['id']}").status_code == 404
    assert other.get("/contracts").json == []


def test_manager_sees_every_contract(api_as, customer):
    contract = api_as("sales").post("/contracts", contract_body(customer.id)).json
    assert api_as("manager").get(f"/contracts/{contract['id']}").json["number"] == contract["number"]
