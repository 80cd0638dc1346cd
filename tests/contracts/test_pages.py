import pytest

from service.auth import service as auth
from service.contracts import service as contracts
from service.extensions import db
from service.inbox import service as inbox
from tests.factories import contract as create_contract

GOOD = {"title": "Support order", "kind": "order", "amount": "12000.50", "currency": "CNY",
        "start_date": "2027-01-01", "end_date": "2027-12-31", "payment_terms_days": "30", "liability": "capped"}


def test_sales_creates_a_draft_through_the_form(web_as, customer):
    sales = web_as("sales")
    page = sales.get("/contracts/new").get_data(as_text=True)
    assert f'<option value="{customer.id}">ACME Ltd. (ACME)</option>' in page
    response = sales.post("/contracts/new", {**GOOD, "customer_id": customer.id})
    created = contracts.search(user=sales.user)[0]
    assert response.location == f"/contracts/{created.id}" and created.status == "draft"
    assert inbox.open_tasks_for(created.id)[0].assignee_id == sales.user.id


@pytest.mark.parametrize("override, field, message", [
    ({"end_date": "2026-12-31"}, "end_date", "The end date is before the start date."),
    ({"amount": "-1"}, "amount", "Enter an amount from 0 to"),
    ({"amount": "lots"}, "amount", "Not a valid decimal value."),
    ({"amount": "1.005"}, "amount", "At most two decimals."),
    ({"title": ""}, "title", "This field is required."),
    ({"kind": "lease"}, "kind", "Not a valid choice."),
    ({"start_date": "01/02/2027"}, "start_date", "Not a valid date value."),
    ({"customer_id": "424242"}, "customer_id", "No customer with id 424242"),
    ({"payment_terms_days": "4000"}, "payment_terms_days", "From 0 to 3650 days."),
    ({"liability": "amount"}, "liability_cap", "Enter the cap, or choose another kind of liability."),
    ({"governing_law": "China"}, "governing_law", "The governing law is a country code such as CN"),
])
def test_invalid_contract_shows_the_error_next_to_the_field_and_creates_nothing(web_as, customer, override, field,
                                                                                 message):
    sales = web_as("sales")
    response = sales.post("/contracts/new", {**GOOD, "customer_id": customer.id, **override})
    assert response.status_code == 200
    assert f'data-field="{field}">{message}' in response.get_data(as_text=True)
    assert contracts.search(user=sales.user) == []


def test_roles_that_do_not_create_contracts_get_403(web_as, customer):
    legal = web_as("legal")
    assert legal.get("/contracts/new").status_code == 403
    assert legal.post("/contracts/new", {**GOOD, "customer_id": customer.id}).status_code == 403
    assert "New contract" not in legal.get("/contracts").get_data(as_text=True)


def test_contract_page_shows_fields_timeline_open_tasks_and_history(web_as, submitted):
    owner, contract, task = submitted
    page = web_as(user=owner).get(f"/contracts/{contract.id}").get_data(as_text=True)
    assert contract.number in page and "¥12,000.50" in page and "Jan 1, 2027 – Dec 31, 2027" in page
    timeline = page.split('data-testid="timeline"')[1]
    assert timeline.index('data-status="draft"') < timeline.index('data-status="in_approval"')
    assert f'href="/tasks/{task.id}"' in page.split('data-testid="open-tasks"')[1]
    assert "Submitted" in page.split('data-testid="history"')[1]


def test_list_filters_by_status_kind_customer_and_text(web_as, submitted, customer, make_user):
    owner = submitted[0]
    create_contract(owner, customer, title="Consulting framework", kind="framework")
    sales = web_as(user=owner)
    assert "Consulting framework" in sales.get("/contracts?status=draft").get_data(as_text=True)
    assert "Support order" not in sales.get("/contracts?status=draft").get_data(as_text=True)
    assert "Support order" not in sales.get("/contracts?kind=framework").get_data(as_text=True)
    assert "Consulting framework" not in sales.get("/contracts?q=support").get_data(as_text=True)
    assert "Support order" in sales.get(f"/contracts?customer_id={customer.id}").get_data(as_text=True)


