"""Claiming from the inbox: what the claimer is told, and what the inbox then shows, also while away."""

from datetime import date, timedelta

from service.extensions import db
from service.inbox import service as inbox


def _away(me, deputy):
    today = date.today()
    response = me.post("/absence", {"from": today.isoformat(), "to": (today + timedelta(days=3)).isoformat(),
                                    "deputy": deputy.username})
    assert response.status_code == 302


def test_an_absent_claimer_is_told_the_task_went_to_the_deputy(web_as, make_user, submitted):
    task, deputy = submitted[2], make_user("manager")
    me = web_as("manager")
    _away(me, deputy)
    response = me.post(f"/tasks/{task.id}/claim", {"next": "/inbox"})
    assert response.status_code == 302 and response.location == "/inbox"
    page = me.get("/inbox").get_data(as_text=True)
    assert f"You are away, so “Approve the contract” went to your deputy {deputy.display_name}" in page
    assert "only you can complete it now" not in page
    assert db.session.get(type(task), task.id).assignee_id == deputy.id


def test_the_deputys_inbox_row_says_whom_the_task_came_from(web_as, make_user, submitted):
    task, deputy = submitted[2], make_user("manager")
    me = web_as("manager")
    _away(me, deputy)
    me.post(f"/tasks/{task.id}/claim", {"next": "/inbox"})
    page = web_as(user=deputy).get("/inbox").get_data(as_text=True)
    assert 'data-testid="handed-over"' in page and f"From {me.user.display_name}" in page
    assert "Claimed by you" not in page


def test_claiming_from_the_unclaimed_view_says_where_the_task_went(web_as, submitted):
    task = submitted[2]
    me = web_as("manager")
    response = me.post(f"/tasks/{task.id}/claim", {"next": "/inbox?view=unclaimed"})
    assert response.location == "/inbox?view=unclaimed"
    page = me.get(response.location).get_data(as_text=True)
    assert "only you can complete it now. It is listed under “Claimed by me”." in page
    assert [t.id for t in inbox.inbox(user=me.user, view="claimed")] == [task.id]


def test_a_page_past_the_end_of_the_inbox_shows_the_last_page(web_as, submitted):
    page = web_as("manager").get("/inbox?page=999").get_data(as_text=True)
    assert f'data-task="{submitted[2].id}"' in page and 'data-testid="inbox-empty"' not in page
