"""Child processes die with their parent.

spaCy's ``nlp.pipe(n_process=…)`` forks worker processes that each hold a copy of the model
(about half a gigabyte); if the parent is killed (kill -9, the OOM killer) nothing tells them,
and they linger. :func:`children_die_with_parent` arms the Linux parent-death signal in every
process forked afterwards, so the kernel sends them SIGKILL when the parent dies.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import signal
import sys

logger = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1
_armed = False


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return None


def children_die_with_parent() -> bool:
    """From now on, every child forked by this process is killed when this process dies.
    Returns False where the platform has no parent-death signal (then nothing changes)."""
    global _armed
    if _armed:
        return True
    libc = _libc() if sys.platform.startswith("linux") else None
    if libc is None:
        return False
    parent = os.getpid()

    def arm() -> None:
        libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the signal was armed
            os._exit(1)

    os.register_at_fork(after_in_child=arm)
    _armed = True
    return True
