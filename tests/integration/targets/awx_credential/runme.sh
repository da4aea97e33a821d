#!/usr/bin/env bash
# The AWX credential type's injected environment alone (no connection options anywhere) drives a
# module and the inventory plugin against the emulator.
set -eu -o pipefail
CONFIG="$(cd ../.. && pwd)/integration_config.yml"
OUT="${OUTPUT_DIR:-$(mktemp -d)}"
PYTHON="$(command -v python || command -v python3)"
COLL="$("$PYTHON" -c 'import os; print(os.environ["ANSIBLE_COLLECTIONS_PATH"].split(":")[0].rstrip("/"))')"
COLL="${COLL%/ansible_collections}/ansible_collections/csops/cloudstack"
CONTROL="$("$PYTHON" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["cs_control"])' "$CONFIG")"
curl -sf -X POST "$CONTROL/reset" -d '{}' >/dev/null

# As AWX does: render the injectors with the credential's inputs and export them.
eval "$("$PYTHON" render_injectors.py "$CONFIG" "$COLL/awx/credential_type.yml")"
export ANSIBLE_PYTHON_INTERPRETER="$PYTHON"

out="$(ansible localhost -m csops.cloudstack.zone -a 'name=awx-zone network_type=Advanced dns1=8.8.8.8')"
echo "$out" | grep -q '"name": "awx-zone"' || { echo "FAILED: the zone module did not create awx-zone: $out"; exit 1; }
echo "$out" | grep -q 'CHANGED' || { echo "FAILED: the zone module reported no change"; exit 1; }
# the zone as the emulator holds it (one ad-hoc run is enough to prove the injected environment drives a module)
zone_id="$(curl -sf "$CONTROL/state/zones" | "$PYTHON" -c '
import json, sys
zones = [z for z in json.load(sys.stdin) if z["name"] == "awx-zone" and z["networktype"] == "Advanced"]
print(zones[0]["id"] if len(zones) == 1 else "")')"
[[ -n "$zone_id" ]] || { echo "FAILED: the emulator holds no Advanced zone awx-zone"; exit 1; }
curl -sf -X POST "$CONTROL/seed" -H 'Content-Type: application/json' \
    -d "{\"virtualmachines\": [{\"name\": \"awx-vm-1\", \"zoneid\": \"$zone_id\", \"state\": \"Running\"}]}" >/dev/null
printf 'plugin: csops.cloudstack.instance\n' >"$OUT/awx.cloudstack.yml"
inventory="$(ansible-inventory -i "$OUT/awx.cloudstack.yml" --list)"
echo "$inventory" | grep -q 'awx-vm-1' || { echo "FAILED: the inventory plugin did not list awx-vm-1: $inventory"; exit 1; }

log="$(curl -sf "$CONTROL/log")"
"$PYTHON" - "$log" <<'PY'
import json, sys
requests = json.loads(sys.argv[1])["requests"]
api = [r for r in requests if r["command"] in ("createZone", "listZones", "listVirtualMachines")]
assert api and all(r["auth"] == "apikey" and r["status"] == 200 for r in api), api
print("awx_credential: %d API calls, all signed with the injected key" % len(api))
PY
echo "awx_credential: module and inventory plugin worked from the injected environment alone"
