"""API: a contract's key dates and their reminders."""

from flask import current_app, g

from ..api.blueprint import endpoint
from ..contracts import service as contracts
from . import service
from .schemas import KeyDatesIn, KeyDatesOut


def _present(contract, found):
    return {"contract_id": contract.id, "timezone": current_app.config["REMINDER_TIMEZONE"], "key_dates": found}


@endpoint("/contracts/<int:contract_id>/key-dates", "GET", summary="A contract's key dates and their reminders",
          response=KeyDatesOut, errors=(404,))
def get_key_dates(contract_id):
    contract = contracts.get_for(contract_id=contract_id, user=g.user)
    return _present(contract, service.for_contract(contract=contract))


@endpoint("/contracts/<int:contract_id>/key-dates", "PUT",
          summary="Set a contract's key dates (payment, milestone, review) and reminder offsets",
          body=KeyDatesIn, response=KeyDatesOut, errors=(403, 404, 422))
def put_key_dates(contract_id, body):
    contract = contracts.get_for(contract_id=contract_id, user=g.user)
    found = service.replace(contract=contract, key_dates=[k.model_dump() for k in body.key_dates], actor=g.user)
    return _present(contract, found)
