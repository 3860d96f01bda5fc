"""The app's identity (io.github.sprintdesk.SprintDesk): the desktop entry and the AppStream
metainfo pass the desktop's validators, say what the app really is, and the icon's PNGs are
the SVG at every size a desktop asks for, installed where a pip install puts them."""

from __future__ import annotations

import configparser
import importlib.util
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from tools import need, validate_desktop_file

from sprintdesk import APP_ID, __version__
from sprintdesk.cli.desktop import ICON_SIZES, desktop_entry
from sprintdesk.ui.shared.settings import APPLICATION

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "packaging" / f"{APP_ID}.desktop"
METAINFO = ROOT / "packaging" / f"{APP_ID}.metainfo.xml"
ICONS = ROOT / "resources" / "icons" / "app"
PUBLISHED = "https://raw.githubusercontent.com/sprintdesk/sprintdesk/main/docs/"
ICONS_IN_REPO = "resources/icons/app"
SCREENSHOTS = {"board", "run", "presenter", "outcomes", "library", "agenda"}


def _entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


@pytest.mark.slow
def test_the_desktop_file_passes_desktop_file_validate() -> None:
    validate_desktop_file(DESKTOP)


@pytest.mark.slow
def test_the_metainfo_passes_appstreamcli_validate() -> None:
    done = subprocess.run(
        [need("appstreamcli"), "validate", "--no-net", "--no-color", str(METAINFO)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    problems = [line for line in output.splitlines() if line.startswith(("E:", "W:"))]
    assert not problems, output


def test_the_desktop_file_names_the_app_as_qt_does() -> None:
    entry = _entry(DESKTOP)
    assert DESKTOP.read_text(encoding="utf-8") == desktop_entry(
        "sprintdesk-gui"
    )  # what install-desktop writes
    assert entry["Icon"] == APP_ID
    assert entry["StartupWMClass"] == APPLICATION  # Qt's X11 window class is the application name
    assert entry["Exec"] == "sprintdesk-gui"


def test_the_metainfo_says_what_the_app_is() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.find("launchable").get("type") == "desktop-id"  # type: ignore[union-attr]
    assert root.findtext("project_license") == "MIT"
    assert root.find("content_rating").get("type").startswith("oars-")  # type: ignore[union-attr]
    assert root.findtext("summary") and root.find("description/p") is not None
    categories = {c.text for c in root.iterfind("categories/category")}
    assert categories == set(_entry(DESKTOP)["Categories"].rstrip(";").split(";"))
    assert root.find("keywords/keyword") is not None
    assert {u.get("type") for u in root.iterfind("url")} >= {"homepage", "bugtracker", "vcs-browser"}
    releases = [r.get("version") for r in root.iterfind("releases/release")]
    assert __version__ in releases, "every version needs its release notes in the metainfo"
    for release in root.iterfind("releases/release"):
        assert release.get("date") and release.find("description/p") is not None


def test_the_screenshots_are_the_docs_pictures_where_the_project_publishes_them() -> None:
    from PySide6.QtGui import QImageReader

    root = ET.parse(METAINFO).getroot()
    shots = list(root.iterfind("screenshots/screenshot"))
    assert [s.get("type") for s in shots].count("default") == 1
    named = set()
    for shot in shots:
        assert shot.findtext("caption")
        image = shot.find("image")
        assert image is not None and image.text is not None and image.text.startswith(PUBLISHED)
        name = image.text.removeprefix(PUBLISHED)
        size = QImageReader(str(ROOT / "docs" / name)).size()
        assert (size.width(), size.height()) == (int(image.get("width", 0)), int(image.get("height", 0))), (
            name
        )
        named.add(name.removesuffix(".png"))
    assert named == SCREENSHOTS


def test_the_icon_pngs_have_their_sizes_and_are_current(app) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    spec = importlib.util.spec_from_file_location(
        "build_icons", ROOT / "resources" / "icons" / "build_icons.py"
    )
    assert spec and spec.loader
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    assert tuple(builder.APP_SIZES) == ICON_SIZES == (16, 24, 32, 48, 64, 128, 256, 512)
    for size in ICON_SIZES:
        shipped = QImage(str(ICONS / f"{size}x{size}" / f"{APP_ID}.png"))
        assert (shipped.width(), shipped.height()) == (size, size)
        assert shipped.hasAlphaChannel() and shipped.pixelColor(0, 0).alpha() == 0  # a shape, not a square
        assert shipped.pixelColor(size // 2, size // 2).alpha() == 255
        fresh = builder.render_app_icon(size).convertToFormat(QImage.Format.Format_ARGB32)
        shipped = shipped.convertToFormat(QImage.Format.Format_ARGB32)
        differences = sum(
            1
            for y in range(size)
            for x in range(0, size, max(1, size // 64))
            if abs(fresh.pixelColor(x, y).alpha() - shipped.pixelColor(x, y).alpha()) > 8
        )
        assert differences <= size // 8, f"run resources/icons/build_icons.py ({size}x{size})"


def test_a_pip_install_puts_the_identity_where_desktops_look() -> None:
    data_files = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "data-files"
    ]
    expected = {
        "share/applications": f"packaging/{APP_ID}.desktop",
        "share/metainfo": f"packaging/{APP_ID}.metainfo.xml",
        "share/icons/hicolor/scalable/apps": f"resources/icons/app/{APP_ID}.svg",
        **{
            f"share/icons/hicolor/{n}x{n}/apps": f"resources/icons/app/{n}x{n}/{APP_ID}.png"
            for n in ICON_SIZES
        },
        # the window icon, found with the other resources
        "share/sprintdesk/resources/icons/app": f"resources/icons/app/{APP_ID}.svg",
    }
    for folder, source in expected.items():
        assert source in data_files.get(folder, []), folder
        assert (ROOT / source).is_file(), source
    for scheme in ("light", "dark"):  # the icon themes the app switches between
        assert (
            f"resources/icons/{scheme}/index.theme"
            in data_files[f"share/sprintdesk/resources/icons/{scheme}"]
        )
