def test_create_and_get_customer(api_as):
    api = api_as("sales")
    created = api.post("/customers", {"code": "HZ-01", "name": "杭州云启科技有限公司"})
    assert created.status_code == 201
    fetched = api.get(f"/customers/{created.json['id']}")
    assert fetched.json == {"id": created.json["id"], "code": "HZ-01", "name": "杭州云启科技有限公司"}


def test_duplicate_code_is_409_whatever_the_case(api_as):
    api = api_as("sales")
    api.post("/customers", {"code": "ACME", "name": "ACME"})
    response = api.post("/customers", {"code": "acme", "name": "Other"})
    assert response.status_code == 409
    assert response.json["error"]["field"] == "code"


def test_bad_code_names_the_field(api_as):
    response = api_as("sales").post("/customers", {"code": "no spaces", "name": "X"})
    assert response.status_code == 422
    assert response.json["error"]["field"] == "code"


def test_unknown_field_is_rejected(api_as):
    response = api_as("sales").post("/customers", {"code": "A1", "name": "X", "vip": True})
    assert response.status_code == 422
    assert response.json["error"]["field"] == "vip"


def test_legal_may_not_create_customers(api_as):
    assert api_as("legal").post("/customers", {"code": "A1", "name": "X"}).status_code == 403


def test_unknown_customer_is_404(api_as):
    response = api_as("sales").get("/customers/999")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_search_customers(api_as):
    api = api_as("sales")
    api.post("/customers", {"code": "ACME", "name": "ACME Ltd."})
    api.post("/customers", {"code": "NORD", "name": "Nordic Freight"})
    assert [c["code"] for c in api.get("/customers", q="nord").json] == ["NORD"]
