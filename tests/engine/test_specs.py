"""compile_process: what a designer cannot deploy, and where the error message points."""

from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from workflows import SpecError, compile_decision, sources_sha256, validate_sources
from workflows.specs import source_kind

DMN_NS = "https://www.omg.org/spec/DMN/20191111/MODEL/"


def bpmn(step, *, lane="sales"):
    """A process start -> step -> end, with every node in one lane; step is an element with id 'step'."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"
                  id="sample_definitions" targetNamespace="https://pactum.example/bpmn/tests">
  <bpmn:process id="sample" isExecutable="true">
    <bpmn:laneSet id="sample_lanes">
      <bpmn:lane id="sample_lane" name="{lane}">
        <bpmn:flowNodeRef>start</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>step</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>end</bpmn:flowNodeRef>
      </bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="start"><bpmn:outgoing>flow_in</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="flow_in" sourceRef="start" targetRef="step"/>
    {step}
    <bpmn:sequenceFlow id="flow_out" sourceRef="step" targetRef="end"/>
    <bpmn:endEvent id="end"><bpmn:incoming>flow_out</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>
""".encode()


def script_task(script):
    return f'<bpmn:scriptTask id="step"><bpmn:script>{escape(script)}</bpmn:script></bpmn:scriptTask>'


def business_rule_task(decision_id):
    return (
        '<bpmn:businessRuleTask id="step"><bpmn:extensionElements>'
        f"<spiffworkflow:calledDecisionId>{decision_id}</spiffworkflow:calledDecisionId>"
        "</bpmn:extensionElements></bpmn:businessRuleTask>"
    )


LEVELS_DMN = f"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="{DMN_NS}" id="levels" name="Levels" namespace="https://pactum.example/dmn/tests">
  <decision id="approval_level" name="Approval level">
    <decisionTable id="approval_table" hitPolicy="UNIQUE">
      <input id="amount_input"><inputExpression id="amount_expr"><text>amount</text></inputExpression></input>
      <output id="level_output" name="level"/>
      <rule id="small"><inputEntry id="small_in"><text>? &lt;= 10000</text></inputEntry>
        <outputEntry id="small_out"><text>'manager'</text></outputEntry></rule>
      <rule id="large"><inputEntry id="large_in"><text>? &gt; 10000</text></inputEntry>
        <outputEntry id="large_out"><text>'executive'</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>
