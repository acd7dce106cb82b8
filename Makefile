# Two commands do all the setup on a machine with Python 3.11+ and make:
#   make lab    install into .venv if needed, then open JupyterLab on notebooks/
#   make test   install into .venv if needed, then run every check
# The install step reruns only when pyproject.toml changes (a stamp file records it).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8888

.PHONY: lab test lint validate install clean help bench

help:
	@echo "make lab      open the course in JupyterLab (installs into .venv first if needed)"
	@echo "make test     run every test (installs into .venv first if needed)"
	@echo "make validate check the data in data/"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "SERM Lessons needs Python 3.11 or newer; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

# Localhost only, with Jupyter's token authentication left on.
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) \
		--ServerApp.root_dir=notebooks

validate: $(STAMP)
	$(BIN)/python -m serm_lessons validate

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint validate
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache

# Prints lesson execution time and kernel memory against a floor, and widget update times.
bench: $(STAMP)
	$(BIN)/python scripts/bench.py
