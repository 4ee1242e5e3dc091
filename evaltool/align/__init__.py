"""Dynamic-programming sentence aligner (Vecalign/Bertalign style) and the bead text format."""

from .beads import BeadIndices, format_beads, parse_beads
from .dp import align_sentences

__all__ = ["BeadIndices", "align_sentences", "format_beads", "parse_beads"]
