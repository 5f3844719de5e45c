# spinewise: one entry point. `make run` and `make test` each work on a fresh clone.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test chromium pdf-libs wrk lint typecheck bench ci clean gettext messages messages-compiled

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) messages-compiled

## The interface's catalogues (README, "Languages"). `make messages` collects the marked strings of
## the templates, the Python code and the scripts into src/spinewise/locale/<code>/LC_MESSAGES/*.po;
## the install step (and run, test) compiles each .po into the .mo Django reads. Both need GNU gettext.
CATALOGUES = $(wildcard src/spinewise/locale/*/LC_MESSAGES/*.po)
COMPILED = $(CATALOGUES:.po=.mo)
MESSAGE_LANGS = $(notdir $(wildcard src/spinewise/locale/*))
MAKEMESSAGES = $(BIN)/python manage.py makemessages --add-location file --ignore 'tests/*' --ignore 'bench/*' \
  --ignore 'build/*' --ignore 'src/spinewise/content/*' --ignore '*.min.js' --ignore 'test-artifacts/*'

gettext:
	@command -v msgfmt >/dev/null 2>&1 || { \
	  echo "Installing GNU gettext for the interface's translations"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq gettext >/dev/null; }

%.mo: %.po
	@command -v msgfmt >/dev/null 2>&1 || $(MAKE) --no-print-directory gettext
	msgfmt --check -o $@ $<

messages-compiled: $(COMPILED)

messages: $(STAMP) gettext
	$(MAKEMESSAGES) $(addprefix -l ,$(MESSAGE_LANGS)) -d django
	$(MAKEMESSAGES) $(addprefix -l ,$(MESSAGE_LANGS)) -d djangojs
	$(MAKE) --no-print-directory messages-compiled

## Run the app on http://127.0.0.1:8000 (SQLite, migrated, library loaded) under the production
## server: one worker per core unless WORKERS=N; THREADS=N threads each.
run: $(STAMP) messages-compiled pdf-libs
	$(BIN)/spinewise serve --host $(HOST) --port $(PORT) $(if $(WORKERS),--workers $(WORKERS)) $(if $(THREADS),--threads $(THREADS))

## Browser tests drive Debian's Chromium (Playwright never downloads a browser here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

## PDF reports (WeasyPrint) need Pango, HarfBuzz and a font from Debian.
pdf-libs:
	@{ ldconfig -p | grep -q libpangoft2-1.0 && ldconfig -p | grep -q libharfbuzz-subset && fc-list 2>/dev/null | grep -q .; } || { \
	  echo "Installing Pango, HarfBuzz and DejaVu fonts for the PDF reports"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fontconfig >/dev/null; }

## The load benchmark drives the server with Debian's wrk.
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "Installing Debian's wrk for the load benchmark"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }

## Every test, browser journeys included. The tests stand alone, so they also run in parallel:
## `make test PYTEST_ARGS="-n 2"` (pytest-xdist), worth it on a machine with idle cores.
PYTEST_ARGS ?=
test: $(STAMP) messages-compiled chromium pdf-libs
	$(BIN)/pytest -q -p no:cacheprovider $(PYTEST_ARGS)

## Style, then the architecture: the import contracts in pyproject.toml (README, "Architecture").
lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy src

## Short by default; longer with LOAD_ARGS="--duration 15 --rounds 5", or on PostgreSQL with
## LOAD_ARGS="--database postgres://postgres@127.0.0.1:5432/spinewise_bench".
bench: $(STAMP) wrk
	$(BIN)/python bench/planner.py
	$(BIN)/python bench/programs.py
	$(BIN)/python bench/figures.py
	$(BIN)/python bench/cli_startup.py
	$(BIN)/python bench/datascale.py
	$(BIN)/python bench/load.py $(LOAD_ARGS)

ci: lint typecheck test

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
