"""``kamervragen parse``: one JSON object per document, as the parse contract fixes it."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from kamervragen.model import ParseError
from kamervragen.parse import parse_bytes
from kamervragen.parse.decode import read_limited


def parse_one(path: str) -> dict:
    """The contract object for one path ('-' is standard input); an ``error`` object for bad input."""
    try:
        if path == "-":
            data = read_limited(sys.stdin.buffer)
        else:
            with Path(path).open("rb") as stream:
                data = read_limited(stream)
    except OSError as exc:
        return {"source": path, "error": f"The file cannot be read ({exc.strerror or exc})."}
    except ParseError as exc:
        return {"source": path, "error": str(exc)}
    try:
        return parse_bytes(data, source=path).to_json()
    except ParseError as exc:
        return {"source": path, "error": str(exc)}


def register(app: typer.Typer) -> None:
    @app.command()
    def parse(
        files: Annotated[list[str], typer.Argument(help="Documents to parse; '-' reads standard input.")],
    ) -> None:
        """Parse documents of the procedure into JSON Lines (see the parse contract)."""
        failed = 0
        for path in files:
            obj = parse_one(path)
            failed += "error" in obj
            sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        raise typer.Exit(1 if failed else 0)
