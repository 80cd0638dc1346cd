"""API: a contract's key dates and reminders; timer health for admins."""

from flask import current_app, g

from ..api.blueprint import endpoint
from ..contracts import service as contracts
from ..errors import Forbidden
from . import key_dates, service
from .schemas import KeyDatesIn, KeyDatesOut, TimerHealthOut, TimerHealthQuery


def _present(contract, found):
    return {"contract_id": contract.id, "timezone": current_app.config["REMINDER_TIMEZONE"], "key_dates": found}


@endpoint("/contracts/<int:contract_id>/key-dates", "GET", summary="A contract's key dates and their reminders",
          response=KeyDatesOut, errors=(404,))
def get_key_dates(contract_id):
    contract = contracts.get_for(contract_id=contract_id, user=g.user)
    return _present(contract, key_dates.for_contract(contract=contract))


@endpoint("/contracts/<int:contract_id>/key-dates", "PUT",
          summary="Set a contract's key dates (payment, milestone, review) and reminder offsets",
          body=KeyDatesIn, response=KeyDatesOut, errors=(403, 404, 422))
def put_key_dates(contract_id, body):
    contract = contracts.get_for(contract_id=contract_id, user=g.user)
    found = key_dates.replace(contract=contract, key_dates=[k.model_dump() for k in body.key_dates], actor=g.user)
    return _present(contract, found)


@endpoint("/timers/health", "GET", summary="Timers due and overdue, and lateness percentiles (admins)",
          query=TimerHealthQuery, response=TimerHealthOut, errors=(403, 422))
def timer_health(query):
    if not g.user.has_role("admin"):
        raise Forbidden("only admins see timer health")
    return service.health(hours=query.hours)
