"""How the store encodes query parameters: UTC times as ISO text, id lists as JSON arrays
for ``json_each``."""

from __future__ import annotations

import json
from datetime import UTC, datetime


def now_iso(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def ids_json(ids: list[int]) -> str:
    """Ids as a JSON array, for ``IN (SELECT value FROM json_each(?))``."""
    return json.dumps([int(i) for i in ids])
