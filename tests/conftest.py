"""Shared fixtures: paths to the seeds, the shared dev data, and a CLI runner."""

from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

# No time limit per example: a busy 2-core CI box must not fail a test on speed.
settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def seeds() -> Path:
    return SEEDS


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", default=False,
        help="rewrite tests/golden/ from the current outputs instead of comparing with them",
    )
    parser.addoption(
        "--update-screenshot", action="store_true", default=False,
        help="copy the browser test's screenshot of the seed 000 report to reports/seed000.png",
    )
