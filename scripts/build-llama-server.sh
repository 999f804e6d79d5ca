#!/usr/bin/env bash
# Builds llama.cpp's own `llama-server` (parallel slots, continuous batching, prompt-cache counters)
# from the llama.cpp sources vendored in the llama-cpp-python sdist, once per version, into
#   ${EVENHAND_CACHE_DIR:-${XDG_CACHE_HOME:-~/.cache}/evenhand}/llama-server/<version>/llama-server
# (where `service.llm.local.binary` looks for it; keep the version in step with LLAMA_CPP_PYTHON_VERSION).
# Idempotent: an existing binary built with the same flags is kept (the flags are written beside it).
# Not -march=native: these CPUs advertise AMX, but the hypervisor faults on its first tile
# instruction. So the x86 flags are named: AVX2, plus AVX-512 (with VNNI/VBMI/BF16) where
# /proc/cpuinfo lists all of it, which evaluates prompts ~1.3x faster on the 2-core machines
# (llama-server: 124 vs 92 prompt tokens/s; decode unchanged at ~11 tokens/s). LLAMA_CMAKE_ARGS
# overrides the choice. Needs a C/C++ compiler and CMake; pip fetches the sdist from the index.
set -euo pipefail
VERSION="${LLAMA_CPP_PYTHON_VERSION:-0.3.36}"
CACHE="${EVENHAND_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/evenhand}"
DEST="$CACHE/llama-server/$VERSION"
BIN="$DEST/llama-server"
PIP="${PIP:-python3 -m pip}"
AVX2="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON"
AVX512="-DGGML_AVX512=ON -DGGML_AVX512_VNNI=ON -DGGML_AVX512_VBMI=ON -DGGML_AVX512_BF16=ON"
has_all() {
  local flag
  for flag in "$@"; do grep -qw "$flag" /proc/cpuinfo 2>/dev/null || return 1; done
}
if [ -z "${LLAMA_CMAKE_ARGS:-}" ]; then
  LLAMA_CMAKE_ARGS="$AVX2"
  if has_all avx512f avx512cd avx512vl avx512dq avx512bw avx512_vnni avx512vbmi avx512_bf16; then
    LLAMA_CMAKE_ARGS="$AVX2 $AVX512"
  fi
fi

if [ -x "$BIN" ] && "$BIN" --version >/dev/null 2>&1 \
  && [ "$(cat "$DEST/cmake-args" 2>/dev/null)" = "$LLAMA_CMAKE_ARGS" ]; then
  echo "llama-server $VERSION: $BIN"
  exit 0
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
$PIP download --quiet --no-deps --no-binary :all: "llama-cpp-python==$VERSION" -d "$WORK"
tar -xzf "$WORK"/llama_cpp_python-"$VERSION".tar.gz -C "$WORK"
SRC="$WORK/llama_cpp_python-$VERSION/vendor/llama.cpp"

# Static, no HTTPS/UI/tests: one self-contained binary that only serves a local GGUF file.
# shellcheck disable=SC2086
cmake -S "$SRC" -B "$WORK/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=ON \
  -DLLAMA_OPENSSL=OFF -DLLAMA_CURL=OFF -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF \
  $LLAMA_CMAKE_ARGS >"$WORK/cmake.log" || { cat "$WORK/cmake.log" >&2; exit 1; }
cmake --build "$WORK/build" --target llama-server -j "$(nproc)" >"$WORK/build.log" 2>&1 \
  || { tail -50 "$WORK/build.log" >&2; exit 1; }

mkdir -p "$DEST"
install -m 0755 "$WORK/build/bin/llama-server" "$BIN.tmp"
mv "$BIN.tmp" "$BIN"  # atomic: a concurrent or interrupted build never leaves half a binary
printf '%s\n' "$LLAMA_CMAKE_ARGS" >"$DEST/cmake-args"
"$BIN" --version
echo "llama-server $VERSION: $BIN"
