"""Run-time hook of the SprintDesk bundle (packaging/sprintdesk.spec): runs inside the bundled
program before any of SprintDesk's code, in place of PyInstaller's PySide6 hook.

* PyInstaller's hook imports QtCore at every start (to register a qt.conf that PySide6 already
  registers itself, pointing at the bundle's Qt) and sets QT_PLUGIN_PATH; the import costs
  every command, ``--version`` included, the loading of Qt and its ICU data.
* The bootloader starts the program with LD_LIBRARY_PATH set to the bundle's folder. The
  dynamic loader has read it by now (it reads it once, at start), so taking it out of the
  environment changes nothing for SprintDesk, but the programs SprintDesk starts (fc-match,
  xdg-open and the file manager it opens, update-desktop-database) are the system's and must
  load the system's libraries, not the bundle's (an older GLib breaks a newer file manager),
  nor the bundle's Qt plugins.
"""

import os


def _restore_environment() -> None:
    original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
    if original is None:
        os.environ.pop("LD_LIBRARY_PATH", None)
    else:
        os.environ["LD_LIBRARY_PATH"] = original


_restore_environment()
