"""Other programs on the database during a kill round (issue 10), for ``tests/test_crash_kill.py``
and ``benchmarks/kill_test.py``. Not a test module.

While the child (``crash_child.py --others``) edits, backs up and imports, the parent starts
real processes on the same file at random moments: ``sprintdesk list``, ``sprintdesk export
--json``, ``sprintdesk import-notes`` and the ``sqlite3`` shell. Each of them opens and closes
the database, which is exactly what once made SQLite checkpoint and delete the write-ahead log
under the app (after the app had dropped its own locks). Every ``import-notes`` that reports
success must still be in the database at every later check, each import with its own text.
"""

from __future__ import annotations

import dataclasses
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import crash_child
from crash_child import Event

from sprintdesk.services.boards import BoardService
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage.database import open_database

KINDS = ("list", "export", "import", "sqlite3")
SPRINTDESK = [sys.executable, "-m", "sprintdesk"]


def sqlite3_shell() -> str | None:
    return shutil.which("sqlite3")


@dataclasses.dataclass
class Launched:
    kind: str
    proc: subprocess.Popen[bytes]
    token: str = ""  # an import's notes all start with it
    lines: int = 0


@dataclasses.dataclass
class Outside:
    """The other programs of one run (many rounds, one database file)."""

    db_path: Path
    folder: Path
    rng: random.Random
    workshop_id: int = 0
    running: list[Launched] = dataclasses.field(default_factory=list)
    imported: dict[str, int] = dataclasses.field(default_factory=dict)  # token -> notes reported
    counts: dict[str, int] = dataclasses.field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    failures: list[str] = dataclasses.field(default_factory=list)
    launches: int = 0

    def set_up(self) -> None:
        """The workshop the other programs import into (the child never touches it)."""
        db = open_database(self.db_path)
        try:
            self.workshop_id, _ = WorkshopService(db).create(f"{crash_child.EXTERNAL} imports")
            BoardService(db).create(self.workshop_id, "Imported")
        finally:
            db.close()

    def events(self, delay: float, count: int) -> list[Event]:
        """``count`` launches at random moments of a round that lasts ``delay`` seconds."""
        return [(self.rng.uniform(0, delay), self._launcher(self.rng.choice(KINDS))) for _ in range(count)]

    def _launcher(self, kind: str) -> Callable[[], None]:
        return lambda: self.launch(kind)

    def launch(self, kind: str) -> None:
        self.launches += 1
        number, db = self.launches, str(self.db_path)
        token, lines = "", 0
        if kind == "list":
            command = [*SPRINTDESK, "list", "--db", db]
        elif kind == "export":
            out = self.folder / f"export-{number}.json"
            command = [*SPRINTDESK, "export", str(self.workshop_id), "--json", str(out), "--db", db]
        elif kind == "import":
            token, lines = f"ext{number}x", self.rng.randint(1, 40)
            notes = self.folder / f"import-{number}.txt"
            notes.write_text("\n".join(f"{token} line {i}" for i in range(lines)), encoding="utf-8")
            command = [*SPRINTDESK, "import-notes", str(self.workshop_id), str(notes), "--board", "Imported"]
            command += ["--db", db]
        else:
            shell, query = sqlite3_shell(), "SELECT count(*) FROM notes;"
            command = [shell, db, query] if shell else [sys.executable, "-c", _PY_SHELL, db, query]
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.counts[kind] += 1
        self.running.append(Launched(kind, proc, token, lines))

    def finish(self) -> None:
        """Wait for this round's programs; an import that said it imported is remembered."""
        for launched in self.running:
            out, err = launched.proc.communicate(timeout=120)
            text = (out + err).decode("utf-8", "replace").strip()
            if launched.proc.returncode != 0:
                self.failures.append(f"{launched.kind} failed (rc {launched.proc.returncode}): {text[-500:]}")
            elif launched.kind == "import":
                if f"imported {launched.lines} note" not in text:
                    self.failures.append(f"import said: {text[-300:]}")
                self.imported[launched.token] = launched.lines
        self.running.clear()

    def verify(self) -> list[str]:
        """Every import that ever reported success is in the database, note for note."""
        connection = sqlite3.connect(self.db_path)
        try:
            found: dict[str, int] = {}
            for (text,) in connection.execute(
                "SELECT n.text FROM notes n JOIN boards b ON b.id = n.board_id WHERE b.workshop_id = ?",
                (self.workshop_id,),
            ):
                token = text.split(" ", 1)[0]
                found[token] = found.get(token, 0) + 1
        finally:
            connection.close()
        return [
            f"import {token} reported {lines} notes, {found.get(token, 0)} are in the database"
            for token, lines in self.imported.items()
            if found.get(token, 0) != lines
        ]


_PY_SHELL = (
    "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
    "print(c.execute(sys.argv[2]).fetchone()[0]); c.close()"
)
