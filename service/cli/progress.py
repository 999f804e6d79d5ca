"""Stage progress on stderr for long single runs (`extract` of one article, `brief`).

One line per model call: the stage, item n/N, elapsed time and an estimate of what is left of
the stage. On a terminal the line is rewritten in place; otherwise (a log, a pipe) each update
is its own line. Never written to stdout, where the results go.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


class StageProgress:
    def __init__(
        self,
        *,
        quiet: bool = False,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self._clock = clock
        self._started = clock()
        self._stage_started = self._started
        self._stage = ""
        self._prefix = ""
        self._live = self.stream.isatty()
        self._dirty = False

    def task(self, prefix: str) -> None:
        """Label what follows, e.g. 'article 2/3 kestria'."""
        self._prefix = f"{prefix}: " if prefix else ""

    def note(self, message: str) -> None:
        """A stage without model-call counts (e.g. 'writing the summary')."""
        self._stage = ""
        self._write(f"{self._prefix}{message} · {_clock(self._clock() - self._started)} elapsed")

    def __call__(self, stage: str, done: int, total: int) -> None:
        """The `service.extract.run.ProgressHook`: `done` of `total` calls of `stage` finished."""
        now = self._clock()
        if stage != self._stage or done == 0:
            self._stage, self._stage_started = stage, now
        line = f"{self._prefix}{stage} {done}/{total} · {_clock(now - self._started)} elapsed"
        if 0 < done < total:
            left = (now - self._stage_started) / done * (total - done)
            line += f" · ETA {_clock(left)}"
        self._write(line)

    def _write(self, line: str) -> None:
        if self.quiet:
            return
        if self._live:
            self.stream.write(f"\r\x1b[K{line}")
            self._dirty = True
        else:
            self.stream.write(f"{line}\n")
        self.stream.flush()

    def close(self) -> None:
        """End the in-place line so later output starts on a fresh one."""
        if self._dirty:
            self.stream.write("\n")
            self.stream.flush()
            self._dirty = False
