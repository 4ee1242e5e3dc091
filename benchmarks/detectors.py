"""Detector precision/recall on DEMETR zh→en, built en→zh negation pairs, and false alarms
on human references. Prints markdown tables.

    python benchmarks/detectors.py [--no-embed] [--only demetr|negation|drops|false-alarms|mqm|entities|enzh-words|mqm-precision]
                                   [--dump-critical FLAGS.tsv]

Data (beside the repository, ``../shared/data``):

* **DEMETR zh→en** (``demetr-zhen/demetr_zh_en.jsonl``, 100 FLORES sentences × 35
  perturbations). Positives: (``src_sent``, ``pert_sent``) of a perturbation; negatives:
  (``src_sent``, ``mt_sent``) of the 100 items (the unperturbed MT). Each pair is one 1-1
  bead. id10 (numbers replaced) leaves 56 of 100 sentences unchanged, so it is reported
  on all items and on the changed ones only.
* **Negation en→zh, built by rule** from FLORES devtest (English source, Chinese human
  reference), because no perturbed en→zh set exists. The rules only touch places where the
  change is grammatical Chinese and inverts the polarity. *Insert*: for a Chinese reference
  with no negation cue of any kind, negate the first of: copula 是→不是 (not 但是, 于是,
  只是, 的是, 是否…), verb 有→没有 (not 所有, 具有, 有些, 有效, 有了…, nor before a
  number), 不 before a two-character modal (可以, 应该, 需要, 可能…) or before 会/能 right
  after an adverb or a pronoun (都会, 他能); then check (en, negated zh) against (en,
  original zh). *Remove*: for a reference whose only negation is one strong cue
  不/没有/没 (no lexical cue), make the positive: 不X → X (a 并 before it goes too), 不必 → 必须,
  还没(有) → 已经, 没有 → 有 before a noun phrase (没有人, 没有X的N); a reference where no
  grammatical positive exists this way (没有 + verb, 不再, 不是…而是, 根本/几乎 before the
  cue, 任何 after it) gives no item. Each positive is paired with its own original as the
  negative, as in DEMETR.
* **False alarms on human references**: newstest2020 zh→en, ``src_zh`` against ``refA_en``
  and ``refB_en``, one 1-1 bead per segment, all detectors; the mistranslation detector
  gets the bundled model's similarity (``--no-embed`` leaves it out). With one bead per
  segment the mistranslation detector can only use its absolute floor.

* **Sentence drops, end to end**: every newstest2020 document (``src_zh`` vs ``refA_en``) and
  FLORES devtest document (lines grouped by ``metadata_devtest.tsv`` URL) as zh/en sentence
  lists; each target sentence is deleted with probability 0.1 (``random.Random(0)``, documents
  in sorted id order; a document never loses all of them), then aligned with
  ``align_sentences`` and the bundled model and run through all detectors. An ``omission``
  flag is correct when its bead's source holds a sentence whose translation was deleted;
  recall counts deleted sentences inside such a flagged bead. Every document is also run
  clean; its omission flags are false alarms (and count against precision).

* **Dropped words en→zh, built** from FLORES devtest (``--only enzh-words``), because no
  perturbed en→zh set exists: each Chinese reference loses one jieba word (``jieba.posseg``,
  no HMM) tagged noun, name, verb or adjective (n nr ns nt nz nrt nrfg ng v vn a an) of two or
  more characters and not a negation cue, chosen by ``random.Random(0)`` in line order; lines
  with no such word give no item. Positives: (English source, shortened reference);
  negatives: (English source, untouched reference). False alarms: partial-omission on those
  untouched FLORES references and on newstest2020 read en→zh (``refA_en`` as source,
  ``src_zh`` as target). Only ``partial-omission`` runs.

* **MQM TED zh→en** (``mqm-ted-zhen/mqm_ted_zhen.tsv``, ``<v>`` marks removed): each rated
  (system, segment) is one 1-1 bead through all detectors; reported is the share of segments
  with an Accuracy/Omission or major Accuracy/Mistranslation error that get a flag, and the
  same share for segments every rater marked No-error. An upper bound to watch, not P/R:
  one bead per segment leaves the mistranslation detector only its absolute floor.

* **Precision of critical and major flags on real MT** (``--only mqm-precision``): every rated
  (system, segment) of ``mqm-ted-zhen`` (15 systems, human ``ref``/``refB`` among them) and of
  newstest2021's ``mqm_joined.tsv`` (8 systems, its ``ref-A`` rows left out) is one 1-1 bead through
  the text-only detectors. A segment flagged critical (or major) is a hit when the experts marked a
  major accuracy error there: a Major/Critical ``Accuracy/*`` span of any rater (TED), an average
  MQM score of -5 or worse (newstest2021, which has no categories: a major error of any kind).
  Human references (newstest2020 refA/refB, newstest2021 refA, FLORES devtest both ways) give the
  critical flags per 100 segments. ``--dump-critical FILE`` writes every critical flag as TSV for
  reading by hand (verdicts: ``data/dev/critical_flags_verdicts.tsv``).

Flags of any severity count as detections in the P/R tables; the false-alarm table splits
them by severity. Unless ``--no-embed``, the detectors' context also carries the bundled model,
so partial-omission runs its word check, both directions (one context per pair: nothing is batched).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import jieba
import jieba.posseg

from evaltool.detectors import SEVERITIES, DetectionContext, run_detectors
from evaltool.detectors.entities import find_entities
from evaltool.detectors.negation import negation_cues
from evaltool.records import Bead

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

Pair = tuple[str, str]


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def context(src: str, tgt: str, src_lang: str, tgt_lang: str, sim: float) -> DetectionContext:
    return DetectionContext((src,), (tgt,), (Bead((0,), (0,), sim),), src_lang, tgt_lang)


class Checker:
    """Runs detectors on one-bead pairs, with similarities from the bundled model if asked."""

    def __init__(self, *, embed: bool) -> None:
        self.embedder = None
        if embed:
            from evaltool.config import EmbedConfig
            from evaltool.embed.loader import load_embedder

            self.embedder = load_embedder(EmbedConfig())

    def similarities(self, pairs: list[Pair]) -> list[float]:
        if self.embedder is None:
            return [0.8] * len(pairs)
        src = self.embedder.encode([s for s, _ in pairs])
        tgt = self.embedder.encode([t for _, t in pairs])
        return [float(x) for x in (src * tgt).sum(axis=1)]

    def flags(self, pairs: list[Pair], names: list[str], src_lang: str, tgt_lang: str) -> list[list]:
        sims = self.similarities(pairs) if "mistranslation" in names else [0.8] * len(pairs)
        if self.embedder is not None and "partial-omission" in names:
            names = [*names, "partial-omission-words"]  # the word check needs the model
        return [
            run_detectors(context(s, t, src_lang, tgt_lang, sim), names=names, embedder=self.embedder)
            for (s, t), sim in zip(pairs, sims)
        ]


def prf(tp: int, npos: int, fp: int, nneg: int) -> str:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / npos if npos else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"{p:.3f} | {r:.3f} | **{f:.3f}** | {tp}/{npos} | {fp}/{nneg}"


def demetr_table(checker: Checker) -> list[str]:
    rows = [json.loads(line) for line in (DATA / "demetr-zhen" / "demetr_zh_en.jsonl").open(encoding="utf-8")]
    base = list({r["id"]: r for r in rows}.values())
    cases: list[tuple[str, str, str, bool]] = [
        ("negation", "critical_id8_negation", "negation (id8)", False),
        ("negation", "critical_id7_antonym", "antonym (id7)", False),
        ("mistranslation", "critical_id7_antonym", "antonym (id7)", False),
        ("number", "critical_id10_numbers_replaced", "numbers (id10), all 100", False),
        ("number", "critical_id10_numbers_replaced", "numbers (id10), changed only", True),
        ("mistranslation", "critical_id9_ne_replaced", "named entity replaced (id9)", True),
        ("mistranslation", "critical_id25_ne_removed", "named entity removed (id25)", True),
        ("mistranslation", "critical_id6_addition", "addition (id6)", True),
        ("mistranslation", "critical_id22_verb_removed", "verb removed (id22)", True),
        ("mistranslation", "critical_id8_negation", "negation (id8)", False),
        ("partial-omission", "critical_id21_adj_adv_removed", "adjective/adverb removed (id21)", True),
        ("partial-omission", "critical_id22_verb_removed", "verb removed (id22)", True),
        ("partial-omission", "critical_id23_noun_removed", "noun removed (id23)", True),
        ("partial-omission", "critical_id24_subj_removed", "subject removed (id24)", True),
        ("partial-omission", "critical_id25_ne_removed", "named entity removed (id25)", True),
        ("partial-omission", "major_id5_pp_removed", "prepositional phrase removed (id5)", True),
        ("partial-omission", "critical_id6_addition", "addition (id6), not a target", True),
    ]
    if checker.embedder is None:
        cases = [c for c in cases if c[0] != "mistranslation"]
    out = [
        "### DEMETR zh→en (positives: src vs pert_sent; negatives: src vs mt_sent of the 100 items)",
        "",
        "| detector | perturbation | precision | recall | F1 | TP | FP |",
        "|---|---|---|---|---|---|---|",
    ]
    for det, pert, label, changed_only in cases:
        pos = [r for r in rows if r["pert_name"] == pert]
        if changed_only:
            pos = [r for r in pos if r["pert_sent"] != r["mt_sent"]]
        tp = sum(bool(f) for f in checker.flags([(r["src_sent"], r["pert_sent"]) for r in pos], [det], "zh", "en"))
        fp = sum(bool(f) for f in checker.flags([(r["src_sent"], r["mt_sent"]) for r in base], [det], "zh", "en"))
        out.append(f"| {det} | {label} | {prf(tp, len(pos), fp, len(base))} |")
    return out


# ---------------------------------------------------------------- en→zh negation by rule
# Where 不/没 can go without splitting a word or making a negation-only construction:
# 是 as a copula (not 但是, 于是, 只是, 先是, 的是, 是否, 是多么, 是，), 有 as a verb (not 所有,
# 具有, 配有, 有些, 有效, 有了, nor before a number), a two-character modal (可以, 应该,
# 需要, 可能; not 尽可能), and 会/能 right after an adverb or a pronoun (都会, 他能), where
# they cannot be part of 会议 or 功能.
_COPULA = re.compile(
    r"(?<=[^但可于要若而正只总还或凡像即便更倒硬真算的仅其别乃则自实确老就也先会])是"
    r"(?![否的非]|多么|怎|什么|谁|哪|如何|\W)"
)
_HAVE = re.compile(
    r"(?<=[^没所还只具拥享占负约共含持固特富仅稀罕唯已绘保各才己设附载带怀留存备装刻印写标配])有"
    r"(?![些的时关限点着所效利力助望意名趣用机线幸待益如余没个了不几数多]"
    r"|[\s\d一二两三四五六七八九十])"
)
_MODAL = re.compile(r"(?<=[^不没未的有要足尽很既])(?:可以|应该|应当|需要|愿意|能够|可能(?![性\W]))")
_SHORT_MODAL = re.compile(r"(?<=[都也就还又却仍我你他她它们这那])[会能](?![议员力量源])")


def negate_zh(text: str) -> str | None:
    """Negate the first predicate found: 是→不是, 有→没有, else 不 before a modal."""
    matches = (pattern.search(text) for pattern in (_COPULA, _HAVE, _MODAL, _SHORT_MODAL))
    found = [(m.start(), "没" if m.group() == "有" else "不") for m in matches if m]
    if not found:
        return None
    at, neg = min(found)
    return text[:at] + neg + text[at:]


# Adverbs that only go with a negation (并不, 并没有): deleted with it.
_NEG_ONLY_ADVERB = "并"
# Adverbs and words after the cue under which the plain positive is ungrammatical or means
# something else (根本有, 几乎可能, 再 for 不再, 多 in 不是多重要, 什么 in 没什么): no item.
_POLAR_BEFORE = ("根本", "压根", "从来", "丝毫", "一点也", "一点都", "毫", "几乎")
_POLAR_AFTER_BU = ("再", "用", "得", "多", "太", "很", "那么", "怎么", "够")
_POLAR_AFTER_MEI = ("什么", "多少", "那么", "这么", "多", "啥")
# 没有 + a short modifier + 的 (没有统一的定义 → 有统一的定义) is existential, so 有 is right;
# 没有 before a verb (没有受伤) has no grammatical 有-form in standard Chinese.
_MEI_NOMINAL = re.compile(r"没有?(?:人|[^，。；：！？,;:!?的给对向在从把被让使跟为]{1,4}的)")
_CLAUSE_END = re.compile(r"[，。；：！？,;:!?]")


def unnegate_zh(text: str) -> str | None:
    """Delete the only negation when it is one strong 不/没有/没 and nothing lexical.

    The positive must be grammatical Chinese: 并 goes with the negation, 不必 becomes 必须,
    还没(有) becomes 已经, 没有 becomes 有 only before a noun phrase (没有人, 没有X的N); a
    cue under a polarity word (根本, 几乎, 任何 later in the clause, 不再, 不是…而是, 没什么)
    gives no item.
    """
    cues = negation_cues(text, "zh")
    if len(cues) != 1 or cues[0].lexical or not cues[0].strong:
        return None
    word = next((w for w in ("没有", "没", "不") if cues[0].text.startswith(w)), None)
    if word is None or text.count(word) != 1:
        return None
    at = text.index(word)
    before, rest = text[:at], text[at:]
    if before.endswith(_POLAR_BEFORE) or "任何" in _CLAUSE_END.split(rest, maxsplit=1)[0]:
        return None
    before = before.removesuffix(_NEG_ONLY_ADVERB)
    positive = _positive_bu(rest) if word == "不" else _positive_mei(before, rest)
    if positive is None:
        return None
    if positive.startswith("已经"):
        before = before.removesuffix("还")
    return before + positive


def _positive_bu(rest: str) -> str | None:
    """不X → X, 不必 → 必须; None where the positive would not be grammatical."""
    after = rest[1:]
    if after.startswith("是") and ("而是" in after or after[1:].startswith(_POLAR_AFTER_BU)):
        return None
    if after.startswith(_POLAR_AFTER_BU):
        return None
    if after.startswith("必") and not after.startswith("必须"):
        return "必须" + after[1:]
    return after


def _positive_mei(before: str, rest: str) -> str | None:
    """还没(有)V → 已经V; 没有 + noun phrase → 有; None before a bare verb."""
    word = "没有" if rest.startswith("没有") else "没"
    after = rest[len(word) :]
    if after.startswith(_POLAR_AFTER_MEI):
        return None
    if before.endswith("还"):
        return "已经" + after
    if _MEI_NOMINAL.match(rest):
        return "有" + after
    return None


def en_zh_negation_table(checker: Checker) -> list[str]:
    zh = (DATA / "flores200-devtest-zhen" / "zho_Hans.devtest").read_text(encoding="utf-8").splitlines()
    en = (DATA / "flores200-devtest-zhen" / "eng_Latn.devtest").read_text(encoding="utf-8").splitlines()
    out = [
        "### Negation en→zh, built from FLORES devtest (English source, Chinese reference negated by rule)",
        "",
        "| direction | precision | recall | F1 | TP | FP |",
        "|---|---|---|---|---|---|",
    ]
    builds: list[tuple[str, Callable[[str], str | None], bool]] = [
        ("negation inserted in zh", negate_zh, True),
        ("negation removed from zh", unnegate_zh, False),
    ]
    for label, rule, need_plain in builds:
        items = []
        for e, z in zip(en, zh):
            if need_plain and negation_cues(z, "zh"):
                continue
            changed = rule(z)
            if changed and changed != z:
                items.append((e, z, changed))
        tp = sum(bool(f) for f in checker.flags([(e, c) for e, _, c in items], ["negation"], "en", "zh"))
        fp = sum(bool(f) for f in checker.flags([(e, z) for e, z, _ in items], ["negation"], "en", "zh"))
        out.append(f"| {label} | {prf(tp, len(items), fp, len(items))} |")
        # the same pairs read zh→en: the Chinese side as source
        tp2 = sum(bool(f) for f in checker.flags([(c, e) for e, _, c in items], ["negation"], "zh", "en"))
        fp2 = sum(bool(f) for f in checker.flags([(z, e) for e, z, _ in items], ["negation"], "zh", "en"))
        out.append(f"| {label}, checked as zh→en | {prf(tp2, len(items), fp2, len(items))} |")
    return out


# ---------------------------------------------------------------- sentence drops, end to end
def newstest2020_rows() -> list[dict[str, str]]:
    """The 2,000 segments of newstest2020 zh-en (fields are not quoted: a leading " is text)."""
    path = DATA / "newstest2020-zhen" / "newstest2020.zh-en.docs.tsv"
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def drop_documents() -> dict[str, tuple[list[str], list[str]]]:
    """zh source and en reference (refA for newstest2020) sentence lists, one entry per document."""
    docs: dict[str, tuple[list[str], list[str]]] = {}
    for row in newstest2020_rows():
        zh, en = docs.setdefault("newstest2020:" + row["doc_id"], ([], []))
        zh.append(row["src_zh"])
        en.append(row["refA_en"])
    flores = DATA / "flores200-devtest-zhen"
    urls = [line.split("\t")[0] for line in (flores / "metadata_devtest.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    zh_lines = (flores / "zho_Hans.devtest").read_text(encoding="utf-8").splitlines()
    en_lines = (flores / "eng_Latn.devtest").read_text(encoding="utf-8").splitlines()
    for url, z, e in zip(urls, zh_lines, en_lines, strict=True):
        zh, en = docs.setdefault("flores:" + url, ([], []))
        zh.append(z)
        en.append(e)
    return docs


def drops_table(checker: Checker, *, share: float = 0.1, seeds: tuple[int, ...] = (0, 1, 2)) -> list[str]:
    """Delete ~share of each document's target sentences (one draw per seed), align, run all detectors.

    An omission flag is correct when its bead's source holds a sentence whose translation was
    deleted; every document is also run clean (nothing deleted) to count false alarms there.
    Several seeds, because ~200 deletions per corpus and draw leave a few misses of noise.
    """
    from evaltool.align import align_sentences
    from evaltool.config import AlignConfig

    if checker.embedder is None:
        return ["### Sentence drops: needs the embedding model (left out with --no-embed)"]
    config = AlignConfig()
    corpora = ("newstest2020", "flores")
    stats = {(c, seed): Counter() for c in corpora for seed in seeds}
    documents = sorted(drop_documents().items())
    for seed in seeds:
        rng = random.Random(seed)
        for doc_id, (zh, en) in documents:
            st = stats[(doc_id.split(":", 1)[0], seed)]
            dropped = {i for i in range(len(en)) if rng.random() < share}
            if len(dropped) == len(en):
                dropped = set()
            for variant, gone in (("clean", set()), ("dropped", dropped)):
                if variant == "dropped" and not gone or variant == "clean" and seed != seeds[0]:
                    continue  # clean documents are the same for every seed
                tgt = [t for i, t in enumerate(en) if i not in gone]
                beads = align_sentences(zh, tgt, checker.embedder, config=config, src_lang="zh", tgt_lang="en")
                ctx = DetectionContext(tuple(zh), tuple(tgt), tuple(beads), "zh", "en")
                flags = run_detectors(ctx, names=["omission"])
                st[f"{variant}_docs"] += 1
                st["deleted"] += len(gone)
                st["found"] += len({i for f in flags for i in beads[f.bead].src if i in gone})
                st[f"{variant}_flags"] += len(flags)
                st[f"{variant}_good"] += sum(any(i in gone for i in beads[f.bead].src) for f in flags)
                st[f"{variant}_sents"] += len(zh)
    out = [
        f"### Sentence drops, end to end: ~{share:.0%} of target sentences deleted (seeds "
        f"{', '.join(map(str, seeds))}), zh source vs en reference, aligned with the bundled model",
        "",
        "| corpus | seed | documents with a drop | deleted | recall | precision | omission flags (correct) "
        "| false omission flags per 100 sentences, clean documents |",
        "|---|---|---|---|---|---|---|---|",
    ]
    rows = [(c, (seed,)) for c in corpora for seed in seeds] + [(c, seeds) for c in (*corpora, "all")]
    for corpus, group in rows:
        st: Counter[str] = Counter()
        for c in corpora if corpus == "all" else (corpus,):
            for seed in group:
                st.update(stats[(c, seed)])
        # false alarms: the clean run (first seed) once, set against the drop runs' flags
        clean = Counter()
        for c in corpora if corpus == "all" else (corpus,):
            clean.update(stats[(c, seeds[0])])
        flags = len(group) * clean["clean_flags"] + st["dropped_flags"]
        recall = st["found"] / st["deleted"] if st["deleted"] else 0.0
        precision = st["dropped_good"] / flags if flags else 0.0
        clean_rate = 100 * clean["clean_flags"] / clean["clean_sents"] if clean["clean_sents"] else 0.0
        label = str(group[0]) if len(group) == 1 else "all"
        bold = "**" if len(group) > 1 else ""
        out.append(
            f"| {corpus} | {label} | {st['dropped_docs']} | {st['deleted']} | {bold}{recall:.3f}{bold} "
            f"| {bold}{precision:.3f}{bold} | {flags} ({st['dropped_good']}) | {clean_rate:.2f} |"
        )
    return out


# ---------------------------------------------------------------- MQM TED zh→en, real errors
def mqm_ted_table(checker: Checker) -> list[str]:
    """Recall of real MQM errors (one bead per system segment); clean segments give the flag rate."""
    path = DATA / "mqm-ted-zhen" / "mqm_ted_zhen.tsv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    strip = re.compile(r"</?v>")
    text: dict[tuple[str, str], Pair] = {}
    labels: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for row in rows:
        key = (row["system"], row["seg_id"])
        text.setdefault(key, (strip.sub("", row["source"]), strip.sub("", row["target"])))
        labels.setdefault(key, set()).add((row["category"], row["severity"]))
    keys = sorted(text)
    names = ["omission", "addition", "negation", "number", "partial-omission", "untranslated", "entity"]
    if checker.embedder is not None:
        names.append("mistranslation")
    found = dict(zip(keys, checker.flags([text[k] for k in keys], names, "zh", "en")))
    groups = {
        "Accuracy/Omission, any severity": [k for k in keys if any(c == "Accuracy/Omission" for c, _ in labels[k])],
        "Accuracy/Omission, major": [k for k in keys if ("Accuracy/Omission", "Major") in labels[k]],
        "Accuracy/Mistranslation, major": [k for k in keys if ("Accuracy/Mistranslation", "Major") in labels[k]],
        "no error (every rater: No-error)": [k for k in keys if labels[k] == {("No-error", "No-error")}],
    }
    out = [
        f"### MQM TED zh→en (15 systems, {len(keys)} rated system segments, one bead each): "
        "share of segments flagged",
        "",
        "| segments | n | partial-omission flag | any flag | any critical/major flag |",
        "|---|---|---|---|---|",
    ]
    for label, group in groups.items():
        n = len(group) or 1
        partial = sum(any(f.type == "partial-omission" for f in found[k]) for k in group)
        anyf = sum(bool(found[k]) for k in group)
        serious = sum(any(f.severity != "minor" for f in found[k]) for k in group)
        out.append(f"| {label} | {len(group)} | {partial / n:.3f} | {anyf / n:.3f} | {serious / n:.3f} |")
    return out


# ---------------------------------------------------------------- en→zh dropped words
# jieba tags of the words the en→zh word set removes: nouns and names, verbs, adjectives
_DROP_TAGS = frozenset("n nr ns nt nz nrt nrfg ng v vn a an".split())


def drop_zh_word(zh: str, rng: random.Random) -> tuple[str, str, str] | None:
    """(the Chinese text without one content word, that word, its jieba tag): a noun, name, verb or
    adjective of two or more characters (not a negation cue), chosen by ``rng``; None if it has none."""
    words = jieba.posseg.lcut(zh, HMM=False)
    choices = [i for i, (w, tag) in enumerate(words) if tag in _DROP_TAGS and len(w) >= 2 and not negation_cues(w, "zh")]
    if not choices:
        return None
    at = rng.choice(choices)
    return "".join(w for i, (w, _) in enumerate(words) if i != at), words[at].word, words[at].flag


def enzh_word_table(checker: Checker, *, seed: int = 0) -> list[str]:
    """partial-omission en→zh on FLORES devtest with one Chinese content word removed, and false alarms.

    Positives: (English source, Chinese reference without one word, ``drop_zh_word`` with
    ``random.Random(seed)``); negatives: (English source, untouched reference). False alarms:
    the untouched references of FLORES and of newstest2020 (``refA_en`` as source, ``src_zh``).
    """
    folder = DATA / "flores200-devtest-zhen"
    en, zh = _lines(folder / "eng_Latn.devtest"), _lines(folder / "zho_Hans.devtest")
    rng = random.Random(seed)
    items = [(e, z, *dropped) for e, z in zip(en, zh) if (dropped := drop_zh_word(z, rng))]
    positives = checker.flags([(e, d) for e, _, d, _, _ in items], ["partial-omission"], "en", "zh")
    negatives = checker.flags([(e, z) for e, z, *_ in items], ["partial-omission"], "en", "zh")
    out = [
        f"### partial-omission en→zh: FLORES devtest, one Chinese content word removed (seed {seed})",
        "",
        "| removed from the zh reference (negatives: the same lines untouched) | precision | recall | F1 | TP | FP |",
        "|---|---|---|---|---|---|",
    ]
    for label, tags in (("noun, name, verb or adjective", "nva"), ("nouns and names", "n"), ("verbs", "v"),
                        ("adjectives", "a")):
        keep = [k for k, item in enumerate(items) if item[4][0] in tags]
        tp, fp = sum(bool(positives[k]) for k in keep), sum(bool(negatives[k]) for k in keep)
        out.append(f"| {label} | {prf(tp, len(keep), fp, len(keep))} |")
    news = newstest2020_rows()
    references = [
        ("FLORES devtest (the negatives)", negatives),
        ("newstest2020, refA_en → src_zh",
         checker.flags([(r["refA_en"], r["src_zh"]) for r in news], ["partial-omission"], "en", "zh")),
    ]
    out += ["", "| untouched human reference, en→zh | segments | partial-omission flags per 100 (major / minor) "
            "| segments with a flag |", "|---|---|---|---|"]
    for name, found in references:
        per = Counter(f.severity for flags in found for f in flags)
        out.append(f"| {name} | {len(found)} | {100 * per['major'] / len(found):.2f} / "
                   f"{100 * per['minor'] / len(found):.2f} | {sum(bool(f) for f in found)} |")
    return out


# ---------------------------------------------------------------- false alarms
def false_alarm_table(checker: Checker) -> list[str]:
    rows = newstest2020_rows()
    names = ["omission", "addition", "negation", "number", "partial-omission", "untranslated", "entity"]
    if checker.embedder is not None:
        names.append("mistranslation")
    out = [
        f"### False alarms on human references: newstest2020 zh→en, {len(rows)} segments, flags per 100 segments",
        "",
        "| reference | type | " + " | ".join(SEVERITIES) + " | segments with a flag |",
        "|---|---|" + "---|" * len(SEVERITIES) + "---|",
    ]
    for col in ("refA_en", "refB_en"):
        found = checker.flags([(r["src_zh"], r[col]) for r in rows], names, "zh", "en")
        per_type: dict[str, Counter[str]] = {}
        for flags in found:
            for f in flags:
                per_type.setdefault(f.type, Counter())[f.severity] += 1
        n = len(rows)
        for ftype in sorted(per_type):
            c = per_type[ftype]
            segs = sum(any(f.type == ftype for f in flags) for flags in found)
            cells = " | ".join(f"{100 * c[s] / n:.2f}" for s in SEVERITIES)
            out.append(f"| {col} | {ftype} | {cells} | {segs} |")
        total = Counter(f.severity for flags in found for f in flags)
        cells = " | ".join(f"**{100 * total[s] / n:.2f}**" for s in SEVERITIES)
        out.append(f"| {col} | all detectors | {cells} | {sum(bool(f) for f in found)} |")
    return out


# One string of each kind, spliced into both sides of real sentence pairs by ``entity_table``.
ENTITY_SAMPLES = ("https://www.example.org/report?id=42", "press@example.org", "@evaltool_news", "{user_name}", "%d")


def _altered(value: str) -> str:
    """The same string with one character changed (a letter or digit near its end)."""
    for i in range(len(value) - 1, -1, -1):
        if value[i].isalnum():
            return value[:i] + ("x" if value[i] != "x" else "y") + value[i + 1 :]
    return value + "x"


def entity_table(checker: Checker) -> list[str]:
    """Entities spliced into FLORES pairs (kept / dropped / altered in the target), and false alarms.

    For FLORES devtest line i, ``ENTITY_SAMPLES[i % 5]`` is appended to the source ("… (see X)")
    and to the target ("…（见X）" in Chinese, "(see X)" in English); the target keeps it
    (negative), drops it or gets it with one character changed (positives). False alarms: the
    entity detector on untouched human references (newstest2020 refA/refB, newstest2021 refA,
    FLORES both ways), flags per 100 segments.
    """
    folder = DATA / "flores200-devtest-zhen"
    en, zh = _lines(folder / "eng_Latn.devtest"), _lines(folder / "zho_Hans.devtest")
    add = {"en": lambda text, x: f"{text} (see {x})", "zh": lambda text, x: f"{text}（见{x}）"}
    out = ["### Entities (`--only entities`): URL, e-mail, handle, placeholder spliced into FLORES devtest", "",
           "| direction | change in the target | precision | recall | F1 | TP | FP |", "|---|---|---|---|---|---|---|"]
    for sl, tl, src_side, tgt_side in (("en", "zh", en, zh), ("zh", "en", zh, en)):
        samples = [ENTITY_SAMPLES[i % len(ENTITY_SAMPLES)] for i in range(len(src_side))]
        sources = [add[sl](s, x) for s, x in zip(src_side, samples)]
        kept = checker.flags(list(zip(sources, [add[tl](t, x) for t, x in zip(tgt_side, samples)])), ["entity"], sl, tl)
        fp = sum(bool(f) for f in kept)
        for label, targets in (("dropped", tgt_side),
                               ("one character changed", [add[tl](t, _altered(x)) for t, x in zip(tgt_side, samples)])):
            found = checker.flags(list(zip(sources, targets)), ["entity"], sl, tl)
            tp = sum(any(f.severity == "major" for f in flags) for flags in found)
            out.append(f"| {sl}→{tl} | {label} | {prf(tp, len(found), fp, len(kept))} |")
    news = newstest2020_rows()
    news21 = DATA / "newstest2021-zhen"
    references = [
        ("newstest2020 refA, zh→en", [(r["src_zh"], r["refA_en"]) for r in news], "zh", "en"),
        ("newstest2020 refB, zh→en", [(r["src_zh"], r["refB_en"]) for r in news], "zh", "en"),
        ("newstest2021 refA, zh→en", list(zip(_lines(news21 / "newstest2021.zh-en.src.zh"),
                                              _lines(news21 / "newstest2021.zh-en.ref.A.en"))), "zh", "en"),
        ("FLORES devtest, en→zh", list(zip(en, zh)), "en", "zh"),
        ("FLORES devtest, zh→en", list(zip(zh, en)), "zh", "en"),
    ]
    out += ["", "| human reference | segments | entity flags per 100 (major / minor) | source segments with an entity |",
            "|---|---|---|---|"]
    for name, pairs, sl, tl in references:
        found = checker.flags(pairs, ["entity"], sl, tl)
        per = Counter(f.severity for flags in found for f in flags)
        out.append(f"| {name} | {len(pairs)} | {100 * per['major'] / len(pairs):.2f} / "
                   f"{100 * per['minor'] / len(pairs):.2f} | "
                   f"{sum(bool(find_entities(s)) for s, _ in pairs)} |")
    return out


# ---------------------------------------------------------------- MQM precision of critical/major flags
_TEXT_ONLY = ["negation", "number", "partial-omission", "untranslated", "entity"]
_ACCURACY_MAJOR = re.compile(r"Accuracy/")


def mqm_segments() -> list[tuple[str, str, str, str, str, bool]]:
    """(corpus, system, segment id, zh source, en MT, expert error) for every rated MT segment.

    TED (``mqm-ted-zhen``): the error is a Major (or Critical) ``Accuracy/*`` span of any
    rater. newstest2021 (``mqm_joined.tsv`` has scores only, no categories): an average MQM
    score of -5 or worse, i.e. at least one major error of any category on average; the
    ``ref-A`` rows are human and are left out here.
    """
    strip = re.compile(r"</?v>")
    out: dict[tuple[str, str, str], list] = {}
    with (DATA / "mqm-ted-zhen" / "mqm_ted_zhen.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            key = ("ted", row["system"], row["seg_id"])
            item = out.setdefault(key, [*key, strip.sub("", row["source"]), strip.sub("", row["target"]), False])
            if _ACCURACY_MAJOR.match(row["category"]) and row["severity"] in ("Major", "Critical"):
                item[5] = True
    with (DATA / "newstest2021-zhen" / "newstest2021.zh-en.mqm_joined.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["system"] != "ref-A":
                key = ("newstest2021", row["system"], row["seg_id"])
                out[key] = [*key, row["src"], row["hyp"], float(row["mqm_avg_score"]) <= -5]
    return [tuple(v) for _, v in sorted(out.items())]


def human_reference_pairs() -> list[tuple[str, str, str, str, str]]:
    """(corpus, segment id, source, reference, source language) of the human references."""
    news = newstest2020_rows()
    news21 = DATA / "newstest2021-zhen"
    flores = DATA / "flores200-devtest-zhen"
    en, zh = _lines(flores / "eng_Latn.devtest"), _lines(flores / "zho_Hans.devtest")
    pairs = [("newstest2020 refA", r["seg_id"], r["src_zh"], r["refA_en"], "zh") for r in news]
    pairs += [("newstest2020 refB", r["seg_id"], r["src_zh"], r["refB_en"], "zh") for r in news]
    pairs += [("newstest2021 refA", str(i + 1), s, t, "zh") for i, (s, t) in enumerate(
        zip(_lines(news21 / "newstest2021.zh-en.src.zh"), _lines(news21 / "newstest2021.zh-en.ref.A.en")))]
    pairs += [("FLORES zh→en", str(i + 1), z, e, "zh") for i, (z, e) in enumerate(zip(zh, en))]
    pairs += [("FLORES en→zh", str(i + 1), e, z, "en") for i, (z, e) in enumerate(zip(zh, en))]
    return pairs


def mqm_precision_table(checker: Checker, *, dump: Path | None = None) -> list[str]:
    """Precision of critical and major flags against expert errors, and critical flags on human references.

    Each rated MT segment is one 1-1 bead through the text-only detectors (no embedding:
    one bead per segment leaves the mistranslation detector only its floor). A flagged
    segment is a true positive when the experts marked a major accuracy error there
    (``mqm_segments``). ``dump`` writes every critical flag (MT and references) as TSV, for
    reading by hand.
    """
    items = mqm_segments()
    found = checker.flags([(s, t) for *_, s, t, _ in items], _TEXT_ONLY, "zh", "en")
    refs = human_reference_pairs()
    ref_found = [checker.flags([(s, t)], _TEXT_ONLY, sl, "zh" if sl == "en" else "en")[0] for *_, s, t, sl in refs]
    base = sum(item[5] for item in items) / len(items)
    out = [
        (f"### Precision of critical and major flags against expert MQM errors (`--only mqm-precision`): "
         f"{len(items)} rated MT segments (TED zh→en 15 systems, newstest2021 zh→en 8 systems); "
         f"base rate (share of segments with an expert major error) {base:.3f}"),
        "",
        "| corpus | type | severity | flagged segments | precision |",
        "|---|---|---|---|---|",
    ]
    for corpus in ("ted", "newstest2021", "all"):
        keep = [k for k, item in enumerate(items) if corpus in ("all", item[0])]
        types = sorted({f.type for k in keep for f in found[k]})
        for ftype in [*types, "all types"]:
            for severity in ("critical", "major"):
                hits = [k for k in keep if any(f.severity == severity and ftype in ("all types", f.type)
                                               for f in found[k])]
                if not hits:
                    continue
                good = sum(items[k][5] for k in hits)
                bold = "**" if ftype == "all types" else ""
                out.append(f"| {corpus} | {ftype} | {severity} | {len(hits)} | {bold}{good / len(hits):.3f}{bold} |")
    out += ["", "| human reference | segments | critical flags per 100 (by type) | major flags per 100 |", "|---|---|---|---|"]
    for corpus in [*dict.fromkeys(r[0] for r in refs), "all"]:
        keep = [k for k, r in enumerate(refs) if corpus in ("all", r[0])]
        per = Counter(f.severity for k in keep for f in ref_found[k])
        types = Counter(f.type for k in keep for f in ref_found[k] if f.severity == "critical")
        detail = ", ".join(f"{t} {100 * n / len(keep):.2f}" for t, n in sorted(types.items()))
        bold = "**" if corpus == "all" else ""
        out.append(f"| {corpus} | {len(keep)} | {bold}{100 * per['critical'] / len(keep):.2f}{bold}"
                   f"{f' ({detail})' if detail else ''} | {100 * per['major'] / len(keep):.2f} |")
    if dump is not None:
        with dump.open("w", encoding="utf-8") as handle:
            handle.write("corpus\tsystem\tseg_id\texpert_error\ttype\tevidence\tsource\ttarget\n")
            rows = [(*item[:3], str(item[5]), f, item[3], item[4]) for item, flags in zip(items, found) for f in flags]
            rows += [(r[0], "human", r[1], "False", f, r[2], r[3]) for r, flags in zip(refs, ref_found) for f in flags]
            for corpus, system, seg, error, f, s, t in rows:
                if f.severity == "critical":
                    line = f"{corpus}\t{system}\t{seg}\t{error}\t{f.type}\t{f.evidence}\t{s}\t{t}"
                    handle.write(line.replace("\n", " ") + "\n")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-embed", action="store_true", help="skip the mistranslation detector and drops (no model)")
    parser.add_argument(
        "--only", choices=sorted(TABLES), action="append", help="run only these tables (repeatable)"
    )
    parser.add_argument("--dump-critical", type=Path, help="mqm-precision: write every critical flag to this TSV")
    args = parser.parse_args()
    checker = Checker(embed=not args.no_embed)
    for name in args.only or list(TABLES):
        table = TABLES[name]
        lines = mqm_precision_table(checker, dump=args.dump_critical) if table is mqm_precision_table else table(checker)
        print("\n".join(lines))
        print()


TABLES: dict[str, Callable[[Checker], list[str]]] = {
    "demetr": demetr_table,
    "negation": en_zh_negation_table,
    "drops": drops_table,
    "false-alarms": false_alarm_table,
    "mqm": mqm_ted_table,
    "entities": entity_table,
    "enzh-words": enzh_word_table,
    "mqm-precision": mqm_precision_table,
}


if __name__ == "__main__":
    main()
