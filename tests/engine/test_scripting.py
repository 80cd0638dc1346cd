"""The restricted environment: what a diagram's scripts may and may not do."""

import re
import time
from datetime import datetime
from decimal import Decimal

import pytest

from workflows import ScriptForbidden, TaskFailed, scripting
from workflows.errors import ScriptTooLarge
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


# --- size limits: one line must not hold a worker past its budget --------------------------------------

NESTED = "a = [0] * 1000\nb = [a for i in range(1000)]\nc = [b for i in range(1000)]\n"

HOSTILE = [
    ("slow = 7 ** 10000000 > 0", "8,450,980 digits"),
    ("big = 7 ** 100000000000", "digits"),
    ("n = 10 ** 4000 * 10 ** 4000", "digits"),
    ("n = 1 << 10 ** 9", "digits"),
    ("s = 'a' * 10 ** 10", "10,000,000,000 characters"),
    ("s = 'a' * 10 ** 7 * 2", "20,000,000 characters"),
    ("b = b'x' * 10 ** 10", "characters"),
    ("items = [0] * 10 ** 9", "1,000,000,000 items"),
    ("pairs = (1, 2) * 10 ** 8", "items"),
    ("items = [1]\nitems *= 10 ** 10", "items"),
    ("d = {'k': 'a'}\nd['k'] *= 10 ** 10", "characters"),
    ("numbers = sum(range(10 ** 9))", "range() of 1,000,000,000 items"),
    ("s = 'ab' * 10 ** 6\njoined = ','.join([s] * 100)", "characters"),
    ("s = 'ab' * 10 ** 6\njoined = ','.join(s for i in range(100))", "characters"),
    ("s = 'a' * 10 ** 6\nlonger = s.replace('a', 'b' * 30)", "30,000,000 characters"),
    ("s = 'x'.center(10 ** 10)", "characters"),
    ("s = 'x'.ljust(10 ** 10)", "characters"),
    ("s = 'x'.rjust(10 ** 10)", "characters"),
    ("s = '1'.zfill(10 ** 10)", "characters"),
    ("s = ('\\t' * 1000).expandtabs(10 ** 7)", "characters"),
    ("s = ('a' * 10 ** 4).translate({97: 'x' * 10 ** 6})", "characters"),
    ("n = int('9' * 10 ** 6)", "4,300 digits"),
    ("n = int.from_bytes(b'\\xff' * 10 ** 6, 'big')", "digits"),
    ("b = (1).to_bytes(10 ** 10, 'big')", "bytes"),
    ("n = round(5, -10 ** 7)", "digits"),
    ("s = f'{1:>100000000}'", "width or precision of 100000000"),
    ("s = f'{1.5:.100000000f}'", "width or precision"),
    ("w = 100000000\ns = f'{1:>{w}}'", "width or precision"),
    ("s = '%100000000d' % 1", "width of 100000000"),
    ("s = '%*d' % (100000000, 1)", "width"),
    ("d = Decimal('1e999999999') ** 2", "out of range"),
    ("d = Decimal('9' * 100000)", "characters"),
    ("n = int(Decimal('1e999999'))", "1,000,000 digits"),
    ("n = round(Decimal('1e999999'))", "digits"),
    ("ratio = Decimal('1e999999').as_integer_ratio()", "digits"),
    ("s = f\"{Decimal('1e999999'):f}\"", "digits"),
    ("s = '%d' % Decimal('1e999999')", "digits"),
    ("s = 'a' * 10 ** 6\nfor i in range(30):\n    s = s + s", "characters"),
    ("s = 'a' * 10 ** 6\nfor i in range(30):\n    s += s", "characters"),
    ("s = 'a' * 10 ** 6\nfor i in range(30):\n    s = f'{s}{s}'", "characters"),
    ("items = [0] * 10 ** 6\nfor i in range(30):\n    items.extend(items)", "items"),
    ("items = [0] * 10 ** 6\nfor i in range(30):\n    items = [*items, *items]", "items"),
    ("items = [0] * 10 ** 6\nfor i in range(30):\n    items[:0] = items", "items"),
    ("s = 'a' * 10 ** 7\nordered = sorted(s)", "10,000,000 items"),
    ("s = 'ab' * 5 * 10 ** 6\npairs = list(zip(s, s))", "items"),
    ("center = 'x'.center\ns = center(10 ** 10)", "characters"),
    ("center = str.center\ns = center('x', 10 ** 10)", "characters"),
    ("padded = list(map('x'.center, [10 ** 10]))", "characters"),
    ("ordered = sorted([10 ** 10], key='x'.center)", "characters"),
    ("flat = sum([[0] * 1000] * 1000, [])", "sum()"),
    ("day = datetime(2025, 1, 1).strftime('%Y' * 100000)", "characters is too long"),
    ("a = [0] * 1000\nb = [a] * 1000\nc = [b] * 1000", "write out"),
    (NESTED + "s = str(c)", "write out"),
    (NESTED + "s = f'{c!r}'", "write out"),
    (NESTED + "a2 = list(a)\nb2 = [a2 for i in range(1000)]\nc2 = [b2 for i in range(1000)]\nsame = c == c2",
     "comparing"),
    ("a = tuple([0] * 1000)\nb = tuple(a for i in range(1000))\nc = tuple(b for i in range(1000))\nd = {c: 1}",
     "write out"),
    (NESTED, "the variable 'c'"),
    ("x = [0]\nfor i in range(60):\n    x = [x, x]", "the variable 'x'"),
    ("x = [0]\nfor i in range(1000):\n    x = [x]", "levels deep"),
    ("a = tuple([0] * 1000)\nb = (a,) * 10\nc = tuple(b for i in range(1000))\nd = {}\nfound = d[c]", "hashing"),
]


