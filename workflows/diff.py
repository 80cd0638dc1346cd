"""What changed between two sets of diagrams: BPMN elements and DMN rows added, removed and changed.

Elements are matched by id. An element's fields are what the engine runs (name, lane, condition, scripts, timers,
called process or decision, properties, message and loop settings ...); the layout (BPMN DI) is not compared.
"""

from dataclasses import dataclass, field

from .safe_xml import DEFAULT_LIMITS, parse_source
from .specs import BPMN_NS, SPIFF_NS

DI_NAMESPACES = ("{http://www.omg.org/spec/BPMN/20100524/DI}", "{http://www.omg.org/spec/DD/20100524/DC}",
                 "{http://www.omg.org/spec/DD/20100524/DI}")
_CONTAINERS = {"process", "subProcess", "transaction", "adHocSubProcess"}
_REFERENCES = {"incoming", "outgoing", "flowNodeRef"}  # repeated by the flows and lanes they come from
# Friendlier names for the fields a designer changes most; any other field is named by its path.
_FIELDS = {
    "script": "script",
    "conditionExpression": "condition",
    "extensionElements.preScript": "pre_script",
    "extensionElements.postScript": "post_script",
    "extensionElements.calledDecisionId": "called_decision",
    "extensionElements.instructionsForEndUser": "instructions",
    "@calledElement": "called_element",
    "@sourceRef": "source",
    "@targetRef": "target",
    "@attachedToRef": "attached_to",
    "@default": "default_flow",
    "@name": "name",
    "documentation": "documentation",
}
_TIMERS = ("timeDate", "timeDuration", "timeCycle")


@dataclass(frozen=True)
class Change:
    """One field of an element: its value before and after."""

    field: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class ElementChange:
    """An element (a task, flow, lane ... or a decision table's row or column) and what changed in it."""

    element_id: str
    type: str
    name: str | None
    changes: list = field(default_factory=list)


@dataclass(frozen=True)
class FileDiff:
    """The differences in one file; status is added, removed, changed, layout (only the drawing) or unchanged."""

    file: str
    kind: str
    status: str
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    changed: list = field(default_factory=list)


def _local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(node):
    return node.text.strip() if node.text and node.text.strip() else None


def _put(values, key, value):
    """Set a field; a field that repeats (a process's data inputs, say) lists its values in order."""
    values[key] = f"{values[key]}, {value}" if key in values else value


# BPMN


def _is_container(node):
    return node.tag.startswith(f"{{{BPMN_NS}}}") and _local(node.tag) in _CONTAINERS


def _bpmn_elements(root):
    """{id: element} of the parts of a diagram a designer changes: flow elements, lanes, processes, messages ..."""
    found = {}
    for node in root.iter():
        if not isinstance(node.tag, str) or node.tag.startswith(DI_NAMESPACES) or not node.get("id"):
            continue
        parent = node.getparent()
        if parent is None:
            continue
        if parent is root or _is_container(parent) or _local(node.tag) in ("lane", "participant", "messageFlow"):
            found[node.get("id")] = node
    return found


def _walk_fields(node, path, values, top):
    """Flatten an element's attributes and descendants (not nested flow elements) into {field: text}."""
    for name, value in node.attrib.items():
        if name == "id" or (node is top and name in ("isExecutable",)):
            continue
        _put(values, _field(f"{path}@{_local(name)}" if path else f"@{_local(name)}"), value)
    for child in node:
        tag = _local(child.tag)
        if not isinstance(child.tag, str) or tag in _REFERENCES or child.tag.startswith(DI_NAMESPACES):
            continue
        if _is_container(node) and child.get("id") and tag not in ("ioSpecification",):
            continue  # a nested flow element or lane set is an element of its own
        if tag == "property" and child.tag.startswith(f"{{{SPIFF_NS}}}"):
            values[f"property:{child.get('name')}"] = child.get("value")
            continue
        if tag in _TIMERS:
            values["timer"] = f"{tag}: {_text(child) or ''}"
            continue
        child_path = f"{path}.{tag}" if path else tag
        text = _text(child)
        if text is not None:
            _put(values, _field(child_path), text)
        _walk_fields(child, child_path, values, top)
    return values


def _field(path):
    return _FIELDS.get(path, path.replace("extensionElements.", "").lstrip("@"))


def _lanes(root):
    return {ref.text.strip(): lane.get("name") or lane.get("id")
            for lane in root.iter(f"{{{BPMN_NS}}}lane") for ref in lane.iterfind(f"{{{BPMN_NS}}}flowNodeRef")
            if ref.text and ref.text.strip()}


def _bpmn_fields(root):
    lanes = _lanes(root)
    fields = {}
    for element_id, node in _bpmn_elements(root).items():
        values = {"type": _local(node.tag)}
        _walk_fields(node, "", values, node)
        if element_id in lanes:
            values["lane"] = lanes[element_id]
        fields[element_id] = values
    return fields


# DMN


