"""What people read for the contracts domain's stored values and for its service errors, in either language."""

from flask_babel import lazy_gettext as _l

STATUSES = {"draft": _l("Draft"), "in_approval": _l("In approval"), "approved": _l("Approved")}
STATUSES.update(renewing=_l("Renewing"), expired=_l("Expired"))
STATUS_COLOURS = {"draft": "secondary", "in_approval": "warning", "approved": "success"}
STATUS_COLOURS.update(renewing="info", expired="dark")

KINDS = {
    "framework": _l("Framework agreement"), "order": _l("Order"), "sow": _l("Statement of work"),
    "amendment": _l("Amendment"), "nda": _l("Non-disclosure agreement"), "service": _l("Service contract"),
}

TABLES = {"status": STATUSES, "kind": KINDS}

# What the contracts service says, by status and field.
MESSAGES = {
    (422, "customer_id"): _l("Choose an existing customer."),
    (422, "title"): _l("A title of 1 to 200 characters is required."),
    (422, "kind"): _l("Choose a kind from the list."),
    (422, "currency"): _l("Choose a currency from the list."),
    (422, "amount"): _l("Enter an amount from 0 to 9,999,999,999,999,999.99 with at most two decimals."),
    (422, "start_date"): _l("Enter the start and end dates."),
    (422, "end_date"): _l("The end date is before the start date."),
    (422, "payment_terms_days"): _l("From 0 to 3650 days."),
    (422, "liability_cap"): _l("Enter an amount above 0."),
    (422, "governing_law"): _l("Enter a country code such as CN, or a region such as US-NY."),
    (422, "status"): _l("Choose a status from the list."),
}
