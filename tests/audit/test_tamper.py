"""The audit trail cannot be rewritten: every tamper case is detected at its first event, on both databases."""

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import delete, select, update

from service import create_app
from service.audit import chain, checkpoints
from service.audit import service as audit
from service.audit.keys import load_key
from service.audit.models import AuditEvent
from service.config import TestConfig
from service.extensions import db


def _record(count, per_transaction=3, action="contract.status_changed"):
    for n in range(count):
        audit.record(actor="sales1", action=action, object_type="contract", object_id=n % 7,
                     data={"from": "draft", "to": "in_approval", "n": n})
        if n % per_transaction == per_transaction - 1:
            db.session.commit()
    db.session.commit()


def _events():
    return db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()


def _lines(app):
    return Path(app.config["AUDIT_CHECKPOINTS"]).read_text().splitlines()


@pytest.fixture
def sealed(app):
    """A log of 40 events across transactions, sealed by a checkpoint; the events, oldest first."""
    _record(40)
    audit.checkpoint()
    return _events()


def _verify_cli(app):
    return app.test_cli_runner().invoke(args=["audit", "verify"])


def test_many_appends_across_transactions_verify_with_checkpoints_as_they_go(app):
    _record(250, per_transaction=6)

    result = audit.verify()
    assert result.ok, result.problems
    assert result.checked == len(_events())
    lines = [json.loads(line) for line in _lines(app)]
    assert len(lines) >= 3  # the first commit's, then one per 100 events
    recorded = {e.id for e in _events() if e.action == "audit.checkpoint"}
    assert {line["event"] for line in lines} == recorded
    assert result.checkpoint == lines[-1]


def test_verify_command_reports_intact_and_writes_a_checkpoint(app, sealed):
    result = _verify_cli(app)

    assert result.exit_code == 0, result.output
    assert f"audit trail intact: {len(sealed)} events checked" in result.output
    assert json.loads(_lines(app)[-1])["event"] == _events()[-1].id


def test_deleting_the_newest_event_is_detected(app, sealed):
    db.session.execute(delete(AuditEvent).where(AuditEvent.id == sealed[-1].id))
    db.session.commit()

    result = audit.verify()
    assert not result.ok and result.problems[0].after_id == sealed[-2].id
    assert "events are missing" in result.reason
    cli = _verify_cli(app)
    assert cli.exit_code == 1 and f"audit trail broken after event {sealed[-2].id}: events are missing" in cli.output


def test_deleting_the_newest_ten_events_is_detected(app, sealed):
    db.session.execute(delete(AuditEvent).where(AuditEvent.id >= sealed[-10].id))
    db.session.commit()

    result = audit.verify()
    assert [(p.after_id, "missing" in p.reason) for p in result.problems] == [(sealed[-11].id, True)]


def _rechain(events, start, rule):
    """Change event `start` and recompute every later hash as an attacker without the key would."""
    previous = events[start - 1].hash
    for event in events[start:]:
        if event is events[start]:
            event.data = json.dumps({"from": "draft", "to": "approved"})
        event.prev_hash = previous
        rule(event)
        previous = event.hash
        db.session.flush()
    db.session.commit()


def _plain_sha256(event):
    event.hash = chain.digest(_as(event, chain.SHA256), None)


def _downgraded(event):
    event.scheme = chain.SHA256
    event.hash = chain.digest(event, None)


def _wrong_key(event):
    event.hash = chain.digest(event, b"not the audit key at all")


def _as(event, scheme):
    copy = AuditEvent(**{c.name: getattr(event, c.name) for c in AuditEvent.__table__.columns})
    copy.scheme = scheme
    return copy


@pytest.mark.parametrize(("rule", "reason"), [
    (_plain_sha256, "recomputed without the audit key"),
    (_downgraded, "forged: an event without the audit key after keyed ones"),
    (_wrong_key, "does not verify with the audit key"),
])
def test_an_edited_event_with_every_later_hash_recomputed_is_detected_at_the_edit(app, sealed, rule, reason):
    _rechain(sealed, 20, rule)

    result = audit.verify()
    assert result.broken_at == sealed[20].id and reason in result.reason
    assert not [p for p in result.problems if p.event_id is not None and p.event_id < sealed[20].id]


