"""The JSON API's shared plumbing under /api/v1: the endpoint decorator, the OpenAPI document, JSON errors.

Each domain declares its endpoints in its own api.py with @endpoint; create_app imports those modules.
"""

from flask import jsonify

from ..errors import error_body
from . import openapi
from .blueprint import AUTHENTICATE, bp


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(openapi.build())


def service_error(exc):
    """A ServiceError as its JSON answer."""
    return jsonify(exc.to_dict()), exc.status


def http_error(exc):
    """A werkzeug HTTPException (404, 405 ...) as a JSON answer."""
    code = (exc.name or "error").lower().replace(" ", "_")
    return jsonify(error_body(code, exc.description)), exc.code


def internal_error():
    """The answer to an unexpected error, which was logged."""
    return jsonify(error_body("internal_error", "something went wrong on our side; it was logged")), 500


def register(app, *, authenticate):
    """Mount the API; authenticate(token) returns the user a bearer token belongs to, or raises Unauthorized."""
    app.extensions[AUTHENTICATE] = authenticate
    app.register_blueprint(bp)

