"""The compare gate: significant drops against the baseline, new flags, flag rates."""

from __future__ import annotations

import math

import pandas as pd

from ..config import GateConfig


def _worsening(row: pd.Series) -> float:
    """How much worse than the baseline, in the figure's units (positive = worse)."""
    return -row["delta"] if row["better"] == "higher" else row["delta"]


def rate_unit(src_lang: str) -> str:
    """What the flag rates count per 1,000: the source's characters (Chinese) or words."""
    return "source characters" if src_lang == "zh" else "source words"


def compare_gate_failures(
    figures: pd.DataFrame, flags: pd.DataFrame, *, baseline: str, gate: GateConfig, src_lang: str = "en"
) -> list[str]:
    """Readable reasons the gate fails; an empty list means it passes.

    ``src_lang`` names the unit of the flag rates: characters for a Chinese source, else words.
    """
    failures = []
    candidates = figures[figures["system"] != baseline]
    for figure, limit in sorted(gate.max_drop.items()):
        rows = candidates[candidates["figure"] == figure]
        for _, row in rows.iterrows():
            worse = _worsening(row)
            significant = row["p_value"] is not None and row["p_value"] < gate.p_value
            if worse > limit and significant:
                failures.append(
                    f"{row['system']}: {figure} {_digits(row['score'])} is {_beyond(worse, limit)} worse than "
                    f"{baseline} (limit {limit}, p = {row['p_value']:.4f} < {gate.p_value})"
                )
    for key, limit in sorted(gate.max_new_flags.items()):
        base = _count(flags, baseline, key)
        for system in sorted(set(candidates["system"])):
            new = _count(flags, system, key) - base
            if new > limit:
                failures.append(f"{system}: {new} more {key} {'flag' if new == 1 else 'flags'} than {baseline} (limit {limit})")
    for key, limit in sorted(gate.max_flags_per_1k.items()):
        for system in sorted(set(figures["system"])):
            rate = _rate(flags, system, key)
            if rate > limit:
                failures.append(f"{system}: {_beyond(rate, limit)} {key} flags per 1,000 {rate_unit(src_lang)} (limit {limit})")
    return failures


def _digits(value: float, decimals: int | None = None) -> str:
    """``value`` with at least 2 decimals and 3 significant digits (2.50, 25.12, 0.681, 0.0213)."""
    value = float(value)
    if decimals is None:
        magnitude = math.floor(math.log10(abs(value))) + 1 if value and math.isfinite(value) else 1
        decimals = max(2, 3 - magnitude)
    return f"{value:.{decimals}f}"


def _beyond(value: float, limit: float) -> str:
    """``value`` (known to exceed ``limit``) as ``_digits`` writes it, with more decimals where that would
    not read as more than the limit: 0.0213 against 0.02, 0.020004 rather than 0.0200."""
    text = _digits(value)
    decimals = len(text.partition(".")[2])
    while float(text) <= limit and decimals < 17:
        decimals += 1
        text = _digits(value, decimals)
    return text


def _select(flags: pd.DataFrame, system: str, key: str) -> pd.DataFrame:
    chosen = flags[flags["system"] == system]
    flag_type, _, severity = key.partition("/")
    if flag_type not in ("", "all"):
        chosen = chosen[chosen["type"] == flag_type]
    if severity:
        chosen = chosen[chosen["severity"] == severity]
    return chosen


def _count(flags: pd.DataFrame, system: str, key: str) -> int:
    return int(_select(flags, system, key)["count"].sum())


def _rate(flags: pd.DataFrame, system: str, key: str) -> float:
    return float(_select(flags, system, key)["per_1k"].sum())
