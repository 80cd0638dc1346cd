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


def _notes(user, count):
    for i in range(count):
        notifications.notify(user=user, kind="expired",
                             params={"contract": f"C{i}", "title": "T", "date": "2027-01-01"})
    db.session.commit()


def test_mark_all_read_on_the_page_and_in_the_api(web_as, api_as, make_user):
    user = make_user("sales")
    _notes(user, 3)
    web = web_as(user=user)
    assert "Mark all read" in web.get("/notifications").get_data(as_text=True)
    assert web.post("/notifications/read-all", {"next": "/notifications"}).location == "/notifications"
    page = web.get("/notifications").get_data(as_text=True)
    assert "3 notifications marked read." in page and 'data-testid="notifications-unread">0<' in page
    api = api_as("sales")
    _notes(api.user, 2)
    assert api.post("/notifications/read-all").json == {"marked": 2, "unread": 0}
    assert notifications.unread_count(user=user) == 0


def test_a_page_past_the_end_offers_the_way_back(web_as, make_user):
    user = make_user("sales")
    _notes(user, 1)
    page = web_as(user=user).get("/notifications?page=999").get_data(as_text=True)
    assert 'data-testid="past-the-end"' in page and 'href="/notifications?page=1"' in page
