"""The designer and viewer bundles in headless Chromium: editing, round trips, problem markers, markers of progress."""

from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from workflows import compile_process

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SPIFF = "{http://spiffworkflow.org/bpmn/schema/1.0/core}"
DI_NAMESPACES = ("{http://www.omg.org/spec/BPMN/20100524/DI}", "{http://www.omg.org/spec/DD/20100524/DC}",
                 "{http://www.omg.org/spec/DD/20100524/DI}")
ROLES = ("sales", "legal", "finance", "manager", "executive", "signatory", "designer", "admin")
SHOTS = Path("/tmp/designer-shots")
COUNTERSIGN = "tests/frontend/diagrams/countersign_timer.bpmn"
# BPMN's defaults, which bpmn-moddle leaves out when it writes a diagram: the same meaning either way.
DEFAULTS = {("cancelActivity", "true"), ("isInterrupting", "true"), ("isExecutable", "false")}


def semantics(xml):
    """Every element outside the diagram layout: (tag, attributes, text), counted."""
    root = etree.fromstring(xml.encode() if isinstance(xml, str) else xml)
    return Counter(
        (node.tag, tuple(sorted(set(node.attrib.items()) - DEFAULTS)), (node.text or "").strip())
        for node in root.iter() if isinstance(node.tag, str) and not node.tag.startswith(DI_NAMESPACES)
    )


def spiff_properties(xml):
    root = etree.fromstring(xml.encode())
    return sorted((p.getparent().getparent().getparent().get("id"), p.get("name"), p.get("value"))
                  for p in root.iter(f"{SPIFF}property"))


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


@pytest.mark.parametrize("path", ["bpmn/contract_lifecycle.bpmn", "bpmn/approval.bpmn",
                                  "tests/frontend/diagrams/countersign_timer.bpmn"])
def test_a_diagram_round_trips_without_losing_anything(harness, path):
    page = harness(file=path)

    exported = page.run("(editor) => editor.getXml()")

    assert semantics(exported) == semantics((ROOT / path).read_bytes())
    assert page.errors == []


def test_exported_diagrams_still_compile(harness):
    sources = {}
    for name in ("contract_lifecycle.bpmn", "approval.bpmn"):
        sources[name] = harness(file=f"bpmn/{name}").run("(editor) => editor.getXml()").encode()
    sources["approval_levels.dmn"] = harness(kind="dmn", file="bpmn/approval_levels.dmn").run(
        "(editor) => editor.getXml()").encode()

    assert compile_process("contract_lifecycle", sources, roles=ROLES).process_id == "contract_lifecycle"


def test_renaming_a_task_keeps_its_properties(harness):
    page = harness(file="bpmn/contract_lifecycle.bpmn")

    exported = page.run("""(editor) => {
        const task = editor.modeler.get('elementRegistry').get('prepare_draft');
        editor.modeler.get('modeling').updateLabel(task, 'Draft the contract 起草合同');
        return editor.getXml();
    }""")

    assert 'name="Draft the contract 起草合同"' in exported
    original = (ROOT / "bpmn" / "contract_lifecycle.bpmn").read_text()
    assert spiff_properties(exported) == spiff_properties(original)
    assert page.page.evaluate("() => harness.changes") > 0
    assert page.errors == []


def test_the_properties_panel_edits_what_pactum_runs(harness):
    page = harness(file="bpmn/contract_lifecycle.bpmn")
    select = "(editor, id) => editor.modeler.get('selection').select(editor.modeler.get('elementRegistry').get(id))"

    page.run(select, "prepare_draft")
    page.page.fill("#bio-properties-panel-pactum-property-due", "P2D")
    page.page.fill("#bio-properties-panel-pactum-property-assignee", "")
    page.page.wait_for_timeout(600)  # the panel debounces typing (300 ms) and applies it to the element then shown
    page.run(select, "lane_manager")
    page.page.select_option("#bio-properties-panel-pactum-lane-role", "legal")
    page.run(select, "flow_rejected")
    page.page.fill("#bio-properties-panel-pactum-condition", "decision == 'reject'")
    page.page.wait_for_timeout(600)
    exported = page.run("(editor) => editor.getXml()")

    properties = spiff_properties(exported)
    assert ("prepare_draft", "due", "P2D") in properties
    assert not [p for p in properties if p[:2] == ("prepare_draft", "assignee")]
    assert '<bpmn:lane id="lane_manager" name="legal">' in exported
    assert "decision == 'reject'</bpmn:conditionExpression>" in exported
    assert page.errors == []


def test_the_properties_panel_edits_messages_and_timers(harness):
    page = harness(file=COUNTERSIGN)
    select = "(editor, id) => editor.modeler.get('selection').select(editor.modeler.get('elementRegistry').get(id))"

    page.run(select, "wait_countersigned")
    assert page.page.input_value("#bio-properties-panel-pactum-message-variable") == "countersignature"
    assert page.page.input_value("#bio-properties-panel-pactum-correlation") == "contract_id = contract_id"
    page.page.fill("#bio-properties-panel-pactum-correlation", "contract_id = contract_id\ncustomer_id = customer.id")
    page.page.wait_for_timeout(600)
    page.run(select, "cooling_off")
    page.page.fill("#bio-properties-panel-pactum-timer-expression", '"P5D"')
    page.page.wait_for_timeout(600)
    exported = page.run("(editor) => editor.getXml()")

    root = etree.fromstring(exported.encode())
    correlations = [(c.findtext(f"{SPIFF}propertyId"), c.findtext(f"{SPIFF}expression"))
                    for c in root.iter(f"{SPIFF}processVariableCorrelation")]
    assert correlations == [("contract_id", "contract_id"), ("customer_id", "customer.id")]
    assert root.findtext(".//{*}timeDuration") == '"P5D"'
    assert compile_process("countersign_timer", {"countersign_timer.bpmn": exported.encode()}, roles=ROLES)
    assert page.errors == []


