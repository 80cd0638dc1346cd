"""API: exchange rates to CNY (admins)."""

from flask import g

from ..api.blueprint import endpoint
from ..api.schemas import RateIn, RateOut
from . import service


def _rate(row):
    return {"currency": row.currency, "rate": row.rate, "effective_date": row.effective_date,
            "updated_by": row.updated_by.username if row.updated_by else None, "updated_at": row.updated_at}


@endpoint("/rates", "GET", summary="Exchange rates to CNY in force today (admins)", response=[RateOut],
          errors=(403,))
def list_rates():
    return [_rate(r) for r in service.table(user=g.user)]


@endpoint("/rates", "PUT", summary="Set a currency's rate to CNY from a day on (admins)", body=RateIn,
          response=RateOut, errors=(403, 422))
def set_rate(body):
    return _rate(service.set_rate(**body.model_dump(), actor=g.user))
