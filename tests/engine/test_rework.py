"""Rework rounds of bpmn/contract_lifecycle.bpmn: each submission goes through approval.bpmn from the start."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

FAR_FUTURE = datetime(2099, 1, 1, tzinfo=UTC).isoformat()
CONTRACT = {"owner": "sally", "contract_id": 1, "amount": Decimal("1000000.00"), "currency": "CNY", "kind": "order",
            "payment_terms_days": 30, "liability_capped": True, "governing_law": "CN", "company_law": "CN",
            "renewal_notice_at": FAR_FUTURE, "expires_at": FAR_FUTURE}
REJECTERS = ["legal_approval", "finance_approval", "manager_approval", "executive_approval"]


@pytest.fixture
def lifecycle(walk, compile_sources, shipped_sources):
    started = walk(compile_sources("contract_lifecycle", shipped_sources))
    started.start(**CONTRACT)
    return started


def _round(lifecycle, rejecter):
    """Submit, approve every level before the rejecter, and let it reject."""
    lifecycle.complete("prepare_draft", decision="submit", comment="")
    for name in REJECTERS:
        decision = "reject" if name == rejecter else "approve"
        lifecycle.complete(name, decision=decision, comment="see notes" if decision == "reject" else "")
        if name == rejecter:
            return lifecycle.snapshot


def test_a_rejected_submission_returns_to_the_owner_and_starts_again_from_the_first_level(lifecycle):
    returned = _round(lifecycle, "manager_approval")
    assert [t.name for t in returned.ready_tasks] == ["prepare_draft"]
    assert returned.ready_tasks[0].data["approval_round"] == 2
    assert returned.variables["contract_status"] == "draft"
    resubmitted = lifecycle.complete("prepare_draft", decision="submit", comment="")
    assert sorted(t.name for t in resubmitted.ready_tasks) == ["finance_approval", "legal_approval"]
    assert resubmitted.variables["contract_status"] == "in_approval"


def test_fifty_rework_rounds_grow_the_state_linearly_by_under_200_bytes_each(lifecycle):
    sizes = [len(lifecycle.snapshot.state)]
    for round_ in range(50):
        sizes.append(len(_round(lifecycle, REJECTERS[round_ % 4]).state))
    assert lifecycle.task("prepare_draft").data["approval_round"] == 51
    assert (sizes[50] - sizes[10]) / 40 < 200  # finished rounds leave only their id in the loop task
    assert abs((sizes[50] - sizes[30]) - (sizes[30] - sizes[10])) < 0.2 * (sizes[30] - sizes[10])
    _round(lifecycle, None)
    assert lifecycle.snapshot.variables["contract_status"] == "approved"
