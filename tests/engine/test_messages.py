"""Messages: send_message delivers what an instance waits for and refuses what it does not."""

import json

import pytest

from workflows import Engine, TaskFailed, TaskNotReady

CORRELATIONS = {"contract_key": {"contract_id": "C-1"}}
PAYLOAD = {"contract_id": "C-1", "signed_by": "bob"}


@pytest.fixture
def waiting(compile_diagram, engine):
    return engine.start(compile_diagram("countersign_message"), {"contract_id": "C-1"})


def test_the_instance_waits_for_the_message(waiting):
    assert waiting.ready_tasks == []
    assert not waiting.completed
    assert waiting.next_timer_due is None


def test_send_message_delivers_the_payload_after_save_and_restore(waiting, registry):
    saved = json.dumps(json.loads(waiting.state))

    delivered = Engine(registry.__getitem__).send_message(saved, "countersigned", PAYLOAD, CORRELATIONS)

    assert [(t.name, t.lane) for t in delivered.ready_tasks] == [("archive", "legal")]
    assert delivered.variables["countersignature"] == PAYLOAD
    archived = Engine(registry.__getitem__).complete_task(delivered.state, delivered.ready_tasks[0].id, {})
    assert archived.completed


def test_a_message_it_does_not_wait_for_raises_task_not_ready(waiting, engine):
    with pytest.raises(TaskNotReady, match="'cancelled'"):
        engine.send_message(waiting.state, "cancelled", PAYLOAD, CORRELATIONS)


def test_a_message_for_another_contract_raises_task_not_ready(waiting, engine):
    other = {"contract_key": {"contract_id": "C-2"}}

    with pytest.raises(TaskNotReady, match="'countersigned'"):
        engine.send_message(waiting.state, "countersigned", {**PAYLOAD, "contract_id": "C-2"}, other)


def test_a_message_delivered_twice_raises_task_not_ready(waiting, engine):
    delivered = engine.send_message(waiting.state, "countersigned", PAYLOAD, CORRELATIONS)

    with pytest.raises(TaskNotReady):
        engine.send_message(delivered.state, "countersigned", PAYLOAD, CORRELATIONS)


def test_a_payload_without_the_correlation_field_is_refused_by_name(waiting, engine):
    with pytest.raises(TaskFailed, match="contract_id"):
        engine.send_message(waiting.state, "countersigned", {"signed_by": "bob"}, CORRELATIONS)
