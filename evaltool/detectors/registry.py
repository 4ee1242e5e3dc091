"""Detector registry: each detector module declares itself with ``@detector(...)``.

A ``DetectorSpec`` says what a detector emits, needs and reads. The flag types, the gate's
keys and ``compare``'s columns are derived from the specs, and ``discover`` imports every
module of the package, so adding a detector is adding one module.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import MISSING, dataclass, fields, is_dataclass
from typing import Any

from ..config import (
    FLAG_SEVERITIES,
    FLAG_TYPE_FORM,
    GATE_METRICS,
    Config,
    DetectConfig,
    GateConfig,
    _check_type,
    check_gate,
)
from ..errors import ConfigError
from ..records import Flag
from .base import DetectionContext

# What a detector may need beyond the aligned sentences and their bead similarities:
# "vectors" (embeddings of words or edited sentences), "reference" (a human translation).
NEEDS = frozenset({"vectors", "reference"})
# Words the gate's keys use for other things ("all/critical", "flags/1k", "critical/1k").
_RESERVED = ("all", "flags", *FLAG_SEVERITIES)
_DETECT_KEYS = frozenset(f.name for f in fields(DetectConfig)) - {"detectors"}


@dataclass(frozen=True)
class DetectorSpec:
    """A detector and its declaration.

    ``detect`` takes the context, and for a spec with ``settings`` also the detector's own
    settings (an instance of that dataclass, built from ``[detect.detectors.<name>]``).
    """

    name: str  # the flag type it emits
    detect: Callable[..., list[Flag]]
    emits: tuple[str, ...]
    needs: frozenset[str] = frozenset()
    languages: frozenset[tuple[str, str]] | None = None  # (src, tgt) pairs it supports; None: any
    reads: tuple[str, ...] = ()  # the [detect] keys it reads
    settings: type | None = None  # a frozen dataclass with defaults, read from [detect.detectors.<name>]
    audit: bool = False  # compare's documents table always has a column for its types (0 when none)
    column: int | None = None  # where its types go among compare's columns; None: after those, by name

    def __post_init__(self) -> None:
        problems = [
            (not self.emits or self.name not in self.emits, f"must emit its own name ({self.emits})"),
            (any(not FLAG_TYPE_FORM.fullmatch(t) or t in _RESERVED for t in self.emits),
             f"flag types are lower-case words joined by '-', none of {', '.join(_RESERVED)} ({self.emits})"),
            (not self.needs <= NEEDS, f"needs {sorted(self.needs - NEEDS)}; known: {sorted(NEEDS)}"),
            (not set(self.reads) <= _DETECT_KEYS, f"reads unknown [detect] keys {sorted(set(self.reads) - _DETECT_KEYS)}"),
            (self.settings is not None and not _has_defaults(self.settings),
             "settings must be a dataclass whose fields all have defaults"),
        ]
        for bad, message in problems:
            if bad:
                raise ValueError(f"detector {self.name!r}: {message}")

    def supports(self, src_lang: str, tgt_lang: str) -> bool:
        """True when the detector works for this language pair."""
        return self.languages is None or (src_lang, tgt_lang) in self.languages

    def options(self, config: DetectConfig) -> Any:
        """The detector's own settings from ``config`` (None for a spec without settings)."""
        if self.settings is None:
            return None
        values = config.detectors.get(self.name, {})
        if not isinstance(values, dict):
            raise ConfigError(f"config key [detect.detectors] {self.name} must be a table")
        for key, value in values.items():
            if key not in {f.name for f in fields(self.settings)}:
                known = ", ".join(f.name for f in fields(self.settings))
                raise ConfigError(f"unknown config key in [detect.detectors.{self.name}]: {key}; known: {known}")
            _check_type(self.settings, key, value, where=f"[detect.detectors.{self.name}] {key}")
        return self.settings(**values)

    def run(self, ctx: DetectionContext) -> list[Flag]:
        """The detector's flags on ``ctx``."""
        if self.settings is None:
            return self.detect(ctx)
        return self.detect(ctx, self.options(ctx.config))


