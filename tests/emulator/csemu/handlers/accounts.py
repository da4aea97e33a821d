"""Domains, accounts, users and their API keys (DomainManagerImpl, AccountManagerImpl,
QueryManagerImpl.searchFor*, the *JoinDaoImpl response builders), plus the ACL helpers the
other handlers can use to scope a listing the way AccountManagerImpl.buildACLSearchParameters /
buildACLViewSearchCriteria do.

Rules and sources: docs/emulator-identity.md. Store layout:
  domains:  path (response form ROOT/a/b), _path (database form /a/b/), level, parentdomainid,
            state Active|Inactive, networkdomain, _child_count (DomainVO.childCount)
  accounts: name, accounttype (Account.Type ordinal), roleid (role uuid), state enabled|disabled|locked,
            domainid, networkdomain, isdefault, _needscleanup, _details
  users:    username, firstname, lastname, email, timezone, state, accountid, domainid, apikey,
            _secretkey, _password, isdefault, usersource
Removed rows get `_removed` and go to the store's removed rows (Store.delete; the real tables keep them with
`removed` set): a uuid of a removed object still resolves where the server looks it up including removed rows.
"""
from __future__ import annotations

import re
import secrets

from ..errors import CS_INVALID_PARAM, CS_PERMISSION_DENIED, ApiError, runtime_error
from ..registry import command
from .common import UUID_MSG, AsyncResult, invalid_value, now_str, param_error

ROOT_DOMAIN_ID = 1   # Domain.ROOT_DOMAIN
SYSTEM_ACCOUNT_ID = 1  # Account.ACCOUNT_ID_SYSTEM
SYSTEM_USER_ID = 1   # User.UID_SYSTEM

# Account.Type, in ordinal order
ACCOUNT_TYPES = ["NORMAL", "ADMIN", "DOMAIN_ADMIN", "RESOURCE_DOMAIN_ADMIN", "READ_ONLY_ADMIN", "PROJECT"]
NORMAL, ADMIN, DOMAIN_ADMIN, RESOURCE_DOMAIN_ADMIN, READ_ONLY_ADMIN, PROJECT = range(6)
# RoleType -> (default role internal id, Account.Type)
ROLE_TYPES = {"Admin": (1, ADMIN), "ResourceAdmin": (2, RESOURCE_DOMAIN_ADMIN), "DomainAdmin": (3, DOMAIN_ADMIN),
              "User": (4, NORMAL)}
ACCOUNT_TYPE_ROLE = {ADMIN: "Admin", RESOURCE_DOMAIN_ADMIN: "ResourceAdmin", DOMAIN_ADMIN: "DomainAdmin", NORMAL: "User"}

NETWORK_DOMAIN_TEXT = ("Invalid network domain. Total length shouldn't exceed 190 chars. Each domain label must be between 1 "
                       "and 63 characters long, can contain ASCII letters 'a' through 'z', the digits '0' through '9', "
                       "and the hyphen ('-'); can't start or end with \"-\"")


# ------------------------------------------------------------------------------------------
# small helpers
# ------------------------------------------------------------------------------------------
def ci(a, b):
    """MySQL's default collation: name comparisons ignore case."""
    return a is not None and b is not None and str(a).lower() == str(b).lower()


def permission_denied(text):
    """PermissionDeniedException thrown by a manager -> ApiServer.handleRequest -> 531, cserrorcode 4365."""
    return ApiError(531, text, CS_PERMISSION_DENIED)


def job_error(exc):
    """An exception inside an async job (ApiAsyncJobDispatcher.runJob): InvalidParameterValueException
    -> ServerApiException(PARAM_ERROR) 431; a ServerApiException keeps its code; anything else 530."""
    if exc.code == 431 or exc.cserrorcode == 9999:
        return exc
    return ApiError(530, exc.text, exc.cserrorcode)


def verify_domain_name(name):
    """NetUtils.verifyDomainName: 1-190 chars, no leading/trailing dot, labels 1-63 of [a-z0-9-],
    not starting or ending with a hyphen (case-insensitive)."""
    if name is None or len(name) < 1 or len(name) > 190 or name.startswith(".") or name.endswith("."):
        return False
    for label in name.split("."):  # String.split drops trailing empty strings only
        if not 1 <= len(label) <= 63 or not re.fullmatch(r"[a-z0-9-]*", label.lower()) or label[0] == "-" or label[-1] == "-":
            return False
    return True


def db_path(domain):
    """DomainVO.path: '/' for ROOT, '/a/b/' below it."""
    if domain.get("_path"):
        return domain["_path"]
    path = domain.get("path") or "ROOT"
    rest = path.split("/", 1)[1] if "/" in path else ""
    return "/" + (rest.strip("/") + "/" if rest.strip("/") else "")


def response_path(dbp):
    """DomainJoinDaoImpl/AccountJoinDaoImpl: "ROOT" + path with its last character dropped."""
    return ("ROOT" + dbp)[:-1]


def domain_by_id(store, internal_id):
    return next((d for d in store.all("domains") if d.get("_id") == internal_id), None)


def root_domain(store):
    return domain_by_id(store, ROOT_DOMAIN_ID) or store.first("domains", name="ROOT")


def is_child_domain(store, parent, child):
    """DomainDaoImpl.isChildDomain: the same domain or one below it (path prefix)."""
    return parent is not None and child is not None and db_path(child).lower().startswith(db_path(parent).lower())


def account_of(store, user):
    return store.get("accounts", user.get("accountid")) if user else None


def account_type(account):
    value = account.get("accounttype")
    return int(value) if value is not None else NORMAL


def is_root_admin(account):
    """AccountManagerImpl.isRootAdmin -> DomainChecker 'SystemCapability': account type ADMIN."""
    return account is not None and account_type(account) == ADMIN


def is_admin(account):
    """AccountManagerImpl.isAdmin: root, domain, resource-domain or read-only admin."""
    return account is not None and account_type(account) in (ADMIN, DOMAIN_ADMIN, RESOURCE_DOMAIN_ADMIN, READ_ONLY_ADMIN)


def account_str(account):
    """AccountVO.toString: Account [{"id":N,"accountName":"x","uuid":"u"}] (ReflectionToStringBuilder JSON style)."""
    return 'Account [{"id":%s,"accountName":"%s","uuid":"%s"}]' % (account.get("_id"), account.get("name"), account.get("id"))


def caller_account(ctx):
    return account_of(ctx.store, ctx.caller)


# ------------------------------------------------------------------------------------------
# access checks (AccountManagerImpl.checkAccess + DomainChecker)
# ------------------------------------------------------------------------------------------
def check_domain_access(store, caller, domain):
    """checkAccess(Account caller, Domain domain) -> DomainChecker.checkAccess."""
    if caller is None or is_root_admin(caller) or caller.get("_id") == SYSTEM_ACCOUNT_ID:
        return
    if caller.get("state", "enabled") != "enabled":
        raise permission_denied(f"Account {caller.get('name')} is disabled.")
    own = store.get("domains", caller.get("domainid"))
    if account_type(caller) == NORMAL:
        if own is None or own["id"] != domain["id"]:
            raise permission_denied(f"Account {caller.get('name')} does not have permission to operate within domain "
                                    f"id={domain['id']}")
    elif not is_child_domain(store, own, domain):
        raise permission_denied(f"Account {caller.get('name')} does not have permission to operate within domain "
                                f"id={domain['id']}")


