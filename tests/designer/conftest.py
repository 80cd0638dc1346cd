"""Fixtures of the designer's tests: the shipped diagrams as text, a designer's API client, version counts."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from service.extensions import db
from service.processes.models import ProcessVersion

BPMN_DIR = Path(__file__).resolve().parents[2] / "bpmn"


def shipped(name, *replacements):
    """A file of bpmn/ as text, with (old, new) replacements, each of which must apply."""
    text = (BPMN_DIR / name).read_text()
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return text


def version_count():
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(ProcessVersion))


@pytest.fixture
def designer(api_as):
    return api_as("designer")