def _has_defaults(cls: type) -> bool:
    return is_dataclass(cls) and all(
        f.default is not MISSING or f.default_factory is not MISSING for f in fields(cls)
    )


DETECTORS: dict[str, DetectorSpec] = {}


def detector(
    *,
    name: str,
    emits: Sequence[str] | None = None,
    needs: Collection[str] = (),
    languages: Iterable[tuple[str, str]] | None = None,
    reads: Sequence[str] = (),
    settings: type | None = None,
    audit: bool = False,
    column: int | None = None,
) -> Callable[[Callable[..., list[Flag]]], Callable[..., list[Flag]]]:
    """Register the decorated function as detector ``name`` (emitting ``name`` unless ``emits`` says more)."""

    def decorate(func: Callable[..., list[Flag]]) -> Callable[..., list[Flag]]:
        if name in DETECTORS:
            raise ValueError(f"detector {name!r} registered twice")
        DETECTORS[name] = DetectorSpec(
            name=name, detect=func, emits=tuple(emits or (name,)), needs=frozenset(needs),
            languages=None if languages is None else frozenset(languages), reads=tuple(reads),
            settings=settings, audit=audit, column=column,
        )
        return func

    return decorate


def unregister(name: str) -> None:
    """Remove detector ``name`` (for tests that register a detector of their own)."""
    del DETECTORS[name]


def discover(path: Iterable[str], package: str) -> None:
    """Import every module of ``package`` (found on ``path``) so that its detectors register."""
    for module in pkgutil.iter_modules(path):
        importlib.import_module(f"{package}.{module.name}")


def flag_types() -> tuple[str, ...]:
    """Every flag type a registered detector emits, sorted."""
    return tuple(sorted({t for spec in DETECTORS.values() for t in spec.emits}))


def gate_figures() -> tuple[str, ...]:
    """What ``[gate] max_drop`` can name: compare's figure rows, with a rate per flag type."""
    return (*GATE_METRICS, *(f"{t}/1k" for t in flag_types()))


def check_config(config: Config) -> None:
    """What the registry knows of a config: the gate's flag types and each detector's own settings."""
    check_gate_keys(config.gate)
    unknown = sorted(set(config.detect.detectors) - {s.name for s in DETECTORS.values() if s.settings})
    if unknown:
        known = ", ".join(sorted(s.name for s in DETECTORS.values() if s.settings)) or "none"
        raise ConfigError(f"unknown detector(s) in [detect.detectors]: {', '.join(unknown)}; with settings: {known}")
    for spec in DETECTORS.values():
        spec.options(config.detect)


def check_gate_keys(gate: GateConfig) -> None:
    """The gate's tables name only flag types that a registered detector emits."""
    check_gate(gate, flag_types=flag_types())


def select_detectors(
    *,
    names: Sequence[str] | None = None,
    exclude: Collection[str] = (),
    available: Collection[str] = NEEDS,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
) -> list[str]:
    """Names of the detectors to run: ``names`` (all by default) less ``exclude``, less those that
    need something not ``available`` or (given both languages) do not support the pair."""
    selected = sorted(DETECTORS) if names is None else list(names)
    unknown = [n for n in (*selected, *exclude) if n not in DETECTORS]
    if unknown:
        raise ConfigError(f"unknown detector(s): {', '.join(unknown)}; known: {', '.join(sorted(DETECTORS))}")
    return [
        n for n in selected
        if n not in exclude and DETECTORS[n].needs <= set(available)
        and (src_lang is None or tgt_lang is None or DETECTORS[n].supports(src_lang, tgt_lang))
    ]


def run_detectors(
    ctx: DetectionContext, *, names: Sequence[str] | None = None, exclude: Collection[str] = ()
) -> list[Flag]:
    """Run the named detectors (all by default, less ``exclude``) that support the context's language
    pair; flags sorted by (bead, type, severity, evidence)."""
    selected = select_detectors(names=names, exclude=exclude, src_lang=ctx.src_lang, tgt_lang=ctx.tgt_lang)
    flags = [flag for name in selected for flag in DETECTORS[name].run(ctx)]
    return sorted(flags, key=lambda f: (f.bead, f.type, f.severity, f.evidence))
