"""Detectors: one small module per problem type, all registered in ``DETECTORS``."""

from . import addition, entities, mistranslation, negation, numbers, omission, partial, untranslated  # noqa: F401
from .base import CRITICAL, MAJOR, MINOR, SEVERITIES, DetectionContext
from .registry import DETECTORS, register, run_detectors

__all__ = [
    "CRITICAL",
    "DETECTORS",
    "MAJOR",
    "MINOR",
    "SEVERITIES",
    "DetectionContext",
    "register",
    "run_detectors",
]
