"""Pages: process models and their versions, the modeler (save a draft, validate, deploy), what changed, test runs,
migrations (admins), and a contract's process.

The modeler's page talks to the JSON routes below with its session and CSRF token; its script is a static file
(service/static/designer/) and its data comes in a JSON block, so that pages run under a Content-Security-Policy
without inline script.
"""

from functools import wraps

from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from ..auth.models import ROLES
from ..errors import Invalid, ServiceError
from ..web.blueprint import bp, commits, me, submit
from ..web.errors import message_for
from ..web.i18n import locale_code
from ..web.labels import label
from . import migrations, progress, service, trial
from .forms import MigrationForm, TestRunForm, parse_steps

JSON_ROUTES = {"web.save_draft", "web.validate_file", "web.deploy_file"}


@bp.app_template_global("diff_field")
def diff_field(field):
    """The name of a changed field: a known field's label, a decision table's column by its label."""
    kind, _sep, name = field.partition(":")
    if kind in ("input", "output") and name:
        return name
    return label("diff_field", field).removeprefix("property:")


@bp.before_request
def _limit_uploads():
    """The modeler sends whole diagrams: up to DESIGNER_UPLOAD_LIMIT, beyond it a quick 413."""
    if request.endpoint in JSON_ROUTES:
        request.max_content_length = current_app.config["DESIGNER_UPLOAD_LIMIT"]


@bp.app_context_processor
def _navigation():
    signed_in = current_user.is_authenticated
    return {"may_see_models": signed_in and service.may_view(current_user),
            "may_migrate": signed_in and migrations.may_migrate(current_user)}


