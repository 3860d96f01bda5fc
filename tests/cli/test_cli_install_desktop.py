"""``sprintdesk install-desktop`` and ``--uninstall``: the desktop entry (naming this
installation's sprintdesk-gui by its absolute path), the icon at every size and the metainfo
in $XDG_DATA_HOME, written whole or not at all, removed again; errors in one line."""

from __future__ import annotations

import configparser
import errno
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "packaging"))
from tools import validate_desktop_file

from sprintdesk import APP_ID
from sprintdesk.cli import desktop

ROOT = Path(__file__).resolve().parents[2]


def _exec_of(entry: Path) -> str:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(entry.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]["Exec"]


def _unquote_exec(value: str) -> list[str]:
    """The Exec key's arguments as the Desktop Entry Specification reads them: the string
    type's escapes first, then arguments split at spaces outside double quotes, where a
    backslash escapes `"`, `` ` ``, `$` and itself; %% is a percent sign."""
    text = value.replace("\\\\", "\\")
    arguments: list[str] = []
    current, quoted, i, started = "", False, 0, False
    while i < len(text):
        ch = text[i]
        if quoted and ch == "\\" and i + 1 < len(text) and text[i + 1] in '"`$\\':
            current, i = current + text[i + 1], i + 2
            continue
        if ch == '"':
            quoted, started = not quoted, True
        elif ch == " " and not quoted:
            if started:
                arguments.append(current)
            current, started = "", False
        else:
            current, started = current + ch, True
        i += 1
    if started:
        arguments.append(current)
    return [argument.replace("%%", "%") for argument in arguments]


