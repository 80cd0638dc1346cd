"""The restricted environment: what a diagram's scripts may and may not do."""

import time
from datetime import datetime
from decimal import Decimal

import pytest

from workflows import ScriptForbidden, TaskFailed, scripting
from workflows.scripting import RestrictedEnvironment, check_source


@pytest.fixture
def environment():
    return RestrictedEnvironment()


@pytest.fixture
def small_budget(monkeypatch):
    monkeypatch.setattr(scripting, "CPU_SECONDS_PER_SCRIPT", 0.2)


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("import os", "imports"),
        ("from os import path", "imports"),
        ("m = __import__('os')", "'__import__'"),
        ("bases = ().__class__.__bases__", "'.__bases__'"),
        ("leak = '{0.__class__}'.format(1)", "'.format'"),
        ("text = open('/etc/passwd').read()", "'open'"),
        ("x = eval('1')", "'eval'"),
        ("y = getattr(x, 'y')", "'getattr'"),
        ("def f():\n    return 1", "defining functions"),
        ("f = lambda: 1", "defining functions"),
        ("g = (n for n in [1])\nframe = g.gi_frame", "'.gi_frame'"),
    ],
)
def test_check_source_refuses(source, reason):
    with pytest.raises(ScriptForbidden, match=reason):
        check_source(source)


def test_refusal_names_the_line():
    with pytest.raises(ScriptForbidden) as refused:
        check_source("total = 1\nimport os")

    assert refused.value.line == 2


def test_environment_checks_scripts_before_running_them(environment):
    context = {"x": 1}

    with pytest.raises(ScriptForbidden, match="imports"):
        environment.execute("x = 2\nimport os", context)
    assert context == {"x": 1}


def test_only_declared_builtins_are_reachable(environment):
    with pytest.raises(NameError, match="'print'"):
        environment.execute("print(items)", {"items": [1]})


def test_arithmetic_decimal_and_dates_are_allowed(environment):
    context = {"amount": 1000}
    environment.execute(
        "net = amount * 2 // 3 + 7 % 4 - 0.5\n"
        "price = Decimal('19.99') * 3\n"
        "due = datetime(2025, 1, 31) + timedelta(days=30)\n",
        context,
    )

    assert context["net"] == 668.5
    assert context["price"] == Decimal("59.97")
    assert context["due"] == datetime(2025, 3, 2)


def test_comprehensions_are_allowed(environment):
    context = {"items": [1, 2, 3, 4]}
    environment.execute("squares = {n: n * n for n in items}\nevens = [n for n in items if n % 2 == 0]", context)

    assert context["squares"] == {1: 1, 2: 4, 3: 9, 4: 16}
    assert context["evens"] == [2, 4]
    assert environment.evaluate("sum(n for n in items) > 5", context) is True


@pytest.mark.parametrize("source", ["while True: pass", "n = 0\nwhile True:\n    n += 1"])
def test_an_endless_loop_is_stopped_by_the_cpu_budget(environment, small_budget, source):
    began = time.monotonic()

    with pytest.raises(TimeoutError, match="CPU time"):
        environment.execute(source, {})
    assert time.monotonic() - began < 2


def test_a_long_expression_is_stopped_by_the_cpu_budget(environment, small_budget):
    with pytest.raises(TimeoutError, match="CPU time"):
        environment.evaluate("sum(1 for a in range(100000) for b in range(100000))", {})


def test_range_is_limited_to_a_hundred_thousand_items(environment):
    context = {}
    environment.execute("count = len(range(100_000))", context)

    assert context["count"] == 100_000
    with pytest.raises(ValueError, match="range"):
        environment.execute("numbers = list(range(100_001))", {})


@pytest.fixture
def compute_total(compile_diagram):
    return compile_diagram("compute_total")


def _replace_script(process, task_name, script):
    # Deploy-time checks passed; a spec changed in memory shows what the runtime checks do on their own.
    process.spec.task_specs[task_name].script = script


def test_engine_runs_the_script_with_decimal(compute_total, engine):
    snapshot = engine.start(compute_total, {"amount": Decimal("100")})

    assert snapshot.variables["total"] == Decimal("120.0")
    assert [(t.name, t.lane) for t in snapshot.ready_tasks] == [("review", "finance")]


def test_engine_refuses_a_forbidden_script_at_runtime(compute_total, engine):
    _replace_script(compute_total, "compute", "total = 1\nimport os")

    with pytest.raises(TaskFailed, match="imports") as failed:
        engine.start(compute_total, {"amount": 1})
    assert failed.value.element_id == "compute"
    assert failed.value.line == 2


def test_engine_stops_an_endless_script_and_names_it(compute_total, engine, small_budget):
    _replace_script(compute_total, "compute", "while True: pass")

    with pytest.raises(TaskFailed, match="CPU time") as failed:
        engine.start(compute_total, {"amount": 1})
    assert failed.value.element_id == "compute"


@pytest.mark.parametrize(
    ("script", "reason", "line"),
    [
        ("total = amout * 2", "Did you mean 'amount'", 1),
        ("limits = {}\ntotal = limits[1]", "KeyError", 2),
        ("raise ValueError(42)", "ValueError:42", 1),
    ],
)
def test_a_failing_script_names_its_element_and_line(compute_total, engine, script, reason, line):
    _replace_script(compute_total, "compute", script)

    with pytest.raises(TaskFailed, match=reason) as failed:
        engine.start(compute_total, {"amount": 1})
    assert (failed.value.element_id, failed.value.line) == ("compute", line)
