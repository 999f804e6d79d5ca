"""Progress of eval runs on stderr, never stdout: per configuration the fixtures in flight, n/N,
failures, elapsed time and ETA.

On a terminal it is a live bar per configuration; otherwise (a log file, CI) one line per
finished fixture, so a long run shows where it is. `quiet` shows nothing.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


@dataclass
class _Run:
    label: str
    total: int
    task: TaskID
    started: float = field(default_factory=time.monotonic)
    done: int = 0
    failed: int = 0
    in_flight: list[str] = field(default_factory=list)


def _clock(seconds: float) -> str:
    return str(timedelta(seconds=round(seconds)))


class RunProgress:
    def __init__(self, *, quiet: bool = False, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self.quiet = quiet
        self.live = not quiet and self.console.is_terminal
        self._bar = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[failed]} failed"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[current]}"),
            console=self.console,
            disable=not self.live,
        )
        self._runs: list[_Run] = []
        self._lock = threading.Lock()

    def __enter__(self) -> RunProgress:
        self._bar.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._bar.stop()

    def add(self, label: str, total: int) -> int:
        task = self._bar.add_task(label, total=total, failed=0, current="")
        self._runs.append(_Run(label, total, task))
        return len(self._runs) - 1

    def _show_current(self, run: _Run) -> None:
        shown = ", ".join(run.in_flight[:3]) + (" ..." if len(run.in_flight) > 3 else "")
        self._bar.update(run.task, current=shown)

    def started(self, key: int, fixture_id: str) -> None:
        """Called from worker threads as a fixture starts."""
        run = self._runs[key]
        with self._lock:
            run.in_flight.append(fixture_id)
            self._show_current(run)

    def finished(self, key: int, fixture_id: str, *, failed: bool, wall_s: float) -> None:
        run = self._runs[key]
        with self._lock:
            if fixture_id in run.in_flight:
                run.in_flight.remove(fixture_id)
            run.done += 1
            run.failed += failed
            self._bar.update(run.task, advance=1, failed=run.failed)
            self._show_current(run)
        if self.live or self.quiet:
            return
        elapsed = time.monotonic() - run.started
        eta = elapsed / run.done * (run.total - run.done)
        self.console.print(
            f"{run.label}: {run.done}/{run.total} {fixture_id} "
            f"{'FAILED' if failed else 'ok'} ({wall_s:.1f} s); "
            f"elapsed {_clock(elapsed)}, ETA {_clock(eta)}",
            highlight=False,
            markup=False,
        )

    def stopped(self, key: int, reason: str) -> None:
        """The configuration failed; its remaining fixtures will not run."""
        run = self._runs[key]
        self._bar.update(run.task, description=f"{run.label} (failed)")
        if not self.quiet:
            self.console.print(f"{run.label}: configuration failed: {reason}", markup=False)
