"""The initial state after install / reset: ROOT domain, system and admin accounts and users,
roles, OS categories and types, global configuration values."""

from __future__ import annotations

from .store import new_uuid, now_str

OS_CATEGORIES = ["CentOS", "Debian", "Oracle", "RedHat", "SUSE", "Windows", "Other", "Novel", "Unix", "Ubuntu", "None"]
OS_TYPES = [
    ("CentOS", "CentOS 7"),
    ("CentOS", "CentOS 8"),
    ("Debian", "Debian GNU/Linux 11 (64-bit)"),
    ("Debian", "Debian GNU/Linux 12 (64-bit)"),
    ("Oracle", "Oracle Linux 8"),
    ("RedHat", "Red Hat Enterprise Linux 9"),
    ("Ubuntu", "Ubuntu 22.04 LTS"),
    ("Ubuntu", "Ubuntu 24.04 LTS"),
    ("Windows", "Windows Server 2022 (64-bit)"),
    ("Other", "Other (64-bit)"),
    ("Other", "Other Linux (64-bit)"),
    # more real guest OS descriptions (setup/db/create-schema-premium.sql, schema-*.sql guest_os rows)
    ("None", "None"),
    ("Other", "Other (32-bit)"),
    ("Other", "Other Linux (32-bit)"),
    ("Other", "Other PV (64-bit)"),
    ("CentOS", "CentOS 6.10 (64-bit)"),
    ("CentOS", "CentOS 7.9"),
    ("CentOS", "CentOS Stream 9"),
    ("Debian", "Debian GNU/Linux 10 (64-bit)"),
    ("Debian", "Debian GNU/Linux 9 (64-bit)"),
    ("Oracle", "Oracle Linux 7"),
    ("Oracle", "Oracle Linux 9"),
    ("RedHat", "Red Hat Enterprise Linux 7.0"),
    ("RedHat", "Red Hat Enterprise Linux 8.0"),
    ("RedHat", "Rocky Linux 8"),
    ("RedHat", "Rocky Linux 9"),
    ("RedHat", "AlmaLinux 8"),
    ("RedHat", "AlmaLinux 9"),
    ("SUSE", "SUSE Linux Enterprise Server 12 SP5 (64-bit)"),
    ("SUSE", "SUSE Linux Enterprise Server 15 (64-bit)"),
    ("SUSE", "openSUSE Leap 15 (64-bit)"),
    ("Ubuntu", "Ubuntu 18.04 LTS"),
    ("Ubuntu", "Ubuntu 20.04 LTS"),
    ("Ubuntu", "Ubuntu 23.04"),
    ("Windows", "Windows Server 2016 (64-bit)"),
    ("Windows", "Windows Server 2019 (64-bit)"),
    ("Windows", "Windows 10 (64-bit)"),
    ("Windows", "Windows 11 (64-bit)"),
    ("Unix", "FreeBSD 12 (64-bit)"),
    ("Unix", "FreeBSD 13 (64-bit)"),
    ("Novel", "Novell Netware 6.x"),
]

# (name, category, value, default, scope, isdynamic, description)
CONFIGURATIONS = [
    ("default.page.size", "Advanced", "500", "500", "", False, "Default page size for API list* commands"),
    ("session.timeout", "Advanced", "30", "30", "", False, "Session timeout in minutes"),
    ("integration.api.port", "Advanced", "0", "0", "", False, "Integration (unauthenticated) API port, 0 disables it"),
    ("expunge.delay", "Advanced", "86400", "86400", "", False, "Determines how long (in seconds) to wait before actually expunging destroyed vm."),
    ("consoleproxy.url.domain", "Console Proxy", "", "", "", True, "Console proxy url domain"),
    (
        "secstorage.allowed.internal.sites",
        "Advanced",
        "",
        "",
        "",
        True,
        "Comma separated list of cidrs internal to the datacenter that can host template download servers",
    ),
    (
        "system.vm.use.local.storage",
        "Advanced",
        "false",
        "false",
        "zone",
        True,
        "Indicates whether to use local storage pools or shared storage pools for system VMs.",
    ),
    ("systemvm.default.hypervisor", "Advanced", "KVM", "KVM", "", False, "Hypervisor type used to create system vm"),
    ("router.template.kvm", "Advanced", "SystemVM Template (KVM)", "SystemVM Template (KVM)", "zone", True, "Name of the default router template on KVM."),
    ("secstorage.vm.ram.size", "Advanced", "", "", "", False, "RAM size (in MB) used to create new secondary storage vms"),
    ("consoleproxy.ram.size", "Advanced", "1024", "1024", "", False, "RAM size (in MB) used to create new console proxy vms"),
    ("enable.dynamic.scale.vm", "Advanced", "false", "false", "zone", True, "Enables/Disables dynamically scaling a vm"),
    ("network.gc.interval", "Advanced", "600", "600", "", False, "Seconds to wait before checking for networks to shutdown"),
    ("api.sessionkey.check.locations", "Advanced", "CookieAndParameter", "CookieAndParameter", "", True, "Locations of the session key"),
]


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
    cats = {}
    for i, name in enumerate(OS_CATEGORIES, start=1):
        cats[name] = store.insert("oscategories", {"name": name, "_id": i})
    for i, (cat, desc) in enumerate(OS_TYPES, start=1):
        store.insert("ostypes", {"description": desc, "name": desc, "oscategoryid": cats[cat]["id"], "oscategoryname": cat, "isuserdefined": False, "_id": i})
    for name, category, value, default, scope, dynamic, descr in CONFIGURATIONS:
        store.insert(
            "configurations",
            {
                "name": name,
                "category": category,
                "value": value,
                "defaultvalue": default,
                "scope": scope or None,
                "isdynamic": dynamic,
                "description": descr,
                "component": "management-server",
                "group": "Miscellaneous",
                "subgroup": "Others",
                "type": "String",
                "id": new_uuid(),
            },
        )
    from .handlers.offerings import populate_defaults  # pylint: disable=import-outside-toplevel
    populate_defaults(store)
    return admin
