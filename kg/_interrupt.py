"""Ctrl-C while the ``kg`` command is still importing its modules (the first half second):
the one line and the status every other interrupt gives (kg.cli.main), not Python's
traceback. Imported first by ``kg/__init__.py``; kg.cli.main puts Python's own handler back
once the command runs. Only the command is affected: a notebook's ``import kg`` is not."""

from __future__ import annotations

import contextlib
import signal
import sys
from pathlib import Path
from types import FrameType

INTERRUPTED_STATUS = 130


def _interrupted_while_loading(signum: int, frame: FrameType | None) -> None:
    sys.stderr.write("kg: interrupted\n")
    sys.exit(INTERRUPTED_STATUS)


def restore() -> None:
    """Python's own Ctrl-C handler again, if this module's is in place."""
    with contextlib.suppress(ValueError):  # not the main thread
        if signal.getsignal(signal.SIGINT) is _interrupted_while_loading:
            signal.signal(signal.SIGINT, signal.default_int_handler)


def ignore() -> None:
    """No Ctrl-C from here on: the command has finished and only Python's shutdown is left."""
    with contextlib.suppress(ValueError):  # not the main thread
        signal.signal(signal.SIGINT, signal.SIG_IGN)


if sys.argv and Path(sys.argv[0]).name == "kg":
    with contextlib.suppress(ValueError):  # imported outside the main thread
        signal.signal(signal.SIGINT, _interrupted_while_loading)
