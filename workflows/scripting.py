"""The restricted environment in which diagram scripts and expressions run.

A designer's diagram must never run arbitrary Python on the server: source is
checked before it runs (no imports, no underscore names or attributes, no frame
or code objects, no str.format), only the builtins and functions declared in
this module are reachable, and each script has a CPU-time budget.
"""

import ast
import datetime as _dt
import decimal
import dis
import sys
import time
from functools import lru_cache

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment

from .errors import ScriptForbidden

CPU_SECONDS_PER_SCRIPT = 1.0
MAX_RANGE = 100_000

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


def _safe_range(*args):
    r = range(*args)
    if len(r) > MAX_RANGE:
        raise ValueError(f"range() of more than {MAX_RANGE} items is not allowed in scripts")
    return r


SAFE_BUILTINS = {
    "abs": abs, "all": all, "any": any, "bool": bool, "dict": dict, "enumerate": enumerate,
    "filter": filter, "float": float, "int": int, "isinstance": isinstance, "len": len,
    "list": list, "map": map, "max": max, "min": min, "range": _safe_range, "reversed": reversed,
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

    def visit_Global(self, node):
        raise ScriptForbidden("'global' and 'nonlocal' are not allowed in scripts", node.lineno)

    visit_Nonlocal = visit_Global


@lru_cache(maxsize=2048)
def check_source(source, mode="exec"):
    """Compile source after checking it against the restrictions; raise ScriptForbidden or SyntaxError."""
    tree = ast.parse(source, mode=mode)
    _Checker().visit(tree)
    return compile(tree, "<string>", mode)


@lru_cache(maxsize=2048)
def _jumps_to_itself(code):
    """True when code has a one-instruction loop (`while True: pass`), which emits no line events."""
    return any(i.opname.startswith("JUMP_BACKWARD") and i.argval == i.offset
               for i in dis.get_instructions(code))


class _CpuBudget:
    """Stops a script that runs longer than its CPU budget (per thread, via a trace function)."""

    def __init__(self, seconds):
        self.deadline = time.thread_time() + seconds

    def trace(self, frame, event, arg):
        if event == "call" and _jumps_to_itself(frame.f_code):
            frame.f_trace_opcodes = True  # per-opcode events are slow, so only where lines are not enough
        if time.thread_time() > self.deadline:
            raise TimeoutError(f"script ran longer than {CPU_SECONDS_PER_SCRIPT} s of CPU time")
        return self.trace

    def __enter__(self):
        self.previous = sys.gettrace()
        sys.settrace(self.trace)
        return self

    def __exit__(self, *exc):
        sys.settrace(self.previous)
        return False


class RestrictedEnvironment(TaskDataEnvironment):
    """TaskDataEnvironment that checks every script and expression before it runs."""

    def __init__(self, functions=None):
        super().__init__({**SCRIPT_TYPES, **(functions or {})})

    def _globals(self, context, external_context):
        scope = {"__builtins__": SAFE_BUILTINS, **self.globals, **(external_context or {})}
        scope.update(context)
        return scope

    def evaluate(self, expression, context, external_context=None):
        code = check_source(expression.strip(), "eval")
        with _CpuBudget(CPU_SECONDS_PER_SCRIPT):
            return eval(code, self._globals(context, external_context))

    def execute(self, script, context, external_context=None):
        self.check_for_overwrite(context, external_context or {})
        code = check_source(script)
        scope = self._globals(context, external_context)
        try:
            with _CpuBudget(CPU_SECONDS_PER_SCRIPT):
                exec(code, scope)
        except Exception as exc:
            if exc.args and not isinstance(exc.args[0], str):
                # SpiffWorkflow 3.2 adds args[0] to a str and would hide this error (x[1] -> KeyError(1))
                # behind a TypeError that names no task.
                exc.args = (str(exc), *exc.args[1:])
            raise
        finally:
            for key, value in scope.items():
                if key == "__builtins__" or key in self.globals or callable(value):
                    continue
                if external_context and key in external_context:
                    continue
                context[key] = value
            for key in [k for k in context if k not in scope]:
                del context[key]
        return True


def make_script_engine(functions=None):
    """A SpiffWorkflow script engine bound to the restricted environment."""
    return PythonScriptEngine(environment=RestrictedEnvironment(functions))
