# Start/stop the CloudStack emulator (tests/emulator/run_emulator.py, see docs/CONTRACTS.md §1).
# Sourced by integration.sh, roles.sh and demo.sh after lib.sh.
# shellcheck shell=bash

EMULATOR_PID=""
EMULATOR_READY_FILE=""
EMULATOR_LOG=""

# start_emulator PYTHON [extra emulator args...]
# Starts the emulator on free ports (API + integration listener), waits up to 120 s for its ready
# file, then exports CSOPS_EMULATOR_* (endpoint, control, integration endpoint, credentials).
start_emulator() {
    local py="$1"; shift
    local script="${CSOPS_EMULATOR_SCRIPT:-$REPO_ROOT/tests/emulator/run_emulator.py}"
    [[ -f "$script" ]] || die "emulator not found: $script"
    mkdir -p "$BUILD_ROOT"
    EMULATOR_READY_FILE="$(mktemp "$BUILD_ROOT/emulator-ready.XXXXXX")"
    rm -f "$EMULATOR_READY_FILE"
    EMULATOR_LOG="$BUILD_ROOT/emulator-$$.log"
    "$py" "$script" --port 0 --integration-port 0 --ready-file "$EMULATOR_READY_FILE" "$@" \
        >"$EMULATOR_LOG" 2>&1 </dev/null &
    EMULATOR_PID=$!
    local waited=0
    while [[ ! -s "$EMULATOR_READY_FILE" ]]; do
        if ! kill -0 "$EMULATOR_PID" 2>/dev/null; then
            tail -n 30 "$EMULATOR_LOG" >&2 || true
            EMULATOR_PID=""
            die "emulator exited before it was ready (log: $EMULATOR_LOG)"
        fi
        if ((waited >= 1200)); then
            tail -n 30 "$EMULATOR_LOG" >&2 || true
            die "emulator start: not ready after 120 s, it hung (log: $EMULATOR_LOG)"
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    sleep 0.1  # the ready file may still be being written
    # shellcheck disable=SC2046
    eval "$("$py" - "$EMULATOR_READY_FILE" <<'EOF'
import json, shlex, sys
with open(sys.argv[1]) as f:
    r = json.load(f)
m = {
    "CSOPS_EMULATOR_ENDPOINT": r["endpoint"],
    "CSOPS_EMULATOR_CONTROL": r["control"],
    "CSOPS_EMULATOR_INTEGRATION_ENDPOINT": r.get("integration_endpoint") or "",
    "CSOPS_EMULATOR_API_KEY": r["api_key"],
    "CSOPS_EMULATOR_API_SECRET": r["secret_key"],
    "CSOPS_EMULATOR_USERNAME": r.get("username") or "",
    "CSOPS_EMULATOR_PASSWORD": r.get("password") or "",
}
for k, v in m.items():
    print("export %s=%s" % (k, shlex.quote(str(v))))
EOF
)"
    log "emulator: pid $EMULATOR_PID, api $CSOPS_EMULATOR_ENDPOINT, control $CSOPS_EMULATOR_CONTROL"
}

# write_integration_config PYTHON FILE: ansible-test integration_config.yml (docs/CONTRACTS.md §2)
write_integration_config() {
    local py="$1" out="$2"
    "$py" - "$EMULATOR_READY_FILE" "$out" <<'EOF'
import json, sys
with open(sys.argv[1]) as f:
    r = json.load(f)
cfg = {
    "cs_endpoint": r["endpoint"],
    "cs_api_key": r["api_key"],
    "cs_api_secret": r["secret_key"],
    "cs_username": r.get("username"),
    "cs_password": r.get("password"),
    "cs_control": r["control"],
    "cs_integration_endpoint": r.get("integration_endpoint"),
}
with open(sys.argv[2], "w") as f:
    f.write("---\n# written by tests/scripts/integration.sh for this run's emulator\n")
    for k, v in cfg.items():
        f.write("%s: %s\n" % (k, json.dumps(v)))  # JSON scalars are valid YAML
EOF
}

stop_emulator() {
    if [[ -n "$EMULATOR_PID" ]] && kill -0 "$EMULATOR_PID" 2>/dev/null; then
        kill -TERM "$EMULATOR_PID" 2>/dev/null || true
        local _
        for _ in $(seq 1 50); do
            kill -0 "$EMULATOR_PID" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$EMULATOR_PID" 2>/dev/null; then
            log "emulator: pid $EMULATOR_PID ignored SIGTERM, killing it"
            kill -KILL "$EMULATOR_PID" 2>/dev/null || true
        fi
        wait "$EMULATOR_PID" 2>/dev/null || true
        log "emulator: stopped"
    fi
    EMULATOR_PID=""
    [[ -n "$EMULATOR_READY_FILE" ]] && rm -f "$EMULATOR_READY_FILE"
    return 0
}

# EXIT trap for scripts that start the emulator: stop it, then report like lib.sh does
stop_emulator_and_report() {
    local rc=$?
    stop_emulator
    harness_report "$rc"
}
