"""Pages: the admin's timer health page."""

from flask_babel import force_locale, gettext

from service.auth import service as auth
from service.db import utcnow
from service.extensions import db
from service.timers.models import TimerFiring


def test_admins_see_timer_health_with_lateness_percentiles(web_as):
    page = web_as("admin").get("/admin/timers?hours=1")

    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Timer health" in html
    assert 'data-testid="timers-overdue">0<' in html and "p99" in html


def test_the_page_speaks_chinese_to_a_chinese_admin(web_as, make_user):
    admin = make_user("admin")
    auth.set_locale(user=admin, locale="zh_CN")
    db.session.commit()

    html = web_as(user=admin).get("/admin/timers").get_data(as_text=True)

    with force_locale("zh_CN"):
        title, failing = gettext("Timer health"), gettext("Stopped by an error")
    assert title != "Timer health" and title in html and failing in html


def test_other_roles_may_not_see_it(web_as):
    assert web_as("manager").get("/admin/timers").status_code == 403


def test_the_page_lists_the_timers_not_fired_yet_with_their_contract(web_as, new_contract):
    _, contract = new_contract(days=365, start=10)
    html = web_as("admin").get("/admin/timers").get_data(as_text=True)
    assert 'data-testid="timers-list"' in html and contract["number"] in html
    assert "Reminder: Effective date, on the day" in html and "Reminder: Expiry, 90 days before" in html
    assert "Process: Renewal notice due" in html and "Pending" in html


def test_lateness_is_shown_in_human_units_in_the_readers_language(web_as, make_user):
    now = utcnow()
    for ms in (850, 63_848_000):
        db.session.add(TimerFiring(kind="reminder", object_id=1, due_at=now, fired_at=now, lateness_ms=ms))
    db.session.commit()
    html = web_as("admin").get("/admin/timers").get_data(as_text=True)
    assert "p50 850 ms" in html and "max 17.7 hr" in html and "63848" not in html
    admin = make_user("admin")
    auth.set_locale(user=admin, locale="zh_CN")
    db.session.commit()
    assert "max 17.7小时" in web_as(user=admin).get("/admin/timers").get_data(as_text=True)
