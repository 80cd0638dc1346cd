"""API: process models and their versions, validation, deployment, diffs, test runs; a contract's process;
migrations of running instances."""

from flask import current_app, g, request

from ..api.blueprint import bp, endpoint
from . import migrations, progress, service, trial
from .schemas import (
    ContractProcessOut,
    DeployOut,
    DiffOut,
    DiffQuery,
    MigrationIn,
    MigrationOut,
    MigrationRecordOut,
    ModelDetailOut,
    ModelOut,
    RevertOut,
    TestRunIn,
    TestRunOut,
    UploadIn,
    ValidateIn,
    ValidationOut,
    VersionOut,
    VersionSourcesOut,
)

UPLOADS = {"api.deploy_version", "api.validate_model", "api.test_run_model"}


@bp.before_request
def _limit_uploads():
    """Diagram uploads may be larger than other requests, up to DESIGNER_UPLOAD_LIMIT; beyond it a quick 413."""
    if request.endpoint in UPLOADS:
        request.max_content_length = current_app.config["DESIGNER_UPLOAD_LIMIT"]


def _locale():
    return g.user.locale or "en"


@endpoint("/process-models", "GET", summary="Process models (BPMN processes and DMN decision tables) with their "
          "newest version and running instances (designers, admins)", response=[ModelOut], errors=(403,))
def list_models():
    return [ModelOut.of(m) for m in service.models(user=g.user)]


@endpoint("/process-models/<model_id>", "GET", summary="A process model's versions and drafts",
          response=ModelDetailOut, errors=(403, 404))
def get_model(model_id):
    return ModelDetailOut.of(service.model(user=g.user, model_id=model_id))


@endpoint("/process-models/<model_id>/versions/<int:number>", "GET",
          summary="A version of a process model with its sources (the model's file and every file it calls)",
          response=VersionSourcesOut, errors=(403, 404))
def get_version(model_id, number):
    return VersionSourcesOut.of(service.version(user=g.user, model_id=model_id, number=number))


@endpoint("/process-models/<model_id>/versions", "POST",
          summary="Deploy a BPMN or DMN file as the model's newest version, with new versions of the processes "
                  "that call it (designers). Refused with 422 and error.problems [{file, element_id, message}] "
                  "when anything does not validate; 409 when nothing changed", body=UploadIn, response=DeployOut,
          status=201, errors=(403, 409, 413, 422))
def deploy_version(model_id, body):
    made = service.deploy(user=g.user, model_id=model_id, xml=body.xml, kind=body.kind, draft_id=body.draft_id)
    return DeployOut(versions=[VersionOut.of(v) for v in made])


@endpoint("/process-models/<model_id>/validate", "POST",
          summary="Check a BPMN or DMN file as deploying it would, the processes that call it included; "
                  "problems name the file and the element (designers)", body=ValidateIn, response=ValidationOut,
          errors=(403, 404, 413, 422))
def validate_model(model_id, body):
    return service.validate(user=g.user, model_id=model_id, xml=body.xml, kind=body.kind)


@endpoint("/process-models/<model_id>/versions/<int:number>/diff", "GET",
          summary="What changed from this version to another: elements and decision-table rows added, removed "
                  "and changed", query=DiffQuery, response=DiffOut, errors=(403, 404, 422))
def diff_versions(model_id, number, query):
    return DiffOut.of(service.diff(user=g.user, model_id=model_id, from_number=number, to_number=query.to))


@endpoint("/process-models/<model_id>/test-run", "POST",
          summary="Run the model in memory on a sample contract, user tasks completed with the given decisions in "
                  "order, until it ends or waits; nothing is stored (designers)", body=TestRunIn,
          response=TestRunOut, errors=(403, 404, 413, 422))
def test_run_model(model_id, body):
    run = trial.test_run(user=g.user, model_id=model_id, contract=body.contract.model_dump(),
                         steps=[s.model_dump() for s in body.steps], xml=body.xml, number=body.version,
                         locale=_locale())
    return TestRunOut.of(run)


@endpoint("/contracts/<int:contract_id>/process", "GET",
          summary="Where a contract stands in its process: completed, current and waiting elements per diagram, "
                  "who holds the open tasks, waiting timers, approval levels still to come",
          response=ContractProcessOut, errors=(404,))
def contract_process(contract_id):
    view = progress.contract_process(user=g.user, contract_id=contract_id, locale=_locale())
    return ContractProcessOut.of(view, _locale())


@endpoint("/migrations", "POST",
          summary="Move running instances from one version of a process to another (admins); dry_run (the "
                  "default) only says which can move and why the others cannot", body=MigrationIn,
          response=MigrationOut, errors=(403, 404, 422))
def migrate(body):
    return MigrationOut.of(migrations.migrate(user=g.user, **body.model_dump()))


@endpoint("/migrations/<int:migration_id>", "GET", summary="An applied migration and its instances (admins)",
          response=MigrationRecordOut, errors=(403, 404))
def get_migration(migration_id):
    return MigrationRecordOut.of(migrations.get(user=g.user, migration_id=migration_id))


@endpoint("/migrations/<int:migration_id>/revert", "POST",
          summary="Move a migration's instances back: restored as they were, or moved back when they moved on "
                  "(admins)", response=RevertOut, errors=(403, 404, 409))
def revert_migration(migration_id):
    return RevertOut.of(migrations.revert(user=g.user, migration_id=migration_id))
