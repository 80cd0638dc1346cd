"""Service-layer exceptions, each translated to HTTP once (JSON for the API, a page for people)."""


def error_body(code, message, field=None):
    """The one shape of every JSON error: {"error": {code, message, field?}}."""
    body = {"code": code, "message": message}
    if field:
        body["field"] = field
    return {"error": body}


class ServiceError(Exception):
    """Base class: a message for the user that says what to fix."""

    status = 400
    code = "bad_request"

    def __init__(self, message, *, field=None, params=None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.params = params or {}  # values a page's own words for the error may name, e.g. {"name": ...}

    def to_dict(self):
        return error_body(self.code, self.message, self.field)


class Unauthorized(ServiceError):
    status, code = 401, "unauthorized"


class Forbidden(ServiceError):
    status, code = 403, "forbidden"


class NotFound(ServiceError):
    status, code = 404, "not_found"


class Conflict(ServiceError):
    status, code = 409, "conflict"


class Invalid(ServiceError):
    status, code = 422, "invalid"
