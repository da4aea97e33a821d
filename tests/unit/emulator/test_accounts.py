"""Domains, accounts, users, keys, roles, role permissions and resource limits of the emulator
(docs/emulator-identity.md), checked over HTTP and through the independent `cs` library."""
from __future__ import annotations

import json
import urllib.parse

import pytest

from conftest import Client


def err(cs, command, **params):
    status, body = cs.api(command, **params)
    assert status != 200, body
    inner = next(iter(body.values()))
    return status, inner["errortext"], inner.get("cserrorcode")


def job(cs, command, **params):
    res = cs.wait_job(cs.ok(command, **params)["jobid"])
    assert res["jobstatus"] != 0
    return res


def new_account(cs, name, **extra):
    params = {"username": name, "password": "pw-" + name, "firstname": "F", "lastname": "L", "email": name + "@x.test",
              "accounttype": 0}
    params.update(extra)
    return cs.ok("createAccount", **params)["account"]


def as_user(cs, account):
    """A client signed with fresh keys of the account's first user."""
    keys = cs.ok("registerUserKeys", id=account["user"][0]["id"])["userkeys"]
    other = Client(cs.r)
    other.key, other.secret = keys["apikey"], keys["secretkey"]
    return other


def role_id(cs, name):
    return next(r["id"] for r in cs.ok("listRoles", name=name)["role"] if r["name"] == name)


# -- roles of a fresh 4.18 ---------------------------------------------------------------------------------
def test_default_roles_and_rules(cs):
    roles = cs.ok("listRoles")["role"]
    assert [(r["name"], r["type"]) for r in roles] == [
        ("Root Admin", "Admin"), ("Resource Admin", "ResourceAdmin"), ("Domain Admin", "DomainAdmin"), ("User", "User"),
        ("Read-Only Admin - Default", "Admin"), ("Read-Only User - Default", "User"),
        ("Support Admin - Default", "Admin"), ("Support User - Default", "User")]
    assert all(r["isdefault"] for r in roles)
    assert roles[3]["description"] == "Default user role"
    root = cs.ok("listRolePermissions", roleid=roles[0]["id"])["rolepermission"]
    assert [(p["rule"], p["permission"]) for p in root] == [("*", "allow")]
    ro_admin = [(p["rule"], p["permission"]) for p in cs.ok("listRolePermissions", roleid=roles[4]["id"])["rolepermission"]]
    assert ro_admin[:3] == [("list*", "allow"), ("getUploadParamsFor*", "deny"), ("get*", "allow")]
    assert ro_admin[-3:] == [("quotaBalance", "allow"), ("quotaStatement", "allow"), ("*", "deny")]
    user_rules = {p["rule"] for p in cs.ok("listRolePermissions", roleid=roles[3]["id"])["rolepermission"]}
    assert {"listZones", "deployVirtualMachine", "moveNetworkAclItem", "listAnnotations"} <= user_rules
    assert "migrateVolume" not in user_rules and "associateLun" not in user_rules and "createZone" not in user_rules
    assert cs.ok("listRoles", name="admin")["count"] == 5  # LIKE %admin%
    assert cs.ok("listRoles", type="User")["count"] == 3
    status, text, dummy = err(cs, "listRoles", type="Bogus")
    assert status == 431 and "RoleType.Bogus" in text


