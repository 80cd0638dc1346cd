"""Fixtures for the engine layer: compiled diagrams, a spec registry, and a save-and-restore walker."""

import json
from pathlib import Path

import pytest

from workflows import Engine, compile_process

# The application's roles (service.auth.models.ROLES), repeated so these tests import no service code.
ROLES = ("sales", "legal", "finance", "manager", "executive", "signatory", "designer", "admin")
BPMN_DIR = Path(__file__).resolve().parents[2] / "bpmn"
DIAGRAMS = Path(__file__).resolve().parent / "diagrams"


def _to_cny(amount, currency):
    """Stands in for the application's exchange rates: the contracts in these tests are in CNY."""
    assert currency == "CNY", "engine tests use CNY contracts only"
    return amount


def _role_members(role):
    """Stands in for the application's user table."""
    return {"executive": ["erin", "ezra", "eve"]}.get(role, [])


# The application's script functions (service.processes.functions), with no database behind them.
FUNCTIONS = {"to_cny": _to_cny, "role_members": _role_members}


@pytest.fixture
def registry():
    """Compiled processes by sha256: what the application keeps in its process-version table."""
    return {}


@pytest.fixture
def compile_sources(registry):
    """compile_sources(process_id, {file name: bytes}) with the application's roles, registered."""

    def compile_(process_id, sources):
        process = compile_process(process_id, sources, roles=ROLES)
        registry[process.sha256] = process
        return process

    return compile_


@pytest.fixture
def compile_diagram(compile_sources):
    """compile_diagram(name): tests/engine/diagrams/<name>.bpmn, whose process id is <name>."""

    def compile_(name):
        path = DIAGRAMS / f"{name}.bpmn"
        return compile_sources(name, {path.name: path.read_bytes()})

    return compile_


@pytest.fixture
def shipped_sources():
    """Every BPMN and DMN file in bpmn/, deployed together as the application deploys them."""
    return {p.name: p.read_bytes() for p in sorted(BPMN_DIR.iterdir()) if p.suffix in (".bpmn", ".dmn")}


@pytest.fixture
def engine(registry):
    return Engine(registry.__getitem__, FUNCTIONS)


class Walk:
    """Drives one instance by task name; after every step the state is saved and restored by a fresh Engine
    into a freshly compiled spec, as a new server process would: nothing the last step left on a shared spec
    object carries over."""

    def __init__(self, registry, process):
        self.registry = registry
        self.process = process
        self.snapshot = None

    def start(self, **data):
        self.snapshot = self._restored(self._fresh_engine().start(self.process, data))
        return self.snapshot

    def task(self, name):
        ready = {t.name: t for t in self.snapshot.ready_tasks}
        if name not in ready:
            pytest.fail(f"'{name}' is not ready; ready tasks: {sorted(ready)}")
        return ready[name]

    def complete(self, name, **data):
        task_id = self.task(name).id
        self.snapshot = self._restored(self._fresh_engine().complete_task(self.snapshot.state, task_id, data))
        return self.snapshot

    def fire_timers(self):
        self.snapshot = self._restored(self._fresh_engine().fire_timers(self.snapshot.state))
        return self.snapshot

    def _fresh_engine(self):
        return Engine(self._recompile, FUNCTIONS)

    def _recompile(self, sha256):
        process = self.registry[sha256]
        return compile_process(process.process_id, process.sources, roles=ROLES)

    def _restored(self, snapshot):
        saved = json.dumps(json.loads(snapshot.state))  # what a database column gives back
        restored = self._fresh_engine().snapshot(saved)
        assert [(t.name, t.lane) for t in restored.ready_tasks] == [(t.name, t.lane) for t in snapshot.ready_tasks]
        assert (restored.completed, restored.variables) == (snapshot.completed, snapshot.variables)
        return restored


@pytest.fixture
def walk(registry):
    """walk(process) returns a Walk over a compiled process (not started yet)."""
    return lambda process: Walk(registry, process)
