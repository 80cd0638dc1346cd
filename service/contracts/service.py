"""Create, find and show contracts (who may see one is decided in visibility.py)."""

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from types import SimpleNamespace

from flask import current_app
from sqlalchemy import or_, select

from ..audit import service as audit
from ..auth import service as auth
from ..customers import service as customers
from ..customers.models import Customer
from ..errors import Forbidden, Invalid, NotFound
from ..extensions import db
from ..inbox import service as inbox
from ..key_dates import service as key_dates
from ..processes import service as processes
from . import visibility
from .models import CURRENCIES, KINDS, STATUSES, Contract

LIFECYCLE = "contract_lifecycle"
CONTRACT_CREATORS = ("sales", "manager", "admin")
MAX_AMOUNT = Decimal("9999999999999999.99")
MAX_PAYMENT_TERMS_DAYS = 3650
LAW_PATTERN = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")


def _amount(value, field="amount"):
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise Invalid(f"the {field} must be a decimal number such as 125000.00", field=field) from exc
    if amount < 0:
        raise Invalid(f"the {field} must not be negative", field=field)
    if amount > MAX_AMOUNT:
        raise Invalid(f"the {field} is too large", field=field)
    return amount


def _check(*, customer_id, title, kind, currency, start_date, end_date):
    if customers.get(customer_id) is None:
        raise Invalid(f"no customer with id {customer_id}", field="customer_id")
    if not (title or "").strip() or len(title) > 200:
        raise Invalid("a title of 1 to 200 characters is required", field="title")
    if kind not in KINDS:
        raise Invalid(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}", field="kind")
    if currency not in CURRENCIES:
        raise Invalid(f"unknown currency {currency!r}; use one of {', '.join(CURRENCIES)}", field="currency")
    if not isinstance(start_date, date) or not isinstance(end_date, date):
        raise Invalid("start and end dates are required", field="start_date")
    if end_date < start_date:
        raise Invalid("the end date is before the start date", field="end_date")


def _terms(payment_terms_days, liability_cap, governing_law):
    """(payment_terms_days, liability_capped, liability_cap_amount, governing_law), checked."""
    if isinstance(payment_terms_days, bool) or not isinstance(payment_terms_days, int) \
            or not 0 <= payment_terms_days <= MAX_PAYMENT_TERMS_DAYS:
        raise Invalid(f"payment terms are 0 to {MAX_PAYMENT_TERMS_DAYS} days", field="payment_terms_days")
    cap_amount = None
    if not isinstance(liability_cap, bool):
        cap_amount = _amount(liability_cap, field="liability_cap")
        if cap_amount <= 0:
            raise Invalid("a liability cap must be more than 0; send false for no cap", field="liability_cap")
    law = (governing_law or current_app.config["COMPANY_LAW"]).strip().upper()
    if not LAW_PATTERN.match(law):
        raise Invalid("the governing law is a country code such as CN, or a region such as US-NY",
                      field="governing_law")
    return payment_terms_days, liability_cap is not False, cap_amount, law


def may_create(user):
    """True when the user may create contracts: sales, managers and admins."""
    return user is not None and user.has_role(*CONTRACT_CREATORS)


def require_creator(*, user):
    """Forbidden unless the user may create contracts."""
    if not may_create(user):
        raise Forbidden("only sales, managers and admins create contracts")


def create(*, customer_id, title, kind, amount, currency, start_date, end_date, actor,
           payment_terms_days=30, liability_cap=True, governing_law=None):
    """Create a draft contract and start its lifecycle process with the creator as owner.

    liability_cap is True (capped), False (no cap) or the cap's amount; governing_law defaults to the company's.
    """
    require_creator(user=actor)
    amount = _amount(amount)
    _check(customer_id=customer_id, title=title, kind=kind, currency=currency,
           start_date=start_date, end_date=end_date)
    days, capped, cap_amount, law = _terms(payment_terms_days, liability_cap, governing_law)
    contract = Contract(customer_id=customer_id, title=title.strip(), kind=kind, amount=amount,
                        currency=currency, start_date=start_date, end_date=end_date, owner_id=actor.id,
                        status="draft", payment_terms_days=days, liability_capped=capped,
                        liability_cap_amount=cap_amount, governing_law=law)
    db.session.add(contract)
    db.session.flush()
    contract.number = f"C{contract.created_at:%Y}-{contract.id:06d}"
    processes.start(process_id=LIFECYCLE, contract=contract, actor=actor, data=process_data(contract))
    key_dates.create_defaults(contract=contract)
    audit.record(actor=actor, action="contract.created", object_type="contract", object_id=contract.id,
                 data={"number": contract.number, "customer_id": customer_id, "kind": kind,
                       "amount": str(amount), "currency": currency})
    return contract


