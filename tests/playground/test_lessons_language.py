"""The lessons dock shows its lessons in the app's language and follows a language switch."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from playground import i18n
from playground.extras import install_lessons


@pytest.fixture
def english_after(qapp: Any) -> Iterator[None]:
    yield
    i18n.install_language(qapp, "en")


def test_lessons_start_in_the_app_language_and_follow_a_switch(
    qapp: Any, english_after: None, make_window: Any
) -> None:
    assert i18n.install_language(QApplication.instance(), "ko")
    window = make_window()
    install_lessons(window)
    panel = window.lessons_panel
    assert panel.language() == "ko"
    assert panel.language_combo.currentData() == "ko"
    lesson = panel.current_lesson()
    assert lesson.title.ko in panel.list.item(0).text()

    i18n.switch_language(window, "en", remember=False)
    assert panel.language() == "en"
    assert panel.language_combo.currentData() == "en"
    assert lesson.title.en in panel.list.item(0).text()
