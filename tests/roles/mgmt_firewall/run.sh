#!/usr/bin/env bash
# Test of the csops.cloudstack.mgmt_firewall role against REAL iptables.
#
# Every scenario is an inventory host with its own throwaway network namespace
# (ip netns add); its modules run inside it (the host's Python interpreter is
# nsenter --net=<namespace> python), and so do the shell checks, so the
# machine's own tables are never read or changed; rule files are written below
# a temporary directory, never to /etc. The scenarios run side by side: each
# phase below is ONE ansible-playbook run over the hosts that have a step in it
# (five runs in all instead of one per step), each host with its own variables
# (host_vars), and the checks of a step read that host's recap line and output.
#
# Usage (from the repository root, as root):
#   bash tests/roles/mgmt_firewall/run.sh
# Environment:
#   CSOPS_COLLECTIONS_PATH  directory holding ansible_collections/csops/cloudstack
#                           (default: a temporary symlink tree to this checkout)
#   MGMT_FW_KEEP=1          keep the temporary directory (logs) for inspection
#   MGMT_FW_BACKEND         '', legacy or nft (iptables flavour; default '')
# ansible-playbook is taken from PATH.
set -uo pipefail

SELF=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")
REPO_ROOT=$(cd "$(dirname "$SELF")/../../.." && pwd)

die() { echo "mgmt_firewall: ERROR: $*" >&2; exit 2; }

# ---------------------------------------------------------------- helpers
# Used inside the namespaces. Results are appended to $MGMT_FW_RESULTS so
# that the outer process can count them.
pass() { echo "PASS: $SCENARIO: $*" | tee -a "$MGMT_FW_RESULTS"; }
fail() { echo "FAIL: $SCENARIO: $*" | tee -a "$MGMT_FW_RESULTS"; }
check() { # check "description" command...
    local desc=$1; shift
    if "$@"; then pass "$desc"; else fail "$desc"; fi
}

IPT=iptables
IPT6=ip6tables
IPT_SAVE=iptables-save
IPT_RESTORE=iptables-restore
IPT6_RESTORE=ip6tables-restore
set_binaries() {
    local suffix=""
    [[ -n "${MGMT_FW_BACKEND:-}" ]] && suffix="-$MGMT_FW_BACKEND"
    IPT=iptables$suffix IPT6=ip6tables$suffix
    IPT_SAVE=iptables$suffix-save
    IPT_RESTORE=iptables$suffix-restore IPT6_RESTORE=ip6tables$suffix-restore
}

# Normalised dump of every table (no comments, no counters).
snapshot() { "$IPT_SAVE" | grep -v '^#' | sed -E 's/ \[[0-9]+:[0-9]+\]$//'; }
# INPUT rules only (-A lines), numbered from 1.
input_rules() { "$IPT" -w -S INPUT | grep '^-A INPUT '; }
# 1-based position of the first INPUT rule matching an extended regex (0 = none).
pos_of() { local n; n=$(input_rules | grep -nE -- "$1" | head -n1 | cut -d: -f1); echo "${n:-0}"; }
last_pos() { input_rules | wc -l; }

baseline_v4() {
    "$IPT" -w -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
    "$IPT" -w -A INPUT -j REJECT --reject-with icmp-host-prohibited
}
baseline_v6() {
    "$IPT6" -w -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
    "$IPT6" -w -A INPUT -j REJECT --reject-with icmp6-adm-prohibited
}

# Lines of the phase log $LOG that belong to this scenario's host (results are printed whole,
# one after the other; a result starts with "ok: [host]", "changed: [host]", "fatal: [host]"...).
host_log() {
    awk -v h="$SCENARIO" '
        /^(TASK|PLAY|RUNNING HANDLER|PLAY RECAP)/ { cur = ""; next }
        /^[a-z.]+: / { cur = ""; if (match($0, /^[a-z.]+: \[[^]]+\]/)) { s = substr($0, 1, RLENGTH); sub(/^[^[]*\[/, "", s); sub(/\]$/, "", s); cur = s } }
        cur == h { print }' "$LOG"
}
# keep VALUE NAME / kept NAME: a value that a later step of the scenario compares with
keep() { printf '%s' "$1" >"$SCEN_DIR/kept.$2"; }
kept() { cat "$SCEN_DIR/kept.$1"; }

write_vars() { # write_vars JSON-object-fields (merged into the base variables): this host's host_vars
    cat >"$MGMT_FW_WORK/inventory/host_vars/$SCENARIO.json" <<EOF
{
  "mgmt_firewall_os_family": "Debian",
  "mgmt_firewall_rules_file": "$SCEN_DIR/etc/rules.v4",
  "mgmt_firewall_rules_file_v6": "$SCEN_DIR/etc/rules.v6",
  "mgmt_firewall_manage_service": false,
  "mgmt_firewall_backend": "${MGMT_FW_BACKEND:-}"${1:+,
  $1}
}
EOF
}

