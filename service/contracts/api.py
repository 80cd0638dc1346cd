"""API: contracts."""

from flask import g

from ..api.blueprint import endpoint
from . import service
from .schemas import ContractIn, ContractOut, ContractQuery, ContractSummary


@endpoint("/contracts", "POST", summary="Create a draft contract; its lifecycle process starts",
          body=ContractIn, response=ContractOut, status=201, errors=(403, 422))
def create_contract(body):
    contract = service.create(**body.model_dump(), actor=g.user)
    return ContractOut.of(service.details(contract), g.user.locale)


@endpoint("/contracts/<int:contract_id>", "GET", summary="A contract with its open tasks and history",
          response=ContractOut, errors=(404,))
def get_contract(contract_id):
    contract = service.get_for(contract_id=contract_id, user=g.user)
    return ContractOut.of(service.details(contract), g.user.locale)


@endpoint("/contracts", "GET", summary="Contracts the caller may see, filtered", query=ContractQuery,
          response=[ContractSummary], errors=(422,))
def list_contracts(query):
    return [ContractSummary.of(c) for c in service.search(user=g.user, **query.model_dump())]
