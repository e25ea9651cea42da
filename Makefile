# kerasnb: the two commands a teacher needs are `make lab` and `make test`.
# Both create the local virtual environment (.venv) on first use, with the exact versions of
# requirements/lock.txt (the ones the tests passed with), installed by uv when it can be had.

SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
LOCK := requirements/lock.txt
FLOORS := requirements/floors.txt
STAMP := $(VENV)/.kerasnb-installed
TEST_STAMP := $(VENV)/.kerasnb-test-installed
SETTINGS := $(shell find binder/jupyter-prefix -type f)
# The first Python that TensorFlow supports (3.11 to 3.13); override with `make PYTHON=...`.
PYTHON ?= $(shell for p in python3.12 python3.11 python3.13 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' 2>/dev/null && echo $$p && break; done)
# The floors are tested on the oldest Python the course supports.
FLOORS_PYTHON ?= $(shell command -v python3.11 || echo $(PYTHON))
# The address JupyterLab listens on comes only from the command line (`make lab BIND=0.0.0.0`),
# never from the environment: tcsh exports HOST, and container images often set HOST=0.0.0.0.
override BIND := $(if $(filter command line,$(origin BIND)),$(BIND),127.0.0.1)
override PORT := $(if $(filter command line,$(origin PORT)),$(PORT),8888)
# What every test run checks: the unit tests with the docstring examples, then the notebooks.
PYTEST = -m pytest --doctest-modules --nbval-lax --nbval-current-env --nbval-cell-timeout=600 -p no:cacheprovider
# nbval runs the notebooks as committed (git's index), copied to build/committed: the copies in
# notebooks/ are the learner's, with their outputs and edits (see README, "Two commands").
COMMITTED := build/committed/notebooks
COPY_COMMITTED = rm -rf build/committed && mkdir -p $(COMMITTED) && \
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git ls-files -z -- 'notebooks/*.ipynb' | xargs -0 git checkout-index -f --prefix=build/committed/ --; \
	else cp notebooks/*.ipynb $(COMMITTED)/; fi
# The notebooks run at the floors: the oldest-Keras sensitive ones (01, 05) and augmentation (07).
FLOORS_NOTEBOOKS := $(COMMITTED)/01_mlp.ipynb $(COMMITTED)/05_functional_api.ipynb $(COMMITTED)/07_augmentation.ipynb

.PHONY: lab test test-latest test-floors venv lock lint notebooks-bench bench clean need-python

venv: $(STAMP)

need-python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "kerasnb needs Python 3.11, 3.12 or 3.13 (TensorFlow supports no other); none was found on PATH."; \
		echo "Install one, or run: make PYTHON=/path/to/python3.11 $(MAKECMDGOALS)"; exit 1; fi

# `make lab` installs the course alone; `make test` adds the test and class extras to the same
# environment (both at the lock's versions), so a learner's first install downloads no test tools.
$(STAMP): pyproject.toml $(LOCK) requirements/install.sh $(SETTINGS) | need-python
	requirements/install.sh $(VENV) $(PYTHON) lock ""
	@touch $(STAMP)

$(TEST_STAMP): pyproject.toml $(LOCK) requirements/install.sh $(SETTINGS) | need-python
	requirements/install.sh $(VENV) $(PYTHON) lock test,class
	@touch $(STAMP) $(TEST_STAMP)

# JupyterLab on the course, on the loopback address only, with a fresh random token. The
# address is printed once the server answers, so it works the moment it appears.
lab: $(STAMP)
	@token=$$($(PY) -c 'import secrets; print(secrets.token_hex(24))'); \
	JUPYTER_TOKEN=$$token $(VENV)/bin/jupyter lab --no-browser \
		--ServerApp.ip=$(BIND) --ServerApp.port=$(PORT) --ServerApp.port_retries=0 \
		--ServerApp.root_dir=$(CURDIR) --LabApp.default_url=/lab/tree/notebooks/00_welcome.ipynb \
		$(if $(filter 0,$(shell id -u)),--allow-root) & server=$$!; \
	trap 'kill $$server 2>/dev/null; wait $$server; exit 130' INT TERM; \
	host=$(BIND); case $$host in 0.0.0.0|::|'') host=127.0.0.1;; esac; \
	if $(PY) -m kerasnb.env wait "http://$$host:$(PORT)/api/status?token=$$token" --pid $$server; then \
		echo ""; \
		echo "  Open the course at http://$$host:$(PORT)/lab/tree/notebooks/00_welcome.ipynb?token=$$token"; \
		echo "  (Ctrl+C stops JupyterLab)"; echo ""; \
	fi; \
	wait $$server

# uv (a test dependency) is found on PATH by the tests that build fresh environments; the
# environment's bin comes last so that a uv or python already on PATH is used first.
# Everything: lint, unit tests and doctests, every notebook under nbval, then the browser tests.
test: $(TEST_STAMP)
	$(PY) -m ruff check kerasnb tests benchmarks notebooks
	@$(COPY_COMMITTED)
	PATH="$$PATH:$(CURDIR)/$(VENV)/bin" KERASNB_DEPS=lock $(PY) $(PYTEST) kerasnb tests $(COMMITTED)

# The same tests on the newest versions pyproject.toml allows, in .venv-latest: drift shows
# here before learners meet it. Passing? `make lock` records those versions.
test-latest: need-python
	requirements/install.sh .venv-latest $(PYTHON) latest test,class
	.venv-latest/bin/python -m ruff check kerasnb tests benchmarks notebooks
	@$(COPY_COMMITTED)
	PATH="$$PATH:$(CURDIR)/.venv-latest/bin" .venv-latest/bin/python $(PYTEST) kerasnb tests $(COMMITTED)

# The lowest versions pyproject.toml allows (requirements/floors.txt) on the oldest Python, in
# .venv-floors: unit tests, doctests and three notebooks. The tests of what the lock installs
# (browser, make lab, Binder, the lock's wheels) are left to `make test`, and so is running
# notebooks twice (what it checks is the notebooks' own code, not the versions installed).
test-floors: need-python
	requirements/install.sh .venv-floors $(FLOORS_PYTHON) floors test
	@$(COPY_COMMITTED)
	PATH="$$PATH:$(CURDIR)/.venv-floors/bin" KERASNB_DEPS=floors .venv-floors/bin/python $(PYTEST) kerasnb tests $(FLOORS_NOTEBOOKS) \
		--ignore=tests/browser --ignore=tests/test_make_lab.py --ignore=tests/test_binder.py \
		--ignore=tests/test_hub.py --ignore=tests/test_grader.py --ignore=tests/test_nbgitpuller.py \
		--ignore=tests/test_colab.py --ignore=tests/test_notebook_rerun.py \
		-k "not installs_from_wheels"

# Refresh the lock after changing pyproject.toml (then run `make test` and commit both): one
# universal file for Python 3.11 to 3.13 on Linux and macOS, and Binder's copy of it. Versions
# already locked stay unless pyproject.toml excludes them; `make lock UPGRADE=1` takes the newest.
lock: $(TEST_STAMP)
	@uv=$$(command -v uv || echo $(VENV)/bin/uv); \
	test -x "$$uv" || { echo "make lock needs uv (pip install uv)"; exit 1; }; \
	set -x; \
	"$$uv" pip compile --quiet $(if $(UPGRADE),--upgrade) --universal --python-version 3.11 \
		--extra test --extra bench --extra class pyproject.toml -o $(LOCK) && \
	"$$uv" pip compile --quiet --no-annotate --python-version $$(sed 's/python-//' binder/runtime.txt) \
		--python-platform x86_64-manylinux_2_28 -c $(LOCK) pyproject.toml \
		-o binder/requirements.txt
	@echo "Now run: make test (it reinstalls .venv from the new lock), then commit $(LOCK) and binder/requirements.txt"

lint: $(TEST_STAMP)
	$(PY) -m ruff check kerasnb tests benchmarks notebooks

# Measurements (not tests): each notebook's time and peak memory, and the tool benchmarks.
notebooks-bench: $(TEST_STAMP)
	$(PY) benchmarks/notebooks.py

bench: $(TEST_STAMP)
	requirements/install.sh $(VENV) $(PYTHON) lock test,class,bench
	@for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) .venv-latest .venv-floors build *.egg-info .pytest_cache

# ---- Teaching a class (deploy/, kerasnb.course). The `class` extra is part of the lock and
# of the environment `make test` installs, so these targets need only that (and npm for the proxy).
CLASS_STAMP := $(TEST_STAMP)
IMAGE ?= kerasnb-course:latest

.PHONY: class hub-proxy release hub-image hub-bench

# JupyterHub, the idle culler, nbgitpuller and nbgrader in the course environment
class: $(CLASS_STAMP) hub-proxy

# JupyterHub's proxy (configurable-http-proxy), pinned by deploy/node/package-lock.json
hub-proxy: deploy/node/node_modules/.bin/configurable-http-proxy

deploy/node/node_modules/.bin/configurable-http-proxy: deploy/node/package-lock.json
	npm ci --prefix deploy/node --no-audit --no-fund

# The student release of every notebook: nbgrader source notebooks generated into
# build/nbgrader/source (solutions marked, one autograded test per exercise), then
# nbgrader's own generate_assignment writes build/nbgrader/release.
release: $(CLASS_STAMP)
	$(PY) -m kerasnb.course nbgrader-source --out build/nbgrader
	cd build/nbgrader && for a in $$(ls source); do \
		PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(CURDIR)/$(VENV)/bin/nbgrader generate_assignment "$$a" --create --force || exit 1; done
	@echo "Student release: build/nbgrader/release/<notebook>/ (grade with: cd build/nbgrader && nbgrader autograde <notebook>)"

# The Zero to JupyterHub image, built from this repository the way Binder builds it
# (needs Docker and jupyter-repo2docker: pip install jupyter-repo2docker)
hub-image:
	jupyter-repo2docker --no-run --user-name jovyan --image-name $(IMAGE) \
		--appendix "$$(cat deploy/kubernetes/appendix.Dockerfile)" .

# Spawn time and memory per student on a trial hub (as root), beside `make lab`'s server
hub-bench: $(CLASS_STAMP) hub-proxy
	$(PY) benchmarks/hub.py


# The playground as a page without code (Voilà), on the loopback address with a random token.
DEMO_PORT ?= 8866
.PHONY: demo
demo: $(STAMP)
	@token=$$($(PY) -c 'import secrets; print(secrets.token_hex(24))'); \
	echo ""; \
	echo "  Open the playground at http://$(BIND):$(DEMO_PORT)/?token=$$token"; \
	echo "  (Ctrl+C stops it)"; echo ""; \
	exec $(VENV)/bin/voila demo/playground.ipynb --no-browser --Voila.ip=$(BIND) \
		--port=$(DEMO_PORT) --Voila.token=$$token --Voila.root_dir=$(CURDIR)