# A no-op run only looks at the rule files: their content and mode are right, so copy is skipped.
not_rewritten_check() {
    check "no-op run: the rule file is only looked at, not handed to copy" \
        bash -c "! grep -qE '^(ok|changed): ' <<<\"\$1\"" _ \
        "$(awk '/^TASK \[.*Write the rule file/ { p = 1; next } /^TASK \[/ { p = 0 } p' "$LOG" | LOG=/dev/stdin host_log)"
}

show_log_on_failure() { # the end of this host's output when its run did not succeed
    [[ "$RC" -eq 0 ]] || host_log | tail -n 40 | sed 's/^/    | /'
}

# --------------------------------------------------------------- scenarios
# A scenario is a host; its steps are step_<host>_<n> (checks after the n-th run of the host)
# and, when the run needs a prepared chain or other variables, pre_<host>_<n> (before it).
# Inside them: RC (0, or 2 when a task of the host failed), CHANGED (the host's changed count),
# LOG (the phase log; host_log gives this host's part of it). PHASES below says which step of
# which host runs in which ansible-playbook run.

pre_converge_1() {
    baseline_v4
    keep "$(input_rules | sed -n 1p)" before_ssh
    keep "$(input_rules | tail -n1)" before_reject
    write_vars '"mgmt_firewall_integration_api_sources": ["192.0.2.0/24"],
  "mgmt_firewall_extra_ports": [{"name": "syslog", "port": 6514, "protocol": "udp", "sources": ["198.51.100.7", "203.0.113.0/24"]}]'
}
step_converge_1() {
    local before_ssh before_reject; before_ssh=$(kept before_ssh) before_reject=$(kept before_reject)
    check "converge succeeds" test "$RC" -eq 0
    check "converge reports changes" test "$CHANGED" -gt 0
    "$IPT" -w -S INPUT | sed 's/^/    /'

    check "pre-existing SSH accept stays rule 1" test "$(input_rules | sed -n 1p)" = "$before_ssh"
    check "pre-existing REJECT stays the last rule" test "$(input_rules | tail -n1)" = "$before_reject"
    local reject_pos; reject_pos=$(last_pos)
    local port p
    for port in 80 8080 8250; do
        p=$(pos_of "^-A INPUT -p tcp -m state --state NEW -m tcp --dport $port -m comment --comment \"csops.cloudstack mgmt_firewall [a-z]+ tcp/$port\" -j ACCEPT$")
        check "tcp/$port accepted (NEW, owned comment) between SSH and REJECT" test "$p" -gt 1 -a "$p" -lt "$reject_pos"
    done
    p=$(pos_of '^-A INPUT -s 192\.0\.2\.0/24 -p tcp -m state --state NEW -m tcp --dport 8096 .*--comment "csops\.cloudstack mgmt_firewall integration-api tcp/8096 from 192\.0\.2\.0/24" -j ACCEPT$')
    check "restricted 8096 appears with -s 192.0.2.0/24, above REJECT" test "$p" -gt 1 -a "$p" -lt "$reject_pos"
    check "no 8096 rule open to everyone" test "$(input_rules | grep -- '--dport 8096' | grep -vc -- ' -s ')" -eq 0
    check "per-port sources: udp/6514 from 198.51.100.7/32 and 203.0.113.0/24 only" \
        test "$(input_rules | grep -- '-p udp -m state --state NEW -m udp --dport 6514' | grep -cE -- '-s (198\.51\.100\.7/32|203\.0\.113\.0/24) ')" -eq 2 \
        -a "$(input_rules | grep -c -- '--dport 6514')" -eq 2
    check "no integration API warning when 8096 is restricted" bash -c "! grep -q 'WARNING: the unauthenticated' <<<\"\$1\"" _ "$(host_log)"
    check "INPUT policy unchanged (ACCEPT)" test "$("$IPT" -w -S INPUT | head -n1)" = "-P INPUT ACCEPT"
    check "the role added no DROP/REJECT rule" test "$(input_rules | grep -cE -- '-j (DROP|REJECT)')" -eq 1
}
step_converge_2() {
    check "second run succeeds" test "$RC" -eq 0
    check "second run reports changed=0" test "$CHANGED" -eq 0
    not_rewritten_check

    local file="$SCEN_DIR/etc/rules.v4"
    check "rules persisted to $file" test -s "$file"
    check "persisted file passes iptables-restore --test" "$IPT_RESTORE" --test "$file"
    check "persisted file holds the owned rules" test "$(grep -c 'csops.cloudstack mgmt_firewall' "$file")" -eq "$(input_rules | grep -c 'csops.cloudstack mgmt_firewall')"

    # Simulated reboot: flush everything, load the file, compare.
    local live_before live_after
    live_before=$("$IPT" -w -S)
    "$IPT" -w -F && "$IPT" -w -X && "$IPT" -w -P INPUT ACCEPT
    check "flush really emptied INPUT" test "$(last_pos)" -eq 0
    "$IPT_RESTORE" <"$file"
    live_after=$("$IPT" -w -S)
    check "restoring the file after a flush gives the same rules" test "$live_before" = "$live_after"
}
pre_converge_3() {
    # Change the wanted rules: new 8096 source, HTTPS on, remove what is no longer wanted.
    write_vars '"mgmt_firewall_integration_api_sources": ["198.51.100.0/24"],
  "mgmt_firewall_https_enabled": true,
  "mgmt_firewall_remove_unwanted": true'
}
step_converge_3() {
    local before_ssh before_reject; before_ssh=$(kept before_ssh) before_reject=$(kept before_reject)
    local file="$SCEN_DIR/etc/rules.v4" reject_pos p
    check "changed configuration converges" test "$RC" -eq 0 -a "$CHANGED" -gt 0
    "$IPT" -w -S INPUT | sed 's/^/    /'
    reject_pos=$(last_pos)
    check "owned rule for the old 8096 source removed" test "$(input_rules | grep -c '192.0.2.0/24')" -eq 0
    check "owned udp/6514 rules no longer wanted removed" test "$(input_rules | grep -c -- '--dport 6514')" -eq 0
    p=$(pos_of '^-A INPUT -s 198\.51\.100\.0/24 -p tcp .*--dport 8096 ')
    check "new 8096 source rule above REJECT" test "$p" -gt 1 -a "$p" -lt "$reject_pos"
    p=$(pos_of '--dport 8443 .*mgmt_firewall https tcp/8443')
    check "tcp/8443 opened above REJECT" test "$p" -gt 1 -a "$p" -lt "$reject_pos"
    check "foreign SSH and REJECT rules kept in place" test "$(input_rules | sed -n 1p)" = "$before_ssh" -a "$(input_rules | tail -n1)" = "$before_reject"
    check "backup of the previous rule file kept" bash -c "ls '$SCEN_DIR'/etc/rules.v4.*~ >/dev/null 2>&1"
    check "updated file passes iptables-restore --test" "$IPT_RESTORE" --test "$file"
    check "updated file matches the live rules" test "$(grep -c 'csops.cloudstack mgmt_firewall' "$file")" -eq "$(input_rules | grep -c 'csops.cloudstack mgmt_firewall')"
}
step_converge_4() {
    check "rerun after the change reports changed=0" test "$RC" -eq 0 -a "$CHANGED" -eq 0
    not_rewritten_check
}