""".encode()


def refused(compile_sources, sources):
    with pytest.raises(SpecError) as error:
        compile_sources("sample", sources)
    return error.value.problems


def test_accepts_a_valid_diagram_with_its_decision_table(compile_sources, engine):
    sources = {"sample.bpmn": bpmn(business_rule_task("approval_level")), "levels.dmn": LEVELS_DMN}

    process = compile_sources("sample", sources)

    assert process.sha256 == sources_sha256(sources)
    assert engine.start(process, {"amount": 50000}).variables["level"] == "executive"


def test_accepts_the_shipped_diagrams(compile_sources, shipped_sources):
    process = compile_sources("contract_lifecycle", shipped_sources)

    assert process.process_id == "contract_lifecycle"
    assert process.sources == shipped_sources


def test_refuses_malformed_xml(compile_sources):
    [problem] = refused(compile_sources, {"sample.bpmn": b"<bpmn:definitions"})

    assert problem.file == "sample.bpmn"
    assert "not well-formed XML" in problem.message


def test_refuses_bpmn_that_does_not_match_the_schema(compile_sources):
    sources = {"sample.bpmn": bpmn('<bpmn:frobnicate id="step"/>')}

    [problem] = refused(compile_sources, sources)

    assert problem.file == "sample.bpmn"
    assert "frobnicate" in problem.message


def test_refuses_a_doctype(compile_sources):
    with_doctype = bpmn(script_task("x = 1")).replace(b"?>", b'?>\n<!DOCTYPE d [<!ENTITY e "boom">]>', 1)

    [problem] = refused(compile_sources, {"sample.bpmn": with_doctype})

    assert (problem.file, problem.element_id) == ("sample.bpmn", None)
    assert "DOCTYPE" in problem.message


def test_refuses_a_script_with_a_syntax_error_and_names_the_line(compile_sources):
    [problem] = refused(compile_sources, {"sample.bpmn": bpmn(script_task("total = 1\ntotal = (amount"))})

    assert (problem.file, problem.element_id) == ("sample.bpmn", "step")
    assert problem.message.startswith("line 2: invalid Python")


def test_refuses_a_forbidden_script(compile_sources):
    [problem] = refused(compile_sources, {"sample.bpmn": bpmn(script_task("import os"))})

    assert (problem.element_id, problem.message) == ("step", "line 1: imports are not allowed in scripts")


def test_refuses_a_forbidden_condition_and_names_its_flow(compile_sources):
    condition = "<bpmn:conditionExpression>().__class__</bpmn:conditionExpression>"
    source = bpmn(script_task("x = 1")).replace(
        b'<bpmn:sequenceFlow id="flow_out" sourceRef="step" targetRef="end"/>',
        f'<bpmn:sequenceFlow id="flow_out" sourceRef="step" targetRef="end">{condition}</bpmn:sequenceFlow>'.encode(),
    )

    [problem] = refused(compile_sources, {"sample.bpmn": source})

    assert problem.element_id == "flow_out"
    assert "__class__" in problem.message


def test_reports_every_problem_at_once(compile_sources):
    problems = refused(compile_sources, {"sample.bpmn": bpmn(script_task("import os"), lane="lawyers")})

    assert sorted(p.element_id for p in problems) == ["sample_lane", "step"]


def test_refuses_a_lane_named_after_an_unknown_role(compile_sources):
    [problem] = refused(compile_sources, {"sample.bpmn": bpmn(script_task("x = 1"), lane="lawyers")})

    assert problem.element_id == "sample_lane"
    assert "'lawyers' is not a role" in problem.message


def test_refuses_a_call_to_a_process_that_is_not_deployed_with_it(compile_sources):
    call = '<bpmn:callActivity id="step" calledElement="missing_process"/>'

    [problem] = refused(compile_sources, {"sample.bpmn": bpmn(call)})

    assert problem.file == "sample.bpmn"
    assert "'missing_process'" in problem.message


def test_refuses_a_call_to_a_decision_that_is_not_deployed_with_it(compile_sources):
    [problem] = refused(compile_sources, {"sample.bpmn": bpmn(business_rule_task("missing_decision"))})

    assert problem.file == "sample.bpmn"
    assert "'missing_decision'" in problem.message


def test_refuses_sources_without_the_process_asked_for(compile_sources):
    with pytest.raises(SpecError, match="no executable process with id 'other'"):
        compile_sources("other", {"sample.bpmn": bpmn(script_task("x = 1"))})


def test_sources_sha256_ignores_order_and_sees_every_byte():
    first, second = bpmn(script_task("x = 1")), LEVELS_DMN

    digest = sources_sha256({"sample.bpmn": first, "levels.dmn": second})

    assert digest == sources_sha256({"levels.dmn": second, "sample.bpmn": first})
    assert digest != sources_sha256({"sample.bpmn": first.replace(b"x = 1", b"x = 2"), "levels.dmn": second})
    assert digest != sources_sha256({"renamed.bpmn": first, "levels.dmn": second})


COUNTERSIGN = (Path(__file__).resolve().parent / "diagrams" / "countersign_message.bpmn").read_text()


@pytest.mark.parametrize("old, new", [
    ("<bpmn:formalExpression>contract_id</bpmn:formalExpression>",
     "<bpmn:formalExpression>().__class__</bpmn:formalExpression>"),
    ("<spiffworkflow:expression>contract_id</spiffworkflow:expression>",
     "<spiffworkflow:expression>__import__('os')</spiffworkflow:expression>"),
])
def test_refuses_forbidden_correlation_expressions(compile_sources, old, new):
    assert old in COUNTERSIGN

    problems = refused_as(compile_sources, "countersign_message", COUNTERSIGN.replace(old, new))

    assert any("not allowed" in p.message for p in problems)


def test_refuses_a_message_variable_that_is_not_a_plain_name(compile_sources):
    source = COUNTERSIGN.replace("<spiffworkflow:messageVariable>countersignature<",
                                 "<spiffworkflow:messageVariable>__builtins__<")

    [problem] = refused_as(compile_sources, "countersign_message", source)

    assert "'__builtins__' is not a variable name" in problem.message


def refused_as(compile_sources, process_id, source):
    with pytest.raises(SpecError) as error:
        compile_sources(process_id, {f"{process_id}.bpmn": source.encode()})
    return error.value.problems


def test_a_decision_table_compiles_alone_and_names_an_unsupported_hit_policy():
    assert compile_decision("approval_level", {"levels.dmn": LEVELS_DMN}).id == "approval_level"

    with pytest.raises(SpecError, match="hit policy FIRST is not supported") as error:
        compile_decision("approval_level", {"levels.dmn": LEVELS_DMN.replace(b'"UNIQUE"', b'"FIRST"')})
    assert error.value.problems[0].element_id == "approval_table"


def test_a_decision_that_is_not_in_its_file_is_named():
    with pytest.raises(SpecError, match="no decision with id 'other'"):
        compile_decision("other", {"levels.dmn": LEVELS_DMN})


def test_source_kind_tells_bpmn_from_dmn():
    assert (source_kind("a", bpmn(script_task("x = 1"))), source_kind("b", LEVELS_DMN)) == ("bpmn", "dmn")
    with pytest.raises(SpecError, match="neither a BPMN diagram nor a DMN decision table"):
        source_kind("c", b"<html/>")


def test_a_layout_can_be_required():
    without_layout = bpmn(script_task("x = 1"))

    assert validate_sources({"sample.bpmn": without_layout}, {"sales"}) == []
    [problem] = validate_sources({"sample.bpmn": without_layout}, {"sales"}, require_layout=True)
    assert "no diagram layout" in problem.message


@pytest.mark.parametrize("target", ["step", "start_gateway"])
def test_refuses_a_loop_of_sequence_flows(compile_sources, target):
    source = bpmn(script_task("n = n + 1")).replace(
        b'<bpmn:sequenceFlow id="flow_out" sourceRef="step" targetRef="end"/>',
        b'<bpmn:sequenceFlow id="flow_out" sourceRef="step" targetRef="gate"/>'
        b'<bpmn:exclusiveGateway id="gate" default="flow_end"/>'
        b'<bpmn:sequenceFlow id="flow_end" sourceRef="gate" targetRef="end"/>'
        b'<bpmn:sequenceFlow id="flow_back" sourceRef="gate" targetRef="step">'
        b"<bpmn:conditionExpression>n &lt; 3</bpmn:conditionExpression></bpmn:sequenceFlow>")
    if target == "step":  # no gateway at all: SpiffWorkflow would predict it without end
        source = source.replace(b'targetRef="gate"/>', b'targetRef="step"/>', 1)

    problems = refused(compile_sources, {"sample.bpmn": source})

    assert [p.element_id for p in problems] == ["flow_out" if target == "step" else "flow_back"]
    assert "loop on a subprocess" in problems[0].message
