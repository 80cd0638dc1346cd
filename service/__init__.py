"""Pactum's Flask application: build it with create_app(), the one place that knows every domain."""

import logging
import os
import warnings

from flask import Flask, request
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException

from .config import Config
from .db import sqlite_engine_options
from .errors import ServiceError
from .extensions import babel, csrf, db, login_manager, migrate

MIGRATIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "migrations")
log = logging.getLogger(__name__)


def create_app(config_class=Config, **overrides):
    """Build the application: config, extensions, the shared plumbing, every domain, error handlers."""
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
    _register_domains(app)
    _register_error_handlers(app)
    return app


def _register_domains(app):
    """Every domain's endpoints, pages, jobs and commands, listed here and nowhere else."""
    from . import api, demo, models, web  # noqa: F401  (models: every table, for migrations and create_all)
    from .api.blueprint import bp as api_blueprint
    from .audit import cli as audit_cli
    from .auth import api as auth_api  # noqa: F401
    from .auth import cli as auth_cli
    from .auth import labels as auth_labels
    from .auth import service as auth
    from .auth import views as auth_views  # noqa: F401  (api and views modules add their routes when imported)
    from .contracts import api as contracts_api  # noqa: F401
    from .contracts import labels as contract_labels
    from .contracts import views as contract_views  # noqa: F401
    from .customers import api as customers_api  # noqa: F401
    from .customers import labels as customer_labels
    from .customers import views as customer_views  # noqa: F401
    from .designer import api as designer_api  # noqa: F401
    from .designer import labels as designer_labels
    from .designer import views as designer_views  # noqa: F401
    from .inbox import api as inbox_api  # noqa: F401
    from .inbox import cli as inbox_cli
    from .inbox import jobs as inbox_jobs
    from .inbox import labels as inbox_labels
    from .inbox import views as inbox_views  # noqa: F401
    from .jobs import cli as jobs_cli
    from .jobs import registry, worker
    from .key_dates import api as key_dates_api  # noqa: F401
    from .key_dates import jobs as key_date_jobs
    from .notifications import api as notifications_api  # noqa: F401
    from .notifications import jobs as notification_jobs
    from .notifications import views as notification_views  # noqa: F401
    from .processes import cli as processes_cli
    from .processes import jobs as process_jobs
    from .rates import api as rates_api  # noqa: F401
    from .rates import cli as rates_cli
    from .timers import api as timers_api  # noqa: F401
    from .timers import cli as timers_cli
    from .timers import labels as timer_labels
    from .timers import views as timer_views  # noqa: F401
    from .web.i18n import select_locale

    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    csrf.exempt(api_blueprint)  # the JSON API authenticates with bearer tokens only, never with the session cookie
    api.register(app, authenticate=auth.user_for_token)
    web.register(app, login_view="web.login",
                 label_tables={**auth_labels.TABLES, **contract_labels.TABLES, **inbox_labels.TABLES,
                               **timer_labels.TABLES, **designer_labels.TABLES},
                 messages={**auth_labels.MESSAGES, **customer_labels.MESSAGES, **contract_labels.MESSAGES,
                           **inbox_labels.MESSAGES, **designer_labels.MESSAGES})
    registry.register(app, [*process_jobs.JOBS, *key_date_jobs.JOBS, *inbox_jobs.JOBS, *notification_jobs.JOBS])
    for command in (auth_cli.users_cli, processes_cli.bpmn_cli, audit_cli.audit_cli, demo.demo_command,
                    jobs_cli.worker_command, timers_cli.timers_cli, rates_cli.rates_cli, inbox_cli.tasks_cli):
        app.cli.add_command(command)
    worker.init_app(app)  # EMBEDDED_WORKER without REDIS_URL: run jobs in this process once it serves requests


def _register_error_handlers(app):
    """Errors become JSON for the API and pages for people, translated here once."""
    from . import api
    from .web import error_page

    def wants_json():
        return request.path.startswith("/api/")

    @app.errorhandler(ServiceError)
    def service_error(exc):
        return api.service_error(exc) if wants_json() else error_page(exc.status, exc)

    @app.errorhandler(HTTPException)
    def http_error(exc):
        if wants_json():
            return api.http_error(exc)
        return error_page(exc.code, exc) if exc.code and exc.code >= 400 else exc

    @app.errorhandler(Exception)
    def unexpected_error(exc):
        if app.testing:
            raise exc  # let the test show the real traceback
        log.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return api.internal_error() if wants_json() else error_page(500)