# Check mode (--check --diff): on the misplaced host (its first step), whose run also has rules to insert.

# Bad input: one host per case (bad_port, bad_cidr, bad_protocol), all in the first run.
bad_input_pre() { # bad_input_pre JSON-FIELDS
    baseline_v4
    keep "$(snapshot)" before
    write_vars "$1"
}
bad_input_checks() { # bad_input_checks EXPECTED-REGEX
    local name=$SCENARIO
    check "$name: the run fails" test "$RC" -ne 0
    check "$name: the error names the problem" grep -qE -- "$1" <<<"$(host_log)"
    check "$name: no task changed anything" bash -c "! grep -q '^changed:' <<<\"\$1\"" _ "$(host_log)"
    check "$name: iptables unchanged" test "$(snapshot)" = "$(kept before)"
    check "$name: no rule file written" test ! -e "$SCEN_DIR/etc/rules.v4"
}
pre_bad_port_1() { bad_input_pre '"mgmt_firewall_extra_ports": [{"port": 70000}]'; }
step_bad_port_1() { bad_input_checks '1 to 65535'; }
pre_bad_cidr_1() { bad_input_pre '"mgmt_firewall_integration_api_sources": ["10.0.0.0/33"]'; }
step_bad_cidr_1() { bad_input_checks '10\.0\.0\.0/33'; }
pre_bad_protocol_1() { bad_input_pre '"mgmt_firewall_extra_ports": [{"port": 9000, "protocol": "xyz"}]'; }
step_bad_protocol_1() { bad_input_checks 'xyz'; }

