"""A killed export leaves its temporary file; the next start removes it, and nothing else:
not the temporary file of an export still running, not a look-alike the journal does not
list, not a file a damaged entry names."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sprintdesk.export import temp_journal
from sprintdesk.export.atomic import atomic_output, write_atomically
from sprintdesk.export.temp_journal import JOURNAL, start_journal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the journal needs flock (POSIX)")

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from sprintdesk.export.atomic import atomic_output
    from sprintdesk.export.temp_journal import start_journal

    start_journal(Path(sys.argv[1]))
    with atomic_output(Path(sys.argv[2])) as handle:
        handle.write(b"half a PDF")
        handle.flush()
        print("writing", flush=True)
        sys.stdin.read()  # until killed (or told to finish by closing stdin)
    print("done", flush=True)
    """
)


@pytest.fixture(autouse=True)
def _no_journal_after(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(JOURNAL, "folder", None)


def _writer(journal: Path, target: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(journal), str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "writing"
    return child


def _parts(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.part"))


@pytest.mark.slow  # starts another process
def test_a_killed_export_is_cleaned_up_at_the_next_start(tmp_path: Path) -> None:
    journal, out = tmp_path / "journal", tmp_path / "exports"
    out.mkdir()
    (out / "report.pdf").write_bytes(b"the good old report")
    look_alike = out / ".mine.pdf.0123456789ab.part"  # the journal never listed it
    look_alike.write_bytes(b"not ours to delete")
    (out / "notes.txt").write_text("keep")
    killed = _writer(journal, out / "report.pdf")
    running = _writer(journal, out / "handout.pdf")
    try:
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=30)
        leftovers = [p for p in _parts(out) if p != look_alike]
        assert len(leftovers) == 2 and len(list(journal.glob("*.entry"))) == 2
        (killed_part,) = [p for p in leftovers if p.name.startswith(".report.pdf.")]
        assert killed_part.read_bytes() == b"half a PDF"

        assert start_journal(journal) == [killed_part]  # the next start

        assert not killed_part.exists()
        (running_part,) = [p for p in _parts(out) if p.name.startswith(".handout.pdf.")]
        assert running_part.exists(), "a live export keeps its temporary file"
        assert look_alike.read_bytes() == b"not ours to delete"
        assert (out / "report.pdf").read_bytes() == b"the good old report"
        assert (out / "notes.txt").read_text() == "keep"
        assert len(list(journal.glob("*.entry"))) == 1
    finally:
        running.kill()
        running.wait(timeout=30)
    assert start_journal(journal) == [running_part]
    assert _parts(out) == [look_alike] and list(journal.iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == [look_alike.name, "notes.txt", "report.pdf"]


@pytest.mark.slow  # starts another process
def test_a_finished_export_leaves_no_entry(tmp_path: Path) -> None:
    journal, out = tmp_path / "journal", tmp_path / "exports"
    out.mkdir()
    writer = _writer(journal, out / "report.pdf")
    assert writer.stdin is not None
    writer.stdin.close()  # let it finish
    assert writer.stdout is not None and writer.stdout.readline().strip() == "done"
    writer.wait(timeout=30)
    assert (out / "report.pdf").read_bytes() == b"half a PDF"
    assert _parts(out) == [] and list(journal.iterdir()) == []
    assert oct(journal.stat().st_mode & 0o777) == oct(0o700)


def test_in_process_exports_are_listed_only_while_they_write(tmp_path: Path) -> None:
    journal = tmp_path / "journal"
    assert start_journal(journal) == []
    with atomic_output(tmp_path / "a.md") as handle:
        (entry,) = journal.glob("*.entry")
        listed = Path(json.loads(entry.read_text())["temp"])
        assert listed.parent == tmp_path and listed.exists()
        assert start_journal(journal) == [], "our own live export is not a leftover"
        handle.write(b"x")
    assert list(journal.iterdir()) == [] and not listed.exists()
    with pytest.raises(RuntimeError), atomic_output(tmp_path / "b.md"):
        raise RuntimeError("the exporter failed")
    assert list(journal.iterdir()) == [] and _parts(tmp_path) == []


def test_entries_never_lead_to_deleting_anything_but_a_temporary_file(tmp_path: Path) -> None:
    """Entries whose writer is gone but that name a file that is not a temporary export
    file: the entry goes, the file stays."""
    journal, out = tmp_path / "journal", tmp_path / "out"
    journal.mkdir()
    out.mkdir()
    precious = out / "thesis.tex"
    precious.write_text("years of work")
    folder_alike = out / ".x.pdf.0123456789ab.part"
    folder_alike.mkdir()
    link_alike = out / ".y.pdf.0123456789ab.part"
    link_alike.symlink_to(precious)
    relative = Path(".z.pdf.0123456789ab.part")
    for n, temp in enumerate([precious, folder_alike, link_alike, relative, "not json"]):
        body = temp if isinstance(temp, str) else json.dumps({"temp": str(temp), "pid": 1})
        (journal / f"{n}.entry").write_text(body)
    (journal / "unrelated.txt").write_text("not an entry")
    assert start_journal(journal) == []
    assert precious.read_text() == "years of work" and folder_alike.is_dir() and link_alike.is_symlink()
    assert sorted(p.name for p in journal.iterdir()) == ["unrelated.txt"]


def test_no_journal_until_the_composition_root_names_one(tmp_path: Path) -> None:
    assert JOURNAL.folder is None
    write_atomically(tmp_path / "a.md", lambda handle: handle.write(b"x"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]
    assert temp_journal.TEMP_NAME.fullmatch(temp_journal.temp_name_for("a.md"))
