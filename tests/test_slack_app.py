"""The Bolt app through real request handling: signed requests into App.dispatch, a mock Web API."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from mock_slack import (
    MockSlack,
    action_body,
    event_body,
    signed_headers,
    slash_body,
)
from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk.signature import SignatureVerifier

from bot.app import build_app
from bot.config import DEFAULT_SEEDS_DIR, Settings
from bot.dispatch import COMMANDS
from bot.mentions import FILLER_FILE, load_filler, question_to_query
from bot.render.answers import ACTION_MORE, ACTION_SHARE, ActionValue
from bot.services import build_services
from store import Store

SECRET = "test-signing-secret"


@dataclass
class SlackHarness:
    app: App
    slack: MockSlack
    store: Store

    def post(self, body: str, *, timestamp: int | None = None, secret: str = SECRET,
             content_type: str | None = None,
             extra_headers: dict[str, str] | None = None) -> BoltResponse:
        headers = signed_headers(secret, body, timestamp, content_type)
        headers.update(extra_headers or {})
        return self.app.dispatch(BoltRequest(body=body, headers=headers))

    def slash(self, command: str, text: str, key: str | None = None) -> tuple[BoltResponse, str]:
        url = self.slack.response_url(key)
        return self.post(slash_body(command, text, url)), url.rsplit("/", 1)[1]

    def answer(self, command: str, text: str) -> dict[str, Any]:
        """Run a slash command and return what was posted to its response_url."""
        response, key = self.slash(command, text)
        assert response.status == 200
        _wait(lambda: self.slack.responses(key))
        return self.slack.responses(key)[0]

    def press(self, action_id: str, value: str, key: str | None = None) -> tuple[int, str]:
        url = self.slack.response_url(key)
        response = self.post(action_body(action_id, value, url))
        return response.status, url.rsplit("/", 1)[1]

    def event(self, event: dict[str, Any], event_id: str,
              retry: int | None = None) -> BoltResponse:
        extra = {"x-slack-retry-num": str(retry), "x-slack-retry-reason": "http_timeout"} \
            if retry else None
        return self.post(event_body(event, event_id), content_type="application/json",
                         extra_headers=extra)


def _wait(condition: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the listener")
        time.sleep(0.02)


def blocks_text(blocks: list[dict[str, Any]]) -> str:
    """Every text in a list of blocks, joined (for content assertions)."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return "\n".join(found)


def speaker_lines(blocks: list[dict[str, Any]]) -> list[str]:
    """The first line (speaker · date · kind) of each statement section."""
    return [
        b["text"]["text"].split("\n", 1)[0]
        for b in blocks
        if b["type"] == "section" and b["text"]["text"].startswith("*")
    ]


def buttons(blocks: list[dict[str, Any]]) -> dict[str, str]:
    return {
        element["action_id"]: element["value"]
        for block in blocks if block["type"] == "actions"
        for element in block["elements"]
    }


@pytest.fixture
def harness(mock_slack: MockSlack, seeds_db_path: Path) -> Iterator[SlackHarness]:
    settings = Settings(
        db_path=seeds_db_path,
        slack_bot_token="xoxb-test",
        slack_signing_secret=SECRET,
        slack_api_url=mock_slack.api_url,
    )
    store = Store(seeds_db_path)
    yield SlackHarness(build_app(build_services(settings, store=store)), mock_slack, store)


# -- request verification -------------------------------------------------------------------


def test_our_signatures_are_slacks(harness: SlackHarness) -> None:
    body = slash_body("/quote", "help", "http://127.0.0.1:1/response/x")
    headers = signed_headers(SECRET, body)
    verifier = SignatureVerifier(SECRET)
    assert verifier.is_valid(body, headers["x-slack-request-timestamp"],
                             headers["x-slack-signature"])


