"""The extractor's contract with the pipeline and the CLI."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys

from nlp_helpers import article

from bot.config import DEFAULT_SEEDS_DIR
from bot.nlp import Extractor


def test_import_does_not_load_the_model() -> None:
    code = ("import sys, bot.nlp, bot.pipeline; "
            "print(any(m.startswith('fr_core_news') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
    assert importlib.import_module("bot.nlp").Extractor is not None


def test_analyze_many_matches_analyze(extractor: Extractor) -> None:
    articles = [
        article("Le Kremlin a estimé que la proposition était prématurée."),
        article("Moscou déplace ses troupes."),
        article("« Nous tiendrons », a promis Volodymyr Zelensky."),
    ]
    batched = list(extractor.analyze_many(articles))
    assert [a for a, _ in batched] == articles
    for art, analysis in batched:
        single = extractor.analyze(art)
        assert [(s.text, s.speaker) for s in analysis.statements] == \
            [(s.text, s.speaker) for s in single.statements]
    assert [len(a.statements) for _, a in batched] == [1, 0, 1]


def test_empty_and_odd_articles_do_not_crash(extractor: Extractor) -> None:
    for text in ["…", "« »", '"""', "«  Non  »", "a déclaré", "Selon", "x " * 2000]:
        extractor.analyze(article(text))


def test_cli_extract_json(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "piece.txt"
    path.write_text("« La trêve est une ligne rouge », a déclaré Dmitri Peskov.\n",
                    encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "extract", str(path), "--json"],
        capture_output=True, text=True, check=True,
        env={**os.environ, "QUOTEDESK_SEEDS": str(DEFAULT_SEEDS_DIR)},
    )
    records = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    assert len(records) == 1
    record = records[0]
    assert {"doc", "speaker", "speaker_text", "kind", "text", "cue", "said_on", "red_line",
            "start", "end"} <= set(record)
    assert record["speaker"] == "Dmitri Peskov" and record["kind"] == "direct"
    assert record["red_line"] is True


def test_random_punctuation_soup_never_crashes_and_offsets_stay_in_the_body(
    extractor: Extractor,
) -> None:
    import random
    pieces = ["«", "»", "“", "”", '"', ":", ",", ".", "…", "a déclaré", "a-t-il dit", "Selon",
              "d'après", "lui", "Poutine", "M.", "Le Kremlin", "que", "qu'", "\n\n", "estimant",
              "Comme l'a dit", "Pour", "?", "(", ")", "-t-elle", "ce dernier", "le ministre",
              "Lavrov :", "mardi", "14.01.2022", "et", "Il"]
    rng = random.Random(7)
    for _ in range(120):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 40))).strip() or "x"
        art = article(text)
        for st in extractor.analyze(art).statements:
            assert 0 <= st.start <= st.end <= len(art.body)


def test_seeds_folder_without_lexicons_uses_the_project_ones(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.nlp import Extractor

    extractor = Extractor(tmp_path)
    assert extractor.index.records == []
    assert "déclarer" in extractor.lexicons.cue_verbs
