#!/usr/bin/env bash
# ansible-test integration against one emulator started for the whole run.
# Usage: tests/scripts/integration.sh <oldest|newest> [target ...] [ansible-test args]
#   With no target, every target runs except hidden ones (setup_*) and those ansible-test skips
#   by default (aliases disabled, unsupported, unstable).
#
# --local: the targets only talk HTTP to the emulator on 127.0.0.1, so they run on this machine
# with the venv's own interpreter (which has requests); --docker is impossible here.
# The connection details reach the targets through tests/integration/integration_config.yml
# (docs/CONTRACTS.md §2). ansible-test passes only a fixed list of environment variables to
# targets, so the CSOPS_EMULATOR_* variables exported here are for wrappers/scripts, not playbooks.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=emulator_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/emulator_lib.sh"

which_venv="${1:-}"
[[ "$which_venv" == oldest || "$which_venv" == newest ]] || die "usage: $0 <oldest|newest> [target ...]"
shift
require_venv "$which_venv"
[[ -d "$COLL_COPY" ]] || die "no collection copy: run tests/scripts/build_copy.sh (make build) first"

venv="$(venv_dir "$which_venv")"
pyver="$(venv_python_version "$which_venv")"
export PATH="$venv/bin:$PATH"

trap stop_emulator_and_report EXIT
trap 'exit 130' INT TERM

# Distinctive credentials, so that the scan below can look for them in the output.
EMU_SECRET="emu-secret-$RANDOM$RANDOM-key"
EMU_PASSWORD="emu-admin-$RANDOM$RANDOM-pw"
# --job-delay 0.1 (the emulator's default is 0.3 s): async jobs end sooner, every job wait of the suite is
# shorter. No target depends on the default: those that need slow or hung jobs set job_delay themselves
# (POST config/reset) or inject a hung job (faults).
start_emulator "$venv/bin/python" --secret-key "$EMU_SECRET" --password "$EMU_PASSWORD" --job-delay "${CSOPS_JOB_DELAY:-0.1}"
write_integration_config "$venv/bin/python" "$COLL_COPY/tests/integration/integration_config.yml"

