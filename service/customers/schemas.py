"""Request and response schemas of the customer endpoints."""

from pydantic import Field

from ..api.schemas import Input, Output


class CustomerIn(Input):
    code: str = Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    name: str = Field(min_length=1, max_length=200)


class CustomerOut(Output):
    id: int
    code: str
    name: str


class CustomerQuery(Input):
    q: str | None = None
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)
