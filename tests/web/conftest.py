"""Web UI fixtures: a logged-in browser-like client that posts forms with their CSRF token."""

import re
from datetime import date

import pytest

from service.contracts import service as contracts
from service.customers import service as customers
from service.extensions import db
from service.inbox import service as inbox
from tests.conftest import PASSWORD

CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def csrf_token(html):
    """The CSRF token of the first form on a page."""
    return CSRF.search(html).group(1)


class Web:
    """A test client that remembers the last CSRF token it was given, like a browser tab.

    Each request runs in an app context of its own, as in production: the test's context (kept by the app
    fixture) would otherwise lend the request its `g`, where Flask-Login, Flask-Babel and Flask-WTF keep the
    user, the locale and the token of the request before. The test's session ends its transaction first, so
    that SQLite's write lock is free and what the test reads afterwards is what the request wrote.
    """

    def __init__(self, client):
        self.client, self.token, self.user = client, None, None

    def _request(self, method, url, **kwargs):
        db.session.rollback()
        with self.client.application.app_context():
            response = getattr(self.client, method)(url, **kwargs)
            response.get_data()  # read the body while the request's context is there
        return response

    def get(self, url, **kwargs):
        response = self._request("get", url, **kwargs)
        found = CSRF.search(response.get_data(as_text=True))
        self.token = found.group(1) if found else self.token
        return response

    def post(self, url, data=None, **kwargs):
        return self._request("post", url, data={"csrf_token": self.token, **(data or {})}, **kwargs)

    def login(self, user, password=PASSWORD):
        self.get("/login")
        response = self.post("/login", {"username": user.username, "password": password})
        self.get("/inbox")  # the session is new after login, and so is its token
        self.user = user
        return response


@pytest.fixture
def web(app):
    """A logged-out web client."""
    return Web(app.test_client())


@pytest.fixture
def web_as(app, make_user):
    """web_as('manager') -> a Web client logged in through the login form as a new user with that role."""

    def login(*roles, user=None):
        client = Web(app.test_client())
        response = client.login(user or make_user(*roles))
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return login


@pytest.fixture
def acme(make_user):
    """A customer, created by a sales user."""
    customer = customers.create(code="ACME", name="ACME Ltd.", actor=make_user("sales"))
    db.session.commit()
    return customer


def create_contract(owner, customer, **overrides):
    """A committed draft contract of this owner; its draft task is in the owner's inbox."""
    values = {"customer_id": customer.id, "title": "Support order", "kind": "order", "amount": "12000.50",
              "currency": "CNY", "start_date": date(2027, 1, 1), "end_date": date(2027, 12, 31)}
    contract = contracts.create(**{**values, **overrides}, actor=owner)
    db.session.commit()
    return contract


@pytest.fixture
def draft(make_user, acme):
    """(owner, contract): a draft contract whose owner has not submitted it yet."""
    owner = make_user("sales")
    return owner, create_contract(owner, acme)


@pytest.fixture
def submitted(draft):
    """(owner, contract, task): a submitted contract and its open manager approval task."""
    owner, contract = draft
    inbox.complete(task_id=inbox.open_tasks_for(contract.id)[0].id, user=owner, decision="submit")
    db.session.commit()
    return owner, contract, inbox.open_tasks_for(contract.id)[0]