@pytest.mark.parametrize("case", ["unsigned", "bad signature", "six minutes old"])
def test_unverified_requests_are_refused(harness: SlackHarness, case: str) -> None:
    url = harness.slack.response_url("refused")
    body = slash_body("/quote", "help", url)
    if case == "unsigned":
        response = harness.app.dispatch(BoltRequest(
            body=body, headers={"content-type": "application/x-www-form-urlencoded"}))
    elif case == "bad signature":
        response = harness.post(body, secret="not-the-secret")
    else:
        response = harness.post(body, timestamp=int(time.time()) - 6 * 60)
    assert response.status == 401
    # a correctly signed request after it is answered, and the refused one never was
    ok, key = harness.slash("/quote", "help")
    assert ok.status == 200
    _wait(lambda: harness.slack.responses(key))
    assert harness.slack.responses("refused") == []


# -- slash commands -------------------------------------------------------------------------


def test_ack_returns_before_the_answer_is_delivered(harness: SlackHarness) -> None:
    harness.slack.hold("response_url")
    try:
        response, key = harness.slash("/quote", "help")
        assert response.status == 200
        assert response.body == ""
        assert harness.slack.responses(key) == []  # the answer is still on its way
    finally:
        harness.slack.release()
    _wait(lambda: harness.slack.responses(key))


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_answers_help_privately(harness: SlackHarness, command: str) -> None:
    answer = harness.answer(command, "help")
    assert answer["response_type"] == "ephemeral"
    text = blocks_text(answer["blocks"])
    assert "Usage" in text
    for example in COMMANDS[command].examples:
        assert example.split()[0] in text
    assert answer["text"]  # fallback text for notifications


def test_quote_without_words_shows_usage(harness: SlackHarness) -> None:
    answer = harness.answer("/quote", "")
    text = blocks_text(answer["blocks"])
    assert "Usage" in text and "/quote Peskov truce" in text


def test_actors_lists_seed_actors(harness: SlackHarness) -> None:
    answer = harness.answer("/actors", "")
    assert answer["response_type"] == "ephemeral"
    text = blocks_text(answer["blocks"])
    assert "Peskov" in text and "Lavrov" in text
    assert "Traceback" not in text
    assert ACTION_SHARE in buttons(answer["blocks"])


def test_quote_peskov_truce_names_peskov_and_the_truce(harness: SlackHarness) -> None:
    answer = harness.answer("/quote", "Peskov truce")
    blocks = answer["blocks"]
    speakers = speaker_lines(blocks)[:3]  # gold: Peskov (or the Kremlin) within the top 3
    assert any("Peskov" in line or "Kremlin" in line for line in speakers), answer
    text = blocks_text(blocks)
    assert "Peskov" in text
    assert "trêve" in text.lower()
    assert len(blocks) <= 50
    assert ACTION_SHARE in buttons(blocks)


# -- buttons --------------------------------------------------------------------------------


def test_share_reposts_the_answer_visibly_and_attributed(harness: SlackHarness) -> None:
    answer = harness.answer("/quote", "Peskov truce")
    value = buttons(answer["blocks"])[ACTION_SHARE]
    status, key = harness.press(ACTION_SHARE, value)
    assert status == 200
    posted = harness.slack.wait_for("chat.postMessage")[0].params
    assert posted["channel"] == "C0NEWS"
    text = blocks_text(posted["blocks"])
    assert "Shared by <@U0ALICE>" in text
    assert "Peskov" in text
    assert not buttons(posted["blocks"])  # no private buttons in the channel
    _wait(lambda: harness.slack.responses(key))
    replies = harness.slack.responses(key)
    assert len(replies) == 1 and replies[0]["delete_original"] is True


def test_share_works_whatever_the_command(harness: SlackHarness) -> None:
    answer = harness.answer("/actors", "")
    status, _ = harness.press(ACTION_SHARE, buttons(answer["blocks"])[ACTION_SHARE])
    assert status == 200
    posted = harness.slack.wait_for("chat.postMessage")[0].params
    assert "Lavrov" in blocks_text(posted["blocks"])
    assert "Shared by <@U0ALICE>" in posted["text"]


def test_share_honours_rate_limit_retry_after(harness: SlackHarness) -> None:
    harness.slack.fail("chat.postMessage", status=429, retry_after=1)
    value = ActionValue("/quote", "help").encode()
    status, key = harness.press(ACTION_SHARE, value)
    assert status == 200
    harness.slack.wait_for("chat.postMessage")
    calls = harness.slack.calls_to("chat.postMessage")
    assert [c.status for c in calls] == [429, 200]
    assert len(harness.slack.messages("C0NEWS")) == 1
    _wait(lambda: harness.slack.responses(key))


