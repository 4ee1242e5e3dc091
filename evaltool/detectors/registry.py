"""Detector registry: modules register themselves with ``@register("name")``."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..errors import ConfigError
from ..records import Flag
from .base import DetectionContext

Detector = Callable[[DetectionContext], list[Flag]]

DETECTORS: dict[str, Detector] = {}


def register(name: str) -> Callable[[Detector], Detector]:
    """Add a detector under ``name``; a second registration of one name is a bug."""

    def decorate(func: Detector) -> Detector:
        if name in DETECTORS:
            raise ValueError(f"detector {name!r} registered twice")
        DETECTORS[name] = func
        return func

    return decorate


def run_detectors(ctx: DetectionContext, *, names: Sequence[str] | None = None) -> list[Flag]:
    """Run the named detectors (all by default); flags sorted by (bead, type, evidence)."""
    selected = sorted(DETECTORS) if names is None else list(names)
    unknown = [n for n in selected if n not in DETECTORS]
    if unknown:
        raise ConfigError(
            f"unknown detector(s): {', '.join(unknown)}; known: {', '.join(sorted(DETECTORS))}"
        )
    flags = [flag for name in selected for flag in DETECTORS[name](ctx)]
    return sorted(flags, key=lambda f: (f.bead, f.type, f.severity, f.evidence))
