"""Contracts per second through the HTTP API of a real server (SQLite or PostgreSQL), next to the engine-only limit.

Each instance is one contract driven by a client thread: the owner creates it and submits the draft,
a manager reads the contract's open tasks and approves. Besides the rate and the latency of each call it
prints the server's CPU per contract (utime + stime of the gunicorn processes over the run, read from
/proc, which noise disturbs far less than wall time) and, from the same contract driven in this process
through the test client, the SQL statements per contract. The engine-only limit runs the same diagram
in this process with workflows.Engine (which loads and saves the JSON state at every step, as the
service does), started with the variables the service gave a real contract, completing the same tasks.
Run: .venv/bin/python -m bench.api_throughput [--n 200] [--clients 4] [--workers 2] [--db sqlite|postgres]
"""

import argparse
import http.client
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import event, make_url, select

from bench.common import prepare_database, reset_postgres
from service import create_app
from service.auth.models import ROLES
from service.config import Config
from service.contracts.models import Contract
from service.extensions import db
from service.processes import service as processes
from service.processes.functions import SCRIPT_FUNCTIONS
from service.processes.models import ProcessInstance
from workflows import Engine, compile_process

ROOT = Path(__file__).resolve().parent.parent

TARGET_RATE = 60.0  # instances/s through the API
TARGET_RATIO = 0.50  # API rate / engine-only limit
TARGET_CPU_MS = {"sqlite": 15.0, "postgresql": 20.0}  # server CPU per contract
TARGET_STATEMENTS = 25  # SQL statements per contract
PASSWORD = "bench-password"
USERS = {"bench_sales": "sales", "bench_manager": "manager"}
# Dates relative to today, far from the renewal window, so that approving fires no timer.
CONTRACT = {"title": "Bench service contract", "kind": "service", "amount": "5000.00", "currency": "CNY",
            "start_date": date.today().isoformat(), "end_date": (date.today() + timedelta(days=365)).isoformat()}
CALLS = ("create", "submit", "open tasks", "approve")
LIFECYCLE = "contract_lifecycle"
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/pactum_bench"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ApiError(Exception):
    pass


class Client:
    """One keep-alive HTTP connection to the API; a client thread owns one."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(self, method, path, body=None, token=None):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        payload = json.dumps(body).encode() if body is not None else None
        self.connection.request(method, f"/api/v1{path}", body=payload, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        if response.status >= 400:
            raise ApiError(f"{method} {path}: {response.status} {data[:300].decode(errors='replace')}")
        return json.loads(data) if data else None

    def close(self):
        self.connection.close()


def _cpu_ticks(pid):
    """utime + stime of one process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def server_cpu_seconds(master_pid):
    """CPU seconds used so far by the gunicorn master and its worker processes."""
    pids = [master_pid]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == master_pid:
                        pids.append(int(entry))
            except OSError:
                continue
    total = 0
    for pid in pids:
        try:
            total += _cpu_ticks(pid)
        except OSError:
            continue
    return total / CLOCK_TICKS


def wait_until_up(port, server, log_path, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}:\n{log_path.read_text()[-2000:]}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("GET", "/api/v1/openapi.json")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
        finally:
            connection.close()
    raise RuntimeError(f"the server did not answer within {timeout:.0f} s:\n{log_path.read_text()[-2000:]}")


