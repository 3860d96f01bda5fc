"""Fuzz the template importer: arbitrary bytes and mutated valid files never raise anything
but a one-line ValidationError, and a refused file leaves the database as it was."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sprintdesk.domain.errors import ValidationError
from sprintdesk.services.personal_templates import PersonalTemplateService
from sprintdesk.services.templates import TemplateService
from sprintdesk.storage.database import Database

pytestmark = pytest.mark.slow  # fuzzes the template import with many examples

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**12), 10**12) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


@pytest.fixture
def valid(db: Database) -> dict[str, Any]:
    """A real template file: the Lightning Decision Jam saved from a workshop, slug ``fuzzed``."""
    workshop_id, _ = TemplateService(db).create_from("lightning-decision-jam")
    service = PersonalTemplateService(db)
    template, _ = service.save_workshop(workshop_id, "Fuzzed")
    document: dict[str, Any] = json.loads(
        next(row for row in _rows_of(db) if row[0] == template.slug)[2]  # type: ignore[arg-type]
    )
    service.delete(template.slug)
    return document


def _rows_of(db: Database) -> list[tuple[object, ...]]:
    path = db.label
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT slug, title, body FROM personal_templates ORDER BY id").fetchall()
    finally:
        connection.close()


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*prefix, index))
    return found


def _mutate(document: Any, path: tuple[Any, ...], replacement: Any, delete: bool) -> Any:
    if not path:
        return replacement
    copy = json.loads(json.dumps(document))
    parent = copy
    for key in path[:-1]:
        parent = parent[key]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    return copy


def _import_or_refuse(db: Database, data: bytes) -> None:
    service = PersonalTemplateService(db)
    before = _rows_of(db)
    try:
        template, changes = service.import_bytes(data)
    except ValidationError as error:
        message = str(error)
        assert message and "\n" not in message and "Traceback" not in message
        assert _rows_of(db) == before
        return
    assert changes.templates
    assert len(_rows_of(db)) == len(before) + 1
    TemplateService(db).create_from(template.slug)  # what was imported can be used
    service.delete(template.slug)


@FUZZ
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes(db: Database, data: bytes) -> None:
    _import_or_refuse(db, data)


@FUZZ
@given(choice=st.data(), replacement=JSON_VALUES, delete=st.booleans())
def test_mutated_valid_files(
    db: Database, valid: dict[str, Any], choice: st.DataObject, replacement: Any, delete: bool
) -> None:
    paths = _paths(valid)
    path = choice.draw(st.sampled_from(paths))
    mutated = _mutate(valid, path, replacement, delete and bool(path))
    _import_or_refuse(db, json.dumps(mutated).encode("utf-8"))


@FUZZ
@given(cut=st.integers(min_value=0, max_value=5000), flip=st.integers(min_value=0, max_value=255))
def test_truncated_and_corrupted_bytes(db: Database, valid: dict[str, Any], cut: int, flip: int) -> None:
    data = bytearray(json.dumps(valid).encode("utf-8"))
    index = cut % len(data)
    corrupted = bytes(data[:index]) + bytes([flip]) + bytes(data[index + 1 :])
    _import_or_refuse(db, corrupted)
    _import_or_refuse(db, bytes(data[:index]))


def test_the_unmutated_file_imports(db: Database, valid: dict[str, Any], tmp_path: Path) -> None:
    imported, _ = PersonalTemplateService(db).import_bytes(json.dumps(valid).encode())
    assert imported.slug == "fuzzed" and imported.total_minutes == 45