# -- domains -------------------------------------------------------------------------------------------------
def test_domain_paths_duplicates_update(cs):
    customers = cs.ok("createDomain", name="customers")["domain"]
    assert customers["path"] == "ROOT/customers" and customers["level"] == 1 and "state" not in customers
    acme = cs.ok("createDomain", name="acme", parentdomainid=customers["id"], networkdomain="acme.example.com")["domain"]
    assert acme["path"] == "ROOT/customers/acme" and acme["parentdomainname"] == "customers"
    status, text, code = err(cs, "createDomain", name="ACME", parentdomainid=customers["id"])
    assert status == 431 and code == 4350 and text.startswith("Domain with name ACME already exists for the parent id=")
    assert cs.ok("createDomain", name="acme")["domain"]["path"] == "ROOT/acme"  # another parent: fine
    status, text, dummy = err(cs, "createDomain", name="bad", networkdomain="-bad-.example")
    assert status == 431 and text.startswith("Invalid network domain.")
    status, text, dummy = err(cs, "createDomain", name="a/b")
    assert status == 431 and "without '/' characters" in text
    listed = cs.ok("listDomains", id=customers["id"])["domain"][0]
    # max.domain.user.vms is -1 on a fresh install (schema-452to460.sql inserts it before Config.java's 40 could)
    assert listed["haschild"] is True and listed["state"] == "Active" and listed["vmlimit"] == "Unlimited"
    renamed = cs.ok("updateDomain", id=customers["id"], name="clients")["domain"]
    assert renamed["path"] == "ROOT/clients"
    assert cs.ok("listDomains", id=acme["id"])["domain"][0]["path"] == "ROOT/clients/acme"
    cleared = cs.ok("updateDomain", id=acme["id"], networkdomain="")["domain"]
    assert "networkdomain" not in cleared
    root = cs.ok("listDomains", name="ROOT")["domain"][0]
    assert err(cs, "updateDomain", id=root["id"], name="TOP")[1] == "ROOT domain can not be edited with a new name"
    assert cs.ok("listDomains", name="Acme")["count"] == 2
    assert cs.ok("listDomains", level=2)["domain"][0]["name"] == "acme"
    assert cs.ok("listDomains", keyword="CLI")["count"] == 1
    children = cs.ok("listDomainChildren", id=root["id"])["domain"]
    assert sorted(d["name"] for d in children) == ["acme", "clients"]
    assert cs.ok("listDomainChildren", id=root["id"], isrecursive="true")["count"] == 3


def test_delete_domain_with_and_without_cleanup(cs):
    top = cs.ok("createDomain", name="top")["domain"]
    sub = cs.ok("createDomain", name="sub", parentdomainid=top["id"])["domain"]
    new_account(cs, "carol", domainid=sub["id"])
    res = job(cs, "deleteDomain", id=top["id"])
    assert res["jobstatus"] == 2 and res["jobresult"]["errorcode"] == 530
    assert res["jobresult"]["errortext"].startswith("Delete failed on domain top (id: ")
    assert res["jobinstancetype"] == "Domain"
    assert cs.ok("listDomains", id=top["id"])["domain"][0]["state"] == "Active"
    res = job(cs, "deleteDomain", id=top["id"], cleanup="true")
    assert res["jobstatus"] == 1 and res["jobresult"] == {"success": True}
    assert cs.ok("listDomains", name="sub") == {}
    assert cs.ok("listAccounts", listall="true", name="carol") == {}
    assert cs.ok("listUsers", listall="true", username="carol") == {}
    root = cs.ok("listDomains", name="ROOT")["domain"][0]
    res = job(cs, "deleteDomain", id=root["id"])
    assert res["jobresult"] == {"errorcode": 530, "errortext": "Can't delete ROOT domain"}


# -- accounts ------------------------------------------------------------------------------------------------
def test_create_account_types_roles_and_errors(cs):
    dom = cs.ok("createDomain", name="acme")["domain"]
    user = new_account(cs, "u1", domainid=dom["id"], networkdomain="u1.acme.test")
    assert (user["accounttype"], user["rolename"], user["roletype"]) == (0, "User", "User")
    assert user["domainpath"] == "ROOT/acme" and user["networkdomain"] == "u1.acme.test" and user["state"] == "enabled"
    first = user["user"][0]
    assert first["username"] == "u1" and first["accountid"] == user["id"] and "secretkey" not in first
    assert "password" not in json.dumps(user)
    dadmin = new_account(cs, "da", domainid=dom["id"], accounttype=2)
    assert (dadmin["accounttype"], dadmin["rolename"]) == (2, "Domain Admin")
    ro = new_account(cs, "ro", roleid=role_id(cs, "Read-Only User - Default"), accounttype=2)
    assert (ro["accounttype"], ro["rolename"]) == (0, "Read-Only User - Default")  # the role decides the type
    named = new_account(cs, "owner1", account="team-a")
    assert named["name"] == "team-a" and named["user"][0]["username"] == "owner1"
    status, text, code = err(cs, "createAccount", username="x", password="p", firstname="F", lastname="L", email="e")
    assert (status, text, code) == (431, "Neither account type and role ID are not provided", 9999)
    assert err(cs, "createAccount", username="x", password="p", firstname="F", lastname="L", email="e", accounttype=1,
               domainid=dom["id"])[1].endswith("unable to create user of admin role type in non-ROOT domain.")
    status, text, dummy = err(cs, "createAccount", username="U1", password="p", firstname="F", lastname="L", email="e",
                              accounttype=0, domainid=dom["id"])
    assert status == 431 and text.startswith("The user U1 already exists in domain ")
    assert err(cs, "createAccount", username="zz", account="TEAM-A", password="p", firstname="F", lastname="L", email="e",
               accounttype=0)[1] == "The specified account: TEAM-A already exists"
    assert err(cs, "createAccount", username="zz", password="p", firstname="F", lastname="L", email="e",
               accounttype=3)[1].endswith("is not associated with any private Zone")
    assert err(cs, "createAccount", username="zz", password="p", firstname="F", lastname="L", email="e", accounttype=0,
               networkdomain="bad_domain")[1].startswith("Invalid network domain.")


