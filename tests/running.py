"""A sitegen command that keeps running (``serve``, ``build --watch``), in a subprocess
whose output lines the test reads as they come."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import threading
import time
from collections.abc import Mapping
from pathlib import Path

from conftest import sitegen_command


class Running:
    """``sitegen ARGS`` started in a subprocess; its output lines arrive in a queue."""

    def __init__(self, *args: str | Path, env: Mapping[str, str] | None = None) -> None:
        self.process = subprocess.Popen(sitegen_command(*args), stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True,
                                        env={**os.environ, **(env or {})})
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for_line(self, start: str, timeout: float = 60) -> str:
        """The next output line starting with `start` (earlier lines are kept)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(deadline - time.monotonic(), 0.01))
            except queue.Empty:
                raise AssertionError(f"no line {start!r} in {self.output}") from None
            self.output.append(line)
            if line.startswith(start):
                return line

    def quiet_for(self, seconds: float) -> list[str]:
        """The lines printed within `seconds` (none, when nothing happened)."""
        deadline = time.monotonic() + seconds
        lines = []
        while (left := deadline - time.monotonic()) > 0:
            try:
                lines.append(self.lines.get(timeout=left))
            except queue.Empty:
                break
        self.output += lines
        return lines

    def stop(self) -> tuple[int, str]:
        """Ctrl-C; the exit status and what it printed to stderr."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        finally:
            self.process.kill()
        assert self.process.stderr is not None
        return self.process.returncode, self.process.stderr.read()