def _json_errors(view):
    """A service error as JSON for the modeler's script (the transaction was rolled back by @commits)."""

    @wraps(view)
    def handler(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except ServiceError as exc:
            body = exc.to_dict()
            body["error"]["message"] = message_for(exc)
            return jsonify(body), exc.status

    return handler


def _body():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise Invalid("send a JSON object with 'Content-Type: application/json'")
    return body


@bp.get("/designer")
def designer_page():
    return render_template("designer/index.html", models=service.models(user=me()))


@bp.get("/designer/models/<model_id>")
def model_page(model_id):
    return render_template("designer/model.html", detail=service.model(user=me(), model_id=model_id),
                           may_design=service.may_design(me()))


@bp.get("/designer/models/<model_id>/edit")
def editor_page(model_id):
    opened = service.open_file(user=me(), model_id=model_id, number=request.args.get("version", type=int),
                               draft_id=request.args.get("draft", type=int))
    return render_template("designer/editor.html", opened=opened, roles=ROLES, may_design=service.may_design(me()),
                           config=_editor_config(opened))


def _editor_config(opened):
    return {
        "kind": "dmn" if opened.kind == "decision" else "bpmn", "xml": opened.xml, "roles": list(ROLES),
        "locale": locale_code(), "file": f"{opened.model_id}.{'dmn' if opened.kind == 'decision' else 'bpmn'}",
        "baseVersion": opened.base_version, "draftId": opened.draft.id if opened.draft else None,
        "csrf": generate_csrf(),
        "urls": {"draft": url_for(".save_draft", model_id=opened.model_id),
                 "validate": url_for(".validate_file", model_id=opened.model_id),
                 "deploy": url_for(".deploy_file", model_id=opened.model_id),
                 "testRun": url_for(".test_run_page", model_id=opened.model_id)},
        "texts": {"saved": _("Draft saved."), "valid": _("No problems found. It can be deployed."),
                  "problems": _("Problems found:"), "deploying": _("Deploying…"), "working": _("Checking…"),
                  "unsaved": _("Unsaved changes"), "failed": _("The server could not be reached. Try again."),
                  "tooLarge": _("The diagram is larger than the server accepts."),
                  "confirmDeploy": _("Deploy this as the newest version? New contracts will start on it."),
                  "alsoNew": _("These processes get a new version with it:"), "file": _("File")},
    }


@bp.post("/designer/models/<model_id>/draft")
@_json_errors
@commits
def save_draft(model_id):
    body = _body()
    draft = service.save_draft(user=me(), model_id=model_id, xml=body.get("xml"),
                               base_version=body.get("base_version"))
    return jsonify({"draft_id": draft.id, "saved_at": draft.updated_at.isoformat(),
                    "test_run": url_for(".test_run_page", model_id=model_id, source=f"draft:{draft.id}")})


@bp.post("/designer/models/<model_id>/drafts/<int:draft_id>/discard")
@commits
def discard_draft(model_id, draft_id):
    service.discard_draft(user=me(), model_id=model_id, draft_id=draft_id)
    flash(_("The draft was discarded."), "info")
    return redirect(url_for(".model_page", model_id=model_id))


@bp.post("/designer/models/<model_id>/validate")
@_json_errors
def validate_file(model_id):
    body = _body()
    checked = service.validate(user=me(), model_id=model_id, xml=body.get("xml"))
    return jsonify({"valid": checked.valid, "dependents": checked.dependents,
                    "problems": [{"file": p.file, "element_id": p.element_id, "message": p.message}
                                 for p in checked.problems]})


@bp.post("/designer/models/<model_id>/deploy")
@_json_errors
@commits
def deploy_file(model_id):
    body = _body()
    made = service.deploy(user=me(), model_id=model_id, xml=body.get("xml"), draft_id=body.get("draft_id"))
    flash(_("%(model)s version %(version)s is deployed; new contracts start on it.", model=model_id,
            version=made[0].version), "success")
    for version in made[1:]:
        flash(_("%(model)s version %(version)s carries it.", model=version.process_id, version=version.version),
              "info")
    return jsonify({"versions": [{"model_id": v.process_id, "number": v.version} for v in made],
                    "redirect": url_for(".model_page", model_id=model_id)})


@bp.get("/designer/models/<model_id>/diff")
def diff_page(model_id):
    detail = service.model(user=me(), model_id=model_id)
    newest = detail.latest.version
    after = request.args.get("to", newest, type=int)
    before = request.args.get("from", max(after - 1, 1), type=int)
    diff = service.diff(user=me(), model_id=model_id, from_number=before, to_number=after)
    return render_template("designer/diff.html", detail=detail, diff=diff)


def _sources(detail):
    """Choices of what a test run runs: each version, and each draft."""
    versions = [(f"version:{r.number}", _("Version %(number)s", number=r.number)) for r in detail.versions]
    drafts = [(f"draft:{d.id}", _("Draft by %(author)s", author=d.author.display_name)) for d in detail.drafts]
    return drafts + versions


def _run(form, model_id):
    kind, _sep, ident = (form.source.data or "").partition(":")
    number = int(ident) if ident.isdigit() else None
    xml = service.open_file(user=me(), model_id=model_id, draft_id=number).xml if kind == "draft" and number else None
    return trial.test_run(user=me(), model_id=model_id, contract=form.contract(), steps=parse_steps(form.steps.data),
                          xml=xml, number=number if kind == "version" else None, locale=locale_code())


@bp.route("/designer/models/<model_id>/test-run", methods=["GET", "POST"])
def test_run_page(model_id):
    service.require_designer(user=me())
    detail = service.model(user=me(), model_id=model_id)
    form = TestRunForm(sources=_sources(detail), source=request.args.get("source"), **trial.SAMPLE_FORM)
    run = submit(form, lambda: _run(form, model_id))
    return render_template("designer/test_run.html", detail=detail, form=form, run=run)


@bp.route("/designer/models/<model_id>/migrate", methods=["GET", "POST"])
@commits
def migrate_page(model_id):
    migrations.require_migrator(user=me())
    detail = service.model(user=me(), model_id=model_id)
    form = MigrationForm(from_version=request.args.get("from", type=int),
                         to_version=request.args.get("to", detail.latest.version, type=int))

    def run(dry_run):
        return migrations.migrate(user=me(), process_model=model_id, from_version=form.from_version.data,
                                  to_version=form.to_version.data, instance_ids=form.instance_ids.data or [],
                                  dry_run=dry_run)

    report = submit(form, lambda: run(not form.apply.data))
    if report is None and request.method == "GET" and form.from_version.data:
        report = run(True)  # what is on that version, and whether it can move
    if report is not None and report.migration is not None:
        moved = sum(c.moved for c in report.candidates)
        flash(ngettext("%(num)d instance moved to version %(version)s.", "%(num)d instances moved to version "
                       "%(version)s.", moved, version=report.to_version.version), "success")
    return render_template("designer/migrate.html", detail=detail, form=form, report=report,
                           recent=migrations.recent(user=me()))


@bp.post("/designer/migrations/<int:migration_id>/revert")
@commits
def revert_migration(migration_id):
    reverted = migrations.revert(user=me(), migration_id=migration_id)
    back = sum(1 for _id, outcome, _reason in reverted.results if outcome != "kept")
    flash(ngettext("Migration %(id)s reverted: %(num)d instance is back on version %(version)s.",
                   "Migration %(id)s reverted: %(num)d instances are back on version %(version)s.", back,
                   id=migration_id, version=reverted.migration.from_version.version), "success")
    for instance_id, outcome, reason in reverted.results:
        if outcome == "kept":
            flash(_("Instance %(id)s stays: %(reason)s", id=instance_id, reason=reason), "warning")
    return redirect(url_for(".migrate_page", model_id=reverted.migration.process_id))


@bp.get("/contracts/<int:contract_id>/process")
def contract_process_page(contract_id):
    view = progress.contract_process(user=me(), contract_id=contract_id, locale=locale_code())
    return render_template("designer/contract_process.html", view=view, contract=view.contract)