def test_list_accounts_scoping(cs):
    dom = cs.ok("createDomain", name="acme")["domain"]
    sub = cs.ok("createDomain", name="sub", parentdomainid=dom["id"])["domain"]
    new_account(cs, "a1", domainid=dom["id"])
    new_account(cs, "a2", domainid=sub["id"])
    assert [a["name"] for a in cs.ok("listAccounts")["account"]] == ["admin"]  # root admin, no listall: own account
    assert {a["name"] for a in cs.ok("listAccounts", listall="true")["account"]} == {"admin", "a1", "a2"}
    assert [a["name"] for a in cs.ok("listAccounts", domainid=dom["id"])["account"]] == ["a1"]
    assert {a["name"] for a in cs.ok("listAccounts", domainid=dom["id"], isrecursive="true")["account"]} == {"a1", "a2"}
    assert cs.ok("listAccounts", listall="true", name="A1")["account"][0]["name"] == "a1"
    assert cs.ok("listAccounts", listall="true", accounttype=0)["count"] == 2
    assert cs.ok("listAccounts", listall="true", state="disabled") == {}


def test_update_disable_enable_delete_account(cs):
    acct = new_account(cs, "bob")
    upd = cs.ok("updateAccount", id=acct["id"], newname="robert", networkdomain="bob.test")["account"]
    assert upd["name"] == "robert" and upd["networkdomain"] == "bob.test"
    assert err(cs, "updateAccount", id=acct["id"], roleid=role_id(cs, "Domain Admin"))[1].startswith(
        "Unable to update account role to Domain Admin as you are attempting to escalate the account robert")
    ro = cs.ok("updateAccount", id=acct["id"], roleid=role_id(cs, "Read-Only User - Default"))["account"]
    assert ro["rolename"] == "Read-Only User - Default" and ro["accounttype"] == 0
    res = job(cs, "disableAccount", id=acct["id"], lock="true")
    assert res["jobresult"]["account"]["state"] == "locked" and res["jobinstancetype"] == "Account"
    res = job(cs, "disableAccount", id=acct["id"], lock="false")
    assert res["jobresult"]["account"]["state"] == "disabled"
    res = job(cs, "disableAccount", id=acct["id"], lock="true")  # only an enabled account can be locked
    assert res["jobstatus"] == 2 and res["jobresult"]["errortext"].startswith("Unable to lock account by accountId:")
    assert cs.ok("enableAccount", id=acct["id"])["account"]["state"] == "enabled"
    status, text, code = err(cs, "lockAccount", account="robert", domainid=acct["domainid"])
    assert (status, code) == (530, 4250) and text.startswith("LockAccount does not lock accounts.")
    admin = cs.ok("listAccounts", name="admin")["account"][0]
    res = job(cs, "deleteAccount", id=admin["id"])
    assert res["jobresult"] == {"errorcode": 431, "errortext": "The account is default and can't be removed"}
    assert job(cs, "deleteAccount", id=acct["id"])["jobresult"] == {"success": True}
    assert cs.ok("listAccounts", listall="true", name="robert") == {}
    assert job(cs, "deleteAccount", id=acct["id"])["jobresult"] == {"success": True}  # already removed: success


def test_disabled_account_keys_rejected(cs):
    acct = new_account(cs, "dana")
    user = as_user(cs, acct)
    assert user.api("listZones")[0] == 200
    job(cs, "disableAccount", id=acct["id"], lock="false")
    assert user.api("listZones")[0] == 401
    cs.ok("enableAccount", id=acct["id"])
    assert user.api("listZones")[0] == 200


