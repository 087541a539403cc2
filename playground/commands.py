"""The one undo command of the design editor: swap one DesignSpec value for another.

Every edit (drop a layer, change an option, change the learning rate, ...) is a
:class:`ReplaceSpecCommand` holding the spec before and after. Commands that carry the
same ``merge_key`` and arrive within :data:`MERGE_WINDOW_S` of each other merge
(``QUndoCommand.id``/``mergeWith``), so a spin-box or slider burst is one undo step.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Any

from PySide6.QtGui import QUndoCommand

from engine.spec import DesignSpec

# Two edits of the same control at most this far apart become one undo step.
MERGE_WINDOW_S = 1.5


def clock() -> float:
    """The time source of merging (tests replace it)."""
    return time.monotonic()


_merge_ids: dict[Hashable, int] = {}


def merge_id(key: Hashable | None) -> int:
    """A small positive int per distinct merge key (``-1``: never merge)."""
    if key is None:
        return -1
    return _merge_ids.setdefault(key, len(_merge_ids) + 1)


class ReplaceSpecCommand(QUndoCommand):
    """Replace the document's spec ``old`` by ``new``; undo puts ``old`` back.

    ``apply`` is the document's setter (it emits ``spec_changed``). ``merge_key`` names the
    control that made the edit (e.g. ``("option", "L3", "units")``); ``None`` never merges.
    """

    def __init__(
        self,
        apply: Callable[[DesignSpec], None],
        old: DesignSpec,
        new: DesignSpec,
        text: str,
        merge_key: Hashable | None = None,
    ) -> None:
        super().__init__(text)
        self._apply = apply
        self.old = old
        self.new = new
        self.merge_key = merge_key
        self.last_time = clock()

    def redo(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)

    def id(self) -> int:
        return merge_id(self.merge_key)

    def mergeWith(self, other: Any) -> bool:
        if not isinstance(other, ReplaceSpecCommand) or other.merge_key != self.merge_key:
            return False
        if other.last_time - self.last_time > MERGE_WINDOW_S:
            return False
        self.new = other.new
        self.last_time = other.last_time
        # a burst that ends where it started (up, then down again) leaves no undo step
        self.setObsolete(self.new == self.old)
        return True