def process_data(contract):
    """The variables a contract's lifecycle process starts with (also what a designer's test run starts from)."""
    return {
        "owner": contract.owner.username if contract.owner else "",
        "contract_id": contract.id,
        "contract_number": contract.number,
        "kind": contract.kind,
        "amount": str(contract.amount),
        "currency": contract.currency,
        "payment_terms_days": contract.payment_terms_days,
        "liability_capped": contract.liability_capped,
        "governing_law": contract.governing_law,
        "company_law": current_app.config["COMPANY_LAW"],
        **key_dates.process_dates(end_date=contract.end_date),  # expires_at, renewal_notice_at: its timers
    }


def sample(*, owner, kind, amount, currency, start_date, end_date, payment_terms_days=30, liability_cap=True,
           governing_law=None):
    """A contract that is never stored, checked as create() checks one: what a designer's test run starts from."""
    amount = _amount(amount)
    days, capped, cap_amount, law = _terms(payment_terms_days, liability_cap, governing_law)
    if kind not in KINDS:
        raise Invalid(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}", field="kind")
    if currency not in CURRENCIES:
        raise Invalid(f"unknown currency {currency!r}; use one of {', '.join(CURRENCIES)}", field="currency")
    if end_date < start_date:
        raise Invalid("the end date is before the start date", field="end_date")
    return SimpleNamespace(id=0, number="TEST-RUN", kind=kind, amount=amount, currency=currency, start_date=start_date,
                           end_date=end_date, owner=owner, payment_terms_days=days, liability_capped=capped,
                           liability_cap_amount=cap_amount, governing_law=law)


def get_for(*, contract_id, user):
    """The contract if the user may see it; NotFound otherwise (without saying whether it exists)."""
    contract = db.session.get(Contract, contract_id)
    if contract is None or not visibility.may_view(user, contract):
        raise NotFound(f"no contract with id {contract_id}")
    return contract


@dataclass(frozen=True)
class Details:
    """A contract with its open tasks, the history of its completed ones and (for pages) its status timeline."""

    contract: Contract
    open_tasks: list
    history: list
    timeline: list | None = None


def details(contract, *, with_timeline=False):
    """A contract (that the caller may see: see get_for) with its open tasks and history, and timeline if asked."""
    return Details(contract, inbox.open_tasks_for(contract.id), inbox.history_for(contract.id),
                   timeline(contract) if with_timeline else None)


@dataclass(frozen=True)
class StatusChange:
    at: datetime
    actor: str  # the username, or "timer" / "system" for Pactum itself
    status: str
    actor_name: str = ""  # the person's display name; empty for Pactum itself


def timeline(contract):
    """The statuses the contract went through, oldest first, from its audit events."""
    changes, names = [], {}
    for event in audit.for_object("contract", contract.id):
        if event.action not in ("contract.created", "contract.status_changed"):
            continue
        if event.actor not in names:
            person = auth.get_by_username(event.actor or "")
            names[event.actor] = person.display_name if person else ""
        status = "draft" if event.action == "contract.created" else json.loads(event.data).get("to", "")
        changes.append(StatusChange(event.created_at, event.actor, status, names[event.actor]))
    return changes


def search(*, user, status=None, customer_id=None, kind=None, q=None, limit=50, offset=0):
    """Contracts the user may see, newest first, filtered by status, customer, kind and text."""
    if status and status not in STATUSES:
        raise Invalid(f"unknown status {status!r}; use one of {', '.join(STATUSES)}", field="status")
    query = select(Contract).join(Contract.customer).order_by(Contract.id.desc())
    visible = visibility.condition(user)
    if visible is not None:
        query = query.where(visible)
    if status:
        query = query.where(Contract.status == status)
    if customer_id:
        query = query.where(Contract.customer_id == customer_id)
    if kind:
        query = query.where(Contract.kind == kind)
    if q:
        pattern = f"%{q.strip()}%"
        query = query.where(or_(Contract.title.ilike(pattern), Contract.number.ilike(pattern),
                                Customer.name.ilike(pattern), Customer.code.ilike(pattern)))
    return db.session.scalars(query.limit(limit).offset(offset)).unique().all()
