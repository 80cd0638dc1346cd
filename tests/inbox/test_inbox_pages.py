from datetime import timedelta

from service.db import utcnow
from service.extensions import db
from service.inbox import service as inbox
from tests.factories import contract as create_contract


def _counts(page):
    return {view: page.split(f'data-count="{view}">')[1].split("<")[0] for view in inbox.VIEWS}


def test_manager_sees_the_submitted_contract_with_counts(web_as, submitted):
    _, contract, task = submitted
    page = web_as("manager").get("/inbox").get_data(as_text=True)
    assert contract.number in page and f'data-task="{task.id}"' in page and "¥12,000.50" in page
    assert _counts(page) == {"all": "1", "mine": "0", "roles": "1", "claimed": "0", "unclaimed": "1", "overdue": "0"}


def test_other_roles_see_an_empty_inbox(web_as, submitted):
    page = web_as("legal").get("/inbox").get_data(as_text=True)
    assert 'data-testid="inbox-empty"' in page and "data-task=" not in page


def test_claim_and_release_move_the_task_between_views(web_as, submitted):
    manager, task = web_as("manager"), submitted[2]
    response = manager.post(f"/tasks/{task.id}/claim", {"next": "/inbox?view=claimed"})
    assert response.location == "/inbox?view=claimed"
    page = manager.get("/inbox?view=claimed").get_data(as_text=True)
    assert f'data-task="{task.id}"' in page and _counts(page)["unclaimed"] == "0" and "Release" in page
    manager.post(f"/tasks/{task.id}/release")
    assert _counts(manager.get("/inbox").get_data(as_text=True))["claimed"] == "0"


def test_claimed_task_leaves_the_other_managers_inbox(web_as, submitted):
    task = submitted[2]
    web_as("manager").post(f"/tasks/{task.id}/claim")
    other = web_as("manager")
    assert "data-task=" not in other.get("/inbox").get_data(as_text=True)
    assert other.post(f"/tasks/{task.id}/claim").status_code == 409


def test_claim_without_the_role_is_403_page(web_as, submitted):
    response = web_as("finance").post(f"/tasks/{submitted[2].id}/claim")
    assert response.status_code == 403 and 'data-testid="error-status">403<' in response.get_data(as_text=True)


def test_overdue_view_lists_tasks_past_their_due_time(web_as, submitted):
    submitted[2].due_at = utcnow() - timedelta(hours=3)
    db.session.commit()
    page = web_as("manager").get("/inbox?view=overdue").get_data(as_text=True)
    assert _counts(page)["overdue"] == "1" and f'data-task="{submitted[2].id}"' in page and "3 hours ago" in page


def test_mine_lists_the_owners_draft_task(web_as, draft):
    owner, contract = draft
    page = web_as(user=owner).get("/inbox?view=mine").get_data(as_text=True)
    assert contract.number in page and _counts(page)["mine"] == "1" and "Assigned to you" in page


def test_sorting_and_paging_by_due_date(web_as, submitted, customer, monkeypatch, make_user):
    manager = make_user("manager", "sales")
    first, second = submitted[2], inbox.open_tasks_for(create_contract(manager, customer).id)[0]
    first.due_at, second.due_at = utcnow() + timedelta(days=1), utcnow()
    db.session.commit()
    monkeypatch.setattr("service.inbox.views.PAGE_SIZE", 1)
    web = web_as(user=manager)
    assert f'data-task="{second.id}"' in web.get("/inbox").get_data(as_text=True)
    assert f'data-task="{first.id}"' in web.get("/inbox?page=2").get_data(as_text=True)
    assert f'data-task="{first.id}"' in web.get("/inbox?order=-due").get_data(as_text=True)


def test_unknown_view_is_a_422_page(web_as):
    response = web_as("manager").get("/inbox?view=everything")
    assert response.status_code == 422 and "Unknown view" in response.get_data(as_text=True)


def test_inbox_counts_in_one_query_match_the_lists(app, make_user, submitted):
    manager = make_user("manager")
    counts = inbox.inbox_counts(user=manager)
    assert counts == {view: len(inbox.inbox(user=manager, view=view)) for view in inbox.VIEWS}
