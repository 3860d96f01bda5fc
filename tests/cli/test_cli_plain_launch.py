"""``sprintdesk`` and ``sprintdesk --db PATH`` skip building the full parser; every other
command line still goes through argparse, with its errors."""

from __future__ import annotations

import argparse

import pytest

from sprintdesk.cli import dispatch


@pytest.mark.parametrize(
    ("argv", "db"),
    [([], None), (["--db", "x.sprintdesk"], "x.sprintdesk"), (["--db=/tmp/a b.db"], "/tmp/a b.db")],
)
def test_a_plain_launch_is_recognised(argv: list[str], db: str | None) -> None:
    assert dispatch.plain_launch(argv) == argparse.Namespace(command=None, db=db)


@pytest.mark.parametrize(
    "argv",
    [["--db"], ["--db="], ["--db", "--help"], ["--version"], ["list"], ["--db", "x", "list"], ["-h"]],
)
def test_anything_else_goes_to_the_full_parser(argv: list[str]) -> None:
    assert dispatch.plain_launch(argv) is None


def test_the_plain_launch_and_the_parser_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[argparse.Namespace] = []
    monkeypatch.setattr(dispatch, "launch_app", lambda args: seen.append(args) or 0)
    assert dispatch.main(["--db", "w.db"]) == 0
    parsed = dispatch.build_parser().parse_args(["--db", "w.db"])
    assert (seen[0].command, seen[0].db) == (parsed.command, parsed.db)


def test_a_db_option_without_a_value_is_still_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert dispatch.main(["--db"]) == 2
    assert capsys.readouterr().err.startswith("sprintdesk: error: argument --db: expected one argument")
