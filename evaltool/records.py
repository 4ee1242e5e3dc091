"""Plain frozen records that flow between pipeline stages.

Every stage takes and returns these, so a stage can be tested alone and swapped.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sentence:
    """One sentence of a document.

    ``index`` is its 0-based position among the document's sentences (boilerplate lines are
    not counted); ``paragraph`` is the 1-based line of the input file it was split from (a
    plain-text paragraph is one line), 0 when it came from elsewhere (pre-aligned units, the API).
    """

    index: int
    text: str
    paragraph: int = 0

    @property
    def line(self) -> int | None:
        """The 1-based line of the input file, or None when unknown."""
        return self.paragraph or None


@dataclass(frozen=True)
class Boilerplate:
    """A line kept out of alignment and scoring (web furniture), listed in the report; ``line`` is 1-based."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Document:
    """One monolingual text: its sentences plus the boilerplate removed from it."""

    doc_id: str
    lang: str
    sentences: tuple[Sentence, ...]
    boilerplate: tuple[Boilerplate, ...] = ()
    source: str = ""
    encoding: str = "utf-8"

    @property
    def texts(self) -> list[str]:
        return [s.text for s in self.sentences]


@dataclass(frozen=True)
class DocumentPair:
    """A source document and its translation, to be aligned and scored.

    ``ref_lines``: (target line, reference line) of each line when the target and reference files
    have as many lines, the unit ``evaltool score`` scores them in; empty otherwise.
    """

    doc_id: str
    src: Document
    tgt: Document
    ref: Document | None = None
    ref_lines: tuple[tuple[str, str], ...] = ()


POSSIBLE_SPLIT_BELOW = 0.5


@dataclass(frozen=True)
class Bead:
    """An alignment link: source sentence indices ↔ target sentence indices (either may be empty).

    ``confidence`` in [0, 1] is the aligner's (``align.dp``); a 1-0/0-1 bead below
    ``POSSIBLE_SPLIT_BELOW`` may be the rest of a neighbouring sentence the translator split in two.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    similarity: float = 0.0
    confidence: float = 1.0

    @property
    def possible_split(self) -> bool:
        """A sentence without counterpart that the aligner nearly joined to its neighbour's bead."""
        return not (self.src and self.tgt) and self.confidence < POSSIBLE_SPLIT_BELOW

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"


@dataclass(frozen=True)
class Flag:
    """A suspected translation problem.

    ``type`` is a lower-case word (omission, addition, partial-omission, negation, number,
    untranslated, mistranslation); ``severity`` is critical, major or minor (as in MQM);
    ``evidence`` names the words or numbers that triggered it; ``bead`` is the index
    of the bead in the alignment it belongs to.
    """

    type: str
    severity: str
    evidence: str
    bead: int


@dataclass(frozen=True)
class DocReport:
    """Everything known about one document pair after evaluation."""

    doc_id: str
    src: Document
    tgt: Document | None
    beads: tuple[Bead, ...] = ()
    flags: tuple[Flag, ...] = ()
    scores: dict[str, float] = field(default_factory=dict)
    signature: str = ""
    note: str = ""
