"""The test data: users, customers and contracts, made through the services with one set of defaults."""

import itertools
from datetime import date

from service.auth import service as auth
from service.contracts import service as contracts
from service.customers import service as customers
from service.extensions import db

PASSWORD = "correct-horse-battery"
CONTRACT_DEFAULTS = {"title": "Support order", "kind": "order", "amount": "12000.50", "currency": "CNY",
                     "start_date": date(2027, 1, 1), "end_date": date(2027, 12, 31)}

_names = itertools.count(1)


def user(*roles, username=None):
    """A committed user holding these roles (sales when none are given)."""
    roles = roles or ("sales",)
    made = auth.create_user(username=username or f"{roles[0]}{next(_names)}", password=PASSWORD, roles=roles)
    db.session.commit()
    return made


def customer(*, code="ACME", name="ACME Ltd.", actor=None):
    """A committed customer, created by a sales user unless an actor is given."""
    made = customers.create(code=code, name=name, actor=actor or user("sales"))
    db.session.commit()
    return made


def contract_values(customer_id_, **overrides):
    """A contract's fields as the contracts service takes them: the defaults with the overrides."""
    return {"customer_id": customer_id_, **CONTRACT_DEFAULTS, **overrides}


def contract_body(customer_id_, **overrides):
    """The same contract as a JSON body for POST /api/v1/contracts (dates as ISO text)."""
    values = contract_values(customer_id_, **overrides)
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


def contract(owner, customer_, **overrides):
    """A committed draft contract of this owner and customer; its draft task is in the owner's inbox."""
    made = contracts.create(**contract_values(customer_.id, **overrides), actor=owner)
    db.session.commit()
    return made