def test_share_where_the_bot_is_not_invited_explains_politely(harness: SlackHarness) -> None:
    harness.slack.fail("chat.postMessage", error="not_in_channel", channel="C0NEWS")
    status, key = harness.press(ACTION_SHARE, ActionValue("/quote", "help").encode())
    assert status == 200
    _wait(lambda: harness.slack.responses(key))
    reply = harness.slack.responses(key)[0]
    assert "/invite @Quotedesk" in reply["text"]
    assert reply["response_type"] == "ephemeral"


def test_unexpected_failure_gets_a_polite_message_not_a_trace(harness: SlackHarness) -> None:
    harness.slack.fail("chat.postMessage", status=500)
    status, key = harness.press(ACTION_SHARE, ActionValue("/actors", "").encode())
    assert status == 200
    _wait(lambda: harness.slack.responses(key))
    reply = harness.slack.responses(key)[0]
    assert reply["text"].startswith("Sorry")
    assert "Traceback" not in json.dumps(reply)


def test_more_reruns_the_command_with_the_cursor(harness: SlackHarness) -> None:
    status, key = harness.press(ACTION_MORE, ActionValue("/timeline", "help", "abc").encode())
    assert status == 200
    _wait(lambda: harness.slack.responses(key))
    reply = harness.slack.responses(key)[0]
    assert reply["replace_original"] is False
    assert "Usage" in blocks_text(reply["blocks"])


def test_more_pages_through_real_results(harness: SlackHarness) -> None:
    first = harness.answer("/timeline", "Lavrov")
    more = buttons(first["blocks"]).get(ACTION_MORE)
    if more is None:
        pytest.skip("the seeds give /timeline Lavrov a single page")
    status, key = harness.press(ACTION_MORE, more)
    assert status == 200
    _wait(lambda: harness.slack.responses(key))
    second = harness.slack.responses(key)[0]
    first_sections = {b["text"]["text"] for b in first["blocks"] if b["type"] == "section"}
    second_sections = {b["text"]["text"] for b in second["blocks"] if b["type"] == "section"}
    assert second_sections and not (first_sections & second_sections)


def test_a_forged_button_value_is_refused_politely(harness: SlackHarness) -> None:
    status, key = harness.press(ACTION_SHARE, "not-json")
    assert status == 200
    _wait(lambda: harness.slack.responses(key))
    assert "no longer works" in harness.slack.responses(key)[0]["text"]
    assert harness.slack.calls_to("chat.postMessage") == []


# -- events ---------------------------------------------------------------------------------


def _mention(text: str, ts: str) -> dict[str, Any]:
    return {"type": "app_mention", "user": "U0ALICE", "text": text, "ts": ts,
            "channel": "C0NEWS", "event_ts": ts}


def test_a_retried_event_posts_once(harness: SlackHarness) -> None:
    first = _mention("<@U0BOT> help", "1700000100.000100")
    assert harness.event(first, "Ev0FIRST").status == 200
    harness.slack.wait_for("chat.postMessage", 1)
    assert harness.event(first, "Ev0FIRST", retry=1).status == 200
    assert harness.event(first, "Ev0FIRST", retry=2).status == 200
    other = _mention("<@U0BOT> help", "1700000200.000100")
    assert harness.event(other, "Ev0OTHER").status == 200
    harness.slack.wait_for("chat.postMessage", 2)
    time.sleep(0.5)  # grace for a wrongly re-run listener to show up before counting
    posts = harness.slack.calls_to("chat.postMessage")
    assert [p.params["thread_ts"] for p in posts] == ["1700000100.000100",
                                                      "1700000200.000100"]


def test_mention_is_answered_in_thread_as_a_quote_search(harness: SlackHarness) -> None:
    event = _mention("<@U0BOT> what did Peskov say about the truce?", "1700000300.000100")
    assert harness.event(event, "Ev0MENTION").status == 200
    posted = harness.slack.wait_for("chat.postMessage")[0].params
    assert posted["thread_ts"] == "1700000300.000100"
    assert any("Peskov" in line or "Kremlin" in line for line in speaker_lines(posted["blocks"]))


