"""Command line: `briefbook` opens the window; subcommands drive the core for scripts.

Each subcommand is one small function taking a `Context` and returning the exit status:
0 success, 1 something failed, 2 wrong usage. Errors are one line on stderr, never a
traceback; an unexpected error is logged in full to the log file. Subcommands come from a
registration table (`COMMANDS`, filled by `@command`): release commands in
`app.cli_releases`, book and export commands in `app.cli_books`, and `backup`, `restore`,
`check` here, calling `app.core.safety` once it exists. A module `app.cli_safety`, if
present, is imported last and may register its own versions of those three (same names
replace the defaults).
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from app import paths
from app.core.errors import LibraryError

PROG = "briefbook"
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# The order subcommands appear in --help; commands registered elsewhere follow.
ORDER = ("import", "list", "search", "show", "tag", "note", "highlight", "book", "export")


class UsageError(Exception):
    """The command line asks for something that makes no sense (exit status 2)."""


@dataclass
class Context:
    """What a subcommand needs: its arguments and the library, opened on first use."""

    args: argparse.Namespace
    _lib: Any = field(default=None, repr=False)

    @property
    def library_path(self) -> Path:
        """Return the library file chosen by --library, $BRIEFBOOK_LIBRARY or the default."""
        return paths.default_library(getattr(self.args, "library", None))

    @property
    def lib(self) -> Any:
        """Return the open library (created and seeded when it does not exist yet).

        Commands that only read (`READS`) open an existing library read-only, so they work
        while the window has it open.
        """
        if self._lib is None:
            from app.core.library import Library

            path = self.library_path
            reading = getattr(self.args, "reads", False) and path.is_file()
            self._lib = Library.open(path, read_only=reading)
        return self._lib

    def close(self) -> None:
        """Close the library if it was opened."""
        if self._lib is not None:
            self._lib.close()
            self._lib = None


Handler = Callable[[Context], int]
Configure = Callable[[argparse.ArgumentParser], None]


@dataclass(frozen=True)
class Command:
    """One subcommand: its name, one-line help, and how to set up its parser."""

    name: str
    help: str
    configure: Configure  # adds arguments and set_defaults(handler=...) or sub-subcommands


COMMANDS: dict[str, Command] = {}


def command(name: str, help: str) -> Callable[[Configure], Configure]:
    """Register `configure` as the parser set-up of subcommand `name`."""

    def register(configure: Configure) -> Configure:
        COMMANDS[name] = Command(name, help, configure)
        return configure

    return register


# Output helpers ---------------------------------------------------------------------------


def emit_json(value: Any) -> None:
    """Print `value` as indented JSON (UTF-8 text, not ASCII escapes)."""
    print(json.dumps(value, ensure_ascii=False, indent=2))


def one_line(text: object) -> str:
    """Return `text` folded onto one line."""
    return " ".join(str(text).split())


def iso_date(text: str) -> str:
    """Return `text` if it is a real YYYY-MM-DD date (argparse type)."""
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; use YYYY-MM-DD") from None


def positive_int(text: str) -> int:
    """Return `text` as an int of at least 1 (argparse type)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return value


# Library safety (app.core.safety; app.cli_safety may replace these) ----------------------


def _safety(name: str) -> Callable[..., Any]:
    """Return app.core.safety.`name`, or raise a plain error if this build lacks it."""
    try:
        safety = importlib.import_module("app.core.safety")
    except ModuleNotFoundError as error:
        if error.name != "app.core.safety":
            raise
        safety = None
    found = getattr(safety, name, None)
    if found is None:
        raise LibraryError(f"“{name}” is not available in this build of Briefbook yet.")
    return found


def _say(result: Any) -> None:
    """Print what a safety function returned: its lines, a path, or its message."""
    lines = getattr(result, "lines", None)
    if lines is not None:
        print("\n".join(str(line) for line in lines))
    elif isinstance(result, Path):
        print(f"Backed up the library to {result}")
    elif result:
        print(result)


def _configure_backup(p: argparse.ArgumentParser) -> None:
    p.add_argument("--to", metavar="PATH", help="where to write the backup")
    p.set_defaults(handler=run_backup)


def run_backup(ctx: Context) -> int:
    """Back the library up."""
    to = Path(ctx.args.to).expanduser() if ctx.args.to else None
    _say(_safety("backup")(ctx.library_path, to=to))
    return EXIT_OK


def _configure_restore(p: argparse.ArgumentParser) -> None:
    p.add_argument("backup", metavar="PATH", help="the backup file to restore")
    p.set_defaults(handler=run_restore)


def run_restore(ctx: Context) -> int:
    """Restore the library from a backup."""
    _say(_safety("restore")(ctx.library_path, Path(ctx.args.backup).expanduser()))
    return EXIT_OK


def _configure_check(p: argparse.ArgumentParser) -> None:
    p.set_defaults(handler=run_check)


