"""Workflow state as JSON, with the process spec stored apart and referenced by its hash."""

from decimal import Decimal
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG


class _SpecRefConverter(BpmnWorkflowConverter):
    """Writes `{"spec": {"ref": sha256}}` instead of the spec; resolves it when loading."""

    resolve = None  # set per serializer: sha256 -> CompiledProcess

    def to_dict(self, workflow):
        dct = WorkflowConverter.to_dict(self, workflow)
        dct["spec"] = {"ref": workflow.spec_sha256}
        dct["subprocess_specs"] = {}
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(self, dct):
        sha256 = dct.pop("spec")["ref"]
        process = type(self).resolve(sha256)
        dct.pop("subprocess_specs", None)
        workflow = self.target_class(process.spec, process.subprocess_specs, deserializing=True)
        workflow.spec_sha256 = sha256
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


def make_serializer(resolve):
    """A serializer that looks up specs with resolve(sha256) -> CompiledProcess."""
    converter = type("SpecRefConverter", (_SpecRefConverter,), {"resolve": staticmethod(resolve)})
    config = dict(SPIFF_CONFIG)
    config[BpmnWorkflow] = converter
    registry = BpmnWorkflowSerializer.configure(config)
    registry.register(Decimal, lambda v: {"value": str(v)}, lambda d: Decimal(d["value"]))
    return BpmnWorkflowSerializer(registry)

