"""The engine layer's exception tree: every error names the BPMN element to fix."""

from dataclasses import dataclass


class WorkflowError(Exception):
    """Base of every error raised by the engine layer."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a diagram: where it is and what to change."""

    file: str
    element_id: str | None
    message: str

    def __str__(self):
        where = f"{self.file}#{self.element_id}" if self.element_id else self.file
        return f"{where}: {self.message}"


class SpecError(WorkflowError):
    """A diagram or decision table that must not be deployed."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


class TaskFailed(WorkflowError):
    """A script, condition or decision failed while the engine ran a task."""

    def __init__(self, message, *, element_id=None, element_name=None, line=None):
        self.element_id = element_id
        self.element_name = element_name
        self.line = line
        where = f"element '{element_id}'" if element_id else "the process"
        at_line = f", line {line}" if line else ""
        super().__init__(f"{where}{at_line}: {message}")
        self.message = message


class TaskNotReady(WorkflowError):
    """The task is not waiting for a person any more (completed, cancelled or unknown)."""


class ScriptForbidden(WorkflowError):
    """A script or expression uses something the restricted environment does not allow."""

    def __init__(self, message, line=None):
        self.line = line
        super().__init__(message)


class ScriptTooLarge(ScriptForbidden, ValueError):
    """A script or expression would make a value, or run one operation, past the sandbox's size limits."""
