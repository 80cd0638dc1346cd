"""Pages: the notifications page and its unread badge."""

from service.extensions import db
from service.notifications import service as notifications


def test_notifications_page_lists_them_and_marks_one_read(web_as, make_user):
    user = make_user("sales")
    note_id = notifications.notify(user=user, kind="expired", params={"contract": "C1", "title": "T",
                                                                      "date": "2027-01-01"}).id
    db.session.commit()
    web = web_as(user=user)
    page = web.get("/notifications").get_data(as_text=True)
    assert "C1 has expired" in page and 'data-testid="notifications-unread">1<' in page

    web.post(f"/notifications/{note_id}/read", {"next": "/notifications"})

    assert 'data-testid="notifications-unread">0<' in web.get("/notifications").get_data(as_text=True)
