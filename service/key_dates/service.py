"""Key dates of a contract and their reminders: defaults at creation, read, replace, send when due.

A key date is a day in REMINDER_TIMEZONE; its reminders fall due at REMINDER_HOUR on the day
`days_before` days earlier. Reminders are held until the contract reaches REMINDERS_START, and set
up then. A reminder whose day was already over when it was set up is skipped (never sent); one due
earlier today, or one that fell due while the system was down, is sent once.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from ..audit import service as audit
from ..db import utcnow
from ..errors import Forbidden, Invalid
from ..extensions import db
from ..jobs import Due, outbox
from ..notifications import service as notifications
from ..timers import service as timers
from .models import CONTRACT_DATES, DEFAULT_REMINDERS, HELD, KEY_DATE_KINDS, PENDING, SENT, SKIPPED, KeyDate, Reminder

KEY_DATE_EDITORS = ("manager", "finance", "legal", "admin")  # besides the contract's owner
MAX_DAYS_BEFORE = 3650
MAX_REMINDERS = 10
SEND_REMINDER = "key_dates.send_reminder"
ACTOR = "timer"

# The one switch point of a contract's reminders: they are set up when the contract reaches this status
# (the lifecycle will move it to "active"), and held again should it go back to a status before it.
# The lifecycle process's own timers (renewal notice, expiry) start at the same point in its diagram.
REMINDERS_START = "approved"
BEFORE_START = ("draft", "in_approval")


def reminders_run(contract):
    """True when the contract's reminders run: it has reached REMINDERS_START and not gone back."""
    return contract.status not in BEFORE_START


@dataclass(frozen=True)
class KeyDateSpec:
    kind: str
    date: object
    amount: Decimal | None
    label: str
    reminders: tuple

    @property
    def identity(self):
        return self.kind, self.date, self.label, self.amount


def _zone():
    return ZoneInfo(current_app.config["REMINDER_TIMEZONE"])


def start_of(day):
    """The first moment of a day in REMINDER_TIMEZONE, in UTC."""
    return datetime.combine(day, time(0), _zone()).astimezone(ZoneInfo("UTC"))


def reminder_due(day, days_before):
    """When the reminder `days_before` days before a key date falls due, in UTC."""
    hour = time(current_app.config["REMINDER_HOUR"])
    return datetime.combine(day - timedelta(days=days_before), hour, _zone()).astimezone(ZoneInfo("UTC"))


def today():
    """Today in REMINDER_TIMEZONE."""
    return utcnow().astimezone(_zone()).date()


def process_dates(*, end_date):
    """The lifecycle process's timer dates (ISO strings): expiry when end_date is over, and the renewal notice."""
    expires_at = start_of(end_date + timedelta(days=1))
    notice = expires_at - timedelta(days=current_app.config["RENEWAL_NOTICE_DAYS"])
    return {"end_date": end_date.isoformat(), "expires_at": expires_at.isoformat(),
            "renewal_notice_at": notice.isoformat()}


def for_contract(*, contract):
    """The contract's key dates with their reminders, by date."""
    return db.session.scalars(
        select(KeyDate).where(KeyDate.contract_id == contract.id).order_by(KeyDate.date, KeyDate.id)
    ).all()


def _set_up(reminder, first_day, now):
    # A reminder starts: pending from now, or skipped when its day was over before it could be set up.
    day = reminder.due_at.astimezone(_zone()).date()
    reminder.status = SKIPPED if day < first_day else PENDING
    reminder.set_up_at = now if reminder.status == PENDING else None


def _add_reminders(key_date, offsets, first_day, running=True):
    now = utcnow()
    for days_before in offsets:
        reminder = Reminder(contract_id=key_date.contract_id, days_before=days_before,
                            due_at=reminder_due(key_date.date, days_before), status=HELD)
        if running:
            _set_up(reminder, first_day, now)
        key_date.reminders.append(reminder)


def reminder_key(reminder_id, due):
    """The job id of a reminder due at a time: duplicates collapse into one job."""
    return outbox.job_key("reminder", reminder_id, due)


