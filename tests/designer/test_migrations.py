"""Migrations: a dry run says which instances can move and why others cannot; applying moves and audits them;
reverting puts them back."""

import json

import pytest
from sqlalchemy import select

from service.audit.models import AuditEvent
from service.extensions import db
from service.processes.models import ProcessInstance
from tests.designer.conftest import shipped
from tests.factories import contract_body

RENAMED = ('name="Approve the contract">', 'name="Approve the contract (v2)">')


@pytest.fixture
def two_versions(designer, api_as, customer):
    """(sales api, {name: contract json}): contracts on version 1 of the lifecycle, then version 2 deployed."""
    sales = api_as("sales")
    contracts = {"draft": sales.post("/contracts", contract_body(customer.id)).json,
                 "at_manager": sales.post("/contracts", contract_body(customer.id)).json}
    task = contracts["at_manager"]["open_tasks"][0]["id"]
    assert sales.post(f"/tasks/{task}/complete", {"decision": "submit"}).status_code == 200
    assert designer.post("/process-models/approval/versions",
                         {"xml": shipped("approval.bpmn", RENAMED)}).status_code == 201
    return sales, contracts


def instance_of(contract):
    db.session.rollback()
    return db.session.scalar(select(ProcessInstance).where(ProcessInstance.contract_id == contract["id"]))


def migrate(api, **body):
    return api.post("/migrations", {"process_model": "contract_lifecycle", "from_version": 1, "to_version": 2,
                                    **body})


def test_a_dry_run_lists_every_running_instance_and_moves_none(two_versions, api_as):
    _, contracts = two_versions

    report = migrate(api_as("admin")).json

    assert report["dry_run"] is True and report["migration_id"] is None
    assert {i["contract_id"]: i["can_move"] for i in report["instances"]} == {c["id"]: True for c in contracts.values()}
    assert {instance_of(c).version.version for c in contracts.values()} == {1}


def test_a_dry_run_says_why_an_instance_cannot_move(two_versions, api_as, designer):
    _, contracts = two_versions
    gone = shipped("approval.bpmn", ("manager_approval", "boss_approval"))
    assert designer.post("/process-models/approval/versions", {"xml": gone}).status_code == 201

    report = migrate(api_as("admin"), to_version=3).json

    reasons = {i["contract_id"]: i["reasons"] for i in report["instances"]}
    assert reasons[contracts["draft"]["id"]] == []
    assert reasons[contracts["at_manager"]["id"]] == [
        "the ready step 'manager_approval' (Approve the contract) does not exist in the target"]


def test_applying_moves_the_instances_their_tasks_and_audits_each(two_versions, api_as):
    sales, contracts = two_versions
    admin = api_as("admin")
    moving = instance_of(contracts["at_manager"])

    report = migrate(admin, instance_ids=[moving.id], dry_run=False).json

    assert report["migration_id"] and [(i["instance_id"], i["moved"]) for i in report["instances"]] == [
        (moving.id, True)]
    assert instance_of(contracts["at_manager"]).version.version == 2
    assert instance_of(contracts["draft"]).version.version == 1
    [task] = sales.get(f"/contracts/{contracts['at_manager']['id']}").json["open_tasks"]
    assert task["title"] == "Approve the contract (v2)"
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "instance.migrated")).all()
    assert [(e.object_id, json.loads(e.data)["to_version"]) for e in events] == [(str(moving.id), 2)]
    assert api_as("manager").post(f"/tasks/{task['id']}/complete", {"decision": "approve"}).status_code == 200


def test_reverting_restores_an_instance_that_has_not_moved_on(two_versions, api_as):
    _, contracts = two_versions
    admin = api_as("admin")
    migration_id = migrate(admin, dry_run=False).json["migration_id"]

    reverted = admin.post(f"/migrations/{migration_id}/revert").json

    assert {r["outcome"] for r in reverted["results"]} == {"restored"}
    assert {instance_of(c).version.version for c in contracts.values()} == {1}
    assert reverted["migration"]["reverted_by"] == admin.user.username
    assert admin.post(f"/migrations/{migration_id}/revert").status_code == 409


def test_reverting_an_instance_that_moved_on_moves_it_back_as_it_is_now(two_versions, api_as):
    sales, contracts = two_versions
    admin = api_as("admin")
    migration_id = migrate(admin, instance_ids=[instance_of(contracts["draft"]).id], dry_run=False).json[
        "migration_id"]
    task = contracts["draft"]["open_tasks"][0]["id"]
    assert sales.post(f"/tasks/{task}/complete", {"decision": "submit"}).status_code == 200  # on version 2

    [result] = admin.post(f"/migrations/{migration_id}/revert").json["results"]

    assert result["outcome"] == "moved_back"
    assert instance_of(contracts["draft"]).version.version == 1
    [open_task] = sales.get(f"/contracts/{contracts['draft']['id']}").json["open_tasks"]
    assert (open_task["name"], open_task["title"]) == ("manager_approval", "Approve the contract")


def test_only_admins_migrate(two_versions, designer, api_as):
    assert migrate(designer).status_code == 403
    assert migrate(api_as("manager"), dry_run=False).status_code == 403
    assert designer.post("/migrations/1/revert").status_code == 403


def test_bad_migrations_are_refused_by_field(two_versions, api_as):
    admin = api_as("admin")

    assert migrate(admin, to_version=1).json["error"]["field"] == "to_version"
    assert migrate(admin, to_version=9).status_code == 404
    assert admin.post("/migrations", {"from_version": 1, "to_version": 2}).json["error"]["field"] == "process_model"
    assert migrate(admin, process_model="approval_levels").json["error"]["field"] == "process_model"
    report = migrate(admin, instance_ids=[999]).json
    assert report["instances"] == [{"instance_id": 999, "contract_id": None, "can_move": False, "moved": False,
                                    "reasons": ["there is no instance 999"]}]
