#!/usr/bin/env bash
# Regenerate the hash-pinned lock files from pyproject.toml (needs pip-tools 7.4+).
#
# Each lock is complete: every package, transitive ones and the build backend (hatchling) with
# theirs, pinned with hashes. dev.py installs a lock with `--no-deps` and checks it with
# `pip check`, so no pip version ever resolves anything against the index (pip before 23.3
# resolved `lxml[html_clean]` that way and broke the install when lxml 6.2.0 came out).
# Existing pins are kept; pass --upgrade (or --upgrade-package NAME) to move them.
set -euo pipefail
cd "$(dirname "$0")/.."
common=(--quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url
        --no-emit-find-links --build-deps-for=wheel --build-deps-for=editable "$@")
pip-compile "${common[@]}" -o requirements.lock pyproject.toml
pip-compile "${common[@]}" --extra dev -o requirements-dev.lock pyproject.toml
pip-compile "${common[@]}" --extra dev --extra bench -o requirements-bench.lock pyproject.toml
