"""Pages: the admin's timer health page."""

from flask_babel import force_locale, gettext

from service.auth import service as auth
from service.extensions import db


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
