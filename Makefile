# Two commands do all the set-up: `make run` serves the app, `make test` runs the tests.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install browser postgres run test eval bench loadtest mutate

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# Pinned first: an unpinned torch would pull a multi-GB CUDA build.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The browser tests drive Debian's Chromium; Playwright never downloads a browser.
browser:
	@test -x /usr/bin/chromium || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-dejavu-core; }

# The shared-state tests run a real PostgreSQL from Debian's package, on loopback only.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq postgresql; }

run: install
	$(PY) ingest.py
	$(PY) app.py

test: install browser postgres
	$(PY) -m pytest

bench: install
	$(PY) -m assistant.ops.bench

# Steady load, overload and memory on loopback, against a scratch index (see assistant/ops/loadtest.py).
loadtest: install
	$(PY) -m assistant.ops.loadtest

# Both gold sets, dev and test parts, into artifacts/eval/{role-dev,role-test,multi-dev,multi-test}/.
# The role sets score the serving index, brought up to date with corpus/ first (as `make run` does);
# the multi-document sets get a temporary index of eval/corpora/roles.
eval: install
	$(PY) ingest.py
	$(PY) -m assistant.eval --suite --out artifacts/eval

# Break one behaviour at a time in a scratch copy; prints the mutations no fast test notices.
mutate: install
	$(PY) -m tests.mutate
