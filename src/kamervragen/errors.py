"""Errors a user can act on: the CLI prints their message as one sentence and exits non-zero."""


class UserError(Exception):
    """Bad input or a bad setting, explained in one sentence (no traceback is shown)."""
