"""The restricted environment in which diagram scripts and expressions run.

A designer's diagram must never run arbitrary Python on the server: source is
checked before it runs (no imports, no underscore names or attributes, no frame
or code objects, no str.format), only the builtins and functions declared in
this module are reachable, each script has a CPU-time budget, and the operations
that one C call could make unbounded (`**`, repetition, joins ...) are checked
for size before they run (script_rewrite.py, script_operators.py, script_calls.py,
script_limits.py).
"""

import ast
import datetime as _dt
import decimal
import dis
import sys
import time
from functools import lru_cache

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment

from . import script_limits
from .errors import ScriptForbidden
from .script_rewrite import GUARDS, TEMPORARY, guard

CPU_SECONDS_PER_SCRIPT = 1.0
_LOOK_EVERY = 0.001  # seconds of wall-clock time between looks at a script's CPU time
SCRIPT_FILE = "<string>"  # the file name scripts are compiled under; SpiffWorkflow finds their lines by it

FORBIDDEN_ATTRIBUTES = frozenset({
    "format", "format_map", "mro", "gi_frame", "gi_code", "cr_frame", "cr_code",
    "ag_frame", "ag_code", "f_globals", "f_locals", "f_builtins", "f_back", "f_code",
    "tb_frame", "tb_next", "func_globals", "func_code",
})
FORBIDDEN_NAMES = frozenset({
    "eval", "exec", "compile", "open", "input", "globals", "locals", "vars", "dir",
    "getattr", "setattr", "delattr", "hasattr", "type", "object", "super", "breakpoint",
    "help", "memoryview", "classmethod", "staticmethod", "property", "exit", "quit",
})


SAFE_BUILTINS = {
    "abs": abs, "all": all, "any": any, "bool": bool, "dict": dict, "enumerate": enumerate,
    "filter": filter, "float": float, "int": int, "isinstance": isinstance, "len": len,
    "list": list, "map": map, "max": max, "min": min, "range": range, "reversed": reversed,
    "round": round, "set": set, "sorted": sorted, "str": str, "sum": sum, "tuple": tuple,
    "zip": zip, "None": None, "True": True, "False": False,
    "Exception": Exception, "ValueError": ValueError, "KeyError": KeyError,
}

# The types a script may build values of; the application adds its own functions (see Engine(functions=)).
SCRIPT_TYPES = {
    "Decimal": decimal.Decimal,
    "date": _dt.date,
    "datetime": _dt.datetime,
    "timedelta": _dt.timedelta,
    "timezone": _dt.timezone,
}


class _Checker(ast.NodeVisitor):
    def visit_Import(self, node):
        raise ScriptForbidden("imports are not allowed in scripts", node.lineno)

    visit_ImportFrom = visit_Import

    def visit_Name(self, node):
        if node.id.startswith("_"):
            raise ScriptForbidden(f"the name '{node.id}' is not allowed (no names starting with '_')",
                                  node.lineno)
        if node.id in FORBIDDEN_NAMES:
            raise ScriptForbidden(f"'{node.id}' is not available in scripts", node.lineno)

    def visit_Attribute(self, node):
        if node.attr.startswith("_") or node.attr in FORBIDDEN_ATTRIBUTES:
            raise ScriptForbidden(f"the attribute '.{node.attr}' is not allowed in scripts", node.lineno)
        self.generic_visit(node)

    def visit_FunctionDef(self, node):
        raise ScriptForbidden("defining functions or classes is not allowed in scripts", node.lineno)

    visit_AsyncFunctionDef = visit_ClassDef = visit_Lambda = visit_FunctionDef

    def visit_ExceptHandler(self, node):
        names = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type] if node.type else []
        if not all(isinstance(name, ast.Name) for name in names):
            # the clause runs after the CPU budget's trace function was unset by a timeout: keep it trivial
            raise ScriptForbidden("an except clause may only name exception types", node.lineno)
        self.generic_visit(node)

    def visit_Global(self, node):
        raise ScriptForbidden("'global' and 'nonlocal' are not allowed in scripts", node.lineno)

    visit_Nonlocal = visit_Global


@lru_cache(maxsize=2048)
def check_source(source, mode="exec"):
    """Compile source after checking it against the restrictions; raise ScriptForbidden or SyntaxError."""
    tree = ast.parse(source, mode=mode)
    _Checker().visit(tree)
    return compile(guard(tree), SCRIPT_FILE, mode)


@lru_cache(maxsize=2048)
def _jumps_to_itself(code):
    """True when code has a one-instruction loop (`while True: pass`), which emits no line events."""
    return any(i.opname.startswith("JUMP_BACKWARD") and i.argval == i.offset
               for i in dis.get_instructions(code))


