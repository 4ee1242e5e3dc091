"""String metrics equal sacrebleu's; document figures from beads."""

import pytest
import sacrebleu

from evaltool.errors import InputError
from evaltool.metrics import corpus_scores, document_scores
from evaltool.records import Bead

ZH_HYP = ["美国和俄罗斯官员周一举行了会谈。", "双方没有取得进展。"]
ZH_REF = ["美俄官员周一举行会谈。", "双方未取得任何进展。"]
EN_HYP = ["The talks ended without progress.", "Russia denied plans to invade."]
EN_REF = ["The talks ended with no progress.", "Russia denied it planned an invasion."]


def test_chinese_scores_match_sacrebleu_with_zh_tokenizer():
    result = corpus_scores(ZH_HYP, [ZH_REF], tgt_lang="zh")
    assert result["BLEU"] == pytest.approx(sacrebleu.corpus_bleu(ZH_HYP, [ZH_REF], tokenize="zh").score, abs=1e-4)
    assert result["chrF"] == pytest.approx(sacrebleu.corpus_chrf(ZH_HYP, [ZH_REF]).score, abs=1e-4)
    ter = sacrebleu.corpus_ter(ZH_HYP, [ZH_REF], normalized=True, asian_support=True).score
    assert result["TER"] == pytest.approx(ter, abs=1e-4)
    assert result["BLEU"] > 0  # 13a on unsegmented Chinese would give 0.0
    assert "tok:zh" in result["signatures"]["BLEU"]
    assert "asian:yes" in result["signatures"]["TER"]


def test_english_scores_use_13a_and_several_references():
    refs = [EN_REF, ["The talks ended without any progress.", "Russia denied an invasion plan."]]
    result = corpus_scores(EN_HYP, refs, tgt_lang="en")
    assert result["BLEU"] == pytest.approx(sacrebleu.corpus_bleu(EN_HYP, refs).score, abs=1e-4)
    assert "tok:13a" in result["signatures"]["BLEU"]
    assert "nrefs:2" in result["signatures"]["BLEU"]


def test_reference_length_mismatch_is_an_input_error():
    with pytest.raises(InputError, match="reference 1 has 1 segments but the hypothesis has 2"):
        corpus_scores(EN_HYP, [EN_REF[:1]], tgt_lang="en")


def test_segment_major_shape_mistake_is_rejected():
    # sacrebleu silently mis-scores refs given as [segment] instead of [[segment]].
    with pytest.raises(InputError):
        corpus_scores(EN_HYP, EN_REF, tgt_lang="en")


def test_document_scores_coverage_and_length_ratio():
    src = ["One two three four.", "Five six.", "Seven."]
    tgt = ["一二三四。", "五六。"]
    beads = [Bead((0,), (0,), 0.8), Bead((1,), (1,), 0.6), Bead((2,), (), 0.0)]
    scores = document_scores(beads, src, tgt, src_lang="en", tgt_lang="zh")
    assert scores["coverage"] == pytest.approx(2 / 3, abs=1e-4)
    assert scores["similarity"] == pytest.approx(0.7)
    assert scores["length_ratio"] == pytest.approx(8 / 7, abs=1e-4)  # 8 zh chars / 7 en words
