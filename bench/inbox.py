"""Inbox latency with 100,000 open and 1,000,000 completed tasks, on SQLite and PostgreSQL.

Bulk-loads a realistic task table (owners' drafts assigned, reviews mostly unclaimed, due dates
spread, a few escalated), runs ANALYZE, then times the real service functions inbox(user=..., limit=50),
inbox_count(user=...) and the web inbox's per-view inbox_counts(user=...) for users of each role,
interleaved, with a fresh session per call as in a request.
Run: .venv/bin/python -m bench.inbox [--db sqlite|postgres|both] [--pg-url URL] [--calls 200]
"""

import argparse
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import insert, make_url

from bench.common import reset_postgres
from service import create_app
from service.auth.models import User, UserRole
from service.config import Config
from service.contracts.models import Contract
from service.customers.models import Customer
from service.extensions import db
from service.inbox import service as inbox
from service.processes import service as processes
from service.processes.models import ProcessInstance

ROOT = Path(__file__).resolve().parent.parent

TARGET_MS = 20.0
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/pactum_bench"
CONTRACTS = 5_000
# Who works here: (roles, how many users). Some people hold two roles.
STAFF = [(("sales",), 150), (("manager",), 20), (("manager", "sales"), 5), (("legal",), 15),
         (("finance",), 12), (("legal", "finance"), 2), (("executive",), 6), (("signatory",), 8),
         (("designer",), 4), (("admin",), 3)]
# The user tasks of the lifecycle by lane: (role, name, title, decisions, share of the open tasks).
STEPS = [("sales", "prepare_draft", "Prepare and submit the draft", "submit", 0.25),
         ("manager", "manager_approval", "Approve the contract", "approve,reject", 0.30),
         ("legal", "legal_review", "Review the legal terms", "approve,reject", 0.15),
         ("finance", "finance_review", "Check the payment terms", "approve,reject", 0.12),
         ("executive", "executive_approval", "Approve as executive", "approve,reject", 0.08),
         ("signatory", "sign_contract", "Sign the contract", "sign", 0.10)]
TASK_COLUMNS = ("id", "instance_id", "contract_id", "engine_task_id", "name", "title", "role", "decisions",
                "fields", "status", "assignee_id", "claimed_at", "created_at", "due_at", "completed_at",
                "completed_by_id", "decision", "comment", "escalated")


class Population:
    """Users by role and contract owners, with the task rows that go with them."""

    def __init__(self, seed=7):
        self.rng = random.Random(seed)
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.users, self.by_role = [], {}
        for roles, count in STAFF:
            for _ in range(count):
                user_id = len(self.users) + 1
                self.users.append((user_id, f"{'_'.join(roles)}{user_id}", roles))
                for role in roles:
                    self.by_role.setdefault(role, []).append(user_id)
        self.owners = [self.rng.choice(self.by_role["sales"]) for _ in range(CONTRACTS)]
        self.weights = [step[4] for step in STEPS]

    def _step(self):
        return self.rng.choices(STEPS, self.weights)[0]

    def open_task(self, task_id, stamp):
        """An open task: drafts go to the contract owner, a tenth of reviews are claimed, some overdue escalated."""
        rng, (role, name, title, decisions, _) = self.rng, self._step()
        contract = rng.randrange(CONTRACTS)
        created = self.now - timedelta(seconds=rng.randrange(45 * 86400))
        if role == "sales":
            assignee, claimed = self.owners[contract], None
            due = created + timedelta(days=rng.randrange(3, 15)) if rng.random() < 0.3 else None
        else:
            assignee = rng.choice(self.by_role[role]) if rng.random() < 0.1 else None
            claimed = created + timedelta(hours=rng.randrange(1, 48)) if assignee else None
            due = created + timedelta(hours=rng.randrange(24, 14 * 24)) if rng.random() < 0.9 else None
        escalated = due is not None and due < self.now - timedelta(days=2) and rng.random() < 0.3
        return (task_id, contract + 1, contract + 1, str(uuid.UUID(int=rng.getrandbits(128))), name, title,
                role, decisions, "", "open", assignee, stamp(claimed), stamp(created), stamp(due), None, None,
                None, None, escalated)

    def done_task(self, task_id, stamp):
        """A completed (or, one in twenty, withdrawn) task from the last two years."""
        rng, (role, name, title, decisions, _) = self.rng, self._step()
        contract = rng.randrange(CONTRACTS)
        created = self.now - timedelta(seconds=rng.randrange(60 * 86400, 730 * 86400))
        finished = created + timedelta(hours=rng.randrange(1, 10 * 24))
        due = created + timedelta(days=2) if role != "sales" else None
        actor = self.owners[contract] if role == "sales" else rng.choice(self.by_role[role])
        if rng.random() < 0.05:
            return (task_id, contract + 1, contract + 1, str(uuid.UUID(int=rng.getrandbits(128))), name, title,
                    role, decisions, "", "withdrawn", None, None, stamp(created), stamp(due), stamp(finished),
                    None, None, None, False)
        decision = rng.choice(decisions.split(","))
        return (task_id, contract + 1, contract + 1, str(uuid.UUID(int=rng.getrandbits(128))), name, title,
                role, decisions, "", "completed", actor if role == "sales" else None, None, stamp(created),
                stamp(due), stamp(finished), actor, decision, "ok" if decision != "reject" else "fix clause 4", False)


