"""Web: the contract list, a contract's page, and the form that creates one."""

from functools import partial

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..contracts import service as contracts
from ..customers import service as customers
from ..errors import Forbidden
from . import present
from .blueprint import bp, commits, me, page_number, page_of, submit
from .forms import ContractFilterForm, ContractForm

CUSTOMER_CHOICES = 1000  # customers offered in the pickers, by name


@bp.get("/contracts")
def contracts_page():
    form = ContractFilterForm(request.args, customers=customers.search(limit=CUSTOMER_CHOICES))
    page = page_of(partial(contracts.search, user=me(), **form.values()), page_number()) if form.validate() else None
    return render_template("contracts/index.html", form=form, page=page)


@bp.get("/contracts/<int:contract_id>")
def contract_page(contract_id):
    contract = contracts.get_for(contract_id=contract_id, user=me())
    return render_template("contracts/detail.html", **present.contract_page(contract))


@bp.route("/contracts/new", methods=["GET", "POST"])
@commits
def new_contract():
    if not me().has_role(*contracts.CREATOR_ROLES):
        raise Forbidden("only sales, managers and admins create contracts")
    form = ContractForm(customers=customers.search(limit=CUSTOMER_CHOICES),
                        customer_id=request.args.get("customer_id", type=int))
    contract = submit(form, lambda: contracts.create(**form.values(), actor=me()))
    if contract is None:
        return render_template("contracts/new.html", form=form)
    flash(_("Contract %(number)s was created as a draft. Submit it for approval when it is ready.",
            number=contract.number), "success")
    return redirect(url_for(".contract_page", contract_id=contract.id))
