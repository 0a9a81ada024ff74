#!/usr/bin/env bash
# Runs the whole suite with node's test runner through tsx. Node 20 does not expand globs, so the shell does.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_ENV=test
shopt -s globstar nullglob
files=(test/**/*.test.ts)
if [ ${#files[@]} -eq 0 ]; then echo "no test files found" >&2; exit 1; fi
exec node --import tsx --test --test-reporter=tap --test-concurrency="${TEST_CONCURRENCY:-2}" "$@" "${files[@]}"