def test_a_forged_status_change_appended_to_the_log_is_detected(app, sealed):
    last = sealed[-1]
    forged = AuditEvent(seq=last.seq + 1, scheme=chain.HMAC, created_at=last.created_at, actor="mallory",
                        action="contract.status_changed", object_type="contract", object_id="3",
                        data=chain.canonical_json({"from": "in_approval", "to": "approved"}), prev_hash=last.hash)
    _plain_sha256(forged)
    db.session.add(forged)
    db.session.commit()

    result = audit.verify()
    assert result.broken_at == forged.id and "without the audit key" in result.reason


def test_deleting_an_event_in_the_middle_is_detected_at_the_next_one(app, sealed):
    db.session.execute(delete(AuditEvent).where(AuditEvent.id == sealed[15].id))
    db.session.commit()

    result = audit.verify()
    assert result.broken_at == sealed[16].id and "deleted" in result.reason


def test_a_forged_checkpoint_line_is_detected(app, sealed):
    body = {"seq": 9000, "event": 9000, "hash": "f" * 64, "at": "2030-01-01T00:00:00+00:00",
            "key": checkpoints.state().key_id, "mac": "0" * 64}
    with open(app.config["AUDIT_CHECKPOINTS"], "a") as file:
        file.write(json.dumps(body) + "\n")
    number = len(_lines(app))

    result = audit.verify()
    assert [p.line for p in result.problems] == [number]
    assert "not signed with the audit key" in result.reason


def test_a_tampered_checkpoint_line_is_detected(app, sealed):
    path = Path(app.config["AUDIT_CHECKPOINTS"])
    lines = path.read_text().splitlines()
    body = json.loads(lines[-1])
    lines[-1] = json.dumps({**body, "seq": body["seq"] - 10})  # a shorter log, to hide a deleted tail
    path.write_text("\n".join(lines) + "\n")

    result = audit.verify()
    assert [p.line for p in result.problems] == [len(lines)]
    assert "not signed with the audit key" in result.reason


def test_a_deleted_checkpoint_file_means_the_tail_cannot_be_checked(app, sealed):
    os.remove(app.config["AUDIT_CHECKPOINTS"])

    result = _verify_cli(app)
    assert result.exit_code == 1
    assert "checkpoint file" in result.output and "is missing" in result.output
    assert "the newest events cannot be checked" in result.output
    assert not os.path.exists(app.config["AUDIT_CHECKPOINTS"])  # verify does not seal what it could not check


def test_checkpoint_lines_removed_from_the_file_are_detected(app, sealed):
    path = Path(app.config["AUDIT_CHECKPOINTS"])
    lines = path.read_text().splitlines()
    path.write_text(lines[0] + "\n")  # the newest checkpoint's line is gone

    result = audit.verify()
    assert result.broken_at == sealed[-1].id and "has no line" in result.reason


def test_a_rolled_back_transaction_leaves_no_checkpoint(app):
    app.config["AUDIT_CHECKPOINT_EVERY"] = 1
    app.extensions.pop("pactum_audit", None)
    before = _lines(app)
    audit.record(actor="sales1", action="contract.created", object_type="contract", object_id=1)
    db.session.rollback()
    assert _lines(app) == before

    audit.record(actor="sales1", action="contract.created", object_type="contract", object_id=1)
    db.session.commit()
    newest = json.loads(_lines(app)[-1])
    assert newest["event"] == _events()[-1].id and audit.verify().ok


def test_a_wrong_audit_key_is_named(app, sealed):
    db.session.commit()  # end this session's transaction: on SQLite even a read holds the write lock
    other = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                       AUDIT_CHECKPOINTS=app.config["AUDIT_CHECKPOINTS"], AUDIT_KEY="some-other-audit-key")
    with other.app_context():
        result = audit.verify()
        db.session.remove()
    assert not result.ok
    assert any("is AUDIT_KEY the right key?" in p.reason for p in result.problems)


