"""Supervisor of the managed llama.cpp server: ``python -m service.llm.local.launch BINARY ARGS``.

It runs llama.cpp's ``llama-server`` as its child, with two safety measures that the native
binary cannot take itself:

- AMX: a llama.cpp built with AMX kernels (``-march=native`` on a CPU advertising AMX) picks AMX
  weight buffers by itself, and on virtual machines whose hypervisor does not grant tile state the
  first matrix multiply dies with SIGSEGV (``ldtilecfg`` in ``ggml_backend_amx_mul_mat``; seen on
  KVM). For such a binary on such a CPU, ``--no-repack`` turns the extra buffer types off.
  Everywhere else they stay on: they also carry the weight repacking that speeds up AVX2. The
  binary that `scripts/build-llama-server.sh` builds is portable (no AMX) and never needs it.
- Exiting with the parent: a managed server (``EVENHAND_EXIT_WITH_PARENT=<parent pid>``) stops
  when that parent is gone, so a killed service never leaves a gigabyte-sized orphan behind. It
  polls the parent id rather than using ``PR_SET_PDEATHSIG``, which fires when the *thread* that
  started it ends (the server is started lazily, from whichever worker thread asks first).

SIGTERM/SIGINT are passed on to the server; the supervisor exits with the server's exit code.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from functools import lru_cache
from pathlib import Path
from types import FrameType

NO_EXTRA_BUFFERS_ENV = "EVENHAND_LLAMA_NO_EXTRA_BUFFERS"
EXIT_WITH_PARENT_ENV = "EVENHAND_EXIT_WITH_PARENT"
NO_EXTRA_BUFFERS_FLAG = "--no-repack"
# Only compiled in (and named in the symbol table) when ggml was built with AMX kernels.
_AMX_SYMBOL = b"ggml_backend_amx_buffer_type"


def cpu_has_amx(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    try:
        text = cpuinfo.read_text(errors="replace")
    except OSError:
        return False
    return any(
        line.startswith("flags") and "amx_tile" in line.split() for line in text.splitlines()
    )


@lru_cache(maxsize=8)
def binary_has_amx(binary: Path) -> bool:
    """Whether this llama.cpp binary carries AMX kernels (unreadable: assume so)."""
    try:
        return _AMX_SYMBOL in binary.read_bytes()
    except OSError:
        return True


def extra_buffers_disabled(binary: Path) -> bool:
    """Env override ("1"/"0") wins; otherwise off exactly for an AMX build on an AMX CPU."""
    forced = os.environ.get(NO_EXTRA_BUFFERS_ENV)
    if forced in {"0", "1"}:
        return forced == "1"
    return cpu_has_amx() and binary_has_amx(binary)


def _exit_with_parent(parent: int, child: subprocess.Popen[bytes] | None = None) -> None:
    # The parent's pid comes from the environment: if it died before we got here, getppid()
    # already names the reaper.
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        # SIGKILL, not SIGTERM: a graceful stop would first finish the requests in flight,
        # minutes of decoding that nobody is waiting for any more.
        if child is not None:
            child.kill()
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def command(argv: list[str]) -> list[str]:
    """The server's command line: ours, plus the AMX fix where it is needed."""
    binary = Path(argv[0])
    return [*argv, NO_EXTRA_BUFFERS_FLAG] if extra_buffers_disabled(binary) else list(argv)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m service.llm.local.launch LLAMA_SERVER [ARGS...]", file=sys.stderr)
        return 2
    child = subprocess.Popen(command(args))

    def forward(signum: int, _frame: FrameType | None) -> None:
        child.send_signal(signum)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    parent = os.environ.get(EXIT_WITH_PARENT_ENV, "")
    if parent.isdigit():
        _exit_with_parent(int(parent), child)
    return child.wait()


if __name__ == "__main__":
    sys.exit(main())
