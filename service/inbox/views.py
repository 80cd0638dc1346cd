"""Pages: the inbox, claiming and releasing, the task page where a step is completed, delegation, absence."""

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..contracts import service as contracts
from ..designer import service as designer
from ..web.blueprint import PAGE_SIZE, bp, commits, local_url, me, page_number, submit
from ..web.errors import message_for
from ..web.i18n import locale_code
from ..web.labels import label
from . import absence, reasons, service
from .forms import AbsenceForm, AssignForm, BulkCompleteForm, task_form
from .labels import DECISION_BUTTONS, label_of_decision_done, label_of_view, task_title
from .schemas import CandidateOut

bp.add_app_template_global(task_title, "task_title")
bp.add_app_template_global(DECISION_BUTTONS, "decision_buttons")


@bp.app_template_global("task_reasons")
def task_reasons(task):
    """Why the task is in an inbox (the approval policy's rules), in the reader's language."""
    return [r["text"] for r in reasons.render(task.reason, locale_code())]


@bp.app_context_processor
def _navigation():
    return {"inbox_total": service.inbox_count(user=current_user) if current_user.is_authenticated else 0}


@bp.get("/")
def index():
    """Home: the inbox, or the process models for a designer who works no inbox."""
    return redirect(url_for(".designer_page" if designer.lands_here(me()) else ".inbox_page"))


