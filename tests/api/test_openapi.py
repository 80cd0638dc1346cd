def test_openapi_lists_every_endpoint_with_schemas(client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    expected = {
        ("/api/v1/auth/token", "post"), ("/api/v1/me", "get"), ("/api/v1/customers", "post"),
        ("/api/v1/customers/{customer_id}", "get"), ("/api/v1/contracts", "post"), ("/api/v1/contracts", "get"),
        ("/api/v1/contracts/{contract_id}", "get"), ("/api/v1/tasks", "get"),
        ("/api/v1/tasks/{task_id}/claim", "post"), ("/api/v1/tasks/{task_id}/release", "post"),
        ("/api/v1/tasks/{task_id}/complete", "post"),
    }
    assert expected <= {(path, method) for path, ops in spec["paths"].items() for method in ops}


def test_schemas_come_from_the_models(client):
    spec = client.get("/api/v1/openapi.json").json
    contract_in = spec["components"]["schemas"]["ContractIn"]
    assert set(contract_in["required"]) >= {"customer_id", "title", "kind", "amount", "currency"}
    assert "framework" in contract_in["properties"]["kind"]["enum"]
    complete = spec["paths"]["/api/v1/tasks/{task_id}/complete"]["post"]
    assert {"200", "403", "409", "422"} <= set(complete["responses"])


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


def test_non_json_body_is_422(api_as):
    api = api_as("sales")
    response = api.client.post("/api/v1/customers", data="code=A", headers={"Authorization": f"Bearer {api.token}"})
    assert response.status_code == 422 and "application/json" in response.json["error"]["message"]
