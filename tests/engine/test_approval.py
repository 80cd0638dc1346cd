"""bpmn/approval.bpmn and approval_levels.dmn walked by task name, saved and restored after every step.

Committee votes carry the outcome the service tallies from the task table (service/inbox/votes.py):
'' until the deciding vote, then 'approved' or 'rejected'.
"""

import itertools
from decimal import Decimal
from pathlib import Path

import pytest

from tests.engine import conftest as engine_fixtures
from tests.engine.conftest import Walk
from workflows import SpecError, TaskFailed

BPMN_DIR = Path(__file__).resolve().parents[2] / "bpmn"
SOURCES = ("approval.bpmn", "approval_levels.dmn")
STANDARD = {"amount": Decimal("50000.00"), "currency": "CNY", "kind": "order", "payment_terms_days": 30,
            "liability_capped": True, "governing_law": "CN", "company_law": "CN", "approval_round": 1}
BIG = {**STANDARD, "amount": Decimal("6000000.00")}  # every level and the committee (executives erin, ezra, eve)


class ApprovalWalk(Walk):
    def vote(self, member, decision, outcome=""):
        """Complete the committee vote assigned to one member."""
        task = next(t for t in self.snapshot.ready_tasks
                    if t.name == "committee_vote" and t.data["committee_member"] == member)
        self.snapshot = self._restored(self._fresh_engine().complete_task(
            self.snapshot.state, task.id, {"decision": decision, "comment": "", "vote_outcome": outcome}))
        return self.snapshot


@pytest.fixture
def approval(registry, compile_sources):
    """approval(**data) starts bpmn/approval.bpmn with standard terms overridden by data."""
    process = compile_sources("approval", {n: (BPMN_DIR / n).read_bytes() for n in SOURCES})

    def start(**data):
        walk = ApprovalWalk(registry, process)
        walk.start(**{**STANDARD, **data})
        return walk

    return start


def _ready(walk):
    return sorted(t.name for t in walk.snapshot.ready_tasks)


def _levels(approval, **data):
    return sorted(approval(**data).snapshot.ready_tasks[0].data["approval_plan"])


def _approve(walk, *names):
    for name in names:
        walk.complete(name, decision="approve", comment="")


@pytest.mark.parametrize("amount, levels", [
    (Decimal("99999.99"), ["manager"]),
    (Decimal("100000.00"), ["legal", "manager"]),
    (Decimal("999999.99"), ["legal", "manager"]),
    (Decimal("1000000.00"), ["executive", "finance", "legal", "manager"]),
    (Decimal("4999999.99"), ["executive", "finance", "legal", "manager"]),
    (Decimal("5000000.00"), ["committee", "executive", "finance", "legal", "manager"]),
])
def test_amount_thresholds(approval, amount, levels):
    assert _levels(approval, amount=amount) == levels


@pytest.mark.parametrize("terms, levels", [
    ({"kind": "framework"}, ["legal", "manager"]),
    ({"payment_terms_days": 60}, ["manager"]),
    ({"payment_terms_days": 61}, ["finance", "legal", "manager"]),
    ({"liability_capped": False}, ["legal", "manager"]),
    ({"governing_law": "US-NY"}, ["legal", "manager"]),
])
def test_non_standard_terms_add_levels_whatever_the_amount(approval, terms, levels):
    assert _levels(approval, **terms) == levels


def test_each_level_carries_the_rules_and_values_that_required_it(approval):
    walk = approval(amount=Decimal("2400000.00"), kind="framework", payment_terms_days=90)
    legal = walk.task("legal_approval")
    reasons = legal.data["approval_plan"]["legal"]["reasons"]
    assert [r["rule"] for r in reasons] == ["amount_1m_plus", "kind_framework", "payment_terms_over_60_days"]
    assert reasons[2]["values"] == {"payment_terms_days": 90}
    assert legal.properties["reason"] == "approval_plan.legal.reasons"
    assert walk.task("finance_approval").data["approval_plan"]["finance"]["due"] == "P2D"  # the default


def test_small_contract_needs_one_manager(approval):
    walk = approval()
    assert [(t.name, t.lane) for t in walk.snapshot.ready_tasks] == [("manager_approval", "manager")]
    done = walk.complete("manager_approval", decision="approve", comment="ok")
    assert done.completed and done.variables["approval_outcome"] == "approved"