@pytest.mark.slow
def test_install_then_uninstall_on_an_empty_data_folder(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "share"
    env = {"XDG_DATA_HOME": str(data)}
    done = run("install-desktop", env=env)
    assert done.returncode == 0, done.stderr
    assert str(data) in done.stdout
    placed = desktop.targets(data)
    assert all(path.is_file() for path in placed), [p for p in placed if not p.is_file()]
    entry = data / "applications" / f"{APP_ID}.desktop"
    validate_desktop_file(entry)
    program = Path(_unquote_exec(_exec_of(entry))[0])
    assert program.is_absolute() and program.name == "sprintdesk-gui" and os.access(program, os.X_OK)
    for size in desktop.ICON_SIZES:
        installed = data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        shipped = ROOT / "resources" / "icons" / "app" / f"{size}x{size}" / f"{APP_ID}.png"
        assert installed.read_bytes() == shipped.read_bytes()
    metainfo = data / "metainfo" / f"{APP_ID}.metainfo.xml"
    assert metainfo.read_bytes() == (ROOT / "packaging" / metainfo.name).read_bytes()
    assert not list(data.rglob("*.part")), "temporary files left behind"

    again = run("install-desktop", env=env)  # over an earlier installation
    assert again.returncode == 0, again.stderr

    gone = run("install-desktop", "--uninstall", env=env)
    assert gone.returncode == 0, gone.stderr
    assert not any(path.exists() for path in placed)
    assert "nothing to remove" in run("install-desktop", "--uninstall", env=env).stdout


@pytest.mark.slow
def test_the_exec_line_of_a_path_with_spaces_and_dollars_validates(tmp_path: Path) -> None:
    folder = tmp_path / 'My Apps $HOME 100% "q"'
    folder.mkdir()
    program = folder / "sprintdesk-gui"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    data = tmp_path / "share"
    desktop.place_all(desktop.planned(data, program))
    entry = data / "applications" / f"{APP_ID}.desktop"
    validate_desktop_file(entry)
    assert _unquote_exec(_exec_of(entry)) == [str(program)]


def test_a_failure_half_way_leaves_nothing_and_says_so_in_one_line(
    run_here, one_line_error, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "share"
    (data / "icons").mkdir(parents=True)
    (data / "icons" / "hicolor").write_text("not a folder")  # the icons cannot go in
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    line = one_line_error(run_here("install-desktop"), "cannot write", "hicolor")
    assert "Traceback" not in line
    assert not (data / "applications" / f"{APP_ID}.desktop").exists()  # written first, never placed
    assert not (data / "metainfo" / f"{APP_ID}.metainfo.xml").exists()
    assert not list(data.rglob("*.part")) and not list(data.rglob(".*.part"))


def test_a_relative_xdg_data_home_is_ignored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", "relative/share")
    assert desktop.data_home() == tmp_path / ".local" / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert desktop.data_home() == tmp_path / "data"


def test_missing_cache_tools_change_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    (tmp_path / "applications").mkdir()
    assert desktop.refresh_caches(tmp_path) == []


def test_the_command_is_listed_in_the_help() -> None:
    from sprintdesk.cli.dispatch import build_parser

    assert "install-desktop" in build_parser().format_help()


def _fail_second_rename(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """``os.replace`` fails (EIO) when the second file is renamed into place; the renames
    that put earlier files back still work. Returns the renames into place tried."""
    tried: list[str] = []
    replace = os.replace

    def failing(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        if str(source).endswith(".part"):
            tried.append(Path(target).name)
            if len(tried) == 2:
                raise OSError(errno.EIO, "Input/output error", str(source))
        replace(source, target)

    monkeypatch.setattr(desktop.os, "replace", failing)
    return tried


def _contents(data: Path) -> dict[str, bytes]:
    """Every file under ``data``, hidden ones included, by its path inside."""
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("earlier", "hard_links"),
    [(True, True), (True, False), (False, True)],
    ids=["over-an-earlier-installation", "without-hard-links", "into-an-empty-folder"],
)
def test_a_failure_during_the_renames_puts_everything_back(
    run_here, one_line_error, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, earlier: bool, hard_links: bool
) -> None:  # type: ignore[no-untyped-def]
    """The second rename fails: the first file, already renamed into place, is taken back out
    (and the earlier installation's file put back, kept by a hard link or, on a file system
    without them, a copy), so the folder is exactly as it was."""
    if not hard_links:

        def no_links(*_args: object, **_options: object) -> None:
            raise OSError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(desktop.os, "link", no_links)
    data = tmp_path / "share"
    data.mkdir()
    (data / "applications").mkdir()
    (data / "applications" / "other.desktop").write_text("[Desktop Entry]\n")  # not ours: untouched
    if earlier:
        for number, target in enumerate(desktop.targets(data)):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(f"an earlier installation's file {number}".encode())
    before = _contents(data)
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    tried = _fail_second_rename(monkeypatch)
    result = run_here("install-desktop")
    assert tried == [f"{APP_ID}.desktop", f"{APP_ID}.metainfo.xml"]
    assert _contents(data) == before  # no temporary or kept file left either
    line = one_line_error(result, "cannot write", f"{APP_ID}.metainfo.xml", "Input/output error")
    assert ".part" not in line  # named by its place


def test_a_program_path_that_is_not_utf8_is_one_line_and_writes_nothing(
    run_here, one_line_error, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A desktop entry is UTF-8: an installation in a folder named in another encoding (here
    Latin-1 "café") is refused in one line instead of a UnicodeEncodeError."""
    folder = tmp_path / os.fsdecode(b"caf\xe9")
    folder.mkdir()
    program = folder / "sprintdesk-gui"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    monkeypatch.setattr(sys, "argv", [str(folder / "sprintdesk")])
    data = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    line = one_line_error(run_here("install-desktop"), "not text a desktop entry can hold", "caf\\xe9")
    assert "UnicodeEncodeError" not in line and "unexpected" not in line
    assert not data.exists()


@pytest.mark.parametrize("uninstall", [False, True], ids=["install", "uninstall"])
def test_no_home_folder_is_one_line(
    run_here, one_line_error, monkeypatch: pytest.MonkeyPatch, uninstall: bool
) -> None:  # type: ignore[no-untyped-def]
    """Without XDG_DATA_HOME, HOME or a password-database entry, Path.home() raises
    RuntimeError: that is said plainly, not as an unexpected error."""

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setattr(desktop.Path, "home", staticmethod(no_home))
    args = ["install-desktop", "--uninstall"] if uninstall else ["install-desktop"]
    line = one_line_error(run_here(*args), "HOME is not set", "XDG_DATA_HOME")
    assert "unexpected" not in line and "RuntimeError" not in line


def test_installing_over_an_earlier_installation_leaves_no_kept_files(
    run_here, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "share"
    for target in desktop.targets(data):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"an earlier installation's file")
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no cache tools: a quick test, no caches
    done = run_here("install-desktop")
    assert done.returncode == 0, done.stderr
    files = _contents(data)
    assert sorted(files) == sorted(str(t.relative_to(data)) for t in desktop.targets(data))
    assert b"an earlier installation's file" not in files.values()
