"""Compare several systems against a baseline: scores, flag rates, paired significance tests, a gate."""

from .compare import Comparison, compare_systems
from .gate import compare_gate_failures

__all__ = ["Comparison", "compare_gate_failures", "compare_systems"]
