"""CLI commands, one module per stage; each module has ``register(app)``."""

from __future__ import annotations

import importlib

import typer

STAGES = ("parse", "store", "sync", "procedure", "search", "answerkit", "web")


def register_all(app: typer.Typer) -> None:
    for stage in STAGES:
        importlib.import_module(f"kamervragen.commands.{stage}").register(app)
