"""Pactum's engine layer: SpiffWorkflow behind a small API. No Flask, no SQLAlchemy."""

from .engine import Engine, ReadyTask, Snapshot, add_duration
from .errors import Problem, ScriptForbidden, SpecError, TaskFailed, TaskNotReady, WorkflowError
from .safe_xml import Limits
from .specs import CompiledProcess, compile_process, dependencies, sources_sha256

__all__ = [
    "CompiledProcess", "Engine", "add_duration", "Problem", "ReadyTask", "ScriptForbidden", "Snapshot", "SpecError",
    "TaskFailed", "TaskNotReady", "WorkflowError", "Limits", "compile_process", "dependencies",
    "sources_sha256",
]