def sqlite_stamp(value):
    """A UTC datetime in the text form SQLAlchemy stores on SQLite."""
    return None if value is None else value.replace(tzinfo=None).isoformat(" ", "microseconds")


def postgres_stamp(value):
    return value


def load_references(population):
    """Users, one customer, and contracts with one process instance each, through SQLAlchemy Core."""
    deployed = processes.deploy_directory(directory=Config.BPMN_DIR)
    version = next(v for v, _ in deployed if v.process_id == "contract_lifecycle")
    now = population.now
    db.session.execute(insert(User), [
        {"id": uid, "username": name, "display_name": name, "password_hash": "!", "active": True,
         "created_at": now} for uid, name, _ in population.users])
    db.session.execute(insert(UserRole), [
        {"user_id": uid, "role": role} for uid, _, roles in population.users for role in roles])
    db.session.execute(insert(Customer), [{"id": 1, "code": "BENCH", "name": "Bench customer", "created_at": now}])
    db.session.execute(insert(Contract), [
        {"id": i + 1, "number": f"C2026-{i + 1:06d}", "customer_id": 1, "title": f"Contract {i + 1}",
         "kind": "service", "amount": 5000, "currency": "CNY", "start_date": date(2026, 1, 1),
         "end_date": date(2026, 12, 31), "status": "in_approval", "owner_id": owner, "created_at": now,
         "updated_at": now} for i, owner in enumerate(population.owners)])
    db.session.execute(insert(ProcessInstance), [
        {"id": i + 1, "version_id": version.id, "contract_id": i + 1, "status": "running", "state": "{}",
         "lock_version": 1, "created_at": now, "updated_at": now} for i in range(CONTRACTS)])
    db.session.commit()


def task_rows(population, n_open, n_done, stamp):
    """History first, as it accumulated: the open tasks are the newest rows."""
    for task_id in range(1, n_done + 1):
        yield population.done_task(task_id, stamp)
    for task_id in range(n_done + 1, n_done + n_open + 1):
        yield population.open_task(task_id, stamp)


def load_tasks_sqlite(rows):
    """One transaction, one executemany."""
    raw = db.engine.raw_connection()
    try:
        cursor = raw.driver_connection.cursor()
        cursor.execute("PRAGMA cache_size = -262144")  # 256 MB, so that index pages stay in memory
        cursor.execute("BEGIN")
        cursor.executemany(f"INSERT INTO tasks ({', '.join(TASK_COLUMNS)}) "
                           f"VALUES ({', '.join('?' * len(TASK_COLUMNS))})", rows)
        cursor.execute("COMMIT")
        cursor.execute("ANALYZE")
    finally:
        raw.close()


def load_tasks_postgres(rows):
    """COPY, then VACUUM ANALYZE as autovacuum would do after a bulk load."""
    raw = db.engine.raw_connection()
    try:
        with raw.driver_connection.cursor() as cursor:
            with cursor.copy(f"COPY tasks ({', '.join(TASK_COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            for table in ("users", "customers", "contracts", "process_instances", "tasks"):
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}")
        raw.commit()
        raw.driver_connection.autocommit = True
        raw.driver_connection.execute("VACUUM ANALYZE")
    finally:
        raw.driver_connection.autocommit = False
        raw.close()


