"""Subscriptions and matching at ingest: commands, outbox rows, red lines, keywords, scoping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alerts_helpers import (
    CHANNEL,
    OTHER_TEAM,
    PESKOV_ARTICLE,
    REDLINE_ARTICLE,
    TEAM,
    ask,
    ctx_for,
    make_article,
    save,
    seed_actors,
    settings_for,
)

from bot.dispatch import run_command
from store import Store
from store import alert_matching as matching_store


@pytest.fixture
def env(tmp_path: Path):
    store = Store(tmp_path / "quotedesk.db")
    seed_actors(store)
    settings = settings_for(tmp_path)
    yield store, settings
    store.close()


def outbox(store: Store) -> list[dict]:
    rows = store.db.execute(
        """
        SELECT o.team_id, o.channel_id, s.label, st.text, o.detail
        FROM alert_outbox o JOIN alert_subscriptions s ON s.id = o.subscription_id
        JOIN statements st ON st.id = o.statement_id ORDER BY o.id
        """
    ).fetchall()
    return [dict(zip(["team", "channel", "label", "text", "detail"], r, strict=True))
            for r in rows]


def test_actor_subscription_is_fuzzy_and_matches_only_that_actor(env) -> None:
    store, settings = env
    ctx = ctx_for(store, settings)
    reply = ask(ctx, "/subscribe Peskow")
    assert "Dmitri Peskov" in reply
    save(store, *make_article(*PESKOV_ARTICLE))
    rows = outbox(store)
    assert [r["label"] for r in rows] == ["Dmitri Peskov", "Dmitri Peskov"]
    assert all(r["channel"] == CHANNEL and r["team"] == TEAM for r in rows)
    assert not any("Europe" in r["text"] for r in rows)


def test_only_direct_keeps_verbatim_quotes(env) -> None:
    store, settings = env
    ask(ctx_for(store, settings), "/subscribe Peskov only:direct")
    save(store, *make_article(*PESKOV_ARTICLE))
    assert [r["text"][:20] for r in outbox(store)] == ["il n'y aura pas de t"]


def test_redlines_subscription_takes_flagged_and_pattern_matches(env) -> None:
    store, settings = env
    ask(ctx_for(store, settings), "/subscribe redlines")
    save(store, *make_article(*REDLINE_ARTICLE))
    rows = outbox(store)
    texts = {r["text"][:30]: r["detail"] for r in rows}
    # flagged by extraction, and "troupes de l'Otan en Ukraine" by the built-in red line
    assert len(rows) == 2
    assert texts["le déploiement d'armes offensi"] == "red-line"
    assert texts["la Russie ne tolérera en aucun"] == "nato-troops-in-ukraine"


def test_named_red_line_and_custom_red_line(env) -> None:
    store, settings = env
    ctx = ctx_for(store, settings)
    ask(ctx, "/subscribe redline nato-troops-in-ukraine")
    reply = ask(ctx, "/redline add azov-weapons armes offensives; \"mer d'Azov\"")
    assert "azov-weapons" in reply
    ask(ctx, "/subscribe redline azov-weapons")
    assert "azov-weapons" in ask(ctx, "/redline list")
    save(store, *make_article(*REDLINE_ARTICLE))
    labels = sorted((r["label"], r["text"][:12]) for r in outbox(store))
    assert labels == [
        ("red line azov-weapons", "le déploieme"),
        ("red line nato-troops-in-ukraine", "la Russie ne"),
    ]
    tested = run_command(ctx, "/redline", "test azov-weapons")
    assert tested.kind == "results" and len(tested.hits) == 1
    assert tested.hits[0].speaker == "Sergueï Lavrov"


def test_keyword_subscription_is_cross_lingual(env) -> None:
    store, settings = env
    ask(ctx_for(store, settings), "/subscribe keyword truce")
    save(store, *make_article(*PESKOV_ARTICLE))
    rows = outbox(store)
    assert len(rows) == 1 and "trêve" in rows[0]["text"]


def test_reenqueue_and_reingest_never_duplicate(env) -> None:
    store, settings = env
    ctx = ctx_for(store, settings)
    ask(ctx, "/subscribe Peskov")
    ask(ctx, "/subscribe keyword trêve")
    article_id = save(store, *make_article(*PESKOV_ARTICLE))
    before = len(outbox(store))
    assert before == 3  # 2 Peskov statements + the truce keyword on one of them
    with store.db.atomic():
        assert matching_store.enqueue_for_article(store.db, article_id) == 0
    assert len(outbox(store)) == before


def test_workspaces_never_see_each_other(env) -> None:
    store, settings = env
    mine = ctx_for(store, settings)
    theirs = ctx_for(store, settings, team=OTHER_TEAM)
    ask(mine, "/subscribe Peskov")
    ask(theirs, "/redline add their-line stabilité stratégique")
    ask(mine, "/subscribe redlines")
    assert "Dmitri Peskov" not in ask(theirs, "/subscriptions")
    assert "their-line" not in ask(mine, "/redline list")
    refused = run_command(mine, "/subscribe", "redline their-line")
    assert refused.is_error
    denied = run_command(mine, "/redline", "remove their-line")
    assert denied.is_error
    save(store, *make_article(*REDLINE_ARTICLE))
    # their red line matched a statement, but my "redlines" subscription ignores it
    assert not any("stabilité" in r["text"] for r in outbox(store))


def test_unsubscribe_and_listing(env) -> None:
    store, settings = env
    ctx = ctx_for(store, settings)
    ask(ctx, "/subscribe Lavrov")
    ask(ctx, '/subscribe keyword "mer d\'Azov"')
    listing = ask(ctx, "/subscriptions")
    assert "Sergueï Lavrov" in listing and "<@U0JOURNO>" in listing
    assert 'keyword "mer d\'Azov"' in listing
    assert "no longer" in ask(ctx, "/unsubscribe Lavrov")
    assert "Lavrov" not in ask(ctx, "/subscriptions")
    assert run_command(ctx, "/unsubscribe", "Lavrov").is_error


@pytest.mark.parametrize(
    "line",
    ["/subscribe Zzyzx Qwerty", "/subscribe redline nope-nope", '/subscribe keyword ""',
     "/redline add b@d! x", "/redline add ok-name ;", "/digest at 25:00",
     "/digest at 08:00 Mars/Olympus", "/feeds add ftp://x", "/redline frobnicate"],
)
def test_bad_input_is_a_polite_error(env, line: str) -> None:
    store, settings = env
    command, _, text = line.partition(" ")
    answer = run_command(ctx_for(store, settings), command, text)
    assert answer.is_error
    assert answer.message and "Traceback" not in answer.message


def test_matching_is_indexed_at_10k_subscriptions(env) -> None:
    store, settings = env
    db = store.db
    ask(ctx_for(store, settings), "/subscribe Peskov")
    from bot.alerts.tracked_redlines import compile_pattern

    compiled = [compile_pattern(f"mot{i} rare{i}") for i in range(50)]
    with db.atomic():
        for i in range(10_000):
            kind = ("actor", "keyword", "redlines")[i % 3]
            c = compiled[i % 50]
            cursor = db.execute(
                "INSERT INTO alert_subscriptions (team_id, channel_id, kind, key, label,"
                " actor_id, phrase, expr, created_by, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'U1', '2025-01-01T00:00:00Z')",
                [f"T{i}", f"C{i}", kind, f"k{i}", f"sub {i}",
                 3 if kind == "actor" else None, "x", c.expr if kind == "keyword" else None],
            )
            if kind == "keyword":
                for term in c.anchors:
                    db.execute("INSERT OR IGNORE INTO alert_anchors VALUES (?, 'keyword', ?)",
                               [term, cursor.lastrowid])
    fts_queries: list[str] = []
    db.conn.set_trace_callback(
        lambda sql: fts_queries.append(sql) if " MATCH " in sql else None
    )
    save(store, *make_article(*PESKOV_ARTICLE))
    db.conn.set_trace_callback(None)
    # only the anchored candidates are checked with FTS, not 3,333 keyword subscriptions, and
    # each distinct expression once (the article's own statements, never the global index)
    assert 1 <= len(fts_queries) <= 10
    assert not any("statements_fts" in sql for sql in fts_queries)
    plan = " ".join(
        str(r[3]) for r in db.execute(
            "EXPLAIN QUERY PLAN SELECT sub.id FROM statements st CROSS JOIN"
            " alert_subscriptions sub ON sub.kind = 'actor' AND sub.actor_id = st.actor_id"
            " WHERE st.article_id = 1 AND st.actor_id IS NOT NULL AND sub.status = 'active'"
        ).fetchall()
    )
    assert "idx_alert_subs_actor" in plan
    # Macron (actor id 3) has 3,334 subscribers: each got exactly one row
    count = db.execute(
        "SELECT count(*) FROM alert_outbox o JOIN alert_subscriptions s"
        " ON s.id = o.subscription_id WHERE s.actor_id = 3"
    ).fetchone()[0]
    assert count == 3334


def test_builtin_red_lines_load_idempotently(env) -> None:
    store, settings = env
    from bot.alerts.tracked_redlines import ensure_builtin_redlines, load_seed_redlines

    seeds = load_seed_redlines(settings.seeds_dir)
    names = {r["name"] for r in seeds}
    assert {"nato-troops-in-ukraine", "offensive-weapons-near-russia", "nato-expansion",
            "nuclear-threat"} <= names
    ensure_builtin_redlines(store.db, settings.seeds_dir)
    first = store.db.execute("SELECT count(*) FROM alert_redline_patterns").fetchone()[0]
    other = Store(store.path)
    ensure_builtin_redlines(other.db, settings.seeds_dir)
    from bot.alerts.tracked_redlines import FLAG_KINDS

    expected = len(names | set(FLAG_KINDS))
    assert other.db.execute("SELECT count(*) FROM alert_redlines").fetchone()[0] == expected
    assert other.db.execute(
        "SELECT count(*) FROM alert_redline_patterns").fetchone()[0] == first
    other.close()
    assert json.loads(json.dumps(seeds))  # plain data


def test_flag_kinds_can_be_subscribed_by_name(env) -> None:
    store, settings = env
    ctx = ctx_for(store, settings)
    ask(ctx, "/subscribe redline red-line")
    save(store, *make_article(*REDLINE_ARTICLE))
    rows = outbox(store)
    assert [(r["label"], r["detail"]) for r in rows] == [("red line red-line", "red-line")]
    tested = run_command(ctx, "/redline", "test red-line")
    assert len(tested.hits) == 1 and "ligne rouge" in tested.hits[0].text
