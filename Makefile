# Two commands for a newcomer on a fresh machine:
#   make demo   set up (venv, the embedded local model) and extract + brief an example article
#   make test   set up and run the whole test suite (what CI runs)
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements/nlp.txt | sha256sum | cut -c1-12)
# Empty: the build script picks x86 flags from /proc/cpuinfo (AVX2, AVX-512 where present; never AMX).
LLAMA_CMAKE_ARGS ?=
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: setup llama-server demo test lint typecheck check bench eval clean

$(STAMP): pyproject.toml requirements/nlp.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# The spaCy English pipeline, verified by its SHA-256 (requirements/nlp.txt).
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/nlp.txt
	$(BIN)/pip install --quiet -e '.[dev,local]'
	touch $(STAMP)

# llama.cpp's own server, compiled from the sources vendored in the llama-cpp-python sdist (a few
# minutes on 2 cores, once per version and flag set; kept in ~/.cache/evenhand/llama-server/<version>/).
# Not -march=native: these CPUs advertise AMX, but the hypervisor faults on its first instruction
# (ldtilecfg), so the instruction sets are named (scripts/build-llama-server.sh).
llama-server: $(STAMP)
	LLAMA_CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" PIP="$(BIN)/pip" bash scripts/build-llama-server.sh

setup: $(STAMP) llama-server

demo: setup
	$(BIN)/evenhand model pull
	$(BIN)/evenhand extract examples/short-clash.json --format md
	$(BIN)/evenhand brief examples/two-sides/kestria.json examples/two-sides/dolmar.json --format md

lint: setup
	$(BIN)/ruff check service schemas evals tests bench
	$(BIN)/mypy

test: setup
	bash scripts/ensure-services.sh
	bash scripts/ensure-browser.sh
	EVENHAND_TEST_POSTGRES_URL=$${EVENHAND_TEST_POSTGRES_URL:-$(PG_URL)} \
	EVENHAND_REQUIRE_POSTGRES=$${EVENHAND_REQUIRE_POSTGRES:-1} \
	EVENHAND_REQUIRE_LIVE=$${EVENHAND_REQUIRE_LIVE:-1} \
	EVENHAND_REQUIRE_BROWSER=$${EVENHAND_REQUIRE_BROWSER:-1} \
	$(BIN)/python -m pytest -q
	$(MAKE) --no-print-directory lint

bench: setup
	$(BIN)/python bench/extract_bench.py --pipelines default
	$(BIN)/python bench/api_bench.py

eval: setup
	$(BIN)/evenhand eval run --fixtures evals/fixtures --pipeline default --out runs/default
	$(BIN)/evenhand eval run --fixtures evals/fixtures --pipeline baseline --out runs/baseline
	$(BIN)/evenhand eval compare runs/baseline runs/default
	$(BIN)/evenhand eval report runs/baseline runs/default --html runs/report.html

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
