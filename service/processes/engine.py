"""The application's one Engine, resolving specs from deployed process versions by hash."""

from functools import cache

from sqlalchemy import select

from workflows import Engine, compile_process

from ..auth.models import ROLES
from ..extensions import db
from .functions import SCRIPT_FUNCTIONS
from .models import ProcessVersion

_compiled = {}  # sha256 -> CompiledProcess; safe to share because versions never change


def compiled(version):
    """The compiled process of a deployed version (compiled once per process)."""
    process = _compiled.get(version.sha256)
    if process is None:
        process = compile_process(version.process_id, version.sources, roles=ROLES)
        _compiled[version.sha256] = process
    return process


def remember(process):
    """Keep a freshly compiled process so that its first instance need not compile it again."""
    _compiled.setdefault(process.sha256, process)


def _resolve(sha256):
    process = _compiled.get(sha256)
    if process is not None:
        return process
    version = db.session.scalar(select(ProcessVersion).where(ProcessVersion.sha256 == sha256).limit(1))
    if version is None:
        raise LookupError(f"no deployed process version has hash {sha256}")
    return compiled(version)


@cache
def engine():
    """The shared Engine (the script environment is stateless, so one serves every thread)."""
    return Engine(_resolve, functions=SCRIPT_FUNCTIONS)