def check_entity_access(store, caller, account):
    """checkAccess(caller, accessType, sameOwner, entity) for an entity owned by `account`."""
    if caller is None or is_root_admin(caller) or caller.get("_id") == SYSTEM_ACCOUNT_ID:
        return
    if account_type(caller) == NORMAL and caller["id"] != account["id"]:
        raise permission_denied(f"{account_str(caller)} does not have permission to operate with resource")
    domain = store.get("domains", account.get("domainid"))
    if domain is None:
        raise permission_denied("Domain is not found.")
    check_domain_access(store, caller, domain)


# ------------------------------------------------------------------------------------------
# ACL scoping of list commands (buildACLSearchParameters + buildACLViewSearchCriteria)
# ------------------------------------------------------------------------------------------
class Scope:
    """The result of buildACLSearchParameters: permitted account ids, a domain (recursive or not)
    and the project criteria ('skip' = SkipProjectResources, 'only' = ListProjectResourcesOnly,
    'all' = ListAllIncludingProjectResources, None)."""

    def __init__(self, store, permitted, domain, recursive, projects):
        self.store, self.permitted, self.domain, self.recursive, self.projects = store, permitted, domain, recursive, projects

    def matches(self, obj, account_field="accountid", domain_field="domainid"):
        owner = self.store.get("accounts", obj.get(account_field))
        atype = account_type(owner) if owner else None
        if self.projects == "only" and atype != PROJECT:
            return False
        if self.projects == "skip" and atype == PROJECT:
            return False
        if self.permitted:
            return obj.get(account_field) in self.permitted
        if self.domain is not None:
            if self.recursive:
                dom = self.store.get("domains", obj.get(domain_field))
                return dom is not None and db_path(dom).lower().startswith(db_path(self.domain).lower())
            return obj.get(domain_field) == self.domain["id"]
        return True


def acl_scope(ctx, id_=None, account_name=None, domain_id=None, recursive=False, list_all=False, project_id=None):
    """AccountManagerImpl.buildACLSearchParameters for the caller of ctx. domain_id/project_id are uuids."""
    store = ctx.store
    caller = caller_account(ctx) or {}
    ctype = account_type(caller)
    domain = None
    if domain_id is not None:
        domain = store.get("domains", domain_id)
        if domain is None:
            raise invalid_value(f"Unable to find domain by id {domain_id}")
        check_domain_access(store, caller, domain)
    permitted = []
    if account_name is not None:
        if project_id is not None:
            raise invalid_value("Account and projectId can't be specified together")
        dom = domain or store.get("domains", caller.get("domainid"))
        acct = find_active_account(store, account_name, dom["id"]) if dom else None
        if acct is None:
            raise invalid_value(f"could not find account {account_name} in domain {dom['id'] if dom else None}")
        check_entity_access(store, caller, acct)
        permitted.append(acct["id"])
    projects = None
    if project_id is not None:
        if project_id == "-1":
            if ctype == ADMIN:
                projects = "all" if list_all else "only"
            else:
                permitted.extend(p["_accountid"] for p in store.all("projects") if p.get("_accountid"))
                if not permitted:
                    permitted.append(caller.get("id"))
        else:
            project = store.get("projects", project_id)
            if project is None:
                raise invalid_value(f"Unable to find project by id {project_id}")
            permitted.append(project_account(store, project)["id"])
    else:
        if id_ is None:
            projects = "skip"
        if not permitted and domain is None:
            if ctype == NORMAL:
                permitted.append(caller.get("id"))
            elif not list_all:
                if id_ is None:
                    permitted.append(caller.get("id"))
                elif ctype != ADMIN:
                    domain, recursive = store.get("domains", caller.get("domainid")), True
            elif ctype == DOMAIN_ADMIN:
                domain, recursive = store.get("domains", caller.get("domainid")), True
        elif domain is not None and ctype == NORMAL:
            permitted.append(caller.get("id"))
    return Scope(store, permitted, domain, bool(recursive), projects)


# ------------------------------------------------------------------------------------------
# look-ups
# ------------------------------------------------------------------------------------------
def find_active_account(store, name, domain_uuid):
    """AccountDaoImpl.findActiveAccount: not removed, name EQ (case-insensitive), in the domain."""
    return next((a for a in store.all("accounts") if ci(a.get("name"), name) and a.get("domainid") == domain_uuid), None)


def find_enabled_account(store, name, domain_uuid):
    acct = find_active_account(store, name, domain_uuid)
    return acct if acct is not None and acct.get("state", "enabled") == "enabled" else None


def project_account(store, project):
    """The project's account (Account.Type.PROJECT), made on first use when a seeded project has none."""
    acct = store.get("accounts", project.get("_accountid")) if project.get("_accountid") else None
    if acct is None:
        domain = store.get("domains", project.get("domainid")) or root_domain(store)
        acct = store.insert("accounts", {"name": f"PrjAcct-{project.get('name')}-{project.get('_id')}", "accounttype": PROJECT,
                                         "state": "enabled", "domainid": domain["id"], "isdefault": False,
                                         "created": now_str(), "_project": project["id"]})
        project["_accountid"] = acct["id"]
    return acct


def role_of(store, account):
    """The account's role (roles collection); accounts seeded without roleid get the default role of their type."""
    role = store.get("roles", account.get("roleid")) if account.get("roleid") else None
    if role is None and account.get("roleid") is None:
        rtype = ACCOUNT_TYPE_ROLE.get(account_type(account))
        if rtype:
            role = next((r for r in store.all("roles") if r.get("_id") == ROLE_TYPES[rtype][0]), None)
    return role


def users_of(store, account):
    return sorted((u for u in store.all("users") if u.get("accountid") == account["id"]), key=lambda u: u.get("_id", 0))


def ref_including_removed(ctx, collection, name):
    """ParamProcessWorker resolves a uuid with findByUuidIncludingRemoved."""
    value = ctx.params.get(name)
    obj = ctx.store.get_including_removed(collection, value)
    if obj is None:
        raise param_error(UUID_MSG.format(cmd=ctx.cmd.name.lower(), name=name, value=value))
    return obj


def remove(store, collection, obj):
    obj["_removed"] = now_str()
    store.delete(collection, obj["id"])


# ------------------------------------------------------------------------------------------
# views
# ------------------------------------------------------------------------------------------
def domain_view(store, d, full=True, caller=None):
    """DomainJoinDaoImpl.newDomainResponse (full) or ApiResponseHelper.createDomainResponse (create/update)."""
    from .limits import limit_fields  # pylint: disable=import-outside-toplevel
    parent = store.get("domains", d.get("parentdomainid")) if d.get("parentdomainid") else None
    out = {"id": d["id"], "name": d["name"], "level": d.get("level", 0), "path": response_path(db_path(d)),
           "haschild": child_count(store, d) > 0, "networkdomain": d.get("networkdomain"), "created": d.get("created"),
           "secondarystoragetotal": 0.0}
    if parent is not None:
        out["parentdomainid"], out["parentdomainname"] = parent["id"], parent["name"]
    if full:
        out["state"] = d.get("state", "Active")
        out["hasannotations"] = False
        out.update(limit_fields(store, "domain", d, caller))
        if d.get("_details"):
            out["domaindetails"] = dict(d["_details"])
    return out