pre_drop_ipv6_1() {
    baseline_v4
    baseline_v6
    write_vars '"mgmt_firewall_ipv6_enabled": true, "mgmt_firewall_input_policy": "DROP",
  "mgmt_firewall_integration_api_sources": ["192.0.2.0/24", "2001:db8::/32"]'
}
step_drop_ipv6_1() {
    check "run succeeds" test "$RC" -eq 0
    check "IPv4 INPUT policy is DROP" test "$("$IPT" -w -S INPUT | head -n1)" = "-P INPUT DROP"
    check "IPv6 INPUT policy is DROP" test "$("$IPT6" -w -S INPUT | head -n1)" = "-P INPUT DROP"
    check "owned SSH accept present (IPv4)" test "$(input_rules | grep -c -- '--dport 22 .*mgmt_firewall ssh tcp/22')" -eq 1
    check "owned SSH accept present (IPv6)" test "$("$IPT6" -w -S INPUT | grep -c -- '--dport 22 .*mgmt_firewall ssh tcp/22')" -eq 1
    check "IPv6 8096 rule only for 2001:db8::/32" test "$("$IPT6" -w -S INPUT | grep -- '--dport 8096' | grep -c -- '-s 2001:db8::/32')" -eq 1 -a "$("$IPT6" -w -S INPUT | grep -c -- '--dport 8096')" -eq 1
    check "IPv4 8096 rule only for 192.0.2.0/24" test "$(input_rules | grep -- '--dport 8096' | grep -c -- '-s 192.0.2.0/24')" -eq 1 -a "$(input_rules | grep -c -- '--dport 8096')" -eq 1
    check "rules.v6 passes ip6tables-restore --test" "$IPT6_RESTORE" --test "$SCEN_DIR/etc/rules.v6"
}
step_drop_ipv6_2() {
    check "rerun with DROP and IPv6 reports changed=0" test "$RC" -eq 0 -a "$CHANGED" -eq 0
    not_rewritten_check
}

# Positions of the owned rules in INPUT (first / last, 0 = none).
first_owned() { local n; n=$(input_rules | grep -n 'csops.cloudstack mgmt_firewall' | head -n1 | cut -d: -f1); echo "${n:-0}"; }
last_owned() { local n; n=$(input_rules | grep -n 'csops.cloudstack mgmt_firewall' | tail -n1 | cut -d: -f1); echo "${n:-0}"; }
owned_count() { input_rules | grep -c 'csops.cloudstack mgmt_firewall'; }

# blocklist_checks BLOCK-REGEX CATCHALL-REGEX(or '') : the owned rules sit below the operator's
# block and (when there is one) directly above the catch-all rule (the rerun is the next step).
blocklist_checks() {
    local block=$1 catchall=$2 bpos cpos
    "$IPT" -w -S INPUT | sed 's/^/    /'
    bpos=$(pos_of "$block")
    check "the operator's block is still there" test "$bpos" -gt 0
    check "${OWNED:-4} owned rules (80, 8080, 8096, 8250${OWNED:+ and the moved one})" test "$(owned_count)" -eq "${OWNED:-4}"
    check "every owned rule is below the operator's block (rule $bpos)" test "$(first_owned)" -gt "$bpos"
    if [[ -n "$catchall" ]]; then
        cpos=$(pos_of "$catchall")
        check "the owned rules sit directly above the catch-all rule" test "$(last_owned)" -eq $((cpos - 1))
        check "the catch-all rule is still the last one" test "$cpos" -eq "$(last_pos)"
    else
        check "without a catch-all rule the owned rules are appended" test "$(last_owned)" -eq "$(last_pos)"
    fi
}
rerun_checks() {
    check "rerun reports changed=0" test "$RC" -eq 0 -a "$CHANGED" -eq 0
    not_rewritten_check
}

# An operator's source block (SSH accept, DROP from 203.0.113.0/24, REJECT): the misplaced host has that layout;
# its step 2 makes the role place the owned rules below the block and directly above REJECT (the same
# blocklist_checks) and its step 3 reruns without a change, so no host of its own (was blocklist_source).

pre_blocklist_interface_1() {
    "$IPT" -w -A INPUT -i lo -j ACCEPT
    "$IPT" -w -A INPUT -i eth9 -j DROP
    "$IPT" -w -A INPUT -m comment --comment "final drop" -j DROP
    write_vars
}
step_blocklist_interface_1() {
    check "run succeeds" test "$RC" -eq 0 -a "$CHANGED" -gt 0
    blocklist_checks '^-A INPUT -i eth9 -j DROP$' '^-A INPUT -m comment --comment "final drop" -j DROP$'
}
step_blocklist_interface_2() { rerun_checks; }