cd "$COLL_COPY"
rm -rf tests/output
mkdir -p tests/output
log "integration[$which_venv]: ansible-core $("$venv/bin/python" -c 'import ansible.release as r; print(r.__version__)'), python $pyver"
# --continue-on-error: one run reports every failing target, not just the first
rc=0
# The newest ansible-core runs every target, at -vvvv, with the secrets scan. The oldest runs only the
# targets that cover what can differ between ansible-core versions:
#   module_plumbing    zone_module.yml: module plumbing (argument spec, module_defaults action group), check and
#                      diff mode, the no-op rerun; in_worker.yml: the same cases in the worker and in AnsiballZ
#                      module processes, async; api.yml: free-form dict/list options, async jobs waited
#                      for and timed out, unknown-parameter acks; secret_leaks.yml: no_log masking of module options
#                      and results (Ansible's own masking)
#   inventory_instance the inventory plugin's use of the inventory (compose, groups, keyed_groups)
#   role_systemvm      a role with handlers (notify, flush_handlers), include_tasks loops with loop_var, block and
#                      rescue around a role, no_log in a role
#   playbook_iso       a collection playbook through ansible-playbook (runme.sh), changed counts of the recap
#   awx_credential     the AWX credential's injected environment driving ad-hoc module runs and the inventory
# The other targets (modules_infra, modules_offerings, modules_identity, modules_ops: the lean Ansible path of every
# other module, one file per module; client_paths: faults, page size, bad input; role_zone, ...) run the same module_utils code paths and the same core
# features as these on the newest; the bad-input tables and the modules' scenarios run on both versions as unit tests
# (tests/unit, units.sh oldest).
extra=()
verbosity=-vvvv
# SHARD=k/n (no targets given): the k-th of n shards of the targets (setup_* and disabled/unsupported/unstable
# ones left out), so that `make test` can run the newest targets in its two lanes. The shards are balanced by
# the seconds each target took last time (tests/integration/target_seconds.txt): the heaviest target first,
# each to the shard with the fewest seconds so far (ties: the lower shard, names in order).
if [[ -n "${SHARD:-}" && $# -eq 0 ]]; then
    [[ "$SHARD" =~ ^([0-9]+)/([0-9]+)$ ]] || die "SHARD must be k/n, got $SHARD"
    k="${BASH_REMATCH[1]}" n="${BASH_REMATCH[2]}"
    names=()
    for dir in tests/integration/targets/*/; do
        name="$(basename "$dir")"
        [[ "$name" == setup_* ]] && continue
        grep -qxE '(disabled|unsupported|unstable|hidden)' "$dir/aliases" 2>/dev/null && continue
        names+=("$name")
    done
    mapfile -t extra < <("$venv/bin/python" - "$k" "$n" tests/integration/target_seconds.txt "${names[@]}" <<'PYEOF'
import sys
k, n, table, names = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
weights = {}
with open(table) as handle:
    for line in handle:
        parts = line.split()
        if len(parts) == 2 and not line.startswith("#"):
            weights[parts[0]] = float(parts[1])
default = weights.get("DEFAULT", 30.0)
totals, shards = [0.0] * n, [[] for _ in range(n)]
for name in sorted(names, key=lambda name: (-weights.get(name, default), name)):
    lightest = min(range(n), key=lambda i: (totals[i], i))
    totals[lightest] += weights.get(name, default)
    shards[lightest].append(name)
print("\n".join(sorted(shards[k - 1])))
PYEOF
    )
    ((${#extra[@]} > 0)) || die "shard $SHARD: no target (tests/integration/target_seconds.txt unreadable?)"
    log "integration[$which_venv]: shard $SHARD: ${#extra[@]} of ${#names[@]} targets"
fi
if [[ "$which_venv" == oldest && $# -eq 0 ]]; then
    extra=(module_plumbing inventory_instance role_systemvm playbook_iso awx_credential)
fi
# The output goes to a file that is scanned for secrets below (the emulator's secret key and admin
# password, and every password or key the targets use); the console gets the recaps, failures and
# the scan's verdict.
FULL_LOG="$COLL_COPY/tests/output/integration-$which_venv-vvvv.log"
mkdir -p "$(dirname "$FULL_LOG")"
# The deadline only guards against a hang (a correct run takes minutes; CI allows 90).
# Each target's start time goes to $TIMES (for the table of the slowest targets below).
TIMES="$COLL_COPY/tests/output/integration-$which_venv-times.txt"
: >"$TIMES"
with_deadline 2700 "integration[$which_venv] (ansible-test integration)" \
    ansible-test integration --local --python "$pyver" --color no "$verbosity" --continue-on-error "${extra[@]}" "$@" \
    2>&1 | TIMES="$TIMES" perl -ne 'BEGIN { $| = 1 } print;
        if (/^Running (\S+) integration test (?:role|script)/) { open(my $f, ">>", $ENV{TIMES}); print $f time() . " $1\n"; close $f }' \
    >"$FULL_LOG" || rc=$?
echo "$(date +%s) end" >>"$TIMES"
log "integration[$which_venv]: the slowest targets:"
awk 'NR > 1 { printf "  %-28s %4ds\n", name, $1 - t } { t = $1; name = $2 }' "$TIMES" | sort -k2 -rn | head -n 8 >&2
if ((rc == 124 || rc == 137)); then
    log "integration[$which_venv]: the target that hung: $(grep -E '^Running .* integration test (role|script)' "$FULL_LOG" | tail -n 1)"
fi
grep -E '^(Running .* integration test (role|script)|PLAY RECAP|testhost|localhost|w[0-9]+ +:|FATAL|ERROR:|fatal:|failed:)' "$FULL_LOG" \
    | grep -vE '^(fatal|failed): .*\.\.\.ignoring' || true
if ((rc != 0)); then
    log "integration[$which_venv]: the last 150 lines of the -vvvv output ($FULL_LOG):"
    tail -n 150 "$FULL_LOG"
fi
secrets=("$EMU_SECRET" "$EMU_PASSWORD" host-root-password vc-secret-password s3-very-secret-key concurrency-password
         role-test-only host-password zc-host-secret wrong-password not-the-secret s3cret-one s3cret-two not-a-default
         rbd-cephx-secret-771 pool-detail-password-42 api-nested-secret-58 ini-first-line-secret-93
         svm-password-one svm-password-two
         account-test-password account-bad-input-pw user-test-first-password user-test-password-one
         user-test-password-two a-different-password-not-sent
         # ssl_certificate: a line of each test private key (targets/ssl_certificate/files)
         n5L1st/nuotgkwqH0rPpvPf4018VL9pzQ6UVNTmW+/odh3MQhOeovhF6lN2vxAFT FTU5lvv6HYdzEITnqL4RepTdr8QBU+NXgdMrlTowlFxdN/72Hyvb6Vrb0B2eqtnW
         5L68JEBCTjAq4yjS/L1Nc3zWFF5N4MVC6iTDJ/4oppv3al9otYeDy1DJ7qrwSFEz)
# Secrets generated during the run (API secret keys made by registerUserKeys): the targets that make
# them note them in this file (with no_log), so the scan looks for their exact values too.
GENERATED="$COLL_COPY/tests/output/generated-secrets.txt"
if [[ -s "$GENERATED" ]]; then
    while IFS= read -r generated; do
        [[ -n "$generated" ]] && secrets+=("$generated")
    done <"$GENERATED"
fi
leaked=0
# Any secret-named field printed with a value that is not masked (a module returning a secret key
# outside the task that made it, or a secret Ansible did not hide) is a leak too.
secret_fields='"(api_secret|secretkey|secret_key|usersecretkey|user_api_secret)": "[A-Za-z0-9_-]{20,}"'
if grep -oE "$secret_fields" "$FULL_LOG" | grep -qv VALUE_SPECIFIED_IN_NO_LOG_PARAMETER; then
    log "integration[$which_venv]: SECRET LEAKED in the -vvvv output: a secret-named field with an unmasked value:"
    grep -noE "$secret_fields" "$FULL_LOG" | grep -v VALUE_SPECIFIED_IN_NO_LOG_PARAMETER | cut -c1-40 | head -5 >&2
    leaked=1
fi
for secret in "${secrets[@]}"; do
    if grep -qF -- "$secret" "$FULL_LOG"; then
        log "integration[$which_venv]: SECRET LEAKED in the -vvvv output: ${secret:0:4}... ($(grep -cF -- "$secret" "$FULL_LOG") lines)"
        leaked=1
    fi
done
# The collection's modules run inside the controller's worker for a local connection (plugins/plugin_utils/in_worker.py,
# the action plugins say which way at -vvvv): the suite must go through that path, and module_plumbing's in_worker.yml
# through the module process too.
in_worker_runs="$(grep -c 'csops.cloudstack: .* runs in the worker' "$FULL_LOG" || true)"
process_runs="$(grep -c 'csops.cloudstack: .* runs in its own process' "$FULL_LOG" || true)"
log "integration[$which_venv]: module runs: ${in_worker_runs} in the worker, ${process_runs} in a module process"
if ((in_worker_runs == 0)); then
    log "integration[$which_venv]: NO module ran in the worker (plugins/action/ not used?)"
    rc=1
fi
# Our modules and roles never send a parameter the command does not declare (a real server would
# silently ignore it). The emulator records every one it saw (docs/CONTRACTS.md §1); a target that
# sends one on purpose acknowledges it (setup_emulator's ack_unknown_params.yml) and is not counted.
if ! unknown="$("$venv/bin/python" - "$CSOPS_EMULATOR_CONTROL" <<'PYEOF'
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1] + "/unknown_params", timeout=10) as resp:
    records = json.load(resp)["unknown_params"]
pending = [r for r in records if r["acknowledged"] is None]
for r in pending:
    print("  seq %s: %s sent %s (auth %s, agent %s)" % (r["seq"], r["command"], r["parameter"], r["auth"], r.get("agent")))
print("%d unknown parameter(s) sent, %d acknowledged as deliberate" % (len(pending), len(records) - len(pending)))
sys.exit(1 if pending else 0)
PYEOF
)"; then
    log "integration[$which_venv]: UNKNOWN PARAMETERS sent to the emulator (a real server ignores them silently):"
    printf '%s\n' "$unknown"
    rc=1
else
    log "integration[$which_venv]: ${unknown}"
fi
if ((leaked)); then
    rc=1
else
    log "integration[$which_venv]: no secret in $(wc -l <"$FULL_LOG") lines of -vvvv output (${#secrets[@]} secrets scanned)"
fi
if ((rc != 0)); then
    log "integration[$which_venv]: FAILED (exit $rc); last lines of the emulator's output ($EMULATOR_LOG):"
    tail -n 40 "$EMULATOR_LOG" >&2 || true
    exit "$rc"
fi
log "integration[$which_venv]: passed"
