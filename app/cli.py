"""Command line: `briefbook` opens the window; subcommands drive the core for scripts."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0].startswith("--library"):
        from app.gui.main import run_gui  # imported late: the CLI must work without a display

        return run_gui(argv)
    print("briefbook: subcommands are not available yet", file=sys.stderr)
    return 2
