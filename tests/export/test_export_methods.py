"""The shipped method library: every file passes its JSON Schema and the domain's rules, and
the library covers every activity the built-in templates use."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]
import pytest

from sprintdesk.domain.methods import Phase
from sprintdesk.export.interchange.method_file import (
    MethodError,
    builtin_methods,
    load_method,
    method_from_document,
    methods_folder,
    schema,
)

FILES = sorted(methods_folder().glob("*.json"))
# The activities behind the built-in templates, and the retrospective and alignment staples.
REQUIRED = {
    "long-term-goal", "sprint-questions", "make-a-map", "ask-the-experts", "how-might-we-notes",
    "organise-hmw-notes", "hmw-voting", "pick-a-target", "lightning-demos", "four-step-sketch",
    "crazy-8s", "solution-sketch", "art-museum", "heat-map", "speed-critique", "straw-poll",
    "supervote", "storyboard", "prototype-roles", "trial-run", "customer-interview",
    "interview-debrief", "ldj-working-well", "ldj-problems", "ldj-reframe-hmw",
    "ldj-produce-solutions", "ldj-actions", "check-in", "set-the-stage", "start-stop-continue",
    "mad-sad-glad", "four-ls", "five-whys", "dot-voting", "smart-actions", "roti", "empathy-map",
    "assumption-mapping", "impact-effort", "needs-vs-goals", "fist-of-five", "roam-risks",
    "dependency-mapping", "user-test-flow",
}  # fmt: skip


def test_the_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_method_passes_the_schema_and_loads(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema()).validate(document)
    method = load_method(path)
    assert method.slug == path.stem
    assert method.min_minutes <= method.typical_minutes <= method.max_minutes
    assert method.min_people <= method.max_people
    assert len(method.steps) >= 2 and all(step.endswith((".", "?", "”", "!")) for step in method.steps)
    assert method.source and method.summary


def test_the_library_covers_the_templates_activities() -> None:
    slugs = {m.slug for m in builtin_methods()}
    assert len(slugs) >= 35
    assert slugs >= REQUIRED
    assert {m.phase for m in builtin_methods()} == set(Phase)  # every phase has methods
    titles = [m.title.casefold() for m in builtin_methods()]
    assert len(titles) == len(set(titles))


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"format": "sprintdesk.template"}, "not a SprintDesk method"),
        ({"phase": "brainstorm"}, "phase"),
        ({"kind": "lunch"}, "kind"),
        ({"steps": ["only one"]}, "steps"),
        ({"duration_minutes": {"min": 30, "typical": 10, "max": 40}}, "out of order"),
        ({"group_size": {"min": 9, "max": 2}}, "group size"),
        ({"colour": "red"}, "unknown field"),
    ],
)
def test_broken_method_documents_give_one_line(change: dict[str, object], fragment: str) -> None:
    document = json.loads((methods_folder() / "crazy-8s.json").read_text(encoding="utf-8"))
    document.update(change)
    with pytest.raises(MethodError) as caught:
        method_from_document(document)
    assert fragment in str(caught.value) and "\n" not in str(caught.value)


def test_a_file_whose_slug_is_not_its_name_is_refused(tmp_path: Path) -> None:
    document = json.loads((methods_folder() / "crazy-8s.json").read_text(encoding="utf-8"))
    (tmp_path / "crazy-eights.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(MethodError, match="does not match the file name"):
        load_method(tmp_path / "crazy-eights.json")
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(MethodError, match=r"broken\.json: cannot be read"):
        load_method(tmp_path / "broken.json")


def test_the_wheel_ships_the_methods_and_their_schema() -> None:
    import tomllib

    root = Path(__file__).resolve().parents[2]
    data_files = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "data-files"
    ]
    assert data_files["share/sprintdesk/resources/methods"] == ["resources/methods/*.json"]
    assert "resources/schemas/*.json" in data_files["share/sprintdesk/resources/schemas"]
    assert (root / "resources" / "schemas" / "method-v1.schema.json").is_file()