def test_a_decision_table_cell_is_edited(harness):
    page = harness(kind="dmn", file="bpmn/approval_levels.dmn")

    exported = page.run("""(editor) => {
        const viewer = editor.modeler.getActiveViewer();
        const cell = viewer.get('elementRegistry').get('amount_below_100k_amount');
        viewer.get('modeling').editCell(cell.businessObject, '? < 50000');
        return editor.getXml();
    }""")

    entry = etree.fromstring(exported.encode()).find(".//{*}inputEntry[@id='amount_below_100k_amount']")
    assert entry.findtext("{*}text") == "? < 50000"
    assert page.page.evaluate("() => harness.changes") > 0
    assert page.errors == []


def test_problems_are_marked_on_their_elements_and_unknown_ids_are_ignored(harness):
    page = harness(file="bpmn/contract_lifecycle.bpmn")
    problems = [{"element_id": "prepare_draft", "message": "line 2: invalid Python: '(' was never closed"},
                {"element_id": "not_in_this_diagram", "message": "ignored"}]

    result = page.run("(editor, problems) => editor.highlight(problems)", problems)
    page.run("(editor) => editor.modeler.get('selection').select("
             "editor.modeler.get('elementRegistry').get('prepare_draft'))")

    marked = page.page.locator(".djs-element.pactum-problem")
    assert marked.evaluate_all("(nodes) => nodes.map((n) => n.dataset.elementId)") == ["prepare_draft"]
    assert page.page.locator(".pactum-problem-note").first.is_visible()
    assert "was never closed" in page.page.locator(".pactum-problem-note").first.inner_text()
    assert result == {"shown": ["prepare_draft"], "unplaced": [problems[1]]}
    shoot(page.page, "designer-problem-en")
    page.run("(editor) => editor.clearHighlights()")
    assert marked.count() == 0
    assert page.errors == []


def test_problems_are_marked_on_decision_table_cells(harness):
    page = harness(kind="dmn", file="bpmn/approval_levels.dmn")

    page.run("(editor, p) => editor.highlight(p)", [{"element_id": "amount_below_100k_amount", "message": "bad"}])

    cell = page.page.locator("[data-element-id='amount_below_100k_amount']")
    assert "pactum-problem" in cell.get_attribute("class")
    assert cell.get_attribute("title") == "bad"
    page.run("""(editor) => {  // the table renders again after an edit; the marker must stay
        const viewer = editor.modeler.getActiveViewer();
        viewer.get('selection').select('amount_below_100k_amount');
        const other = viewer.get('elementRegistry').get('amount_below_100k_kind');
        viewer.get('modeling').editCell(other.businessObject, "? == 'nda'");
        return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    }""")
    assert "pactum-problem" in cell.get_attribute("class")
    shoot(page.page, "dmn-problem-en")
    assert page.errors == []


def test_the_viewer_shows_an_instances_progress(harness):
    page = harness(mode="viewer", file="bpmn/contract_lifecycle.bpmn", completed="start,flow_start,mark_draft",
                   current="prepare_draft", waiting="wait_renewal_notice,unknown_id")

    classes = page.page.evaluate("""(ids) => Object.fromEntries(ids.map((id) =>
        [id, document.querySelector(`[data-element-id="${id}"]`).className.baseVal]))""",
                                 ["mark_draft", "flow_start", "prepare_draft", "wait_renewal_notice"])
    viewbox = page.page.evaluate("async () => (await harness.viewer.ready).viewer.get('canvas').viewbox()")
    flow_stroke = page.page.evaluate("""() => getComputedStyle(
        document.querySelector('[data-element-id="flow_start"] .djs-visual > path')).stroke""")

    assert "pactum-completed" in classes["mark_draft"] and "pactum-completed" in classes["flow_start"]
    assert "pactum-current" in classes["prepare_draft"]
    assert "pactum-waiting" in classes["wait_renewal_notice"]
    assert flow_stroke == "rgb(25, 135, 84)"
    inner = viewbox["inner"]
    assert viewbox["x"] <= inner["x"] + 1 and inner["x"] + inner["width"] <= viewbox["x"] + viewbox["width"] + 1
    shoot(page.page, "viewer-en")
    assert page.errors == []


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_of_the_designer(harness, locale, width):
    page = harness(width=width, locale=locale, file="bpmn/approval.bpmn")
    page.run("(editor) => editor.modeler.get('selection').select("
             "editor.modeler.get('elementRegistry').get('legal_approval'))")

    header = page.page.locator(".bio-properties-panel-group-header-title", has_text="人工任务" if locale == "zh_CN"
                               else "Human task")
    assert header.count() == 1
    shoot(page.page, f"designer-{locale}-{width}")
    if width == 1280:
        table = harness(width=width, locale=locale, kind="dmn", file="bpmn/approval_levels.dmn")
        first_clause = table.page.locator(".input-cell .clause").first.inner_text()
        assert first_clause == ("当" if locale == "zh_CN" else "When")
        shoot(table.page, f"dmn-{locale}-{width}")
        assert table.errors == []
    assert page.errors == []

