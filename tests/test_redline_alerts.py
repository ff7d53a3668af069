"""Red-line alerts end to end: real Pipeline and extractor, real SQLite, mock Slack Web API.

A channel subscribed to ``redlines`` gets, for a new article with one threat, one ultimatum
and two ordinary statements, exactly the two flagged statements, each with its kind and the
words that set the flag; a channel subscribed to the ``threat`` kind gets only the threat.
"""

from __future__ import annotations

from typing import Any

import pytest
from alerts_helpers import ask, ctx_for, deliver_pending, settings_for
from mock_slack import MockSlack

from bot.alerts.delivery import ALERT_EVENT
from bot.config import DEFAULT_SEEDS_DIR
from bot.dispatch import run_command
from bot.pipeline import Pipeline
from bot.slack_client import make_web_client
from store import Store

ARTICLE = """ date 2026-03-10 https://example.org/greve-des-dockers

Grève des dockers : le syndicat fixe un ultimatum à la direction du port

Le secrétaire général du syndicat des dockers, Marc Delorme, a déclaré mardi : « Si la \
direction ne retire pas son plan avant vendredi, nous bloquerons tous les terminaux du port. »

La présidente du port, Claire Mounier, a affirmé que les négociations avaient bien avancé.

Le ministre des Transports, Paul Girardin, a prévenu que toute attaque contre les \
installations recevrait une riposte ferme de l'État.

Marc Delorme a également estimé que les salariés étaient très mobilisés.
"""
OTHER_CHANNEL = "C0THREATS"


def no_sleep(seconds: float) -> None:
    return None


def _text(message: dict[str, Any]) -> str:
    parts = [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]
    return " ".join(parts).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


@pytest.fixture(scope="module")
def delivered(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("redline_alerts")
    (tmp / "in").mkdir()
    (tmp / "in" / "greve-des-dockers.txt").write_text(ARTICLE, encoding="utf-8")
    with MockSlack() as slack:
        settings = settings_for(tmp, slack.api_url)
        store = Store(settings.db_path)
        pipeline = Pipeline(store, DEFAULT_SEEDS_DIR)
        ctx = ctx_for(store, settings)
        ask(ctx, "/subscribe redlines")
        threats = ctx_for(store, settings, channel=OTHER_CHANNEL)
        ask(threats, "/subscribe redline threat")
        pipeline.ingest([tmp / "in"])
        deliver_pending(store, settings, make_web_client(settings), sleep=no_sleep)
        alerts = {
            channel: [m for m in slack.messages(channel)
                      if (m.get("metadata") or {}).get("event_type") == ALERT_EVENT]
            for channel in (ctx.channel_id, OTHER_CHANNEL)
        }
        yield {"store": store, "ctx": ctx, "alerts": alerts}
        store.close()


def test_four_statements_are_stored_two_flagged(delivered) -> None:
    rows = delivered["store"].db.execute(
        "SELECT red_line, red_line_kind FROM statements ORDER BY start").fetchall()
    assert [tuple(r) for r in rows] == [(1, "ultimatum"), (0, None), (1, "threat"), (0, None)]


def test_redlines_channel_gets_exactly_the_threat_and_the_ultimatum(delivered) -> None:
    ctx = delivered["ctx"]
    messages = delivered["alerts"][ctx.channel_id]
    assert len(messages) == 1
    text = _text(messages[0])
    assert "nous bloquerons tous les terminaux" in text
    assert "riposte ferme" in text
    assert "négociations avaient bien avancé" not in text
    assert "très mobilisés" not in text
    assert text.count("*RED LINE*") == 2
    assert "RED LINE* · ultimatum: « Si la direction ne retire pas son plan" in text
    assert "RED LINE* · threat: « riposte »" in text


def test_a_kind_subscription_gets_only_its_kind(delivered) -> None:
    messages = delivered["alerts"][OTHER_CHANNEL]
    assert len(messages) == 1
    text = _text(messages[0])
    assert "riposte ferme" in text and "nous bloquerons" not in text


def test_answers_show_the_kind_and_words(delivered) -> None:
    answer = run_command(delivered["ctx"], "/quote", "riposte")
    assert answer.hits and answer.hits[0].red_line_kind == "threat"
    from bot.render.answers import hit_mrkdwn
    from bot.render.console import to_text

    assert "RED LINE* · threat: « riposte »" in hit_mrkdwn(answer.hits[0])
    assert "[RED LINE · threat: « riposte »]" in to_text(answer)
