"""Each Slack request is answered once: a request's key is claimed in the store first.

Keys are an event's ``event_id`` (Slack redelivers an event when it did not see our 200 in
time) or, for slash commands and buttons, the request's signature (a signed request replayed
as it was, within Slack's five-minute window, carries the same one). Old claims are pruned
every :data:`PRUNE_EVERY` claims and at start-up.
"""

from __future__ import annotations

import itertools
import threading

from store import Store
from store.slack_state import claim_event, prune_events

PRUNE_EVERY = 1000  # claims


class RequestClaims:
    """Claims of one process (it counts them to prune now and then)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._count = itertools.count(1)
        self._lock = threading.Lock()

    def claim(self, key: str, team_id: str | None, kind: str | None) -> bool:
        """True the first time ``key`` is claimed, False for a redelivery or a replay."""
        db = self.store.db
        if not claim_event(db, key, team_id, kind):
            return False
        with self._lock:
            number = next(self._count)
        if number % PRUNE_EVERY == 0:
            prune_events(db)
        return True
