#!/usr/bin/env bash
# Regenerate the hash-pinned lock files from pyproject.toml (needs pip-tools).
set -euo pipefail
cd "$(dirname "$0")/.."
common=(--quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links)
pip-compile "${common[@]}" -o requirements.lock pyproject.toml
pip-compile "${common[@]}" --extra dev -o requirements-dev.lock pyproject.toml
pip-compile "${common[@]}" --extra dev --extra bench -o requirements-bench.lock pyproject.toml
