#!/usr/bin/env bash
# playbooks/post_upgrade.yml against the emulator: check mode (the plan, no write), a run stopped by a failed
# router (system VMs recreated two at a time, a clear report), the run that finishes the job (routers rebooted,
# never more than two at once), a rerun (nothing to do, no write).
set -eux -o pipefail
CONFIG="$(cd ../.. && pwd)/integration_config.yml"
PYTHON="$(command -v python || command -v python3)"
OUT="${OUTPUT_DIR:-$(mktemp -d)}"
export ANSIBLE_ROLES_PATH=..
# The system VM batches run as async tasks: ansible-core writes their results under $HOME/.ansible_async but
# async_status looks under the account's home directory; they differ when HOME is set elsewhere (make test from a
# fresh clone with an empty HOME). An absolute async dir is the same for both (docs/post-upgrade.md).
export ANSIBLE_ASYNC_DIR="$OUT/async"
# the emulator lookup (setup_emulator/lookup_plugins/emulator.py): control calls without a module process
ANSIBLE_LOOKUP_PLUGINS="$(cd ../setup_emulator/lookup_plugins && pwd)"
export ANSIBLE_LOOKUP_PLUGINS
COMMON=(-i "localhost," -c local -e "@$CONFIG" -e ansible_python_interpreter="$PYTHON" -e output_dir="$OUT")

# The connection variables of the playbook (connection.yml), and the seq of the emulator's last request before a run
# (mark.yml, for check.yml): written here, without a module task each.
"$PYTHON" ../setup_emulator/files/connection_vars.py "$CONFIG" "$OUT/connection.yml"
CONTROL="$("$PYTHON" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["cs_control"])' "$CONFIG")"
mark() {
    "$PYTHON" - "$CONTROL" "$OUT/mark.yml" <<'PY'
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1] + "/log", timeout=30) as resp:
    requests = json.load(resp)["requests"]
with open(sys.argv[2], "w") as handle:
    handle.write("since_seq: %d\n" % (requests[-1]["seq"] if requests else 0))
PY
}

run() {  # run PHASE [more playbooks...] [options...]: the playbook (then the others, in the same run), two at a time,
         # its report in report_PHASE.yml; the exit code in $rc. SETUP=1: setup.yml first
    local phase="$1" first=(); shift
    [[ -z "${SETUP:-}" ]] || first=(setup.yml)
    mark
    set +e
    ansible-playbook "${COMMON[@]}" -e "@$OUT/connection.yml" -e post_upgrade_batch_size=2 -e "phase=$phase" \
        -e "post_upgrade_report_file=$OUT/report_$phase.yml" "${first[@]}" csops.cloudstack.post_upgrade "$@" | tee "$OUT/run_$phase.txt"
    rc=${PIPESTATUS[0]}
    set -e
}
check() { ansible-playbook "${COMMON[@]}" -e "phase=$1" check.yml; }

# Bad input fails at the first task, before any API call, naming the variable (the check phase below sees no write).
# setup.yml (the emulator's data: lookups only) runs first in the same ansible-playbook.
SETUP=1 run bad -e post_upgrade_batch_size=0
[[ $rc != 0 ]] || { echo "FAILED: a batch size of 0 was not refused"; exit 1; }
grep -q 'post_upgrade_batch_size and post_upgrade_wait_timeout must be whole numbers of 1 or more' "$OUT/run_bad.txt" \
    || { echo "FAILED: the refusal does not name post_upgrade_batch_size"; exit 1; }

run check check.yml --check  # check.yml (the checks of this run) in the same ansible-playbook, after the playbook
[[ $rc == 0 ]] || { echo "FAILED: the check run failed"; exit 1; }
grep -q 'planned: s-201-VM, s-202-VM, v-203-VM, r-101-VM, r-102-VM, r-103-VM, r-104-VM, r-105-VM' "$OUT/run_check.txt" \
    || { echo "FAILED: the check run does not print the plan"; exit 1; }
grep -q 'already current: r-106-VM' "$OUT/run_check.txt" || { echo "FAILED: r-106-VM is not reported current"; exit 1; }

run failed
[[ $rc != 0 ]] || { echo "FAILED: a failed router did not fail the run"; exit 1; }
grep -q 'post-upgrade restarts stopped at the first failure: r-101-VM' "$OUT/run_failed.txt" \
    || { echo "FAILED: the failure message does not name the router"; exit 1; }
check failed

run full check.yml  # check.yml (the checks of this run) in the same ansible-playbook, after the playbook
[[ $rc == 0 ]] || { echo "FAILED: the full run failed"; exit 1; }

run again check.yml  # check.yml (the checks of this run) in the same ansible-playbook, after the playbook
[[ $rc == 0 ]] || { echo "FAILED: the rerun failed"; exit 1; }
echo "playbook_post_upgrade: all checks passed"
