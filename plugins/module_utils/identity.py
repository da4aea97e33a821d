# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared parts of the domain, account, user, role, role_permission and resource_limit modules:
domain paths, account types, resource types, look-ups and the snake_case results.

The CloudStack facts behind them (path format, account type ordinals, resource type names and
ordinals, name matching) are in docs/emulator-identity.md with their sources.
"""

from __future__ import annotations

import re

from .api import CloudStackError, looks_like_uuid

# Account.Type ordinals
ACCOUNT_TYPES = {0: "user", 1: "root_admin", 2: "domain_admin", 3: "resource_admin", 4: "read_only_admin", 5: "project"}
ACCOUNT_TYPE_IDS = {name: number for number, name in ACCOUNT_TYPES.items()}
# the RoleType of the default role of an account type
ACCOUNT_TYPE_ROLE_TYPE = {"user": "User", "root_admin": "Admin", "domain_admin": "DomainAdmin", "resource_admin": "ResourceAdmin"}
ROLE_TYPES = ("Admin", "ResourceAdmin", "DomainAdmin", "User")

# Resource.ResourceType: name, ordinal, prefix of the limit/total/available fields of accounts and domains
RESOURCE_TYPES = (
    ("user_vm", 0, "vm"), ("public_ip", 1, "ip"), ("volume", 2, "volume"), ("snapshot", 3, "snapshot"),
    ("template", 4, "template"), ("project", 5, "project"), ("network", 6, "network"), ("vpc", 7, "vpc"),
    ("cpu", 8, "cpu"), ("memory", 9, "memory"), ("primary_storage", 10, "primarystorage"),
    ("secondary_storage", 11, "secondarystorage"),
)
RESOURCE_TYPE_IDS = {name: ordinal for name, ordinal, dummy in RESOURCE_TYPES}
# names of ngine_io.cloudstack's resource_limit module
RESOURCE_TYPE_ALIASES = {"instance": "user_vm", "ip_address": "public_ip"}
RESOURCE_TYPE_CHOICES = [name for name, dummy, dummy2 in RESOURCE_TYPES] + sorted(RESOURCE_TYPE_ALIASES)


def domain_path(option, value):
    """The canonical path ROOT/a/b of a domain given as ROOT/a/b, /ROOT/a/b, /a/b or a/b.

    Fails naming the option for an empty segment or a trailing slash.
    """
    text = str(value).strip()
    if not text:
        raise CloudStackError("%s: the domain path is empty." % option)
    if text != "/" and text.endswith("/"):
        raise CloudStackError("%s: %r ends with '/'; write the path without it, e.g. ROOT/customers." % (option, value))
    parts = text.strip("/").split("/") if text.strip("/") else []
    if parts and parts[0].upper() == "ROOT":
        parts = parts[1:]
    if any(part.strip() == "" for part in parts):
        raise CloudStackError("%s: %r has an empty segment." % (option, value))
    return "/".join(["ROOT"] + parts)


def network_domain(option, value):
    """A network domain CloudStack accepts (NetUtils.verifyDomainName): 1-190 characters, labels of 1-63 letters,
    digits and hyphens, not starting or ending with a hyphen. An empty string (remove it) passes."""
    if value is None or value == "":
        return value
    labels = value.split(".")
    if len(value) > 190 or any(not label or len(label) > 63 or not re.match(r"^[A-Za-z0-9-]+$", label)
                               or label[0] == "-" or label[-1] == "-" for label in labels):
        raise CloudStackError("%s: %r is not a valid DNS domain (labels of 1-63 letters, digits and hyphens, not starting "
                              "or ending with a hyphen, 190 characters at most)." % (option, value))
    return value


def path_parent(path):
    return path.rsplit("/", 1)[0] if "/" in path else None


def path_name(path):
    return path.rsplit("/", 1)[-1]


def same_path(a, b):
    """Domain names are unique per parent regardless of case (MySQL collation)."""
    return a is not None and b is not None and a.lower() == b.lower()


def resource_type_name(value):
    """A resource type by CloudStack name, ngine_io name or ordinal -> CloudStack name."""
    text = str(value).strip().lower()
    text = RESOURCE_TYPE_ALIASES.get(text, text)
    if text in RESOURCE_TYPE_IDS:
        return text
    for name, ordinal, dummy in RESOURCE_TYPES:
        if text == str(ordinal):
            return name
    raise CloudStackError("resource_type: %r is not a CloudStack resource type (%s)." % (
        value, ", ".join(RESOURCE_TYPE_CHOICES)))


def resources(obj):
    """The limit/total/available fields of an account or domain as a list of
    {resource_type, limit, total, available}, in the order of the resource types."""
    out = []
    for name, dummy, prefix in RESOURCE_TYPES:
        if prefix + "limit" in obj:
            out.append({"resource_type": name, "limit": obj.get(prefix + "limit"), "total": obj.get(prefix + "total"),
                        "available": obj.get(prefix + "available")})
    return out


def _pick(obj, mapping):
    out = {}
    for api, key in mapping:
        if api in obj:
            out[key] = obj[api]
    return out


DOMAIN_FIELDS = (("id", "id"), ("name", "name"), ("path", "path"), ("level", "level"), ("parentdomainid", "parent_id"),
                 ("parentdomainname", "parent_name"), ("networkdomain", "network_domain"), ("haschild", "has_child"),
                 ("state", "state"), ("created", "created"))


def domain_result(obj):
    """A domain with snake_case keys; limits and totals under resources."""
    if not obj:
        return {}
    out = _pick(obj, DOMAIN_FIELDS)
    limits = resources(obj)
    if limits:
        out["resources"] = limits
    return out


USER_FIELDS = (("id", "id"), ("username", "username"), ("firstname", "first_name"), ("lastname", "last_name"),
               ("email", "email"), ("timezone", "timezone"), ("state", "state"), ("account", "account"),
               ("accountid", "account_id"), ("domain", "domain"), ("domainid", "domain_id"), ("rolename", "role"),
               ("roleid", "role_id"), ("roletype", "role_type"), ("apikey", "api_key"), ("created", "created"),
               ("isdefault", "is_default"), ("usersource", "user_source"))


def user_result(obj):
    """A user with snake_case keys. Never the secret key, whatever the server answered."""
    if not obj:
        return {}
    out = _pick(obj, USER_FIELDS)
    if "accounttype" in obj:
        out["account_type"] = ACCOUNT_TYPES.get(obj["accounttype"], str(obj["accounttype"]))
    return out


ACCOUNT_FIELDS = (("id", "id"), ("name", "name"), ("rolename", "role"), ("roleid", "role_id"), ("roletype", "role_type"),
                  ("domain", "domain"), ("domainid", "domain_id"), ("domainpath", "domain_path"), ("state", "state"),
                  ("networkdomain", "network_domain"), ("created", "created"), ("isdefault", "is_default"),
                  ("vmrunning", "vm_running"), ("vmstopped", "vm_stopped"), ("accountdetails", "details"))


def account_result(obj):
    """An account with snake_case keys; its users (without secrets) and resources."""
    if not obj:
        return {}
    out = _pick(obj, ACCOUNT_FIELDS)
    if "accounttype" in obj:
        out["account_type"] = ACCOUNT_TYPES.get(obj["accounttype"], str(obj["accounttype"]))
    if "user" in obj:
        out["users"] = [user_result(user) for user in obj.get("user") or []]
    limits = resources(obj)
    if limits:
        out["resources"] = limits
    return out


ROLE_FIELDS = (("id", "id"), ("name", "name"), ("type", "role_type"), ("description", "description"),
               ("isdefault", "is_default"))


def role_result(obj):
    if not obj:
        return {}
    return _pick(obj, ROLE_FIELDS)


PERMISSION_FIELDS = (("id", "id"), ("rule", "rule"), ("permission", "permission"), ("description", "description"),
                     ("roleid", "role_id"), ("rolename", "role"))


def permission_result(obj):
    if not obj:
        return {}
    return _pick(obj, PERMISSION_FIELDS)


def limit_result(obj):
    if not obj:
        return {}
    out = _pick(obj, (("resourcetypename", "resource_type"), ("max", "limit"), ("domain", "domain"),
                      ("domainid", "domain_id"), ("account", "account"), ("project", "project"), ("projectid", "project_id")))
    if "resourcetype" in obj:
        out["resource_type_id"] = int(obj["resourcetype"])
    return out


# ------------------------------------------------------------------------------------------
# look-ups (each one server-filtered call, cached per run by the module)
# ------------------------------------------------------------------------------------------
def find_domain(module, path, option="domain"):
    """The domain at a path (or with an id): one listDomains call filtered by name.

    Returns None when it does not exist.
    """
    key = ("domain-path", path.lower() if not looks_like_uuid(path) else path)
    if key in module._cache:
        return module._cache[key]
    if looks_like_uuid(path):
        found = module.list("listDomains", "domain", id=path)
        domain = found[0] if found else None
        if domain is None:
            raise CloudStackError("%s: no domain with id %s." % (option, path))
    else:
        canonical = domain_path(option, path)
        items = module.list("listDomains", "domain", name=path_name(canonical), listall=True)
        domain = next((d for d in items if same_path(d.get("path"), canonical)), None)
    module._cache[key] = domain
    return domain


def domain_id(module, path, option="domain"):
    """The id of the domain at a path (an id is used as it is, without a call); in check mode a domain a
    previous task would create is None."""
    if looks_like_uuid(path):
        return path
    domain = find_domain(module, path, option)
    if domain is None:
        if module.check_mode:
            return None
        raise CloudStackError("%s: domain %s not found." % (option, domain_path(option, path)))
    return domain["id"]


def find_role(module, role, role_type=None, option="role"):
    """A role by id or exact name (listRoles name= is a substring match); one call."""
    if looks_like_uuid(role):
        found = module.list("listRoles", "role", id=role)
        if not found:
            raise CloudStackError("%s: no role with id %s." % (option, role))
        return found[0]
    items = [r for r in module.list("listRoles", "role", name=role) if r.get("name") == role]
    if role_type:
        items = [r for r in items if r.get("type") == role_type]
    if len(items) > 1:
        raise CloudStackError("%s: %d roles are named %r (%s); give role_type or the role's id." % (
            option, len(items), role, ", ".join(sorted(r.get("type", "?") for r in items))))
    if not items:
        if module.check_mode:
            return {"id": None, "name": role, "type": role_type, "planned": True}
        raise CloudStackError("%s: role %r not found." % (option, role))
    return items[0]
