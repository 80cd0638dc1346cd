from datetime import timedelta

from service.auth.models import ApiToken
from service.db import utcnow
from service.extensions import db
from tests.factories import PASSWORD


def test_token_for_valid_credentials(client, make_user):
    user = make_user("manager")
    response = client.post("/api/v1/auth/token", json={"username": user.username, "password": PASSWORD})
    assert response.status_code == 200
    assert len(response.json["token"]) >= 40 and response.json["expires_at"]


def test_bad_password_and_unknown_user_get_the_same_answer(client, make_user):
    user = make_user("manager")
    wrong = client.post("/api/v1/auth/token", json={"username": user.username, "password": "nope-nope"})
    unknown = client.post("/api/v1/auth/token", json={"username": "ghost", "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json == unknown.json


def test_token_is_stored_hashed(api_as):
    api = api_as("sales")
    stored = db.session.scalars(db.select(ApiToken.token_hash)).all()
    assert api.token not in stored and len(stored) == 1


def test_me_returns_username_and_roles(api_as):
    api = api_as("legal", "finance")
    assert api.get("/me").json == {"username": api.user.username, "display_name": api.user.username,
                                   "roles": ["finance", "legal"]}


def test_missing_token_is_401_with_a_hint(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert "Bearer" in response.json["error"]["message"]


def test_expired_token_is_refused(api_as):
    api = api_as("sales")
    db.session.execute(db.update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert api.get("/me").status_code == 401


def test_revoked_token_is_refused(api_as):
    api = api_as("sales")
    db.session.execute(db.update(ApiToken).values(revoked_at=utcnow()))
    db.session.commit()
    assert api.get("/me").status_code == 401


def test_token_request_with_missing_field_is_422(client):
    response = client.post("/api/v1/auth/token", json={"username": "x"})
    assert response.status_code == 422
    assert response.json["error"]["field"] == "password"


def test_revoked_through_the_api_the_token_stops_working(api_as):
    api = api_as("sales")
    response = api.client.delete("/api/v1/auth/token", headers={"Authorization": f"Bearer {api.token}"})
    assert response.status_code == 204
    assert api.get("/me").status_code == 401
