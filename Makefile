# caseflow — the two commands a newcomer needs: `make run` and `make test`.
VENV    := .venv
BIN     := $(VENV)/bin
PYTHON  ?= python3
PORT    ?= 5000
FLASK   := $(BIN)/flask --app wsgi
# Debian packages: the app needs HarfBuzz's subsetter (PDF fonts); the tests drive chromium,
# read PDFs with poppler, and run deploy/nginx.conf in front of two app servers (nginx, openssl).
APP_DEBS  := libharfbuzz-subset0
TEST_DEBS := $(APP_DEBS) chromium poppler-utils nginx-light openssl

.PHONY: run test install lint fmt clean messages translations

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

## make run: set everything up and serve the app with demo data on SQLite, with a worker for
## background work (documents, imports, timers) on a queue file under instance/; stopping the
## server (Ctrl-C) stops the worker too.
run: install translations
	./scripts/system-deps.sh $(APP_DEBS)
	CASEFLOW_ENV=development $(FLASK) db upgrade
	CASEFLOW_ENV=development $(FLASK) seed
	CASEFLOW_ENV=development $(FLASK) seed-demo
	CASEFLOW_ENV=development $(FLASK) tasks worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	CASEFLOW_ENV=development $(FLASK) run --host 127.0.0.1 --port $(PORT)

## make test: lint, then the whole suite (SQLite, and PostgreSQL when
## CASEFLOW_TEST_DATABASE_URL is set), browser journeys included.
test: install translations
	./scripts/system-deps.sh $(TEST_DEBS)
	$(BIN)/ruff check .
	$(BIN)/pytest -n 2 --dist loadgroup

lint: install
	$(BIN)/ruff check .

fmt: install
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) instance/caseflow.db* instance/tasks.db* .pytest_cache

## make messages: extract every translatable string into translations/messages.pot and merge
## it into each language's messages.po (new entries arrive empty or fuzzy: translate them).
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations

## make translations: compile each messages.po to the messages.mo Flask-Babel reads. The .mo
## files are build output (.gitignore), rebuilt by run and test; pytest alone compiles them too.
translations: install
	$(BIN)/pybabel compile -d translations
