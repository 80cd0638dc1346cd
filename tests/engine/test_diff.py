"""diff_sources: the elements and decision rows added, removed and changed between two sets of diagrams."""

import pytest

from workflows import SpecError
from workflows.diff import diff_sources


def changed(shipped_sources, file, *replacements):
    after = shipped_sources[file]
    for old, new in replacements:
        assert old in after, old
        after = after.replace(old, new)
    [diff] = [d for d in diff_sources(shipped_sources, {**shipped_sources, file: after}) if d.file == file]
    return diff


def fields(diff, element_id):
    [element] = [e for e in diff.changed if e.element_id == element_id]
    return {c.field: (c.before, c.after) for c in element.changes}


def test_unchanged_files_are_said_to_be(shipped_sources):
    assert {d.status for d in diff_sources(shipped_sources, dict(shipped_sources))} == {"unchanged"}


def test_a_renamed_task_and_a_changed_condition(shipped_sources):
    diff = changed(shipped_sources, "approval.bpmn",
                   (b'name="Review the contract (legal)"', b'name="Legal review"'),
                   (b"'finance' in approval_plan</", b"'finance' in approval_plan and amount_cny > 0</"))

    assert diff.status == "changed"
    assert fields(diff, "legal_approval") == {"name": ("Review the contract (legal)", "Legal review")}
    assert fields(diff, "flow_finance_needed")["condition"][1] == "'finance' in approval_plan and amount_cny > 0"
    assert diff.added == diff.removed == []


def test_lanes_timers_scripts_and_properties(shipped_sources):
    diff = changed(shipped_sources, "contract_lifecycle.bpmn",
                   (b"<bpmn:flowNodeRef>mark_renewing</bpmn:flowNodeRef>", b""),
                   (b"<bpmn:timeDate>renewal_notice_at</bpmn:timeDate>",
                    b'<bpmn:timeDuration>"P30D"</bpmn:timeDuration>'),
                   (b"contract_status = 'expired'", b"contract_status = 'expired'\nexpired = True"),
                   (b'name="decisions" value="renew,let_expire"', b'name="decisions" value="renew"'))

    assert fields(diff, "mark_renewing") == {"lane": ("sales", None)}
    assert fields(diff, "wait_renewal_notice") == {"timer": ("timeDate: renewal_notice_at", 'timeDuration: "P30D"')}
    assert fields(diff, "mark_expired")["script"][1].endswith("expired = True")
    assert fields(diff, "renewal_review") == {"property:decisions": ("renew,let_expire", "renew")}


def test_added_and_removed_elements(shipped_sources):
    diff = changed(shipped_sources, "contract_lifecycle.bpmn",
                   (b'<bpmn:scriptTask id="mark_renewing"', b'<bpmn:scriptTask id="flag_renewing"'))

    assert [(e.element_id, e.type) for e in diff.added] == [("flag_renewing", "scriptTask")]
    assert [(e.element_id, e.name) for e in diff.removed] == [("mark_renewing", "Mark as renewing")]


def test_a_layout_change_alone_is_not_a_change_of_behaviour(shipped_sources):
    diff = changed(shipped_sources, "approval.bpmn", (b'<dc:Bounds x="', b'<dc:Bounds x="1'))

    assert (diff.status, diff.changed) == ("layout", [])


def test_decision_rows_added_removed_and_changed(shipped_sources):
    diff = changed(shipped_sources, "approval_levels.dmn",
                   (b"<text>? &lt; 100000</text>", b"<text>? &lt; 50000</text>"),
                   (b'<rule id="kind_framework">', b'<rule id="kind_framework_v2">'))

    assert fields(diff, "amount_below_100k") == {"input:Amount in CNY": ("? < 100000", "? < 50000")}
    assert [e.element_id for e in diff.added] == ["kind_framework_v2"]
    assert [(e.element_id, e.type, e.name) for e in diff.removed] == [("kind_framework", "rule", "row 9")]


def test_moving_a_row_up_is_a_change(shipped_sources):
    before = shipped_sources["approval_levels.dmn"]
    start, end = before.index(b'<rule id="kind_framework">'), before.index(b"</rule>", before.index(
        b'<rule id="kind_framework">')) + len(b"</rule>")
    row = before[start:end]
    after = before[:start] + before[end:]
    first = after.index(b'<rule id="amount_below_100k">')
    after = after[:first] + row + after[first:]

    [diff] = [d for d in diff_sources({"t.dmn": before}, {"t.dmn": after})]

    assert fields(diff, "kind_framework")["row"] == ("9", "1")


def test_a_file_added_or_removed(shipped_sources):
    without = {k: v for k, v in shipped_sources.items() if k != "approval_levels.dmn"}

    added = {d.file: d for d in diff_sources(without, shipped_sources)}["approval_levels.dmn"]
    removed = {d.file: d for d in diff_sources(shipped_sources, without)}["approval_levels.dmn"]

    assert added.status == "added" and "amount_below_100k" in [e.element_id for e in added.added]
    assert removed.status == "removed" and removed.removed


def test_an_unreadable_source_is_refused_as_a_spec_error(shipped_sources):
    with pytest.raises(SpecError, match="DOCTYPE"):
        diff_sources(shipped_sources, {**shipped_sources, "approval.bpmn": b'<!DOCTYPE x [<!ENTITY a "b">]><x/>'})
