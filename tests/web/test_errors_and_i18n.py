from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from flask_babel import force_locale

from service.web import labels
from service.web.i18n import money

TRANSLATIONS = Path(__file__).parents[2] / "service" / "translations"


def test_404_page_is_in_the_users_language_and_the_api_stays_json(web_as, client):
    manager = web_as("manager")
    manager.post("/language", {"locale": "zh_CN"})
    response = manager.get("/no-such-page")
    assert response.status_code == 404 and "未找到" in response.get_data(as_text=True)
    assert client.get("/api/v1/no-such-thing").json["error"]["code"] == "not_found"


def test_unexpected_error_is_a_500_page_without_a_traceback(app, web_as, monkeypatch):
    manager = web_as("manager")
    monkeypatch.setattr(app, "testing", False)
    monkeypatch.setattr("service.inbox.service.inbox_counts", lambda **kw: 1 / 0)
    page = manager.get("/inbox")
    assert page.status_code == 500 and "Something went wrong on our side" in page.get_data(as_text=True)
    assert "ZeroDivisionError" not in page.get_data(as_text=True)


def test_bootstrap_is_served_from_node_modules_and_nothing_else_is(web):
    assert web.get("/vendor/bootstrap/css/bootstrap.min.css").status_code == 200
    assert web.get("/vendor/popperjs/package.json").status_code == 404
    assert web.get("/vendor/bootstrap/../../package.json").status_code == 404


@pytest.mark.parametrize("locale, amount, currency, expected", [
    ("zh_CN", "1234567.5", "CNY", "¥1,234,567.50"),
    ("en", "1234567.5", "CNY", "¥1,234,567.50"),
    ("en", "99", "USD", "$99.00"),
    ("zh_CN", "99", "USD", "US$99.00"),
    ("en", "5000", "JPY", "JP¥5,000"),
])
def test_amounts_are_formatted_for_the_locale(app, locale, amount, currency, expected):
    with app.test_request_context(), force_locale(locale):
        assert money(Decimal(amount), currency) == expected


def _in_the_code():
    """Every translatable message in the code and templates now, extracted as `make messages` does."""
    with (TRANSLATIONS / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = {**DEFAULT_KEYWORDS, "_l": None}
    return {message for _, _, message, _, _ in extract_from_dir(TRANSLATIONS.parent, method_map, options_map,
                                                                  keywords=keywords) if message}


@pytest.mark.parametrize("catalog", ["zh_Hans_CN", "en"])
def test_catalogs_translate_every_message_in_the_code_and_are_compiled(catalog):
    path = TRANSLATIONS / catalog / "LC_MESSAGES" / "messages.po"
    messages = {m.id: m for m in read_po(path.open("rb")) if m.id}
    missing = sorted(map(str, _in_the_code() - set(messages)))
    assert missing == [], "run `make messages` and translate what is new"
    assert [m.id for m in messages.values() if not m.string or m.fuzzy] == []
    assert path.with_suffix(".mo").exists(), "run `make install` to compile the catalogs"


def test_labels_are_translated_in_chinese(app):
    with app.test_request_context(), force_locale("zh_CN"):
        assert [labels.label("status", "in_approval"), labels.label("kind", "sow"), labels.label("role", "legal")] == [
            "审批中", "工作说明书", "法务"]
        assert labels.label("status", "some_new_status") == "some_new_status"
