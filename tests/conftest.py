"""Shared fixtures: paths to the seeds, the shared dev data, a CLI runner and a fake embedder."""

import zlib
from pathlib import Path

import numpy as np
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


class FakeEmbedder:
    """A tiny deterministic stand-in for a model: each character is hashed into one of 64
    dimensions, so texts that share characters are close; no model is loaded."""

    name = "fake"
    composes_overlaps = False

    def encode_joined(self, groups: list[list[str]], joiner: str) -> np.ndarray:
        return self.encode([joiner.join(group) for group in groups])

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for char in text.casefold():
                if not char.isspace():
                    vectors[row, zlib.crc32(char.encode("utf-8")) % 64] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", default=False,
        help="rewrite tests/golden/ from the current outputs instead of comparing with them",
    )
    parser.addoption(
        "--update-screenshot", action="store_true", default=False,
        help="copy the browser test's screenshot of the seed 000 report to reports/seed000.png",
    )
