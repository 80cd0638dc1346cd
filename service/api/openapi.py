"""Build the OpenAPI 3.1 document from the endpoint declarations and their pydantic schemas."""

import re

from pydantic.json_schema import models_json_schema

from .blueprint import ENDPOINTS
from .schemas import ErrorOut

REF = "#/components/schemas/{model}"
_STATUS_TEXT = {400: "Bad request", 401: "Not authenticated", 403: "Not allowed", 404: "Not found",
                409: "Conflict", 422: "Invalid input"}


def _path(rule):
    return "/api/v1" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule)


def _schema_keys():
    """Each model in the mode it is used in: requests validate, responses serialise."""
    keys = {(ErrorOut, "serialization")}
    for e in ENDPOINTS:
        keys |= {(m, "validation") for m in (e.body, e.query) if m is not None}
        response = e.response[0] if isinstance(e.response, list) else e.response
        if response is not None:
            keys.add((response, "serialization"))
    return sorted(keys, key=lambda k: (k[0].__name__, k[1]))


def _response_schema(response, refs):
    if isinstance(response, list):
        return {"type": "array", "items": refs[(response[0], "serialization")]}
    return refs[(response, "serialization")]


def _query_parameters(model):
    schema = model.model_json_schema()
    return [
        {"name": name, "in": "query", "required": name in schema.get("required", []), "schema": prop}
        for name, prop in schema["properties"].items()
    ]


def _operation(e, refs):
    op = {"summary": e.summary, "operationId": e.rule.strip("/").replace("/", "_") + "_" + e.method.lower()}
    params = [{"name": n, "in": "path", "required": True, "schema": {"type": "integer" if t == "int" else "string"}}
              for t, n in re.findall(r"<(?:(\w+):)?(\w+)>", e.rule)]
    if e.query:
        params += _query_parameters(e.query)
    if params:
        op["parameters"] = params
    if e.body:
        op["requestBody"] = {"required": True,
                             "content": {"application/json": {"schema": refs[(e.body, "validation")]}}}
    ok = {"description": "OK"}
    if e.response is not None:
        ok["content"] = {"application/json": {"schema": _response_schema(e.response, refs)}}
    op["responses"] = {str(e.status): ok}
    for status in e.errors:
        op["responses"][str(status)] = {
            "description": _STATUS_TEXT.get(status, "Error"),
            "content": {"application/json": {"schema": refs[(ErrorOut, "serialization")]}},
        }
    if e.auth:
        op["security"] = [{"bearer": []}]
    return op


def build():
    """The OpenAPI document for every registered endpoint."""
    refs, defs = models_json_schema(_schema_keys(), ref_template=REF)
    paths = {}
    for e in ENDPOINTS:
        paths.setdefault(_path(e.rule), {})[e.method.lower()] = _operation(e, refs)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Pactum API", "version": "1.0.0",
                 "description": "Contracts, customers and task inboxes of Pactum. Errors are always "
                                "{\"error\": {\"code\", \"message\", \"field\"?}}."},
        "paths": paths,
        "components": {
            "schemas": defs.get("$defs", {}),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
