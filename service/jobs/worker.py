"""Workers: the RQ worker, the ticker beside it (scheduler and sweeper), and the embedded in-process runner."""

import logging
import os
import socket
import threading
import time

from redis.exceptions import RedisError
from rq import SimpleWorker
from rq.timeouts import TimerDeathPenalty

from ..extensions import db
from . import queue, sweeper

log = logging.getLogger(__name__)
TICK = 0.05  # how often due scheduled jobs are moved onto the queue: the lateness a timer can add


class Worker(SimpleWorker):
    """RQ's SimpleWorker: a firing takes milliseconds, so forking a process per job would cost more than the job."""

    max_connection_wait_time = 2.0  # retry a lost Redis every 2 s, not up to every minute


class ThreadWorker(Worker):
    """A worker that runs in a thread of the web process (embedded mode): no signals, timeouts by timer."""

    death_penalty_class = TimerDeathPenalty

    def _install_signal_handlers(self):
        pass


def worker_name():
    """host:pid, recorded with every firing."""
    return f"{socket.gethostname()}:{os.getpid()}"


class Ticker:
    """Moves due scheduled jobs onto the queue every TICK, and sweeps every SWEEP_INTERVAL when elected."""

    def __init__(self, app, conn):
        self.app, self.conn = app, conn
        self.token = f"{worker_name()}:{id(self)}"
        self.next_sweep = 0.0

    def move(self):
        """Move the jobs that are due; a Redis error is logged and retried."""
        try:
            queue.move_due_jobs(self.conn)
        except RedisError as exc:
            log.warning("scheduler: Redis unavailable (%s); retrying", exc)
            time.sleep(1)

    def sweep(self):
        """Sweep if SWEEP_INTERVAL has passed (and no other process swept meanwhile); errors are logged."""
        if time.monotonic() < self.next_sweep:
            return
        self.next_sweep = time.monotonic() + self.app.config["SWEEP_INTERVAL"]
        with self.app.app_context():
            try:
                sweeper.try_sweep(self.conn, self.token)
            except RedisError as exc:
                db.session.rollback()
                log.warning("sweeper: Redis unavailable (%s); retrying at the next interval", exc)
            except Exception:
                db.session.rollback()
                log.exception("sweeper: failed; retrying at the next interval")

    def tick(self):
        """One round of both: move due jobs, then sweep when its time has come."""
        self.move()
        self.sweep()

    def run_mover(self, stop):
        while not stop.is_set():
            self.move()
            stop.wait(TICK)

    def run_sweeper(self, stop):
        while not stop.is_set():
            self.sweep()
            stop.wait(min(1.0, self.app.config["SWEEP_INTERVAL"] / 4))


def start_ticker(app, conn):
    """Run the scheduler (mover) and the sweeper in daemon threads; return the event that stops them.

    Apart, so that a sweep waiting for a database lock never holds up a timer that is due.
    """
    stop, ticker = threading.Event(), Ticker(app, conn)
    threading.Thread(target=ticker.run_mover, args=(stop,), name="pactum-scheduler", daemon=True).start()
    threading.Thread(target=ticker.run_sweeper, args=(stop,), name="pactum-sweeper", daemon=True).start()
    return stop


def run(app, *, burst=False, logging_level="INFO"):
    """The `worker` command: an RQ worker on REDIS_URL, the scheduler and sweeper beside it; survives Redis restarts."""
    # redis-py's default 5 s read timeout would end RQ's blocking dequeue; RQ needs more than its dequeue timeout.
    conn = queue.connect(app.config["REDIS_URL"], socket_connect_timeout=2, socket_timeout=600)
    stop = start_ticker(app, conn)
    try:
        while True:
            worker = Worker([queue.queue(conn)], connection=conn)
            try:
                worker.work(burst=burst, logging_level=logging_level)
            except RedisError as exc:
                log.warning("worker: Redis unavailable (%s); restarting in 1 s", exc)
                time.sleep(1)
                continue
            if burst or worker._stop_requested or worker._shutdown_requested_date is not None:
                return
            time.sleep(1)  # work() returned on an error it logged: start a fresh worker
    finally:
        stop.set()


class Embedded:
    """Embedded mode (no REDIS_URL): the same jobs on fakeredis, run by one thread of this process.

    RQ's forking worker and its forked scheduler would work on copies of the in-process server, so one
    thread moves due jobs, sweeps and works the queue in bursts.
    """

    def __init__(self, app):
        self.app = app
        self.conn = queue.connection(app)
        self.ticker = Ticker(app, self.conn)
        self.worker = ThreadWorker([queue.queue(self.conn)], connection=self.conn)
        self.stop = threading.Event()

    def run_once(self):
        """Move due jobs, sweep when due, and run every queued job; return whether a job ran."""
        self.ticker.tick()
        with self.app.app_context():
            return self.worker.work(burst=True, logging_level="WARNING")

    def run(self):
        while not self.stop.is_set():
            try:
                worked = self.run_once()
            except Exception:
                log.exception("embedded worker: unexpected error; going on")
                worked = False
            if not worked:
                self.stop.wait(TICK)


_starting = threading.Lock()


def start_embedded(app):
    """Start the embedded worker thread once per app; return it."""
    with _starting:
        runner = app.extensions.get("pactum_embedded")
        if runner is None:
            runner = app.extensions["pactum_embedded"] = Embedded(app)
            threading.Thread(target=runner.run, name="pactum-embedded-worker", daemon=True).start()
    return runner


def drain(app, *, rounds=50):
    """Run due jobs in this thread until none is left (what tests use); return how many rounds worked."""
    runner = Embedded(app)
    worked = 0
    for _ in range(rounds):
        if not runner.run_once():
            break
        worked += 1
    return worked


def init_app(app):
    """With EMBEDDED_WORKER and no REDIS_URL, start the embedded worker when the app serves its first request."""
    if not (app.config.get("EMBEDDED_WORKER") and queue.embedded(app)):
        return

    @app.before_request
    def _start_embedded_worker():
        start_embedded(app)
