"""Settings from the environment: the only module that reads ``os.environ``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS_DIR = REPO_ROOT / "seeds"


@dataclass(frozen=True)
class Settings:
    """Everything configurable, read once from the environment."""

    db_path: Path = Path("quotedesk.db")
    seeds_dir: Path = DEFAULT_SEEDS_DIR
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str | None = None
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    port: int = 3000
    scheduler_db_path: Path = Path("quotedesk-scheduler.db")
    inbox_dir: Path | None = None
    default_timezone: str = "Europe/Paris"
    log_level: str = "INFO"
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def articles_dir(self) -> Path:
        return self.seeds_dir / "articles"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env

        def opt(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        port_text = opt("PORT") or "3000"
        if not port_text.isdigit():
            raise ValueError(f"PORT must be a number, got {port_text!r}")
        inbox = opt("QUOTEDESK_INBOX")
        return cls(
            db_path=Path(opt("QUOTEDESK_DB") or "quotedesk.db"),
            seeds_dir=Path(opt("QUOTEDESK_SEEDS") or DEFAULT_SEEDS_DIR),
            slack_bot_token=opt("SLACK_BOT_TOKEN"),
            slack_signing_secret=opt("SLACK_SIGNING_SECRET"),
            slack_app_token=opt("SLACK_APP_TOKEN"),
            slack_api_url=opt("SLACK_API_URL"),
            slack_client_id=opt("SLACK_CLIENT_ID"),
            slack_client_secret=opt("SLACK_CLIENT_SECRET"),
            port=int(port_text),
            scheduler_db_path=Path(
                opt("QUOTEDESK_SCHEDULER_DB") or "quotedesk-scheduler.db"
            ),
            inbox_dir=Path(inbox) if inbox else None,
            default_timezone=opt("QUOTEDESK_TZ") or "Europe/Paris",
            log_level=opt("QUOTEDESK_LOG_LEVEL") or "INFO",
            extra={
                k: v
                for k, v in env.items()
                if k.startswith("QUOTEDESK_TEST_")
            },
        )
