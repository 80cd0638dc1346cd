"""Browser fixtures: Debian's Chromium driven by Playwright against a live server on the test database."""

import os
import threading

import pytest
from werkzeug.serving import make_server

from service.extensions import db
from tests.factories import PASSWORD


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def live_server(app):
    """The test app served on a free port of 127.0.0.1 in a thread, for as long as the test runs."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def logged_in(browser, live_server):
    """logged_in(user, locale='en-US') -> a page of a new browser context, logged in through the login form."""
    contexts = []

    def open_page(user, locale="en-US"):
        username = user.username
        db.session.rollback()  # the test's read transaction would hold SQLite's write lock against the server
        context = browser.new_context(base_url=live_server, locale=locale, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto("/login")
        page.locator("#username").fill(username)
        page.locator("#password").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/inbox")
        return page

    yield open_page
    for context in contexts:
        context.close()