def test_a_plain_chain_from_before_the_key_keeps_verifying(app):
    db.session.execute(delete(AuditEvent))
    os.remove(app.config["AUDIT_CHECKPOINTS"])  # a log from before revision 0006 has no checkpoints
    previous = chain.GENESIS
    for seq in range(1, 6):  # as the application wrote them before revision 0006
        event = AuditEvent(seq=seq, scheme=chain.SHA256, created_at=chain.utcnow(), actor="admin",
                           action="user.created", object_type="user", object_id=str(seq), data="{}",
                           prev_hash=previous)
        event.hash = chain.digest(event, None)
        db.session.add(event)
        previous = event.hash
    db.session.commit()
    audit.checkpoint()
    _record(5)  # the first keyed event follows the plain ones

    events = _events()
    assert [e.scheme for e in events][:5] == ["sha256"] * 5 and events[-1].scheme == "hmac"
    assert audit.verify().ok


def test_the_key_is_generated_once_outside_the_database(tmp_path):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/unused.sqlite3", AUDIT_KEY=None,
                     AUDIT_KEY_FILE=str(tmp_path / "instance" / "audit.key"))

    key = load_key(app)
    assert load_key(app) == key and len(key) == 64
    assert stat.S_IMODE(os.stat(tmp_path / "instance" / "audit.key").st_mode) == 0o600


def test_events_carry_their_position_and_the_keyed_scheme(app, sealed):
    assert [e.seq for e in sealed] == list(range(1, len(sealed) + 1))
    assert {e.scheme for e in sealed} == {"hmac"}
    db.session.execute(update(AuditEvent).where(AuditEvent.id == sealed[5].id).values(seq=99))
    assert audit.verify().broken_at == sealed[5].id  # the position is part of what the key signs


def test_revision_0006_numbers_a_plain_chain_and_marks_it_unkeyed(tmp_path):
    """On a SQLite file of its own: upgrade to 0004, write events the old way, upgrade to 0006, verify."""
    url = f"sqlite:///{tmp_path / 'legacy.sqlite3'}"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, AUDIT_CHECKPOINTS=str(tmp_path / "audit.log"))
    with app.app_context():
        upgrade(revision="0004")
        previous = chain.GENESIS
        for n in range(3):
            row = {"created_at": chain.utcnow(), "actor": "admin", "action": "user.created", "object_type": "user",
                   "object_id": str(n), "data": "{}", "prev_hash": previous}
            row["hash"] = chain.digest(AuditEvent(scheme=chain.SHA256, **row), None)
            db.session.execute(AuditEvent.__table__.insert().values(**row))
            previous = row["hash"]
        db.session.commit()
        upgrade()

        assert [(e.seq, e.scheme) for e in _events()] == [(1, "sha256"), (2, "sha256"), (3, "sha256")]
        db.session.commit()
        audit.checkpoint()
        _record(3)
        assert audit.verify().ok
        db.session.remove()
        db.engine.dispose()


def test_checkpoints_written_by_concurrent_appends_only_claim_committed_events(app):
    app.config.update(AUDIT_CHECKPOINT_EVERY=5)
    app.extensions.pop("pactum_audit", None)
    db.session.commit()

    def append(worker):
        with app.app_context():
            for n in range(12):
                audit.record(actor=f"worker{worker}", action="task.claimed", object_type="task", object_id=n)
                if n % 4 == 3:
                    db.session.rollback()  # a failed request: its events and any checkpoint of them vanish
                else:
                    db.session.commit()
            db.session.remove()

    threads = [threading.Thread(target=append, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    result = audit.verify()
    assert result.ok, result.problems
    lines = [json.loads(line) for line in _lines(app)]
    assert len(lines) >= 2 and result.checkpoint["seq"] == max(line["seq"] for line in lines)
    assert not [e for e in _events() if e.action == "task.claimed" and int(e.object_id) % 4 == 3]
