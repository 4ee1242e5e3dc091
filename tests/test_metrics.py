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
    with pytest.raises(InputError, match="reference 1 has 1 segment but the hypothesis has 2"):
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
    assert scores["length_ratio"] == pytest.approx(6 / 7, abs=1e-4)  # 6 Han characters / 7 en words


def test_length_units_count_han_characters_and_latin_runs_not_punctuation():
    from evaltool.metrics.document import length_units

    assert length_units("双方没有取得进展。", "zh") == 8  # the full stop does not count
    assert length_units("总干事谭德塞（Tedros Adhanom）表示：", "zh") == 8 + 2  # a Latin name: one per word
    assert length_units("截至3月15日，已接种3.5亿剂。", "zh") == 9 + 3  # 3, 15, 3.5
    assert length_units("详见 https://www.who.int/item/WHO-2021.1 。", "zh") == 2 + 2  # a URL: a word or two
    assert length_units("，。！？“”", "zh") == 0
    assert length_units("The talks ended without progress.", "en") == 5


ZH_WITH_URL = [
    "世界卫生组织（WHO）周二发布了新的疫苗接种指南。",
    "指南全文可在 https://www.who.int/publications/i/item/WHO-2019-nCoV-vaccines-SAGE-2021.1 查阅。",
    "总干事谭德塞（Tedros Adhanom Ghebreyesus）表示，各国应优先为医护人员接种。",
    "截至3月15日，全球已接种超过3.5亿剂疫苗。",
    "但低收入国家的接种率仍不足1%。",
    "COVAX计划已向92个国家运送了疫苗。",
    "世卫组织呼吁富裕国家分享多余的剂量。",
]
EN_OF_ZH_WITH_URL = [
    "The World Health Organization (WHO) issued new vaccination guidelines on Tuesday.",
    "The full guidelines are available at https://www.who.int/publications/i/item/WHO-2019-nCoV-vaccines-SAGE-2021.1.",
    "Director-General Tedros Adhanom Ghebreyesus said countries should vaccinate health workers first.",
    "As of March 15, more than 350 million doses had been given worldwide.",
    "But vaccination rates in low-income countries are still below 1%.",
    "The COVAX programme has delivered vaccines to 92 countries.",
    "The WHO called on rich countries to share their surplus doses.",
]


def test_length_ratio_of_a_faithful_zh_en_translation_with_a_url_is_within_the_norm():
    # counting every non-space character gave 0.31 here: the URL and Latin names inflated the Chinese side
    beads = [Bead((i,), (i,), 0.8) for i in range(7)]
    scores = document_scores(beads, ZH_WITH_URL, EN_OF_ZH_WITH_URL, src_lang="zh", tgt_lang="en")
    assert 0.55 <= scores["length_ratio"] <= 0.8  # the documented zh→en norm (10th–90th percentile)
