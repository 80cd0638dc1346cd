"""Parse, validate and hash the BPMN/DMN sources of one deployable process."""

import hashlib
import re
from dataclasses import dataclass, field

from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser

from .errors import Problem, ScriptForbidden, SpecError
from .safe_xml import DEFAULT_LIMITS, parse_source
from .scripting import check_source

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
NS = {"bpmn": BPMN_NS, "spiff": SPIFF_NS}

# (xpath, compile mode): every piece of Python a diagram can carry.
_BPMN_CODE = [
    (".//bpmn:script", "exec"),
    (".//spiff:preScript", "exec"),
    (".//spiff:postScript", "exec"),
    (".//bpmn:conditionExpression", "eval"),
    (".//bpmn:timeDuration", "eval"),
    (".//bpmn:timeDate", "eval"),
    (".//bpmn:timeCycle", "eval"),
    (".//bpmn:loopCardinality", "eval"),
    (".//bpmn:completionCondition", "eval"),
    (".//bpmn:loopCondition", "eval"),
    (".//bpmn:correlationPropertyRetrievalExpression/bpmn:messagePath", "eval"),
]
_DMN_CELLS = [
    ("inputExpression/text", "eval"),
    ("inputEntry/text", "eval"),
    ("outputEntry/text", "eval"),
]


@dataclass(frozen=True)
class CompiledProcess:
    """A parsed, validated process with the sources and hash it was built from."""

    process_id: str
    sha256: str
    sources: dict = field(repr=False)
    spec: object = field(repr=False)
    subprocess_specs: dict = field(repr=False)


def sources_sha256(sources):
    """A stable hash over a set of named sources (file name and content)."""
    digest = hashlib.sha256()
    for name in sorted(sources):
        data = sources[name]
        data = data.encode() if isinstance(data, str) else data
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def _owner_id(node):
    while node is not None:
        if node.get("id"):
            return node.get("id")
        node = node.getparent()
    return None


def _check_code(name, node, text, mode, problems, dmn_cell=False):
    text = (text or "").strip()
    if not text or (dmn_cell and text == "-"):
        return
    if dmn_cell:
        text = text.replace("?", "dmn_input")
    try:
        check_source(text, mode)
    except ScriptForbidden as exc:
        problems.append(Problem(name, _owner_id(node), f"line {exc.line}: {exc}"))
    except SyntaxError as exc:
        problems.append(Problem(name, _owner_id(node), f"line {exc.lineno}: invalid Python: {exc.msg}"))


def _check_bpmn(name, root, roles, problems):
    for xpath, mode in _BPMN_CODE:
        for node in root.iterfind(xpath, NS):
            _check_code(name, node, node.text, mode, problems)
    for lane in root.iterfind(".//bpmn:lane", NS):
        role = (lane.get("name") or "").strip()
        if role not in roles:
            known = ", ".join(sorted(roles))
            problems.append(Problem(name, lane.get("id"),
                                    f"lane '{role}' is not a role; name lanes after one of: {known}"))


def _check_dmn(name, root, problems):
    for rule_node in root.iter("{*}decisionTable"):
        for xpath, mode in _DMN_CELLS:
            for cell in rule_node.iterfind(".//{*}" + xpath.replace("/", "/{*}")):
                _check_code(name, cell, cell.text, mode, problems, dmn_cell=True)


def _called(root):
    processes = {n.get("calledElement") for n in root.iterfind(".//bpmn:callActivity", NS)}
    decisions = {n.text.strip() for n in root.iterfind(".//spiff:calledDecisionId", NS) if n.text}
    return processes, decisions


def _defined(name, root):
    if name.endswith(".dmn"):
        return set(), {d.get("id") for d in root.iter("{*}decision")}
    return {p.get("id") for p in root.iterfind("bpmn:process", NS)}, set()


def validate_sources(sources, roles, *, limits=DEFAULT_LIMITS):
    """Return the problems found in a set of BPMN/DMN sources (an empty list means deployable)."""
    return _read_and_check(sources, roles, limits)[1]


