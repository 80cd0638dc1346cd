"""`flask --app wsgi users create`."""

from service.auth import service as auth


def test_users_create(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "zoe", "--role", "legal", "--role", "finance", "--password", "long-password"])
    assert result.exit_code == 0, result.output
    assert auth.get_by_username("zoe").roles == ["finance", "legal"]


def test_users_create_refuses_a_short_password(app):
    result = app.test_cli_runner().invoke(args=["users", "create", "zoe", "--role", "legal", "--password", "x"])
    assert result.exit_code != 0 and "at least 8" in result.output
    assert auth.get_by_username("zoe") is None