def timed_functions():
    """The service functions a page of the inbox calls; inbox_counts only where the web UI has added it."""
    functions = [("inbox()", lambda user: inbox.inbox(user=user, limit=50)),
                 ("inbox_count()", lambda user: inbox.inbox_count(user=user))]
    if hasattr(inbox, "inbox_counts"):
        functions.append(("inbox_counts()", lambda user: inbox.inbox_counts(user=user)))
    return functions


def time_inbox(population, functions, calls):
    """{(user id, function label): [seconds]}, calls interleaved, a fresh session for each call."""
    picked = [next(u for u in population.users if u[2] == roles) for roles, _ in STAFF if roles != ("designer",)]
    samples = {(uid, label): [] for uid, _, _ in picked for label, _ in functions}
    for round_number in range(calls + 10):
        for uid, _, _ in picked:
            for label, function in functions:
                db.session.remove()  # a fresh session, as each request gets
                user = db.session.get(User, uid)
                user.roles  # noqa: B018  (loaded before the clock starts, as the request's login does)
                started = time.perf_counter()
                function(user)
                if round_number >= 10:  # the first rounds warm the caches
                    samples[uid, label].append(time.perf_counter() - started)
    db.session.remove()
    return [(uid, "+".join(roles), inbox.inbox_count(user=db.session.get(User, uid))) for uid, _, roles in picked], \
        samples


def ms(values, p):
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] * 1000


def spread(values):
    return f"{ms(values, 50):.1f}/{ms(values, 95):.1f}/{ms(values, 99):.1f}"


def report(name, users, functions, samples, seconds_loading):
    labels = [label for label, _ in functions]
    calls = len(samples[users[0][0], labels[0]])
    print(f"{name}: loaded in {seconds_loading:.0f} s; {calls} timed calls per user and function")
    print(f"  {'user (inbox size)':<24}" + "".join(f"{label + ' p50/p95/p99 ms':>32}" for label in labels))
    for uid, roles, size in users:
        print(f"  {f'{roles} ({size})':<24}" + "".join(f"{spread(samples[uid, label]):>32}" for label in labels))
    for label in labels:
        values = [v for uid, _, _ in users for v in samples[uid, label]]
        p95 = ms(values, 95)
        verdict = "met" if p95 <= TARGET_MS else "MISSED"
        print(f"  {label:<15} all users: p50 {ms(values, 50):.1f}  p95 {p95:.1f}  p99 {ms(values, 99):.1f} ms"
              f"  (target p95 <= {TARGET_MS:.0f} ms: {verdict})")


def run(name, url, args):
    app = create_app(Config, SQLALCHEMY_DATABASE_URI=url)
    population = Population()
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        load_references(population)
        if name == "SQLite":
            load_tasks_sqlite(task_rows(population, args.open, args.completed, sqlite_stamp))
        else:
            load_tasks_postgres(task_rows(population, args.open, args.completed, postgres_stamp))
        loading = time.perf_counter() - started
        functions = timed_functions()
        users, samples = time_inbox(population, functions, args.calls)
        db.engine.dispose()
    report(f"{name} ({args.open:,} open, {args.completed:,} completed tasks)", users, functions, samples, loading)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL, help=f"a database it may wipe (default {DEFAULT_PG_URL})")
    parser.add_argument("--calls", type=int, default=200, help="timed calls per user (default 200)")
    parser.add_argument("--open", type=int, default=100_000, help="open tasks (default 100,000)")
    parser.add_argument("--completed", type=int, default=1_000_000, help="completed tasks (default 1,000,000)")
    args = parser.parse_args()

    if args.db in ("sqlite", "both"):
        with tempfile.TemporaryDirectory(prefix="pactum-bench-") as workdir:
            run("SQLite", f"sqlite:///{Path(workdir) / 'inbox.sqlite3'}", args)
    if args.db in ("postgres", "both"):
        reset_postgres(args.pg_url)
        url = make_url(args.pg_url).set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
        run("PostgreSQL", url, args)


if __name__ == "__main__":
    main()
