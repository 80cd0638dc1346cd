"""Set-up shared by the benchmarks."""

from flask_migrate import upgrade

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
