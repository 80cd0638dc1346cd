"""Durable timers under load: 1,000 timers due within one minute, fired by 2 `flask --app wsgi worker` processes.

Phase 1 spreads 1,000 timers evenly over one minute: how many fired early (target 0) and how late
(target p99 <= 1.5 s). Phase 2 makes 1,000 timers due at the same instant, as key dates at midnight
do: how fast two workers drain them (target >= 100 firings per second per worker). Each firing is a
real one: lock the instance row, load its state, fire, save, record the firing and an audit event.
A throw-away redis-server on a free port and a fresh SQLite file (or DATABASE_URL) are used.
Run: .venv/bin/python -m bench.timers [--n 1000] [--spread 60] [--workers 2]
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import func, select

from service import create_app
from service.config import Config
from service.extensions import db
from service.processes import service as processes
from service.timers.models import TimerFiring

ROOT = Path(__file__).resolve().parent.parent

DIAGRAM = Path(__file__).resolve().parent / "diagrams" / "wait_until.bpmn"
TARGET_P99_MS, TARGET_RATE = 1500, 100.0


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis():
    port = free_port()
    proc = subprocess.Popen([shutil.which("redis-server"), "--port", str(port), "--save", "", "--appendonly", "no",
                             "--bind", "127.0.0.1"], stdout=subprocess.DEVNULL)
    time.sleep(0.5)
    return proc, f"redis://127.0.0.1:{port}/0"


def start_workers(count, env, log_dir):
    return [subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--log-level", "WARNING"],
                             cwd=ROOT, env=env, stdout=open(log_dir / f"worker-{i}.log", "w"),
                             stderr=subprocess.STDOUT, start_new_session=True) for i in range(count)]


def create_instances(app, due_times):
    """Start one wait_until instance per due time, committing in batches (their jobs go to RQ after commit)."""
    with app.app_context():
        for i, due in enumerate(due_times, 1):
            processes.start(process_id="wait_until", data={"due_at": due.isoformat()})
            if i % 50 == 0:
                db.session.commit()
        db.session.commit()


def firings_since(app, since):
    with app.app_context():
        rows = db.session.execute(select(TimerFiring.lateness_ms, TimerFiring.fired_at, TimerFiring.worker)
                                  .where(TimerFiring.fired_at >= since)).all()
        db.session.rollback()
        return rows


def wait_for_firings(app, since, count, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = firings_since(app, since)
        if len(rows) >= count:
            return rows
        time.sleep(0.5)
    return firings_since(app, since)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else None


def spread_phase(app, n, spread, lead):
    start = datetime.now(UTC) + timedelta(seconds=lead)  # after every instance is created
    due_times = [start + timedelta(seconds=spread * i / n) for i in range(n)]
    t0 = time.perf_counter()
    create_instances(app, due_times)
    print(f"created {n} instances in {time.perf_counter() - t0:.1f} s; the first falls due {lead:.0f} s after the "
          f"creation began", flush=True)
    rows = wait_for_firings(app, start - timedelta(seconds=1), n, timeout=lead + spread + 60)
    lateness = [r.lateness_ms for r in rows]
    early = sum(1 for v in lateness if v < 0)
    p50, p99 = percentile(lateness, 50), percentile(lateness, 99)
    print(f"[spread] {len(rows)}/{n} timers due over {spread} s fired; early: {early} (target 0); lateness "
          f"p50 {p50} ms, p99 {p99} ms (target <= {TARGET_P99_MS}), max {max(lateness, default=None)} ms")
    return early == 0 and len(rows) == n and p99 is not None and p99 <= TARGET_P99_MS


def burst_phase(app, n, workers, lead):
    due = datetime.now(UTC) + timedelta(seconds=lead)
    t0 = time.perf_counter()
    create_instances(app, [due] * n)
    print(f"created {n} instances in {time.perf_counter() - t0:.1f} s, all due at the same instant", flush=True)
    rows = wait_for_firings(app, due - timedelta(seconds=1), n, timeout=lead + 120)
    span = (max(r.fired_at for r in rows) - due).total_seconds()  # from the due instant to the last firing
    per_worker = {}
    for r in rows:
        per_worker[r.worker] = per_worker.get(r.worker, 0) + 1
    rate = len(rows) / max(span, 1e-6) / workers
    print(f"[burst] {len(rows)}/{n} fired within {span:.2f} s of their due time by {len(per_worker)} workers "
          f"({', '.join(str(c) for c in per_worker.values())}): {rate:.0f} firings/s per worker "
          f"(target >= {TARGET_RATE:.0f}); early: {sum(1 for r in rows if r.lateness_ms < 0)}; lateness "
          f"p50 {percentile([r.lateness_ms for r in rows], 50)} ms, max {max(r.lateness_ms for r in rows)} ms")
    return rate >= TARGET_RATE and len(rows) == n


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--spread", type=float, default=60.0, help="seconds over which phase 1 timers fall due")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="pactum-bench-timers-"))
    database_url = Config.database_url(str(tmp)) if os.environ.get("DATABASE_URL") else f"sqlite:///{tmp}/bench.db"
    redis_proc, redis_url = start_redis()
    app = create_app(Config, SQLALCHEMY_DATABASE_URI=database_url, REDIS_URL=redis_url)
    with app.app_context():
        upgrade()
        with db.engine.begin() as conn:
            conn.execute(TimerFiring.__table__.delete())
        processes.deploy(process_id="wait_until", sources={DIAGRAM.name: DIAGRAM.read_bytes()})
        db.session.commit()
        print(f"database {db.engine.url.render_as_string(hide_password=True)}; redis {redis_url}; "
              f"{args.workers} workers", flush=True)
        pending = db.session.scalar(select(func.count()).select_from(TimerFiring))
        db.session.rollback()
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url, "EMBEDDED_WORKER": "0"}
    workers = start_workers(args.workers, env, tmp)
    try:
        time.sleep(3)  # let the workers start
        lead = max(15.0, args.n / 30)  # creating an instance takes up to ~25 ms here: all exist before the first is due
        ok = spread_phase(app, args.n, args.spread, lead=lead) and pending == 0
        ok = burst_phase(app, args.n, args.workers, lead=lead) and ok
    finally:
        for proc in workers:
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in workers:
            proc.wait(timeout=30)
        redis_proc.terminate()
        redis_proc.wait(timeout=10)
    print("all targets met" if ok else "some targets missed")


if __name__ == "__main__":
    main()