@contextmanager
def running_server(url, args, log_path):
    """A gunicorn process serving wsgi:app on a free port; stopped on exit, whatever happens."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--workers", str(args.workers),
               "--worker-class", args.worker_class, "--threads", str(args.threads),
               "--bind", f"127.0.0.1:{port}", "--graceful-timeout", "5", "wsgi:app"]
    env = {**os.environ, "DATABASE_URL": url}
    with open(log_path, "wb") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_up(port, server, log_path)
        yield port, server.pid
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def open_task(tasks, decision):
    """The id of the open task that takes this decision (task names may change; decisions do not)."""
    for task in tasks:
        if decision in task["decisions"]:
            return task["id"]
    raise ApiError(f"no open task takes the decision {decision!r}: {tasks}")


def timed(samples, call, *args, **kwargs):
    started = time.perf_counter()
    result = call(*args, **kwargs)
    samples.append(time.perf_counter() - started)
    return result


def drive_contract(client, tokens, customer_id, samples):
    """Create, submit and approve one contract; return its final status."""
    sales, manager = tokens
    body = {**CONTRACT, "customer_id": customer_id}
    contract = timed(samples["create"], client.call, "POST", "/contracts", body, token=sales)
    draft = open_task(contract["open_tasks"], "submit")
    timed(samples["submit"], client.call, "POST", f"/tasks/{draft}/complete",
          {"decision": "submit", "comment": ""}, token=sales)
    shown = timed(samples["open tasks"], client.call, "GET", f"/contracts/{contract['id']}", token=manager)
    approval = open_task(shown["open_tasks"], "approve")
    done = timed(samples["approve"], client.call, "POST", f"/tasks/{approval}/complete",
                 {"decision": "approve", "comment": "bench"}, token=manager)
    return done["contract_status"]


def drive(port, tokens, customer_id, n, clients):
    """Run n contracts on `clients` threads; return (seconds, samples per call, statuses, errors)."""
    samples = {name: [] for name in CALLS}
    statuses, errors, numbers = [], [], itertools.count()
    lock = threading.Lock()

    def work():
        client = Client(port)
        try:
            while next(numbers) < n:
                try:
                    status = drive_contract(client, tokens, customer_id, samples)
                except (ApiError, OSError, http.client.HTTPException) as exc:
                    client.close()
                    with lock:
                        errors.append(str(exc))
                    continue
                with lock:
                    statuses.append(status)
        finally:
            client.close()

    threads = [threading.Thread(target=work) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, samples, statuses, errors


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def compile_lifecycle():
    """The lifecycle diagram and what it calls, compiled as deploy does, with an Engine that resolves it
    and offers the diagram's scripts the service's functions."""
    sources = processes.sources_for(ROOT / "bpmn", LIFECYCLE)
    process = compile_process(LIFECYCLE, sources, roles=ROLES)
    return process, Engine(lambda sha256: process, functions=SCRIPT_FUNCTIONS)


def start_variables(contract_id, engine):
    """The variables the service started a real contract's process with, as its first user task holds them."""
    state = db.session.scalar(select(ProcessInstance.state).where(ProcessInstance.contract_id == contract_id))
    return dict(engine.snapshot(state).ready_tasks[0].data)


def engine_only_rate(process, engine, variables, n, repeats=3):
    """Instances/s of the same diagram in this process, JSON state saved and loaded at every step."""

    def one():
        snapshot = engine.start(process, variables)
        for decision in ("submit", "approve"):
            task = next(t for t in snapshot.ready_tasks if decision in t.properties.get("decisions", "").split(","))
            snapshot = engine.complete_task(snapshot.state, task.id, {"decision": decision, "comment": ""})
        if snapshot.variables.get("contract_status") != "approved":
            raise RuntimeError(f"the engine ended with {snapshot.variables.get('contract_status')!r}")

    for _ in range(10):
        one()  # warm-up
    rates = []
    for _ in range(repeats):
        started = time.perf_counter()
        for _ in range(n):
            one()
        rates.append(n / (time.perf_counter() - started))
    return statistics.median(rates), rates


def verdict(value, target):
    return "met" if value >= target else "MISSED"


def report_api(args, seconds, samples, statuses, errors, cpu_seconds, dialect):
    rate = len(statuses) / seconds
    print(f"API: {args.n} contracts (create, submit, open tasks, approve) in {seconds:.2f} s; "
          f"gunicorn {args.workers} x {args.worker_class} worker(s), {args.threads} thread(s) each; "
          f"{args.clients} client threads; {dialect}; load {os.getloadavg()[0]:.2f}")
    print(f"  {'call':<12} {'n':>5} {'p50 ms':>8} {'p95 ms':>8}")
    for name in CALLS:
        values = samples[name]
        if values:
            print(f"  {name:<12} {len(values):>5} {percentile(values, 50) * 1000:>8.1f} "
                  f"{percentile(values, 95) * 1000:>8.1f}")
    approved = statuses.count("approved")
    print(f"  contracts approved: {approved} of {args.n}; failed: {len(errors)}")
    for message in errors[:5]:
        print(f"    {message}")
    print(f"  instances/s: {rate:.1f}  (target >= {TARGET_RATE:.0f}: {verdict(rate, TARGET_RATE)})")
    cpu_ms = cpu_seconds * 1000 / max(len(statuses), 1)
    target = TARGET_CPU_MS[dialect]
    print(f"  server CPU per contract: {cpu_ms:.1f} ms  (target <= {target:.0f}: {verdict(target, cpu_ms)})")
    return rate