def test_unknown_status_filter_is_shown_next_to_the_filter(web_as, submitted):
    page = web_as("manager").get("/contracts?status=signed").get_data(as_text=True)
    assert 'data-field="status">Not a valid choice.' in page and "Support order" not in page


def test_contracts_of_other_sales_users_are_hidden_and_404(web_as, draft):
    other = web_as("sales")
    assert "Support order" not in other.get("/contracts").get_data(as_text=True)
    assert other.get(f"/contracts/{draft[1].id}").status_code == 404


def test_chinese_page_formats_amounts_and_dates_for_the_locale(web_as, submitted, make_user):
    manager = web_as("manager")
    manager.post("/language", {"locale": "zh_CN"})
    page = manager.get(f"/contracts/{submitted[1].id}").get_data(as_text=True)
    assert "¥12,000.50" in page and "2027年1月1日 – 2027年12月31日" in page and "审批中" in page


def test_terms_are_stored_and_shown(web_as, customer):
    sales = web_as("sales")
    terms = {"payment_terms_days": "60", "liability": "amount", "liability_cap": "50000", "governing_law": "us-ny"}
    page = sales.get(sales.post("/contracts/new", {**GOOD, "customer_id": customer.id, **terms}).location)
    created = contracts.search(user=sales.user)[0]
    assert (created.payment_terms_days, created.liability_cap_amount, created.governing_law) == (60, 50000, "US-NY")
    assert "60 days" in page.get_data(as_text=True) and "Capped at ¥50,000.00" in page.get_data(as_text=True)


def test_filter_form_with_every_filter_left_open_lists_everything(web_as, submitted):
    page = web_as("manager").get("/contracts?q=&status=&kind=&customer_id=").get_data(as_text=True)
    assert "Support order" in page and "invalid-feedback" not in page


def test_the_form_makes_the_user_choose_the_customer(web_as, customer):
    sales = web_as("sales")
    page = sales.get("/contracts/new").get_data(as_text=True)
    assert '<option selected value="">Choose a customer…</option>' in page
    chosen = sales.get(f"/contracts/new?customer_id={customer.id}").get_data(as_text=True)
    assert f'<option selected value="{customer.id}">' in chosen
    response = sales.post("/contracts/new", {**GOOD, "customer_id": ""})
    assert 'data-field="customer_id">Choose a customer.' in response.get_data(as_text=True)
    assert contracts.search(user=sales.user) == []


def test_one_bad_amount_shows_one_error(web_as, customer):
    page = web_as("sales").post("/contracts/new", {**GOOD, "customer_id": customer.id, "amount": "lots"}).get_data(
        as_text=True)
    assert page.count('data-field="amount"') == 1


def test_the_page_names_people_and_the_governing_law_for_the_reader(web_as, make_user, customer):
    owner = make_user("sales")
    owner.display_name = "Sally Sales"
    contract = create_contract(owner, customer, governing_law="US-NY")
    page = web_as(user=owner).get(f"/contracts/{contract.id}").get_data(as_text=True)
    assert "Sally Sales" in page and f"· {owner.username}<" not in page
    assert 'data-testid="governing-law">United States (NY)' in page
    auth.set_locale(user=owner, locale="zh_CN")
    db.session.commit()
    page = web_as(user=owner).get(f"/contracts/{contract.id}").get_data(as_text=True)
    assert 'data-testid="governing-law">美国 (NY)' in page


def test_a_page_past_the_end_of_the_list_offers_the_way_back(web_as, draft):
    page = web_as(user=draft[0]).get("/contracts?page=999").get_data(as_text=True)
    assert 'data-testid="past-the-end"' in page and "page=1" in page
