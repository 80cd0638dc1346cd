"""Fixtures: an app on a migrated database (SQLite, or PostgreSQL when DATABASE_URL is set), clients as
integrations and people use Pactum, the test data of tests/factories.py, and running jobs in-process."""

import os
import socket
import time
from dataclasses import dataclass
from datetime import date, timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from flask_migrate import upgrade
from sqlalchemy import select, text

from service import create_app
from service.config import TestConfig, _database_url
from service.extensions import db
from service.inbox import service as inbox
from service.jobs import worker
from service.key_dates.models import KeyDate
from service.notifications.models import Notification
from service.processes import service as processes
from tests import factories
from tests.clients import Api, Web
from tests.factories import PASSWORD, contract_body

DIAGRAMS = Path(__file__).resolve().parent / "diagrams"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


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


@pytest.fixture
def make_user(app):
    """make_user('manager') -> a committed user holding those roles."""
    return factories.user


@pytest.fixture
def customer(app):
    """A customer (ACME), created by a sales user."""
    return factories.customer()


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
def draft(make_user, customer):
    """(owner, contract): a draft contract whose owner has not submitted it yet."""
    owner = make_user("sales")
    return owner, factories.contract(owner, customer)


@pytest.fixture
def submitted(draft):
    """(owner, contract, task): a submitted contract and its open manager approval task."""
    owner, contract = draft
    inbox.complete(task_id=inbox.open_tasks_for(contract.id)[0].id, user=owner, decision="submit")
    db.session.commit()
    return owner, contract, inbox.open_tasks_for(contract.id)[0]


@dataclass
class Team:
    """A user of every approving role, each with an API client, and their customer."""

    sales: object
    legal: object
    finance: object
    manager: object
    executives: list
    admin: object
    customer_id: int

    def submit(self, **overrides):
        """A contract created and submitted by sales; returns its id."""
        contract = self.sales.post("/contracts", contract_body(self.customer_id, **overrides)).json
        draft = contract["open_tasks"][0]["id"]
        response = self.sales.post(f"/tasks/{draft}/complete", {"decision": "submit"})
        assert response.status_code == 200, response.json
        return contract["id"]

    def open_tasks(self, contract_id):
        return self.admin.get(f"/contracts/{contract_id}").json["open_tasks"]

    def task(self, contract_id, name, assignee=None):
        return next(t for t in self.open_tasks(contract_id)
                    if t["name"] == name and (assignee is None or t["assignee"] == assignee))

    def decide(self, api, contract_id, name, decision="approve", comment="", assignee=None):
        task = self.task(contract_id, name, assignee)
        return api.post(f"/tasks/{task['id']}/complete", {"decision": decision, "comment": comment})

    def to_committee(self, **overrides):
        """A contract of 6,000,000 CNY approved up to its committee vote."""
        contract_id = self.submit(amount="6000000.00", **overrides)
        for api, name in ((self.legal, "legal_approval"), (self.finance, "finance_approval"),
                          (self.manager, "manager_approval"), (self.executives[0], "executive_approval")):
            assert self.decide(api, contract_id, name).status_code == 200
        return contract_id

    def vote(self, executive, contract_id, decision):
        comment = "not now" if decision == "reject" else ""
        return self.decide(executive, contract_id, "committee_vote", decision, comment, executive.user.username)


@pytest.fixture
def team(api_as, customer):
    return Team(sales=api_as("sales"), legal=api_as("legal"), finance=api_as("finance"), manager=api_as("manager"),
                executives=[api_as("executive") for _ in range(3)], admin=api_as("admin"), customer_id=customer.id)


def approve(api, contract, manager):
    """Submit a contract (as its owner's Api) and approve it as a manager (an Api): its reminders start."""
    draft = contract["open_tasks"][0]["id"]
    assert api.post(f"/tasks/{draft}/complete", {"decision": "submit"}).status_code == 200
    task = api.get(f"/contracts/{contract['id']}").json["open_tasks"][0]["id"]
    response = manager.post(f"/tasks/{task}/complete", {"decision": "approve"})
    assert response.status_code == 200 and response.json["contract_status"] == "approved", response.json


@pytest.fixture
def new_contract(api_as, customer):
    """new_contract(days=7, start=0, api=None, approved=True) -> (api, contract json): a contract from today + start
    to + days, approved unless approved=False (key-date reminders start once a contract is approved)."""

    def create(days=7, start=0, api=None, approved=True):
        api = api or api_as("sales")
        today = date.today()
        body = contract_body(customer.id, start_date=today + timedelta(days=start),
                             end_date=today + timedelta(days=days))
        response = api.post("/contracts", body)
        assert response.status_code == 201, response.json
        if approved:
            approve(api, response.json, api_as("manager"))
        return api, response.json

    return create


# Jobs, timers and e-mail.

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, timeout=10.0, interval=0.1):
    """Poll condition() (each call in its own short transaction) until it is truthy; return its value."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = condition()
        finally:
            db.session.rollback()  # never hold SQLite's write lock while workers wait for it
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


@pytest.fixture
def run_jobs(app):
    """run_jobs(): run every queued and due job in this thread, as the embedded worker does."""

    def run():
        db.session.rollback()  # the jobs' own sessions need SQLite's write lock
        worked = worker.drain(app)
        db.session.rollback()
        return worked

    return run


@pytest.fixture
def deploy_wait_then_end(app):
    """Deploy tests/diagrams/wait_then_end.bpmn; start(wait='PT1S', divisor=1) starts an instance."""
    path = DIAGRAMS / "wait_then_end.bpmn"
    processes.deploy(process_id="wait_then_end", sources={path.name: path.read_bytes()})
    db.session.commit()

    def start(wait="PT1S", divisor=1):
        instance_id = processes.start(process_id="wait_then_end", data={"wait": wait, "divisor": divisor}).id
        db.session.commit()
        return instance_id

    return start


class Mailbox:
    """What the local SMTP server received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp_server():
    """A real SMTP server on a free local port (aiosmtpd); .port, .messages."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    mailbox.port = controller.port
    yield mailbox
    controller.stop()


@pytest.fixture
def mail_to(app, smtp_server):
    """Send e-mail to the local SMTP server."""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    return smtp_server


def notifications_of(user_id, kind=None):
    """A user's notifications (of one kind), oldest first."""
    query = select(Notification).where(Notification.user_id == user_id).order_by(Notification.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return db.session.scalars(query).all()


def reminders_of(contract_id, kind):
    """{days_before: status} of the reminders of one of a contract's key dates."""
    key_date = db.session.scalar(select(KeyDate).where(KeyDate.contract_id == contract_id, KeyDate.kind == kind))
    return {r.days_before: r.status for r in key_date.reminders}


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Debian's; Playwright's own browser download is not used) for the whole run."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs it with apt-get install chromium")
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
