#!/usr/bin/env bash
# The csops.cloudstack.instance inventory plugin against the emulator: hosts, groups, compose,
# keyed_groups, ansible_host choices, filters, caching and a configuration from environment variables.
set -eux
CONFIG="$(cd ../.. && pwd)/integration_config.yml"
PYTHON="$(command -v python || command -v python3)"
"$PYTHON" inventory_check.py "$CONFIG" "${OUTPUT_DIR:-$(mktemp -d)}"
