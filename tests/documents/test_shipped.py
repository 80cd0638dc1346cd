import json

from service.documents.formatting import KINDS, LANGUAGES
from service.documents.shipped.build import build
from tests.documents.conftest import MANIFEST, SHIPPED


def test_the_manifest_lists_six_kinds_in_both_languages():
    assert len(MANIFEST) == 12
    assert {(entry["kind"], entry["language"]) for entry in MANIFEST} == {
        (kind, language) for kind in ("sales", "service", "nda", "framework", "order", "amendment")
        for language in LANGUAGES}
    assert all(entry["kind"] in KINDS and entry["name"]["en"] and entry["name"]["zh_CN"] for entry in MANIFEST)


def test_the_committed_templates_are_what_the_script_builds():
    for entry in MANIFEST:
        assert build(kind=entry["kind"], language=entry["language"]) == (SHIPPED / entry["file"]).read_bytes(), \
            f"{entry['file']} is stale: run python -m service.documents.shipped.build"


def test_the_shipped_clause_library_is_valid_json_with_both_languages():
    data = json.loads((SHIPPED / "clauses.json").read_text(encoding="utf-8"))
    assert {clause["slot"] for clause in data["clauses"]} == {"liability", "governing_law", "payment"}
