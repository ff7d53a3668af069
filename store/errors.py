"""Small named exceptions raised by the store."""


class StoreError(Exception):
    """Base class for store errors."""


class NotFound(StoreError):
    """A row the caller named does not exist."""
