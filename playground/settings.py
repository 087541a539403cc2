"""App preferences in QSettings: recent files, window geometry, language, presentation. Never design state.

Keys: ``recentFiles``, ``window/geometry``, ``window/state``, ``lastDirectory``,
``ui/language`` ("" = follow the system locale, else ``en`` or ``ko``),
``ui/presentationMode`` (bool: the app was left in presentation mode) and
``ui/highContrastMaps`` (bool: the plots use the high-contrast colour maps).

``PLAYGROUND_SETTINGS_FILE`` (an .ini path) redirects everything to one file, which the
tests use so that they never touch the person's real preferences.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "nn-playground"
APPLICATION = "Neural Network Playground"
MAX_RECENT_FILES = 10


class Settings:
    """A thin typed wrapper over QSettings."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        if qsettings is None:
            override = os.environ.get("PLAYGROUND_SETTINGS_FILE")
            if override:
                qsettings = QSettings(override, QSettings.Format.IniFormat)
            else:
                qsettings = QSettings(ORGANIZATION, APPLICATION)
        self._q = qsettings

    # -- recent files ---------------------------------------------------------------
    def recent_files(self) -> list[str]:
        """Most recent first; files that no longer exist are left out."""
        value = self._q.value("recentFiles", [])
        if isinstance(value, str):  # QSettings returns a lone entry as a plain string
            value = [value]
        paths = [str(v) for v in (value or []) if v]
        return [p for p in paths if Path(p).is_file()][:MAX_RECENT_FILES]

    def add_recent_file(self, path: str | os.PathLike[str]) -> list[str]:
        text = str(Path(path).resolve())
        paths = [p for p in self.recent_files() if p != text]
        paths.insert(0, text)
        paths = paths[:MAX_RECENT_FILES]
        self._q.setValue("recentFiles", paths)
        return paths

    def remove_recent_file(self, path: str | os.PathLike[str]) -> list[str]:
        text = str(Path(path).resolve())
        paths = [p for p in self.recent_files() if p != text]
        self._q.setValue("recentFiles", paths)
        return paths

    def clear_recent_files(self) -> None:
        self._q.setValue("recentFiles", [])

    # -- window ---------------------------------------------------------------------
    def geometry(self) -> QByteArray | None:
        value = self._q.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def window_state(self) -> QByteArray | None:
        value = self._q.value("window/state")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._q.setValue("window/geometry", geometry)
        self._q.setValue("window/state", state)

    def last_directory(self) -> str:
        value = self._q.value("lastDirectory", "")
        return str(value) if value and Path(str(value)).is_dir() else str(Path.home())

    def set_last_directory(self, path: str | os.PathLike[str]) -> None:
        self._q.setValue("lastDirectory", str(Path(path)))

    # -- interface ------------------------------------------------------------------
    def language(self) -> str:
        """The language the person chose ("en", "ko"), or "" to follow the system locale."""
        value = self._q.value("ui/language", "")
        return str(value) if value else ""

    def set_language(self, language: str) -> None:
        self._q.setValue("ui/language", language or "")

    def presentation_mode(self) -> bool:
        return _as_bool(self._q.value("ui/presentationMode", False))

    def set_presentation_mode(self, on: bool) -> None:
        self._q.setValue("ui/presentationMode", bool(on))

    def high_contrast_maps(self) -> bool:
        return _as_bool(self._q.value("ui/highContrastMaps", False))

    def set_high_contrast_maps(self, on: bool) -> None:
        self._q.setValue("ui/highContrastMaps", bool(on))

    def sync(self) -> None:
        self._q.sync()


def _as_bool(value: object) -> bool:
    """QSettings' IniFormat gives booleans back as the strings "true" / "false"."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)