def _dmn_fields(root):
    """{id: fields} of a decision table's decisions, columns and rows; rows name their cells by column."""
    fields = {}
    for decision in root.iter("{*}decision"):
        fields[decision.get("id")] = {"type": "decision", "name": decision.get("name")}
        for table in decision.iter("{*}decisionTable"):
            fields[table.get("id") or f"{decision.get('id')}_table"] = {
                "type": "decisionTable", "hit_policy": table.get("hitPolicy", "UNIQUE")}
            columns = _dmn_columns(table, fields)
            rules = list(table.iterfind("{*}rule"))
            for position, rule in enumerate(rules, start=1):
                values = {"type": "rule", "row": str(position), "table": table.get("id") or ""}
                description = rule.find("{*}description")
                if description is not None and _text(description):
                    values["description"] = _text(description)
                inputs, outputs = rule.findall("{*}inputEntry"), rule.findall("{*}outputEntry")
                for column, entry in zip(columns["input"], inputs, strict=False):
                    values[column] = entry.findtext("{*}text", "").strip() or "-"
                for column, entry in zip(columns["output"], outputs, strict=False):
                    values[column] = entry.findtext("{*}text", "").strip() or "-"
                fields[rule.get("id")] = values
    return fields


def _dmn_columns(table, fields):
    columns = {"input": [], "output": []}
    for kind in ("input", "output"):
        for index, column in enumerate(table.iterfind(f"{{*}}{kind}"), start=1):
            label = column.get("label") or column.get("name") or f"{kind} {index}"
            columns[kind].append(f"{kind}:{label}")
            values = {"type": kind, "name": label, "label": column.get("label"), "type_ref": column.get("typeRef")}
            if kind == "input":
                values["expression"] = column.findtext("{*}inputExpression/{*}text", "").strip()
            else:
                values["output_name"] = column.get("name")
            fields[column.get("id")] = {k: v for k, v in values.items() if v is not None}
    return columns


# Both


def _name(values):
    if values.get("type") == "rule":
        return values.get("description") or f"row {values.get('row')}"
    return values.get("name")


def _element(element_id, values, changes=()):
    return ElementChange(element_id, values.get("type", ""), _name(values), list(changes))


def _compare(before, after):
    changes = []
    for key in sorted(set(before) | set(after), key=_field_order):
        if key in ("row", "table"):
            continue
        if before.get(key) != after.get(key):
            changes.append(Change(key, before.get(key), after.get(key)))
    return changes


def _field_order(key):
    first = ("type", "name", "lane", "condition", "script", "pre_script", "post_script", "timer")
    return (first.index(key), key) if key in first else (len(first), key)


def _moved_rows(before, after):
    """Rows whose order among the rows kept changed (the first matching row wins in a UNIQUE table)."""
    kept = [i for i, v in before.items() if v.get("type") == "rule" and i in after]
    old = sorted(kept, key=lambda i: (before[i]["table"], int(before[i]["row"])))
    new = sorted(kept, key=lambda i: (after[i]["table"], int(after[i]["row"])))
    return {a for a, b in zip(old, new, strict=True) if a != b}


def _diff_fields(before, after):
    added = [_element(i, after[i]) for i in after if i not in before]
    removed = [_element(i, before[i]) for i in before if i not in after]
    moved = _moved_rows(before, after)
    changed = []
    for element_id in (i for i in before if i in after):
        changes = _compare(before[element_id], after[element_id])
        if element_id in moved:
            changes.append(Change("row", before[element_id]["row"], after[element_id]["row"]))
        if changes:
            changed.append(_element(element_id, after[element_id], changes))
    return added, removed, changed


def _fields(name, data, limits):
    root = parse_source(name, data, limits)
    return _dmn_fields(root) if name.endswith(".dmn") else _bpmn_fields(root)


def diff_sources(before, after, *, limits=DEFAULT_LIMITS):
    """[FileDiff] for every file in either set of sources ({file name: XML}), in file-name order.

    Raises SpecError when a source cannot be read (see safe_xml).
    """
    diffs = []
    for name in sorted(set(before) | set(after)):
        kind = "dmn" if name.endswith(".dmn") else "bpmn"
        if name not in before or name not in after:
            present = after if name in after else before
            elements = [_element(i, v) for i, v in _fields(name, present[name], limits).items()]
            diffs.append(FileDiff(name, kind, "added", added=elements) if name in after
                         else FileDiff(name, kind, "removed", removed=elements))
            continue
        if _same(before[name], after[name]):
            diffs.append(FileDiff(name, kind, "unchanged"))
            continue
        added, removed, changed = _diff_fields(_fields(name, before[name], limits), _fields(name, after[name], limits))
        status = "changed" if added or removed or changed else "layout"
        diffs.append(FileDiff(name, kind, status, added, removed, changed))
    return diffs


def _same(a, b):
    a = a.encode() if isinstance(a, str) else bytes(a)
    b = b.encode() if isinstance(b, str) else bytes(b)
    return a == b
