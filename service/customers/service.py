"""Create and look up customers."""

import re

from sqlalchemy import func, or_, select

from ..audit import service as audit
from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..extensions import db
from .models import Customer

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")
CUSTOMER_CREATORS = ("sales", "manager", "admin")


def may_create(user):
    """True when the user may create customers: sales, managers and admins."""
    return user is not None and user.has_role(*CUSTOMER_CREATORS)


def require_creator(*, user):
    """Forbidden unless the user may create customers."""
    if not may_create(user):
        raise Forbidden("only sales, managers and admins create customers")


def create(*, code, name, actor):
    """Create a customer with a unique code."""
    require_creator(user=actor)
    code, name = (code or "").strip(), (name or "").strip()
    if not CODE_PATTERN.match(code):
        raise Invalid("the code must be 1-32 letters, digits, '-', '_' or '.'", field="code")
    if not name or len(name) > 200:
        raise Invalid("a name of 1 to 200 characters is required", field="name")
    if db.session.scalar(select(Customer.id).where(func.lower(Customer.code) == code.lower())):
        raise Conflict(f"a customer with code {code} exists already", field="code")
    customer = Customer(code=code, name=name)
    db.session.add(customer)
    db.session.flush()
    audit.record(actor=actor, action="customer.created", object_type="customer", object_id=customer.id,
                 data={"code": code, "name": name})
    return customer


def get_or_404(customer_id):
    """The customer with this id, or NotFound."""
    customer = db.session.get(Customer, customer_id)
    if customer is None:
        raise NotFound(f"no customer with id {customer_id}")
    return customer


def get(customer_id):
    """The customer with this id, or None."""
    return db.session.get(Customer, customer_id)


def search(*, q=None, limit=50, offset=0):
    """Customers whose code or name contains q, by name."""
    query = select(Customer).order_by(Customer.name, Customer.id)
    if q:
        pattern = f"%{q.strip()}%"
        query = query.where(or_(Customer.code.ilike(pattern), Customer.name.ilike(pattern)))
    return db.session.scalars(query.limit(limit).offset(offset)).all()