def run_check(ctx: Context) -> int:
    """Check the library; exit 1 if it is not healthy."""
    result = _safety("check")(ctx.library_path)
    _say(result)
    healthy = getattr(result, "ok", result if isinstance(result, bool) else True)
    return EXIT_OK if healthy else EXIT_FAILED


SAFETY_COMMANDS = (
    ("backup", "copy the library to a backup file", _configure_backup),
    (
        "restore",
        "replace the library with a backup (the current file is kept aside)",
        _configure_restore,
    ),
    ("check", "check the library file for damage", _configure_check),
)


# Parser and main ------------------------------------------------------------------------


def _load_other_commands() -> None:
    """Register the release, book, export and safety subcommands (modules of their own)."""
    import app.cli_books  # noqa: F401  (registers on import)
    import app.cli_releases  # noqa: F401

    for name, help, configure in SAFETY_COMMANDS:
        COMMANDS.setdefault(name, Command(name, help, configure))

    try:
        import app.cli_safety  # noqa: F401
    except ModuleNotFoundError as error:
        if error.name != "app.cli_safety":
            raise


def library_option() -> argparse.ArgumentParser:
    """Return a parent parser holding --library, for every subcommand."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--library",
        metavar="PATH",
        default=argparse.SUPPRESS,  # keeps a --library given before the subcommand
        help=f"the library file (default: ${paths.LIBRARY_ENV} or the user data folder)",
    )
    return parent


def build_parser() -> argparse.ArgumentParser:
    """Return the whole argument parser."""
    _load_other_commands()
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Keep a library of press releases and make briefing books. "
        "Without a subcommand, opens the window.",
    )
    parser.add_argument("--library", metavar="PATH", default=None, help="the library file")
    subs = parser.add_subparsers(title="commands", metavar="COMMAND")
    parent = library_option()
    rank = {name: i for i, name in enumerate(ORDER)}
    for cmd in sorted(COMMANDS.values(), key=lambda c: rank.get(c.name, len(ORDER))):
        sub = subs.add_parser(cmd.name, help=cmd.help, description=cmd.help, parents=[parent])
        cmd.configure(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    window_only, library = _window_only(argv)
    if window_only:
        # The window needs no subcommand table: building it (every command module and its
        # argparse parser) cost ~15 ms of each launch. None reopens the last library.
        return _run_gui(paths.default_library(library) if library else None)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help (0) or a usage error (2), already printed
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    handler = getattr(args, "handler", None)
    if handler is None:
        # None lets the window reopen the last library used when neither --library nor
        # $BRIEFBOOK_LIBRARY names one (app.gui.main.choose_library)
        return _run_gui(paths.default_library(args.library) if args.library else None)
    return _run(handler, Context(args))


def _window_only(argv: list[str]) -> tuple[bool, str | None]:
    """Return (True, the --library value or None) when `argv` only asks for the window."""
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == "--library" and not argv[1].startswith("-"):
        return True, argv[1]
    if len(argv) == 1 and argv[0].startswith("--library=") and len(argv[0]) > len("--library="):
        return True, argv[0].split("=", 1)[1]
    return False, None


def _run(handler: Handler, ctx: Context) -> int:
    """Run one subcommand, turning every error into one line on stderr."""
    from exporters.book import ExportCancelled, ExportError  # subcommands only, not the window

    try:
        return handler(ctx)
    except UsageError as error:
        print(f"{PROG}: error: {one_line(error)} (see {PROG} --help)", file=sys.stderr)
        return EXIT_USAGE
    except (LibraryError, ExportError, ExportCancelled) as error:
        print(f"{PROG}: {one_line(error)}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:
        # The reader went away (`briefbook list | head`): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED
    except OSError as error:
        print(f"{PROG}: {_os_message(error)}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback
        where = _log_unexpected(error)
        print(
            f"{PROG}: unexpected error: {one_line(error) or type(error).__name__}{where}",
            file=sys.stderr,
        )
        return EXIT_FAILED
    finally:
        ctx.close()


def _os_message(error: OSError) -> str:
    reason = error.strerror or one_line(error)
    return f"{error.filename}: {reason}" if error.filename else reason


def _log_unexpected(error: BaseException) -> str:
    """Log the traceback to the log file; return ' (details in PATH)' or '' if it failed."""
    try:
        log_path = paths.log_file()
        handler = logging.FileHandler(log_path, encoding="utf-8")
    except OSError:
        return ""
    logger = logging.getLogger("briefbook.cli")
    logger.addHandler(handler)
    try:
        logger.error("unexpected error in %s", " ".join(sys.argv), exc_info=error)
    finally:
        logger.removeHandler(handler)
        handler.close()
    return f" (details in {log_path})"


def _run_gui(library_path: Path | str | None) -> int:
    """Open the window on `library_path` (None: the last library used, else the default)."""
    try:
        from app.gui.main import run_gui  # imported late: the CLI must work without a display
    except ImportError as error:
        print(f"{PROG}: cannot open the window: {one_line(error)}", file=sys.stderr)
        return EXIT_FAILED
    return run_gui(library_path)