@pytest.mark.parametrize(("script", "reason"), HOSTILE)
def test_a_line_that_would_run_too_long_is_refused_before_it_runs(environment, script, reason):
    began = time.monotonic()

    with pytest.raises(ScriptTooLarge, match=re.escape(reason)):
        environment.execute(script, {})
    assert time.monotonic() - began < 1


def test_a_refusal_names_the_line_and_what_was_too_large(environment):
    with pytest.raises(ScriptTooLarge) as refused:
        environment.execute("base = 7\nslow = base ** 10000000 > 0", {})

    assert refused.value.line == 2
    assert str(refused.value) == ("7 ** 10000000 would have about 8,450,980 digits; "
                                  "numbers in scripts may have at most 4,300")


def test_a_script_that_catches_a_refusal_is_stopped_all_the_same(environment):
    context = {}
    with pytest.raises(ScriptTooLarge, match="digits"):
        environment.execute("try:\n    n = 7 ** 10 ** 9\nexcept Exception:\n    n = 0\ndone = True", context)
    assert "done" not in context


def test_a_huge_error_argument_is_not_written_out(environment):
    with pytest.raises(ValueError, match="too large to show"):
        environment.execute(NESTED + "raise ValueError('see', c)", {})


@pytest.mark.parametrize(
    ("script", "name", "expected"),
    [
        ("x = 2 ** 64", "x", 18446744073709551616),
        ("total = amount * 3 + Decimal('0.13') ** 2", "total", Decimal("3703.5169")),
        ("share = amount / 3 + amount // 7 + amount % 7 - 1", "share", Decimal("589.0")),
        ("vat = (amount * Decimal('0.13')).quantize(Decimal('0.01'))", "vat", Decimal("160.48")),
        ("label = f'{amount:>12,.2f}|{name!r:^10}|{amount}'", "label", "    1,234.50|  'ACME'  |1234.5"),
        ("text = '%s owes %.2f' % (name, amount)", "text", "ACME owes 1234.50"),
        ("line = '-' * 40", "line", "-" * 40),
        ("names = ', '.join(sorted(people, key=len))", "names", "bob, eve, alice"),
        ("same = plan == ['legal', 'finance'] and 'legal' in plan", "same", True),
        ("rows = [[0] * 3] * 3", "rows", [[0, 0, 0]] * 3),
        ("items = [1]\nitems += [2]\nitems *= 2", "items", [1, 2, 1, 2]),
        ("d = {'n': 1}\nd['n'] += 5\nd['n'] *= 2", "d", {"n": 12}),
        ("items = [1, 2, 3]\nitems[0:1] += [9]\nitems[1:2] = [7, 7]", "items", [1, 7, 7, 2, 3]),
        ("n = int('42') + round(Decimal('2.5')) + round(1234.5678, 2)", "n", 1278.57),
        ("day = (datetime(2025, 1, 31) + timedelta(days=30)).strftime('%Y-%m-%d')", "day", "2025-03-02"),
        ("first, *rest = [1, 2, 3]\nboth = [*rest, *rest]", "both", [2, 3, 2, 3]),
        ("upper = 'abc'.upper().center(9, '*').replace('*', '-')", "upper", "---ABC---"),
        ("pairs = {(a, b): 1 for a in 'ab' for b in 'cd'}", "pairs", {("a", "c"): 1, ("a", "d"): 1,
                                                                     ("b", "c"): 1, ("b", "d"): 1}),
        ("x = (y := 3) * 2", "x", 6),
        ("big = 10 ** 4000 // 10 ** 3999 + 7 ** 5000 % 10", "big", 11),
    ],
)
def test_ordinary_arithmetic_and_text_are_unaffected(environment, script, name, expected):
    context = {"amount": Decimal("1234.5"), "name": "ACME", "people": ["bob", "alice", "eve"],
               "plan": ["legal", "finance"]}
    environment.execute(script, context)

    assert context[name] == expected


def test_amounts_keep_decimal_precision(environment):
    context = {"amount": Decimal("12000.50"), "rate": Decimal("7.1234"), "days": 30, "fee": 12.5}
    environment.execute("cny = amount * rate\ndaily = amount / days\nmixed = days * fee + days ** 2", context)

    assert context["cny"] == Decimal("85484.361700")
    assert context["daily"] == Decimal("400.0166666666666666666666667")
    assert context["mixed"] == 1275.0