def child_count(store, d):
    return sum(1 for c in store.all("domains") if c.get("parentdomainid") == d["id"])


def user_view(store, u, caller_domain=None):
    """UserAccountJoinDaoImpl.newUserResponse + ApiDBUtils.newUserResponse (secret key only with
    use.secret.key.in.response=true; role of the account; iscallerchilddomain)."""
    acct = store.get("accounts", u.get("accountid")) or {}
    dom = store.get("domains", u.get("domainid") or acct.get("domainid")) or {}
    out = {"id": u["id"], "username": u.get("username"), "firstname": u.get("firstname"), "lastname": u.get("lastname"),
           "email": u.get("email"), "created": u.get("created"), "state": u.get("state", "enabled"),
           "account": acct.get("name"), "accounttype": account_type(acct) if acct else None,
           "usersource": u.get("usersource") or "native", "domainid": dom.get("id"), "domain": dom.get("name"),
           "timezone": u.get("timezone"), "apikey": u.get("apikey"), "accountid": acct.get("id"),
           "iscallerchilddomain": bool(caller_domain is not None and dom.get("id") != caller_domain),
           "isdefault": bool(u.get("isdefault", False)), "is2faenabled": bool(u.get("is2faenabled", False)),
           "is2famandated": False}
    if setting(store, "use.secret.key.in.response", "false") == "true":
        out["secretkey"] = u.get("_secretkey")
    role = role_of(store, acct) if acct else None
    if role is not None:
        out["roleid"], out["roletype"], out["rolename"] = role["id"], role["type"], role["name"]
    return {k: v for k, v in out.items() if v is not None}


def account_view(store, a, caller=None):
    """AccountJoinDaoImpl.newAccountResponse + ApiDBUtils.newAccountResponse (role), with the users."""
    from .limits import limit_fields  # pylint: disable=import-outside-toplevel
    dom = store.get("domains", a.get("domainid")) or {}
    out = {"id": a["id"], "name": a["name"], "accounttype": account_type(a), "domainid": dom.get("id"),
           "domain": dom.get("name"), "domainpath": response_path(db_path(dom)) if dom else None,
           "state": a.get("state", "enabled"), "created": a.get("created"), "networkdomain": a.get("networkdomain"),
           "defaultzoneid": a.get("defaultzoneid"), "isdefault": bool(a.get("isdefault", False))}
    out.update(limit_fields(store, "account", a, caller))
    out["user"] = [user_view(store, u) for u in users_of(store, a)]
    if a.get("_details"):
        out["accountdetails"] = dict(a["_details"])
    out["groups"] = []
    role = role_of(store, a)
    if role is not None:
        out["roleid"], out["roletype"], out["rolename"] = role["id"], role["type"], role["name"]
    return {k: v for k, v in out.items() if v is not None}


def setting(store, name, default=None):
    cfg = store.first("configurations", name=name)
    value = cfg.get("value") if cfg else None
    return str(value).lower() if value not in (None, "") else default


def page(ctx, items, key, view):
    """ListResponse with count = total; paging like BaseListCmd (items already filtered)."""
    items = list(items)
    total = len(items)
    pagesize = ctx.int("pagesize")
    pg = ctx.int("page")
    if pagesize is None:
        pagesize = ctx.emu.max_page_size
    if pagesize != -1:
        start = pagesize * (pg - 1) if pg and pg > 0 else 0
        items = items[start:start + pagesize]
    if total == 0:
        return {}
    out = {"count": total}
    if items:
        out[key] = [view(o) for o in items]
    return out


def like(value, keyword):
    return value is not None and str(keyword).lower() in str(value).lower()


# ------------------------------------------------------------------------------------------
# domains
# ------------------------------------------------------------------------------------------
@command("createDomain")
def create_domain(ctx):
    store = ctx.store
    caller = caller_account(ctx)
    name = ctx.get("name")
    parent = ctx.ref("domains", "parentdomainid", required=False) or root_domain(store)
    if parent.get("state", "Active") == "Inactive":
        raise runtime_error(f"The domain cannot be created as the parent domain {parent['name']} is being deleted")
    check_domain_access(store, caller, parent)
    network_domain = ctx.params.get("networkdomain")
    if network_domain is not None and not verify_domain_name(network_domain):
        raise invalid_value("Invalid network domain. Total length should not exceed 190 chars. Each domain label must be "
                            "between 1 and 63 characters long. It can contain ASCII letters 'a' through 'z', the digits '0' "
                            "through '9', and the hyphen ('-'); it cannot start or end with \"-\".")
    if any(ci(d["name"], name) and d.get("parentdomainid") == parent["id"] for d in store.all("domains")):
        raise invalid_value(f"Domain with name {name} already exists for the parent id={parent['_id']}")
    if "/" in name:  # DomainDaoImpl.create -> IllegalArgumentException -> 431
        raise param_error("Domain name contains one or more invalid characters.  Please enter a name without '/' characters.")
    uuid = ctx.get("domainid")
    if uuid and (store.get("domains", uuid) or store.find_uuid(uuid)):
        raise ApiError(530, f"DB Exception on: domain uuid {uuid} already exists", 4250)
    path = db_path(parent) + name + "/"
    domain = store.insert("domains", {
        "id": uuid or None, "name": name, "path": response_path(path), "_path": path, "level": parent.get("level", 0) + 1,
        "parentdomainid": parent["id"], "parentdomainname": parent["name"], "state": "Active", "created": now_str(),
        "networkdomain": network_domain, "_owner": (caller or {}).get("_id")})
    return {"domain": ctx.render(domain_view(store, domain, full=False))}


@command("updateDomain")
def update_domain(ctx):
    store = ctx.store
    domain = ctx.ref("domains", "id")
    name = ctx.params.get("name")
    network_domain = ctx.params.get("networkdomain")
    if domain.get("_id") == ROOT_DOMAIN_ID and name is not None:
        raise invalid_value("ROOT domain can not be edited with a new name")
    check_domain_access(store, caller_account(ctx), domain)
    if name is not None:
        same = [d for d in store.all("domains") if ci(d["name"], name) and d.get("parentdomainid") == domain.get("parentdomainid")]
        if same and not (len(same) == 1 and same[0]["id"] == domain["id"]):
            raise invalid_value(f"Failed to update specified domain id with name '{name}' since it already exists in the system")
    if network_domain and not verify_domain_name(network_domain):
        raise invalid_value("Invalid network domain. Total length shouldn't exceed 190 chars. Each domain label must be "
                            "between 1 and 63 characters long, can contain ASCII letters 'a' through 'z', the digits '0' "
                            "through '9', and the hyphen ('-'); can't start or end with \"-\"")
    if name is not None:
        old = db_path(domain)
        new = "/".join(old.split("/")[:-2] + [name]) + "/"  # getUpdatedDomainPath: last token replaced
        for child in store.all("domains"):
            cpath = db_path(child)
            if child["id"] != domain["id"] and cpath.startswith(old):
                child["_path"] = cpath.replace(old, new, 1)
                child["path"] = response_path(child["_path"])
            if child.get("parentdomainid") == domain["id"]:
                child["parentdomainname"] = name
        domain.update(name=name, _path=new, path=response_path(new))
    if network_domain is not None:
        domain["networkdomain"] = network_domain or None
    return {"domain": ctx.render(domain_view(store, domain, full=False))}


