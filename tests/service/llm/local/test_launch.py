"""The launcher's fixes: AMX detection and exiting with the parent."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from service.llm.local import launch


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ("fpu avx2 avx512f amx_bf16 amx_tile amx_int8", True),
        ("fpu avx2 avx512f", False),
        ("fpu avx2 amx_tilex", False),
    ],
)
def test_cpu_has_amx(tmp_path: Path, flags: str, expected: bool) -> None:
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text(f"processor\t: 0\nflags\t\t: {flags}\n")
    assert launch.cpu_has_amx(cpuinfo) is expected


def test_missing_cpuinfo_means_no_amx(tmp_path: Path) -> None:
    assert launch.cpu_has_amx(tmp_path / "absent") is False


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("0", False)])
def test_env_overrides_detection(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, value: str, expected: bool
) -> None:
    monkeypatch.setenv(launch.NO_EXTRA_BUFFERS_ENV, value)
    assert launch.extra_buffers_disabled(tmp_path / "llama-server") is expected


@pytest.mark.parametrize(
    ("content", "expected"), [(b"\0ggml_backend_amx_buffer_type\0", True), (b"\0ggml\0", False)]
)
def test_binary_has_amx_reads_the_symbol_table(
    tmp_path: Path, content: bytes, expected: bool
) -> None:
    binary = tmp_path / f"llama-server-{expected}"
    binary.write_bytes(content)
    assert launch.binary_has_amx(binary) is expected


def test_amx_fix_is_appended_to_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(launch.NO_EXTRA_BUFFERS_ENV, "1")
    assert launch.command(["llama-server", "-m", "x"]) == [
        "llama-server",
        "-m",
        "x",
        launch.NO_EXTRA_BUFFERS_FLAG,
    ]


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


def test_orphaned_server_exits() -> None:
    # The parent may be gone before the child starts watching: the pid comes from the env.
    child = (
        "import os, time; from service.llm.local.launch import _exit_with_parent; "
        f"_exit_with_parent(int(os.environ[{launch.EXIT_WITH_PARENT_ENV!r}])); time.sleep(60)"
    )
    parent = (
        "import os, subprocess, sys; "
        f"env = {{**os.environ, {launch.EXIT_WITH_PARENT_ENV!r}: str(os.getpid())}}; "
        f"p = subprocess.Popen([sys.executable, '-c', {child!r}], env=env, "
        "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); print(p.pid, flush=True)"
    )
    out = subprocess.run(
        [sys.executable, "-c", parent], capture_output=True, text=True, check=True, timeout=30
    )
    pid = int(out.stdout)
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pid)


@pytest.mark.parametrize(
    ("cpu", "build", "expected"),
    [(True, True, True), (True, False, False), (False, True, False), (False, False, False)],
)
def test_only_an_amx_build_on_an_amx_cpu_loses_extra_buffers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, cpu: bool, build: bool, expected: bool
) -> None:
    monkeypatch.delenv(launch.NO_EXTRA_BUFFERS_ENV, raising=False)
    monkeypatch.setattr(launch, "cpu_has_amx", lambda: cpu)
    monkeypatch.setattr(launch, "binary_has_amx", lambda _binary: build)
    assert launch.extra_buffers_disabled(tmp_path / "llama-server") is expected
