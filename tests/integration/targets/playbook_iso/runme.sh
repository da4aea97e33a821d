#!/usr/bin/env bash
# playbooks/iso.yml against the emulator: attach an ISO to a VM by name, again (no change), then detach it.
set -eux -o pipefail
CONFIG="$(cd ../.. && pwd)/integration_config.yml"
PYTHON="$(command -v python || command -v python3)"
OUT="${OUTPUT_DIR:-$(mktemp -d)}"
export ANSIBLE_ROLES_PATH=..
# the emulator lookup (setup_emulator/lookup_plugins/emulator.py): control calls without a module process
ANSIBLE_LOOKUP_PLUGINS="$(cd ../setup_emulator/lookup_plugins && pwd)"
export ANSIBLE_LOOKUP_PLUGINS
COMMON=(-i "localhost," -c local -e "@$CONFIG" -e ansible_python_interpreter="$PYTHON")

# The connection variables of the playbook (written here, without a module task).
"$PYTHON" ../setup_emulator/files/connection_vars.py "$CONFIG" "$OUT/connection.yml"

run_iso() {  # run_iso [more playbooks...] [options...]: playbooks/iso.yml (then the others, in the same run); SETUP=1:
             # setup.yml first
    local first=()
    [[ -z "${SETUP:-}" ]] || first=(setup.yml)
    ansible-playbook "${COMMON[@]}" -e "@$OUT/connection.yml" "${first[@]}" csops.cloudstack.iso "$@" | tee "$OUT/iso_run.txt"
}

# setup.yml (a zone with an image store, a VM and a Ready ISO, seeded: no changed task) runs in the first ansible-playbook,
# before the playbook; check.yml (the VM's ISO in the emulator) runs after it (it changes nothing either, so the
# recap's changed count is the playbook's)
SETUP=1 run_iso check.yml -e vm=iso-vm -e iso=rescue -e expected_iso=rescue
grep -qE 'localhost +: ok=[0-9]+ +changed=1 ' "$OUT/iso_run.txt" || { echo "FAILED: the attach run did not report changed=1"; exit 1; }

run_iso check.yml -e vm=iso-vm -e iso=rescue -e expected_iso=rescue
grep -qE 'localhost +: ok=[0-9]+ +changed=0 ' "$OUT/iso_run.txt" || { echo "FAILED: the second attach run was not changed=0"; exit 1; }

run_iso check.yml -e vm=iso-vm -e iso_state=detached -e expected_iso=
grep -qE 'localhost +: ok=[0-9]+ +changed=1 ' "$OUT/iso_run.txt" || { echo "FAILED: the detach run did not report changed=1"; exit 1; }

run_iso -e vm=iso-vm -e iso_state=detached
grep -qE 'localhost +: ok=[0-9]+ +changed=0 ' "$OUT/iso_run.txt" || { echo "FAILED: the second detach run was not changed=0"; exit 1; }

# An unknown VM fails the playbook with the VM's name.
if run_iso -e vm=no-such-vm -e iso=rescue; then
    echo "FAILED: an unknown VM did not fail the playbook"; exit 1
fi
grep -q 'no-such-vm' "$OUT/iso_run.txt" || { echo "FAILED: the error does not name the VM"; exit 1; }
echo "playbook_iso: all checks passed"