def subdomains(store, domain):
    return [d for d in store.all("domains") if d.get("parentdomainid") == domain["id"]]


def _cleanup_domain(ctx, domain):
    """DomainManagerImpl.cleanupDomain: subdomains first, then accounts, then the domain."""
    store = ctx.store
    success = True
    for d in [d for d in store.all("domains") if db_path(d).startswith(db_path(domain))]:
        d["state"] = "Inactive"
    for sub in subdomains(store, domain):
        success = _cleanup_domain(ctx, sub) and success
    for acct in [a for a in store.all("accounts") if a.get("domainid") == domain["id"]]:
        if account_type(acct) == PROJECT and acct.get("_project"):
            project = store.get("projects", acct["_project"])
            if project is not None:
                store.delete("projects", project["id"])
        delete_account_rows(store, acct)
    for net in [n for n in store.all("networks") if n.get("domainid") == domain["id"] and not n.get("account")
                and n.get("acltype", "").lower() == "domain"]:
        store.delete("networks", net["id"])
    if success:
        for dz in [z for z in store.all("dedicatedzones") if z.get("domainid") == domain["id"]]:
            store.delete("dedicatedzones", dz["id"])
        _remove_domain_row(store, domain)
        from .limits import remove_owner_limits  # pylint: disable=import-outside-toplevel
        remove_owner_limits(store, "domain", domain["id"])
    return success


def _remove_domain_row(store, domain):
    """DomainDaoImpl.remove: refused (false) while the domain has accounts or subdomains."""
    if any(a.get("domainid") == domain["id"] for a in store.all("accounts")) or subdomains(store, domain):
        return False
    remove(store, "domains", domain)
    return True


@command("deleteDomain")
def delete_domain(ctx):
    store = ctx.store
    domain = ref_including_removed(ctx, "domains", "id")
    cleanup = ctx.bool("cleanup", False)
    caller = caller_account(ctx)

    def work():
        try:
            if domain.get("_removed") or store.get("domains", domain["id"]) is None:
                raise invalid_value(f"Failed to delete domain {domain['_id']}, domain not found")
            if domain.get("_id") == ROOT_DOMAIN_ID:
                raise permission_denied("Can't delete ROOT domain")
            check_domain_access(store, caller, domain)
            domain["state"] = "Inactive"
            if cleanup:
                if not _cleanup_domain(ctx, domain):
                    domain["state"] = "Active"
                    raise runtime_error(f"Failed to clean up domain resources and sub domains, delete failed on domain "
                                        f"{domain['name']} (id: {domain['_id']}).")
            else:
                networks = [n for n in store.all("networks") if n.get("domainid") == domain["id"] and not n.get("account")
                            and str(n.get("acltype", "")).lower() == "domain"]
                dedicated = [z for z in store.all("dedicatedzones") if z.get("domainid") == domain["id"]]
                msg = None
                if networks:
                    msg = f"{len(networks)} non-removed networks"
                elif dedicated:
                    msg = "dedicated resources."
                if msg:
                    domain["state"] = "Active"
                    raise runtime_error(f"Can't delete the domain yet because it has {msg}")
                if not _remove_domain_row(store, domain):
                    domain["state"] = "Active"
                    raise runtime_error(f"Delete failed on domain {domain['name']} (id: {domain['_id']}); Please make sure "
                                        f"all users and sub domains have been removed from the domain before deleting")
                from .limits import remove_owner_limits  # pylint: disable=import-outside-toplevel
                remove_owner_limits(store, "domain", domain["id"])
        except ApiError as exc:
            raise job_error(exc) from None
        return {"success": True}
    return AsyncResult(work, "Domain", domain["id"])


@command("listDomains")
def list_domains(ctx):
    """QueryManagerImpl.searchForDomainsInternal."""
    store = ctx.store
    caller = caller_account(ctx) or {}
    domain = ctx.ref("domains", "id", required=False)
    list_all = ctx.bool("listall", False)
    recursive = False
    if domain is not None:
        check_domain_access(store, caller, domain)
    else:
        if account_type(caller) != ADMIN:
            domain = store.get("domains", caller.get("domainid"))
        if list_all:
            recursive = True
    _details_param(ctx)
    items = [d for d in store.all("domains") if d.get("state", "Active") == "Active"]
    if ctx.has("keyword"):
        items = [d for d in items if like(d["name"], ctx.get("keyword"))]
    if ctx.has("name"):
        items = [d for d in items if ci(d["name"], ctx.get("name"))]
    if ctx.has("level"):
        items = [d for d in items if d.get("level") == ctx.int("level")]
    if domain is not None:
        if recursive:
            items = [d for d in items if db_path(d).lower().startswith(db_path(domain).lower())]
        else:
            items = [d for d in items if d["id"] == domain["id"]]
    items.sort(key=lambda d: d.get("_id", 0))
    return page(ctx, items, "domain", lambda d: ctx.render(domain_view(store, d, caller=caller)))


def _details_param(ctx):
    """details= values must be DomainDetails names (all, resource, min)."""
    for value in ctx.list("details") or []:
        if value not in ("all", "resource", "min"):
            raise invalid_value("The details parameter contains a non permitted value. The allowed values are [all, resource, min]")


@command("listDomainChildren")
def list_domain_children(ctx):
    """DomainManagerImpl.searchForDomainChildren."""
    store = ctx.store
    caller = caller_account(ctx) or {}
    domain = ctx.ref("domains", "id", required=False)
    if domain is not None:
        check_domain_access(store, caller, domain)
    else:
        domain = store.get("domains", caller.get("domainid"))
    recursive = ctx.bool("isrecursive", False)
    list_all = ctx.bool("listall", False)
    items = [d for d in store.all("domains") if d.get("state", "Active") == "Active"]
    if ctx.has("keyword"):
        items = [d for d in items if like(d["name"], ctx.get("keyword"))]
    if ctx.has("name"):
        items = [d for d in items if like(d["name"], ctx.get("name"))]  # LIKE %name%
    if domain is not None and recursive and not list_all:
        base = db_path(domain).lower()
        items = [d for d in items if db_path(d).lower() != base and db_path(d).lower().startswith(base)]
    elif domain is not None:
        items = [d for d in items if d.get("parentdomainid") == domain["id"]]
    items.sort(key=lambda d: d.get("_id", 0))
    return page(ctx, items, "domain", lambda d: ctx.render(domain_view(store, d, caller=caller)))


# ------------------------------------------------------------------------------------------
# accounts
# ------------------------------------------------------------------------------------------
def _account_from_params(ctx, active_only=True):
    """id, or account + domainid (findById / findActiveAccount)."""
    if ctx.has("id"):
        return ctx.ref("accounts", "id")
    name, domain = ctx.params.get("account"), ctx.ref("domains", "domainid", required=False)
    return find_active_account(ctx.store, name, domain["id"]) if name is not None and domain is not None else None