def _read_and_check(sources, roles, limits):
    """({file name: root element}, problems): every source parsed once, through the guard, and checked."""
    problems, trees = [], {}
    for name, data in sources.items():
        try:
            root = parse_source(name, data, limits)
        except SpecError as exc:
            problems.extend(exc.problems)
            continue
        trees[name] = root
        if name.endswith(".dmn"):
            _check_dmn(name, root, problems)
        else:
            _check_bpmn(name, root, roles, problems)
    processes, decisions = set(), set()
    for name, root in trees.items():
        p, d = _defined(name, root)
        processes |= p
        decisions |= d
    for name, root in trees.items():
        wanted_processes, wanted_decisions = _called(root)
        for missing in sorted(wanted_processes - processes):
            problems.append(Problem(name, None, f"calls process '{missing}', which is not deployed with it"))
        for missing in sorted(wanted_decisions - decisions):
            problems.append(Problem(name, None, f"calls decision '{missing}', which is not deployed with it"))
    return trees, problems


def _validation_problem(exc, default_file):
    element = getattr(exc, "id", None) or None
    file = getattr(exc, "file_name", None) or default_file
    message = re.sub(r"\s+", " ", str(getattr(exc, "msg", None) or exc)).strip()
    return Problem(file, element, message)


def compile_process(process_id, sources, *, roles, limits=DEFAULT_LIMITS):
    """Validate the sources and build the process spec; raise SpecError listing every problem.

    SpiffWorkflow is given the trees the guard parsed (safe_xml), never the raw sources.
    """
    trees, problems = _read_and_check(sources, set(roles), limits)
    if problems:
        raise SpecError(problems)
    parser = SpiffBpmnParser(validator=VALIDATOR)
    try:
        for name, root in sorted(trees.items()):
            if name.endswith(".dmn"):
                parser.add_dmn_xml(root, filename=name)
            else:
                parser.add_bpmn_xml(root, filename=name)
        if process_id not in parser.get_process_ids():
            raise SpecError([Problem(", ".join(sorted(sources)), None,
                                     f"no executable process with id '{process_id}'")])
        spec = parser.get_spec(process_id)
        subprocess_specs = parser.get_subprocess_specs(process_id)
        _own_lanes(trees, [spec, *subprocess_specs.values()])
        _wire_loops([spec, *subprocess_specs.values()])
    except ValidationException as exc:
        raise SpecError([_validation_problem(exc, process_id)]) from exc
    except etree.DocumentInvalid as exc:
        raise SpecError([Problem(process_id, None, f"does not match the BPMN schema: {exc}")]) from exc
    return CompiledProcess(process_id, sources_sha256(sources), dict(sources), spec, subprocess_specs)


def _own_lanes(trees, specs):
    """Give every task the lane that lists it: the parser gives a subprocess's tasks the subprocess's lane."""
    lanes = {}
    for name, root in trees.items():
        if name.endswith(".bpmn"):
            lanes[name] = {ref.text.strip(): ref.getparent().get("name")
                           for ref in root.iterfind(".//bpmn:flowNodeRef", NS) if ref.text}
    for process_spec in specs:
        own = lanes.get(process_spec.file, {})
        for task_spec in process_spec.task_specs.values():
            lane = own.get(getattr(task_spec, "bpmn_id", None))
            if lane:
                task_spec.lane = lane


def _wire_loops(specs):
    """Connect each loop's body to the loop's merge, as SpiffWorkflow's spec deserializer does.

    SpiffWorkflow connects it only when a loop creates an iteration (LoopTask.create_child) or when a spec is
    restored from its serialized form. A parsed spec that only restores a workflow in the middle of an
    iteration (a new server process) would otherwise never merge that iteration: the loop would not end.
    """
    for process_spec in specs:
        for task_spec in process_spec.task_specs.values():
            if isinstance(task_spec, LoopTask):
                body = process_spec.task_specs[task_spec.task_spec]
                if not body.completed_event.is_connected(task_spec.merge_child):
                    body.completed_event.connect(task_spec.merge_child)


def dependencies(data, *, name="diagram", limits=DEFAULT_LIMITS):
    """The process ids and decision ids that one BPMN source calls; SpecError naming `name` if it is unreadable."""
    return _called(parse_source(name, data, limits))
