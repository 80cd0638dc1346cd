from service.customers import service as customers
from service.extensions import db
from tests.factories import contract as create_contract


def test_sales_creates_a_customer_and_lands_on_its_page(web_as):
    sales = web_as("sales")
    response = sales.post("/customers/new", {"code": "HZ-01", "name": "杭州云启科技有限公司"})
    created = customers.search(q="HZ-01")[0]
    assert response.location == f"/customers/{created.id}" and created.name == "杭州云启科技有限公司"
    assert "Customer 杭州云启科技有限公司 was created." in sales.get(response.location).get_data(as_text=True)


def test_duplicate_code_is_shown_next_to_the_code_in_either_language(web_as, customer):
    sales = web_as("sales")
    page = sales.post("/customers/new", {"code": "acme", "name": "Another"}).get_data(as_text=True)
    assert 'data-field="code">A customer with code acme exists already' in page
    sales.post("/language", {"locale": "zh_CN"})
    page = sales.post("/customers/new", {"code": "acme", "name": "Another"}).get_data(as_text=True)
    assert 'data-field="code">已存在使用此编码的客户。' in page and len(customers.search()) == 1


def test_invalid_customer_fields_are_shown_and_nothing_is_created(web_as):
    page = web_as("sales").post("/customers/new", {"code": "no spaces", "name": ""}).get_data(as_text=True)
    assert 'data-field="code">Letters, digits' in page and 'data-field="name">This field is required.' in page
    assert customers.search() == []


def test_roles_that_do_not_create_customers_get_403(web_as):
    finance = web_as("finance")
    assert finance.get("/customers/new").status_code == 403
    assert finance.post("/customers/new", {"code": "X", "name": "X"}).status_code == 403 and customers.search() == []


def test_list_searches_and_detail_shows_the_customers_contracts(web_as, draft, customer, make_user):
    customers.create(code="NORDIC", name="Nordic Freight AB", actor=draft[0])
    db.session.commit()
    sales = web_as(user=draft[0])
    page = sales.get("/customers?q=nord").get_data(as_text=True)
    assert "Nordic Freight AB" in page and "ACME Ltd." not in page
    detail = sales.get(f"/customers/{customer.id}").get_data(as_text=True)
    assert draft[1].number in detail and f"/contracts/new?customer_id={customer.id}" in detail


def test_customer_page_lists_only_contracts_the_user_may_see(web_as, customer, make_user):
    create_contract(make_user("sales"), customer, title="Someone else's order")
    assert "Someone else's order" not in web_as("sales").get(f"/customers/{customer.id}").get_data(as_text=True)


def test_unknown_customer_is_404(web_as):
    assert web_as("sales").get("/customers/424242").status_code == 404
