"""What people read for tasks, decisions and inbox views, and for the inbox's service errors, in either language.

Task titles are listed by the BPMN task id of the shipped diagrams; a task that a newer diagram added is
shown with its title from the diagram.
"""

from flask_babel import lazy_gettext as _l

DECISIONS = {"submit": _l("Submit for approval"), "approve": _l("Approve"), "reject": _l("Reject")}
DECISIONS_DONE = {"submit": _l("Submitted"), "approve": _l("Approved"), "reject": _l("Rejected")}
DECISIONS.update(renew=_l("Renew"), let_expire=_l("Let it expire"))
DECISIONS_DONE.update(renew=_l("Chose to renew"), let_expire=_l("Let it expire"))
DECISION_BUTTONS = {"approve": "success", "reject": "outline-danger", "submit": "primary"}

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

TABLES = {"task": TASKS, "field": FIELDS, "decision": DECISIONS, "done": DECISIONS_DONE, "view": VIEWS,
          "order": ORDERS}

MESSAGES = {
    (422, "decision"): _l("Choose one of the offered decisions."),
    (422, "comment"): _l("A comment is required to reject: say what must change."),
    (422, "view"): _l("Choose one of the inbox views."),
    (422, "order"): _l("Choose one of the offered orders."),
}


def field_label(name):
    """The translated label of a task form field, or its name made readable."""
    text = FIELDS.get(name)
    return str(text) if text is not None else name.replace("_", " ").capitalize()


def task_title(task):
    """The translated title of a task, or its title from the diagram."""
    text = TASKS.get(task.name)
    return str(text) if text is not None else task.title


def label_of_decision_done(decision):
    """What a completed decision is called ('Approved'), or the decision as stored."""
    text = DECISIONS_DONE.get(decision)
    return str(text) if text is not None else decision


def label_of_view(view):
    """What an inbox view is called ('Claimed by me')."""
    return str(VIEWS.get(view, view))
