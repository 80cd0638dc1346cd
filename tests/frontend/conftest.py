"""Fixtures for the front-end bundles: the repository served as static files, and headless Chromium."""

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "service" / "static" / "build" / "designer.js"


def _missing(what, fix):
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing; {fix}")
    pytest.skip(f"{what} is missing: {fix}")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def static_server():
    """The repository root over HTTP on a free port of 127.0.0.1 (harness.html loads bundles and diagrams)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(ROOT)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


class Harness:
    """A page of frontend/designer/harness.html with the console errors it logged."""

    def __init__(self, page):
        self.page = page
        self.errors = []
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def run(self, script, arg=None):
        """Evaluate `async (editor, arg) => ...` with the mounted designer's editor ({modeler, getXml, ...})."""
        return self.page.evaluate(f"async (arg) => {{ const editor = await harness.designer.ready; "
                                  f"return await ({script})(editor, arg); }}", arg)


@pytest.fixture
def harness(browser, static_server):
    """harness(width=1280, **query) -> Harness: the harness page, mounted and ready."""
    if not BUNDLE.exists():
        _missing(str(BUNDLE.relative_to(ROOT)), "run `make install` (npm run build)")
    contexts = []

    def open_(width=1280, **query):
        context = browser.new_context(base_url=static_server, viewport={"width": width, "height": 860},
                                      device_scale_factor=1)
        contexts.append(context)
        opened = Harness(context.new_page())
        opened.page.set_default_timeout(15_000)
        search = "&".join(f"{key}={value}" for key, value in query.items())
        opened.page.goto(f"/frontend/designer/harness.html?{search}")
        opened.page.evaluate("() => window.harnessReady")
        return opened

    yield open_
    for context in contexts:
        context.close()
