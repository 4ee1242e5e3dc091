"""Norms of `length_ratio` on human translations: 10th/50th/90th percentile over whole documents.

FLORES-200 devtest (lines grouped into documents by the URL in metadata_devtest.tsv) and
newstest2020 zh→en (src_zh vs refA_en, grouped by doc_id). Usage: python benchmarks/length_ratio.py
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

from evaltool.metrics.document import length_units, text_length

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def flores() -> list[tuple[str, str]]:
    base = DATA / "flores200-devtest-zhen"
    en = (base / "eng_Latn.devtest").read_text(encoding="utf-8").splitlines()
    zh = (base / "zho_Hans.devtest").read_text(encoding="utf-8").splitlines()
    urls = [r["URL"] for r in csv.DictReader((base / "metadata_devtest.tsv").open(encoding="utf-8"), delimiter="\t")]
    docs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for url, e, z in zip(urls, en, zh, strict=True):
        docs[url].append((e, z))
    return [(" ".join(e for e, _ in rows), "".join(z for _, z in rows)) for rows in docs.values()]


def newstest() -> list[tuple[str, str]]:
    path = DATA / "newstest2020-zhen" / "newstest2020.zh-en.docs.tsv"
    csv.field_size_limit(sys.maxsize)
    docs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            docs[r["doc_id"]].append((r["refA_en"], r["src_zh"]))
    return [(" ".join(e for e, _ in rows), "".join(z for _, z in rows)) for rows in docs.values()]


def main() -> None:
    print("| data | documents | direction | count | p10 | median | p90 |")
    print("|---|---|---|---|---|---|---|")
    sets = {"FLORES devtest": flores(), "newstest2020": newstest()}
    sets["both"] = sets["FLORES devtest"] + sets["newstest2020"]
    for name, docs in sets.items():
        for count, fn in (("Han + words", length_units), ("non-space chars (old)", text_length)):
            ratios = np.array([fn(z, "zh") / fn(e, "en") for e, z in docs])
            for direction, values in (("en→zh", ratios), ("zh→en", 1 / ratios)):
                p10, p50, p90 = np.percentile(values, [10, 50, 90])
                print(f"| {name} | {len(docs)} | {direction} | {count} | {p10:.2f} | {p50:.2f} | {p90:.2f} |")


if __name__ == "__main__":
    main()
