"""Web: the user's absence, with the deputy who takes their tasks while they are away."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..inbox import absence
from .blueprint import bp, commits, me, submit
from .forms import AbsenceForm


@bp.route("/absence", methods=["GET", "POST"])
@commits
def absence_page():
    form = AbsenceForm()
    saved = submit(form, lambda: absence.set_absence(user=me(), **form.values()))
    if saved is None:
        return render_template("inbox/absence.html", form=form, current=absence.get(user=me()))
    flash(_("Your absence is set: %(name)s takes your tasks while you are away.", name=saved.deputy.display_name),
          "success")
    return redirect(url_for(".absence_page"))


@bp.post("/absence/cancel")
@commits
def cancel_absence():
    absence.clear(user=me())
    flash(_("Your absence was cancelled: new tasks come to you again."), "info")
    return redirect(url_for(".absence_page"))