@pytest.mark.parametrize("first, second", [("legal_approval", "finance_approval"),
                                           ("finance_approval", "legal_approval")])
def test_parallel_reviews_approve_in_either_order(approval, first, second):
    walk = approval(amount=Decimal("1000000.00"))
    lanes = sorted((t.name, t.lane) for t in walk.snapshot.ready_tasks)  # each its own lane inside the subprocess
    assert lanes == [("finance_approval", "finance"), ("legal_approval", "legal")]
    _approve(walk, first)
    assert _ready(walk) == [second]
    _approve(walk, second)
    assert _ready(walk) == ["manager_approval"]


@pytest.mark.parametrize("order", list(itertools.permutations(["legal_approval", "finance_approval"])))
@pytest.mark.parametrize("rejecter", ["legal_approval", "finance_approval"])
def test_a_rejection_in_either_review_rejects_in_every_order(approval, order, rejecter):
    walk = approval(amount=Decimal("1000000.00"))
    for name in order:
        done = walk.complete(name, decision="reject" if name == rejecter else "approve", comment="no")
        if name == rejecter:
            break
    assert done.completed and done.ready_tasks == []  # the other review is withdrawn
    assert done.variables["approval_outcome"] == "rejected"


def test_a_manager_rejection_rejects(approval):
    walk = approval(amount=Decimal("1000000.00"))
    _approve(walk, "finance_approval", "legal_approval")
    done = walk.complete("manager_approval", decision="reject", comment="no")
    assert done.completed and done.variables["approval_outcome"] == "rejected"


def test_an_executive_rejection_rejects(approval):
    walk = approval(amount=Decimal("1000000.00"))
    _approve(walk, "legal_approval", "finance_approval", "manager_approval")
    done = walk.complete("executive_approval", decision="reject", comment="no")
    assert done.completed and done.variables["approval_outcome"] == "rejected"


def _to_committee(approval):
    walk = approval(**BIG)
    _approve(walk, "legal_approval", "finance_approval", "manager_approval", "executive_approval")
    assert sorted(t.data["committee_member"] for t in walk.snapshot.ready_tasks) == ["erin", "eve", "ezra"]
    return walk


@pytest.mark.parametrize("members", list(itertools.permutations(["erin", "ezra", "eve"], 2)))
@pytest.mark.parametrize("decision, outcome", [("approve", "approved"), ("reject", "rejected")])
def test_committee_decides_at_the_second_equal_vote_and_withdraws_the_third(approval, members, decision, outcome):
    walk = _to_committee(approval)
    walk.vote(members[0], decision)
    assert len(walk.snapshot.ready_tasks) == 2
    done = walk.vote(members[1], decision, outcome)
    assert done.completed and done.ready_tasks == []
    assert done.variables["approval_outcome"] == outcome


@pytest.mark.parametrize("members", list(itertools.permutations(["erin", "ezra", "eve"])))
@pytest.mark.parametrize("last, outcome", [("approve", "approved"), ("reject", "rejected")])
def test_committee_split_vote_is_decided_by_the_third_member(approval, members, last, outcome):
    walk = _to_committee(approval)
    walk.vote(members[0], "approve")
    walk.vote(members[1], "reject")
    done = walk.vote(members[2], last, outcome)
    assert done.completed and done.variables["approval_outcome"] == outcome


def test_committee_needs_as_many_executives_as_its_quorum(approval, monkeypatch):
    walk = approval(**BIG)
    _approve(walk, "legal_approval", "finance_approval", "manager_approval")
    monkeypatch.setitem(engine_fixtures.FUNCTIONS, "role_members", lambda role: ["erin"])
    with pytest.raises(TaskFailed, match="at least 2 users holding the role executive; there are 1"):
        walk.complete("executive_approval", decision="approve", comment="")


def test_a_loop_condition_is_checked_like_any_expression(shipped_sources, compile_sources):
    lifecycle = shipped_sources["contract_lifecycle.bpmn"].replace(
        b"approval_outcome != 'approved'</bpmn:loopCondition>", b"__import__('os')</bpmn:loopCondition>")
    with pytest.raises(SpecError, match="drafting.*not allowed"):
        compile_sources("contract_lifecycle", {**shipped_sources, "contract_lifecycle.bpmn": lifecycle})
