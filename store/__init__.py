"""Everything SQL: schema and migrations, FTS5 tables, queries and transactions.

Nothing in this package imports spaCy or Slack. Open databases with :func:`connect` (one
``Database`` per thread) or share a :class:`Store`, which hands each thread its own connection.
"""

from store.db import Store, connect
from store.errors import StoreError

__all__ = ["Store", "StoreError", "connect"]