pre_blocklist_port_1() {
    "$IPT" -w -A INPUT -p tcp -m tcp --dport 8096 -j REJECT --reject-with tcp-reset
    "$IPT" -w -A INPUT -j DROP
    write_vars
}
step_blocklist_port_1() {
    check "run succeeds" test "$RC" -eq 0 -a "$CHANGED" -gt 0
    blocklist_checks '^-A INPUT -p tcp -m tcp --dport 8096 -j REJECT' '^-A INPUT -j DROP$'
}
step_blocklist_port_2() { rerun_checks; }

pre_blocklist_drop_policy_1() {
    "$IPT" -w -P INPUT DROP
    "$IPT" -w -A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT
    "$IPT" -w -A INPUT -s 203.0.113.0/24 -j DROP
    "$IPT" -w -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
    write_vars
}
# Also the integration API open to everyone (the defaults): a visible WARNING, 8096 without -s.
step_blocklist_drop_policy_1() {
    check "run succeeds" test "$RC" -eq 0 -a "$CHANGED" -gt 0
    check "the INPUT policy stays DROP" test "$("$IPT" -w -S INPUT | head -n1)" = "-P INPUT DROP"
    blocklist_checks '^-A INPUT -s 203\.0\.113\.0/24 -j DROP$' ''
    check "open-to-everyone 8096 gives a visible WARNING" \
        grep -q 'WARNING: the unauthenticated CloudStack integration API (tcp/8096) is open to EVERYONE' <<<"$(host_log)"
    check "8096 rule without -s" test "$(input_rules | grep -- '--dport 8096' | grep -vc -- ' -s ')" -eq 1
    check "without REJECT/DROP catch-all the rules are appended after the operator's SSH accept" \
        test "$(first_owned)" -gt "$(pos_of '^-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT$')"
}
step_blocklist_drop_policy_2() { rerun_checks; }

# Rules placed by an older version of the role above an operator's source block (which opened
# the ports to the blocked network) are moved below it; check mode only reports the move.
pre_misplaced_1() {
    "$IPT" -w -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
    local port name
    for port in 80 8080 8096 8250; do
        case $port in 80) name=http ;; 8080) name=ui ;; 8096) name=integration-api ;; 8250) name=agent ;; esac
        "$IPT" -w -A INPUT -p tcp -m state --state NEW -m tcp --dport $port \
            -m comment --comment "csops.cloudstack mgmt_firewall $name tcp/$port" -j ACCEPT
    done
    "$IPT" -w -A INPUT -s 203.0.113.0/24 -j DROP
    "$IPT" -w -A INPUT -j REJECT --reject-with icmp-host-prohibited
    # an owned rule below the catch-all is never reached
    "$IPT" -w -A INPUT -p tcp -m state --state NEW -m tcp --dport 6514 \
        -m comment --comment "csops.cloudstack mgmt_firewall old tcp/6514" -j ACCEPT
    keep "$(snapshot)" before
    write_vars
}
step_misplaced_1() { # run with --check --diff
    check "check mode succeeds and reports the move" test "$RC" -eq 0 -a "$CHANGED" -gt 0
    check "check mode says why" grep -q 'would remove (misplaced above the REJECT/DROP rule' <<<"$(host_log)"
    check "check mode reports what it would insert" test "$(host_log | grep -c 'would insert')" -gt 0
    check "check mode changed nothing" test "$(snapshot)" = "$(kept before)"
    check "check mode wrote no rule file" test ! -e "$SCEN_DIR/etc/rules.v4"
}
step_misplaced_2() {
    check "run succeeds" test "$RC" -eq 0 -a "$CHANGED" -gt 0
    check "the unreached owned rule is moved above the catch-all, not deleted" \
        test "$(pos_of 'mgmt_firewall old tcp/6514')" -gt 0 -a "$(pos_of 'mgmt_firewall old tcp/6514')" -lt "$(last_pos)"
    OWNED=5 blocklist_checks '^-A INPUT -s 203\.0\.113\.0/24 -j DROP$' '^-A INPUT -j REJECT '
}
step_misplaced_3() { rerun_checks; }

# firewalld: a stand-in firewall-cmd (first on PATH of the host's modules) that says firewalld is
# running and records what is queried and added. Two hosts: the default action, and 'open'.
firewalld_stub() {
    mkdir -p "$SCEN_DIR/bin"
    : >"$SCEN_DIR/fw_state"
    cat >"$SCEN_DIR/bin/firewall-cmd" <<STUB
#!/bin/bash
# --add-port and --add-rich-rule may be given several times in one call, as with firewall-cmd
where=runtime; ops=()
for a in "\$@"; do
    case "\$a" in
        --permanent) where=permanent ;;
        --zone=*) ;;
        *) ops+=("\$a") ;;
    esac
