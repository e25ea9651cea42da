# kerasnb: the two commands a teacher needs are `make lab` and `make test`.
# Both create the local virtual environment (.venv) on first use.

SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.kerasnb-installed
# The first Python that TensorFlow supports (3.11 to 3.13); override with `make PYTHON=...`.
PYTHON ?= $(shell for p in python3.12 python3.11 python3.13 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' 2>/dev/null && echo $$p && break; done)
HOST ?= 127.0.0.1
PORT ?= 8888

.PHONY: lab test venv lint notebooks-bench bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
		echo "kerasnb needs Python 3.11, 3.12 or 3.13 (TensorFlow supports no other); none was found on PATH."; \
		echo "Install one, or run: make PYTHON=/path/to/python3.11 $(MAKECMDGOALS)"; exit 1; fi
	@test -x $(PY) || { echo "Creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV) || { \
		rm -rf $(VENV); echo "Could not create a virtual environment with $(PYTHON)."; \
		echo "On Debian or Ubuntu: sudo apt-get install python3-venv (then run make again)."; exit 1; }; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# JupyterLab on the course, on the loopback address only, with a fresh random token.
lab: $(STAMP)
	@token=$$($(PY) -c 'import secrets; print(secrets.token_hex(24))'); \
	echo ""; \
	echo "  Open the course at http://$(HOST):$(PORT)/lab/tree/notebooks/00_welcome.ipynb?token=$$token"; \
	echo "  (Ctrl+C stops JupyterLab)"; echo ""; \
	JUPYTER_TOKEN=$$token exec $(VENV)/bin/jupyter lab --no-browser \
		--ServerApp.ip=$(HOST) --ServerApp.port=$(PORT) --ServerApp.port_retries=0 \
		--ServerApp.root_dir=$(CURDIR) --LabApp.default_url=/lab/tree/notebooks/00_welcome.ipynb \
		$(if $(filter 0,$(shell id -u)),--allow-root)

# Everything: lint, unit tests, every notebook under nbval, then the browser tests.
test: $(STAMP)
	$(PY) -m ruff check kerasnb tests benchmarks notebooks
	$(PY) -m pytest kerasnb tests notebooks --doctest-modules --nbval-lax --nbval-current-env --nbval-cell-timeout=600 -p no:cacheprovider

lint: $(STAMP)
	$(PY) -m ruff check kerasnb tests benchmarks notebooks

# Measurements (not tests): each notebook's time and peak memory, and the tool benchmarks.
notebooks-bench: $(STAMP)
	$(PY) benchmarks/notebooks.py

bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,bench]'
	@for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache

# The playground as a page without code (Voilà), on the loopback address with a random token.
DEMO_PORT ?= 8866
.PHONY: demo
demo: $(STAMP)
	@token=$$($(PY) -c 'import secrets; print(secrets.token_hex(24))'); \
	echo ""; \
	echo "  Open the playground at http://$(HOST):$(DEMO_PORT)/?token=$$token"; \
	echo "  (Ctrl+C stops it)"; echo ""; \
	exec $(VENV)/bin/voila demo/playground.ipynb --no-browser --Voila.ip=$(HOST) \
		--port=$(DEMO_PORT) --Voila.token=$$token --Voila.root_dir=$(CURDIR)
