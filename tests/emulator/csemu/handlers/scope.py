"""Owners and account scoping of the guest side (networks, VMs, volumes, SSH keys, routers).

Sources (apache/cloudstack 4.18.0.0, commit 0574087284): AccountManagerImpl.finalizeOwner /
buildACLSearchParameters / buildACLViewSearchCriteria / isAdmin / isRootAdmin, DomainVO.toString,
Account.Type. Rules and sources: docs/emulator-guest.md.

Accounts and domains are read from the store (the "identity" handlers own them): an account has
`name`, `domainid`, `accounttype` (Account.Type: 0 user, 1 root admin, 2 domain admin, 3 resource
domain admin, 4 read-only admin, 5 project) and optionally `state`/`removed`; a domain has `path`
("ROOT", "ROOT/child", as listDomains shows it) and `parentdomainid`.
"""
from __future__ import annotations

from ..errors import ApiError, invalid_value

NORMAL, ADMIN, DOMAIN_ADMIN, RESOURCE_DOMAIN_ADMIN, READ_ONLY_ADMIN, PROJECT = 0, 1, 2, 3, 4, 5


def ieq(a, b):
    """MySQL equality under the default case-insensitive collation."""
    return a is not None and b is not None and str(a).lower() == str(b).lower()


def permission_denied(text):
    """PermissionDeniedException -> ApiServer.handleRequest -> 531 ACCOUNT_ERROR, cserrorcode 4365."""
    return ApiError(531, text, 4365)


# -- accounts and domains --------------------------------------------------------------------
def account_type(acct):
    if acct is None:
        return NORMAL
    t = acct.get("accounttype")
    try:
        return int(t)
    except (TypeError, ValueError):
        return {"Admin": ADMIN, "DomainAdmin": DOMAIN_ADMIN, "User": NORMAL}.get(acct.get("roletype"), NORMAL)


def is_admin(acct):
    """AccountManagerImpl.isAdmin: root admin, domain admin, resource domain admin."""
    return account_type(acct) in (ADMIN, DOMAIN_ADMIN, RESOURCE_DOMAIN_ADMIN)


def is_root_admin(acct):
    return account_type(acct) == ADMIN


def system_account(store):
    return store.first("accounts", name="system", _id=1) or store.first("accounts", name="system")


def caller_account(ctx):
    caller = ctx.caller or {}
    acct = ctx.store.get("accounts", caller.get("accountid")) if caller.get("accountid") else None
    if acct is None:
        acct = next((a for a in ctx.store.all("accounts") if a.get("name") == caller.get("account")
                     and a.get("domainid") == caller.get("domainid")), None)
    return acct or system_account(ctx.store)


def active_accounts(store):
    return [a for a in store.all("accounts") if not a.get("removed") and a.get("state") not in ("removed", "Removed")]


def find_active_account(store, name, domainid):
    """AccountDao.findActiveAccount: name EQ (case-insensitive collation) in the domain, not removed."""
    return next((a for a in active_accounts(store) if ieq(a.get("name"), name) and a.get("domainid") == domainid), None)


def domain_internal_path(dom):
    """DomainVO.path as stored ("/" for ROOT, "/a/b/" below it) from the listed path "ROOT/a/b"."""
    if dom is None:
        return None
    if dom.get("_path"):
        return dom["_path"]
    path = str(dom.get("path") or "ROOT")
    parts = [p for p in path.split("/") if p][1:]
    return "/" + "".join(p + "/" for p in parts)


def domain_str(dom):
    """DomainVO.toString in 4.18: "Domain:" + id + path."""
    return f"Domain:{dom.get('_id')}{domain_internal_path(dom)}" if dom else "null"


def account_str(acct):
    """AccountVO.toString (ReflectionToStringBuilderUtils of uuid, accountName, id)."""
    return (f'Account [{{"accountName":"{acct.get("name")}","id":{acct.get("_id")},"uuid":"{acct.get("id")}"}}]'
            if acct else "null")


def domain_ancestors(store, domainid):
    """The domain and its parents (DomainDao.getDomainParentIds)."""
    out, seen = [], set()
    cur = store.get("domains", domainid)
    while cur is not None and cur["id"] not in seen:
        seen.add(cur["id"])
        out.append(cur["id"])
        cur = store.get("domains", cur.get("parentdomainid")) if cur.get("parentdomainid") else None
    return out


def in_subtree(store, domainid, root_id):
    """path LIKE '<root path>%': the domain is root_id or below it."""
    return root_id in domain_ancestors(store, domainid)


def owner_fields(store, acct):
    """populateOwner: account name, domain id/name (a project account shows project fields instead)."""
    dom = store.get("domains", acct.get("domainid")) if acct else None
    return {"account": acct.get("name") if acct else None, "_accountid": acct.get("id") if acct else None,
            "domainid": dom["id"] if dom else (acct or {}).get("domainid"),
            "domain": dom["name"] if dom else None}


def default_owner(store, obj, own):
    """Owner fields of a seeded object: the caller's unless `account` (and `domainid`) were seeded."""
    if obj.get("account") is None:
        for k in ("account", "domainid", "domain", "_accountid"):
            obj.setdefault(k, own[k])
        return
    obj.setdefault("domainid", own["domainid"])
    acct = next((a for a in store.all("accounts") if a.get("name") == obj["account"]
                 and a.get("domainid") == obj["domainid"]), None)
    dom = store.get("domains", obj["domainid"])
    obj.setdefault("domain", dom["name"] if dom else None)
    obj.setdefault("_accountid", acct["id"] if acct else None)


