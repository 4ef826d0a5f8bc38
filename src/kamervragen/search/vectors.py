"""Optional semantic vectors (placeholder until the models land)."""

from __future__ import annotations

from typing import Any


def default_index(store: Any, conn: Any) -> Any:
    return None
