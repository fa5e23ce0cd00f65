# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test venv system-deps catalogs i18n lint typecheck pytest bench screenshots package package-check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# Fonts for Khmer, Lao, Myanmar, Thai and Chinese, poppler-utils and age (Debian/Ubuntu).
system-deps:
	@sh packaging/install-system-deps.sh

# Compiled gettext catalogs (.mo) are built from the .po files, never committed.
catalogs: venv
	$(PY) -m screening_app.i18n.catalogs compile

# Extract messages from code and forms, update every .po, compile.
i18n: venv
	$(PY) -m screening_app.i18n.catalogs update
	$(PY) -m screening_app.i18n.catalogs compile

run: venv system-deps catalogs
	unset QT_QPA_PLATFORM; $(VENV)/bin/screening-app demo

lint: venv
	$(VENV)/bin/ruff check screening_app tests benchmarks

typecheck: venv
	$(VENV)/bin/mypy

pytest: venv system-deps catalogs
	$(PY) -m pytest -q -p no:cacheprovider

test: lint typecheck pytest

bench: venv system-deps catalogs
	$(PY) -m benchmarks

# Every screen in all seven languages at 100 % and 200 % text, from a demo data
# directory: build/screenshots/LANG-SCALE-SCREEN.png (for reviewers and translators).
# Fails when a button, a label or a case reference is cut off (a few minutes).
screenshots: venv system-deps catalogs
	$(PY) -m screening_app.gui.gallery --out build/screenshots

# Desktop build (PyInstaller --onedir) in dist/screening-app/; see packaging/README.md.
# PyInstaller goes into .venv only when this target runs: `make test` never needs it.
package: venv catalogs
	$(PY) -c "import PyInstaller" 2>/dev/null || $(PY) -m pip install -q 'pyinstaller>=6.10'
	$(PY) -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller \
		packaging/screening-app.spec

# Build the desktop folder, then use it as an officer's machine would: every form,
# catalog and script font inside, a headless start (--smoke) and a referral printed
# in Khmer by it; reports size and start-up time (packaging/check_bundle.py). Not in
# `make test` (about 2 minutes): run it after changing packaging/, pyproject.toml or
# paths.py; see packaging/README.md.
package-check: package system-deps
	$(PY) packaging/check_bundle.py dist/screening-app

clean:
	rm -rf $(VENV) build *.egg-info test-artifacts
