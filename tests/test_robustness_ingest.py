"""Bad articles and busy mornings.

- A batch mixing good and malformed documents (binary, empty, 5 MB, HTML soup, Latin-1, only a
  header line, no sentences): each bad one gets one clear error, the batch goes on, and what
  was stored before is untouched. Runs the real pipeline (spaCy extractor).
- Commands answered from several threads while another thread stores 1,000 articles: SQLite
  WAL with one connection per thread; no "database is locked" ever reaches a user.
"""

from __future__ import annotations

import random
import shutil
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from bench.corpus import Corpus, CorpusConfig, write_articles
from bot.config import DEFAULT_SEEDS_DIR, Settings
from bot.context import CommandContext
from bot.dispatch import run_command
from bot.ingest import content_hash
from bot.nlp import Extractor
from bot.pipeline import IngestReport, Pipeline
from store import Store
from store.ingest import save_article

SEEDS_DIR = DEFAULT_SEEDS_DIR
SEED_FILES = sorted((SEEDS_DIR / "articles").glob("*.txt"))


@pytest.fixture(scope="session")
def robustness_extractor() -> Extractor:
    return Extractor(SEEDS_DIR)


def _french_paragraph(i: int) -> str:
    return (
        f"Le ministre a déclaré jeudi que la trêve devait être respectée (paragraphe {i}). "
        "« Nous ne tolérerons aucune provocation », a ajouté le porte-parole du Kremlin, "
        "Dmitri Peskov, selon qui les négociations se poursuivront la semaine prochaine."
    )


