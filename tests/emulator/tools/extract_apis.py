#!/usr/bin/env python
"""Extract the emulator's API subset from a CloudStack listApis dump.

Usage: python3 tests/emulator/tools/extract_apis.py ../shared/cloudstack-api/listApis.json

Writes tests/emulator/csemu/data/apis.json with every command of the dump (COMMANDS, when
given, restricts it to a subset; empty means all), keeping
name, isasync, since, params (name/type/required/length/since) and the response field
names (recursively), descriptions trimmed. It also keeps the plain list of every command
name of the dump ("all_names"), so the emulator can tell "a real 4.18 command it does not
implement" from "a command that does not exist".
"""
from __future__ import annotations

import json
import os
import sys

# Every command of the listing is kept (all 705 of 4.18); this list is kept only as the record of
# the first hand-modelled subset and is no longer used to filter.
MODELLED_FIRST = """
listApis listCapabilities login logout queryAsyncJobResult listAsyncJobs
createZone updateZone deleteZone listZones dedicateZone releaseDedicatedZone listDedicatedZones
createPod updatePod deletePod listPods createManagementNetworkIpRange deleteManagementNetworkIpRange
updatePodManagementNetworkIpRange
addCluster updateCluster deleteCluster listClusters
addHost updateHost deleteHost listHosts prepareHostForMaintenance cancelHostMaintenance reconnectHost
createStoragePool updateStoragePool deleteStoragePool listStoragePools enableStorageMaintenance
cancelStorageMaintenance
addImageStore addImageStoreS3 addSwift deleteImageStore listImageStores updateImageStore
addSecondaryStorage createSecondaryStagingStore listSecondaryStagingStores deleteSecondaryStagingStore
createPhysicalNetwork updatePhysicalNetwork deletePhysicalNetwork listPhysicalNetworks
addTrafficType updateTrafficType deleteTrafficType listTrafficTypes
addNetworkServiceProvider updateNetworkServiceProvider deleteNetworkServiceProvider listNetworkServiceProviders
listVirtualRouterElements configureVirtualRouterElement
createVlanIpRange deleteVlanIpRange listVlanIpRanges
createStorageNetworkIpRange deleteStorageNetworkIpRange listStorageNetworkIpRange
listConfigurations updateConfiguration resetConfiguration
listSystemVms startSystemVm stopSystemVm rebootSystemVm destroySystemVm
registerIso updateIso deleteIso listIsos attachIso detachIso updateIsoPermissions listIsoPermissions
listVirtualMachines listOsTypes listOsCategories
createNetwork deleteNetwork listNetworkOfferings listInternalLoadBalancerElements configureInternalLoadBalancerElement
listNetworks createTags deleteTags listTags listDomains listAccounts listProjects listUsers registerUserKeys
""".split()

COMMANDS: list = []
DESC_MAX = 160


def trim(text):
    text = (text or "").strip()
    return text if len(text) <= DESC_MAX else text[: DESC_MAX - 3] + "..."


def response_fields(items):
    out = []
    for item in items or []:
        if not item or "name" not in item:
            continue  # listApis has empty {} entries; skip them
        entry = {"name": item["name"], "type": item.get("type", "")}
        if item.get("response"):
            entry["response"] = response_fields(item["response"])
        out.append(entry)
    return out


def main(argv):
    if len(argv) != 2:
        print(__doc__)
        return 2
    with open(argv[1], encoding="utf-8") as fh:
        data = json.load(fh)
    apis = data.get("api") or data.get("listapisresponse", {}).get("api")
    by_name = {a["name"]: a for a in apis}
    wanted = COMMANDS or sorted(by_name)
    missing = [c for c in wanted if c not in by_name]
    subset = []
    for name in wanted:
        api = by_name.get(name)
        if api is None:
            continue
        params = []
        for p in sorted(api.get("params", []), key=lambda p: p["name"]):
            entry = {"name": p["name"], "type": p.get("type", "string"), "required": bool(p.get("required"))}
            if p.get("length") is not None:
                entry["length"] = p["length"]
            if p.get("since"):
                entry["since"] = p["since"]
            params.append(entry)
        item = {
            "name": name,
            "isasync": bool(api.get("isasync")),
            "description": trim(api.get("description")),
            "params": params,
            "response": response_fields(api.get("response")),
        }
        if api.get("since"):
            item["since"] = api["since"]
        if api.get("related"):
            item["related"] = api["related"]
        subset.append(item)
    here = os.path.dirname(os.path.abspath(__file__))
    out_path = os.path.join(here, "..", "csemu", "data", "apis.json")
    with open(out_path, "w", encoding="utf-8") as fh:
        json.dump({"source": "CloudStack 4.18 listApis (apache/cloudstack-go generate/listApis.json @3995b5ee)",
                   "count": len(subset), "api": subset,
                   "all_names": sorted(by_name)}, fh, indent=1, sort_keys=False)
        fh.write("\n")
    print(f"wrote {len(subset)} commands to {os.path.normpath(out_path)}")
    if missing:
        print("missing from the listing (not included): " + " ".join(missing))
    else:
        print("all requested commands are present")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
