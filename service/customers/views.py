"""Pages: the customer list, a customer's page with its contracts, and the form that creates one."""

from functools import partial

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..contracts import service as contracts
from ..web.blueprint import bp, commits, me, page_number, page_of, submit
from . import service
from .forms import CustomerForm, CustomerSearchForm


@bp.app_context_processor
def _navigation():
    return {"may_create_customer": current_user.is_authenticated and service.may_create(current_user)}


@bp.get("/customers")
def customers_page():
    form = CustomerSearchForm(request.args)
    page = page_of(partial(service.search, q=form.q.data), page_number()) if form.validate() else None
    return render_template("customers/index.html", form=form, page=page)


@bp.get("/customers/<int:customer_id>")
def customer_page(customer_id):
    customer = service.get_or_404(customer_id)
    page = page_of(partial(contracts.search, user=me(), customer_id=customer.id), page_number())
    return render_template("customers/detail.html", customer=customer, page=page)


@bp.route("/customers/new", methods=["GET", "POST"])
@commits
def new_customer():
    service.require_creator(user=me())
    form = CustomerForm()
    customer = submit(form, lambda: service.create(code=form.code.data, name=form.name.data, actor=me()))
    if customer is None:
        return render_template("customers/new.html", form=form)
    flash(_("Customer %(name)s was created.", name=customer.name), "success")
    return redirect(url_for(".customer_page", customer_id=customer.id))
