"""The initial state after install / reset: ROOT domain, system and admin accounts and users,
roles, the default offerings and the reference data of the presented release (csemu/refdata.py: OS
categories and types, hypervisor capabilities, global settings)."""

from __future__ import annotations

from . import refdata
from .store import now_str


def populate(store, api_key, secret_key, username, password):
    """ROOT domain, the system and admin accounts and users (create-schema.sql), the default roles
    and their rules (handlers/roles.populate_roles, data/roles.json)."""
    from .handlers.roles import default_role, populate_roles  # pylint: disable=import-outside-toplevel
    populate_roles(store)
    root = store.insert(
        "domains",
        {
            "name": "ROOT",
            "path": "ROOT",
            "_path": "/",
            "level": 0,
            "state": "Active",
            "created": now_str(),
            "_id": 1,
        },
    )
    admin_role = default_role(store, "Admin")["id"]
    dom = {"domainid": root["id"]}
    system = store.insert(
        "accounts",
        {
            "name": "system",
            "accounttype": 1,
            "roleid": admin_role,
            "state": "enabled",
            "isdefault": True,
            "created": now_str(),
            "_id": 1,
            **dom,
        },
    )
    admin = store.insert(
        "accounts",
        {
            "name": "admin",
            "accounttype": 1,
            "roleid": admin_role,
            "state": "enabled",
            "isdefault": True,
            "created": now_str(),
            "_id": 2,
            **dom,
        },
    )
    store.insert(
        "users",
        {
            "username": "system",
            "firstname": "system",
            "lastname": "cloud",
            "state": "enabled",
            "accountid": system["id"],
            "isdefault": True,
            "usersource": "native",
            "created": now_str(),
            "_id": 1,
            "_password": None,
            **dom,
        },
    )
    store.insert(
        "users",
        {
            "username": username,
            "firstname": "admin",
            "lastname": "cloud",
            "state": "enabled",
            "accountid": admin["id"],
            "isdefault": True,
            "usersource": "native",
            "created": now_str(),
            "_id": 2,
            "apikey": api_key,
            "_secretkey": secret_key,
            "_password": password,
            **dom,
        },
    )
    populate_reference(store, refdata.release_of(getattr(store, "api_version", None)))
    from .handlers.offerings import populate_defaults  # pylint: disable=import-outside-toplevel
    populate_defaults(store)
    return admin


def populate_reference(store, release):
    """The reference data of a fresh install of `release` (csemu/refdata.py, made from the CloudStack
    source by tests/emulator/tools/gen_refdata.py): OS categories and types, hypervisor
    capabilities, the configuration table."""
    from .handlers import configs  # noqa: PLC0415  (the handlers import this module)

    for coll in ("oscategories", "ostypes", "hypervisorcapabilities", "configurations"):
        for row in list(store.all(coll)):
            store.delete(coll, row["id"])
    refdata.populate_os(store, release)
    refdata.populate_hypervisor_capabilities(store, release)
    configs.populate_configurations(store, release)
    store.refdata_release = release
