"""Delegation and reassignment on the task page, and the absence page."""

from datetime import date, timedelta

from service.extensions import db
from service.inbox import absence
from service.inbox import service as inbox


def _ids(user):
    return [t.id for t in inbox.inbox(user=user)]


def test_delegating_from_the_task_page_moves_the_task_to_the_named_users_inbox(web_as, make_user, submitted):
    task, colleague = submitted[2], make_user("manager")
    manager = web_as("manager")
    page = manager.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert 'data-testid="delegate-form"' in page and f'action="/tasks/{task.id}/delegate"' in page
    response = manager.post(f"/tasks/{task.id}/delegate", {"to": colleague.username})
    assert response.status_code == 302 and response.location == "/inbox"
    assert f"You handed “Approve the contract” to {colleague.display_name}." in manager.get("/inbox").get_data(
        as_text=True)
    assert _ids(colleague) == [task.id] and _ids(manager.user) == []
    moved = db.session.get(type(task), task.id)
    assert moved.assignee_id == colleague.id and moved.delegated_from_id == manager.user.id


def test_delegating_to_someone_without_the_role_shows_the_error_next_to_the_field(web_as, make_user, submitted):
    task, legal = submitted[2], make_user("legal")
    manager = web_as("manager")
    response = manager.post(f"/tasks/{task.id}/delegate", {"to": legal.username})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    named = legal.display_name.capitalize()  # service messages start with a capital on the page
    assert f'data-field="to">{named} does not hold the role Manager that this task needs' in page
    assert 'value="approve"' in page  # the rest of the task page is there
    for unknown in ("", "nobody"):
        assert 'data-field="to">' in manager.post(f"/tasks/{task.id}/delegate", {"to": unknown}).get_data(as_text=True)
    assert db.session.get(type(task), task.id).assignee_id is None and _ids(legal) == []


def test_a_manager_reassigns_a_claimed_task(web_as, make_user, submitted):
    task, colleague = submitted[2], make_user("manager")
    holder = web_as("manager")
    holder.post(f"/tasks/{task.id}/claim")
    boss = web_as("manager")
    page = boss.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert 'data-testid="reassign-form"' in page and 'data-testid="delegate-form"' not in page  # claimed by another
    response = boss.post(f"/tasks/{task.id}/reassign", {"to": colleague.username})
    assert response.status_code == 302 and response.location == f"/tasks/{task.id}"
    assert f"“Approve the contract” is now with {colleague.display_name}." in boss.get(response.location).get_data(
        as_text=True)
    moved = db.session.get(type(task), task.id)
    assert moved.assignee_id == colleague.id and moved.delegated_from_id == holder.user.id


def test_a_non_manager_does_not_see_reassign_and_may_not_post_it(web_as, make_user, submitted):
    owner, _, task = submitted
    legal, colleague = web_as("legal"), make_user("manager")
    assert 'data-testid="reassign-form"' not in legal.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert legal.post(f"/tasks/{task.id}/reassign", {"to": colleague.username}).status_code == 403
    assert legal.post(f"/tasks/{task.id}/reassign", {}).status_code == 403
    assert legal.post(f"/tasks/{task.id}/delegate", {"to": colleague.username}).status_code == 403
    assert web_as(user=owner).post(f"/tasks/{task.id}/reassign", {"to": colleague.username}).status_code == 403
    assert db.session.get(type(task), task.id).assignee_id is None


def _period(start=0, end=5):
    today = date.today()
    return {"from": (today + timedelta(days=start)).isoformat(), "to": (today + timedelta(days=end)).isoformat()}


def test_the_absence_page_sets_shows_and_cancels_an_absence(web_as, make_user):
    deputy = make_user("manager")
    me = web_as("manager")
    page = me.get("/inbox").get_data(as_text=True)
    assert 'data-testid="absence-link"' in page and 'href="/absence"' in page
    assert 'data-testid="no-absence"' in me.get("/absence").get_data(as_text=True)
    response = me.post("/absence", {**_period(1, 5), "deputy": deputy.username})
    assert response.status_code == 302 and response.location == "/absence"
    page = me.get("/absence").get_data(as_text=True)
    assert f"{deputy.display_name} takes your tasks while you are away" in page
    assert 'data-testid="deputy">' + deputy.display_name in page and "Planned" in page
    row = absence.get(user=me.user)
    assert row.deputy_id == deputy.id and row.starts_at.date() == date.today() + timedelta(days=1)
    assert row.ends_at.date() == date.today() + timedelta(days=5)
    assert me.post("/absence/cancel").location == "/absence"
    page = me.get("/absence").get_data(as_text=True)
    assert "Your absence was cancelled" in page and 'data-testid="no-absence"' in page
    assert absence.get(user=me.user) is None


