"""Service-layer exceptions, each translated to HTTP once, in service/api and service/web."""


class ServiceError(Exception):
    """Base class: a message for the user that says what to fix."""

    status = 400
    code = "bad_request"

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message = message
        self.field = field

    def to_dict(self):
        body = {"code": self.code, "message": self.message}
        if self.field:
            body["field"] = self.field
        return {"error": body}


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
