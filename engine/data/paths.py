"""Where the shipped assets live."""

from __future__ import annotations

from pathlib import Path


def default_assets_dir() -> Path:
    """The repository's ``assets`` folder (``engine/../assets``), resolved from this package."""
    return Path(__file__).resolve().parent.parent.parent / "assets"