done
echo "\$*" >>"$SCEN_DIR/fw_calls"
case "\${ops[0]}" in
    --state) echo running; exit 0 ;;
    --list-ports) sed -n "s|^\$where port=||p" "$SCEN_DIR/fw_state" | tr '\n' ' '; echo; exit 0 ;;
    --list-rich-rules) sed -n "s|^\$where rich-rule=||p" "$SCEN_DIR/fw_state"; exit 0 ;;
    --query-*) grep -qxF "\$where \${ops[0]#--query-}" "$SCEN_DIR/fw_state" && { echo yes; exit 0; }; echo no; exit 1 ;;
    --add-*)
        for op in "\${ops[@]}"; do
            [[ "\$op" == --add-* ]] || exit 2
            echo "\$where \${op#--add-}" >>"$SCEN_DIR/fw_state"
        done
        echo success; exit 0 ;;
esac
exit 2
STUB
    chmod +x "$SCEN_DIR/bin/firewall-cmd"
    baseline_v4
    keep "$(snapshot)" before
}
pre_firewalld_fail_1() {
    firewalld_stub
    write_vars
}
step_firewalld_fail_1() {
    check "firewalld running + default action: the run fails" test "$RC" -ne 0
    check "firewalld running: the failure says so" grep -q "firewalld is running on $SCENARIO" <<<"$(host_log)"
    check "firewalld fail: iptables unchanged and no rule file" test "$(snapshot)" = "$(kept before)" -a ! -e "$SCEN_DIR/etc/rules.v4"
}
pre_firewalld_open_1() {
    firewalld_stub
    write_vars '"mgmt_firewall_firewalld_action": "open", "mgmt_firewall_integration_api_sources": ["192.0.2.0/24"]'
}
step_firewalld_open_1() {
    check "firewalld open: run succeeds with changes" test "$RC" -eq 0 -a "$CHANGED" -gt 0
    check "firewalld open: ports 80, 8080, 8250 added runtime and permanent" \
        test "$(grep -cE '^(runtime|permanent) port=(80|8080|8250)/tcp$' "$SCEN_DIR/fw_state")" -eq 6
    check "firewalld open: 8096 only through a rich rule for 192.0.2.0/24" \
        test "$(grep -c 'rich-rule=rule family="ipv4" source address="192.0.2.0/24" port port="8096" protocol="tcp" accept' "$SCEN_DIR/fw_state")" -eq 2 \
        -a "$(grep -c 'port=8096/tcp' "$SCEN_DIR/fw_state")" -eq 0
    check "firewalld open: iptables untouched, no rule file" test "$(snapshot)" = "$(kept before)" -a ! -e "$SCEN_DIR/etc/rules.v4"
    check "firewalld open: one firewall-cmd call adds all the settings of each configuration" \
        test "$(grep -c -- '--add-' "$SCEN_DIR/fw_calls")" -eq 2
}
pre_firewalld_open_2() {
    keep "$(cat "$SCEN_DIR/fw_state")" state_before
    write_vars '"mgmt_firewall_firewalld_action": "open", "mgmt_firewall_integration_api_sources": ["192.0.2.0/24"], "mgmt_firewall_https_enabled": true'
}
step_firewalld_open_2() { # run with --check
    check "firewalld open, check mode: reports a change, adds nothing" \
        test "$RC" -eq 0 -a "$CHANGED" -gt 0 -a "$(cat "$SCEN_DIR/fw_state")" = "$(kept state_before)"
}
pre_firewalld_open_3() {
    keep "$(wc -l <"$SCEN_DIR/fw_calls")" calls_before
    write_vars '"mgmt_firewall_firewalld_action": "open", "mgmt_firewall_integration_api_sources": ["192.0.2.0/24"]'
}
step_firewalld_open_3() {
    check "firewalld open: rerun reports changed=0" test "$RC" -eq 0 -a "$CHANGED" -eq 0
    check "firewalld open: the rerun only lists (state, ports and rich rules, runtime and permanent)" \
        test "$(tail -n +"$(($(kept calls_before) + 1))" "$SCEN_DIR/fw_calls" | grep -vcE -- '--(state|list-ports|list-rich-rules)$')" -eq 0
}