def _process(node, flows):
    """A process start -> route -> end in the sales lane; node is the element 'route', flows leave it."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"
                  id="sample_definitions" targetNamespace="https://pactum.example/bpmn/tests">
  <bpmn:process id="sample" isExecutable="true">
    <bpmn:laneSet id="lanes"><bpmn:lane id="lane" name="sales"><bpmn:flowNodeRef>start</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>route</bpmn:flowNodeRef><bpmn:flowNodeRef>end</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="flow_in" sourceRef="start" targetRef="route"/>
    {node}
    {flows}
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>""".encode()


def _gateway(condition):
    return _process('<bpmn:exclusiveGateway id="route" name="Route" default="flow_default"/>',
                    '<bpmn:sequenceFlow id="flow_default" sourceRef="route" targetRef="end"/>'
                    '<bpmn:sequenceFlow id="flow_many" sourceRef="route" targetRef="end">'
                    f'<bpmn:conditionExpression>{condition}</bpmn:conditionExpression></bpmn:sequenceFlow>')


def _decision_task():
    return _process('<bpmn:businessRuleTask id="route"><bpmn:extensionElements><spiffworkflow:calledDecisionId>'
                    'level</spiffworkflow:calledDecisionId></bpmn:extensionElements></bpmn:businessRuleTask>',
                    '<bpmn:sequenceFlow id="flow_out" sourceRef="route" targetRef="end"/>')


LEVELS_DMN = b"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="levels" name="Levels"
             namespace="https://pactum.example/dmn/tests">
  <decision id="level" name="Level">
    <decisionTable id="table" hitPolicy="UNIQUE">
      <input id="in"><inputExpression id="in_expr"><text>amount</text></inputExpression></input>
      <output id="out" name="level"/>
      <rule id="small"><inputEntry id="small_in"><text>? &lt;= 7 ** digits</text></inputEntry>
        <outputEntry id="small_out"><text>'manager'</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>"""


def test_a_gateway_condition_goes_through_the_same_guards(compile_sources, engine):
    process = compile_sources("sample", {"sample.bpmn": _gateway("len('x' * copies) &gt; 3")})
    assert engine.start(process, {"copies": 5}).completed

    began = time.monotonic()
    with pytest.raises(TaskFailed, match="10,000,000,000 characters") as failed:
        engine.start(process, {"copies": 10 ** 10})
    assert time.monotonic() - began < 1
    assert (failed.value.element_id, failed.value.line) == ("route", 1)


def test_a_decision_table_cell_goes_through_the_same_guards(compile_sources, engine):
    process = compile_sources("sample", {"sample.bpmn": _decision_task(), "levels.dmn": LEVELS_DMN})
    assert engine.start(process, {"amount": 5, "digits": 3}).variables["level"] == "manager"

    began = time.monotonic()
    with pytest.raises(TaskFailed, match="8,450,980 digits") as failed:
        engine.start(process, {"amount": 5, "digits": 10_000_000})
    assert time.monotonic() - began < 1
    assert (failed.value.element_id, failed.value.line) == ("route", 1)


def test_engine_names_the_element_and_line_of_a_refused_script(compute_total, engine):
    _replace_script(compute_total, "compute", "total = amount\npadding = 'x' * 10 ** 10")

    began = time.monotonic()
    with pytest.raises(TaskFailed, match="10,000,000,000 characters") as failed:
        engine.start(compute_total, {"amount": 1})
    assert time.monotonic() - began < 1
    assert (failed.value.element_id, failed.value.line) == ("compute", 2)


def test_guards_cannot_be_called_or_shadowed_by_scripts(environment):
    with pytest.raises(ScriptForbidden, match="_guard_call"):
        environment.execute("x = _guard_call(1, len, [])", {})
    context = {"_guard_mul": "data cannot replace a guard"}
    with pytest.raises(ScriptTooLarge):
        environment.execute("s = 'a' * 10 ** 10", context)


@pytest.mark.parametrize(
    "script",
    [
        "n = 0\nwhile True:\n    try:\n        while True:\n            n += 1\n    except Exception:\n        n = -1",
        "try:\n    while True: pass\nfinally:\n    while True: pass",
        "try:\n    while True: pass\nexcept:\n    pass\nwhile True: pass",
    ],
)
def test_catching_the_cpu_budget_error_does_not_stop_the_budget(environment, small_budget, script):
    began = time.monotonic()

    with pytest.raises(TimeoutError, match="CPU time"):
        environment.execute(script, {})
    assert time.monotonic() - began < 2


def test_an_except_clause_may_only_name_exception_types():
    check_source("try:\n    x = 1\nexcept (KeyError, ValueError):\n    x = 0\nexcept Exception as error:\n    x = 2")
    with pytest.raises(ScriptForbidden, match="only name exception types"):
        check_source("try:\n    x = 1\nexcept [n for n in range(10)][0]:\n    x = 0")
