"""Simultaneous completions of one task: exactly one wins, the others get 409, nothing is doubled."""

import threading

import pytest
from sqlalchemy.orm import Session

from service.audit import service as audit
from service.errors import Conflict
from service.extensions import db
from service.inbox.models import Task
from service.processes import service as processes
from service.processes.engine import engine
from service.processes.models import ProcessInstance
from tests.factories import contract_body


@pytest.fixture
def approval_task(api_as, customer):
    sales = api_as("sales")
    contract = sales.post("/contracts", contract_body(customer.id)).json
    sales.post(f"/tasks/{contract['open_tasks'][0]['id']}/complete", {"decision": "submit"})
    return sales.get(f"/contracts/{contract['id']}").json["open_tasks"][0]["id"]


def _race(app, managers, url, body):
    barrier, statuses = threading.Barrier(len(managers)), []

    def complete(api):
        with app.app_context():
            barrier.wait()
            statuses.append(api.post(url, body).status_code)
            db.session.remove()

    threads = [threading.Thread(target=complete, args=(m,)) for m in managers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return sorted(statuses)


def test_simultaneous_completions_give_exactly_one_success(app, api_as, approval_task):
    managers = [api_as("manager") for _ in range(6)]
    url = f"/tasks/{approval_task}/complete"
    statuses = _race(app, managers, url, {"decision": "approve"})
    assert statuses == [200] + [409] * 5
    db.session.expire_all()
    assert db.session.get(Task, approval_task).status == "completed"
    assert audit.verify().ok


def test_a_stale_instance_write_is_a_conflict_and_changes_nothing(app, approval_task):
    task = db.session.get(Task, approval_task)
    instance, engine_task_id = task.instance, task.engine_task_id
    lock_before = instance.lock_version
    db.session.expunge(instance)
    db.session.rollback()
    with Session(db.engine) as other:  # another request moves the instance on after we read it
        other.get(ProcessInstance, instance.id).last_error = "touched"
        other.commit()
    snapshot = engine().complete_task(instance.state, engine_task_id, {"decision": "approve"})
    db.session.add(instance)
    with pytest.raises(Conflict):
        processes.apply(instance, snapshot, actor=None)
    db.session.rollback()
    assert db.session.get(ProcessInstance, instance.id).lock_version == lock_before + 1
    assert db.session.get(Task, approval_task).status == "open"