# The ansible-playbook runs: "[--check] host:step ..." (a host's steps in order, one run each).
PHASES=(
    "converge:1 bad_port:1 bad_cidr:1 bad_protocol:1 drop_ipv6:1 firewalld_fail:1
     firewalld_open:1 blocklist_interface:1 blocklist_port:1 blocklist_drop_policy:1"
    "--check misplaced:1 firewalld_open:2"
    "converge:2 drop_ipv6:2 firewalld_open:3 blocklist_interface:2 blocklist_port:2
     blocklist_drop_policy:2 misplaced:2"
    "converge:3 misplaced:3"
    "converge:4"
)

# ------------------------------------------------------- inside a namespace
# bash run.sh --step HOST FUNCTION: one pre_/step_ function, run by the outer process through nsenter
if [[ "${1:-}" == "--step" ]]; then
    SCENARIO=$2
    set_binaries
    [[ "$(readlink /proc/self/ns/net)" != "$MGMT_FW_OUTER_NETNS" ]] \
        || die "not inside a new network namespace; refusing to touch iptables"
    SCEN_DIR="$MGMT_FW_WORK/$SCENARIO"
    RC=${RC:--1} CHANGED=${CHANGED:--1} LOG=${LOG:-/dev/null}
    [[ "$3" != step_* || "$SCENARIO" == bad_* || "$SCENARIO" == firewalld_fail ]] || show_log_on_failure
    "$3"
    exit 0
fi

# ------------------------------------------------------------------ outside
[[ $(id -u) -eq 0 ]] || die "run as root (network namespaces and iptables)"
command -v ip >/dev/null || die "ip (iproute2) is missing"
command -v nsenter >/dev/null || die "nsenter (util-linux) is missing"
command -v ansible-playbook >/dev/null || die "ansible-playbook is not on PATH"
set_binaries
if ! command -v "$IPT" >/dev/null || ! command -v "$IPT_RESTORE" >/dev/null; then
    echo "mgmt_firewall: installing iptables"
    command -v apt-get >/dev/null || die "iptables missing and apt-get unavailable"
    (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q iptables) >/dev/null \
        || die "could not install iptables"
fi

MGMT_FW_WORK=$(mktemp -d /tmp/mgmt_firewall_test.XXXXXX)
NS_PREFIX="csops-fw-$$-"
cleanup() {
    local ns
    for ns in $(ip netns list | awk '{print $1}' | grep -F -- "$NS_PREFIX"); do ip netns delete "$ns"; done
    [[ "${MGMT_FW_KEEP:-0}" == 1 ]] || rm -rf "$MGMT_FW_WORK"
}
trap cleanup EXIT
[[ "${MGMT_FW_KEEP:-0}" != 1 ]] || echo "mgmt_firewall: keeping $MGMT_FW_WORK"
MGMT_FW_RESULTS="$MGMT_FW_WORK/results"
: >"$MGMT_FW_RESULTS"

if [[ -n "${CSOPS_COLLECTIONS_PATH:-}" ]]; then
    COLLECTIONS="$CSOPS_COLLECTIONS_PATH"
else
    COLLECTIONS="$MGMT_FW_WORK/collections"
    mkdir -p "$COLLECTIONS/ansible_collections/csops"
    ln -s "$REPO_ROOT" "$COLLECTIONS/ansible_collections/csops/cloudstack"
fi
[[ -d "$COLLECTIONS/ansible_collections/csops/cloudstack/roles/mgmt_firewall" ]] \
    || die "no csops.cloudstack with the mgmt_firewall role under $COLLECTIONS"

PY=$(head -n1 "$(command -v ansible-playbook)" | sed -n 's/^#! *//p' | awk '{print $1}')
[[ -x "$PY" ]] || PY=$(command -v python3)

export MGMT_FW_WORK MGMT_FW_RESULTS
export MGMT_FW_OUTER_NETNS; MGMT_FW_OUTER_NETNS=$(readlink /proc/self/ns/net)
export ANSIBLE_COLLECTIONS_PATH="$COLLECTIONS" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 ANSIBLE_RETRY_FILES_ENABLED=0
export ANSIBLE_HOME="$MGMT_FW_WORK/ansible-home" ANSIBLE_LOCAL_TEMP="$MGMT_FW_WORK/ansible-tmp"
export ANSIBLE_STDOUT_CALLBACK=default ANSIBLE_FORKS=8

SCENARIO=outer
host_before=$( (iptables-save 2>/dev/null || true) | grep -v '^#' | sed -E 's/ \[[0-9]+:[0-9]+\]$//')

