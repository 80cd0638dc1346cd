"""`flask --app wsgi audit verify`."""

from service.audit.models import AuditEvent
from service.extensions import db


def test_audit_verify_reports_the_first_broken_link(app, make_user):
    make_user("sales")
    runner = app.test_cli_runner()
    assert "intact" in runner.invoke(args=["audit", "verify"]).output
    first = db.session.scalar(db.select(AuditEvent).order_by(AuditEvent.id))
    first.actor = "mallory"
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and f"broken at event {first.id}" in result.output
