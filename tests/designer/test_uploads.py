"""Hostile and broken uploads: each is refused quickly with a clear error, and nothing is deployed."""

import time

import pytest

from tests.designer.conftest import shipped, version_count
from tests.engine.test_hostile_diagrams import BILLION_LAUGHS, EXTERNAL_ENTITY

SCRIPT = "<bpmn:script>amount_cny = to_cny(amount, currency)</bpmn:script>"


def approval_with(*replacements):
    return shipped("approval.bpmn", *replacements)


UPLOADS = {
    "malformed": (shipped("approval.bpmn")[:5000], "not well-formed XML"),
    "entity_bomb": (BILLION_LAUGHS.decode(), "DOCTYPE"),
    "external_entity": (EXTERNAL_ENTITY.decode(), "DOCTYPE"),
    "import": (approval_with((SCRIPT, "<bpmn:script>import os</bpmn:script>")), "imports are not allowed"),
    "dunder": (approval_with((SCRIPT, "<bpmn:script>x = ().__class__</bpmn:script>")),
               "'.__class__' is not allowed"),
    "unknown_lane": (approval_with(('<bpmn:lane id="lane_finance" name="finance">',
                                    '<bpmn:lane id="lane_finance" name="treasury">')), "'treasury' is not a role"),
    "missing_decision": (approval_with(("<spiffworkflow:calledDecisionId>approval_levels<",
                                        "<spiffworkflow:calledDecisionId>risk_levels<")),
                         "calls decision 'risk_levels', which is not deployed with it"),
    "no_layout": (approval_with((shipped("approval.bpmn")[shipped("approval.bpmn").index("<bpmndi:BPMNDiagram"):
                                                          shipped("approval.bpmn").index("</bpmn:definitions>")], "")),
                  "no diagram layout"),
}


@pytest.mark.parametrize("name", UPLOADS)
def test_a_bad_upload_is_refused_with_its_problem_and_nothing_is_deployed(designer, name):
    xml, expected = UPLOADS[name]
    before = version_count()

    started = time.monotonic()
    response = designer.post("/process-models/approval/versions", {"xml": xml})
    seconds = time.monotonic() - started

    assert response.status_code == 422, response.json
    problems = response.json["error"]["problems"]
    assert any(expected in p["message"] for p in problems), problems
    assert all(p["file"] == "approval.bpmn" for p in problems)
    assert seconds < 5
    assert version_count() == before


def test_problems_name_the_elements_they_are_on(designer):
    xml, _ = UPLOADS["dunder"]

    [problem] = designer.post("/process-models/approval/versions", {"xml": xml}).json["error"]["problems"]

    assert problem == {"file": "approval.bpmn", "element_id": "convert_amount",
                       "message": "line 1: the attribute '.__class__' is not allowed in scripts"}


def test_an_external_entity_is_never_read(designer):
    response = designer.post("/process-models/approval/validate", {"xml": UPLOADS["external_entity"][0]})

    assert response.json["valid"] is False
    assert "root:" not in str(response.json)


def test_a_50_megabyte_upload_is_refused_before_it_is_read(designer, client):
    body = b'{"xml": "' + b"x" * (50 * 1024 * 1024) + b'"}'
    before = version_count()

    started = time.monotonic()
    response = client.post("/api/v1/process-models/approval/versions", data=body,
                           headers={**designer._headers(), "Content-Type": "application/json"})

    assert response.status_code == 413
    assert response.json["error"]["code"] == "request_entity_too_large"
    assert time.monotonic() - started < 2
    assert version_count() == before


def test_a_file_above_the_diagram_limit_is_named(designer):
    huge = shipped("approval.bpmn").replace("</bpmn:definitions>", "<!--" + "x" * (2 * 1024 * 1024) + "-->"
                                            "</bpmn:definitions>")

    response = designer.post("/process-models/approval/versions", {"xml": huge})

    assert response.status_code == 422
    assert "larger than the limit of 2.0 MB" in response.json["error"]["problems"][0]["message"]


def test_validation_reports_the_same_problems_without_deploying(designer):
    xml, expected = UPLOADS["unknown_lane"]

    response = designer.post("/process-models/approval/validate", {"xml": xml})

    assert response.status_code == 200 and response.json["valid"] is False
    assert [p["element_id"] for p in response.json["problems"]] == ["lane_finance"]
    assert expected in response.json["problems"][0]["message"]
