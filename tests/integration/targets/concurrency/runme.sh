#!/usr/bin/env bash
# 20 forks add 20 hosts and 20 primary storage pools to one cluster at once; a rerun changes nothing.
set -eux
CONFIG="$(cd ../.. && pwd)/integration_config.yml"
{
    echo "[workers]"
    for i in $(seq 1 20); do
        echo "w$i worker_index=$i ansible_connection=local"
    done
} > "${OUTPUT_DIR:-/tmp}/concurrency_inventory.ini"
export ANSIBLE_ROLES_PATH=..
# the emulator lookup (setup_emulator/lookup_plugins/emulator.py): control calls without a module process
ANSIBLE_LOOKUP_PLUGINS="$(cd ../setup_emulator/lookup_plugins && pwd)"
export ANSIBLE_LOOKUP_PLUGINS
ansible-playbook -i "${OUTPUT_DIR:-/tmp}/concurrency_inventory.ini" -f 20 -e "@$CONFIG" \
    -e ansible_python_interpreter="$(command -v python || command -v python3)" concurrency.yml "$@"