def schedule(*, reminder):
    """Durably schedule a pending reminder's job at its due time (after this transaction commits)."""
    outbox.schedule(job=SEND_REMINDER, key=reminder_key(reminder.id, reminder.due_at), run_at=reminder.due_at,
                    reminder_id=reminder.id)


def _schedule_new(reminders):
    db.session.flush()
    for reminder in reminders:
        if reminder.status == PENDING:
            schedule(reminder=reminder)


def create_defaults(*, contract):
    """Give a new contract its effective and expiry key dates with the default reminders."""
    created = []
    for kind, column in CONTRACT_DATES.items():
        key_date = KeyDate(contract_id=contract.id, kind=kind, date=getattr(contract, column), label="")
        db.session.add(key_date)
        _add_reminders(key_date, DEFAULT_REMINDERS[kind], today(), reminders_run(contract))
        created += key_date.reminders
    _schedule_new(created)


def _spec(contract, index, item):
    where = f"key_dates.{index}"
    kind, day, amount = item["kind"], item.get("date"), item.get("amount")
    if kind not in KEY_DATE_KINDS:
        raise Invalid(f"{where}.kind: use one of {', '.join(KEY_DATE_KINDS)}", field=f"{where}.kind")
    if kind in CONTRACT_DATES:
        own = getattr(contract, CONTRACT_DATES[kind])
        if day is not None and day != own:
            raise Invalid(f"the {kind} date is the contract's {CONTRACT_DATES[kind].replace('_', ' ')} ({own}); "
                          "amend the contract to move it", field=f"{where}.date")
        day = own
    elif day is None:
        raise Invalid(f"a {kind} key date needs a date", field=f"{where}.date")
    if kind == "payment" and amount is None:
        raise Invalid("a payment key date needs an amount", field=f"{where}.amount")
    if kind != "payment" and amount is not None:
        raise Invalid(f"only payments have an amount, not a {kind}", field=f"{where}.amount")
    reminders = item.get("reminders")
    reminders = DEFAULT_REMINDERS[kind] if reminders is None else tuple(reminders)
    if len(reminders) > MAX_REMINDERS or len(set(reminders)) != len(reminders):
        raise Invalid(f"at most {MAX_REMINDERS} reminders, each once", field=f"{where}.reminders")
    if any(not 0 <= d <= MAX_DAYS_BEFORE for d in reminders):
        raise Invalid(f"reminders are days before the date, 0 to {MAX_DAYS_BEFORE}", field=f"{where}.reminders")
    amount = None if amount is None else Decimal(str(amount)).quantize(Decimal("0.01"))
    return KeyDateSpec(kind, day, amount, (item.get("label") or "").strip(), tuple(sorted(reminders, reverse=True)))


def _specs(contract, items):
    specs, seen = [], set()
    for index, item in enumerate(items):
        spec = _spec(contract, index, item)
        once = spec.kind if spec.kind in CONTRACT_DATES else spec.identity
        if once in seen:
            raise Invalid(f"key_dates.{index}: the same key date is listed twice", field=f"key_dates.{index}")
        seen.add(once)
        specs.append(spec)
    return specs


def _sync_reminders(key_date, offsets, first_day, running):
    wanted = set(offsets)
    for reminder in list(key_date.reminders):
        if reminder.days_before not in wanted and reminder.status != SENT:
            key_date.reminders.remove(reminder)  # sent ones stay as history
    have = {r.days_before for r in key_date.reminders}
    _add_reminders(key_date, [d for d in offsets if d not in have], first_day, running)


