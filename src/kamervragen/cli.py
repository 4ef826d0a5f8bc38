"""The ``kamervragen`` command: thin wrappers that parse arguments, call one library function and
format its result. Each stage registers its commands from ``kamervragen.commands.<stage>``."""

from __future__ import annotations

import os
import sys

import typer

from kamervragen import __version__
from kamervragen.commands import register_all
from kamervragen.errors import UserError

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="Kamervragen: schriftelijke Kamervragen as linked, searchable records.",
)


def _print_version(value: bool) -> None:
    if value:
        print(f"kamervragen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Kamervragen: schriftelijke Kamervragen as linked, searchable records."""


register_all(app)


def main() -> None:
    """Run the CLI; user errors become one sentence on stderr and a non-zero exit, never a traceback."""
    try:
        app()
    except UserError as exc:
        message = " ".join(str(exc).split())  # one line, even when a driver's message spans several
        print(f"kamervragen: {message}", file=sys.stderr)
        sys.exit(2)
    except OSError as exc:  # a path given by the user (--out, a file) that cannot be used
        print(f"kamervragen: {exc.filename or 'a file'} cannot be used ({exc.strerror or exc}).", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("kamervragen: interrupted; run the same command again to resume.", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # a bug, not bad input: one line unless debugging is asked for
        if os.environ.get("KAMERVRAGEN_DEBUG"):
            raise
        print(f"kamervragen: internal error ({type(exc).__name__}: {exc}); "
              "set KAMERVRAGEN_DEBUG=1 to see the trace.", file=sys.stderr)
        sys.exit(1)
