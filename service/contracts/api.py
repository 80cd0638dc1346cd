"""API: contracts."""

from flask import g

from ..api import present
from ..api.blueprint import endpoint
from ..api.schemas import ContractIn, ContractOut, ContractQuery, ContractSummary
from . import service


@endpoint("/contracts", "POST", summary="Create a draft contract; its lifecycle process starts",
          body=ContractIn, response=ContractOut, status=201, errors=(403, 422))
def create_contract(body):
    contract = service.create(**body.model_dump(), actor=g.user)
    return present.contract(contract)


@endpoint("/contracts/<int:contract_id>", "GET", summary="A contract with its open tasks and history",
          response=ContractOut, errors=(404,))
def get_contract(contract_id):
    return present.contract(service.get_for(contract_id=contract_id, user=g.user))


@endpoint("/contracts", "GET", summary="Contracts the caller may see, filtered", query=ContractQuery,
          response=[ContractSummary], errors=(422,))
def list_contracts(query):
    found = service.search(user=g.user, **query.model_dump())
    return [present.contract_summary(c) for c in found]
