"""API test fixtures: a team with every approving role, and contracts walked through the API."""

from dataclasses import dataclass

import pytest

from tests.conftest import contract_body


@dataclass
class Team:
    sales: object
    legal: object
    finance: object
    manager: object
    executives: list
    admin: object
    customer_id: int

    def submit(self, **overrides):
        """A contract created and submitted by sales; returns its id."""
        contract = self.sales.post("/contracts", contract_body(self.customer_id, **overrides)).json
        draft = contract["open_tasks"][0]["id"]
        response = self.sales.post(f"/tasks/{draft}/complete", {"decision": "submit"})
        assert response.status_code == 200, response.json
        return contract["id"]

    def open_tasks(self, contract_id):
        return self.admin.get(f"/contracts/{contract_id}").json["open_tasks"]

    def task(self, contract_id, name, assignee=None):
        return next(t for t in self.open_tasks(contract_id)
                    if t["name"] == name and (assignee is None or t["assignee"] == assignee))

    def decide(self, api, contract_id, name, decision="approve", comment="", assignee=None):
        task = self.task(contract_id, name, assignee)
        return api.post(f"/tasks/{task['id']}/complete", {"decision": decision, "comment": comment})

    def to_committee(self, **overrides):
        """A contract of 6,000,000 CNY approved up to its committee vote."""
        contract_id = self.submit(amount="6000000.00", **overrides)
        for api, name in ((self.legal, "legal_approval"), (self.finance, "finance_approval"),
                          (self.manager, "manager_approval"), (self.executives[0], "executive_approval")):
            assert self.decide(api, contract_id, name).status_code == 200
        return contract_id

    def vote(self, executive, contract_id, decision):
        comment = "not now" if decision == "reject" else ""
        return self.decide(executive, contract_id, "committee_vote", decision, comment, executive.user.username)


@pytest.fixture
def team(api_as, customer):
    return Team(sales=api_as("sales"), legal=api_as("legal"), finance=api_as("finance"), manager=api_as("manager"),
                executives=[api_as("executive") for _ in range(3)], admin=api_as("admin"),
                customer_id=customer["id"])