def write_malformed(folder: Path) -> dict[str, str]:
    """The bad documents; returns {file name: what is wrong with it}."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(5)
    (folder / "a_binary.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    (folder / "b_empty.txt").write_bytes(b"")
    paragraph = _french_paragraph(0) + "\n\n"
    repeat = 5 * 1024 * 1024 // len(paragraph.encode()) + 1
    (folder / "c_huge.txt").write_text(" date 2025-03\n\nTitre\n\n" + paragraph * repeat,
                                       encoding="utf-8")
    (folder / "d_soup.html").write_text(
        "<html><head><script>var a='<p>';</script><style>p{}</style></head><body>"
        "<div><div><span><b>Menu</b><i>Accueil</i></span><table><tr><td>"
        "<p>Pas<p>de<div>fermeture</span></td></tr>" + "<font><center>&nbsp;&eacute;&#x20AC;"
        "<<<>>></body>" + "<div>" * 300 + "</html>",
        encoding="utf-8",
    )
    (folder / "e_latin1.txt").write_bytes(
        (" date 2024-05-14\n\nLa trêve en question\n\n" + "\n\n".join(
            _french_paragraph(i) for i in range(3))).encode("latin-1", errors="replace")
    )
    (folder / "f_header_only.txt").write_text(" date 2025-03 https://example.org/a.html\n",
                                              encoding="utf-8")
    (folder / "g_no_sentences.txt").write_text("12 34 56\n\n— — —\n\n***\n\n7 8 9\n",
                                               encoding="utf-8")
    return {
        "a_binary.txt": "binary", "b_empty.txt": "empty", "c_huge.txt": "5 MB",
        "d_soup.html": "HTML soup", "e_latin1.txt": "Latin-1",
        "f_header_only.txt": "only a header line", "g_no_sentences.txt": "no sentences",
    }


def _accounted(report: IngestReport) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {}
    for doc, _, _ in report.stored:
        seen.setdefault(Path(doc).name, []).append("stored")
    for doc in report.unchanged:
        seen.setdefault(Path(doc).name, []).append("unchanged")
    for doc, _ in report.duplicates:
        seen.setdefault(Path(doc).name, []).append("duplicate")
    for error in report.errors:
        seen.setdefault(Path(error.source).name, []).append(f"error: {error.message}")
    return seen


@pytest.mark.slow
def test_malformed_articles_each_get_one_clear_error_and_the_batch_goes_on(
    tmp_path: Path, robustness_extractor: Extractor
) -> None:
    store = Store(tmp_path / "r.db")
    pipeline = Pipeline(store, SEEDS_DIR, extractor=robustness_extractor)
    first = pipeline.ingest([SEED_FILES[2]])
    assert len(first.stored) == 1
    db = store.db
    before_articles = db.execute("SELECT id, content_hash FROM articles").fetchall()
    before_statements = db.execute("SELECT id, text FROM statements ORDER BY id").fetchall()

    folder = tmp_path / "batch"
    problems = write_malformed(folder)
    shutil.copy(SEED_FILES[0], folder / "0_good.txt")
    shutil.copy(SEED_FILES[1], folder / "z_good.txt")
    report = pipeline.ingest([folder])

    seen = _accounted(report)
    for name in ["0_good.txt", "z_good.txt", *problems]:
        assert len(seen.get(name, [])) == 1, (name, seen.get(name))  # once, never twice/never
    assert seen["0_good.txt"] == ["stored"] and seen["z_good.txt"] == ["stored"]
    must_fail = ["a_binary.txt", "b_empty.txt", "f_header_only.txt", "g_no_sentences.txt"]
    for name in must_fail:
        assert seen[name][0].startswith("error: "), (name, seen[name])
    for error in report.errors:
        assert error.message.strip() and "Traceback" not in error.message
        assert len(error.message) < 300, error.message  # a sentence, not a dump
    # Legacy 8-bit text is French news too: decoded and stored, accents intact.
    assert seen["e_latin1.txt"] == ["stored"]
    body = db.execute("SELECT body FROM articles WHERE doc = 'e_latin1.txt'").fetchone()[0]
    assert "trêve" in body and "Ã" not in body
    # Nothing stored before was lost or changed.
    for article_id, digest in before_articles:
        row = db.execute("SELECT content_hash FROM articles WHERE id = ?", [article_id]).fetchone()
        assert row is not None and row[0] == digest
    after = db.execute(
        "SELECT id, text FROM statements WHERE id <= ? ORDER BY id",
        [before_statements[-1][0] if before_statements else 0],
    ).fetchall()
    assert after == before_statements
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()


# --------------------------------------------------------------------------- concurrency


@pytest.fixture
def busy_store(tmp_path: Path) -> Iterator[tuple[Store, Settings]]:
    path = tmp_path / "busy.db"
    store = Store(path)
    settings = replace(Settings(), db_path=path)
    Pipeline(store, settings.seeds_dir).ensure_seed_actors()
    yield store, settings
    store.close()


@pytest.mark.slow
def test_commands_answer_while_a_thousand_articles_are_stored(
    busy_store: tuple[Store, Settings], caplog: pytest.LogCaptureFixture
) -> None:
    store, settings = busy_store
    corpus = Corpus(CorpusConfig(seed=9, seeds_dir=settings.seeds_dir, synthetic_actors=300))
    items = [(a, content_hash(a), an) for a, an in corpus.iter_articles(1000)]
    for article, digest, analysis in items[:50]:  # something to find from the start
        save_article(store.db, article, digest, analysis)

    writer_done = threading.Event()
    writer_errors: list[BaseException] = []

    def writer() -> None:
        try:
            db = store.db  # this thread's own connection
            for article, digest, analysis in items[50:]:
                save_article(db, article, digest, analysis)
        except BaseException as exc:
            writer_errors.append(exc)
        finally:
            store.close()
            writer_done.set()

    lines = [
        ("/quote", "Peskov truce"), ("/quote", "Lavrov troupes since:2020"),
        ("/who", "sanctions"), ("/timeline", "Poutine"), ("/actors", "Pes"),
        ("/quote", '"ligne rouge"'), ("/subscribe", "Peskov"), ("/subscriptions", ""),
        ("/unsubscribe", "Peskov"), ("/subscribe", "redlines"), ("/redline", "list"),
    ]
    answers: list[tuple[str, str, str | None, bool]] = []
    answers_lock = threading.Lock()

    def reader(n: int) -> None:
        ctx = CommandContext(store=store, settings=settings, team_id=f"T{n}",
                             channel_id=f"C{n}", user_id=f"U{n}")
        i = n
        try:
            while not writer_done.is_set() or i < n + len(lines):
                command, text = lines[i % len(lines)]
                answer = run_command(ctx, command, text)
                with answers_lock:
                    answers.append((command, text, answer.message, answer.is_error))
                i += 1
        finally:
            store.close()

    threads = [threading.Thread(target=writer)] + [
        threading.Thread(target=reader, args=(n,)) for n in range(3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in threads)
    assert not writer_errors, writer_errors
    assert store.db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1000
    assert len(answers) >= 3 * len(lines)
    for command, text, message, is_error in answers:
        text_out = (message or "").lower()
        assert "locked" not in text_out and "busy" not in text_out, (command, text, message)
        assert "something went wrong" not in text_out, (command, text, message)
        assert not is_error, (command, text, message)
    logged = " ".join(r.getMessage() + str(r.exc_info or "") for r in caplog.records).lower()
    assert "database is locked" not in logged


@pytest.mark.slow
def test_ingest_with_two_worker_processes_stores_every_article(
    tmp_path: Path, robustness_extractor: Extractor
) -> None:
    corpus = Corpus(CorpusConfig(seed=4, seeds_dir=SEEDS_DIR, synthetic_actors=20))
    paths = write_articles(corpus, 6, tmp_path / "in")
    store = Store(tmp_path / "mp.db")
    pipeline = Pipeline(store, SEEDS_DIR, extractor=robustness_extractor, n_process=2)
    report = pipeline.ingest([tmp_path / "in"])
    assert not report.errors, [str(e) for e in report.errors]
    assert sorted(doc for doc, _, _ in report.stored) == sorted(p.name for p in paths)
    assert sum(n for _, _, n in report.stored) > 0
    store.close()
