"""Designer benchmarks: how long a designer waits for each server answer, and how quickly a hostile upload is
refused.

Through the Flask API in this process, on a fresh SQLite file (or DATABASE_URL: an empty database of your own):
validate and deploy a changed decision table (which compiles and deploys the two processes that carry it), what
changed between two versions, a test run of the contract lifecycle, a contract's process view, a migration dry
run over many instances, and the refusal of an entity bomb and of a 50 MB body.
Run: .venv/bin/python -m bench.designer [--repeat 15] [--instances 200]
"""

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import prepare_database
from service import create_app
from service.config import Config
from tests.engine.test_hostile_diagrams import BILLION_LAUGHS

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-password"
ROLES = {"d_designer": "designer", "d_sales": "sales", "d_admin": "admin"}
TARGET_MS = 1000  # a designer's every answer within a second
DMN = (ROOT / "bpmn" / "approval_levels.dmn").read_text()
LOWER = DMN.replace("<text>? &lt; 100000</text>", "<text>? &lt; 50000</text>")
BODY = {"title": "Bench order", "kind": "order", "amount": "250000.00", "currency": "CNY",
        "start_date": "2027-01-01", "end_date": "2027-12-31"}


def make_app():
    if os.environ.get("DATABASE_URL"):
        app = create_app(Config)
    else:
        path = Path(tempfile.mkdtemp(prefix="pactum-bench-")) / "bench.sqlite3"
        app = create_app(Config, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    prepare_database(app, users=ROLES, password=PASSWORD)
    return app


class Api:
    def __init__(self, app):
        self.client = app.test_client()
        self.tokens = {u: self.client.post("/api/v1/auth/token", json={"username": u, "password": PASSWORD}
                                           ).json["token"] for u in ROLES}

    def call(self, user, method, url, body=None, expect=200, **kwargs):
        response = self.client.open("/api/v1" + url, method=method, json=body,
                                    headers={"Authorization": f"Bearer {self.tokens[user]}"}, **kwargs)
        assert response.status_code == expect, (url, response.status_code, response.get_data(as_text=True)[:300])
        return response.json


def timed(action, repeat):
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds) * 1000, max(seconds) * 1000


def report(name, figures):
    median, worst = figures
    print(f"  {name:<58} median {median:7.1f} ms, max {worst:7.1f} ms "
          f"({'ok' if median <= TARGET_MS else 'MISSED'})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--instances", type=int, default=200, help="running instances for the migration dry run")
    args = parser.parse_args()
    app = make_app()
    with app.app_context():
        api = Api(app)
        customer = api.call("d_sales", "POST", "/customers", {"code": "BENCH", "name": "Bench Ltd."}, expect=201)
        contracts = [api.call("d_sales", "POST", "/contracts", {**BODY, "customer_id": customer["id"]}, expect=201)
                     for _ in range(args.instances)]
        print(f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}; target: median {TARGET_MS} ms")
        report("validate a changed decision table (and its 2 callers)", timed(lambda: api.call(
            "d_designer", "POST", "/process-models/approval_levels/validate", {"xml": LOWER}), args.repeat))
        versions = iter([LOWER, DMN] * args.repeat)
        report("deploy it: 3 new versions", timed(lambda: api.call(
            "d_designer", "POST", "/process-models/approval_levels/versions", {"xml": next(versions)}, expect=201),
            args.repeat))
        report("what changed, contract_lifecycle v1 -> v2", timed(lambda: api.call(
            "d_designer", "GET", "/process-models/contract_lifecycle/versions/1/diff?to=2"), args.repeat))
        run = {"contract": {"amount": "1500000.00"}, "steps": [{"decision": d} for d in ["submit"] + ["approve"] * 4]}
        report("test run: lifecycle, 1,500,000 CNY, 5 decisions", timed(lambda: api.call(
            "d_designer", "POST", "/process-models/contract_lifecycle/test-run", run), args.repeat))
        report("a contract's process (diagram markers, levels to come)", timed(lambda: api.call(
            "d_sales", "GET", f"/contracts/{contracts[0]['id']}/process"), args.repeat))
        dry_run = {"process_model": "contract_lifecycle", "from_version": 1, "to_version": 2}
        report(f"migration dry run over {args.instances} running instances", timed(lambda: api.call(
            "d_admin", "POST", "/migrations", dry_run), 3))
        report("entity bomb refused (422)", timed(lambda: api.call(
            "d_designer", "POST", "/process-models/approval/versions", {"xml": BILLION_LAUGHS.decode()}, expect=422),
            args.repeat))
        big = json.dumps({"xml": "x" * (50 * 1024 * 1024)})
        report("50 MB body refused (413)", timed(lambda: api.call(
            "d_designer", "POST", "/process-models/approval/versions", expect=413, data=big,
            content_type="application/json"), 3))


if __name__ == "__main__":
    main()