# One namespace per host; the host's Python runs inside it (with the firewall-cmd stand-in first
# on PATH when the scenario has one).
mkdir -p "$MGMT_FW_WORK/inventory/host_vars"
hosts=$(printf '%s\n' "${PHASES[@]}" | tr ' ' '\n' | grep : | cut -d: -f1 | awk '!seen[$0]++')
for h in $hosts; do
    ip netns add "$NS_PREFIX$h" || die "cannot create the network namespace $NS_PREFIX$h"
    mkdir -p "$MGMT_FW_WORK/$h/etc" "$MGMT_FW_WORK/$h/bin"
    cat >"$MGMT_FW_WORK/$h/python" <<EOF
#!/bin/bash
PATH="$MGMT_FW_WORK/$h/bin:\$PATH" exec nsenter --net=/run/netns/$NS_PREFIX$h -- "$PY" "\$@"
    cat >"$MGMT_FW_WORK/$h/python" <<EOF
#!/bin/bash
PATH="$MGMT_FW_WORK/$h/bin:\$PATH" exec nsenter --net=/run/netns/$NS_PREFIX$h -- "$PY" "\$@"
EOF
    chmod +x "$MGMT_FW_WORK/$h/python"
    echo "$h ansible_connection=local ansible_python_interpreter=$MGMT_FW_WORK/$h/python"
done >"$MGMT_FW_WORK/inventory/hosts"

# in_ns HOST FUNCTION: run a scenario function inside the host's namespace
in_ns() {
    nsenter --net="/run/netns/$NS_PREFIX$1" -- bash "$SELF" --step "$1" "$2"
}


n=0
for phase in "${PHASES[@]}"; do
    n=$((n + 1))
    opts=() steps=()
    for word in $phase; do
        if [[ "$word" == --check ]]; then opts=(--check --diff); else steps+=("$word"); fi
    done
    names=()
    for hs in "${steps[@]}"; do
        h=${hs%%:*}
        names+=("$h")
        if declare -F "pre_${h}_${hs#*:}" >/dev/null; then
            in_ns "$h" "pre_${h}_${hs#*:}" || SCENARIO=$h fail "step ${hs#*:}: preparation aborted"
        fi
    done
    LOG="$MGMT_FW_WORK/run$n.log"
    start=$SECONDS
    hostlist=$(IFS=:; echo "${names[*]}")
    ansible-playbook -i "$MGMT_FW_WORK/inventory" "$REPO_ROOT/playbooks/mgmt_firewall.yml" \
        -e "mgmt_firewall_hosts=$hostlist" -e ansible_become=false "${opts[@]}" >"$LOG" 2>&1
    rc=$?
    echo "== run $n ${opts[*]} ($((SECONDS - start))s, rc=$rc): ${steps[*]}"
    if ((n == 1)); then
        # (was a separate ansible-playbook --syntax-check: the first run parses the same playbook, all of it)
        check "playbooks/mgmt_firewall.yml parses and runs (the first run ends with its PLAY RECAP)" \
            grep -q '^PLAY RECAP' "$LOG"
        grep -q '^PLAY RECAP' "$LOG" || head -n 20 "$LOG" | sed 's/^/    | /'
    fi
    for hs in "${steps[@]}"; do
        h=${hs%%:*}
        recap=$(grep -E "^$h +:" "$LOG" | tail -n1)
        CHANGED=$(sed -nE 's/.* changed=([0-9]+).*/\1/p' <<<"$recap")
        failed=$(sed -nE 's/.* failed=([0-9]+).*/\1/p' <<<"$recap")
        unreachable=$(sed -nE 's/.* unreachable=([0-9]+).*/\1/p' <<<"$recap")
        if [[ -z "$recap" ]]; then RC=-1 CHANGED=-1
        elif ((failed + unreachable > 0)); then RC=2
        else RC=0
        fi
        echo "  [$h step ${hs#*:}] rc=$RC changed=$CHANGED (log: $LOG)"
        export RC CHANGED LOG
        in_ns "$h" "step_${h}_${hs#*:}" || SCENARIO=$h fail "step ${hs#*:}: checks aborted"
    done
done

SCENARIO=outer
host_after=$( (iptables-save 2>/dev/null || true) | grep -v '^#' | sed -E 's/ \[[0-9]+:[0-9]+\]$//')
check "the machine's own iptables were not touched" test "$host_before" = "$host_after"

passed=$(grep -c '^PASS:' "$MGMT_FW_RESULTS")
failed=$(grep -c '^FAIL:' "$MGMT_FW_RESULTS")
if [[ "$failed" -gt 0 ]]; then
    echo "Failed checks:"; grep '^FAIL:' "$MGMT_FW_RESULTS"
fi
echo "mgmt_firewall: $passed passed, $failed failed"
[[ "$failed" -eq 0 && "$passed" -gt 0 ]]
