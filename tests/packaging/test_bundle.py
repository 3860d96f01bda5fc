"""The one-folder bundle (packaging/build-bundle) runs where there is no Python: each command
runs with a clean environment (only HOME and a PATH with no Python on it), and the window
appears on a real X server (Xvfb, Qt's xcb platform).

The bundle is the one .ci/run builds: $SPRINTDESK_BUNDLE, else dist/SprintDesk. Without one
these tests skip (build it with packaging/build-bundle); in CI (CI=true) they fail instead."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest
from pypdf import PdfReader

from sprintdesk import APP_ID, __version__

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
NOTES = ["Standups run long", "Café au lait ☕ for the team", "مرحبا بالفريق", "नमस्ते टीम"]


def _missing(what: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(what)
    pytest.skip(what)


@pytest.fixture(scope="module")
def bundle() -> Path:
    folder = Path(os.environ.get("SPRINTDESK_BUNDLE") or ROOT / "dist" / "SprintDesk")
    program = folder / "sprintdesk"
    if not program.is_file():
        _missing(f"no bundle at {folder} (build it with packaging/build-bundle)")
    return program


@pytest.fixture
def clean_env(tmp_path: Path) -> dict[str, str]:
    """HOME in tmp_path and a PATH holding one program, a stand-in ``fc-match`` (a shell
    script) that writes down the environment it was started with and finds no font; no
    Python on PATH (/usr/bin here has Debian's python3), and the PDFs can only use the fonts
    in the bundle."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fc_match = bin_dir / "fc-match"
    fc_match.write_text(f"#!/bin/sh\n/usr/bin/env > '{tmp_path / 'child-env.txt'}'\n", encoding="utf-8")
    fc_match.chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": str(bin_dir)}
    for python in ("python", "python3", "python3.11", "python3.12", "python3.13"):
        assert shutil.which(python, path=env["PATH"]) is None, f"{python} is on the clean PATH"
    return env


def run(program: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(program), *args], env=env, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_the_bundle_carries_its_own_python_and_what_sprintdesk_reads(bundle: Path) -> None:
    inside = bundle.parent / "_internal"
    assert list(inside.glob("libpython3*.so*")), "the bundle has no Python library of its own"
    for part in (
        "resources/fonts/DejaVuSans.ttf",
        "resources/icons/light",
        "resources/icons/dark",
        "resources/sounds/chime.wav",
        "resources/schemas/workshop-v1.schema.json",
        "resources/templates/retrospective.json",
        "resources/methods/crazy-8s.json",
        "sprintdesk/storage/migrations/env.py",
        "sprintdesk/storage/migrations/script.py.mako",
        "sprintdesk/storage/migrations/versions/0001_initial.py",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",  # the SVG icons
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "uharfbuzz",  # text shaping in the PDFs (ReportLab imports it inside try/except)
        "aiohttp",  # its C extensions sit beside the archive (pure-Python segno is inside it)
        "jsonschema_specifications/schemas",
    ):
        assert (inside / part).exists(), f"{part} is missing from the bundle"
    # What other parts bring, whenever this checkout has it (the app icon, the phones' page,
    # the user guide Help opens, the metainfo install-desktop copies).
    others = ["resources/icons/app", "resources/participant", "docs/user-guide.md"]
    others += [str(path.relative_to(ROOT)) for path in (ROOT / "packaging").glob("*.metainfo.xml")]
    for source in others:
        if (ROOT / source).exists():
            assert (inside / source).exists(), f"{source} is missing from the bundle"
    # Lean: no icon sources, no test tools, no Qt modules SprintDesk does not use.
    for absent in (
        "resources/icons/src",
        "pytest",
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6/Qt/plugins/multimedia",
        "PySide6/Qt/translations",
    ):
        assert not (inside / absent).exists(), f"{absent} should not be in the bundle"
    assert not [path for path in inside.rglob("*") if path.is_symlink() and not path.exists()]


def test_version_without_python(bundle: Path, clean_env: dict[str, str]) -> None:
    done = run(bundle, clean_env, "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"sprintdesk {__version__}"


def test_template_notes_and_pdf_without_python(
    bundle: Path, clean_env: dict[str, str], tmp_path: Path
) -> None:
    db = str(tmp_path / "workshops.sqlite3")  # new: created by the bundle's Alembic migrations
    made = run(bundle, clean_env, "--db", db, "new", "--template", "retrospective")
    assert made.returncode == 0, made.stderr
    workshop = made.stdout.strip()
    assert workshop.isdigit(), made.stdout
    notes = tmp_path / "notes.txt"
    notes.write_text("\n".join(NOTES) + "\n", encoding="utf-8")
    imported = run(bundle, clean_env, "--db", db, "import-notes", workshop, str(notes))
    assert imported.returncode == 0, imported.stderr
    assert "imported 4 notes" in imported.stdout
    pdf = tmp_path / "summary.pdf"
    exported = run(bundle, clean_env, "--db", db, "export", workshop, "--pdf", str(pdf))
    assert exported.returncode == 0, exported.stderr
    reader = PdfReader(pdf)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Retrospective in five phases" in text  # the template, from the bundled resources
    assert "Standups run long" in text and "Café au lait" in text
    fonts = {
        str(font["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()  # type: ignore[index, union-attr]
        if "/BaseFont" in font.get_object()
    }
    assert {"NotoSansArabic-Regular", "NotoSansDevanagari-Regular"} <= fonts, fonts  # resources/fonts
    # The programs the bundle starts are the system's: they get neither the bundle's libraries
    # (LD_LIBRARY_PATH, set by PyInstaller's bootloader) nor its Qt plugins.
    child_env = (tmp_path / "child-env.txt").read_text(encoding="utf-8")
    assert f"PATH={clean_env['PATH']}" in child_env, child_env
    assert "LD_LIBRARY_PATH" not in child_env and "QT_PLUGIN_PATH" not in child_env, child_env


def test_bad_input_is_one_line_without_python(
    bundle: Path, clean_env: dict[str, str], tmp_path: Path
) -> None:
    done = run(
        bundle,
        clean_env,
        "--db",
        str(tmp_path / "x.sqlite3"),
        "export",
        "99",
        "--pdf",
        str(tmp_path / "x.pdf"),
    )
    assert done.returncode == 1
    assert done.stderr.startswith("sprintdesk: error: ") and done.stderr.count("\n") == 1, done.stderr


NO_RESET = ("-nolisten", "tcp", "-noreset")


@pytest.fixture
def xvfb() -> Iterator[str]:
    """A virtual X server on a display number it picks itself (-displayfd): no clash."""
    server_path = shutil.which("Xvfb")
    if server_path is None or shutil.which("xdotool") is None:
        _missing("Xvfb or xdotool is not installed (apt-get install xvfb xdotool)")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        # -noreset: by default Xvfb resets when its last client leaves, and a client arriving
        # then is refused ("could not connect to display", one run in four in CI)
        [server_path, "-displayfd", str(write_end), "-screen", "0", "1366x768x24", *NO_RESET],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as announced:
            number = announced.readline().strip()  # written once the server accepts clients
        assert number.isdigit(), "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _visible_windows(display: str) -> list[str]:
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--classname", "^sprintdesk$"],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=30,
    )
    return found.stdout.split()


def test_a_window_appears_without_python(
    bundle: Path, clean_env: dict[str, str], xvfb: str, tmp_path: Path
) -> None:
    db = str(tmp_path / "workshops.sqlite3")
    assert run(bundle, clean_env, "--db", db, "new", "--template", "retrospective").returncode == 0
    env = {**clean_env, "DISPLAY": xvfb, "QT_QPA_PLATFORM": "xcb"}
    log = tmp_path / "app.log"
    with log.open("w") as out:
        app = subprocess.Popen([str(bundle), "--db", db], env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        windows: list[str] = []
        while not windows and app.poll() is None and time.monotonic() < deadline:
            windows = _visible_windows(xvfb)
        assert windows, f"no SprintDesk window appeared (exit {app.poll()}):\n{log.read_text()[-3000:]}"
        xenv = {**os.environ, "DISPLAY": xvfb}
        title = subprocess.run(
            ["xdotool", "getwindowname", windows[0]], env=xenv, capture_output=True, timeout=30
        ).stdout.decode("utf-8", "replace")
        assert "SprintDesk" in title, title
        geometry = subprocess.run(
            ["xdotool", "getwindowgeometry", "--shell", windows[0]],
            env=xenv,
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout
        size = dict(line.split("=", 1) for line in geometry.split())
        assert int(size["WIDTH"]) > 400 and int(size["HEIGHT"]) > 300, geometry
    finally:
        app.terminate()
        app.wait(timeout=30)
    output = log.read_text()
    assert "Traceback" not in output and "qt.qpa.plugin" not in output, output


def test_install_desktop_from_the_bundle(bundle: Path, clean_env: dict[str, str]) -> None:
    """The menu entry starts the bundle's own program; the icon and the metainfo come from
    inside the bundle (sys._MEIPASS); --uninstall takes them away again."""
    from tools import validate_desktop_file

    share = Path(clean_env["HOME"]) / ".local" / "share"
    done = run(bundle, clean_env, "install-desktop")
    assert done.returncode == 0, done.stderr
    entry = share / "applications" / f"{APP_ID}.desktop"
    assert f"Exec={bundle.resolve()}" in entry.read_text(encoding="utf-8").splitlines()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    validate_desktop_file(entry)
    removed = run(bundle, clean_env, "install-desktop", "--uninstall")
    assert removed.returncode == 0, removed.stderr
    assert not entry.exists()
