"""`flask --app wsgi demo`: the demo data."""

from service.contracts.models import Contract
from service.extensions import db


def test_demo_seeds_contracts_in_several_states(app):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0 and "admin" in result.output
    states = set(db.session.scalars(db.select(Contract.status)))
    assert {"draft", "in_approval", "approved"} <= states


def test_demo_prints_the_port_it_is_given(app):
    result = app.test_cli_runner().invoke(args=["demo", "--port", "8123"])
    assert result.exit_code == 0 and "http://127.0.0.1:8123" in result.output and ":5000" not in result.output
    assert "http://127.0.0.1:8124" in app.test_cli_runner().invoke(args=["demo"], env={"PORT": "8124"}).output


def test_demo_reminders_come_from_an_approved_contract_only(app, run_jobs):
    from service.key_dates.models import Reminder
    from service.notifications.models import Notification

    app.test_cli_runner().invoke(args=["demo"])
    run_jobs()
    sent = db.session.scalars(db.select(Notification).where(Notification.kind == "reminder")).all()
    approved = {c.number for c in db.session.scalars(db.select(Contract).where(Contract.status == "approved"))}
    assert sent and {n.params["contract"] for n in sent} == approved and len(approved) == 2
    held = db.session.scalars(db.select(Reminder.status).join(Contract, Contract.id == Reminder.contract_id)
                              .where(Contract.status == "draft")).all()
    assert held and set(held) == {"held"}
