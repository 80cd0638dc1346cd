"""Names people read for the values stored in the database (statuses, kinds, roles, decisions, task names).

A value missing here (a status or task that a newer diagram added) is shown as stored.
"""

from flask_babel import lazy_gettext as _l

STATUSES = {"draft": _l("Draft"), "in_approval": _l("In approval"), "approved": _l("Approved")}
STATUSES.update(renewing=_l("Renewing"), expired=_l("Expired"))
STATUS_COLOURS = {"draft": "secondary", "in_approval": "warning", "approved": "success"}
STATUS_COLOURS.update(renewing="info", expired="dark")

KINDS = {
    "framework": _l("Framework agreement"), "order": _l("Order"), "sow": _l("Statement of work"),
    "amendment": _l("Amendment"), "nda": _l("Non-disclosure agreement"), "service": _l("Service contract"),
}

ROLES = {
    "sales": _l("Sales"), "legal": _l("Legal"), "finance": _l("Finance"), "manager": _l("Manager"),
    "executive": _l("Executive"), "signatory": _l("Signatory"), "designer": _l("Process designer"),
    "admin": _l("Administrator"),
}

DECISIONS = {"submit": _l("Submit for approval"), "approve": _l("Approve"), "reject": _l("Reject")}
DECISIONS_DONE = {"submit": _l("Submitted"), "approve": _l("Approved"), "reject": _l("Rejected")}
DECISIONS.update(renew=_l("Renew"), let_expire=_l("Let it expire"))
DECISIONS_DONE.update(renew=_l("Chose to renew"), let_expire=_l("Let it expire"))
DECISION_BUTTONS = {"approve": "success", "reject": "outline-danger", "submit": "primary"}

# Task titles by the BPMN task id of the shipped diagrams, and the fields their forms declare.
TASKS = {
    "prepare_draft": _l("Prepare and submit the draft"), "manager_approval": _l("Approve the contract"),
    "legal_approval": _l("Review the contract (legal)"), "finance_approval": _l("Review the contract (finance)"),
    "executive_approval": _l("Approve the contract (executive)"),
    "committee_vote": _l("Vote in the approval committee"),
    "renewal_review": _l("Decide on renewal"),
}
FIELDS = {"risk_notes": _l("Risk notes"), "budget_code": _l("Budget code")}

VIEWS = {
    "all": _l("All my tasks"), "mine": _l("Assigned to me"), "roles": _l("For my roles"),
    "claimed": _l("Claimed by me"), "unclaimed": _l("Unclaimed"), "overdue": _l("Overdue"),
}

ORDERS = {"due": _l("Due soonest first"), "-due": _l("Due latest first")}

# Each language is named in itself, so that a reader finds their own whatever the page's language.
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}

TABLES = {"task": TASKS, "field": FIELDS, "status": STATUSES, "kind": KINDS, "role": ROLES, "decision": DECISIONS,
          "done": DECISIONS_DONE, "view": VIEWS, "order": ORDERS, "language": LANGUAGES}


def label(table, value):
    """The translated name of a stored value, or the value itself when it has none."""
    text = TABLES[table].get(value)
    return str(text) if text is not None else (value or "")


def field_label(name):
    """The translated label of a task form field, or its name made readable."""
    text = FIELDS.get(name)
    return str(text) if text is not None else name.replace("_", " ").capitalize()


def task_title(task):
    """The translated title of a task, or its title from the diagram."""
    text = TASKS.get(task.name)
    return str(text) if text is not None else task.title
