"""Stopping a server or worker started in a process group of its own: politely first, then for sure."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess  # nosec B404 - only waits for and signals processes the caller started


def stop_group(process: subprocess.Popen, polite_seconds: float = 20, kill_seconds: float = 10) -> None:
    """SIGTERM the process's group and wait; SIGKILL it if it has not ended by then."""
    for sig, wait in ((signal.SIGTERM, polite_seconds), (signal.SIGKILL, kill_seconds)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue
