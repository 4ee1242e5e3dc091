"""Detectors: one small module per problem type, each declared with ``@detector`` in ``DETECTORS``.

Every module of this package is imported here (``discover``), so a new detector needs no
import line: its own file is enough.
"""

from .base import CRITICAL, MAJOR, MINOR, SEVERITIES, DetectionContext
from .registry import (
    DETECTORS,
    NEEDS,
    DetectorSpec,
    check_config,
    check_gate_keys,
    detector,
    discover,
    flag_types,
    gate_figures,
    run_detectors,
    select_detectors,
    unregister,
)

__all__ = [
    "CRITICAL",
    "DETECTORS",
    "MAJOR",
    "MINOR",
    "NEEDS",
    "SEVERITIES",
    "DetectionContext",
    "DetectorSpec",
    "check_config",
    "check_gate_keys",
    "detector",
    "discover",
    "flag_types",
    "gate_figures",
    "run_detectors",
    "select_detectors",
    "unregister",
]

discover(__path__, __name__)