@command("createAccount")
def create_account(ctx):
    """CreateAccountCmd.getAccountType/getRoleId/validateParams + AccountManagerImpl.createUserAccount/createAccount."""
    from .roles import check_role_escalation, find_role  # pylint: disable=import-outside-toplevel
    store = ctx.store
    caller = caller_account(ctx)
    role = None
    if ctx.has("roleid"):
        role = ctx.ref("roles", "roleid")
        role = find_role(store, caller, role)
    raw_type = ctx.int("accounttype")
    if role is not None:
        atype = ROLE_TYPES[role["type"]][1] if role["type"] in ROLE_TYPES else None
    else:
        atype = raw_type if raw_type is not None and 0 <= raw_type <= 5 else None
    role_id = role["id"] if ctx.has("roleid") and role is not None else (ctx.get("roleid") if ctx.has("roleid") else None)
    if role_id is None and atype is not None and atype in ACCOUNT_TYPE_ROLE:
        default = next((r for r in store.all("roles") if r.get("_id") == ROLE_TYPES[ACCOUNT_TYPE_ROLE[atype]][0]), None)
        role_id = default["id"] if default else None
    if not ctx.get("password"):
        raise param_error("Empty passwords are not allowed")
    if atype is None and role_id is None:
        raise param_error("Neither account type and role ID are not provided")
    username = ctx.get("username")
    account_name = ctx.params.get("account") if ctx.params.get("account") is not None else username
    domain = ctx.ref("domains", "domainid", required=False) or root_domain(store)
    for value, label in ((username, "Username"), (ctx.get("firstname"), "Firstname"), (ctx.get("lastname"), "Lastname")):
        if not value:
            raise invalid_value(f"{label} is empty")
    check_domain_access(store, caller, domain)
    if any(ci(u.get("username"), username) and u.get("domainid") == domain["id"] for u in store.all("users")):
        raise invalid_value(f"The user {username} already exists in domain {domain['_id']}")
    network_domain = ctx.params.get("networkdomain")
    if network_domain and not verify_domain_name(network_domain):
        raise invalid_value(NETWORK_DOMAIN_TEXT)
    # createAccount
    if domain.get("state", "Active") == "Inactive":
        raise runtime_error(f"The account cannot be created as domain {domain['name']} is being deleted")
    if domain.get("_id") != ROOT_DOMAIN_ID and atype == ADMIN:
        raise invalid_value(f"Invalid account type ADMIN given for an account in domain {domain['_id']}; unable to create "
                            f"user of admin role type in non-ROOT domain.")
    if find_active_account(store, account_name, domain["id"]) is not None:
        raise invalid_value(f"The specified account: {account_name} already exists")
    if network_domain is not None and not verify_domain_name(network_domain):
        raise invalid_value(NETWORK_DOMAIN_TEXT)
    if atype == RESOURCE_DOMAIN_ADMIN and not any(z.get("domainid") == domain["id"] for z in store.all("zones")):
        raise invalid_value(f"The account cannot be created as domain {domain['name']} is not associated with any private Zone")
    for uuid in (ctx.get("accountid"), ctx.get("userid")):
        if uuid and store.find_uuid(uuid):
            raise ApiError(530, f"DB Exception on: uuid {uuid} already exists", 4250)
    account = {"id": ctx.get("accountid") or None, "name": account_name, "accounttype": atype, "roleid": role_id,
               "state": "enabled", "domainid": domain["id"], "networkdomain": network_domain, "isdefault": False,
               "created": now_str(), "_needscleanup": False}
    details = ctx.map("accountdetails")
    if details:
        account["_details"] = dict(details[0])
    check_role_escalation(ctx, caller, account)
    account = store.insert("accounts", account)
    store.insert("users", {
        "id": ctx.get("userid") or None, "username": username, "firstname": ctx.get("firstname"),
        "lastname": ctx.get("lastname"), "email": ctx.get("email"), "timezone": ctx.get("timezone"), "state": "enabled",
        "accountid": account["id"], "domainid": domain["id"], "created": now_str(), "isdefault": False,
        "usersource": "native", "_password": ctx.get("password")})
    return {"account": ctx.render(account_view(store, account, caller))}


@command("updateAccount")
def update_account(ctx):
    """AccountManagerImpl.updateAccount."""
    from .roles import check_role_escalation, find_role, visible_roles  # pylint: disable=import-outside-toplevel
    store = ctx.store
    caller = caller_account(ctx)
    if ctx.has("id"):
        account = ctx.ref("accounts", "id")
    else:
        domain = ctx.ref("domains", "domainid", required=False)
        account = find_enabled_account(store, ctx.params.get("account"), domain["id"]) if domain else None
        if account is None:  # _accountDao.findById(account.getId()) on a null account
            raise ApiError(530, "java.lang.NullPointerException", 9999)
    domain_param = ctx.get("domainid")
    label = f"Unable to find account by accountId: {ctx.get('id')} OR by name: {ctx.get('account')} in domain {domain_param}"
    if account_type(account) == PROJECT:
        raise invalid_value(label)
    if account.get("_id") == SYSTEM_ACCOUNT_ID:
        raise invalid_value("Can not modify system account")
    check_domain_access(store, caller, store.get("domains", account["domainid"]))
    changes = {}
    new_name = ctx.params.get("newname")
    if new_name is not None:
        if new_name == "":
            raise invalid_value(f"The new account name for account '{account['id']}' within domain '{domain_param}'  is "
                                f"empty string. Account will be not renamed.")
        existing = find_active_account(store, new_name, ctx.get("domainid")) if ctx.has("domainid") else None
        if existing is not None and existing["id"] != account["id"]:
            raise invalid_value(f"The account with the proposed name '{new_name}' exists in the domain '{domain_param}' with "
                                f"existing account id '{existing['_id']}'")
        changes["name"] = new_name
    network_domain = ctx.params.get("networkdomain")
    if network_domain and not verify_domain_name(network_domain):
        raise invalid_value("Invalid network domain or format. Total length shouldn't exceed 190 chars. Every domain part "
                            "must be between 1 and 63 characters long, can contain ASCII letters 'a' through 'z', the digits "
                            "'0' through '9', and the hyphen ('-'); can't start or end with \"-\"")
    if ctx.has("roleid"):
        role_uuid = ctx.get("roleid")
        if store.get("roles", role_uuid) is None:
            raise param_error(UUID_MSG.format(cmd="updateaccount", name="roleid", value=role_uuid))
        role = find_role(store, caller, store.get("roles", role_uuid))
        if role is None or role["id"] not in {r["id"] for r in visible_roles(store, caller)}:
            raise invalid_value(f"Role with ID '{(store.get('roles', role_uuid) or {}).get('_id')}' is not found or not "
                                f"available for the account '{account['id']}' in the domain '{domain_param}'.")
        _check_role_change(store, account, role)
        changes["roleid"] = role["id"]
        changes["accounttype"] = ROLE_TYPES[role["type"]][1]
        check_role_escalation(ctx, caller, dict(account, **changes))
    if network_domain is not None:
        changes["networkdomain"] = network_domain or None
    account.update(changes)
    details = ctx.map("accountdetails")
    if details:
        account["_details"] = dict(details[0])
    return {"account": ctx.render(account_view(store, account, caller))}