def run_api(args, app, url, log_path):
    """Drive the contracts through a server; return (instances/s, errors, the id of one contract left in draft)."""
    prepare_database(app, users=USERS, password=PASSWORD)
    with running_server(url, args, log_path) as (port, pid):
        client = Client(port)
        tokens = tuple(client.call("POST", "/auth/token", {"username": u, "password": PASSWORD})["token"]
                       for u in USERS)
        customer = client.call("POST", "/customers", {"code": "BENCH", "name": "Bench customer"}, token=tokens[0])
        client.close()
        drive(port, tokens, customer["id"], args.warmup, args.clients)
        cpu_before = server_cpu_seconds(pid)
        seconds, samples, statuses, errors = drive(port, tokens, customer["id"], args.n, args.clients)
        cpu_seconds = server_cpu_seconds(pid) - cpu_before
        client = Client(port)  # the first one's connection has idled out
        draft = client.call("POST", "/contracts", {**CONTRACT, "customer_id": customer["id"]}, token=tokens[0])
        client.close()
    dialect = make_url(url).get_backend_name()
    return report_api(args, seconds, samples, statuses, errors, cpu_seconds, dialect), errors, draft["id"]


class InProcess:
    """The same calls through the app's test client in this process, for counting what one contract costs."""

    def __init__(self, app):
        self.client, self.tokens = app.test_client(), {}
        for username in USERS:
            reply = self.client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
            self.tokens[username] = reply.json["token"]

    def call(self, method, path, body=None, token=None):
        reply = self.client.open(f"/api/v1{path}", method=method, json=body,
                                 headers={"Authorization": f"Bearer {token}"})
        if reply.status_code >= 400:
            raise ApiError(f"{method} {path}: {reply.status_code} {reply.get_data(as_text=True)[:300]}")
        return reply.json


def statements_per_contract(app, customer_id, n=20):
    """SQL statements and CPU ms one contract costs in this process (the same four calls, no HTTP)."""
    with app.app_context():
        client = InProcess(app)
        tokens = tuple(client.tokens[u] for u in USERS)
        samples = {name: [] for name in CALLS}
        for _ in range(3):
            drive_contract(client, tokens, customer_id, samples)  # warm caches as a running server has them
        count = [0]

        def counted(*_args):
            count[0] += 1

        event.listen(db.engine, "before_cursor_execute", counted)
        started = time.process_time()
        try:
            for _ in range(n):
                drive_contract(client, tokens, customer_id, samples)
        finally:
            event.remove(db.engine, "before_cursor_execute", counted)
        cpu_ms = (time.process_time() - started) * 1000 / n
        db.session.remove()
        return count[0] / n, cpu_ms


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="contracts to drive through the API (default 200)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument("--worker-class", default="gthread", help="gunicorn worker class (default gthread)")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (default 1)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed contracts first (default 10)")
    parser.add_argument("--engine-n", type=int, default=100,
                        help="instances per engine-only repeat, three repeats (default 100)")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite", help="the database (default sqlite)")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL, help=f"with --db postgres (default {DEFAULT_PG_URL}; "
                        "its schema is wiped)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="pactum-bench-") as workdir:
        if args.db == "postgres":
            reset_postgres(args.pg_url)
            url = make_url(args.pg_url).set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
        else:
            url = f"sqlite:///{Path(workdir) / 'bench.sqlite3'}"
        app = create_app(Config, SQLALCHEMY_DATABASE_URI=url)
        api_rate, errors, draft_id = run_api(args, app, url, Path(workdir) / "gunicorn.log")
        with app.app_context():
            customer_id = db.session.scalar(select(Contract.customer_id).where(Contract.id == draft_id))
        statements, in_process_ms = statements_per_contract(app, customer_id)
        print(f"in this process, no HTTP: {statements:.1f} SQL statements per contract "
              f"(target <= {TARGET_STATEMENTS}: {verdict(TARGET_STATEMENTS, statements)}), "
              f"{in_process_ms:.1f} ms CPU per contract")
        with app.app_context():  # the diagram's script functions (exchange rates, role members) read the database
            process, engine = compile_lifecycle()
            limit, rates = engine_only_rate(process, engine, start_variables(draft_id, engine), args.engine_n)
            db.engine.dispose()
    print(f"engine-only limit, same diagram, JSON save+load at every step, one thread: {limit:.1f} instances/s "
          f"(median of {', '.join(f'{r:.0f}' for r in rates)})")
    ratio = api_rate / limit
    print(f"ratio API/engine-only: {ratio:.0%}  (target >= {TARGET_RATIO:.0%}: {verdict(ratio, TARGET_RATIO)})")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
