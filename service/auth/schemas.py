"""Request and response schemas of the token and identity endpoints."""

from datetime import datetime

from pydantic import Field

from ..api.schemas import Input, Output


class TokenIn(Input):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)


class TokenOut(Output):
    token: str
    expires_at: datetime


class MeOut(Output):
    username: str
    display_name: str
    roles: list[str]
