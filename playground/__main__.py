"""Entry point for ``python -m playground`` and the ``playground`` command.

``playground train DESIGN.json ...`` (and ``export``) run headless through
:mod:`engine.cli`; anything else starts the desktop app. Neither Qt nor the engine is
imported until one of them is chosen, so the headless commands never load Qt.
"""

from __future__ import annotations

import sys

ENGINE_COMMANDS = frozenset({"train", "export"})


def main(argv: list[str] | None = None) -> int:
    """Run the command in ``argv`` (default: ``sys.argv[1:]``) and return its exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ENGINE_COMMANDS:
        from engine import cli

        return cli.main(args)
    from playground import app

    return app.main(args)


if __name__ == "__main__":
    sys.exit(main())
