"""The /api/v1 blueprint and the `endpoint` decorator that validates, authenticates and commits.

Every endpoint is declared with its request and response schemas; the same
declarations generate the OpenAPI document, so the spec cannot drift from the code.
"""

from dataclasses import dataclass
from functools import wraps

from flask import Blueprint, current_app, g, jsonify, request
from pydantic import BaseModel, ValidationError

from ..db import transaction
from ..errors import Invalid, Unauthorized

bp = Blueprint("api", __name__, url_prefix="/api/v1")
AUTHENTICATE = "pactum_api_authenticate"  # app.extensions key: token -> user, or Unauthorized


@dataclass(frozen=True)
class Endpoint:
    rule: str
    method: str
    summary: str
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    response: object
    status: int
    auth: bool
    errors: tuple


ENDPOINTS = []


def _bearer_user():
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("send 'Authorization: Bearer <token>'; get a token from POST /api/v1/auth/token")
    g.token = token.strip()
    return current_app.extensions[AUTHENTICATE](g.token)


def _field(error):
    return ".".join(str(part) for part in error["loc"]) or None


def _parse(model, source):
    try:
        return model.model_validate(source)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = _field(first)
        raise Invalid(f"{field}: {first['msg']}" if field else first["msg"], field=field) from exc


def _json_body():
    body = request.get_json(silent=True)
    if body is None:
        raise Invalid("send a JSON object with 'Content-Type: application/json'")
    return body


def _render(response, result):
    if response is None:
        return None
    if isinstance(response, list):
        item = response[0]
        return [item.model_validate(r, from_attributes=True).model_dump(mode="json") for r in result]
    return response.model_validate(result, from_attributes=True).model_dump(mode="json")


def endpoint(rule, method, *, summary, body=None, query=None, response=None, status=200, auth=True,
             errors=(400, 422)):
    """Register an API view: parse the body and query, authenticate, call, commit once, render JSON."""

    def decorator(view):
        ENDPOINTS.append(Endpoint(rule, method, summary, body, query, response, status, auth,
                                  tuple(sorted(set(errors) | ({401} if auth else set())))))

        @wraps(view)
        def handler(**path):
            with transaction():
                if auth:
                    g.user = _bearer_user()
                kwargs = dict(path)
                if body is not None:
                    kwargs["body"] = _parse(body, _json_body())
                if query is not None:
                    kwargs["query"] = _parse(query, request.args.to_dict())
                payload = _render(response, view(**kwargs))
            return (jsonify(payload), status) if payload is not None else ("", status)

        bp.add_url_rule(rule, endpoint=view.__name__, view_func=handler, methods=[method])
        return view

    return decorator