def _check_role_change(store, account, role):
    """AccountManagerImpl.isValidRoleChange (RoleType ordinal: Admin 0 .. User 3; Account.Type ordinals)."""
    order = list(ROLE_TYPES)
    current = role_of(store, account)
    if current is None:
        return
    new_ord, cur_ord = order.index(role["type"]), order.index(current["type"])
    new_acct = ROLE_TYPES[role["type"]][1]
    atype = account_type(account)
    if new_ord < cur_ord and ((atype == NORMAL and new_acct > NORMAL) or (atype > NORMAL and 0 < new_acct < atype)):
        raise permission_denied(f"Unable to update account role to {role['name']} as you are attempting to escalate the "
                                f"account {account['name']} to account type {ACCOUNT_TYPES[new_acct]} which has higher privileges")


def _account_state_target(ctx, verb, not_found_prefix="Unable to find account"):
    store = ctx.store
    account = _account_from_params(ctx)
    if account is None or account_type(account) == PROJECT:
        raise invalid_value(f"{not_found_prefix} by accountId: {ctx.get('id')} OR by name: {ctx.get('account')} in domain "
                            f"{_domain_internal(store, ctx.get('domainid'))}")
    if account.get("_id") == SYSTEM_ACCOUNT_ID:
        raise permission_denied(f"Account id : {ctx.get('id')} is a system account, {verb} is not allowed")
    check_entity_access(store, caller_account(ctx), account)
    return account


def _domain_internal(store, uuid):
    d = store.get("domains", uuid) if uuid else None
    return d["_id"] if d else None


@command("enableAccount")
def enable_account(ctx):
    account = _account_state_target(ctx, "enable")
    account.update(state="enabled", _needscleanup=False)
    return {"account": ctx.render(account_view(ctx.store, account, caller_account(ctx)))}


@command("disableAccount")
def disable_account(ctx):
    """RegionManagerImpl.disableAccount: lock=true -> AccountManagerImpl.lockAccount, else disableAccount (async)."""
    store = ctx.store
    lock = ctx.bool("lock", False)
    caller = caller_account(ctx)
    account = _account_from_params(ctx)

    def work():
        try:
            prefix = "Unable to find active account" if lock else "Unable to find account"
            if account is None or account_type(account) == PROJECT:
                raise invalid_value(f"{prefix} by accountId: {ctx.get('id')} OR by name: {ctx.get('account')} in domain "
                                    f"{_domain_internal(store, ctx.get('domainid'))}")
            if account.get("_id") == SYSTEM_ACCOUNT_ID:
                raise permission_denied(f"Account id : {ctx.get('id')} is a system account, "
                                        f"{'lock' if lock else 'disable'} is not allowed")
            check_entity_access(store, caller, account)
            state = account.get("state", "enabled")
            if lock:
                if state == "enabled":
                    account["state"] = "locked"
                elif state != "locked":  # lockAccount: only an enabled account can be locked
                    raise runtime_error(f"Unable to lock account by accountId: {ctx.get('id')} OR by name: "
                                        f"{ctx.get('account')} in domain {_domain_internal(store, ctx.get('domainid'))}")
            else:
                if account.get("_id", 0) <= 2:  # disableAccount(long): ids 1 and 2 refused
                    raise runtime_error(f"Unable to update account by accountId: {ctx.get('id')} OR by name: "
                                        f"{ctx.get('account')} in domain {_domain_internal(store, ctx.get('domainid'))}")
                account["state"] = "disabled"
                _stop_account_vms(store, account)
        except ApiError as exc:
            raise job_error(exc) from None
        return {"account": ctx.render(account_view(store, account, caller))}
    return AsyncResult(work, "Account", account["id"] if account else None)


def owned_by(obj, account):
    """The object belongs to the account: `_accountid` (guest side, docs/emulator-guest.md) or `accountid`
    (isovm), else the account name in the account's domain (a seeded object)."""
    owner = obj.get("_accountid") or obj.get("accountid")
    if owner is not None:
        return owner == account["id"]
    return ci(obj.get("account"), account["name"]) and obj.get("domainid") == account.get("domainid")


def _stop_account_vms(store, account):
    """doDisableAccount: every VM of the account is stopped."""
    for vm in store.all("virtualmachines"):
        if owned_by(vm, account) and vm.get("state") == "Running":
            vm["state"] = "Stopped"


@command("lockAccount")
def lock_account(ctx):
    """LockAccountCmd.execute: disabled implementation."""
    raise runtime_error("LockAccount does not lock accounts. Its implementation is disabled. Use DisableAccount instead")


def delete_account_rows(store, account):
    """AccountManagerImpl.deleteAccount/cleanupAccount: the account and its users are removed, its
    resource limits and counts dropped; its VMs and networks go with it."""
    from .limits import remove_owner_limits  # pylint: disable=import-outside-toplevel
    for user in users_of(store, account):
        remove(store, "users", user)
    for coll in ("virtualmachines", "networks", "volumes", "vpcs", "snapshots", "sshkeypairs"):
        for obj in [o for o in store.all(coll) if owned_by(o, account)]:
            store.delete(coll, obj["id"])
    remove_owner_limits(store, "account", account["id"])
    remove(store, "accounts", account)


@command("deleteAccount")
def delete_account(ctx):
    store = ctx.store
    account = ref_including_removed(ctx, "accounts", "id")
    caller = caller_account(ctx)

    def work():
        try:
            if account.get("_removed") or store.get("accounts", account["id"]) is None:
                return {"success": True}
            if account_type(account) == PROJECT:
                raise invalid_value("The specified account does not exist in the system")
            check_entity_access(store, caller, account)
            if account.get("isdefault"):
                raise invalid_value("The account is default and can't be removed")
            managed = [p for p in store.all("projects") if p.get("_owner") == account["id"]]
            if managed:
                ids = "".join(f"{p.get('_id')}, " for p in managed)
                raise invalid_value(f"The account id={account['_id']} manages project(s) with ids {ids}and can't be removed")
            delete_account_rows(store, account)
        except ApiError as exc:
            raise job_error(exc) from None
        return {"success": True}
    return AsyncResult(work, "Account", account["id"])


@command("listAccounts")
def list_accounts(ctx):
    """QueryManagerImpl.searchForAccountsInternal."""
    store = ctx.store
    caller = caller_account(ctx) or {}
    domain = ctx.ref("domains", "domainid", required=False)
    account_id = ctx.get("id")
    if account_id is not None and store.get_including_removed("accounts", account_id) is None:
        raise param_error(UUID_MSG.format(cmd="listaccounts", name="id", value=account_id))
    name = ctx.params.get("name")
    recursive = ctx.bool("isrecursive", False)
    list_all = ctx.bool("listall", False)
    caller_admin = is_admin(caller)
    if domain is not None:
        check_domain_access(store, caller, domain)
    if account_id is None:
        if list_all and caller_admin or setting(store, "allow.user.view.all.domain.accounts", "false") == "true":
            if domain is None:
                domain = store.get("domains", caller.get("domainid"))
            recursive = True
        elif not caller_admin or domain is None:
            account_id = caller.get("id")
    else:
        acct = store.get("accounts", account_id)
        internal = (acct or store.get_including_removed("accounts", account_id) or {}).get("_id")
        if domain is not None and acct is not None and acct.get("domainid") != domain["id"]:
            acct = None
        if acct is None or acct.get("_id") == SYSTEM_ACCOUNT_ID:
            suffix = "" if domain is None else f" in domain {domain['_id']}"
            raise invalid_value(f"Unable to find account by id {internal}{suffix}")
        check_entity_access(store, caller, acct)
    items = [a for a in store.all("accounts") if account_type(a) != PROJECT and a.get("_id") != SYSTEM_ACCOUNT_ID]
    if not caller_admin:
        items = [a for a in items if account_type(a) != DOMAIN_ADMIN]
    if ctx.has("keyword"):
        items = [a for a in items if like(a["name"], ctx.get("keyword")) or like(a.get("state"), ctx.get("keyword"))]
    if ctx.has("accounttype"):
        items = [a for a in items if account_type(a) == ctx.int("accounttype")]
    if ctx.has("state"):
        items = [a for a in items if ci(a.get("state", "enabled"), ctx.get("state"))]
    if ctx.has("iscleanuprequired"):
        items = [a for a in items if bool(a.get("_needscleanup")) == ctx.bool("iscleanuprequired")]
    if name is not None:
        items = [a for a in items if ci(a["name"], name)]
    if account_id is not None:
        items = [a for a in items if a["id"] == account_id]
    if domain is not None:
        if recursive:
            items = [a for a in items if _in_subtree(store, a.get("domainid"), domain)]
        else:
            items = [a for a in items if a.get("domainid") == domain["id"]]
    _details_param(ctx)
    items.sort(key=lambda a: a.get("_id", 0))
    return page(ctx, items, "account", lambda a: ctx.render(account_view(store, a, caller)))


