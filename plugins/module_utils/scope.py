# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Scopes of global settings: which option names the scope object and which API parameter carries its id.

listConfigurations and updateConfiguration call the image store id `imagestoreuuid`, resetConfiguration
calls it `imagestoreid` (CloudStack 4.18 listApis).
"""

from __future__ import annotations

from .api import CloudStackError, looks_like_uuid

SCOPE_OPTIONS = ("zone", "cluster", "storage_pool", "account", "domain", "image_store")


def scope_argument_spec():
    return dict(
        zone=dict(type="str"),
        cluster=dict(type="str"),
        storage_pool=dict(type="str"),
        account=dict(type="str"),
        domain=dict(type="str"),
        image_store=dict(type="str"),
    )


def scope_params(module, reset=False):
    """The scope id parameter for the options set (empty for global); resolves names to ids."""
    p = module.params
    chosen = [o for o in SCOPE_OPTIONS if p.get(o) and not (o == "domain" and p.get("account"))]
    if len(chosen) > 1:
        raise CloudStackError("Give one scope only (zone, cluster, storage_pool, account with domain, domain or "
                              "image_store), got %s." % ", ".join(chosen))
    if not chosen:
        return {}
    option = chosen[0]
    value = p[option]
    if option == "zone":
        return {"zoneid": module.get_zone(value)["id"]}
    if option == "cluster":
        if looks_like_uuid(value):
            return {"clusterid": value}
        return {"clusterid": _one(module, "listClusters", "cluster", value)["id"]}
    if option == "storage_pool":
        if looks_like_uuid(value):
            return {"storageid": value}
        return {"storageid": _one(module, "listStoragePools", "storagepool", value)["id"]}
    if option == "image_store":
        key = "imagestoreid" if reset else "imagestoreuuid"
        if looks_like_uuid(value):
            return {key: value}
        return {key: _one(module, "listImageStores", "imagestore", value)["id"]}
    if option == "domain":
        return {"domainid": module.get_domain_id(value)}
    # account: in the domain given (ROOT when not set)
    if looks_like_uuid(value):
        return {"accountid": value}
    domain = module.get_domain_id(p.get("domain") or "ROOT")
    found = [a for a in module.list("listAccounts", "account", name=value, domainid=domain, listall=True)
             if a.get("name") == value]
    if not found:
        raise CloudStackError("account %r not found in domain %s." % (value, p.get("domain") or "ROOT"))
    return {"accountid": found[0]["id"]}


def _one(module, command, key, name):
    found = [item for item in module.list(command, key, name=name) if item.get("name") == name]
    if not found:
        raise CloudStackError("%s %r not found." % (key, name))
    if len(found) > 1:
        raise CloudStackError("%s name %r is ambiguous (%d matches): use its id." % (key, name, len(found)))
    return found[0]
