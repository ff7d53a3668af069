"""manifest.json, the registered listeners, the README and the Procfile agree."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from mock_slack import MockSlack, signed_headers, slash_body
from slack_bolt import BoltRequest

from bot.app import BOT_SCOPES, build_app
from bot.config import REPO_ROOT, Settings
from bot.dispatch import COMMANDS
from bot.services import build_services

MANIFEST = json.loads((REPO_ROOT / "manifest.json").read_text(encoding="utf-8"))
SECRET = "manifest-test-secret"


def manifest_commands() -> dict[str, dict[str, str]]:
    return {c["command"]: c for c in MANIFEST["features"]["slash_commands"]}


def readme_slack_commands() -> set[str]:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Connect to Slack\n(.*?)(?=^## |\Z)", readme, re.S | re.M)
    assert match, "README.md has no 'Connect to Slack' section"
    return set(re.findall(r"^\| `(/[a-z-]+)` \|", match.group(1), re.M))


def test_manifest_commands_are_the_command_registry() -> None:
    commands = manifest_commands()
    assert set(commands) == set(COMMANDS)
    for name, entry in commands.items():
        assert entry["description"] == COMMANDS[name].description
        assert entry["usage_hint"] == COMMANDS[name].usage_hint
        assert 0 < len(entry["description"]) <= 100
        assert len(entry["usage_hint"]) <= 1000


def test_readme_documents_every_manifest_command_and_no_other() -> None:
    assert readme_slack_commands() == set(manifest_commands())


def test_manifest_settings() -> None:
    assert sorted(MANIFEST["oauth_config"]["scopes"]["bot"]) == sorted(BOT_SCOPES)
    settings = MANIFEST["settings"]
    assert settings["socket_mode_enabled"] is True
    assert settings["interactivity"]["is_enabled"] is True
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_home_opened",
                                                                  "app_mention"}
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"] is True


def test_procfile_processes() -> None:
    lines = (REPO_ROOT / "Procfile").read_text(encoding="utf-8").splitlines()
    entries = dict(line.split(":", 1) for line in lines if line.strip())
    assert entries["web"].strip() == "quotedesk serve --http"  # waitress, even with an app token
    assert entries["worker"].strip() == "quotedesk serve --socket"
    assert entries["clock"].strip() == "quotedesk scheduler"


def test_every_manifest_command_is_registered_and_nothing_else(
    mock_slack: MockSlack, tmp_path: Path
) -> None:
    settings = Settings(db_path=tmp_path / "m.db", slack_bot_token="xoxb-test",
                        slack_signing_secret=SECRET, slack_api_url=mock_slack.api_url)
    app = build_app(build_services(settings))

    def status(command: str) -> int:
        body = slash_body(command, "help", mock_slack.response_url())
        return app.dispatch(BoltRequest(body=body, headers=signed_headers(SECRET, body))).status

    for command in manifest_commands():
        assert status(command) == 200, command
    assert status("/not-a-quotedesk-command") == 404


@pytest.mark.parametrize("name", ["Socket Mode", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN",
                                  "SLACK_BOT_TOKEN", "manifest.json", "/slack/events"])
def test_readme_slack_section_mentions(name: str) -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert name in readme.split("## Connect to Slack", 1)[1]
