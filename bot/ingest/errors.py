"""The one exception ingestion reports per bad document."""

from __future__ import annotations


class IngestError(Exception):
    """One document could not be ingested; ``source`` says which, ``str()`` says why."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(message)
        self.source = source
        self.message = message

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"
