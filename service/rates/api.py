"""API: exchange rates to CNY (admins)."""

from flask import g

from ..api.blueprint import endpoint
from . import service
from .schemas import RateIn, RateOut


@endpoint("/rates", "GET", summary="Exchange rates to CNY in force today (admins)", response=[RateOut],
          errors=(403,))
def list_rates():
    return [RateOut.of(r) for r in service.table(user=g.user)]


@endpoint("/rates", "PUT", summary="Set a currency's rate to CNY from a day on (admins)", body=RateIn,
          response=RateOut, errors=(403, 422))
def set_rate(body):
    return RateOut.of(service.set_rate(**body.model_dump(), actor=g.user))
