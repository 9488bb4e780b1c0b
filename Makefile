# `make play` and `make test` set up a local virtual environment on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: play install test lint bench clean translations

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "ClaimSort needs Python 3.11 or newer (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

play: $(STAMP)
	$(BIN)/claimsort

# The `claimsort` command on your PATH, for good: pipx or uv, whichever is there.
install:
	@if command -v pipx >/dev/null 2>&1; then pipx install --force .; \
	elif command -v uv >/dev/null 2>&1; then uv tool install --force .; \
	else echo "make install needs pipx or uv (e.g. apt install pipx). Without them, run" \
		"ClaimSort from this folder as .venv/bin/claimsort (make play sets it up)."; exit 1; fi

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -n auto

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python bench/check.py
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/draft.py

# Interface strings: extract every _(), ngettext() and N_() into the template, merge it
# into each language's .po (translate what is new or marked fuzzy there), and compile
# the .mo files that ship in the package. Run it again after translating.
LOCALE := game/locale
# Where interface strings are (tests/test_i18n.py reads this line too).
I18N_SOURCES := game tui cli webserve
translations: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg -k _ -k ngettext:1,2 -k N_ --no-location \
		--sort-output --omit-header -o $(LOCALE)/claimsort.pot $(I18N_SOURCES)
	$(BIN)/pybabel -q update -i $(LOCALE)/claimsort.pot -d $(LOCALE) -D claimsort \
		--no-wrap --ignore-obsolete --no-fuzzy-matching
	$(BIN)/pybabel compile --statistics -d $(LOCALE) -D claimsort

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
