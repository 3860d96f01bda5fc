"""``sprintdesk install-desktop`` (and ``--uninstall``): the desktop entry, the app icon and the
AppStream metainfo in the user's data folder (``$XDG_DATA_HOME``, else ``~/.local/share``), so
the app appears in the desktop's menu. A desktop never looks inside a virtual environment, so
the entry's Exec names the installed ``sprintdesk-gui`` by its absolute path.

Every file is written to a temporary file beside its place, flushed, then renamed over it;
nothing is renamed until every file has been written, and a file already there is kept (a
hard link beside it) until every rename is done: a failure at any point puts back what was
there before and removes what was new, so the folder is as it was. The desktop's caches are refreshed
when their tools exist (update-desktop-database, gtk-update-icon-cache); missing tools or a
failing refresh change nothing (desktops rescan these folders on their own).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from sprintdesk import APP_ID
from sprintdesk.cli.registry import Command

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# The desktop entry; packaging/<APP_ID>.desktop is this with Exec=sprintdesk-gui (a test checks).
# StartupWMClass is the class Qt gives its windows on X11: the application name (app.py).
DESKTOP_ENTRY = """\
[Desktop Entry]
Type=Application
Name=SprintDesk
GenericName=Workshop Facilitation Desk
Comment=Run timed workshop agendas with a drift-free countdown and a presenter view
Exec={exec}
Icon={app_id}
Terminal=false
Categories=Office;ProjectManagement;Presentation;
Keywords=workshop;design sprint;retrospective;timer;agenda;facilitation;sticky notes;dot voting;
StartupNotify=true
StartupWMClass=SprintDesk
"""
_RESERVED = frozenset(" \t\"'\\><~|&;$*?#()`")  # an Exec argument with one of these is quoted


class DesktopInstallError(Exception):
    """Installing or removing the desktop entry failed; the message is one line for the person."""


@dataclass(frozen=True, slots=True)
class Placed:
    """One file of the installation: where it goes and what it holds."""

    target: Path
    content: bytes


def desktop_entry(exec_line: str) -> str:
    return DESKTOP_ENTRY.format(exec=exec_line, app_id=APP_ID)


def exec_argument(path: str) -> str:
    """``path`` as one argument of a desktop entry's Exec key (quoted when it must be, and
    escaped for the key's string type, as the Desktop Entry Specification says)."""
    if any(ch in path for ch in "\n\r"):
        raise DesktopInstallError(f"the program's path has a line break in it: {path!r}")
    text = path.replace("%", "%%")
    if any(ch in _RESERVED for ch in path):
        text = '"' + "".join("\\" + ch if ch in '"`$\\' else ch for ch in text) + '"'
    return text.replace("\\", "\\\\")


def data_home() -> Path:
    """$XDG_DATA_HOME when it is an absolute path (the spec ignores a relative one), else
    ~/.local/share."""
    configured = os.environ.get("XDG_DATA_HOME", "")
    if configured and os.path.isabs(configured):
        return Path(configured)
    try:
        return Path.home() / ".local" / "share"
    except RuntimeError:  # no HOME and no entry in the password database
        raise DesktopInstallError(
            "cannot tell where your home folder is (HOME is not set); set HOME or XDG_DATA_HOME"
        ) from None


