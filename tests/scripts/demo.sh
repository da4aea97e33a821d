#!/usr/bin/env bash
# `make demo`: start the emulator, deploy the example Advanced zone (playbooks/deploy_zone.yml with
# the description playbooks/examples/advanced_zone.yml and a generated demo_host_password), show each
# task as it runs, deploy again (nothing may change), print the zone tree (playbooks/show_zone.yml)
# and the API calls each run cost, stop the emulator.
# Runs with the small venv .venv/demo (ansible-core + requests only: tests/requirements-demo.txt);
# `make demo` creates it (tests/scripts/setup.sh demo) and the collection copy (make build).
# Usage: tests/scripts/demo.sh [ansible-playbook args, e.g. -v]
#        DEMO_ZONE=path/to/description.yml tests/scripts/demo.sh
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=emulator_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/emulator_lib.sh"

which_venv=demo
[[ -x "$(venv_dir demo)/bin/ansible-playbook" ]] || which_venv=newest  # before `make setup` made .venv/demo
require_venv "$which_venv"
[[ -d "$COLL_COPY" ]] || die "no collection copy: run tests/scripts/build_copy.sh (make build) first"
venv="$(venv_dir "$which_venv")"
export PATH="$venv/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$BUILD_ROOT"
export ANSIBLE_PYTHON_INTERPRETER="$venv/bin/python"
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
# one line per task as it runs, with its result and duration (tests/demo/callback_plugins)
export ANSIBLE_CALLBACK_PLUGINS="$REPO_ROOT/tests/demo/callback_plugins"
export ANSIBLE_STDOUT_CALLBACK=csops_progress
export ANSIBLE_HOME="$BUILD_ROOT/.ansible-demo-home"
# local connection: the module goes through stdin, no temporary files per task
export ANSIBLE_PIPELINING=true

trap stop_emulator_and_report EXIT
trap 'exit 130' INT TERM
# async jobs take 0.1 s instead of the emulator's default 0.3 s: the demo shows the collection, not waiting
start_emulator "$venv/bin/python" --job-delay "${DEMO_JOB_DELAY:-0.1}"
# what an operator would export; the modules read these as their defaults
export CLOUDSTACK_ENDPOINT="$CSOPS_EMULATOR_ENDPOINT"
export CLOUDSTACK_KEY="$CSOPS_EMULATOR_API_KEY"
export CLOUDSTACK_SECRET="$CSOPS_EMULATOR_API_SECRET"

cd "$REPO_ROOT"
zone_file="${DEMO_ZONE:-$REPO_ROOT/playbooks/examples/advanced_zone.yml}"
demo_pw="$("$venv/bin/python" -c 'import secrets; print(secrets.token_urlsafe(18))')"
pw_file="$BUILD_ROOT/demo-secret.yml"
( umask 077; printf 'demo_host_password: "%s"\n' "$demo_pw" > "$pw_file" )
trap 'rm -f "$pw_file"; stop_emulator_and_report' EXIT
deploy=(ansible-playbook -i "localhost," -c local -e "@$pw_file" -e zone_description="$zone_file" playbooks/deploy_zone.yml)

# api_log last: the last seq of the emulator's request log
# api_log since SEQ: "N API calls (R reads, W writes)" after SEQ
api_log() {
    "$venv/bin/python" - "$CSOPS_EMULATOR_CONTROL/log" "$@" <<'PY'
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=30) as r:
    entries = json.load(r).get("requests", [])
if sys.argv[2] == "last":
    print(entries[-1]["seq"] if entries else 0)
else:
    new = [e for e in entries if e["seq"] > int(sys.argv[3])]
    writes = sum(1 for e in new if not e.get("readonly"))
    print("%d API calls (%d reads, %d writes)" % (len(new), len(new) - writes, writes))
PY
}

log "demo: 1/3 deploy ${zone_file#"$REPO_ROOT"/} against the emulator at $CLOUDSTACK_ENDPOINT"
mark="$(api_log last)"
start=$SECONDS
"${deploy[@]}" "$@" || die "demo: the deployment failed (the task marked FAILED above says why)"
first="$(api_log since "$mark") in $((SECONDS - start))s"

log "demo: 2/3 deploy again: nothing may change"
mark="$(api_log last)"
start=$SECONDS
out="$BUILD_ROOT/demo-second-run.log"
"${deploy[@]}" "$@" | tee "$out" || die "demo: the second run failed"
second="$(api_log since "$mark") in $((SECONDS - start))s"
grep -qE '^ +localhost +ok=[0-9]+ changed=0 ' "$out" || die "demo: the second run changed something (see above)"

log "demo: 3/3 the zone as CloudStack now has it (playbooks/show_zone.yml)"
tree_file="$BUILD_ROOT/demo-zone-tree.txt"
ANSIBLE_STDOUT_CALLBACK=default ansible-playbook -i localhost, -c local -e zone_tree_file="$tree_file" \
    playbooks/show_zone.yml "$@" > "$BUILD_ROOT/demo-show.log" || { cat "$BUILD_ROOT/demo-show.log"; die "demo: show_zone failed"; }
echo
cat "$tree_file"
echo
echo "API calls: first deployment $first; second (no change) $second."
if [[ -f playbooks/demo.yml ]]; then
    ansible-playbook -i localhost, -c local playbooks/demo.yml "$@"
fi