def _in_subtree(store, domain_uuid, top):
    d = store.get("domains", domain_uuid)
    return d is not None and db_path(d).lower().startswith(db_path(top).lower())


# ------------------------------------------------------------------------------------------
# users
# ------------------------------------------------------------------------------------------
@command("createUser")
def create_user(ctx):
    """AccountManagerImpl.createUser (CreateUserCmd)."""
    store = ctx.store
    if not ctx.get("password"):
        raise param_error("Empty passwords are not allowed")
    domain = ctx.ref("domains", "domainid", required=False) or root_domain(store)
    if domain.get("state", "Active") == "Inactive":
        raise runtime_error(f"The user cannot be created as domain {domain['name']} is being deleted")
    check_domain_access(store, caller_account(ctx), domain)
    account_name = ctx.get("account")
    account = find_enabled_account(store, account_name, domain["id"])
    if account is None or account_type(account) == PROJECT:
        raise invalid_value(f"Unable to find account {account_name} in domain id={domain['_id']} to create user")
    if account.get("_id") == SYSTEM_ACCOUNT_ID:
        raise permission_denied(f"Account id : {account['_id']} is a system account, can't add a user to it")
    username = ctx.get("username")
    if any(ci(u.get("username"), username) and u.get("domainid") == domain["id"] for u in store.all("users")):
        raise runtime_error(f"The user {username} already exists in domain {domain['_id']}")
    uuid = ctx.get("userid")
    if uuid and store.find_uuid(uuid):
        raise ApiError(530, f"DB Exception on: uuid {uuid} already exists", 4250)
    user = store.insert("users", {
        "id": uuid or None, "username": username, "firstname": ctx.get("firstname"), "lastname": ctx.get("lastname"),
        "email": ctx.get("email"), "timezone": ctx.get("timezone"), "state": "enabled", "accountid": account["id"],
        "domainid": domain["id"], "created": now_str(), "isdefault": False, "usersource": "native",
        "_password": ctx.get("password")})
    return {"user": ctx.render(user_view(store, user))}


def _user_and_account(ctx, label="Unable to find active user by id"):
    store = ctx.store
    user = ctx.ref("users", "id")
    account = store.get("accounts", user.get("accountid"))
    if account is None:
        raise invalid_value(f"unable to find user account {user.get('accountid')}")
    if account_type(account) == PROJECT:
        raise invalid_value(f"{label} {user['_id']}")
    return user, account


@command("updateUser")
def update_user(ctx):
    """AccountManagerImpl.updateUser: keys pair, names, username unique in the domain, password
    (admins need no current password), email, timezone."""
    store = ctx.store
    user = ctx.ref("users", "id")
    caller = caller_account(ctx)
    api_key, secret_key = ctx.params.get("userapikey"), ctx.params.get("usersecretkey")
    if bool(api_key and api_key.strip()) != bool(secret_key and secret_key.strip()):
        raise invalid_value("Please provide a userApiKey/userSecretKey pair")
    changes = {}
    if api_key and api_key.strip():
        owner = store.first("users", apikey=api_key)
        if owner is not None and owner["id"] != user["id"]:
            raise invalid_value(f"The API key [{api_key}] already exists in the system. Please provide a unique key.")
        changes.update(apikey=api_key, _secretkey=secret_key)
    account = store.get("accounts", user.get("accountid"))
    if account is None:
        raise runtime_error(f"Unable to find user account with ID: {user.get('accountid')}")
    if account_type(account) == PROJECT:
        raise invalid_value(f"Unable to find user with ID: {user['id']}")
    if account.get("_id") == SYSTEM_ACCOUNT_ID:
        raise permission_denied(f"user UUID : {user['id']} is a system account; update is not allowed.")
    check_entity_access(store, caller, account)
    for param, label in (("firstname", "Firstname"), ("lastname", "Lastname")):
        value = ctx.params.get(param)
        if value is not None:
            if not value.strip():
                raise invalid_value(f"{label} cannot be empty.")
            changes[param] = value
    username = ctx.params.get("username")
    if username is not None:
        if not username.strip():
            raise invalid_value("Username cannot be empty.")
        for other in store.all("users"):
            if other["id"] != user["id"] and other.get("username") == username:
                other_acct = store.get("accounts", other.get("accountid")) or {}
                if other_acct.get("domainid") == account.get("domainid"):
                    dom = store.get("domains", other_acct.get("domainid")) or {}
                    raise invalid_value(f"Username [{other['username']}] already exists in domain [id={dom.get('id')},"
                                        f"name={dom.get('name')}]")
        changes["username"] = username
    password = ctx.params.get("password")
    if password is not None:
        if not password.strip():
            raise invalid_value("Password cannot be empty or blank.")
        admin_caller = caller is None or caller.get("_id") == SYSTEM_ACCOUNT_ID or account_type(caller) in (ADMIN, DOMAIN_ADMIN)
        current = ctx.params.get("currentpassword")
        if not admin_caller:
            if not current or not current.strip():
                raise invalid_value("To set a new password the current password must be provided.")
            if current != user.get("_password"):
                raise invalid_value("Current password is incorrect.")
        changes["_password"] = password
    for param in ("email", "timezone"):
        value = ctx.params.get(param)
        if value is not None and value.strip():
            changes[param] = value
    if ctx.bool("mandate2fa", False):
        changes["is2faenabled"] = True
    user.update(changes)
    return {"user": ctx.render(user_view(store, user))}


@command("deleteUser")
def delete_user(ctx):
    store = ctx.store
    user = ref_including_removed(ctx, "users", "id")
    if user.get("_removed"):
        raise invalid_value("The specified user doesn't exist in the system")
    if user.get("isdefault"):
        raise invalid_value("The user is default and can't be (re)moved")
    account = store.get("accounts", user.get("accountid")) or {}
    if account_type(account) == PROJECT:
        raise invalid_value("Project users cannot be deleted or moved.")
    check_entity_access(store, caller_account(ctx), account)
    remove(store, "users", user)
    return {"success": True}