def gui_program() -> Path:
    """The installed ``sprintdesk-gui`` (absolute), or this bundle's own program."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve()
    name = "sprintdesk-gui.exe" if os.name == "nt" else "sprintdesk-gui"
    candidates = [Path(sys.argv[0]).resolve().parent / name, Path(sysconfig.get_path("scripts")) / name]
    found = shutil.which(name)
    if found:
        candidates.append(Path(found))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate.absolute()
    raise DesktopInstallError(
        "sprintdesk-gui is not installed beside sprintdesk; reinstall SprintDesk with pip"
    )


def _source_root() -> Path:
    return Path(__file__).resolve().parents[2]


def _metainfo_source() -> Path:
    name = f"{APP_ID}.metainfo.xml"
    candidates = [
        _source_root() / "packaging" / name,  # source tree, editable install
        Path(sys.prefix) / "share" / "metainfo" / name,  # pip install (data-files)
        Path(getattr(sys, "_MEIPASS", "")) / "packaging" / name,  # PyInstaller bundle
    ]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise DesktopInstallError(f"the AppStream metainfo ({name}) is missing from this installation")


def _icon_folder() -> Path:
    from sprintdesk.export.resource_files import find_resource

    folder = find_resource("icons", "app", folder=True)
    if folder is None:
        raise DesktopInstallError("the app icon (resources/icons/app) is missing from this installation")
    return folder


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise DesktopInstallError(f"cannot read {path}: {error.strerror or error}") from None


def targets(data: Path) -> list[Path]:
    """Every file install-desktop places under ``data`` (what --uninstall removes)."""
    hicolor = data / "icons" / "hicolor"
    return [
        data / "applications" / f"{APP_ID}.desktop",
        data / "metainfo" / f"{APP_ID}.metainfo.xml",
        hicolor / "scalable" / "apps" / f"{APP_ID}.svg",
        *(hicolor / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in ICON_SIZES),
    ]


def planned(data: Path, program: Path) -> list[Placed]:
    """What install-desktop writes: the entry naming ``program``, the metainfo and the icons."""
    icons = _icon_folder()
    sources = [_metainfo_source(), icons / f"{APP_ID}.svg"]
    sources += [icons / f"{n}x{n}" / f"{APP_ID}.png" for n in ICON_SIZES]
    try:
        entry = desktop_entry(exec_argument(str(program))).encode("utf-8")
    except UnicodeEncodeError:  # a file name in another encoding than the system's
        raise DesktopInstallError(
            f"the program's path is not text a desktop entry can hold (UTF-8): {os.fsencode(program)!r}; "
            "install SprintDesk in a folder whose name is UTF-8 text"
        ) from None
    where = targets(data)
    return [Placed(where[0], entry)] + [Placed(t, _read(s)) for t, s in zip(where[1:], sources, strict=True)]


def _temporary(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.part")


def _kept(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.old")


def place_all(files: list[Placed]) -> None:
    """Write every file beside its place, then rename them all into place. A failure at any
    point changes nothing: before the renames nothing was touched; during them, the files
    already renamed are taken back out and the ones they replaced put back."""
    written: list[tuple[Path, Path]] = []
    placed: list[tuple[Path, Path | None]] = []  # target, and where its earlier file is kept
    try:
        for item in files:
            item.target.parent.mkdir(parents=True, exist_ok=True)
            temporary = _temporary(item.target)
            with open(temporary, "wb") as stream:
                written.append((temporary, item.target))
                stream.write(item.content)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, 0o644)
        for temporary, target in written:
            kept = _keep(target)
            try:
                os.replace(temporary, target)
            except BaseException as error:
                if kept is not None:
                    kept.unlink(missing_ok=True)  # the target itself was never replaced
                if isinstance(error, OSError):  # named by its place, not the temporary file
                    raise OSError(error.errno, error.strerror, str(target)) from error
                raise
            placed.append((target, kept))
    except BaseException as error:
        unrestored = _roll_back(placed)
        for temporary, _target in written:
            temporary.unlink(missing_ok=True)
        if not isinstance(error, OSError):
            raise
        where = f" {error.filename}" if error.filename else ""
        message = f"cannot write{where}: {error.strerror or error}"
        if unrestored:
            message += f"; could not put back {', '.join(str(p) for p in unrestored)}"
        raise DesktopInstallError(message) from None
    for _target, kept in placed:
        if kept is not None:
            kept.unlink(missing_ok=True)


def _keep(target: Path) -> Path | None:
    """Keep the file now at ``target`` (if any) beside it, as a hard link, so the rename over it
    can be undone; a file system without hard links gets a copy. None when nothing is there."""
    if not os.path.lexists(target) or (target.is_dir() and not target.is_symlink()):
        return None  # a folder in the way: the rename fails, and nothing is to be kept
    kept = _kept(target)
    kept.unlink(missing_ok=True)
    try:
        os.link(target, kept, follow_symlinks=False)
    except (OSError, NotImplementedError):
        try:
            shutil.copy2(target, kept, follow_symlinks=False)
        except BaseException:
            kept.unlink(missing_ok=True)
            raise
    return kept


def _roll_back(placed: list[tuple[Path, Path | None]]) -> list[Path]:
    """Undo the renames: the earlier files back, the new ones (that replaced nothing) away.
    Returns the targets that could not be restored."""
    failed = []
    for target, kept in reversed(placed):
        try:
            if kept is not None:
                os.replace(kept, target)
            else:
                target.unlink(missing_ok=True)
        except OSError:
            failed.append(target)
    return failed


def remove_all(paths: list[Path]) -> list[Path]:
    removed = []
    for path in paths:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as error:
            raise DesktopInstallError(f"cannot remove {path}: {error.strerror or error}") from None
        removed.append(path)
    return removed


def refresh_caches(data: Path) -> list[str]:
    """Ask the desktop's cache tools to look again; the names of those that ran."""
    hicolor = data / "icons" / "hicolor"
    commands = [
        ["update-desktop-database", "-q", str(data / "applications")],
        ["gtk-update-icon-cache", "-q", "-t", "-f", str(hicolor)],
    ]
    ran = []
    for command in commands:
        if shutil.which(command[0]) is None or not Path(command[-1]).is_dir():
            continue
        try:
            subprocess.run(command, check=False, capture_output=True, timeout=60)
        except (OSError, subprocess.SubprocessError):
            continue
        ran.append(command[0])
    return ran


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--uninstall", action="store_true", help="remove what install-desktop put there instead"
    )


def _run(args: argparse.Namespace) -> int:
    try:
        data = data_home()
        if args.uninstall:
            removed = remove_all(targets(data))
            refresh_caches(data)
            if removed:
                print(f"Removed SprintDesk's desktop entry, icons and metainfo from {data}")
            else:
                print(f"SprintDesk's desktop entry was not installed in {data}; nothing to remove")
            return 0
        program = gui_program()
        place_all(planned(data, program))
    except DesktopInstallError as error:
        print(f"sprintdesk: error: {error}", file=sys.stderr)
        return 1
    refresh_caches(data)
    print(f"Installed SprintDesk's desktop entry, icons and metainfo in {data}")
    print(f"The menu entry starts {program}")
    return 0


COMMANDS = [
    Command(
        name="install-desktop",
        help="add SprintDesk to the desktop's menu (entry, icon, metainfo in ~/.local/share)",
        description=(
            "Put SprintDesk's desktop entry, icon and AppStream metainfo into $XDG_DATA_HOME "
            "(default ~/.local/share), so that the desktop's menu lists it and starts this "
            "installation's sprintdesk-gui. --uninstall removes them again."
        ),
        arguments=_arguments,
        run=_run,
        takes_db=False,
    )
]
