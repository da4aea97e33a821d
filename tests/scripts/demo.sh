#!/usr/bin/env bash
# Demo: start the emulator, deploy the example Advanced zone (playbooks/deploy_zone.yml with
# playbooks/examples/advanced_zone.yml and a generated demo_host_password), deploy again and show the
# recap (changed=0), print the zone tree (playbooks/show_zone.yml), stop the emulator.
# Expects `make setup build` to have run (the Makefile target does that).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=emulator_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/emulator_lib.sh"

require_venv newest
[[ -d "$COLL_COPY" ]] || die "no collection copy: run tests/scripts/build_copy.sh (make build) first"
venv="$(venv_dir newest)"
export PATH="$venv/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$BUILD_ROOT"
export ANSIBLE_PYTHON_INTERPRETER="$venv/bin/python"
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false

trap stop_emulator_and_report EXIT
trap 'exit 130' INT TERM
start_emulator "$venv/bin/python"
# what an operator would export; the modules read these as their defaults
export CLOUDSTACK_ENDPOINT="$CSOPS_EMULATOR_ENDPOINT"
export CLOUDSTACK_KEY="$CSOPS_EMULATOR_API_KEY"
export CLOUDSTACK_SECRET="$CSOPS_EMULATOR_API_SECRET"
vars_file="$BUILD_ROOT/demo-vars.yml"
write_integration_config "$venv/bin/python" "$vars_file"

cd "$REPO_ROOT"
# The example Advanced zone: deploy, deploy again (nothing changes), print the tree.
demo_pw="$("$venv/bin/python" -c 'import secrets; print(secrets.token_urlsafe(18))')"
pw_file="$BUILD_ROOT/demo-secret.yml"
( umask 077; printf 'demo_host_password: "%s"\n' "$demo_pw" > "$pw_file" )
deploy=(ansible-playbook -i "localhost," -c local -e "@$vars_file" -e "@$pw_file"
        -e zone_description="$REPO_ROOT/playbooks/examples/advanced_zone.yml" playbooks/deploy_zone.yml)
# api_log last: the last seq of the emulator's request log; api_log since SEQ: "N API calls (W writes)" after SEQ
api_log() {
    "$venv/bin/python" - "$CSOPS_EMULATOR_CONTROL/log" "$@" <<'PY'
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=10) as r:
    entries = json.load(r).get("requests", [])
if sys.argv[2] == "last":
    print(entries[-1]["seq"] if entries else 0)
else:
    since = int(sys.argv[3])
    new = [e for e in entries if e["seq"] > since]
    print("%d API calls (%d writes)" % (len(new), sum(1 for e in new if not e.get("readonly"))))
PY
}
log "demo: deploy playbooks/examples/advanced_zone.yml against the emulator at $CLOUDSTACK_ENDPOINT"
mark="$(api_log last)"
"${deploy[@]}" "$@" | tail -n 4
log "demo: first run: $(api_log since "$mark")"
log "demo: deploy again: nothing may change"
mark="$(api_log last)"
out="$("${deploy[@]}" "$@")" || { printf '%s\n' "$out"; die "demo: the second run failed"; }
recap="$(printf '%s\n' "$out" | grep -E '^localhost +:' | tail -n 1)"
printf '  %s\n' "$recap"
[[ "$recap" == *" changed=0 "* ]] || die "demo: the second run changed something"
log "demo: second run: $(api_log since "$mark")"
log "demo: the zone as CloudStack now has it (playbooks/show_zone.yml)"
tree_file="$BUILD_ROOT/demo-zone-tree.txt"
ansible-playbook -i localhost, -c local -e "@$vars_file" -e zone_tree_file="$tree_file" playbooks/show_zone.yml \
    "$@" > "$BUILD_ROOT/demo-show.log" || { cat "$BUILD_ROOT/demo-show.log"; die "demo: show_zone failed"; }
cat "$tree_file"
rm -f "$pw_file"
if [[ -f playbooks/demo.yml ]]; then
    ansible-playbook -i localhost, -c local -e "@$vars_file" playbooks/demo.yml "$@"
fi
