"""Shared test fixtures: the bundled sample corpus and the truth files."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "kamervragen" / "sample"
TRUTH = Path(__file__).resolve().parent / "fixtures" / "truth"


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def sample_docs() -> list[Path]:
    return sorted((SAMPLE / "docs").iterdir())
