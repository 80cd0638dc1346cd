"""bpmn/contract_lifecycle.bpmn walked by task name, saved and restored after every step."""

import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from workflows import TaskNotReady

FAR_FUTURE = datetime(2099, 1, 1, tzinfo=UTC)
PAST = datetime(2020, 1, 1, tzinfo=UTC)


def contract(*, renewal_notice_at=FAR_FUTURE, expires_at=FAR_FUTURE + timedelta(days=90)):
    """A contract small and plain enough that a manager alone approves it."""
    return {
        "contract_id": "C-1",
        "amount": 5000,
        "currency": "CNY",
        "kind": "sales",
        "payment_terms_days": 30,
        "liability_capped": True,
        "governing_law": "CN",
        "company_law": "CN",
        "renewal_notice_at": renewal_notice_at.isoformat(),
        "expires_at": expires_at.isoformat(),
    }


@pytest.fixture
def lifecycle(walk, compile_sources, shipped_sources):
    return walk(compile_sources("contract_lifecycle", shipped_sources))


def _ready(snapshot):
    return [(t.name, t.lane) for t in snapshot.ready_tasks]


def _submit(lifecycle):
    return lifecycle.complete("prepare_draft", decision="submit", comment="")


def _decide(lifecycle, decision):
    return lifecycle.complete("manager_approval", decision=decision, comment="")


def test_start_waits_for_sales_to_prepare_the_draft(lifecycle):
    started = lifecycle.start(**contract())

    assert _ready(started) == [("prepare_draft", "sales")]
    assert started.ready_tasks[0].properties["decisions"] == "submit"
    assert started.variables["contract_status"] == "draft"
    assert not started.completed


def test_submit_then_approve_marks_the_contract_approved(lifecycle):
    lifecycle.start(**contract())

    submitted = _submit(lifecycle)
    assert _ready(submitted) == [("manager_approval", "manager")]
    assert submitted.variables["contract_status"] == "in_approval"
    approved = _decide(lifecycle, "approve")

    assert approved.variables["contract_status"] == "approved"
    assert approved.ready_tasks == []
    assert approved.next_timer_due == FAR_FUTURE  # waits for the renewal notice date


def test_reject_returns_the_draft_to_sales_until_approved(lifecycle):
    lifecycle.start(**contract())
    _submit(lifecycle)

    rejected = _decide(lifecycle, "reject")
    assert _ready(rejected) == [("prepare_draft", "sales")]
    assert rejected.variables["contract_status"] == "draft"
    _submit(lifecycle)
    approved = _decide(lifecycle, "approve")

    assert approved.variables["contract_status"] == "approved"


def test_after_the_notice_date_sales_decides_to_renew(lifecycle):
    lifecycle.start(**contract(renewal_notice_at=PAST))
    _submit(lifecycle)

    approved = _decide(lifecycle, "approve")
    assert _ready(approved) == [("renewal_review", "sales")]
    renewing = lifecycle.complete("renewal_review", decision="renew", comment="")

    assert renewing.variables["contract_status"] == "renewing"
    assert renewing.next_timer_due == FAR_FUTURE + timedelta(days=90)  # waits for the end date


def test_letting_it_expire_completes_the_contract_as_expired(lifecycle):
    expires_at = datetime.now(UTC) + timedelta(seconds=1)  # room for four steps before it is due
    lifecycle.start(**contract(renewal_notice_at=PAST, expires_at=expires_at))
    _submit(lifecycle)
    _decide(lifecycle, "approve")

    waiting = lifecycle.complete("renewal_review", decision="let_expire", comment="")
    assert (waiting.ready_tasks, waiting.next_timer_due) == ([], expires_at)
    time.sleep(max(0.0, (expires_at - datetime.now(UTC)).total_seconds()) + 0.05)
    expired = lifecycle.fire_timers()

    assert expired.completed
    assert expired.variables["contract_status"] == "expired"


def test_completing_a_task_that_is_no_longer_ready_raises_task_not_ready(lifecycle, engine):
    started = lifecycle.start(**contract())
    draft_task_id = lifecycle.task("prepare_draft").id
    submitted = _submit(lifecycle)

    with pytest.raises(TaskNotReady):
        engine.complete_task(submitted.state, draft_task_id, {"decision": "submit", "comment": ""})
    with pytest.raises(TaskNotReady):
        engine.complete_task(started.state, str(uuid.uuid4()), {})


def test_fifty_rework_rounds_still_approve_and_state_grows_at_most_linearly(lifecycle):
    lifecycle.start(**contract())
    sizes = {}
    for rounds in range(1, 51):
        _submit(lifecycle)
        _decide(lifecycle, "reject")
        sizes[rounds] = len(lifecycle.snapshot.state)

    _submit(lifecycle)
    approved = _decide(lifecycle, "approve")

    assert approved.variables["contract_status"] == "approved"
    assert sizes[50] <= 5 * sizes[10]  # linear growth with a fixed overhead stays under 5x
