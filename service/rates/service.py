"""Exchange rates to CNY: set them, read the one in force, convert amounts."""

from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select

from ..audit import service as audit
from ..contracts.models import CURRENCIES
from ..db import utcnow
from ..errors import Forbidden, Invalid
from ..extensions import db
from .models import ExchangeRate

BASE = "CNY"
MAX_RATE = Decimal("1000000")


def _rate(value):
    try:
        rate = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise Invalid("the rate must be a number such as 7.10 (CNY for one unit)", field="rate") from exc
    if not rate.is_finite() or rate <= 0 or rate > MAX_RATE:
        raise Invalid(f"the rate must be greater than 0 and at most {MAX_RATE}", field="rate")
    return rate.quantize(Decimal("0.000001"))


def _currency(value):
    currency = (value or "").strip().upper()
    if currency == BASE:
        raise Invalid("CNY is the base currency: its rate is always 1", field="currency")
    if currency not in CURRENCIES:
        others = ", ".join(c for c in CURRENCIES if c != BASE)
        raise Invalid(f"unknown currency {value!r}; use one of {others}", field="currency")
    return currency


def set_rate(*, currency, rate, effective_date=None, actor):
    """Set a currency's rate to CNY from a day on (today by default); admins only (actor None: the CLI)."""
    if actor is not None and not actor.has_role("admin"):
        raise Forbidden("only admins maintain exchange rates")
    currency, rate = _currency(currency), _rate(rate)
    if effective_date is not None and not isinstance(effective_date, date):
        raise Invalid("the effective date must be a date such as 2027-01-31", field="effective_date")
    effective_date = effective_date or utcnow().date()
    row = db.session.scalar(select(ExchangeRate).where(ExchangeRate.currency == currency,
                                                       ExchangeRate.effective_date == effective_date))
    if row is None:
        row = ExchangeRate(currency=currency, effective_date=effective_date)
        db.session.add(row)
    row.rate, row.updated_by_id, row.updated_at = rate, getattr(actor, "id", None), utcnow()
    db.session.flush()
    audit.record(actor=actor, action="rate.set", object_type="exchange_rate", object_id=row.id,
                 data={"currency": currency, "rate": str(rate), "effective_date": effective_date.isoformat()})
    return row


def current_rates(on=None):
    """The rate in force on a day (today by default) for every currency that has one, by currency."""
    on = on or utcnow().date()
    latest = (select(ExchangeRate.currency, func.max(ExchangeRate.effective_date).label("effective_date"))
              .where(ExchangeRate.effective_date <= on).group_by(ExchangeRate.currency).subquery())
    query = (select(ExchangeRate)
             .join(latest, (ExchangeRate.currency == latest.c.currency)
                   & (ExchangeRate.effective_date == latest.c.effective_date))
             .order_by(ExchangeRate.currency))
    return db.session.scalars(query).all()


def table(*, user, on=None):
    """The rates in force for an admin to review; Forbidden for everyone else."""
    if not user.has_role("admin"):
        raise Forbidden("only admins see the exchange rate table")
    return current_rates(on)


def rate_for(currency, on=None):
    """CNY for one unit of the currency on a day (1 for CNY), or None when no rate is in force."""
    if currency == BASE:
        return Decimal(1)
    on = on or utcnow().date()
    return db.session.scalar(
        select(ExchangeRate.rate).where(ExchangeRate.currency == currency, ExchangeRate.effective_date <= on)
        .order_by(ExchangeRate.effective_date.desc()).limit(1))


def to_cny(amount, currency, on=None):
    """The amount in CNY at the rate in force; Invalid (field currency) when the currency has no rate."""
    rate = rate_for(currency, on)
    if rate is None:
        raise Invalid(f"there is no exchange rate for {currency} to CNY, so the contract cannot be submitted; "
                      f"an admin sets one with PUT /api/v1/rates or `flask --app wsgi rates set {currency} RATE`",
                      field="currency")
    return (Decimal(str(amount)) * rate).quantize(Decimal("0.01"))
