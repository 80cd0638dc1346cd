"""Test clients that use Pactum as integrations and people do: JSON with a bearer token, forms with CSRF."""

import re

from service.extensions import db
from tests.factories import PASSWORD

CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def csrf_token(html):
    """The CSRF token of the first form on a page."""
    return CSRF.search(html).group(1)


class Api:
    """A test client that speaks JSON with a bearer token."""

    def __init__(self, client, token=None):
        self.client, self.token = client, token

    def _headers(self):
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def get(self, url, **params):
        return self.client.get("/api/v1" + url, query_string=params, headers=self._headers())

    def post(self, url, json=None):
        return self.client.post("/api/v1" + url, json=json if json is not None else {}, headers=self._headers())

    def put(self, url, json=None):
        return self.client.put("/api/v1" + url, json=json if json is not None else {}, headers=self._headers())

    def delete(self, url):
        return self.client.delete("/api/v1" + url, headers=self._headers())


class Web:
    """A test client that remembers the last CSRF token it was given, like a browser tab.

    Each request runs in an app context of its own, as in production: the test's context (kept by the app
    fixture) would otherwise lend the request its `g`, where Flask-Login, Flask-Babel and Flask-WTF keep the
    user, the locale and the token of the request before. The test's session ends its transaction first, so
    that SQLite's write lock is free and what the test reads afterwards is what the request wrote.
    """

    def __init__(self, client):
        self.client, self.token, self.user = client, None, None

    def _request(self, method, url, **kwargs):
        db.session.rollback()
        with self.client.application.app_context():
            response = getattr(self.client, method)(url, **kwargs)
            response.get_data()  # read the body while the request's context is there
        return response

    def get(self, url, **kwargs):
        response = self._request("get", url, **kwargs)
        found = CSRF.search(response.get_data(as_text=True))
        self.token = found.group(1) if found else self.token
        return response

    def post(self, url, data=None, **kwargs):
        return self._request("post", url, data={"csrf_token": self.token, **(data or {})}, **kwargs)

    def login(self, user, password=PASSWORD):
        self.get("/login")
        response = self.post("/login", {"username": user.username, "password": password})
        self.get("/inbox")  # the session is new after login, and so is its token
        self.user = user
        return response
