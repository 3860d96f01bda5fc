"""Where an export writes: through a symbolic link onto its target (the link stays), never
over a folder, a device, a pipe or a socket (one line, nothing made), keeping a replaced
file's permissions and giving a new one 0666 less the umask."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from sprintdesk.export.atomic import ExportError, atomic_output, write_atomically

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file kinds and modes")


def _write(target: Path, data: bytes = b"new") -> None:
    write_atomically(target, lambda handle: handle.write(data))


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


@posix_only
def test_a_symbolic_link_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real_folder, link_folder = tmp_path / "real", tmp_path / "links"
    real_folder.mkdir()
    link_folder.mkdir()
    real = real_folder / "summary.md"
    real.write_bytes(b"old")
    link = link_folder / "summary.md"
    link.symlink_to(Path("..") / "real" / "summary.md")  # relative, as people make them
    chain = tmp_path / "chain.md"
    chain.symlink_to(link)
    seen: list[str] = []
    with atomic_output(chain) as handle:
        handle.write(b"new")
        seen = _listing(real_folder)  # the temporary file is made beside the real file
    assert len(seen) == 2 and seen[0].startswith(".summary.md.") and seen[0].endswith(".part")
    assert chain.is_symlink() and link.is_symlink() and os.readlink(link) == "../real/summary.md"
    assert real.read_bytes() == b"new" and chain.read_bytes() == b"new"
    assert _listing(real_folder) == ["summary.md"] and _listing(link_folder) == ["summary.md"]


@posix_only
def test_a_link_to_a_file_not_made_yet_makes_it(tmp_path: Path) -> None:
    link = tmp_path / "out.md"
    link.symlink_to(tmp_path / "target.md")
    _write(link)
    assert link.is_symlink() and (tmp_path / "target.md").read_bytes() == b"new"


def _one_line_refusal(target: Path, *words: str) -> str:
    folder = target.parent
    before = _listing(folder)
    with pytest.raises(ExportError) as caught:
        _write(target)
    message = str(caught.value)
    assert "\n" not in message and str(target) in message, message
    for word in words:
        assert word in message, message
    assert _listing(folder) == before  # nothing made, nothing replaced
    return message


@posix_only
def test_a_folder_a_pipe_or_a_socket_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "report.pdf"
    folder.mkdir()
    _one_line_refusal(folder, "is a folder, not a regular file")
    assert folder.is_dir()
    pipe = tmp_path / "pipe.md"
    os.mkfifo(pipe)
    _one_line_refusal(pipe, "is a named pipe")
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        listener.bind(str(tmp_path / "s.csv"))
        _one_line_refusal(tmp_path / "s.csv", "is a socket")
    assert stat.S_ISSOCK(os.lstat(tmp_path / "s.csv").st_mode)


@posix_only
def test_a_device_is_refused_and_stays_a_device(tmp_path: Path) -> None:
    """As root the device is a copy of /dev/null made here (a regression then replaces only
    that); as anyone else /dev/null itself, which they could not replace anyway."""
    if os.geteuid() == 0:
        device = tmp_path / "null"
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    else:
        device = Path("/dev/null")
    _one_line_refusal(device, "is a character device")
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    link = tmp_path / "export.json"
    link.symlink_to(device)
    message = _one_line_refusal(link, f"leads to {device}", "character device")
    assert link.is_symlink() and stat.S_ISCHR(os.lstat(device).st_mode), message


@pytest.mark.slow  # starts another process
@posix_only
def test_standard_output_through_a_link_is_refused_when_it_is_a_pipe(tmp_path: Path) -> None:
    """The /dev/stdout case, without touching /dev: a link to /proc/self/fd/1, which is a
    pipe in the child; `export --json /dev/stdout` replaced the link itself before."""
    if not Path("/proc/self/fd/1").exists():
        pytest.skip("no /proc/self/fd here")
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    code = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from sprintdesk.export.atomic import ExportError, write_atomically
        try:
            write_atomically(Path(sys.argv[1]), lambda handle: handle.write(b"data"))
        except ExportError as error:
            print(error, file=sys.stderr)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(link)], capture_output=True, text=True, timeout=60
    )
    assert "is a named pipe, not a regular file" in result.stderr, result.stderr
    assert result.stdout == "" and link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"
    assert _listing(tmp_path) == ["stdout"]


@posix_only
def test_a_loop_of_links_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.md").symlink_to(tmp_path / "b.md")
    (tmp_path / "b.md").symlink_to(tmp_path / "a.md")
    _one_line_refusal(tmp_path / "a.md", "cannot write")
    assert (tmp_path / "a.md").is_symlink() and (tmp_path / "b.md").is_symlink()


@posix_only
def test_a_replaced_file_keeps_its_permissions(tmp_path: Path, umask: None) -> None:
    for mode in (0o640, 0o600, 0o664, 0o444):
        target = tmp_path / f"kept-{mode:o}.md"
        target.write_bytes(b"old")
        target.chmod(mode)
        _write(target)
        assert target.read_bytes() == b"new"
        assert stat.S_IMODE(target.stat().st_mode) == mode, f"{mode:o}"


@posix_only
def test_a_new_file_gets_the_usual_permissions(tmp_path: Path, umask: None) -> None:
    _write(tmp_path / "a.md")
    assert stat.S_IMODE((tmp_path / "a.md").stat().st_mode) == 0o644
    os.umask(0o077)
    _write(tmp_path / "b.md")
    assert stat.S_IMODE((tmp_path / "b.md").stat().st_mode) == 0o600


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() != 0, reason="giving a file away needs root")
def test_root_replacing_someone_elses_file_keeps_its_owner(tmp_path: Path) -> None:
    target = tmp_path / "theirs.md"
    target.write_bytes(b"old")
    os.chown(target, 65534, 65534)
    target.chmod(0o640)
    _write(target)
    found = target.stat()
    assert (found.st_uid, found.st_gid, stat.S_IMODE(found.st_mode)) == (65534, 65534, 0o640)
