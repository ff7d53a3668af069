"""Alert matching does not depend on the rest of the corpus.

The same subscriptions and the same new articles give exactly the same outbox in an empty
store and in one holding thousands of unrelated statements that use the very words the
subscriptions watch (so a match leaking outside the new article, or missed because of the
corpus, would show). And every alert expression (built-in red lines with their EN⇄FR
expansions and phrases, keywords, custom red lines) selects the same statements of an article
as the same MATCH over the global ``statements_fts`` index restricted to that article.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alerts_helpers import (
    OTHER_TEAM,
    PESKOV_ARTICLE,
    REDLINE_ARTICLE,
    Said,
    ask,
    ctx_for,
    make_article,
    save,
    seed_actors,
    settings_for,
)

from bot.alerts import tracked_redlines as rl
from store import Store
from store import alert_matching as matching_store
from store import patterns as pattern_store

CORPUS_ARTICLES = 1500
NATO = "nato-troops-in-ukraine"

# Sentences of the unrelated corpus: they contain the watched words (trêve, troupes de l'Otan
# en Ukraine, armes offensives, mer d'Azov, négociations…), some as phrases, some scattered.
CORPUS_SENTENCES = [
    "aucune trêve ne sera signée avant l'hiver",
    "des troupes de l'Otan pourraient être envoyées en Ukraine",
    "les armes offensives livrées à Kiev changent la donne",
    "la flotte reste en mer d'Azov malgré les sanctions",
    "les négociations avec Washington reprendront en mars",
    "des armes qualifiées d'offensives par Moscou ont été livrées",
    "la mer Noire et la mer Baltique sont surveillées par l'Azov",
    "le cessez-le-feu a été violé trois fois",
    "l'élargissement de l'Otan est une menace selon le Kremlin",
    "la présence de soldats occidentaux en Ukraine serait une escalade",
]

PROBE_ARTICLE = (
    "probe-scattered.html",
    "Des armes et une mer",
    [
        ("Sergueï Lavrov", "Sergueï Lavrov", "indirect",
         "des armes jugées offensives par Kiev circulaient près de la mer, loin d'Azov",
         False, None),
        ("Emmanuel Macron", "Emmanuel Macron", "direct",
         "la mer d'Azov ne doit pas devenir un lac russe", False, None),
        ("Dmitri Peskov", "Dmitri Peskov", "indirect",
         "un cessez-le-feu n'était pas à l'ordre du jour", False, None),
    ],
)

COMMANDS = [
    "/subscribe keyword truce",
    "/subscribe keyword ceasefire",
    '/subscribe keyword "armes offensives"',
    "/subscribe keyword négociations only:direct",
    "/subscribe redlines",
    "/subscribe redline nato-troops-in-ukraine",
    "/redline add azov-weapons armes offensives; \"mer d'Azov\"",
    "/subscribe redline azov-weapons",
    "/subscribe Peskov",
]


def _corpus_article(i: int) -> tuple:
    said: list[Said] = [
        (None, "Un diplomate", "indirect" if j % 2 else "direct",
         f"{CORPUS_SENTENCES[(i + j) % len(CORPUS_SENTENCES)]} (dépêche {i}-{j})", False, None)
        for j in range(4)
    ]
    return make_article(f"corpus-{i}.html", f"Dépêche {i}", said, day="2024-06-01")


def _build(tmp_path: Path, name: str, corpus: int) -> Store:
    folder = tmp_path / name
    folder.mkdir()
    store = Store(folder / "quotedesk.db")
    seed_actors(store)
    with store.db.atomic():
        for i in range(corpus):
            save(store, *_corpus_article(i))
    settings = settings_for(folder)
    for team in ("T0TEST", OTHER_TEAM):
        ctx = ctx_for(store, settings, team=team)
        for line in COMMANDS:
            ask(ctx, line)
    for probe in (PESKOV_ARTICLE, REDLINE_ARTICLE, PROBE_ARTICLE):
        save(store, *make_article(*probe))
    return store


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Store]]:
    tmp_path = tmp_path_factory.mktemp("alerts-scale")
    empty = _build(tmp_path, "empty", 0)
    big = _build(tmp_path, "big", CORPUS_ARTICLES)
    yield empty, big
    empty.close()
    big.close()


def _outbox(store: Store) -> list[tuple]:
    rows = store.db.execute(
        """
        SELECT o.team_id, o.channel_id, s.label, a.doc, st.text, o.detail
        FROM alert_outbox o JOIN alert_subscriptions s ON s.id = o.subscription_id
            JOIN statements st ON st.id = o.statement_id JOIN articles a ON a.id = o.article_id
        ORDER BY o.id
        """
    ).fetchall()
    return [tuple(r) for r in rows]


def test_outbox_is_the_same_with_a_big_unrelated_corpus(stores: tuple[Store, Store]) -> None:
    empty, big = stores
    assert big.db.execute("SELECT count(*) FROM statements").fetchone()[0] > 6000
    rows = _outbox(empty)
    assert _outbox(big) == rows
    docs = {r[3] for r in rows}
    assert docs == {"peskov-truce.html", "lavrov-ligne-rouge.html", "probe-scattered.html"}
    per_team = sorted((label, doc, text[:22], detail) for team, _, label, doc, text, detail
                      in rows if team == "T0TEST")
    assert per_team == [
        ("Dmitri Peskov", "peskov-truce.html", "il n'y aura pas de trê", None),
        ("Dmitri Peskov", "peskov-truce.html", "les négociations avec ", None),
        ("Dmitri Peskov", "probe-scattered.html", "un cessez-le-feu n'éta", None),
        ("all red lines", "lavrov-ligne-rouge.html", "la Russie ne tolérera ", NATO),
        ("all red lines", "lavrov-ligne-rouge.html", "le déploiement d'armes", "red-line"),
        ("all red lines", "probe-scattered.html", "la mer d'Azov ne doit ", "azov-weapons"),
        ('keyword "armes offensives"', "lavrov-ligne-rouge.html", "le déploiement d'armes",
         "armes offensives"),
        ('keyword "ceasefire"', "peskov-truce.html", "il n'y aura pas de trê", "ceasefire"),
        ('keyword "ceasefire"', "probe-scattered.html", "un cessez-le-feu n'éta", "ceasefire"),
        ('keyword "truce"', "peskov-truce.html", "il n'y aura pas de trê", "truce"),
        ('keyword "truce"', "probe-scattered.html", "un cessez-le-feu n'éta", "truce"),
        ("red line azov-weapons", "lavrov-ligne-rouge.html", "le déploiement d'armes",
         "azov-weapons"),
        ("red line azov-weapons", "probe-scattered.html", "la mer d'Azov ne doit ",
         "azov-weapons"),
        ("red line nato-troops-in-ukraine", "lavrov-ligne-rouge.html", "la Russie ne tolérera ",
         NATO),
    ]
    # "armes … offensives" scattered is no phrase; "mer … d'Azov" apart is no "mer d'Azov"
    assert not any(text.startswith("des armes jugées") for *_, text, _ in rows)


def _article_ids(store: Store) -> list[int]:
    rows = store.db.execute(
        "SELECT id FROM articles WHERE doc IN (?, ?, ?) ORDER BY id",
        [PESKOV_ARTICLE[0], REDLINE_ARTICLE[0], PROBE_ARTICLE[0]],
    ).fetchall()
    return [int(r[0]) for r in rows]


def _expressions(store: Store) -> list[str]:
    db = store.db
    found = [str(r[0]) for r in db.execute(
        "SELECT expr FROM alert_subscriptions WHERE expr IS NOT NULL"
        " UNION SELECT expr FROM alert_redlines WHERE expr != ''"
        " UNION SELECT expr FROM alert_redline_patterns"
    ).fetchall()]
    return sorted(found)


def test_article_index_matches_like_the_global_index(stores: tuple[Store, Store]) -> None:
    _, big = stores
    db = big.db
    rl.ensure_builtin_redlines(db, settings_for(Path(".")).seeds_dir)
    expressions = _expressions(big)
    assert len(expressions) > 30
    matched = 0
    for article_id in _article_ids(big):
        with db.atomic():
            index = matching_store.ArticleIndex(db, article_id)
        for expr in expressions:
            expected = [int(r[0]) for r in db.execute(
                "SELECT rowid FROM statements_fts WHERE statements_fts MATCH ? AND rowid IN"
                " (SELECT id FROM statements WHERE article_id = ?) ORDER BY rowid",
                [pattern_store.column_expr(expr), article_id],
            ).fetchall()]
            assert index.hits(expr) == expected, expr
            matched += bool(expected)
    assert matched >= 5
