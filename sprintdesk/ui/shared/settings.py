"""Settings kept by Qt (window geometry, last workshop, mute, last export folder, the themes),
declared once with defaults."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "SprintDesk"
APPLICATION = "SprintDesk"


class AppSettings:
    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings or QSettings(ORGANIZATION, APPLICATION)

    def geometry(self, key: str) -> QByteArray | None:
        value = self._settings.value(f"geometry/{key}")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, key: str, value: QByteArray) -> None:
        self._settings.setValue(f"geometry/{key}", value)

    def last_workshop(self, database: str) -> int | None:
        value = self._settings.value(f"last_workshop/{_key(database)}")
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def set_last_workshop(self, database: str, workshop_id: int | None) -> None:
        key = f"last_workshop/{_key(database)}"
        if workshop_id is None:
            self._settings.remove(key)
        else:
            self._settings.setValue(key, workshop_id)

    @property
    def muted(self) -> bool:
        return str(self._settings.value("run/muted", "false")).lower() == "true"

    @muted.setter
    def muted(self, value: bool) -> None:
        self._settings.setValue("run/muted", "true" if value else "false")

    def presenter_screen(self) -> str:
        return str(self._settings.value("run/presenter_screen", ""))

    def set_presenter_screen(self, name: str) -> None:
        self._settings.setValue("run/presenter_screen", name)

    def export_folder(self) -> str:
        """The folder of the last export ("" before the first)."""
        return str(self._settings.value("export/folder", "") or "")

    def set_export_folder(self, folder: str) -> None:
        self._settings.setValue("export/folder", folder)

    def presenter_shown(self, workshop_id: int | None = None) -> tuple[bool, bool]:
        """(shown, full screen): the presenter view as the facilitator left it, so that it comes
        back after a crash or a restart during a run; shown only for the workshop it was
        shown for (another workshop's run does not open it)."""
        shown = str(self._settings.value("run/presenter_shown", "false")).lower() == "true"
        full = str(self._settings.value("run/presenter_full_screen", "true")).lower() == "true"
        owner = str(self._settings.value("run/presenter_workshop", ""))
        if workshop_id is not None and owner != str(workshop_id):
            shown = False
        return shown, full

    def set_presenter_shown(self, shown: bool, full_screen: bool, workshop_id: int | None = None) -> None:
        self._settings.setValue("run/presenter_shown", "true" if shown else "false")
        self._settings.setValue("run/presenter_full_screen", "true" if full_screen else "false")
        self._settings.setValue("run/presenter_workshop", "" if workshop_id is None else str(workshop_id))

    def theme(self) -> str:
        """View > Theme: "system" (the default), "light" or "dark"."""
        return str(self._settings.value("view/theme", "system") or "system")

    def set_theme(self, choice: str) -> None:
        self._settings.setValue("view/theme", choice)

    def presenter_theme(self) -> str:
        """View > Presenter theme: "app" (the same as the app, the default), "light" or "dark"."""
        return str(self._settings.value("view/presenter_theme", "app") or "app")

    def set_presenter_theme(self, choice: str) -> None:
        self._settings.setValue("view/presenter_theme", choice)

    def sync(self) -> None:
        self._settings.sync()


def _key(database: str) -> str:
    import hashlib

    return hashlib.sha1(database.encode("utf-8")).hexdigest()[:16]
