"""What people read for timers: the shipped diagrams' timer names and the kinds of key dates, in either language.

A timer that a newer diagram added is shown with its name from the diagram.
"""

from flask_babel import lazy_gettext as _l

TIMERS = {  # by the timer event's name in bpmn/contract_lifecycle.bpmn
    "Renewal notice due": _l("Renewal notice due"),
    "End date over": _l("End date over"),
    "End date over, undecided": _l("End date over, undecided"),
}
KEY_DATES = {"effective": _l("Effective date"), "payment": _l("Payment"), "milestone": _l("Milestone"),
             "review": _l("Review"), "expiry": _l("Expiry")}
TIMER_STATES = {"pending": _l("Pending"), "due": _l("Due now"), "overdue": _l("Overdue")}

TABLES = {"timer": TIMERS, "key_date": KEY_DATES, "timer_state": TIMER_STATES}
