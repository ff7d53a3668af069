"""The mock Slack Web API and the project's WebClient factory against it."""

from __future__ import annotations

import json

import pytest
import requests
from mock_slack import MockSlack
from slack_sdk.errors import SlackApiError

from bot.config import Settings
from bot.slack_client import api_base_url, make_web_client


def _client(mock: MockSlack, url: str | None = None):
    settings = Settings(slack_bot_token="xoxb-test", slack_api_url=url or mock.api_url)
    return make_web_client(settings)


def test_base_url_gets_one_trailing_slash() -> None:
    assert api_base_url(Settings(slack_api_url="http://127.0.0.1:9/api")) == (
        "http://127.0.0.1:9/api/"
    )
    assert api_base_url(Settings(slack_api_url="http://127.0.0.1:9/api//")) == (
        "http://127.0.0.1:9/api/"
    )
    assert api_base_url(Settings()) == "https://slack.com/api/"
    with pytest.raises(ValueError):
        api_base_url(Settings(slack_api_url="127.0.0.1:9"))


def test_records_calls_and_answers_history_with_metadata(mock_slack: MockSlack) -> None:
    client = _client(mock_slack, mock_slack.api_url.rstrip("/"))
    assert client.auth_test()["user_id"] == "U0BOT"
    meta = {"event_type": "quotedesk_alert", "event_payload": {"statement_id": 7}}
    client.chat_postMessage(channel="C1", text="first", metadata=meta)
    client.chat_postMessage(channel="C1", text="second")
    call = mock_slack.calls_to("chat.postMessage")[0]
    assert call.params["text"] == "first"
    assert call.token == "xoxb-test"
    history = client.conversations_history(channel="C1", include_all_metadata=True)
    assert [m["text"] for m in history["messages"]] == ["second", "first"]
    assert history["messages"][1]["metadata"] == meta
    assert mock_slack.messages("C2") == []


def test_rate_limit_is_retried_after_retry_after(mock_slack: MockSlack) -> None:
    mock_slack.fail("chat.postMessage", status=429, retry_after=1, times=1)
    client = _client(mock_slack)
    client.chat_postMessage(channel="C1", text="hello")
    calls = mock_slack.calls_to("chat.postMessage")
    assert [c.status for c in calls] == [429, 200]
    assert calls[1].at - calls[0].at >= 0.9  # Retry-After honoured
    assert len(mock_slack.messages("C1")) == 1


def test_errors_and_server_errors(mock_slack: MockSlack) -> None:
    mock_slack.fail("chat.postMessage", error="not_in_channel", channel="C9", times=2)
    mock_slack.fail("chat.postMessage", status=500, channel="C8")
    client = _client(mock_slack)
    for _ in range(2):
        with pytest.raises(SlackApiError) as err:
            client.chat_postMessage(channel="C9", text="x")
        assert err.value.response["error"] == "not_in_channel"
    client.chat_postMessage(channel="C9", text="third time")
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C8", text="x")
    assert err.value.response.status_code == 500
    assert [m["text"] for m in mock_slack.messages("C9")] == ["third time"]


def test_invalid_tokens_and_response_url(mock_slack: MockSlack) -> None:
    mock_slack.valid_tokens = {"xoxb-good"}
    with pytest.raises(SlackApiError) as err:
        _client(mock_slack).auth_test()
    assert err.value.response["error"] == "invalid_auth"
    url = mock_slack.response_url("abc")
    requests.post(url, data=json.dumps({"text": "hi"}), timeout=5,
                  headers={"Content-Type": "application/json"})
    assert mock_slack.responses("abc") == [{"text": "hi"}]
    assert mock_slack.wait_for("response_url")[0].params["key"] == "abc"
