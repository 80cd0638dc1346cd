"""The exchange rate table: admins keep it through the API or the CLI."""

from datetime import date

from service.rates import service as rates


def test_an_admin_sets_and_lists_rates(api_as):
    admin = api_as("admin")
    set_ = admin.put("/rates", {"currency": "USD", "rate": "7.10"})
    assert set_.status_code == 200 and set_.json["rate"] == "7.1" and set_.json["updated_by"] == admin.user.username
    admin.put("/rates", {"currency": "USD", "rate": "7.25"})
    admin.put("/rates", {"currency": "EUR", "rate": "7.80", "effective_date": "2099-01-01"})
    assert [(r["currency"], r["rate"]) for r in admin.get("/rates").json] == [("USD", "7.25")]


def test_only_admins_see_or_change_rates(api_as):
    finance = api_as("finance")
    assert finance.get("/rates").status_code == 403
    assert finance.put("/rates", {"currency": "USD", "rate": "7.10"}).status_code == 403
    assert rates.rate_for("USD") is None


def test_bad_rates_are_422_naming_the_field(api_as):
    admin = api_as("admin")
    for body, field in (({"currency": "CNY", "rate": "1"}, "currency"), ({"currency": "XYZ", "rate": "1"}, "currency"),
                        ({"currency": "USD", "rate": "0"}, "rate"), ({"currency": "USD", "rate": "lots"}, "rate"),
                        ({"currency": "USD"}, "rate")):
        response = admin.put("/rates", body)
        assert response.status_code == 422 and response.json["error"]["field"] == field, body
    assert admin.get("/rates").json == []


def test_a_rate_holds_from_its_effective_date(app):
    rates.set_rate(currency="JPY", rate="0.05", effective_date=date(2026, 1, 1), actor=None)
    rates.set_rate(currency="JPY", rate="0.048", effective_date=date(2026, 7, 1), actor=None)
    assert str(rates.to_cny("1000", "JPY", on=date(2026, 6, 30))) == "50.00"
    assert str(rates.to_cny("1000", "JPY", on=date(2026, 7, 1))) == "48.00"


def test_the_cli_sets_and_lists_rates(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["rates", "set", "usd", "7.10"])
    assert result.exit_code == 0 and "1 USD = 7.1 CNY" in result.output
    assert "USD  7.1" in runner.invoke(args=["rates", "list"]).output
    refused = runner.invoke(args=["rates", "set", "USD", "0"])
    assert refused.exit_code != 0 and "greater than 0" in refused.output
