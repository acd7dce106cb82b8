# Two commands do all the setup on a machine with Python 3.11+ and make:
#   make lab    install into .venv if needed, then open JupyterLab on notebooks/
#   make test   install into .venv if needed, then run every check
# The install step reruns only when pyproject.toml changes (a stamp file records it).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8888
# Jupyter refuses to start as root unless told; containers and CI machines often run as root.
AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
DASHBOARD_PORT ?= 8866
# The course's own Jupyter config (jupyter_config/, see its README): no news or update prompt, a
# save hook that keeps widget views out of saved lessons, Voilà's "serm" template with nothing
# fetched from a CDN. A learner's own ~/.jupyter settings still take precedence.
JUPYTER_ENV := JUPYTER_CONFIG_PATH=$(CURDIR)/jupyter_config JUPYTER_PATH=$(CURDIR)/jupyter_config/data
# JupyterLab and the slides (jupyterlab-rise) read setting overrides from the environment's app
# directory only, so the repository's overrides file is copied there.
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json

.PHONY: lab test lint validate install clean help bench site slides dashboard test-browser bench-browser
.PHONY: hub-test

help:
	@echo "make lab      open the course in JupyterLab (installs into .venv first if needed)"
	@echo "make test     run every test (installs into .venv first if needed)"
	@echo "make validate check the data in data/"
	@echo "make dashboard  the classroom dashboard (Voilà) on http://127.0.0.1:$(DASHBOARD_PORT)"
	@echo "make site       a static copy of the lessons in _site/ that works offline"
	@echo "make slides     every lesson as slides, already run, in _slides/ (offline, code hidden)"
	@echo "make bench      lesson execution time and memory against a floor; widget update times"
	@echo "make hub-test   a class of 10 learners on a local JupyterHub (several minutes)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "SERM Lessons needs Python 3.11 or newer; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

$(LAB_OVERRIDES): jupyter_config/lab-settings/overrides.json | $(STAMP)
	mkdir -p $(dir $@)
	cp $< $@

install: $(STAMP) $(LAB_OVERRIDES)

# Localhost only, with Jupyter's token authentication left on.
lab: install
	$(JUPYTER_ENV) $(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) \
		--ServerApp.root_dir=notebooks $(AS_ROOT)

validate: $(STAMP)
	$(BIN)/python -m serm_lessons validate

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Two workers (pytest-xdist), each running whole files, so a file's module- and class-scoped
# fixtures (a lesson opened once in the browser, a notebook's one kernel under nbval) are set up
# once. TEST_WORKERS=0 runs everything in one process.
TEST_WORKERS ?= 2
test: install lint validate
	$(BIN)/python -m pytest $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadfile)

# A static, offline copy of the lessons in _site/ (executes every lesson).
site: $(STAMP)
	$(BIN)/python -m serm_lessons site _site

# Every lesson as reveal.js slides, already run, code hidden, one file per lesson in _slides/ that
# opens offline (executes every lesson, as `make site` does; see src/serm_lessons/authoring/slides.py).
slides: $(STAMP)
	$(BIN)/python -m serm_lessons slides _slides

# The classroom dashboard in Voilà: localhost only, with a generated access token (printed in the
# terminal as a URL to open), no code on screen.
dashboard: install
	$(JUPYTER_ENV) $(BIN)/voila notebooks/dashboard.ipynb --template=serm --Voila.ip=127.0.0.1 \
		--port=$(DASHBOARD_PORT) --Voila.auto_token=True

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache _site _slides test-artifacts

# Only the real-browser tests (JupyterLab in headless chromium); screenshots in test-artifacts/.
test-browser: install
	$(BIN)/python -m pytest tests/browser -q

# Render and repaint times measured in the browser.
bench-browser: $(STAMP)
	$(BIN)/python scripts/bench_browser.py

# Prints lesson execution time and kernel memory against a floor, widget update times in the
# kernel, and (when chromium is installed) render and repaint times measured in the browser.
bench: $(STAMP)
	$(BIN)/python scripts/bench.py
	@if command -v chromium >/dev/null 2>&1; then $(BIN)/python scripts/bench_browser.py; \
	else echo "bench: browser timings skipped (install chromium: apt-get install chromium chromium-driver)"; fi
	@if command -v chromium >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory hub-test; \
	else echo "bench: hub class skipped (needs chromium and npm: apt-get install chromium npm)"; fi

# The hub test's own packages (jupyterhub, nbgitpuller, jupyterhub-idle-culler): the `hub` extra.
HUB_STAMP := $(VENV)/.installed-hub
$(HUB_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,hub]'
	@touch $(HUB_STAMP)

# A class on a real JupyterHub, 127.0.0.1 only: 10 learners in headless chromium pull the course
# with nbgitpuller, run lesson 1 and change the SERM picker; the idle culler must stop their
# servers; an update must merge without losing their edits. Prints per-learner server memory and
# time to a rendered lesson (tests/hub/). configurable-http-proxy comes from npm into tests/hub/.
hub-test: $(HUB_STAMP)
	SERM_HUB_TEST=1 $(BIN)/python -m pytest tests/hub -q
