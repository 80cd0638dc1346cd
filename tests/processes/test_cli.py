"""`flask --app wsgi bpmn deploy`."""

from pathlib import Path

from service.extensions import db
from service.processes.models import ProcessVersion

BPMN = Path(__file__).parents[2] / "bpmn" / "contract_lifecycle.bpmn"


def _with_called_files(directory):
    """The lifecycle calls approval.bpmn, which calls approval_levels.dmn: a deploy directory needs them too."""
    for name in ("approval.bpmn", "approval_levels.dmn"):
        (directory / name).write_bytes((BPMN.parent / name).read_bytes())


def test_bpmn_deploy_skips_unchanged_files(app):
    result = app.test_cli_runner().invoke(args=["bpmn", "deploy"])
    assert result.exit_code == 0
    assert "contract_lifecycle version 1 unchanged" in result.output


def test_bpmn_deploy_creates_a_new_version_when_a_file_changes(app, tmp_path):
    (tmp_path / "contract_lifecycle.bpmn").write_text(BPMN.read_text().replace("Mark as draft", "Mark as a draft"))
    _with_called_files(tmp_path)
    result = app.test_cli_runner().invoke(args=["bpmn", "deploy", str(tmp_path)])
    assert "contract_lifecycle version 2 deployed" in result.output
    assert "approval version 1 unchanged" in result.output
    assert db.session.scalar(db.select(db.func.count()).select_from(ProcessVersion)) == 3


def test_bad_bpmn_is_not_deployed_and_the_error_names_the_element(app, tmp_path):
    broken = BPMN.read_text().replace("contract_status = 'in_approval'", "import os")
    (tmp_path / "contract_lifecycle.bpmn").write_text(broken)
    _with_called_files(tmp_path)
    result = app.test_cli_runner().invoke(args=["bpmn", "deploy", str(tmp_path)])
    assert result.exit_code != 0
    assert "mark_in_approval" in result.output and "imports are not allowed" in result.output
    assert db.session.scalar(db.select(db.func.count()).select_from(ProcessVersion)) == 2  # lifecycle, approval
