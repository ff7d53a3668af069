"""End to end on the seed articles: real Pipeline, real extractor, real SQLite, mock Slack.

A channel subscribes to Peskov and to red lines; ingesting seeds/articles posts one message per
article with matches, covering Peskov's statements and the red-line statements; ingesting again
posts nothing; /digest now posts a digest.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alerts_helpers import CHANNEL, ask, ctx_for, deliver_pending, settings_for
from mock_slack import MockSlack

from bot.alerts.delivery import ALERT_EVENT
from bot.config import DEFAULT_SEEDS_DIR
from bot.pipeline import Pipeline
from bot.slack_client import make_web_client
from store import Store

GOLD = Path(__file__).resolve().parent / "data" / "eval" / "seeds_gold.jsonl"


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("«", '"')
    text = text.replace("»", '"').replace("\u00a0", " ")
    return " ".join(text.replace('"', " ").split()).casefold()


def no_sleep(seconds: float) -> None:
    return None


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("alerts_e2e")
    with MockSlack() as slack:
        settings = settings_for(tmp, slack.api_url)
        store = Store(settings.db_path)
        pipeline = Pipeline(store, DEFAULT_SEEDS_DIR)
        pipeline.ensure_seed_actors()
        ctx = ctx_for(store, settings)
        subscribed = [ask(ctx, "/subscribe Peskov"), ask(ctx, "/subscribe redlines")]
        report = pipeline.ingest([DEFAULT_SEEDS_DIR / "articles"])
        client = make_web_client(settings)
        first = deliver_pending(store, settings, client, sleep=no_sleep)
        alerts = [m for m in slack.messages(CHANNEL)
                  if (m.get("metadata") or {}).get("event_type") == ALERT_EVENT]
        again = pipeline.ingest([DEFAULT_SEEDS_DIR / "articles"])
        second = deliver_pending(store, settings, client, sleep=no_sleep)
        yield {
            "store": store, "settings": settings, "ctx": ctx, "slack": slack,
            "report": report, "again": again, "first": first, "second": second,
            "alerts": alerts, "subscribed": subscribed,
        }
        store.close()


def alert_text(message: dict[str, Any]) -> str:
    parts = [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]
    text = " ".join(parts).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return norm(text)


def test_subscriptions_confirm_canonical_names(seeded) -> None:
    assert "Dmitri Peskov" in seeded["subscribed"][0]
    assert "any red line" in seeded["subscribed"][1]


def test_one_message_per_article_with_matches(seeded) -> None:
    db = seeded["store"].db
    articles = [r[0] for r in db.execute(
        "SELECT DISTINCT article_id FROM alert_outbox ORDER BY article_id").fetchall()]
    alerts = seeded["alerts"]
    assert len(alerts) == len(articles) > 0
    covered = sorted(m["metadata"]["event_payload"]["article_id"] for m in alerts)
    assert covered == articles
    rows = db.execute("SELECT count(*), sum(status = 'sent') FROM alert_outbox").fetchone()
    assert rows[0] == rows[1]


def test_every_peskov_statement_is_alerted(seeded) -> None:
    db = seeded["store"].db
    stored = [norm(r[0]) for r in db.execute(
        "SELECT st.text FROM statements st JOIN actors a ON a.id = st.actor_id"
        " WHERE a.name = 'Dmitri Peskov'").fetchall()]
    assert stored, "extraction found no statement by Dmitri Peskov in the seeds"
    texts = " ".join(alert_text(m) for m in seeded["alerts"])
    for text in stored:
        assert norm(text)[:60] in texts


def test_gold_peskov_and_red_line_statements_reach_the_channel(seeded) -> None:
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    wanted = [g for g in gold if g["speaker"] == "Dmitri Peskov" or g["red_line"]]
    texts = " ".join(alert_text(m) for m in seeded["alerts"])
    found = [g for g in wanted if norm(g["snippet"]) in texts]
    assert len(found) >= 0.8 * len(wanted), [g["snippet"] for g in wanted if g not in found]
    assert "ligne rouge" in texts and "inacceptable" in texts


def test_ingesting_again_posts_nothing(seeded) -> None:
    assert not seeded["again"].stored
    assert seeded["second"].posted == 0
    alerts = [m for m in seeded["slack"].messages(CHANNEL)
              if (m.get("metadata") or {}).get("event_type") == ALERT_EVENT]
    assert len(alerts) == len(seeded["alerts"])


def test_digest_now_posts_a_digest(seeded) -> None:
    reply = ask(seeded["ctx"], "/digest now")
    assert "Digest posted" in reply
    digest = seeded["slack"].messages(CHANNEL)[-1]
    assert digest["metadata"]["event_type"] == "quotedesk_digest"
    assert "Dmitri Peskov" in json.dumps(digest["blocks"], ensure_ascii=False)