@command("disableUser")
def disable_user(ctx):
    store = ctx.store
    user = ctx.ref("users", "id")
    caller = caller_account(ctx)

    def work():
        try:
            account = store.get("accounts", user.get("accountid"))
            if store.get("users", user["id"]) is None:
                raise invalid_value(f"Unable to find active user by id {user['_id']}")
            if account is None:
                raise invalid_value(f"unable to find user account {user.get('accountid')}")
            if account_type(account) == PROJECT:
                raise invalid_value(f"Unable to find active user by id {user['_id']}")
            if account.get("_id") == SYSTEM_ACCOUNT_ID:
                raise invalid_value(f"User id : {user['_id']} is a system user, disabling is not allowed")
            check_entity_access(store, caller, account)
            user["state"] = "disabled"
        except ApiError as exc:
            raise job_error(exc) from None
        return {"user": ctx.render(user_view(store, user))}
    return AsyncResult(work, "User", user["id"])


@command("enableUser")
def enable_user(ctx):
    """enableUser also enables the user's account."""
    store = ctx.store
    user, account = _user_and_account(ctx)
    if account.get("_id") == SYSTEM_ACCOUNT_ID:
        raise invalid_value(f"User id : {user['_id']} is a system user, enabling is not allowed")
    check_entity_access(store, caller_account(ctx), account)
    user["state"] = "enabled"
    account.update(state="enabled", _needscleanup=False)
    user["_loginattempts"] = 0
    return {"user": ctx.render(user_view(store, user))}


@command("lockUser")
def lock_user(ctx):
    """lockUser: an enabled user becomes locked; the account is locked when none of its users is enabled."""
    store = ctx.store
    user, account = _user_and_account(ctx, "Unable to find user by id")
    if account.get("_id") == SYSTEM_ACCOUNT_ID:
        raise permission_denied(f"user id : {user['_id']} is a system user, locking is not allowed")
    check_entity_access(store, caller_account(ctx), account)
    state = user.get("state", "enabled")
    if state == "enabled":
        user["state"] = "locked"
        if not any(u.get("state", "enabled") == "enabled" for u in users_of(store, account)):
            if account.get("state", "enabled") == "enabled":
                account["state"] = "locked"
            elif account.get("state") != "locked":
                raise runtime_error(f"Unable to lock user {user['_id']}")
    elif state != "locked":
        raise runtime_error(f"Unable to lock user {user['_id']}")
    return {"user": ctx.render(user_view(store, user))}


@command("listUsers")
def list_users(ctx):
    """QueryManagerImpl.searchForUsersInternal/getUserListInternal."""
    store = ctx.store
    caller = caller_account(ctx) or {}
    user_id = ctx.get("id")
    if account_type(caller) == NORMAL:
        if user_id is not None and user_id != ctx.caller.get("id"):
            raise permission_denied("Calling user is not authorized to see the user requested by id")
        user_id = ctx.caller.get("id")
    account_name = ctx.params.get("account")
    domain_id = ctx.get("domainid")
    if domain_id is not None:
        ctx.ref("domains", "domainid")
    scope = acl_scope(ctx, id_=user_id, account_name=account_name, domain_id=domain_id,
                      recursive=ctx.bool("isrecursive", False), list_all=ctx.bool("listall", False))
    target = store.get("users", user_id) if user_id else None
    if target is not None and target.get("_id") == SYSTEM_USER_ID:
        return {}
    items = [u for u in store.all("users") if scope.matches(_user_row(store, u))]
    items = [u for u in items if u.get("_id") != SYSTEM_USER_ID]
    if user_id is not None:
        items = [u for u in items if u["id"] == user_id]
    if ctx.has("username"):
        items = [u for u in items if ci(u.get("username"), ctx.get("username"))]  # LIKE without wildcards
    if ctx.has("accounttype"):
        items = [u for u in items if account_type(store.get("accounts", u.get("accountid")) or {}) == ctx.int("accounttype")]
    if ctx.has("state"):
        items = [u for u in items if ci(u.get("state", "enabled"), ctx.get("state"))]
    if account_name is not None:
        items = [u for u in items if ci((store.get("accounts", u.get("accountid")) or {}).get("name"), account_name)]
        if scope.domain is not None:
            items = [u for u in items if u.get("domainid") == scope.domain["id"]]
    elif scope.domain is not None:  # getUserListInternal: domainPath LIKE path% (always the subtree)
        items = [u for u in items if _in_subtree(store, u.get("domainid"), scope.domain)]
    if ctx.has("keyword"):
        kw = ctx.get("keyword")
        items = [u for u in items if _user_keyword(store, u, kw)]
    items.sort(key=lambda u: u.get("_id", 0))
    caller_domain = caller.get("domainid")
    return page(ctx, items, "user", lambda u: ctx.render(user_view(store, u, caller_domain)))


def _user_row(store, user):
    acct = store.get("accounts", user.get("accountid")) or {}
    return {"accountid": user.get("accountid"), "domainid": user.get("domainid") or acct.get("domainid")}


def _user_keyword(store, user, kw):
    acct = store.get("accounts", user.get("accountid")) or {}
    fields = (user.get("username"), user.get("firstname"), user.get("lastname"), user.get("email"),
              user.get("state", "enabled"), acct.get("name"))
    if any(like(f, kw) for f in fields):
        return True
    return kw.upper() in ACCOUNT_TYPES and account_type(acct) == ACCOUNT_TYPES.index(kw.upper())


def new_key():
    """Base64.encodeBase64URLSafeString of a generated HmacSHA1 key (64 bytes): 86 characters."""
    return secrets.token_urlsafe(64)


@command("registerUserKeys")
def register_user_keys(ctx):
    """AccountManagerImpl.createApiKeyAndSecretKey: a new pair every call."""
    store = ctx.store
    user = ref_including_removed(ctx, "users", "id")
    account = store.get_including_removed("accounts", user.get("accountid")) or {}
    check_entity_access(store, caller_account(ctx), account)
    if user.get("_id") == SYSTEM_USER_ID:
        raise permission_denied(f"user id : {user['_id']} is system account, update is not allowed")
    if user.get("username") == "baremetal-system-account":
        raise permission_denied(f"user id : {user['_id']} is system account, update is not allowed")
    user["apikey"] = new_key()
    user["_secretkey"] = new_key()
    return {"userkeys": {"apikey": user["apikey"], "secretkey": user["_secretkey"]}}


@command("getUserKeys")
def get_user_keys(ctx):
    """AccountManagerImpl.getKeys: an active user; checkAccess(calling user, account)."""
    store = ctx.store
    user = ref_including_removed(ctx, "users", "id")
    if user.get("_removed"):
        raise invalid_value("Unable to find user by id")
    account = store.get("accounts", user.get("accountid")) or {}
    check_entity_access(store, caller_account(ctx), account)
    out = {}
    if user.get("apikey"):
        out["apikey"] = user["apikey"]
    if user.get("_secretkey"):
        out["secretkey"] = user["_secretkey"]
    return {"userkeys": out}


__all__ = ["acl_scope", "Scope", "check_domain_access", "check_entity_access", "caller_account", "account_view",
           "user_view", "domain_view", "find_active_account", "project_account", "role_of", "is_root_admin", "is_admin",
           "ci", "CS_INVALID_PARAM"]
