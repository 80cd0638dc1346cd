"""Move a running instance onto another version of its process, keeping its place, its data and its task ids.

An instance can move when every element it has reached (its completed steps, its ready and waiting tasks, the
subprocesses it is inside) exists in the target with the same type, and the steps after a running subprocess are
unchanged. What it has not reached yet is predicted again from the target, so new or changed steps ahead take
effect.
"""

from SpiffWorkflow.util.task import TaskState

AHEAD = TaskState.FUTURE | TaskState.PREDICTED_MASK  # not reached yet: predicted from the spec
_STATE_WORDS = {TaskState.READY: "ready", TaskState.WAITING: "waiting", TaskState.STARTED: "running",
                TaskState.COMPLETED: "completed", TaskState.CANCELLED: "cancelled", TaskState.ERROR: "failed"}


def _label(spec):
    name = f" ({spec.bpmn_name})" if getattr(spec, "bpmn_name", None) else ""
    return f"'{spec.bpmn_id or spec.name}'{name}"


def _flows(workflow):
    return [workflow, *workflow.subprocesses.values()]


def _target_spec(flow, workflow, target):
    return target.spec if flow is workflow else target.subprocess_specs.get(flow.spec.name)


def _check_task(task, new_spec, reasons):
    if task.has_state(AHEAD):
        return
    state = _STATE_WORDS.get(task.state, TaskState.get_name(task.state).lower())
    candidate = new_spec.task_specs.get(task.task_spec.name)
    if candidate is None:
        reasons.append(f"the {state} step {_label(task.task_spec)} does not exist in the target")
    elif type(candidate) is not type(task.task_spec):
        reasons.append(f"the {state} step {_label(task.task_spec)} is a {type(task.task_spec).__name__} here and a "
                       f"{type(candidate).__name__} in the target")
    elif task.has_state(TaskState.STARTED) and _successors_changed(task, candidate):
        reasons.append(f"the steps after {_label(task.task_spec)}, which is still running, differ in the target; "
                       "move the instance when it has finished")


def _successors_changed(task, candidate):
    predicted = sorted(c.task_spec.name for c in task.children if c.has_state(AHEAD))
    wanted = sorted(s.name for s in candidate.outputs if s.name not in
                    {c.task_spec.name for c in task.children if not c.has_state(AHEAD)})
    return predicted != wanted


def reasons_not_to_move(workflow, target):
    """Why a loaded workflow cannot move onto the target (a CompiledProcess); empty when it can."""
    reasons = []
    for flow in _flows(workflow):
        new_spec = _target_spec(flow, workflow, target)
        if new_spec is None:
            reasons.append(f"the target has no process or subprocess '{flow.spec.name}', which the instance is in")
            continue
        for task in flow.get_tasks(skip_subprocesses=True):
            _check_task(task, new_spec, reasons)
    return list(dict.fromkeys(reasons))


def _repredict(task):
    """Drop what a ready or waiting task predicted and predict its successors again from its (new) spec."""
    for child in list(task.children):
        if child.has_state(AHEAD):
            task.workflow._remove_task(child.id)
    kept = {c.task_spec for c in task.children}
    for spec in task.task_spec.outputs:
        if spec not in kept:
            child = task._add_child(spec, TaskState.FUTURE)
            spec._predict(child, mask=AHEAD)


def move(workflow, target):
    """Rebind a loaded workflow to the target's specs in place; call reasons_not_to_move first."""
    for flow in _flows(workflow):
        new_spec = _target_spec(flow, workflow, target)
        flow.spec = new_spec
        for task in list(flow.tasks.values()):
            if task.id not in flow.tasks:
                continue  # removed with a predicted parent
            candidate = new_spec.task_specs.get(task.task_spec.name)
            if candidate is not None:
                task.task_spec = candidate
            elif task.has_state(AHEAD):
                flow._remove_task(task.id)
        for task in list(flow.get_tasks(state=TaskState.READY | TaskState.WAITING, skip_subprocesses=True)):
            _repredict(task)
    workflow.subprocess_specs = target.subprocess_specs
    workflow.spec_sha256 = target.sha256
    return workflow