def test_app_home_shows_corpus_stats_and_examples(harness: SlackHarness) -> None:
    event = {"type": "app_home_opened", "user": "U0ALICE", "channel": "D0HOME", "tab": "home"}
    assert harness.event(event, "Ev0HOME").status == 200
    call = harness.slack.wait_for("views.publish")[0]
    assert call.params["user_id"] == "U0ALICE"
    view = call.params["view"]
    assert view["type"] == "home"
    text = blocks_text(view["blocks"])
    assert "articles" in text and "statements" in text
    assert "/quote Peskov truce" in text


@pytest.mark.parametrize(
    ("question", "query"),
    [
        ("<@U0BOT> what did Lavrov say about troops?", "Lavrov troops"),
        ("<@U0BOT> qu'a dit Peskov sur la trêve ?", "Peskov trêve"),
        ('<@U0BOT> Lavrov "ligne rouge"', 'Lavrov "ligne rouge"'),
        ("<@U0BOT> Has Zelensky said anything about l'OTAN lately?", "Zelensky OTAN"),
        ("<@U0BOT>", ""),
        ("<@U0BOT> what did Le Maire say about growth?", "Le Maire growth"),
        ("<@U0BOT> Que dit De Croo de la guerre ?", "De Croo guerre"),
    ],
)
def test_mention_question_becomes_quote_words(question: str, query: str) -> None:
    filler = load_filler(DEFAULT_SEEDS_DIR / FILLER_FILE)
    assert filler, "seeds/mention_filler.json is missing"
    assert question_to_query(question, filler) == query


def test_alert_buttons_are_answered_privately(harness: SlackHarness) -> None:
    value = json.dumps({"command": "/quote", "text": "help"})
    status, key = harness.press("alert_open", value)
    assert status == 200
    _wait(lambda: harness.slack.responses(key))
    reply = harness.slack.responses(key)[0]
    assert reply["response_type"] == "ephemeral" and reply["replace_original"] is False
    assert "Usage" in blocks_text(reply["blocks"])
    status, key = harness.press("alert_mute_999999", json.dumps({"sub": 999999}))
    assert status == 200
    _wait(lambda: harness.slack.responses(key))
    assert "no longer exists" in harness.slack.responses(key)[0]["text"]


def test_app_home_lists_the_alerts_the_user_can_see(mock_slack: MockSlack,
                                                    tmp_path: Path) -> None:
    from bot.pipeline import Pipeline

    settings = Settings(db_path=tmp_path / "home.db", slack_bot_token="xoxb-test",
                        slack_signing_secret=SECRET, slack_api_url=mock_slack.api_url)
    store = Store(settings.db_path)
    Pipeline(store, DEFAULT_SEEDS_DIR).ensure_seed_actors()
    harness = SlackHarness(build_app(build_services(settings, store=store)), mock_slack, store)
    for channel in ("C0NEWS", "C0PRIV", "C0OTHER"):
        body = slash_body("/subscribe", "Peskov", mock_slack.response_url(channel),
                          channel_id=channel)
        assert harness.post(body).status == 200
        _wait(lambda channel=channel: mock_slack.responses(channel))
        assert "Traceback" not in json.dumps(mock_slack.responses(channel))
    mock_slack.add_channel("C0NEWS", "newsroom")
    mock_slack.add_channel("C0PRIV", "investigations", is_private=True, members=["U0BOB"])
    event = {"type": "app_home_opened", "user": "U0ALICE", "channel": "D0HOME", "tab": "home"}
    assert harness.event(event, "Ev0HOMESUBS").status == 200
    text = blocks_text(mock_slack.wait_for("views.publish")[0].params["view"]["blocks"])
    assert "<#C0NEWS> — " in text and "Peskov" in text
    assert "C0PRIV" not in text  # private, and Alice is not a member
    assert "C0OTHER" not in text  # the bot is not in it


def test_url_verification_challenge(harness: SlackHarness) -> None:
    body = json.dumps({"token": "x", "challenge": "c-123", "type": "url_verification"})
    response = harness.post(body, content_type="application/json")
    assert response.status == 200
    assert "c-123" in response.body
