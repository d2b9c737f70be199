# Two commands on a fresh machine:  make run  (the main job)  ·  make test  (every test)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
SHARED ?= ../shared

.PHONY: setup run test lint typecheck browser readers clean demo bench bundle

$(VENV)/.installed: pyproject.toml
	@echo "make: 建立虚拟环境 $(VENV) 并安装落实及其依赖（第一次需要一两分钟）…"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

# Headless Chromium for the browser tests, from Debian's packages (Playwright only drives it).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
	  else echo "make: chromium missing: run 'sudo apt-get install chromium fonts-wqy-microhei'"; fi; }

# What the readers of .doc/.wps and of scans use, for their tests: LibreOffice, antiword and catdoc,
# Tesseract with its Chinese model and a CJK font (Debian), RapidOCR (PyPI; its OpenCV loads libGL and
# GLib). `make run` needs none.
READER_DEBS := libreoffice-writer-nogui antiword catdoc tesseract-ocr tesseract-ocr-chi-sim fonts-wqy-microhei \
  libgl1 libglib2.0-0
readers: $(VENV)/.ocr-installed
	@missing=""; for p in $(READER_DEBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq$$missing >/dev/null; \
	  else echo "make: missing:$$missing: run 'sudo apt-get install$$missing'"; fi; fi

$(VENV)/.ocr-installed: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install -q -e '.[dev,ocr]'
	touch $@

lint: setup
	$(BIN)/ruff check src tests benchmarks packaging
	$(BIN)/mypy

test: setup browser readers lint
	LUOSHI_SHARED=$(SHARED) $(BIN)/pytest -q -n 2 --dist loadfile

# The main job: the web app on the embedded SQLite database with the reference report loaded.
run: setup
	@[ -f $(SHARED)/corpus/qiannan-2024.txt ] || echo "make: 没有找到 $(SHARED)/corpus/qiannan-2024.txt，演示使用项目自带的示例报告（src/luoshi/sample/）"
	LUOSHI_SHARED=$(SHARED) $(BIN)/luoshi demo

# Offline installation bundles for intranet servers: dist/luoshi-<version>-linux-{x86_64,aarch64}.tar
# (wheels cached in ~/.cache/luoshi-bundle; see docs/deploy.md).
bundle: setup
	$(PY) packaging/luoshi_bundle.py

bench: setup
	for b in benchmarks/bench_*.py; do LUOSHI_SHARED=$(SHARED) $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
