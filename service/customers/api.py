"""API: customers."""

from flask import g

from ..api.blueprint import endpoint
from . import service
from .schemas import CustomerIn, CustomerOut, CustomerQuery


@endpoint("/customers", "POST", summary="Create a customer", body=CustomerIn, response=CustomerOut,
          status=201, errors=(403, 409, 422))
def create_customer(body):
    return service.create(code=body.code, name=body.name, actor=g.user)


@endpoint("/customers/<int:customer_id>", "GET", summary="One customer", response=CustomerOut, errors=(404,))
def get_customer(customer_id):
    return service.get_or_404(customer_id)


@endpoint("/customers", "GET", summary="Search customers by code or name", query=CustomerQuery,
          response=[CustomerOut], errors=(422,))
def list_customers(query):
    return service.search(q=query.q, limit=query.limit, offset=query.offset)
