"""Deployed versions are immutable and an instance keeps the version it started on."""

from pathlib import Path

import pytest

from service.errors import Invalid
from service.extensions import db
from service.processes import service as processes
from tests.factories import contract_body

BPMN_DIR = Path(__file__).parents[2] / "bpmn"


def _deploy_changed(title):
    sources = processes.sources_for(BPMN_DIR, "contract_lifecycle")  # with approval.bpmn, which it calls
    sources["approval.bpmn"] = sources["approval.bpmn"].replace(b"Approve the contract", title.encode())
    version, created = processes.deploy(process_id="contract_lifecycle", sources=sources)
    db.session.commit()
    return version, created


def test_running_instance_stays_on_its_version(api_as, customer):
    sales = api_as("sales")
    old = sales.post("/contracts", contract_body(customer.id)).json
    version, created = _deploy_changed("Approve (v2)")
    assert created and version.version == 2
    sales.post(f"/tasks/{old['open_tasks'][0]['id']}/complete", {"decision": "submit"})
    new = sales.post("/contracts", contract_body(customer.id)).json
    sales.post(f"/tasks/{new['open_tasks'][0]['id']}/complete", {"decision": "submit"})
    titles = {t["contract_id"]: t["title"] for t in api_as("manager").get("/tasks").json}
    assert titles == {old["id"]: "Approve the contract", new["id"]: "Approve (v2)"}


def test_identical_sources_are_not_deployed_twice(app):
    _, created = processes.deploy(process_id="contract_lifecycle",
                                  sources=processes.sources_for(BPMN_DIR, "contract_lifecycle"))
    assert created is False


def test_invalid_xml_is_refused_with_the_file_name(app):
    with pytest.raises(Invalid) as error:
        processes.deploy(process_id="broken", sources={"broken.bpmn": b"<bpmn:definitions"})
    assert "broken.bpmn" in error.value.message


def test_a_process_without_a_deployed_version_cannot_start(app):
    with pytest.raises(Exception) as error:
        processes.start(process_id="nothing_here", data={})
    assert "not deployed" in str(error.value)
