"""Pactum's Flask application: build it with create_app()."""

import logging
import os
import warnings

from flask import Flask, jsonify, request
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException

from .config import Config
from .db import sqlite_engine_options
from .errors import ServiceError
from .extensions import babel, csrf, db, login_manager, migrate

MIGRATIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "migrations")
log = logging.getLogger(__name__)


def create_app(config_class=Config, **overrides):
    """Build the application: config, extensions, blueprints, error handlers, CLI."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config_class)
    app.config.update(overrides)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        os.makedirs(app.instance_path, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = config_class.database_url(app.instance_path)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", sqlite_engine_options())
        # SQLite has no decimal type; amounts are quantised to cents before they are stored, so the warning is noise.
        warnings.filterwarnings("ignore", category=sa_exc.SAWarning, message=".*Decimal objects natively.*")

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS, render_as_batch=True)
    login_manager.init_app(app)

    from . import models  # noqa: F401  (every table, so that migrations and create_all see them)
    from .api import register as register_api
    from .api.blueprint import bp as api_blueprint
    from .cli import register as register_cli
    from .inbox.jobs import JOBS as inbox_jobs
    from .jobs import registry
    from .jobs.worker import init_app as init_jobs
    from .key_dates.jobs import JOBS as key_date_jobs
    from .notifications.jobs import JOBS as notification_jobs
    from .processes.jobs import JOBS as process_jobs
    from .web import register as register_web
    from .web.i18n import select_locale

    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    csrf.exempt(api_blueprint)  # the JSON API authenticates with bearer tokens only, never with the session cookie
    register_api(app)
    register_web(app)
    register_cli(app)
    _register_error_handlers(app)
    registry.register(app, [*process_jobs, *key_date_jobs, *inbox_jobs, *notification_jobs])
    init_jobs(app)  # EMBEDDED_WORKER without REDIS_URL: run jobs in this process once it serves requests
    return app


def _register_error_handlers(app):
    from .web import error_page  # pages for people, in their language; the API answers in JSON

    def wants_json():
        return request.path.startswith("/api/")

    @app.errorhandler(ServiceError)
    def service_error(exc):
        if not wants_json():
            return error_page(exc.status, exc)
        return jsonify(exc.to_dict()), exc.status

    @app.errorhandler(HTTPException)
    def http_error(exc):
        if wants_json():
            code = (exc.name or "error").lower().replace(" ", "_")
            return jsonify({"error": {"code": code, "message": exc.description}}), exc.code
        return error_page(exc.code, exc) if exc.code and exc.code >= 400 else exc

    @app.errorhandler(Exception)
    def unexpected_error(exc):
        if app.testing:
            raise exc  # let the test show the real traceback
        log.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        if not wants_json():
            return error_page(500)
        body = {"error": {"code": "internal_error", "message": "something went wrong on our side; it was logged"}}
        return jsonify(body), 500