# -- users ---------------------------------------------------------------------------------------------------
def _login(cs, username, password, domain=None):
    form = {"command": "login", "username": username, "password": password, "response": "json"}
    if domain:
        form["domain"] = domain
    status, body, dummy = cs.raw(cs.r.endpoint, data=urllib.parse.urlencode(form).encode(), method="POST",
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    return status, json.loads(body)


def test_users_lifecycle_password_and_states(cs):
    dom = cs.ok("createDomain", name="acme")["domain"]
    acct = new_account(cs, "erin", domainid=dom["id"])
    u2 = cs.ok("createUser", account="erin", domainid=dom["id"], username="erin2", password="pw1", firstname="E",
               lastname="Two", email="e2@x.test", timezone="UTC")["user"]
    assert u2["account"] == "erin" and u2["timezone"] == "UTC" and u2["rolename"] == "User"
    assert err(cs, "createUser", account="erin", domainid=dom["id"], username="ERIN2", password="p", firstname="F",
               lastname="L", email="e")[:2] == (530, f"The user ERIN2 already exists in domain {u2 and _internal(cs, dom)}")
    assert err(cs, "createUser", account="nobody", domainid=dom["id"], username="x", password="p", firstname="F",
               lastname="L", email="e")[1].startswith("Unable to find account nobody in domain id=")
    assert _login(cs, "erin2", "pw1", "/acme")[0] == 200
    upd = cs.ok("updateUser", id=u2["id"], password="pw2", firstname="Eve", email="eve@x.test")["user"]
    assert upd["firstname"] == "Eve" and upd["email"] == "eve@x.test" and "password" not in upd
    assert _login(cs, "erin2", "pw1", "/acme")[0] == 531 and _login(cs, "erin2", "pw2", "acme")[0] == 200
    assert err(cs, "updateUser", id=u2["id"], password=" ")[1] == "Password cannot be empty or blank."
    assert err(cs, "updateUser", id=u2["id"], username="erin")[1].startswith("Username [erin] already exists in domain [id=")
    assert err(cs, "updateUser", id=u2["id"], userapikey="k")[1] == "Please provide a userApiKey/userSecretKey pair"
    res = job(cs, "disableUser", id=u2["id"])
    assert res["jobresult"]["user"]["state"] == "disabled" and res["jobinstancetype"] == "User"
    assert _login(cs, "erin2", "pw2", "acme")[0] == 531
    assert cs.ok("enableUser", id=u2["id"])["user"]["state"] == "enabled"
    first = acct["user"][0]
    assert cs.ok("lockUser", id=first["id"])["user"]["state"] == "locked"
    assert cs.ok("listAccounts", id=acct["id"])["account"][0]["state"] == "enabled"  # erin2 is still enabled
    cs.ok("lockUser", id=u2["id"])
    assert cs.ok("listAccounts", id=acct["id"])["account"][0]["state"] == "locked"  # no enabled user left
    assert cs.ok("enableUser", id=first["id"])["user"]["state"] == "enabled"
    assert cs.ok("listAccounts", id=acct["id"])["account"][0]["state"] == "enabled"  # enableUser enables the account
    assert cs.ok("deleteUser", id=u2["id"]) == {"success": True}
    assert err(cs, "deleteUser", id=u2["id"])[1] == "The specified user doesn't exist in the system"
    admin_user = cs.ok("listUsers", username="admin")["user"][0]
    assert err(cs, "deleteUser", id=admin_user["id"])[1] == "The user is default and can't be (re)moved"


def _internal(cs, domain):
    return next(d["_id"] for d in cs.control("/state/domains")[1] if d["id"] == domain["id"])


def test_list_users_filters(cs):
    dom = cs.ok("createDomain", name="acme")["domain"]
    new_account(cs, "fay", domainid=dom["id"])
    assert [u["username"] for u in cs.ok("listUsers")["user"]] == ["admin"]
    assert {u["username"] for u in cs.ok("listUsers", listall="true")["user"]} == {"admin", "fay"}
    assert [u["username"] for u in cs.ok("listUsers", domainid=dom["id"])["user"]] == ["fay"]
    assert cs.ok("listUsers", listall="true", keyword="FA")["user"][0]["username"] == "fay"
    assert cs.ok("listUsers", listall="true", account="fay", domainid=dom["id"])["count"] == 1
    system = next(u for u in cs.control("/state/users")[1] if u["username"] == "system")
    assert cs.ok("listUsers", id=system["id"]) == {}


def test_register_and_get_user_keys(cs):
    acct = new_account(cs, "gus")
    uid = acct["user"][0]["id"]
    first = cs.ok("registerUserKeys", id=uid)["userkeys"]
    second = cs.ok("registerUserKeys", id=uid)["userkeys"]
    assert len(first["apikey"]) == 86 and len(first["secretkey"]) == 86
    assert first["apikey"] != second["apikey"] and first["secretkey"] != second["secretkey"]
    assert cs.ok("getUserKeys", id=uid)["userkeys"] == second
    listed = cs.ok("listUsers", id=uid)["user"][0]
    assert listed["apikey"] == second["apikey"] and "secretkey" not in listed
    old = Client(cs.r)
    old.key, old.secret = first["apikey"], first["secretkey"]
    assert old.api("listZones")[0] == 401
    system = next(u for u in cs.control("/state/users")[1] if u["username"] == "system")
    assert err(cs, "registerUserKeys", id=system["id"])[:2] == (531, "user id : 1 is system account, update is not allowed")


# -- roles and permissions -----------------------------------------------------------------------------------
def test_custom_roles_and_ordered_rules(cs):
    role = cs.ok("createRole", name="ops", type="User", description="operators")["role"]
    assert role["type"] == "User" and "isdefault" not in role
    assert err(cs, "createRole", name="OPS", type="User")[0] == 530  # UNIQUE(name, role_type)
    assert cs.ok("createRole", name="ops", type="DomainAdmin")["role"]["type"] == "DomainAdmin"
    assert err(cs, "createRole", name="x")[1] == "Neither role type nor role ID is provided"
    assert err(cs, "createRole", name="x", type="Root")[:2] == (530, "Illegal RoleType name provided")
    p1 = cs.ok("createRolePermission", roleid=role["id"], rule="list*", permission="allow", description="read")
    p1 = p1["rolepermission"]
    assert (p1["rule"], p1["permission"], p1["description"]) == ("list*", "allow", "read")
    p2 = cs.ok("createRolePermission", roleid=role["id"], rule="listZones", permission="DENY")["rolepermission"]
    p3 = cs.ok("createRolePermission", roleid=role["id"], rule="*", permission="deny")["rolepermission"]
    assert err(cs, "createRolePermission", roleid=role["id"], rule="LISTZONES", permission="allow")[:2] == (
        531, "Rule already exists for the role: ops")
    assert err(cs, "createRolePermission", roleid=role["id"], rule="list-x", permission="allow")[1] == (
        "Only API names and wildcards are allowed, invalid rule provided: list-x")
    assert "Permission.MAYBE" in err(cs, "createRolePermission", roleid=role["id"], rule="a", permission="maybe")[1]
    order = [p["id"] for p in cs.ok("listRolePermissions", roleid=role["id"])["rolepermission"]]
    assert order == [p1["id"], p2["id"], p3["id"]]
    assert cs.ok("updateRolePermission", roleid=role["id"], ruleorder=",".join([p2["id"], p1["id"], p3["id"]])) == {
        "success": True}
    assert [p["rule"] for p in cs.ok("listRolePermissions", roleid=role["id"])["rolepermission"]] == ["listZones", "list*", "*"]
    assert err(cs, "updateRolePermission", roleid=role["id"], ruleorder=p1["id"])[0] == 530
    assert cs.ok("updateRolePermission", roleid=role["id"], ruleid=p2["id"], permission="allow") == {"success": True}
    assert cs.ok("listRolePermissions", roleid=role["id"])["rolepermission"][0]["permission"] == "allow"
    clone = cs.ok("createRole", name="ops-copy", roleid=role["id"])["role"]
    assert [p["rule"] for p in cs.ok("listRolePermissions", roleid=clone["id"])["rolepermission"]] == ["listZones", "list*", "*"]
    assert cs.ok("deleteRolePermission", id=p3["id"]) == {"success": True}
    assert cs.ok("listRolePermissions", roleid=role["id"])["count"] == 2
    upd = cs.ok("updateRole", id=role["id"], name="operators", description="ops team")["role"]
    assert (upd["name"], upd["description"]) == ("operators", "ops team")
    user_role = role_id(cs, "User")
    assert err(cs, "updateRole", id=user_role, name="x")[:2] == (531, "Default roles cannot be updated")
    assert err(cs, "deleteRole", id=user_role)[1] == "Default roles cannot be deleted"
    assert err(cs, "createRolePermission", roleid=user_role, rule="x", permission="allow")[1] == (
        "Role permission cannot be added for Default roles")
    new_account(cs, "hal", roleid=role["id"])
    assert err(cs, "deleteRole", id=role["id"])[1] == "Found accounts that have role in use, won't allow to delete role"
    assert err(cs, "updateRole", id=role["id"], type="DomainAdmin")[1] == (
        "Found accounts that have role in use, won't allow to change role type")
    assert cs.ok("deleteRole", id=clone["id"]) == {"success": True}


def test_import_role(cs):
    rules = {"rules[0].rule": "list*", "rules[0].permission": "allow", "rules[1].rule": "*", "rules[1].permission": "deny"}
    role = cs.ok("importRole", name="viewer", type="User", **rules)["role"]
    assert [(p["rule"], p["permission"]) for p in cs.ok("listRolePermissions", roleid=role["id"])["rolepermission"]] == [
        ("list*", "allow"), ("*", "deny")]
    assert err(cs, "importRole", name="viewer", type="User", **rules)[:2] == (530, "Role already exists")
    again = cs.ok("importRole", name="viewer", type="User", forced="true",
                  **{"rules[0].rule": "get*", "rules[0].permission": "allow"})["role"]
    assert again["id"] == role["id"] and cs.ok("listRolePermissions", roleid=role["id"])["count"] == 1
    assert err(cs, "importRole", name="User", type="User", forced="true", **rules)[1].endswith(
        "default role cannot be overriden")


def test_api_access_by_role(cs):
    user = as_user(cs, new_account(cs, "ivy"))
    assert user.api("listZones")[0] == 200
    status, body = user.api("createZone", name="z", dns1="8.8.8.8", internaldns1="8.8.8.8", networktype="Advanced")
    assert status == 432 and body["errorresponse"]["errortext"].startswith(
        "The API [createZone] does not exist or is not available for the account Account [{\"id\":")
    assert user.api("getUserKeys", id=cs.ok("listUsers", listall="true", username="ivy")["user"][0]["id"])[0] == 200
    role = cs.ok("createRole", name="no-list", type="User")["role"]
    cs.ok("createRolePermission", roleid=role["id"], rule="listZones", permission="deny")
    cs.ok("createRolePermission", roleid=role["id"], rule="list*", permission="allow")
    restricted = as_user(cs, new_account(cs, "jay", roleid=role["id"]))
    assert restricted.api("listZones")[0] == 432
    assert restricted.api("listAccounts")[0] == 200
    assert restricted.api("deployVirtualMachine", zoneid="x", serviceofferingid="y", templateid="z")[0] == 432
    # a domain admin may not create an account with more rights than it has
    dadmin = as_user(cs, new_account(cs, "kim", accounttype=2))
    everything = cs.ok("createRole", name="everything", type="User")["role"]
    cs.ok("createRolePermission", roleid=everything["id"], rule="*", permission="allow")
    status, body = dadmin.api("createAccount", username="lee", password="p", firstname="F", lastname="L", email="e",
                              roleid=everything["id"])
    assert status == 531 and "can not create an account with access to more privileges" in json.dumps(body)
    assert dadmin.api("createAccount", username="lee", password="p", firstname="F", lastname="L", email="e",
                      accounttype=0)[0] == 200
    assert [r["name"] for r in dadmin.ok("listRoles")["role"]] == [
        "Resource Admin", "Domain Admin", "User", "Read-Only User - Default", "Support User - Default", "no-list", "everything"]


# -- resource limits -----------------------------------------------------------------------------------------
def test_resource_limits_accounts_domains_projects(cs):
    dom = cs.ok("createDomain", name="acme")["domain"]
    sub = cs.ok("createDomain", name="sub", parentdomainid=dom["id"])["domain"]
    acct = new_account(cs, "max", domainid=dom["id"])
    limits = cs.ok("listResourceLimits", account="max", domainid=dom["id"])["resourcelimit"]
    assert [(x["resourcetypename"], x["resourcetype"], x["max"]) for x in limits] == [
        ("user_vm", "0", 20), ("public_ip", "1", 20), ("volume", "2", 20), ("snapshot", "3", 20), ("template", "4", 20),
        ("project", "5", -1), ("network", "6", 20), ("vpc", "7", 20), ("cpu", "8", 40), ("memory", "9", 40960),
        ("primary_storage", "10", 200), ("secondary_storage", "11", 400)]
    assert limits[0]["account"] == "max" and limits[0]["domain"] == "acme"
    out = cs.ok("updateResourceLimit", account="max", domainid=dom["id"], resourcetype=10, max=50)["resourcelimit"]
    assert (out["resourcetypename"], out["max"]) == ("primary_storage", 50)
    one = cs.ok("listResourceLimits", account="max", domainid=dom["id"], resourcetypename="primary_storage")
    assert one == {"count": 1, "resourcelimit": [dict(out)]}
    assert cs.ok("listAccounts", id=acct["id"])["account"][0]["primarystoragelimit"] == "50"
    assert cs.ok("updateResourceLimit", account="max", domainid=dom["id"], resourcetype=0)["resourcelimit"]["max"] == -1
    assert cs.ok("listAccounts", id=acct["id"])["account"][0]["vmlimit"] == "Unlimited"
    assert cs.ok("updateResourceLimit", domainid=dom["id"], resourcetype=8, max=10)["resourcelimit"]["max"] == 10
    assert cs.ok("listResourceLimits", domainid=sub["id"], resourcetype=8)["resourcelimit"][0]["max"] == 10  # inherited
    assert err(cs, "updateResourceLimit", domainid=sub["id"], resourcetype=8, max=11)[1].endswith(
        "please specify a value less that or equal to 10")
    root = cs.ok("listDomains", name="ROOT")["domain"][0]
    assert err(cs, "updateResourceLimit", domainid=root["id"], resourcetype=0, max=5)[:2] == (
        531, "Cannot update resource limit for ROOT domain 1, permission denied")
    assert err(cs, "updateResourceLimit", domainid=dom["id"], resourcetype=12, max=5)[1] == "Please specify valid resource type"
    assert err(cs, "updateResourceLimit", domainid=dom["id"], resourcetype=0, max=-2)[1].startswith("Please specify either '-1'")
    admin = cs.ok("listAccounts", name="admin")["account"][0]
    assert err(cs, "updateResourceLimit", account="admin", domainid=admin["domainid"], resourcetype=0, max=5)[1] == (
        "Only -1 limit is supported for Root Admin accounts")
    assert err(cs, "listResourceLimits", resourcetypename="gpu")[1] == "Please specify a valid resource type name."
    project = cs.control("/seed", {"projects": [{"name": "p1", "state": "Active", "domainid": dom["id"]}]})[1]["projects"][0]
    lim = cs.ok("updateResourceLimit", projectid=project["id"], resourcetype=0, max=3)["resourcelimit"]
    assert (lim["projectid"], lim["project"], lim["max"]) == (project["id"], "p1", 3)
    counts = cs.ok("updateResourceCount", domainid=dom["id"], account="max")["resourcecount"]
    assert len(counts) == 12 and counts[0]["resourcecount"] == 0 and counts[0]["account"] == "max"


# -- an independent client: the cs library -------------------------------------------------------------------
def test_cs_library_session_with_new_keys(cs):
    cslib = pytest.importorskip("cs")
    admin = cslib.CloudStack(endpoint=cs.r.endpoint, key=cs.key, secret=cs.secret, poll_interval=0.05)
    dom = admin.createDomain(name="cslib")["domain"]
    acct = admin.createAccount(username="nia", password="secret-pw", firstname="N", lastname="I", email="n@x.test",
                               accounttype=0, domainid=dom["id"])["account"]
    keys = admin.registerUserKeys(id=acct["user"][0]["id"])["userkeys"]
    mine = cslib.CloudStack(endpoint=cs.r.endpoint, key=keys["apikey"], secret=keys["secretkey"], poll_interval=0.05)
    listed = mine.listAccounts()["account"]
    assert [a["name"] for a in listed] == ["nia"] and listed[0]["domainpath"] == "ROOT/cslib"
    me = mine.listUsers()["user"]
    assert [u["username"] for u in me] == ["nia"] and me[0]["apikey"] == keys["apikey"]
    assert mine.getUserKeys(id=me[0]["id"])["userkeys"]["secretkey"] == keys["secretkey"]
    with pytest.raises(cslib.CloudStackApiException) as exc:
        mine.createDomain(name="nope")
    assert exc.value.error["errorcode"] == 432
    gone = admin.deleteAccount(id=acct["id"], fetch_result=True)
    assert gone == {"success": True}
    with pytest.raises(cslib.CloudStackApiException) as exc:
        mine.listAccounts()
    assert exc.value.error["errorcode"] == 401


def test_domain_admin_scope(cs):
    """A domain admin sees its domain subtree (listall), never a domain it does not own."""
    top = cs.ok("createDomain", name="top")["domain"]
    sub = cs.ok("createDomain", name="sub", parentdomainid=top["id"])["domain"]
    other = cs.ok("createDomain", name="other")["domain"]
    admin = as_user(cs, new_account(cs, "boss", domainid=top["id"], accounttype=2))
    new_account(cs, "worker", domainid=sub["id"])
    new_account(cs, "stranger", domainid=other["id"])
    assert [a["name"] for a in admin.ok("listAccounts")["account"]] == ["boss"]
    assert {a["name"] for a in admin.ok("listAccounts", listall="true")["account"]} == {"boss", "worker"}
    assert {u["username"] for u in admin.ok("listUsers", listall="true")["user"]} == {"boss", "worker"}
    assert {d["name"] for d in admin.ok("listDomains", listall="true")["domain"]} == {"top", "sub"}
    status, body = admin.api("listAccounts", domainid=other["id"])
    assert status == 531 and "does not have permission to operate within domain" in json.dumps(body)
    worker = as_user(cs, cs.ok("listAccounts", listall="true", name="worker")["account"][0])
    assert [u["username"] for u in worker.ok("listUsers", listall="true")["user"]] == ["worker"]
    assert worker.ok("listResourceLimits")["resourcelimit"][0]["account"] == "worker"


def test_guest_side_owned_by_api_accounts(cs):
    """The guest side (networks, VMs: docs/emulator-guest.md) scopes by the accounts and domains the identity
    handlers create: a user of a new account deploys in its own isolated network, sees only its own objects,
    its resource count follows, and deleteAccount takes the VM and the network with it."""
    import guestzone as g  # pylint: disable=import-outside-toplevel
    ids = g.zone(cs)
    cat = g.seed_catalog(cs, ids["zone"])
    dom = cs.ok("createDomain", name="tenant")["domain"]
    acct = new_account(cs, "tuser", domainid=dom["id"])
    user = as_user(cs, acct)
    net = user.ok("createNetwork", zoneid=ids["zone"], name="tnet", displaytext="t",
                  networkofferingid=g.offering(cs, "DefaultIsolatedNetworkOfferingWithSourceNatService"))["network"]
    assert (net["account"], net["domainid"]) == ("tuser", dom["id"])
    res = user.ok("deployVirtualMachine", zoneid=ids["zone"], serviceofferingid=cat["small"], templateid=cat["template"],
                  networkids=net["id"])
    vm = user.wait_job(res["jobid"])["jobresult"]["virtualmachine"]
    assert (vm["account"], vm["domain"]) == ("tuser", "tenant")
    mine = res["id"]
    cs.wait_job(cs.ok("deployVirtualMachine", zoneid=ids["zone"], serviceofferingid=cat["small"], templateid=cat["template"])["jobid"])
    assert [v["id"] for v in user.ok("listVirtualMachines", listall="true")["virtualmachine"]] == [mine]
    assert [n["id"] for n in user.ok("listNetworks")["network"]] == [net["id"]]
    assert [v["id"] for v in cs.ok("listVirtualMachines", account="tuser", domainid=dom["id"])["virtualmachine"]] == [mine]
    listed = cs.ok("listAccounts", id=acct["id"])["account"][0]
    assert (listed["vmtotal"], listed["networktotal"]) == (1, 1)
    job(cs, "deleteAccount", id=acct["id"])
    assert all(v["id"] != mine for v in cs.ok("listVirtualMachines", listall="true").get("virtualmachine", []))
    assert all(n["id"] != net["id"] for n in cs.ok("listNetworks", listall="true").get("network", []))
    err(cs, "listNetworks", account="tuser", domainid=dom["id"])
