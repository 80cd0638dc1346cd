"""API: tokens and the caller's identity."""

from flask import g

from ..api.blueprint import endpoint
from . import service
from .schemas import MeOut, TokenIn, TokenOut


@endpoint("/auth/token", "POST", summary="Exchange a username and password for a bearer token",
          body=TokenIn, response=TokenOut, auth=False, errors=(401, 422))
def issue_token(body):
    user = service.authenticate(username=body.username, password=body.password)
    token, expires_at = service.issue_token(user=user)
    return {"token": token, "expires_at": expires_at}


@endpoint("/me", "GET", summary="The caller's username and roles", response=MeOut, errors=())
def me():
    return g.user


@endpoint("/auth/token", "DELETE", summary="Revoke the bearer token of this request", status=204, errors=())
def revoke_token():
    service.revoke_token(token=g.token, user=g.user)
