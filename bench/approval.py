"""Approval benchmarks: the cost of one approval step after 50 rework rounds versus after 1, and the
throughput of the 1,000,000+ CNY path (legal and finance in parallel, manager, executive) through the API.

Requests go through the whole Flask API in this process (bearer token, validation, engine, inbox sync,
audit, commit) on a fresh SQLite file, or on DATABASE_URL when set (an empty database of your own).
The step cost is also measured in the engine alone (load the JSON state, complete, save), repeated on
the same state, which shows what the rework history adds without the database's noise.
Run: .venv/bin/python -m bench.approval [--contracts 7] [--rounds 50] [--path 40]
"""

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import prepare_database
from service import create_app
from service.config import Config
from service.extensions import db
from service.inbox.models import Task
from service.processes.engine import engine

ROOT = Path(__file__).resolve().parent.parent

TARGET_RATIO = 2.0  # one step after 50 rework rounds costs at most twice the step after 1
PASSWORD = "bench-password"
ROLES = {"b_sales": "sales", "b_legal": "legal", "b_finance": "finance", "b_manager": "manager",
         "b_exec1": "executive", "b_exec2": "executive", "b_admin": "admin"}
BODY = {"title": "Bench order", "kind": "order", "currency": "CNY", "start_date": "2027-01-01",
        "end_date": "2027-12-31"}


class Api:
    """The API through the Flask test client, one bearer token per user."""

    def __init__(self, app):
        self.client, self.tokens, self.requests = app.test_client(), {}, 0
        for username in ROLES:
            response = self.client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
            self.tokens[username] = response.json["token"]

    def call(self, user, method, url, body=None):
        self.requests += 1
        response = self.client.open("/api/v1" + url, method=method, json=body,
                                    headers={"Authorization": f"Bearer {self.tokens[user]}"})
        if response.status_code >= 300:
            raise RuntimeError(f"{method} {url} -> {response.status_code}: {response.json}")
        return response.json

    def open_task(self, contract_id, name):
        tasks = self.call("b_admin", "GET", f"/contracts/{contract_id}")["open_tasks"]
        return next(t["id"] for t in tasks if t["name"] == name)

    def complete(self, user, contract_id, name, decision="approve", comment=""):
        task_id = self.open_task(contract_id, name)
        started = time.perf_counter()
        self.call(user, "POST", f"/tasks/{task_id}/complete", {"decision": decision, "comment": comment})
        return time.perf_counter() - started


def make_app():
    url = os.environ.get("DATABASE_URL")
    if url:
        app = create_app(Config)
    else:
        path = Path(tempfile.mkdtemp(prefix="pactum-bench-")) / "bench.sqlite3"
        app = create_app(Config, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    prepare_database(app, users=ROLES, password=PASSWORD)
    return app


def new_contract(api, customer_id, amount):
    body = {**BODY, "customer_id": customer_id, "amount": amount}
    return api.call("b_sales", "POST", "/contracts", body)["id"]


def reworked(api, customer_id, rounds):
    """A contract of 50,000 CNY rejected by its manager `rounds` times, resubmitted and waiting for the manager."""
    contract_id = new_contract(api, customer_id, "50000.00")
    for _ in range(rounds):
        api.complete("b_sales", contract_id, "prepare_draft", "submit")
        api.complete("b_manager", contract_id, "manager_approval", "reject", "Once more, please")
    api.complete("b_sales", contract_id, "prepare_draft", "submit")
    return contract_id


def engine_step_seconds(contract_id, repeat=200):
    """Median time for the engine alone to load the state, complete the manager's task and save."""
    task = db.session.scalar(db.select(Task).where(Task.contract_id == contract_id, Task.status == "open"))
    state, data = task.instance.state, {"decision": "approve", "comment": ""}
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        engine().complete_task(state, task.engine_task_id, data)
        times.append(time.perf_counter() - started)
    return statistics.median(times), len(state)


def step_costs(app, api, customer_id, contracts, rounds_list):
    """Contracts at each rework depth, then their manager steps timed in turns, so that load and a growing
    database weigh on every depth alike."""
    api.complete("b_manager", reworked(api, customer_id, 1), "manager_approval")  # warm up caches and the engine
    ready = {rounds: [reworked(api, customer_id, rounds) for _ in range(contracts)] for rounds in rounds_list}
    timings = {rounds: [] for rounds in rounds_list}
    for turn in range(contracts):
        for rounds in rounds_list:
            timings[rounds].append(api.complete("b_manager", ready[rounds][turn], "manager_approval"))
    results = {}
    for rounds in rounds_list:
        extra = reworked(api, customer_id, rounds)
        with app.app_context():
            engine_seconds, size = engine_step_seconds(extra)
        results[rounds] = (statistics.median(timings[rounds]), engine_seconds, size)
    return results


def million_path(api, customer_id, count):
    """Contracts of 2,400,000 CNY through create, submit, legal and finance, manager and executive."""
    steps = (("b_legal", "legal_approval"), ("b_finance", "finance_approval"), ("b_manager", "manager_approval"),
             ("b_exec1", "executive_approval"))
    api.requests, started = 0, time.perf_counter()
    for _ in range(count):
        contract_id = new_contract(api, customer_id, "2400000.00")
        api.complete("b_sales", contract_id, "prepare_draft", "submit")
        for user, name in steps:
            api.complete(user, contract_id, name)
        assert api.call("b_admin", "GET", f"/contracts/{contract_id}")["status"] == "approved"
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=7, help="contracts measured per rework depth")
    parser.add_argument("--rounds", type=int, default=50, help="rework rounds of the deep contracts")
    parser.add_argument("--path", type=int, default=40, help="contracts sent down the 1,000,000+ path")
    args = parser.parse_args()
    app = make_app()
    with app.app_context():
        api = Api(app)
        customer_id = api.call("b_sales", "POST", "/customers", {"code": "BENCH", "name": "Bench Ltd."})["id"]
        costs = step_costs(app, api, customer_id, args.contracts, (1, args.rounds))
        elapsed = million_path(api, customer_id, args.path)
    print(f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}")
    print("one approval step (the manager approves), median:")
    for rounds, (api_seconds, engine_seconds, size) in costs.items():
        print(f"  after {rounds:>3} rework round(s): API {api_seconds * 1000:7.2f} ms, engine alone "
              f"{engine_seconds * 1000:6.2f} ms, state {size / 1024:6.1f} KB")
    deep, shallow = costs[args.rounds], costs[1]
    ratio = deep[0] / shallow[0]
    print(f"  ratio {args.rounds} rounds / 1 round: API {ratio:.2f}x, engine {deep[1] / shallow[1]:.2f}x "
          f"(target: at most {TARGET_RATIO:.0f}x) -> {'ok' if ratio <= TARGET_RATIO else 'MISSED'}")
    print(f"1,000,000+ path through the API, one client: {args.path} contracts in {elapsed:.2f} s = "
          f"{args.path / elapsed:.1f} contracts/s; {api.requests / elapsed:.0f} requests/s ({api.requests // args.path}"
          f" per contract: create, submit, 4 approvals, each after reading the contract's open tasks, final check)")


if __name__ == "__main__":
    main()
