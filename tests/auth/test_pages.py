from service.auth import service as auth
from service.extensions import db
from tests.clients import Web
from tests.factories import PASSWORD


def test_root_leads_to_login_then_to_the_inbox(web, make_user):
    assert web.get("/").location.startswith("/login")
    response = web.login(make_user("manager"))
    assert response.location == "/"  # home, which is the inbox for everyone who works one
    assert web.get("/").location == "/inbox"


def test_wrong_password_is_shown_and_logs_nobody_in(web, make_user):
    user = make_user("sales")
    web.get("/login")
    response = web.post("/login", {"username": user.username, "password": "not-the-password"})
    assert response.status_code == 200 and "Wrong username or password" in response.get_data(as_text=True)
    assert web.get("/inbox").status_code == 302


def test_empty_login_form_shows_the_field_errors(web):
    web.get("/login")
    page = web.post("/login", {"username": "", "password": ""}).get_data(as_text=True)
    assert page.count("This field is required.") == 2 and 'data-field="username"' in page


def test_logout_ends_the_session_and_is_post_only(web_as):
    manager = web_as("manager")
    assert manager.get("/logout").status_code == 405
    response = manager.post("/logout")
    assert response.location == "/login"
    assert manager.get("/inbox").location.startswith("/login")


def test_login_follows_next_only_to_this_site(app, make_user):
    user = make_user("manager")
    for target, expected in (("/contracts", "/contracts"), ("https://evil.example/", "/"), ("//evil", "/")):
        web = Web(app.test_client())
        web.get("/login")
        assert web.post(f"/login?next={target}", {"username": user.username, "password": PASSWORD}).location == expected


def test_session_cookie_is_http_only_lax_and_expires(web, make_user):
    web.get("/login")
    response = web.post("/login", {"username": make_user("sales").username, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie


def test_form_post_without_csrf_token_is_refused_and_changes_nothing(web, make_user):
    user = make_user("sales")
    web.get("/login")
    response = web._request("post", "/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 400 and "This form has expired" in response.get_data(as_text=True)
    assert web.get("/inbox").status_code == 302


def test_json_api_needs_no_csrf_token(client, make_user):
    user = make_user("sales")
    response = client.post("/api/v1/auth/token", json={"username": user.username, "password": PASSWORD})
    assert response.status_code == 200 and response.json["token"]


def test_language_follows_accept_language_when_nobody_chose(web):
    page = web.get("/login", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert "登录 Pactum" in page and '<html lang="zh-CN">' in page
    assert "Log in to Pactum" in web.get("/login", headers={"Accept-Language": "en-GB"}).get_data(as_text=True)


def test_language_switch_before_login_is_kept_in_the_session(web):
    web.get("/login")
    assert web.post("/language", {"locale": "zh_CN", "next": "/login"}).location == "/login"
    assert "登录 Pactum" in web.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_language_switch_is_stored_on_the_user_and_beats_the_browser(web_as):
    manager = web_as("manager")
    assert manager.post("/language", {"locale": "zh_CN", "next": "/contracts"}).location == "/contracts"
    assert auth.get(manager.user.id).locale == "zh_CN"
    assert "待办" in manager.get("/inbox", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_unknown_language_is_422_and_changes_nothing(web_as):
    manager = web_as("manager")
    response = manager.post("/language", {"locale": "fr"})
    assert response.status_code == 422 and auth.get(manager.user.id).locale is None


def test_language_switch_does_not_redirect_elsewhere(web_as):
    assert web_as("manager").post("/language", {"locale": "en", "next": "//evil.example"}).location == "/inbox"


def test_a_language_chosen_while_logging_in_becomes_the_users_preference(web, make_user):
    user = make_user("manager")
    auth.set_locale(user=user, locale="en")
    db.session.commit()
    web.get("/login")
    web.post("/language", {"locale": "zh_CN", "next": "/login"})
    assert web.login(user).status_code == 302
    assert auth.get(user.id).locale == "zh_CN"
    assert '<html lang="zh-CN">' in web.get("/inbox").get_data(as_text=True)


def test_without_a_choice_at_login_the_stored_preference_stays(web, make_user):
    user = make_user("manager")
    auth.set_locale(user=user, locale="zh_CN")
    db.session.commit()
    assert web.login(user).status_code == 302
    assert auth.get(user.id).locale == "zh_CN"
    web.post("/logout")  # the next login page speaks the user's language, but that is no choice of the next one
    other = make_user("manager")
    web.login(other)
    assert auth.get(other.id).locale is None