class _Sandbox:
    """Runs one script or expression: a CPU budget (per thread, via a trace function), the script Decimal
    context, and size refusals that stick (a script that catches one is stopped at its next line)."""

    def __init__(self, seconds):
        self.deadline = time.thread_time() + seconds
        self.next_look = 0.0  # wall-clock time of the next look at the CPU clock
        self.refusal = None

    def stop(self, refusal):
        self.refusal, self.deadline, self.next_look = refusal, float("-inf"), 0.0

    def check(self):
        if time.thread_time() > self.deadline:
            raise self.refusal or TimeoutError(f"script ran longer than {CPU_SECONDS_PER_SCRIPT} s of CPU time")

    def trace(self, frame, event, arg):
        # The CPU clock costs a system call; wall time runs at least as fast, so look at it every millisecond.
        if time.perf_counter() > self.next_look:
            self.check()  # raising unsets this trace function: except and finally blocks call check() again
            self.next_look = time.perf_counter() + _LOOK_EVERY
        if event != "call":
            return self.trace
        if frame.f_code.co_filename != SCRIPT_FILE:
            return None  # a guard or an application function: its calls are checked, not its lines
        if _jumps_to_itself(frame.f_code):
            frame.f_trace_opcodes = True  # per-opcode events are slow, so only where lines are not enough
        return self.trace

    def __enter__(self):
        self.previous = sys.gettrace()
        self.decimal = decimal.localcontext(script_limits.DECIMAL_CONTEXT)
        self.decimal.__enter__()
        script_limits.bind(self)
        sys.settrace(self.trace)
        return self

    def __exit__(self, kind, error, traceback):
        sys.settrace(self.previous)
        script_limits.bind(None)
        self.decimal.__exit__(kind, error, traceback)
        if kind is None and self.refusal is not None:
            raise self.refusal  # the script caught a refusal and ran to its end
        return False


class RestrictedEnvironment(TaskDataEnvironment):
    """TaskDataEnvironment that checks every script and expression before it runs."""

    def __init__(self, functions=None):
        super().__init__({**SCRIPT_TYPES, **(functions or {})})
        self._not_variables = frozenset({"__builtins__", *self.globals, *GUARDS, *TEMPORARY})

    def _globals(self, context, external_context):
        scope = {"__builtins__": SAFE_BUILTINS, **self.globals, **(external_context or {})}
        scope.update(context)
        scope.update(GUARDS)  # last, so that no task data can shadow them
        return scope

    def evaluate(self, expression, context, external_context=None):
        code = check_source(expression.strip(), "eval")
        try:
            with _Sandbox(CPU_SECONDS_PER_SCRIPT):
                result = eval(code, self._globals(context, external_context))
        except Exception as exc:
            _printable(exc)
            raise
        script_limits.check_weight(None, result, "the expression's result")
        return result

    def execute(self, script, context, external_context=None):
        self.check_for_overwrite(context, external_context or {})
        code = check_source(script)
        scope = self._globals(context, external_context)
        variables = None
        try:
            with _Sandbox(CPU_SECONDS_PER_SCRIPT):
                exec(code, scope)
            variables = self._variables(scope, external_context)
            _check_results(variables, context)
        except Exception as exc:
            _printable(exc)
            raise
        finally:
            context.update(self._variables(scope, external_context) if variables is None else variables)
            for key in [k for k in context if k not in scope]:
                del context[key]
        return True

    def _variables(self, scope, external_context):
        """The script's variables: what goes back into the task's data."""
        skip = self._not_variables
        return {key: value for key, value in scope.items()
                if key not in skip and not callable(value) and not (external_context and key in external_context)}


def _check_results(variables, context):
    """The variables a script set are stored with the task and serialised: none may write out too much."""
    for key, value in variables.items():
        if context.get(key, variables) is not value:
            try:
                script_limits.check_weight(None, value, f"the variable '{key}'")
            except ScriptForbidden:
                del variables[key]  # not even into the failed task's data
                raise


def _printable(exc):
    """Make an error from a script safe to show and to log."""
    try:
        script_limits.check_weight(None, exc.args, "the error's arguments")
    except ScriptForbidden:  # raise ValueError(bomb): writing it out would hold the worker
        exc.args = (f"{type(exc).__name__} with an argument too large to show",)
        return
    if exc.args and not isinstance(exc.args[0], str):
        # SpiffWorkflow 3.2 adds args[0] to a str and would hide this error (x[1] -> KeyError(1))
        # behind a TypeError that names no task.
        exc.args = (str(exc), *exc.args[1:])


def make_script_engine(functions=None):
    """A SpiffWorkflow script engine bound to the restricted environment."""
    return PythonScriptEngine(environment=RestrictedEnvironment(functions))
