"""Embedding as a batch stage: stages ask for vectors, a driver embeds the requests of many at once.

A stage that needs vectors (the aligner, the word check) is written as a generator that yields
requests and receives the vectors back::

    def stage(texts):
        vectors = yield Texts(tuple(texts))
        return vectors @ vectors.T

``drive`` runs many such generators in lockstep: every round it collects the pending requests of
all of them, embeds them in one call per kind (so a thousand documents cost a few large model
calls instead of thousands of small ones), and sends each generator its rows. The stages stay
plain code over plain data, and hold no model, so their inputs can be pickled and shipped to
another process.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar, runtime_checkable

import numpy as np

T = TypeVar("T")


@dataclass(frozen=True)
class Texts:
    """Vectors of these texts, one row each, in order."""

    texts: tuple[str, ...]


@dataclass(frozen=True)
class Joined:
    """Vectors of each group of sentences joined by ``joiner`` into one text, one row per group.

    A model that composes them from its sentences (the bundled one) does so without a model pass;
    any other embeds the joined texts.
    """

    groups: tuple[tuple[str, ...], ...]
    joiner: str


Request = Texts | Joined
# A stage that needs vectors: yields requests, gets an array of rows back for each, returns T.
Needs = Generator[Request, np.ndarray, T]


@runtime_checkable
class BatchEmbedder(Protocol):
    """What the driver needs of an embedder (``CachedEmbedder`` provides it all).

    ``composes_overlaps`` says whether ``encode_joined`` composes without a model pass, which makes
    overlaps cheap enough for the aligner to look at all short ones.
    """

    name: str
    composes_overlaps: bool

    def encode(self, texts: list[str]) -> np.ndarray: ...

    def encode_joined(self, groups: Sequence[Sequence[str]], joiner: str) -> np.ndarray: ...


def vectors_by_text(texts: Iterable[str]) -> Needs[dict[str, np.ndarray]]:
    """Request the vectors of distinct texts (sorted, so the request does not depend on set order)."""
    ordered = sorted(set(texts))
    if not ordered:
        return {}
    vectors = yield Texts(tuple(ordered))
    return dict(zip(ordered, vectors))


def run_needs(stage: Needs[T], embedder: BatchEmbedder | None) -> T:
    """Run one stage with ``embedder``."""
    return drive([stage], embedder)[0]


def drive(stages: Sequence[Needs[Any]], embedder: BatchEmbedder | None) -> list[Any]:
    """Run the stages in lockstep, one embedding call per request kind and round; their results in order.

    ``embedder`` may be None for stages that turn out to ask for nothing (a programming error otherwise).
    """
    results: list[Any] = [None] * len(stages)
    pending: dict[int, Request] = {}
    for k, stage in enumerate(stages):
        _advance(k, stage, None, pending, results)
    while pending:
        if embedder is None:
            raise TypeError("a stage asked for vectors, but no embedder was given")
        answers = _answer(pending, embedder)
        current, pending = pending, {}
        for k in current:
            _advance(k, stages[k], answers[k], pending, results)
    return results


def _advance(k: int, stage: Needs[Any], answer: np.ndarray | None, pending: dict[int, Request], results: list[Any]) -> None:
    try:
        pending[k] = next(stage) if answer is None else stage.send(answer)
    except StopIteration as done:
        results[k] = done.value


def _answer(pending: dict[int, Request], embedder: BatchEmbedder) -> dict[int, np.ndarray]:
    """Each request's rows, from one ``encode`` call for all texts and one ``encode_joined`` per joiner."""
    answers: dict[int, np.ndarray] = {}
    texts = [(k, r) for k, r in pending.items() if isinstance(r, Texts)]
    if texts:
        vectors = embedder.encode([t for _, r in texts for t in r.texts])
        _split(texts, [len(r.texts) for _, r in texts], vectors, answers)
    joined = [(k, r) for k, r in pending.items() if isinstance(r, Joined)]
    for joiner in sorted({r.joiner for _, r in joined}):
        same = [(k, r) for k, r in joined if r.joiner == joiner]
        vectors = embedder.encode_joined([g for _, r in same for g in r.groups], joiner)
        _split(same, [len(r.groups) for _, r in same], vectors, answers)
    return answers


def _split(requests: list[tuple[int, Any]], sizes: list[int], vectors: np.ndarray, answers: dict[int, np.ndarray]) -> None:
    start = 0
    for (k, _), size in zip(requests, sizes):
        answers[k] = vectors[start : start + size]
        start += size
