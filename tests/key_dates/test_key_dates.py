"""Key dates and reminders: defaults, the API, and reminders sent once, on their day."""

from datetime import date, timedelta

from sqlalchemy import func, select

from service.extensions import db
from service.key_dates.models import Reminder
from service.timers.models import TimerFiring
from tests.conftest import notifications_of, reminders_of


def _put(api, contract_id, *key_dates):
    return api.put(f"/contracts/{contract_id}/key-dates", {"key_dates": list(key_dates)})


def _payment(days=10, **extra):
    return {"kind": "payment", "date": (date.today() + timedelta(days=days)).isoformat(), "amount": "5000.00",
            **extra}


def test_a_new_contract_has_effective_and_expiry_dates_with_default_reminders(new_contract):
    api, contract = new_contract(days=365, start=10)

    body = api.get(f"/contracts/{contract['id']}/key-dates").json

    assert body["timezone"] == "UTC"
    assert [(k["kind"], k["date"]) for k in body["key_dates"]] == [
        ("effective", contract["start_date"]), ("expiry", contract["end_date"])]
    assert [r["days_before"] for r in body["key_dates"][1]["reminders"]] == [90, 30, 7, 0]
    assert {r["status"] for k in body["key_dates"] for r in k["reminders"]} == {"pending"}


def test_seven_days_before_the_end_only_the_seven_day_reminder_comes_and_once(new_contract, run_jobs):
    api, contract = new_contract(days=7)

    run_jobs()
    run_jobs()

    assert reminders_of(contract["id"], "expiry") == {90: "skipped", 30: "skipped", 7: "sent", 0: "pending"}
    sent = [n.params for n in notifications_of(api.user.id, "reminder") if n.params["key_date"] == "expiry"]
    assert [(p["days_before"], p["date"]) for p in sent] == [(7, contract["end_date"])]


def test_a_sent_reminder_records_its_due_and_actual_time(new_contract, run_jobs):
    _, contract = new_contract(days=7)
    run_jobs()

    firing, reminder = db.session.execute(
        select(TimerFiring, Reminder).join(Reminder, Reminder.id == TimerFiring.object_id)
        .where(TimerFiring.kind == "reminder", Reminder.days_before == 7)).one()

    assert firing.due_at == reminder.due_at and firing.fired_at == reminder.fired_at
    assert firing.lateness_ms >= 0


def test_put_adds_a_payment_with_its_default_reminders(new_contract):
    api, contract = new_contract(days=365)

    response = _put(api, contract["id"], _payment(label="First instalment"))

    payment = next(k for k in response.json["key_dates"] if k["kind"] == "payment")
    assert response.status_code == 200 and payment["amount"] == "5000.00"
    assert [r["days_before"] for r in payment["reminders"]] == [7, 0]
    assert {k["kind"] for k in response.json["key_dates"]} == {"effective", "expiry", "payment"}


def test_put_twice_changes_nothing_and_keeps_sent_reminders(new_contract, run_jobs):
    api, contract = new_contract(days=7)
    run_jobs()
    count = db.session.scalar(select(func.count()).select_from(Reminder))

    again = _put(api, contract["id"], {"kind": "expiry"}, {"kind": "effective"})

    assert again.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Reminder)) == count
    assert reminders_of(contract["id"], "expiry")[7] == "sent"


def test_changed_offsets_replace_pending_reminders(new_contract):
    api, contract = new_contract(days=365)

    response = _put(api, contract["id"], {"kind": "expiry", "reminders": [60, 1]})

    expiry = next(k for k in response.json["key_dates"] if k["kind"] == "expiry")
    assert [r["days_before"] for r in expiry["reminders"]] == [60, 1]


def test_a_payment_without_an_amount_is_422_and_changes_nothing(new_contract):
    api, contract = new_contract(days=365)

    response = _put(api, contract["id"], _payment(amount=None))

    assert response.status_code == 422 and response.json["error"]["field"] == "key_dates.0.amount"
    assert len(api.get(f"/contracts/{contract['id']}/key-dates").json["key_dates"]) == 2


def test_bad_key_dates_are_422_naming_the_field(new_contract):
    api, contract = new_contract(days=365)
    cases = [
        ({"kind": "milestone"}, "key_dates.0.date"),
        ({"kind": "review", "date": "2027-05-01", "amount": "10.00"}, "key_dates.0.amount"),
        ({"kind": "expiry", "date": "2030-01-01"}, "key_dates.0.date"),
        ({"kind": "renewal", "date": "2027-05-01"}, "key_dates.0.kind"),
        (_payment(reminders=[7, -1]), "key_dates.0.reminders.1"),
        (_payment(reminders=[7, 7]), "key_dates.0.reminders"),
    ]
    for item, field in cases:
        response = _put(api, contract["id"], item)
        assert (response.status_code, response.json["error"]["field"]) == (422, field), item


def test_a_key_date_listed_twice_is_422(new_contract):
    api, contract = new_contract(days=365)

    response = _put(api, contract["id"], {"kind": "expiry"}, {"kind": "expiry", "reminders": [1]})

    assert response.status_code == 422 and response.json["error"]["field"] == "key_dates.1"


def test_only_the_owner_and_reviewing_roles_change_key_dates(new_contract, api_as):
    _, contract = new_contract(days=365)

    assert _put(api_as("sales"), contract["id"], _payment()).status_code == 404  # cannot even see it
    assert _put(api_as("executive"), contract["id"], _payment()).status_code == 403
    assert _put(api_as("finance"), contract["id"], _payment()).status_code == 200
