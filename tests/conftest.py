"""Fixtures: an app on a migrated database (SQLite, or PostgreSQL when DATABASE_URL is set), clients, factories."""

import itertools
import os
from datetime import date, timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from service import create_app
from service.auth import service as auth
from service.config import TestConfig, _database_url
from service.extensions import db
from service.processes import service as processes

PASSWORD = "correct-horse-battery"


def _database(tmp_path_factory):
    if os.environ.get("DATABASE_URL"):
        return _database_url("")
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'pactum-test.sqlite3'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    return _database(tmp_path_factory)


@pytest.fixture(scope="session")
def _migrated(database_url):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        db.engine.dispose()
    return database_url


def _empty_tables():
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    else:
        for name in tables:
            db.session.execute(text(f"DELETE FROM {name}"))
    db.session.commit()


@pytest.fixture
def app(_migrated, tmp_path):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=_migrated, AUDIT_CHECKPOINTS=str(tmp_path / "audit.log"))
    with app.app_context():
        _empty_tables()
        processes.deploy_directory(directory=app.config["BPMN_DIR"])
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()  # each test's app has its own pool; close it so PostgreSQL does not run out of clients


@pytest.fixture
def client(app):
    return app.test_client()


_names = itertools.count(1)


@pytest.fixture
def make_user(app):
    """make_user('manager') -> a committed user holding those roles."""

    def make(*roles, username=None):
        user = auth.create_user(username=username or f"{roles[0]}{next(_names)}", password=PASSWORD,
                                roles=roles or ("sales",))
        db.session.commit()
        return user

    return make


class Api:
    """A test client that speaks JSON with a bearer token."""

    def __init__(self, client, token=None):
        self.client, self.token = client, token

    def _headers(self):
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def get(self, url, **params):
        return self.client.get("/api/v1" + url, query_string=params, headers=self._headers())

    def post(self, url, json=None):
        return self.client.post("/api/v1" + url, json=json if json is not None else {}, headers=self._headers())

    def put(self, url, json=None):
        return self.client.put("/api/v1" + url, json=json if json is not None else {}, headers=self._headers())

    def delete(self, url):
        return self.client.delete("/api/v1" + url, headers=self._headers())


@pytest.fixture
def api_as(client, make_user):
    """api_as('manager') -> an Api logged in as a new user with that role (or an existing user)."""

    def login(*roles, user=None):
        user = user or make_user(*roles)
        response = client.post("/api/v1/auth/token", json={"username": user.username, "password": PASSWORD})
        assert response.status_code == 200, response.json
        api = Api(client, response.json["token"])
        api.user = user
        return api

    return login


@pytest.fixture
def customer(api_as):
    """A customer created through the API."""
    return api_as("sales").post("/customers", {"code": "ACME", "name": "ACME Ltd."}).json


def contract_body(customer_id_, **overrides):
    today = date(2027, 1, 1)
    body = {"customer_id": customer_id_, "title": "Support order", "kind": "order", "amount": "12000.50",
            "currency": "CNY", "start_date": today.isoformat(), "end_date": (today + timedelta(days=365)).isoformat()}
    body.update(overrides)
    return body
