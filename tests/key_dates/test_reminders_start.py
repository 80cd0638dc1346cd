"""Reminders start when a contract is approved (key_dates.service.REMINDERS_START), not while it is a draft."""

from service.contracts.models import Contract
from service.extensions import db
from service.key_dates import service as key_dates
from tests.conftest import approve, notifications_of, reminders_of


def test_a_drafts_reminders_are_held_and_nothing_is_sent(new_contract, run_jobs):
    api, contract = new_contract(days=7, approved=False)  # effective today, expiring in 7 days
    run_jobs()
    assert set(reminders_of(contract["id"], "effective").values()) == {"held"}
    assert set(reminders_of(contract["id"], "expiry").values()) == {"held"}
    assert notifications_of(api.user.id, "reminder") == []
    health = key_dates.timers.health(viewer=None)
    assert health["pending"] == 0


def test_approval_starts_the_reminders_and_the_due_ones_are_sent(new_contract, run_jobs, api_as):
    api, contract = new_contract(days=7, approved=False)
    approve(api, contract, api_as("manager"))
    run_jobs()
    assert reminders_of(contract["id"], "expiry") == {90: "skipped", 30: "skipped", 7: "sent", 0: "pending"}
    assert reminders_of(contract["id"], "effective") == {0: "sent"}
    assert {n.params["key_date"] for n in notifications_of(api.user.id, "reminder")} == {"effective", "expiry"}


def test_key_dates_added_to_a_draft_are_held_too(new_contract, run_jobs):
    api, contract = new_contract(days=365, approved=False)
    response = api.put(f"/contracts/{contract['id']}/key-dates",
                       {"key_dates": [{"kind": "milestone", "date": contract["start_date"], "label": "Kick-off"}]})
    run_jobs()
    milestone = next(k for k in response.json["key_dates"] if k["kind"] == "milestone")
    assert {r["status"] for r in milestone["reminders"]} == {"held"}
    assert notifications_of(api.user.id, "reminder") == []


def test_a_contract_that_goes_back_to_draft_holds_its_pending_reminders_and_keeps_sent_ones(new_contract, run_jobs):
    api, contract = new_contract(days=7)
    run_jobs()
    row = db.session.get(Contract, contract["id"])
    row.status = "draft"
    changed = key_dates.status_changed(contract=row, previous="approved")
    db.session.commit()
    assert [r.days_before for r in changed] == [0]  # the expiry's day-0 reminder was still pending
    assert reminders_of(contract["id"], "expiry") == {90: "skipped", 30: "skipped", 7: "sent", 0: "held"}
    row.status = "approved"
    key_dates.status_changed(contract=row, previous="in_approval")
    db.session.commit()
    assert reminders_of(contract["id"], "expiry")[0] == "pending"
    assert len(notifications_of(api.user.id, "reminder")) == 2  # nothing was sent twice
