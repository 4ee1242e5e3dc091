"""Human-judged zh→en segment pairs from ../shared/data for training and validating ``quality``.

Each corpus becomes a list of :class:`Judged` (one MT or human translation of one source segment,
with its expert MQM score, higher = better, 0 = no error). Shared by ``train_quality.py`` and
``quality.py``; embeddings are cached under /tmp so that reruns are quick.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
CACHE = Path(os.environ.get("EVALTOOL_QUALITY_CACHE", "/tmp/evaltool-quality-cache"))

# DEMETR perturbations get the MQM points of their severity (Google MQM weights: minor 1, major 5;
# critical meaning errors count as two majors, a missing or unrelated translation as a
# non-translation, 25). The unperturbed MT and the reference are clean (0).
_DEMETR_POINTS = {"minor": -1.0, "major": -5.0, "critical": -10.0}
_DEMETR_NON_TRANSLATION = {"base_id33_empty", "base_id33_shuffle_trans"}

_TED_REFS = {"ref": "ref-A", "refB": "ref-B"}

csv.field_size_limit(sys.maxsize)


@dataclass(frozen=True)
class Judged:
    """One translated segment with its expert judgement."""

    corpus: str  # "ted", "news21", "news20", "demetr"
    doc: str  # document (or source segment where there are no documents): the grouping unit
    seg: str  # source segment id within the corpus
    system: str  # MT system or human reference name
    src: str  # Chinese source
    tgt: str  # English translation
    mqm: float  # MQM score (negative points; 0 = no error)
    omission: bool = False  # an expert marked Accuracy/Omission
    mistranslation: bool = False  # an expert marked Accuracy/Mistranslation

    @property
    def is_reference(self) -> bool:
        """Human reference translations (left out of system-level figures)."""
        return self.system.lower().startswith("ref")


def _untag(text: str) -> str:
    return re.sub(r"</?v>", "", text).strip()


def load_ted() -> list[Judged]:
    """WMT21 TED talks zh→en, MQM (15 systems incl. two references); error categories per segment."""
    folder = DATA / "mqm-ted-zhen"
    texts: dict[tuple[str, str], tuple[str, str, str]] = {}
    cats: dict[tuple[str, str], set[str]] = defaultdict(set)
    with open(folder / "mqm_ted_zhen.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            key = (row["system"], row["seg_id"])
            texts.setdefault(key, (row["doc"], _untag(row["source"]), _untag(row["target"])))
            cats[key].add(row["category"])
    # The score file names the references "ref-A"/"ref-B", the span file "ref"/"refB".
    for (system, seg), value in list(texts.items()):
        if system in _TED_REFS:
            texts[(_TED_REFS[system], seg)] = value
            cats[(_TED_REFS[system], seg)] = cats[(system, seg)]
    out = []
    with open(folder / "mqm_ted_zhen.avg_seg_scores.tsv", encoding="utf-8") as f:
        next(f)
        for line in f:
            system, score, seg = line.split()
            if score == "None" or (system, seg) not in texts:
                continue
            doc, src, tgt = texts[(system, seg)]
            c = cats[(system, seg)]
            out.append(Judged("ted", doc, seg, system, src, tgt, float(score),
                              "Accuracy/Omission" in c, "Accuracy/Mistranslation" in c))
    return out


def load_news21() -> list[Judged]:
    """WMT21 newstest zh→en, MQM per system and segment (no error categories, no document ids)."""
    out = []
    path = DATA / "newstest2021-zhen" / "newstest2021.zh-en.mqm_joined.tsv"
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["mqm_avg_score"] in ("", "None"):
                continue
            out.append(Judged("news21", row["seg_id"], row["seg_id"], row["system"], row["src"].strip(),
                              row["hyp"].strip(), float(row["mqm_avg_score"])))
    return out


def load_news20() -> list[Judged]:
    """WMT20 newstest zh→en: MQM of the two human references."""
    out = []
    path = DATA / "newstest2020-zhen" / "newstest2020.zh-en.docs.tsv"
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            for ref in ("A", "B"):
                score = row[f"mqm_Human{ref}"]
                if score in ("", "None", "nan"):
                    continue
                out.append(Judged("news20", row["doc_id"], row["seg_id"], f"ref-{ref}", row["src_zh"].strip(),
                                  row[f"ref{ref}_en"].strip(), float(score)))
    return out


def load_demetr() -> list[Judged]:
    """DEMETR zh→en: each source's good MT (0) and its perturbations (severity points)."""
    out: list[Judged] = []
    seen: set[str] = set()
    with open(DATA / "demetr-zhen" / "demetr_zh_en.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            src, seg = d["src_sent"].strip(), str(d["id"])
            if seg not in seen:
                seen.add(seg)
                out.append(Judged("demetr", seg, seg, "mt", src, d["mt_sent"].strip(), 0.0))
            name = d["pert_name"]
            if name in _DEMETR_NON_TRANSLATION:
                points = -25.0
            else:
                points = _DEMETR_POINTS.get(d["severity"], 0.0)
            omitted = "removed" in name
            out.append(Judged("demetr", seg, seg, name, src, d["pert_sent"].strip(), points, omission=omitted))
    return out


LOADERS = {"ted": load_ted, "news21": load_news21, "news20": load_news20, "demetr": load_demetr}


def load(names: list[str]) -> list[Judged]:
    """The named corpora, in order."""
    return [item for name in names for item in LOADERS[name]()]


def embed(texts: list[str], model: str) -> np.ndarray:
    """Vectors of ``texts`` by evaltool's ``model`` (usem3 or e5), cached in CACHE between runs.

    The missing texts are embedded sorted, 512 per call (the cache stores each call's vectors as it
    goes): usem3's vectors differ in the last bits with the batch they were embedded in, so a fixed
    batching (see :func:`warm_cache`) is what makes a rebuild from an empty cache byte for byte the same.
    """
    from evaltool.config import EmbedConfig
    from evaltool.embed import load_embedder

    embedder = load_embedder(EmbedConfig(model=model, cache_dir=str(CACHE)))
    distinct = sorted(set(texts))
    for start in range(0, len(distinct), 512):
        embedder.encode(distinct[start : start + 512])
    return embedder.encode(texts)


def warm_cache() -> None:
    """Embed every sentence of all corpora with usem3 and the e5 subset's with e5, in one fixed order."""
    items = load(list(LOADERS))
    embed([t for x in items for t in (x.src, x.tgt)], "usem3")
    embed([t for x in e5_subset() for t in (x.src, x.tgt)], "e5")


E5_SEGMENTS = 160  # source segments per test corpus embedded with e5 (all their systems)


def e5_subset() -> list[Judged]:
    """The items of the first E5_SEGMENTS scored segments of TED and of newstest2021 (e5 is slow on 2 cores)."""
    out = []
    for name in ("ted", "news21"):
        items = LOADERS[name]()
        segs = sorted({x.seg for x in items}, key=int)[:E5_SEGMENTS]
        keep = set(segs)
        out += [x for x in items if x.seg in keep]
    return out