@bp.get("/inbox")
def inbox_page():
    view, order = request.args.get("view", "all"), request.args.get("order", "due")
    counts = service.inbox_counts(user=me())
    pages = max((counts.get(view, 0) + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    number = min(page_number(), pages)  # past the end: the last page
    tasks = service.inbox(user=me(), view=view, order=order, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
    bulk_ids = {t.id for t in tasks if service.may_decide_in_bulk(me(), t)}
    return render_template("inbox/index.html", tasks=tasks, counts=counts, view=view, order=order,
                           number=number, pages=pages, bulk=BulkCompleteForm(formdata=None), bulk_ids=bulk_ids)


@bp.post("/inbox/bulk")
@commits
def bulk_complete():
    form = BulkCompleteForm()
    back = redirect(local_url(request.form.get("next"), url_for(".inbox_page")))
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(str(e) for e in errors), "danger")
        return back
    results = service.bulk_complete(task_ids=form.task_ids.data, user=me(), decision=form.decision.data,
                                    comment=form.comment.data)
    done = sum(1 for _task_id, _task, error in results if error is None)
    if done:
        flash(ngettext("%(num)d task completed.", "%(num)d tasks completed.", done), "success")
    for _task_id, task, error in results:
        if error is not None:
            flash(_bulk_failure(task, error), "danger")
    return back


def _bulk_failure(task, error):
    """Why one ticked task was not completed, naming it by its contract and title and decisions by their labels."""
    if task is None:
        return _("A ticked task was not completed: it does not exist, or you may not see it.")
    if error.field == "decision":
        reason = _("it offers only %(decisions)s.", decisions=", ".join(f"“{label('decision', d)}”"
                                                                          for d in task.decision_list))
    elif error.field == "comment":
        reason = _("a comment is required to reject; say what must change.")
    elif error.status == 403:
        reason = _("you may not act on it.")
    elif error.status == 409:
        reason = _("it was completed or claimed by someone else in the meantime.")
    else:
        reason = message_for(error)
    return _("%(number)s “%(title)s” was not completed: %(reason)s", number=task.contract.number if task.contract
             else "-", title=task_title(task), reason=reason)


@bp.post("/tasks/<int:task_id>/claim")
@commits
def claim(task_id):
    task = service.claim(task_id=task_id, user=me())
    back = local_url(request.form.get("next"), None)
    if task.assignee_id != me().id:  # the claimer is away: the task went to their deputy
        flash(_("You are away, so “%(title)s” went to your deputy %(name)s; it has left your inbox.",
                title=task_title(task), name=task.assignee.display_name), "info")
        return redirect(back or url_for(".inbox_page"))
    message = _("You claimed “%(title)s”: only you can complete it now.", title=task_title(task))
    if back:  # from a list: say where the task is now, as it may leave the view it was claimed from
        message += " " + _("It is listed under “%(view)s”.", view=label_of_view("claimed"))
    flash(message, "success")
    return redirect(back or url_for(".task_page", task_id=task_id))


@bp.post("/tasks/<int:task_id>/release")
@commits
def release(task_id):
    task = service.release(task_id=task_id, user=me())
    flash(_("You released “%(title)s” to everyone in its role.", title=task_title(task)), "info")
    return redirect(local_url(request.form.get("next"), url_for(".task_page", task_id=task_id)))


@bp.route("/tasks/<int:task_id>", methods=["GET", "POST"])
@commits
def task_page(task_id):
    task = service.get_for(task_id=task_id, user=me())
    form = task_form(task, decision=task.decision_list[0] if len(task.decision_list) == 1 else None)
    done = submit(form, lambda: service.complete(task_id=task.id, user=me(), decision=form.decision.data,
                                                 comment=form.comment.data, data=form.task_data()))
    if done:
        flash(_("%(decision)s: %(title)s, contract %(number)s.", decision=label_of_decision_done(done.decision),
                title=task_title(done), number=done.contract.number if done.contract else "-"), "success")
        return redirect(url_for(".inbox_page"))
    return _task_template(task, form)


def _task_template(task, form, delegate=None, reassign=None):
    """The task page, with the forms that were posted (and their errors) or empty ones."""
    page = vars(contracts.details(task.contract, with_timeline=True)) if task.contract else {}
    may_reassign = task.status == "open" and service.may_reassign(me())
    people = service.candidates(task_id=task.id, user=me()) if service.may_hand_over(me(), task) else []
    return render_template("inbox/task.html", task=task, form=form, may_act=service.may_act(me(), task),
                           delegate=(delegate or AssignForm(formdata=None)).offer(people),
                           reassign=(reassign or AssignForm(formdata=None)).offer(people) if may_reassign else None,
                           **page)


@bp.get("/tasks/<int:task_id>/candidates")
def task_candidates(task_id):
    """The hand-over picker's search (static/handover.js): who may take the task, as JSON."""
    found = service.candidates(task_id=task_id, user=me(), q=request.args.get("q", "")[:64])
    return jsonify([CandidateOut.of(*pair).model_dump() for pair in found])


def _assign_failed(task_id, **forms):
    task = service.get_for(task_id=task_id, user=me())
    return _task_template(task, task_form(task, formdata=None), **forms)


@bp.post("/tasks/<int:task_id>/delegate")
@commits
def delegate(task_id):
    form = AssignForm()
    task = submit(form, lambda: service.delegate(task_id=task_id, user=me(), to=form.to.data))
    if task is None:
        return _assign_failed(task_id, delegate=form)
    flash(_("You handed “%(title)s” to %(name)s.", title=task_title(task), name=task.assignee.display_name),
          "success")
    return redirect(url_for(".inbox_page"))


@bp.post("/tasks/<int:task_id>/reassign")
@commits
def reassign(task_id):
    service.require_reassigner(user=me())  # before the form is read: a post without the right is 403 even when empty
    form = AssignForm()
    task = submit(form, lambda: service.reassign(task_id=task_id, user=me(), to=form.to.data))
    if task is None:
        return _assign_failed(task_id, reassign=form)
    flash(_("“%(title)s” is now with %(name)s.", title=task_title(task), name=task.assignee.display_name),
          "success")
    return redirect(url_for(".task_page", task_id=task_id))


@bp.route("/absence", methods=["GET", "POST"])
@commits
def absence_page():
    current = absence.get(user=me())
    form = AbsenceForm(obj=current and AbsenceForm.Current.of(current)) if request.method == "GET" else AbsenceForm()
    saved = submit(form, lambda: absence.set_absence(user=me(), **form.values()))
    if saved is None:
        return render_template("inbox/absence.html", form=form, current=current)
    flash(_("Your absence is set: %(name)s takes your tasks while you are away.", name=saved.deputy.display_name),
          "success")
    return redirect(url_for(".absence_page"))


@bp.post("/absence/cancel")
@commits
def cancel_absence():
    absence.clear(user=me())
    flash(_("Your absence was cancelled: new tasks come to you again."), "info")
    return redirect(url_for(".absence_page"))
