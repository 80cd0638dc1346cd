"""Hostile uploads: every one is refused quickly, as one SpecError whose problem names the file."""

import random
import time
from pathlib import Path

import pytest

from workflows import Limits, SpecError, compile_process, dependencies
from workflows.specs import validate_sources

ROLES = ("sales",)  # none of these diagrams has a lane
LIFECYCLE = (Path(__file__).resolve().parents[2] / "bpmn" / "contract_lifecycle.bpmn").read_bytes()
HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n'
DEFINITIONS = (b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" '
               b'targetNamespace="https://pactum.example/bpmn/tests">')
PROCESS = b'<bpmn:process id="hostile" isExecutable="true">'
END = b"</bpmn:process></bpmn:definitions>\n"

BILLION_LAUGHS = HEAD + b'<!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
    f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'.encode() for i in range(1, 10)
) + b"]>" + DEFINITIONS + PROCESS + b'<bpmn:task id="t" name="&lol9;"/>' + END
EXTERNAL_ENTITY = (HEAD + b'<!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>' + DEFINITIONS + PROCESS
                   + b'<bpmn:task id="t" name="&secret;"/>' + END)
PLAIN_DOCTYPE = HEAD + b"<!DOCTYPE bpmn:definitions>" + DEFINITIONS + PROCESS + END
TRUNCATED = LIFECYCLE[: len(LIFECYCLE) // 2]
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
RANDOM_BYTES = random.Random(13).randbytes(64 * 1024)
LATIN1 = HEAD.replace(b"UTF-8", b"ISO-8859-1") + DEFINITIONS + PROCESS + b'<bpmn:task id="t" name="Vertr\xe4ge"/>' + END
DECLARED_LATIN1 = HEAD.replace(b"UTF-8", b"ISO-8859-1") + DEFINITIONS + PROCESS + END
UTF16 = (HEAD.replace(b"UTF-8", b"UTF-16") + DEFINITIONS + PROCESS + END).decode().encode("utf-16")


def many_tasks(count):
    """A well-formed diagram of about `count` elements: a process of empty tasks."""
    tasks = b"".join(b'<bpmn:task id="t%d"/>' % i for i in range(count))
    return HEAD + DEFINITIONS + PROCESS + tasks + END


def refusal(sources, **options):
    started = time.monotonic()
    with pytest.raises(SpecError) as error:
        compile_process("hostile", sources, roles=ROLES, **options)
    return error.value, time.monotonic() - started


HOSTILE = {
    "billion_laughs": (BILLION_LAUGHS, "DOCTYPE"),
    "external_entity": (EXTERNAL_ENTITY, "DOCTYPE"),
    "doctype_without_entities": (PLAIN_DOCTYPE, "DOCTYPE"),
    "truncated": (TRUNCATED, "not well-formed XML"),
    "binary": (BINARY, "binary"),
    "random_bytes": (RANDOM_BYTES, ""),
    "latin1": (LATIN1, "not UTF-8"),
    "declared_latin1": (DECLARED_LATIN1, "declares the encoding 'ISO-8859-1'"),
    "utf16": (UTF16, "UTF-16"),
    "empty": (b"  \n", "empty"),
    "thirty_thousand_elements": (many_tasks(30_000), "more than 20,000 elements"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_diagram_is_refused_as_one_problem_that_names_the_file(name):
    data, expected = HOSTILE[name]

    error, seconds = refusal({"upload.bpmn": data})

    [problem] = error.problems
    assert (problem.file, problem.element_id) == ("upload.bpmn", None)
    assert expected in problem.message
    assert "upload.bpmn" in str(error)
    assert seconds < 2


def test_an_external_entity_is_never_read():
    error, _ = refusal({"upload.bpmn": EXTERNAL_ENTITY})

    assert "root:" not in str(error)


def test_a_50_mb_diagram_is_refused_within_two_seconds():
    huge = many_tasks(2_400_000)
    assert len(huge) > 50 * 1024 * 1024

    error, seconds = refusal({"huge.bpmn": huge})

    assert seconds < 2
    assert [(p.file, p.element_id) for p in error.problems] == [("huge.bpmn", None)]
    assert "larger than the limit of 2.0 MB" in error.problems[0].message


def test_a_60_mb_diagram_sent_as_text_is_refused_within_two_seconds():
    huge = many_tasks(2_800_000).decode()

    error, seconds = refusal({"huge.bpmn": huge})

    assert seconds < 2
    assert "huge.bpmn" in str(error)


def test_the_caller_sets_the_limits():
    error, _ = refusal({"contract_lifecycle.bpmn": LIFECYCLE}, limits=Limits(max_bytes=10_000))
    assert "larger than the limit" in error.problems[0].message

    error, _ = refusal({"small.bpmn": many_tasks(200)}, limits=Limits(max_elements=100))
    assert "more than 100 elements" in error.problems[0].message


def test_every_hostile_file_is_named_and_a_good_one_is_not():
    problems = validate_sources({"bomb.bpmn": BILLION_LAUGHS, "cut.dmn": TRUNCATED, "good.bpmn": many_tasks(3)},
                                set(ROLES))

    assert sorted(p.file for p in problems) == ["bomb.bpmn", "cut.dmn"]


def test_dependencies_refuses_a_hostile_diagram_by_name():
    with pytest.raises(SpecError, match=r"^approval\.bpmn: a DOCTYPE"):
        dependencies(EXTERNAL_ENTITY, name="approval.bpmn")
