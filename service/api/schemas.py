"""The bases of every domain's request and response schemas, and the error schema (OpenAPI is built from them)."""

from pydantic import BaseModel, ConfigDict


class Input(BaseModel):
    """A request body or query: unknown fields are refused, text is stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Output(BaseModel):
    """A response: read from model attributes or dicts."""

    model_config = ConfigDict(from_attributes=True)


class ErrorBody(Output):
    code: str
    message: str
    field: str | None = None


class ErrorOut(Output):
    error: ErrorBody
