"""Detector registry: each detector module declares itself with ``@detector(...)``.

A ``DetectorSpec`` says what a detector emits, needs and reads. The flag types, the gate's
keys and ``compare``'s columns are derived from the specs, and ``discover`` imports every
module of the package, so adding a detector is adding one module.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Collection, Generator, Iterable, Sequence
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
from ..embed.requests import BatchEmbedder, Needs, run_needs
from ..errors import ConfigError
from ..records import Flag
from .base import DetectionContext

# What a detector may need beyond the aligned sentences and their bead similarities:
# "vectors" (embeddings of words or edited sentences), "reference" (a human translation).
NEEDS = frozenset({"vectors", "reference"})
# Words the gate's keys use for other things ("all/critical", "flags/1k", "critical/1k").
_RESERVED = ("all", "flags", *FLAG_SEVERITIES)
_DETECT_KEYS = frozenset(f.name for f in fields(DetectConfig)) - {"detectors"}
# A detector returns its flags, or is a stage that asks for vectors first (see embed/requests.py);
# one with settings also takes them (an instance of its settings dataclass) after the context.
Detector = Callable[..., list[Flag] | Needs[list[Flag]]]


@dataclass(frozen=True)
class DetectorSpec:
    """A detector and its declaration.

    ``detect`` takes the context, and for a spec with ``settings`` also the detector's own
    settings (an instance of that dataclass, built from ``[detect.detectors.<name>]``).
    """

    name: str  # the flag type it emits (a second detector of one type: "TYPE-SOMETHING")
    detect: Detector
    emits: tuple[str, ...]
    needs: frozenset[str] = frozenset()
    languages: frozenset[tuple[str, str]] | None = None  # (src, tgt) pairs it supports; None: any
    reads: tuple[str, ...] = ()  # the [detect] keys it reads
    settings: type | None = None  # a frozen dataclass with defaults, read from [detect.detectors.<name>]
    audit: bool = False  # compare's documents table always has a column for its types (0 when none)
    column: int | None = None  # where its types go among compare's columns; None: after those, by name
    mqm: str = "Other"  # the MQM error category of its flags, for exports (e.g. "Accuracy/Omission")
    # Its flags on a bead depend on that bead alone, so a long text may be checked in chunks (on a
    # cluster); False (the safe default) for one that compares beads, like mistranslation's median.
    per_bead: bool = False
    # A detector whose flags this one finds too, with more evidence, at the cost of more needs
    # (mistranslation-words: mistranslation's flags with the worst-linked words). Where both are
    # selected only this one runs; without its needs, the other runs as before.
    replaces: str | None = None

    def __post_init__(self) -> None:
        problems = [
            (not self.emits, "must emit a flag type"),
            (any(not FLAG_TYPE_FORM.fullmatch(t) or t in _RESERVED for t in (self.name, *self.emits)),
             f"names and flag types are lower-case words joined by '-', none of {', '.join(_RESERVED)}"),
            (("vectors" in self.needs) != inspect.isgeneratorfunction(self.detect),
             "needs vectors exactly when it asks for them (a generator, see embed/requests.py)"),
            (not self.needs <= NEEDS, f"needs {sorted(self.needs - NEEDS)}; known: {sorted(NEEDS)}"),
            (not set(self.reads) <= _DETECT_KEYS, f"reads unknown [detect] keys {sorted(set(self.reads) - _DETECT_KEYS)}"),
            (self.settings is not None and not _has_defaults(self.settings),
             "settings must be a dataclass whose fields all have defaults"),
            (self.replaces is not None and not self._can_replace(),
             f"replaces {self.replaces!r}, which must be a registered detector with the same flag types"
             " and no language pair this one lacks"),
        ]
        for bad, message in problems:
            if bad:
                raise ValueError(f"detector {self.name!r}: {message}")

    def _can_replace(self) -> bool:
        """Whether ``replaces`` names a registered detector that this one can stand in for everywhere."""
        other = DETECTORS.get(self.replaces or "")
        if other is None or other.emits != self.emits:
            return False
        return self.languages is None or (other.languages is not None and other.languages <= self.languages)

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

    def run(self, ctx: DetectionContext) -> list[Flag] | Needs[list[Flag]]:
        """The detector's flags on ``ctx`` (or, for one that needs vectors, the stage that finds them)."""
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
    mqm: str = "Other",
    per_bead: bool = False,
    replaces: str | None = None,
) -> Callable[[Detector], Detector]:
    """Register the decorated function as detector ``name`` (emitting ``name`` unless ``emits`` says more)."""

    def decorate(func: Detector) -> Detector:
        if name in DETECTORS:
            raise ValueError(f"detector {name!r} registered twice")
        DETECTORS[name] = DetectorSpec(
            name=name, detect=func, emits=tuple(emits or (name,)), needs=frozenset(needs),
            languages=None if languages is None else frozenset(languages), reads=tuple(reads),
            settings=settings, audit=audit, column=column, mqm=mqm, per_bead=per_bead,
            replaces=replaces,
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


def mqm_categories() -> dict[str, str]:
    """The MQM category of each flag type (that of the first detector emitting it)."""
    categories: dict[str, str] = {}
    for name in sorted(DETECTORS):
        for flag_type in DETECTORS[name].emits:
            categories.setdefault(flag_type, DETECTORS[name].mqm)
    return categories


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
    """Names of the detectors to run: ``names`` (all by default) less ``exclude`` (and those that
    replace an excluded one), less those that need something not ``available`` or (given both
    languages) do not support the pair, less those replaced by one still selected (``replaces``)."""
    selected = sorted(DETECTORS) if names is None else list(names)
    unknown = [n for n in (*selected, *exclude) if n not in DETECTORS]
    if unknown:
        raise ConfigError(f"unknown detector(s): {', '.join(unknown)}; known: {', '.join(sorted(DETECTORS))}")
    kept = [
        n for n in selected
        if n not in exclude and DETECTORS[n].replaces not in exclude and DETECTORS[n].needs <= set(available)
        and (src_lang is None or tgt_lang is None or DETECTORS[n].supports(src_lang, tgt_lang))
    ]
    replaced = {DETECTORS[n].replaces for n in kept}
    return [n for n in kept if n not in replaced]


def detection(ctx: DetectionContext, *, names: Sequence[str]) -> Needs[list[Flag]]:
    """Run the named detectors that support the context's language pair as one stage (a detector
    that needs vectors asks for them); flags sorted by (bead, type, severity, evidence)."""
    flags: list[Flag] = []
    for name in names:
        spec = DETECTORS[name]
        if not spec.supports(ctx.src_lang, ctx.tgt_lang):
            continue
        found = spec.run(ctx)
        if isinstance(found, Generator):
            found = yield from found
        flags.extend(found)
    return sorted(flags, key=lambda f: (f.bead, f.type, f.severity, f.evidence))


def run_detectors(
    ctx: DetectionContext,
    *,
    names: Sequence[str] | None = None,
    exclude: Collection[str] = (),
    embedder: BatchEmbedder | None = None,
) -> list[Flag]:
    """Run the named detectors (all by default, less ``exclude``; without ``embedder`` all that need
    no vectors; naming one that needs them is then an error)."""
    available = NEEDS if embedder is not None else NEEDS - {"vectors"}
    selected = select_detectors(names=names, exclude=exclude, available=available if names is None else NEEDS)
    missing = [n for n in selected if not DETECTORS[n].needs <= available]
    if missing:
        raise ConfigError(f"detector(s) {', '.join(missing)} need an embedder")
    return run_needs(detection(ctx, names=selected), embedder)
