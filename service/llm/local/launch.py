"""Entry point of the managed llama.cpp server: ``python -m service.llm.local.launch <args>``.

It runs ``llama_cpp.server`` unchanged, with one fix applied first. When llama.cpp was built with
AMX kernels (``-march=native`` on a CPU advertising AMX), ggml picks AMX weight buffers by itself,
and on virtual machines whose hypervisor does not grant tile state the first matrix multiply dies
with SIGSEGV (``ldtilecfg`` in ``ggml_backend_amx_mul_mat``; seen with llama-cpp-python 0.3.36 on
KVM). llama-cpp-python exposes no switch for it, so for such a build on such a CPU the model's
"extra buffer types" are turned off through the default model parameters. Everywhere else they
stay on: they also carry the weight repacking that speeds up AVX2.

A managed server (``EVENHAND_EXIT_WITH_PARENT=<parent pid>``) exits when that parent is gone, so
a killed service never leaves a gigabyte-sized orphan behind. It polls the parent id rather than
using ``PR_SET_PDEATHSIG``, which fires when the *thread* that started it ends.
"""

from __future__ import annotations

import ctypes
import os
import threading
import time
from pathlib import Path
from typing import Any

NO_EXTRA_BUFFERS_ENV = "EVENHAND_LLAMA_NO_EXTRA_BUFFERS"
EXIT_WITH_PARENT_ENV = "EVENHAND_EXIT_WITH_PARENT"


def cpu_has_amx(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    try:
        text = cpuinfo.read_text(errors="replace")
    except OSError:
        return False
    return any(
        line.startswith("flags") and "amx_tile" in line.split() for line in text.splitlines()
    )


def ggml_has_amx() -> bool:
    """Whether the installed ggml CPU backend was compiled with AMX kernels (unknown: assume so)."""
    import llama_cpp

    library = Path(llama_cpp.__file__).parent / "lib" / "libggml-cpu.so"
    try:
        return bool(ctypes.CDLL(str(library)).ggml_cpu_has_amx_int8())
    except (OSError, AttributeError):
        return True


def extra_buffers_disabled() -> bool:
    """Env override ("1"/"0") wins; otherwise off exactly for an AMX build on an AMX CPU."""
    forced = os.environ.get(NO_EXTRA_BUFFERS_ENV)
    if forced in {"0", "1"}:
        return forced == "1"
    return cpu_has_amx() and ggml_has_amx()


def _disable_extra_buffer_types() -> None:
    import llama_cpp.llama_cpp as native

    default_params = native.llama_model_default_params

    def without_extra_buffers() -> Any:
        params = default_params()
        params.use_extra_bufts = False
        return params

    native.llama_model_default_params = without_extra_buffers


def _exit_with_parent(parent: int) -> None:
    # The parent's pid comes from the environment: if it died before we got here, getppid()
    # already names the reaper.
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        # Not SIGTERM: uvicorn's graceful shutdown would first finish the request in flight,
        # minutes of decoding that nobody is waiting for any more.
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def main() -> None:
    parent = os.environ.get(EXIT_WITH_PARENT_ENV, "")
    if parent.isdigit():
        _exit_with_parent(int(parent))
    if extra_buffers_disabled():
        _disable_extra_buffer_types()
    from llama_cpp.server.__main__ import main as serve

    serve()  # type: ignore[no-untyped-call]


if __name__ == "__main__":
    main()
