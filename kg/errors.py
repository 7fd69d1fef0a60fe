"""Errors that reach the user as one line: what went wrong and with which file or value."""


class KgError(Exception):
    """Base of every error kg reports to the user; the message is the whole story."""


class InputError(KgError):
    """An input path or file cannot be used."""


class ModelError(KgError):
    """No usable spaCy model."""


class GraphError(KgError):
    """A graph file cannot be read or written."""


class QueryError(KgError):
    """A canned query is unknown, malformed or given bad parameters."""


class QueryTimeout(KgError):
    """A query did not finish within its time limit."""


class StoreError(KgError):
    """A triple store (embedded or remote) cannot be opened, read or written."""
