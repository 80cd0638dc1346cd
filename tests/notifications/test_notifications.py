"""Notifications: in-app list, unread count, mark read, preferences; e-mail in the recipient's language."""

from datetime import timedelta

from flask_babel import force_locale, gettext
from sqlalchemy import select

from service.db import utcnow
from service.extensions import db
from service.jobs import runner
from service.jobs.models import OutboxEntry
from service.notifications import messages
from service.notifications import service as notifications
from service.notifications.models import KINDS, Notification
from tests.conftest import free_port


def _reminder(user, days_before=7):
    note = notifications.notify(user=user, kind="reminder", params={
        "contract": "C2027-000001", "title": "Support order", "key_date": "payment", "date": "2027-03-01",
        "days_before": days_before, "amount": "5000.00", "currency": "CNY", "label": ""})
    note_id = note.id
    db.session.commit()
    return note_id


def test_list_unread_count_and_mark_read(api_as):
    api = api_as("sales")
    first, second = _reminder(api.user), _reminder(api.user, 0)

    listed = api.get("/notifications").json
    assert listed["unread"] == 2 and [n["id"] for n in listed["notifications"]] == [second, first]
    assert listed["notifications"][0]["subject"] == "C2027-000001: payment is today"
    read = api.post(f"/notifications/{first}/read")

    assert read.status_code == 200 and read.json["read_at"]
    assert api.get("/notifications").json["unread"] == 1
    assert [n["id"] for n in api.get("/notifications", unread="true").json["notifications"]] == [second]


def test_someone_elses_notification_is_404(api_as):
    owner, other = api_as("sales"), api_as("sales")
    note_id = _reminder(owner.user)

    assert other.post(f"/notifications/{note_id}/read").status_code == 404
    assert other.get("/notifications").json == {"unread": 0, "notifications": []}


def test_notifications_are_shown_in_the_readers_language(api_as):
    api = api_as("sales")
    api.user.locale = "zh_CN"
    _reminder(api.user)

    note = api.get("/notifications").json["notifications"][0]

    with force_locale("zh_CN"):
        payment, amount = gettext("payment"), gettext(" Amount due: %(amount)s.", amount="¥5,000.00").strip()
    assert note["subject"].startswith("C2027-000001") and payment in note["subject"] and "7" in note["subject"]
    assert payment != "payment" and amount in note["body"]


def test_every_kind_reads_differently_in_both_languages(app):
    params = {"contract": "C1", "title": "T", "key_date": "expiry", "date": "2027-01-01", "days_before": 1,
              "task": "Decide on renewal", "count": 1, "lines": "- x", "due": "2027-01-01 08:00 UTC", "holder": "x"}
    for kind in messages.MESSAGES:
        english, chinese = (messages.render(kind, locale, params) for locale in messages.LOCALES)
        assert english != chinese and "%(" not in "".join(english + chinese), kind


def test_without_a_mail_server_no_email_is_queued(api_as):
    api = api_as("sales")
    api.user.email = "sally@example.com"
    _reminder(api.user)

    assert db.session.scalar(select(Notification.email_status)) == "off"
    assert db.session.scalar(select(OutboxEntry)) is None


def test_preferences_choose_the_kinds_by_email(api_as):
    api = api_as("sales")
    assert api.get("/notifications/preferences").json == {"email": list(KINDS), "digest": False,
                                                           "email_enabled": False}

    response = api.put("/notifications/preferences", {"email": ["expired"], "digest": True})

    assert response.json["email"] == ["expired"] and response.json["digest"] is True
    assert api.put("/notifications/preferences", {"email": ["sms"]}).json["error"]["field"] == "email.0"


def test_an_email_goes_out_in_the_recipients_language(app, api_as, mail_to, run_jobs):
    api = api_as("sales")
    api.user.email, api.user.locale = "li.na@example.com", "zh_CN"
    _reminder(api.user)

    run_jobs()

    [message] = mail_to.messages
    note = db.session.scalar(select(Notification))
    assert message["To"] == "li.na@example.com" and message["Subject"] == notifications.render(note, "zh_CN")[0]
    assert message["Subject"] != notifications.render(note, "en")[0]
    assert db.session.scalar(select(Notification.email_status)) == "sent"


def test_a_refused_connection_keeps_the_email_queued_for_retry(app, api_as, smtp_server, run_jobs):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())  # nothing listens there
    api = api_as("sales")
    api.user.email = "sally@example.com"
    note_id = _reminder(api.user)

    run_jobs()
    note = db.session.get(Notification, note_id)
    assert (note.email_status, note.email_attempts) == ("pending", 1) and "Refused" in note.email_error
    assert note.email_next_at > utcnow() + timedelta(seconds=20)

    app.config["MAIL_PORT"] = smtp_server.port  # the mail server is back; the retry falls due
    note.email_next_at = utcnow()
    db.session.commit()
    assert notifications.deliver_email(notification_id=note_id) == "sent"
    db.session.commit()
    assert len(smtp_server.messages) == 1


def test_the_daily_digest_sends_waiting_notifications_in_one_email(api_as, mail_to):
    api = api_as("sales")
    api.user.email = "sally@example.com"
    api.put("/notifications/preferences", {"email": ["reminder"], "digest": True})
    ids = [_reminder(api.user), _reminder(api.user, 0)]
    for note in db.session.scalars(select(Notification)):
        note.created_at = utcnow() - timedelta(days=2)  # they waited for the last digest time
    db.session.commit()

    [due] = notifications.due_digests(until=utcnow())
    assert notifications.send_digest(**due.kwargs) == "sent 2"
    db.session.commit()

    [message] = mail_to.messages
    assert message["Subject"] == "Pactum: 2 notifications today" and "payment is today" in message.get_content()
    assert {db.session.get(Notification, i).email_status for i in ids} == {"sent"}


def test_the_digest_job_refuses_to_send_early(api_as):
    api = api_as("sales")
    until = notifications.digest_moment(utcnow() + timedelta(days=1))

    kwargs = {"user_id": api.user.id, "until": until.isoformat()}
    db.session.rollback()  # the job's own session needs SQLite's write lock
    assert runner.execute("notifications.send_digest", "digest-x", kwargs, not_before=until.isoformat()) == "early"


def test_amounts_dates_and_times_are_formatted_for_the_reader(app):
    reminder = {"contract": "C1", "title": "T", "key_date": "payment", "date": "2027-03-01", "days_before": 7,
                "amount": "12000.00", "currency": "CNY", "label": ""}
    _, english = messages.render("reminder", "en", reminder)
    _, chinese = messages.render("reminder", "zh_CN", reminder)
    assert "Mar 1, 2027" in english and "Amount due: ¥12,000.00." in english
    assert "2027年3月1日" in chinese and "¥12,000.00" in chinese and "12000.00" not in chinese + english
    due = {"contract": "C1", "title": "T", "task": "Approve the contract", "task_name": "manager_approval",
           "due": "2027-01-05T08:30:00+00:00", "holder_role": "manager"}
    _, english = messages.render("task_due", "en", due)
    _, chinese = messages.render("task_due", "zh_CN", due)
    assert "Jan 5, 2027 8:30" in english and "it waits for Manager" in english and "T08:30" not in english
    assert "2027年1月5日" in chinese and "经理" in chinese and "审批合同" in chinese


def test_notifications_stored_before_params_were_raw_still_read_well(app):
    old = {"contract": "C1", "title": "T", "task": "Approve the contract", "due": "2027-01-05 08:30 UTC",
           "holder": "mike"}
    _, body = messages.render("task_due", "en", old)
    assert "Jan 5, 2027 8:30" in body and "mike" in body
