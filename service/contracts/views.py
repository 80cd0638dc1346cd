"""Pages: the contract list, a contract's page, and the form that creates one."""

from functools import partial

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..customers import service as customers
from ..web.blueprint import bp, commits, me, page_number, page_of, submit
from . import service
from .forms import ContractFilterForm, ContractForm
from .labels import STATUS_COLOURS

CUSTOMER_CHOICES = 1000  # customers offered in the pickers, by name

bp.add_app_template_global(STATUS_COLOURS, "status_colours")  # a global, so that imported macros see it


@bp.app_context_processor
def _navigation():
    return {"may_create_contract": current_user.is_authenticated and service.may_create(current_user)}


@bp.get("/contracts")
def contracts_page():
    form = ContractFilterForm(request.args, customers=customers.search(limit=CUSTOMER_CHOICES))
    page = page_of(partial(service.search, user=me(), **form.values()), page_number()) if form.validate() else None
    return render_template("contracts/index.html", form=form, page=page)


@bp.get("/contracts/<int:contract_id>")
def contract_page(contract_id):
    contract = service.get_for(contract_id=contract_id, user=me())
    return render_template("contracts/detail.html", **vars(service.details(contract, with_timeline=True)))


@bp.route("/contracts/new", methods=["GET", "POST"])
@commits
def new_contract():
    service.require_creator(user=me())
    form = ContractForm(customers=customers.search(limit=CUSTOMER_CHOICES),
                        customer_id=request.args.get("customer_id", type=int))
    contract = submit(form, lambda: service.create(**form.values(), actor=me()))
    if contract is None:
        return render_template("contracts/new.html", form=form)
    flash(_("Contract %(number)s was created as a draft. Submit it for approval when it is ready.",
            number=contract.number), "success")
    return redirect(url_for(".contract_page", contract_id=contract.id))
