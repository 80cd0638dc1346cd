"""What people read for the designer domain's stored values and for its service errors, in either language."""

from flask_babel import lazy_gettext as _l

MODEL_KINDS = {"process": _l("Process"), "decision": _l("Decision table")}

OUTCOMES = {
    "completed": _l("Completed"), "waiting": _l("Waiting"), "failed": _l("Failed"), "stopped": _l("Stopped"),
}

FILE_STATUSES = {
    "added": _l("Added"), "removed": _l("Removed"), "changed": _l("Changed"), "layout": _l("Only the layout changed"),
    "unchanged": _l("Unchanged"),
}

# What each field of a diagram element is called in "what changed" (any other field is shown by its path).
FIELDS = {
    "type": _l("Type"), "name": _l("Name"), "lane": _l("Lane (role)"), "condition": _l("Condition"),
    "script": _l("Script"), "pre_script": _l("Pre-script"), "post_script": _l("Post-script"), "timer": _l("Timer"),
    "called_element": _l("Called process"), "called_decision": _l("Called decision"), "source": _l("From"),
    "target": _l("To"), "default_flow": _l("Default flow"), "attached_to": _l("Attached to"),
    "documentation": _l("Documentation"), "instructions": _l("Instructions"), "row": _l("Row"),
    "description": _l("Description"), "hit_policy": _l("Hit policy"), "expression": _l("Expression"),
    "label": _l("Label"), "type_ref": _l("Type"), "output_name": _l("Output name"),
    "property:decisions": _l("Decisions"), "property:due": _l("Due"), "property:assignee": _l("Assignee"),
    "property:fields": _l("Form fields"), "property:reason": _l("Reason"), "property:quorum": _l("Quorum"),
}

ELEMENT_TYPES = {
    "userTask": _l("User task"), "scriptTask": _l("Script task"), "businessRuleTask": _l("Business rule task"),
    "serviceTask": _l("Service task"), "task": _l("Task"), "callActivity": _l("Call activity"),
    "subProcess": _l("Subprocess"), "sequenceFlow": _l("Sequence flow"), "exclusiveGateway": _l("Exclusive gateway"),
    "parallelGateway": _l("Parallel gateway"), "inclusiveGateway": _l("Inclusive gateway"),
    "eventBasedGateway": _l("Event-based gateway"), "startEvent": _l("Start event"), "endEvent": _l("End event"),
    "intermediateCatchEvent": _l("Intermediate event"), "intermediateThrowEvent": _l("Intermediate event"),
    "boundaryEvent": _l("Boundary event"), "lane": _l("Lane"), "process": _l("Process"),
    "participant": _l("Pool"), "rule": _l("Row"), "input": _l("Input column"), "output": _l("Output column"),
    "decision": _l("Decision"), "decisionTable": _l("Decision table"),
}

LEVELS = {"legal": _l("Legal review"), "finance": _l("Finance review"), "manager": _l("Manager approval"),
          "executive": _l("Executive approval"), "committee": _l("Executive committee")}

REVERT_OUTCOMES = {"restored": _l("Restored"), "moved_back": _l("Moved back"), "kept": _l("Kept")}

TABLES = {"model_kind": MODEL_KINDS, "trial_outcome": OUTCOMES, "file_status": FILE_STATUSES,
          "diff_field": FIELDS, "element_type": ELEMENT_TYPES, "revert_outcome": REVERT_OUTCOMES, "level": LEVELS}

# What the designer service says, by status and field.
MESSAGES = {
    (422, "sources"): _l("The diagram has problems; they are listed with the elements they are on."),
    (422, "xml"): _l("Send the diagram as a BPMN or DMN file of this model."),
    (409, "xml"): _l("The newest version has this content already; change something first."),
    (404, "model_id"): _l("There is no such process model."),
    (404, "version"): _l("There is no such version."),
    (422, "to_version"): _l("Choose a version other than the one the instances run on."),
    (422, "process_model"): _l("Choose a process model."),
    (422, "steps"): _l("At most 200 steps."),
    (422, "base_version"): _l("The version a draft starts from is a version number."),
    (409, "migration_id"): _l("This migration was reverted already."),
}