def replace(*, contract, key_dates, actor):
    """Set the contract's key dates (effective and expiry are kept unless listed); keep what did not change."""
    if not (actor.id == contract.owner_id or actor.has_role(*KEY_DATE_EDITORS)):
        raise Forbidden("only the contract's owner, managers, finance, legal and admins change its key dates")
    specs, first_day = _specs(contract, key_dates), today()
    existing = {(k.kind, k.date, k.label, k.amount): k for k in for_contract(contract=contract)}
    listed = {s.kind for s in specs}
    before = {r.id for k in existing.values() for r in k.reminders}
    for spec in specs:
        key_date = existing.pop(spec.identity, None)
        if key_date is None:
            key_date = KeyDate(contract_id=contract.id, kind=spec.kind, date=spec.date, amount=spec.amount,
                               label=spec.label)
            db.session.add(key_date)
        _sync_reminders(key_date, spec.reminders, first_day, reminders_run(contract))
    for key_date in existing.values():
        if key_date.kind not in CONTRACT_DATES or key_date.kind in listed:
            db.session.delete(key_date)
    db.session.flush()
    current = for_contract(contract=contract)
    _schedule_new([r for k in current for r in k.reminders if r.id not in before])
    audit.record(actor=actor, action="contract.key_dates_changed", object_type="contract", object_id=contract.id,
                 data={"key_dates": [{"kind": k.kind, "date": k.date.isoformat(),
                                      "reminders": [r.days_before for r in k.reminders]} for k in current]})
    return current


def status_changed(*, contract, previous):
    """Start the contract's held reminders when it reaches REMINDERS_START; hold the pending ones (sent ones
    stay history) when it goes back to a status before it. Returns the reminders that changed."""
    if contract.status == REMINDERS_START and previous in BEFORE_START:
        changed = _start(contract)
        action = "contract.reminders_started"
    elif contract.status in BEFORE_START and previous not in BEFORE_START:
        changed = _hold(contract)
        action = "contract.reminders_held"
    else:
        return []
    db.session.flush()
    if changed:
        audit.record(actor=ACTOR, action=action, object_type="contract", object_id=contract.id,
                     data={"reminders": [r.id for r in changed], "status": contract.status})
    return changed


def _reminders(contract, status):
    return db.session.scalars(select(Reminder).where(Reminder.contract_id == contract.id, Reminder.status == status)
                              .order_by(Reminder.due_at, Reminder.id).with_for_update(of=Reminder)).all()


def _start(contract):
    held, first_day, now = _reminders(contract, HELD), today(), utcnow()
    for reminder in held:
        _set_up(reminder, first_day, now)
    _schedule_new(held)
    return held


def _hold(contract):
    pending = _reminders(contract, PENDING)
    for reminder in pending:  # a job already queued for one finds it held and sends nothing
        reminder.status, reminder.set_up_at = HELD, None
    return pending


def _reminder_params(reminder):
    key_date, contract = reminder.key_date, reminder.key_date.contract
    params = {"contract": contract.number, "title": contract.title, "key_date": key_date.kind,
              "date": key_date.date.isoformat(), "days_before": reminder.days_before, "label": key_date.label}
    if key_date.amount is not None:
        params.update(amount=f"{key_date.amount:.2f}", currency=contract.currency)  # formatted when read
    return params


def send_reminder(*, reminder_id):
    """Send a due key-date reminder to the contract's owner, once."""
    reminder = db.session.scalar(select(Reminder).where(Reminder.id == reminder_id).with_for_update(of=Reminder))
    now = utcnow()
    if reminder is None or reminder.status != PENDING or now < reminder.due_at:
        return "nothing due"
    contract = reminder.key_date.contract
    reminder.status, reminder.fired_at = SENT, now
    notifications.notify(user=contract.owner, kind="reminder", contract=contract, params=_reminder_params(reminder))
    lateness = timers.record(kind="reminder", object_id=reminder.id, due=reminder.due_at, fired_at=now,
                             set_up_at=reminder.set_up_at)
    db.session.flush()
    audit.record(actor=ACTOR, action="reminder.sent", object_type="contract", object_id=contract.id,
                 data={"reminder_id": reminder.id, "key_date": reminder.key_date.kind,
                       "days_before": reminder.days_before, "due": reminder.due_at.isoformat(),
                       "fired_at": now.isoformat(), "lateness_ms": lateness})
    return "sent"


def due_reminders(*, until, limit=1000):
    """Pending reminders due before `until`, for the job sweeper."""
    rows = db.session.execute(
        select(Reminder.id, Reminder.due_at).where(Reminder.status == PENDING, Reminder.due_at <= until)
        .order_by(Reminder.due_at).limit(limit)
    ).all()
    return [Due(reminder_key(i, due), {"reminder_id": i}, due) for i, due in rows]
