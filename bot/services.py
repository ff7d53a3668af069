"""The composition root: :func:`build_services` builds what every entry point works with.

The Slack app (bot/app.py), the command line (bot/cli.py) and the scheduler process
(bot/scheduler.py) each call it once and pass the :class:`Services` on; nothing else in bot/
or handlers/ builds a ``Store``, a ``Pipeline`` or a ``Delivery``, and what must be one per
process (the pipeline and its spaCy model, the delivery run and its per-channel pacing, the
Slack request claims) lives on this object rather than in module globals.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from bot.alerts.delivery import ChannelPacer, Delivery
from bot.config import Settings
from bot.context import CommandContext
from bot.redeliveries import RequestClaims
from store import Store

if TYPE_CHECKING:
    from apscheduler.schedulers.base import BaseScheduler

    from bot.pipeline import Pipeline


@dataclass
class Services:
    """Settings, the store, and the per-process services built from them on first use."""

    settings: Settings
    store: Store
    pacer: ChannelPacer = field(default_factory=ChannelPacer)  # one post/s per channel
    claims: RequestClaims = field(init=False)  # Slack requests answered once
    scheduler: BaseScheduler | None = None  # the scheduler process's own (bot.scheduler)
    _pipeline: Pipeline | None = None
    _delivery: Delivery | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self.claims = RequestClaims(self.store)

    def context(
        self,
        *,
        team_id: str = "local",
        channel_id: str = "console",
        user_id: str = "console",
        cursor: str | None = None,
    ) -> CommandContext:
        """Who is asking and where, for one command."""
        return CommandContext(
            store=self.store,
            settings=self.settings,
            team_id=team_id,
            channel_id=channel_id,
            user_id=user_id,
            cursor=cursor,
        )

    def pipeline(self, n_process: int = 1) -> Pipeline:
        """The ingest pipeline (its extractor loads spaCy on first use), one per process."""
        with self._lock:
            if self._pipeline is None:
                # lazy: bot.pipeline imports spaCy, which commands that never ingest skip
                from bot.pipeline import Pipeline

                self._pipeline = Pipeline(self.store, self.settings.seeds_dir,
                                          n_process=n_process)
            return self._pipeline

    def delivery(self) -> Delivery:
        """The process's alert delivery: its runs are serialised and share the pacing."""
        with self._lock:
            if self._delivery is None:
                self._delivery = Delivery(self.store, self.settings, pacer=self.pacer)
            return self._delivery


def build_services(
    settings: Settings | None = None,
    *,
    db_path: Path | None = None,
    store: Store | None = None,
    pipeline: Pipeline | None = None,
) -> Services:
    """The services for ``settings`` (default: from the environment); ``db_path`` overrides
    the settings' database, ``store`` and ``pipeline`` replace the ones built by default."""
    settings = settings or Settings.from_env()
    if db_path is not None:
        settings = replace(settings, db_path=db_path)
    return Services(settings, store or Store(settings.db_path), _pipeline=pipeline)
