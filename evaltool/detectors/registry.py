"""Detector registry: modules register themselves with ``@register("name")``."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Generator, Sequence

from ..embed.requests import BatchEmbedder, Needs, run_needs
from ..errors import ConfigError
from ..records import Flag
from .base import DetectionContext

# A detector returns its flags, or is a stage that asks for vectors first (see embed/requests.py).
Detector = Callable[[DetectionContext], list[Flag] | Needs[list[Flag]]]

DETECTORS: dict[str, Detector] = {}


def register(name: str) -> Callable[[Detector], Detector]:
    """Add a detector under ``name``; a second registration of one name is a bug."""

    def decorate(func: Detector) -> Detector:
        if name in DETECTORS:
            raise ValueError(f"detector {name!r} registered twice")
        DETECTORS[name] = func
        return func

    return decorate


def needs_vectors(name: str) -> bool:
    """Whether the detector asks for vectors (it is a stage of the embedding driver)."""
    return inspect.isgeneratorfunction(DETECTORS[name])


def select(names: Sequence[str] | None = None, *, vectors: bool = True) -> list[str]:
    """The named detectors (all by default; without ``vectors`` all but those that need them), checked."""
    if names is None:
        return [n for n in sorted(DETECTORS) if vectors or not needs_vectors(n)]
    unknown = [n for n in names if n not in DETECTORS]
    if unknown:
        raise ConfigError(
            f"unknown detector(s): {', '.join(unknown)}; known: {', '.join(sorted(DETECTORS))}"
        )
    return list(names)


def detection(ctx: DetectionContext, *, names: Sequence[str]) -> Needs[list[Flag]]:
    """Run the named detectors as one stage; flags sorted by (bead, type, severity, evidence)."""
    flags: list[Flag] = []
    for name in names:
        found = DETECTORS[name](ctx)
        if isinstance(found, Generator):
            found = yield from found
        flags.extend(found)
    return sorted(flags, key=lambda f: (f.bead, f.type, f.severity, f.evidence))


def run_detectors(
    ctx: DetectionContext, *, names: Sequence[str] | None = None, embedder: BatchEmbedder | None = None
) -> list[Flag]:
    """Run the named detectors (all by default; without ``embedder`` all that need no vectors)."""
    selected = select(names, vectors=embedder is not None)
    missing = [n for n in selected if needs_vectors(n)] if embedder is None else []
    if missing:
        raise ConfigError(f"detector(s) {', '.join(missing)} need an embedder")
    return run_needs(detection(ctx, names=selected), embedder)
