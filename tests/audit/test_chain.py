from sqlalchemy import delete, update

from service.audit import service as audit
from service.audit.models import AuditEvent
from service.extensions import db
from tests.factories import contract_body


def _events(api_as, customer):
    api_as("sales").post("/contracts", contract_body(customer.id))
    return db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id)).all()


def test_every_state_change_is_chained(api_as, customer):
    events = _events(api_as, customer)
    actions = [e.action for e in events]
    assert {"customer.created", "contract.created", "instance.started"} <= set(actions)
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))
    assert audit.verify().ok and audit.verify().checked == len(events)


def test_edited_event_is_detected(api_as, customer):
    events = _events(api_as, customer)
    target = events[len(events) // 2]
    db.session.execute(update(AuditEvent).where(AuditEvent.id == target.id).values(data='{"amount":"1"}'))
    result = audit.verify()
    assert not result.ok and result.broken_at == target.id and "content" in result.reason


def test_deleted_event_is_detected(api_as, customer):
    events = _events(api_as, customer)
    db.session.execute(delete(AuditEvent).where(AuditEvent.id == events[2].id))
    result = audit.verify()
    assert not result.ok and result.broken_at == events[3].id and "deleted" in result.reason


def test_events_of_one_contract(api_as, customer):
    contract = api_as("sales").post("/contracts", contract_body(customer.id)).json
    assert [e.action for e in audit.for_object("contract", contract["id"])] == ["contract.created"]