# -- finalizeOwner ---------------------------------------------------------------------------
def finalize_owner(ctx, account_param="account", domain_param="domainid", project_param="projectid"):
    """AccountManagerImpl.finalizeOwner(caller, accountName, domainId, projectId)."""
    caller = caller_account(ctx)
    name, domainid, projectid = ctx.get(account_param), ctx.get(domain_param), ctx.get(project_param)
    if caller and caller.get("_id") == 1 and (name is None or domainid is None) and projectid is None:
        raise invalid_value("Account and domainId are needed for resource creation")
    if name is not None and domainid is not None and projectid is not None:
        raise invalid_value("ProjectId and account/domainId can't be specified together")
    if projectid is not None:
        project = ctx.store.get("projects", projectid)
        if project is None:
            raise invalid_value(f"Unable to find project by id={projectid}")
        acct = ctx.store.get("accounts", project.get("_accountid") or project.get("projectaccountid") or "")
        return acct or caller
    if is_admin(caller) and name is not None and domainid is not None:
        dom = ctx.store.get("domains", domainid)
        if dom is None:
            raise invalid_value(f"Unable to find the domain by id={domainid}")
        owner = find_active_account(ctx.store, name, domainid)
        if owner is None:
            raise invalid_value(f"Unable to find account {name} in domain {dom.get('_id')}")
        return owner
    if not is_admin(caller) and name is not None and domainid is not None:
        if name != caller.get("name") or domainid != caller.get("domainid"):
            raise permission_denied(f"Can't create/list resources for account {name} in domain {domainid}, "
                                    "permission denied")
        return caller
    if name is not None and domainid is None:
        raise invalid_value("AccountName and domainId must be specified together")
    return caller


# -- list scoping: buildACLSearchParameters + buildACLViewSearchCriteria ----------------------------
class Scope:
    """The result of buildACLSearchParameters: permitted account ids, domain id + recursion, project criteria."""

    def __init__(self, permitted, domainid, recursive, projects):
        self.permitted = permitted      # list of account uuids
        self.domainid = domainid
        self.recursive = recursive
        self.projects = projects        # None, "skip", "only", "all"

    def matches(self, store, obj):
        acct_id = object_account_id(store, obj)
        acct = store.get("accounts", acct_id) if acct_id else None
        is_project = account_type(acct) == PROJECT or bool(obj.get("projectid"))
        if self.projects == "skip" and is_project:
            return False
        if self.projects == "only" and not is_project:
            return False
        if self.permitted:
            return acct_id in self.permitted
        if self.domainid:
            dom = obj.get("domainid")
            return in_subtree(store, dom, self.domainid) if self.recursive else dom == self.domainid
        return True


def object_account_id(store, obj):
    """The owning account of a stored object: `_accountid`, or its account name in its domain."""
    if obj.get("_accountid"):
        return obj["_accountid"]
    name, dom = obj.get("account"), obj.get("domainid")
    acct = next((a for a in store.all("accounts") if a.get("name") == name and a.get("domainid") == dom), None)
    return acct["id"] if acct else None


def acl_scope(ctx, id_given=False):
    """AccountManagerImpl.buildACLSearchParameters(caller, id, accountName, projectId, ..., listAll)."""
    store = ctx.store
    caller = caller_account(ctx)
    ctype = account_type(caller)
    domainid = ctx.get("domainid")
    recursive = bool(ctx.bool("isrecursive", False))
    listall = bool(ctx.bool("listall", False))
    name = ctx.get("account")
    projectid = ctx.get("projectid")
    permitted = []
    projects = None
    if domainid is not None and store.get("domains", domainid) is None:
        raise invalid_value(f"Unable to find domain by id {domainid}")
    if name is not None:
        if projectid is not None:
            raise invalid_value("Account and projectId can't be specified together")
        dom_id = domainid or caller.get("domainid")
        acct = find_active_account(store, name, dom_id)
        if acct is None:
            raise invalid_value(f"could not find account {name} in domain {dom_id}")
        permitted.append(acct["id"])
    if projectid is not None:
        if projectid == "-1":
            if ctype == ADMIN:
                projects = "all" if listall else "only"
            else:
                permitted.append(caller["id"])
        else:
            project = store.get("projects", projectid)
            if project is None:
                raise invalid_value(f"Unable to find project by id {projectid}")
            pacct = project.get("_accountid") or project.get("projectaccountid")
            if pacct:
                permitted.append(pacct)
            projects = "all"
    else:
        if not id_given:
            projects = "skip"
        if not permitted and domainid is None:
            if ctype == NORMAL:
                permitted.append(caller["id"])
            elif not listall:
                if not id_given:
                    permitted.append(caller["id"])
                elif ctype != ADMIN:
                    domainid, recursive = caller.get("domainid"), True
            elif ctype == DOMAIN_ADMIN:
                domainid, recursive = caller.get("domainid"), True
        elif domainid is not None and ctype == NORMAL:
            permitted.append(caller["id"])
    return Scope(permitted, domainid, recursive, projects)


def acl_filter(ctx, items, id_given=False):
    scope = acl_scope(ctx, id_given=id_given)
    return [o for o in items if scope.matches(ctx.store, o)]


__all__ = ["acl_filter", "acl_scope", "caller_account", "finalize_owner", "find_active_account", "ieq",
           "is_admin", "is_root_admin", "owner_fields", "permission_denied", "system_account", "domain_str",
           "domain_ancestors", "in_subtree", "domain_internal_path", "account_str", "account_type"]
