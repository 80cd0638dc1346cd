"""Demo data: a user for every role, customers, and contracts in several states."""

from datetime import date, timedelta

import click
from flask import current_app

from .auth import service as auth
from .auth.models import ROLES
from .cli import committed
from .contracts import service as contracts
from .customers import service as customers
from .customers.models import Customer
from .extensions import db
from .inbox import service as inbox
from .key_dates import service as key_dates
from .processes import service as processes
from .rates import service as rates

PASSWORD = "pactum-demo"
USERS = [
    ("sally", ["sales"], "Sally Sales", "en"),
    ("li.na", ["sales"], "李娜", "zh_CN"),
    ("larry", ["legal"], "Larry Legal", "en"),
    ("fiona", ["finance"], "Fiona Finance", "en"),
    ("mike", ["manager"], "Mike Manager", "en"),
    ("wang.wei", ["manager"], "王伟", "zh_CN"),
    ("erin", ["executive"], "Erin Executive", "en"),
    ("zhang.min", ["executive"], "张敏", "zh_CN"),  # a committee (5,000,000 CNY and up) needs two executives
    ("sam", ["signatory"], "Sam Signatory", "en"),
    ("diana", ["designer"], "Diana Designer", "en"),
    ("admin", ["admin"], "Administrator", "en"),
]
RATES = [("USD", "7.10"), ("EUR", "7.80"), ("GBP", "9.10"), ("JPY", "0.048"), ("HKD", "0.91")]  # CNY per unit
CUSTOMERS = [("ACME", "ACME Industrial Ltd."), ("HZTECH", "杭州云启科技有限公司"), ("NORDIC", "Nordic Freight AB")]


def _task_for(contract, name):
    return next(t for t in inbox.open_tasks_for(contract.id) if t.name == name)


def seed():
    """Create the demo data unless it exists; return the logins as (username, password, roles)."""
    if auth.get_by_username("admin") is None:
        for username, roles, display_name, locale in USERS:
            auth.create_user(username=username, password=PASSWORD, roles=roles,
                             display_name=display_name, locale=locale, email=f"{username}@pactum.example")
    users = {u: auth.get_by_username(u) for u, *_ in USERS}
    processes.deploy_directory(directory=current_app.config["BPMN_DIR"], actor=users["admin"])
    for currency, rate in RATES if not rates.current_rates() else ():
        rates.set_rate(currency=currency, rate=rate, actor=users["admin"])
    if db.session.query(Customer).count() == 0:
        today = date.today()
        made = {code: customers.create(code=code, name=name, actor=users["sally"]) for code, name in CUSTOMERS}
        def new(customer, title, kind, amount, currency="CNY", owner="sally", days=365):
            return contracts.create(customer_id=made[customer].id, title=title, kind=kind, amount=amount,
                                    currency=currency, start_date=today, end_date=today + timedelta(days=days),
                                    actor=users[owner])

        new("ACME", "Framework agreement 2027", "framework", "2400000.00")
        submitted = new("HZTECH", "云平台实施工作说明书", "sow", "380000.00", owner="li.na")
        inbox.complete(task_id=_task_for(submitted, "prepare_draft").id, user=users["li.na"], decision="submit")
        approved = new("NORDIC", "Freight order 42", "order", "56000.00", currency="EUR")
        inbox.complete(task_id=_task_for(approved, "prepare_draft").id, user=users["sally"], decision="submit")
        inbox.complete(task_id=_task_for(approved, "legal_approval").id, user=users["larry"],  # 436,800 CNY
                       decision="approve", comment="Standard liability clause.")
        inbox.complete(task_id=_task_for(approved, "manager_approval").id, user=users["mike"],
                       decision="approve", comment="Standard terms.")
        returned = new("ACME", "Spare parts order", "order", "12500.00")
        inbox.complete(task_id=_task_for(returned, "prepare_draft").id, user=users["sally"], decision="submit")
        inbox.complete(task_id=_task_for(returned, "manager_approval").id, user=users["mike"],
                       decision="reject",
                       comment="Please attach the price list:\n1. unit prices per part\n2. delivery dates")
        waiting = new("NORDIC", "Warehouse maintenance order", "order", "45000.00")
        inbox.complete(task_id=_task_for(waiting, "prepare_draft").id, user=users["sally"], decision="submit")
        # Reminders that arrive as soon as the demo serves (an approved contract's: reminders start at approval):
        # expiry in 7 days, and a payment due today.
        expiring = new("HZTECH", "运维服务合同", "service", "48000.00", owner="li.na", days=7)
        key_dates.replace(contract=expiring, actor=users["li.na"], key_dates=[
            {"kind": "payment", "date": today, "amount": "12000.00", "label": "首期款", "reminders": [0]}])
        inbox.complete(task_id=_task_for(expiring, "prepare_draft").id, user=users["li.na"], decision="submit")
        inbox.complete(task_id=_task_for(expiring, "manager_approval").id, user=users["wang.wei"],
                       decision="approve", comment="标准条款。")
    return [(u, PASSWORD, roles) for u, roles, *_ in USERS if set(roles) <= set(ROLES)]


@click.command("demo")
@click.option("--port", envvar="PORT", default=5000, show_default=True, type=click.IntRange(1, 65535),
              help="The port the demo is served on (`make demo PORT=...`), for the address printed.")
def demo_command(port):
    """Seed demo users for every role, customers and contracts in several states."""
    with committed():
        logins = seed()
    click.echo(f"Demo data ready. Log in at http://127.0.0.1:{port} with:")
    for username, password, roles in logins:
        click.echo(f"  {username:<10} {password:<14} {', '.join(roles)}")
