"""A server restarted between two steps of a contract behaves exactly like the one that started it.

A new process has no compiled spec in memory: it restores each instance into a spec it parsed itself.
"""

import pytest

from service import create_app
from service.config import TestConfig
from service.extensions import db
from service.processes import engine as process_engine
from tests.clients import Api
from tests.factories import PASSWORD


@pytest.fixture
def restart(app, monkeypatch):
    """restart(user) -> an Api client of a new app, in a process that has compiled nothing yet."""

    def restarted(user):
        username = user.username
        db.session.remove()
        monkeypatch.setattr(process_engine, "_compiled", {})
        process_engine.engine.cache_clear()
        fresh = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
        client = fresh.test_client()
        token = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD}).json
        return Api(client, token["token"])

    yield restarted
    process_engine.engine.cache_clear()


def test_the_last_approval_after_a_restart_approves_the_contract(team, restart):
    contract_id = team.submit(amount="5000.00")
    manager = restart(team.manager.user)
    task = team.task(contract_id, "manager_approval")
    response = manager.post(f"/tasks/{task['id']}/complete", {"decision": "approve"})
    assert response.status_code == 200 and response.json["contract_status"] == "approved"
    after = manager.get(f"/contracts/{contract_id}").json
    assert after["open_tasks"] == [] and after["status"] == "approved"


def test_a_rejection_after_a_restart_returns_the_draft_to_its_owner(team, restart):
    contract_id = team.submit(amount="5000.00")
    manager = restart(team.manager.user)
    task = team.task(contract_id, "manager_approval")
    response = manager.post(f"/tasks/{task['id']}/complete", {"decision": "reject", "comment": "attach the prices"})
    assert response.status_code == 200 and response.json["contract_status"] == "draft"
    assert [t["name"] for t in manager.get(f"/contracts/{contract_id}").json["open_tasks"]] == ["prepare_draft"]


def test_a_committee_vote_after_a_restart_decides(team, restart):
    contract_id = team.to_committee()
    first, second = team.executives[:2]
    assert team.vote(first, contract_id, "approve").status_code == 200
    restarted = restart(second.user)
    vote = team.task(contract_id, "committee_vote", second.user.username)
    response = restarted.post(f"/tasks/{vote['id']}/complete", {"decision": "approve"})
    assert response.status_code == 200 and response.json["contract_status"] == "approved"