def test_an_absence_from_today_moves_claimed_tasks_to_the_deputy(web_as, make_user, submitted):
    task, deputy = submitted[2], make_user("manager")
    me = web_as("manager")
    me.post(f"/tasks/{task.id}/claim")
    me.post("/absence", {**_period(0, 3), "deputy": deputy.username})
    assert "In effect now" in me.get("/absence").get_data(as_text=True)
    assert _ids(deputy) == [task.id] and _ids(me.user) == []


def test_a_bad_period_or_deputy_shows_the_error_next_to_the_field_and_saves_nothing(web_as, make_user):
    me, legal = web_as("manager"), make_user("legal")
    deputy = make_user("manager")
    page = me.post("/absence", {**_period(5, 1), "deputy": deputy.username}).get_data(as_text=True)
    assert 'data-field="to">The last day is before the first day.' in page
    page = me.post("/absence", {**_period(-5, -1), "deputy": deputy.username}).get_data(as_text=True)
    assert 'data-field="to">The absence is over already' in page
    page = me.post("/absence", {**_period(1, 2), "deputy": legal.username}).get_data(as_text=True)
    assert f'data-field="deputy">{legal.username.capitalize()} holds none of your roles' in page
    page = me.post("/absence", {"from": "soon", "to": "", "deputy": ""}).get_data(as_text=True)
    assert 'data-field="from">' in page and 'data-field="to">' in page and 'data-field="deputy">' in page
    assert absence.get(user=me.user) is None


def test_the_pages_render_in_chinese(web_as, make_user, submitted):
    task, legal, deputy = submitted[2], make_user("legal"), make_user("manager")
    me = web_as("manager")
    me.post("/language", {"locale": "zh_CN"})
    page = me.get("/absence").get_data(as_text=True)
    assert "外出" in page and "缺勤" not in page and "代理人" in page and "Deputy" not in page
    page = me.post("/absence", {**_period(5, 1), "deputy": deputy.username}).get_data(as_text=True)
    assert 'data-field="to">最后一天早于第一天。' in page
    page = me.post("/absence", {**_period(1, 2), "deputy": legal.username}).get_data(as_text=True)
    assert 'data-field="deputy">请指定一位与你至少拥有一个相同角色的在职同事。' in page
    page = me.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "转交" in page and "重新分配" in page and "Delegate" not in page
    page = me.post(f"/tasks/{task.id}/delegate", {"to": legal.username}).get_data(as_text=True)
    refused = f"{legal.display_name} 不能接手此任务：需要一位拥有“经理”角色、且不是当前处理人的在职用户。"
    assert f'data-field="to">{refused}' in page


def test_the_hand_over_form_offers_the_people_who_may_take_it_by_display_name(web_as, make_user, submitted):
    task = submitted[2]
    colleague, legal = make_user("manager"), make_user("legal")
    colleague.display_name = "Wang Wei"
    db.session.commit()
    manager = web_as("manager")
    page = manager.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert f'<option value="{colleague.username}">Wang Wei</option>' in page
    assert f'value="{legal.username}"' not in page and "<script>" not in page
    assert 'src="/static/handover.js"' in page and f'data-candidates-url="/tasks/{task.id}/candidates"' in page
    found = manager.get(f"/tasks/{task.id}/candidates?q=wang").get_json()
    assert [(c["username"], c["display_name"]) for c in found] == [(colleague.username, "Wang Wei")]
    assert web_as("legal").get(f"/tasks/{task.id}/candidates").status_code == 403


def test_changing_an_absence_starts_from_the_one_that_is_set(web_as, make_user):
    deputy = make_user("manager")
    me = web_as("manager")
    me.post("/absence", {**_period(2, 6), "deputy": deputy.username})
    page = me.get("/absence").get_data(as_text=True)
    first, last = _period(2, 6)["from"], _period(2, 6)["to"]
    assert f'id="from" name="from" required type="date" value="{first}"' in page
    assert f'value="{last}"' in page and f'value="{deputy.username}"' in page
