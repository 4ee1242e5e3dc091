"""The evaltool signature names every setting that changes a result, [ingest] included."""

from dataclasses import replace

from evaltool.config import Config
from evaltool.signature import evaltool_signature


def _parts(config: Config) -> dict[str, str]:
    signature = evaltool_signature(config, model="fake")
    return dict(part.split(":", 1) for part in signature.split("|"))


def test_ingest_part_lists_what_changes_how_files_split():
    parts = _parts(Config())
    assert list(parts)[:4] == ["pair", "model", "ingest", "align"]
    assert parts["ingest"] == "bilingual_min_share=0.2,kana_hangul_min_share=0.1"


def test_result_changing_settings_change_the_signature():
    config = Config()
    base = evaltool_signature(config, model="fake")
    for changed in (
        replace(config, ingest=replace(config.ingest, bilingual_min_share=0.3)),
        replace(config, ingest=replace(config.ingest, kana_hangul_min_share=0.5)),
        replace(config, align=replace(config.align, min_typical_cost=0.3)),
        replace(config, detect=replace(config.detect, untranslated_min_letters=20)),
    ):
        assert evaltool_signature(changed, model="fake") != base


def test_file_size_limit_is_not_in_the_signature():
    """max_file_bytes only refuses a file; every report it lets through is the same."""
    config = Config()
    bigger = replace(config, ingest=replace(config.ingest, max_file_bytes=1))
    assert evaltool_signature(bigger, model="fake") == evaltool_signature(config, model="fake")
