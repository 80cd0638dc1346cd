"""`flask --app wsgi demo`: the demo data."""

from service.contracts.models import Contract
from service.extensions import db


def test_demo_seeds_contracts_in_several_states(app):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0 and "admin" in result.output
    states = set(db.session.scalars(db.select(Contract.status)))
    assert {"draft", "in_approval", "approved"} <= states
