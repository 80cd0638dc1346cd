"""Fixtures for timers, key dates and notifications: jobs run in-process, a local SMTP server, time helpers."""

import socket
import time
from datetime import date, timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from service.extensions import db
from service.jobs import worker
from service.key_dates.models import KeyDate
from service.notifications.models import Notification
from service.processes import service as processes
from tests.conftest import contract_body

DIAGRAMS = Path(__file__).resolve().parent / "diagrams"


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
    """Deploy tests/timers/diagrams/wait_then_end.bpmn; start(wait='PT1S', divisor=1) starts an instance."""
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


@pytest.fixture
def new_contract(api_as, customer):
    """new_contract(days=7, api=None) -> (api, contract json): a contract from today to today + days."""

    def create(days=7, start=0, api=None):
        api = api or api_as("sales")
        today = date.today()
        body = contract_body(customer["id"], start_date=(today + timedelta(days=start)).isoformat(),
                             end_date=(today + timedelta(days=days)).isoformat())
        response = api.post("/contracts", body)
        assert response.status_code == 201, response.json
        return api, response.json

    return create


def notifications_of(user_id, kind=None):
    query = select(Notification).where(Notification.user_id == user_id).order_by(Notification.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return db.session.scalars(query).all()


def reminders_of(contract_id, kind):
    key_date = db.session.scalar(select(KeyDate).where(KeyDate.contract_id == contract_id, KeyDate.kind == kind))
    return {r.days_before: r.status for r in key_date.reminders}
