"""Set-up shared by the benchmarks."""

import psycopg
from flask_migrate import upgrade
from sqlalchemy import make_url

from service.auth import service as auth
from service.extensions import db
from service.processes import service as processes


def prepare_database(app, *, users, password):
    """Migrate a fresh database, deploy bpmn/ and create the bench users ({username: role})."""
    with app.app_context():
        upgrade()
        processes.deploy_directory(directory=app.config["BPMN_DIR"])
        for username, role in users.items():
            auth.create_user(username=username, password=password, roles=[role])
        db.session.commit()
        db.engine.dispose()


def reset_postgres(url):
    """Create the bench database when missing and give it an empty schema."""
    parsed = make_url(url)
    if "bench" not in (parsed.database or ""):
        raise SystemExit(f"refusing to wipe database {parsed.database!r}: use one whose name contains 'bench'")
    conninfo = parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (parsed.database,)).fetchone():
            connection.execute(f'CREATE DATABASE "{parsed.database}"')
    with psycopg.connect(parsed.set(drivername="postgresql").render_as_string(hide_password=False),
                         autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")
