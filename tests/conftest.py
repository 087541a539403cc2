"""Shared test set-up: headless Qt, no GPU unless asked for, and no leaked threads.

The environment variables are set at import time, before any test module (or pytest-qt)
imports Qt, so the whole run uses the offscreen platform and the NumPy backend.
Set ``PLAYGROUND_TEST_GPU=1`` to let tests see CuPy and a GPU.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if not os.environ.get("PLAYGROUND_TEST_GPU"):
    os.environ["PLAYGROUND_NO_GPU"] = "1"

REPO_ROOT = Path(__file__).resolve().parent.parent
THREAD_GRACE_S = 2.0


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository checkout."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def assets_dir() -> Path:
    """``<repo>/assets``: bundled data sets, example designs, icons and fonts."""
    return REPO_ROOT / "assets"


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    """Fail a test that leaves a non-daemon Python thread running after a short grace period."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + THREAD_GRACE_S
    leaked = []
    for thread in threading.enumerate():
        if thread in before or thread.daemon or not thread.is_alive():
            continue
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            leaked.append(thread)
    if leaked:
        names = ", ".join(repr(t.name) for t in leaked)
        pytest.fail(f"the test left {len(leaked)} non-daemon thread(s) running: {names}", pytrace=False)
