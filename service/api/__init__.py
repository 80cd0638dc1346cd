"""The JSON API under /api/v1: endpoints of every domain, the OpenAPI document, JSON errors."""

from flask import jsonify
from werkzeug.exceptions import HTTPException

# The domains whose endpoints make up the API: an explicit table, imported for their registrations.
from ..auth import api as _auth_api  # noqa: E402,F401
from ..contracts import api as _contracts_api  # noqa: E402,F401
from ..customers import api as _customers_api  # noqa: E402,F401
from ..errors import ServiceError
from ..inbox import api as _inbox_api  # noqa: E402,F401
from ..key_dates import api as _key_dates_api  # noqa: E402,F401
from ..notifications import api as _notifications_api  # noqa: E402,F401
from ..rates import api as _rates_api  # noqa: E402,F401
from ..timers import api as _timers_api  # noqa: E402,F401
from . import openapi
from .blueprint import bp


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(openapi.build())


@bp.errorhandler(ServiceError)
def service_error(exc):
    return jsonify(exc.to_dict()), exc.status


@bp.errorhandler(HTTPException)
def http_error(exc):
    code = (exc.name or "error").lower().replace(" ", "_")
    return jsonify({"error": {"code": code, "message": exc.description}}), exc.code


def register(app):
    """Mount the API on the app."""
    app.register_blueprint(bp)
