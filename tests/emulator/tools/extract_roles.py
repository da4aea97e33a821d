#!/usr/bin/env python
"""Generate csemu/data/roles.json: the default roles of a fresh CloudStack 4.18.0.0, their
role permission rules in order, and the role types each API command's @APICommand annotation
authorizes (the fallback of DynamicRoleBasedAPIAccessChecker).

Usage: python3 tests/emulator/tools/extract_roles.py GIT_DIR [COMMIT]

GIT_DIR is a git directory of apache/cloudstack (or a mirror with its history, e.g.
alexandremattioli/cloudstack); COMMIT defaults to 0574087284 ("Updating pom.xml version
numbers for release 4.18.0.0"). Everything is read with git from that commit; nothing is
copied: the generator extracts the literal data (role names, rule strings, orders) and
replays, in its own code, what a fresh install does to the roles and role_permissions tables.

A fresh install loads the base schema and then runs every DbUpgrade up to 4.18.0.0
(DatabaseUpgradeChecker.upgrade: for each upgrade, its prepare SQL, then
performDataMigration, then its cleanup SQL). The steps that touch roles/role_permissions:

  4.8.1->4.9.0   schema-481to490.sql: roles 1-4; Upgrade481to490 runs
                 create-default-role-api-mappings.sql (rules of roles 1-4)
  4.9.0->4.9.1   schema-490to4910.sql: description of role 4
  4.9.3->4.10.0  schema-4930to41000.sql: createSnapshotFromVMSnapshot for roles 2-4
  4.11.2->4.12.0 schema-41120to41200.sql: moveNetworkAclItem for roles 2-4
  4.12.0->4.13.0 schema-41200to41300-cleanup.sql: issueNuageVspResourceRequest removed
  4.14.0->4.15.0 schema-41400to41500.sql: is_default, four read-only/support roles;
                 Upgrade41400to41500.performDataMigration: their rules;
                 schema-41400to41500-cleanup.sql: NetApp rules removed
  4.15.2->4.16.0 Upgrade41520to41600.populateAnnotationPermissions: annotation rules
  4.16.1->4.17.0 schema-41610to41700.sql: listConfigurations/updateConfiguration for role 3
  4.17.2->4.18.0 schema-41720to41800.sql: migrateVolume removed from non-admin default
                 roles; quota rules for the read-only roles; isAccountAllowedToCreate-
                 OfferingsWithTags for DomainAdmin roles

Each step asserts that its pattern matched, so a source that changed shape fails loudly.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

DEFAULT_COMMIT = "0574087284"
DB = "engine/schema/src/main/resources/META-INF/db/"
UPG = "engine/schema/src/main/java/com/cloud/upgrade/dao/"
ROLE_TYPE_IDS = {"Admin": 1, "ResourceAdmin": 2, "DomainAdmin": 3, "User": 4}  # RoleType(id, ...)


class Repo:
    def __init__(self, git_dir, commit):
        self.git_dir, self.commit = git_dir, commit

    def git(self, *args, data=None):
        return subprocess.run(["git", "--git-dir", self.git_dir, *args], input=data, capture_output=True,
                              check=True).stdout

    def show(self, path):
        return self.git("show", f"{self.commit}:{path}").decode("utf-8")

    def full_commit(self):
        return self.git("rev-parse", self.commit).decode().strip()

    def java_files(self):
        """(path, text) of every main-source .java file containing @APICommand."""
        listing = self.git("ls-tree", "-r", self.commit).decode().splitlines()
        blobs = []
        for line in listing:
            meta, path = line.split("\t", 1)
            if path.endswith(".java") and "/src/test/" not in path:
                blobs.append((meta.split()[2], path))
        batch = self.git("cat-file", "--batch", data="\n".join(b for b, dummy in blobs).encode() + b"\n")
        out, pos = [], 0
        for blob, path in blobs:
            header_end = batch.index(b"\n", pos)
            size = int(batch[pos:header_end].split()[2])
            body = batch[header_end + 1: header_end + 1 + size]
            pos = header_end + 1 + size + 1
            if b"@APICommand" in body:
                out.append((path, body.decode("utf-8", "replace")))
        return out


class Table:
    """The roles and role_permissions tables (auto-increment ids, UNIQUE(role_id, rule))."""

    def __init__(self):
        self.roles = {}
        self.perms = []
        self._next_perm = 1
        self._next_role = 1

    def add_role(self, name, rtype, description, role_id=None, is_default=False):
        rid = role_id or self._next_role
        self._next_role = max(self._next_role, rid + 1)
        self.roles.setdefault(rid, {"id": rid, "name": name, "type": rtype, "description": description,
                                    "is_default": is_default})
        return rid

    def role_by_name(self, name):
        return next(r["id"] for r in self.roles.values() if r["name"] == name)

    def has(self, role_id, rule):
        return any(p["role_id"] == role_id and p["rule"].lower() == rule.lower() for p in self.perms)

    def insert(self, role_id, rule, permission, sort_order=0):
        """INSERT ... ON DUPLICATE KEY UPDATE rule=rule / INSERT IGNORE: an existing (role, rule) stays."""
        if self.has(role_id, rule):
            return
        self.perms.append({"id": self._next_perm, "role_id": role_id, "rule": rule, "permission": permission,
                           "sort_order": sort_order})
        self._next_perm += 1

    def delete(self, pred):
        self.perms = [p for p in self.perms if not pred(p)]

    def sorted_rules(self, role_id):
        """RolePermissionsDaoImpl.findAllByRoleIdSorted: ORDER BY sort_order (ties: insertion id)."""
        return sorted((p for p in self.perms if p["role_id"] == role_id), key=lambda p: (p["sort_order"], p["id"]))


def must(pattern, text, what, flags=0):
    found = re.findall(pattern, text, flags)
    if not found:
        raise SystemExit(f"extract_roles: no match for {what}")
    return found


def replay(repo):
    t = Table()
    # 4.8.1 -> 4.9.0: the four original roles, then the default mappings script
    sql = repo.show(DB + "schema-481to490.sql")
    for rid, name, rtype, descr in must(r"INSERT INTO `cloud`.`roles` \(`id`, `uuid`, `name`, `role_type`, `description`\) "
                                        r"values \((\d+), UUID\(\), '([^']+)', '([^']+)', '([^']+)'\)", sql, "roles 1-4"):
        t.add_role(name, rtype, descr, role_id=int(rid))
    insert_values = (r"INSERT INTO `cloud`.`role_permissions` \(`uuid`, `role_id`, `rule`, `permission`, `sort_order`\) "
                     r"values \(UUID\(\), (\d+), '([^']+)', '(ALLOW|DENY)', (\d+)\)")
    for rid, rule, perm, order in must(insert_values, repo.show(DB + "create-default-role-api-mappings.sql"),
                                       "default role-api mappings"):
        t.insert(int(rid), rule, perm, int(order))
    # 4.9.0 -> 4.9.1
    sql = repo.show(DB + "schema-490to4910.sql")
    for descr, rid, old in must(r"UPDATE `cloud`.`roles` SET `description`='([^']+)' WHERE `id`=(\d+) AND `role_type`='User' "
                                r"AND `description`='([^']+)'", sql, "role 4 description"):
        if t.roles[int(rid)]["description"] == old:
            t.roles[int(rid)]["description"] = descr
    # 4.9.3 -> 4.10.0 and 4.11.2 -> 4.12.0
    for name in ("schema-4930to41000.sql", "schema-41120to41200.sql"):
        for rid, rule, perm, order in must(insert_values, repo.show(DB + name), name):
            t.insert(int(rid), rule, perm, int(order))
    # 4.12.0 -> 4.13.0 cleanup
    for rule in must(r"DELETE FROM `cloud`.`role_permissions` WHERE rule = '([^']+)'",
                     repo.show(DB + "schema-41200to41300-cleanup.sql"), "nuage cleanup"):
        t.delete(lambda p, r=rule: p["rule"] == r)
    # 4.14.0 -> 4.15.0: is_default, new roles, their rules (Java), NetApp cleanup
    sql = repo.show(DB + "schema-41400to41500.sql")
    ids = must(r"UPDATE `cloud`.`roles` SET `is_default` = 1 WHERE id IN \(([\d, ]+)\)", sql, "is_default")[0]
    for rid in ids.split(","):
        t.roles[int(rid)]["is_default"] = True
    for name, rtype, descr in must(r"INSERT INTO `cloud`.`roles` \(`uuid`, `name`, `role_type`, `description`, `is_default`\) "
                                   r"VALUES \(UUID\(\), '([^']+)', '([^']+)', '([^']+)', 1\)", sql, "4.15 roles"):
        t.add_role(name, rtype, descr, is_default=True)
    java = repo.show(UPG + "Upgrade41400to41500.java")
    ro_admin = t.role_by_name("Read-Only Admin - Default")
    for i, (rule, perm) in enumerate(must(r'readOnlyAdminRules\.put\("([^"]+)", "(ALLOW|DENY)"\)', java, "read-only admin")):
        t.insert(ro_admin, rule, perm, i)
    ro_user = t.role_by_name("Read-Only User - Default")
    order = 0
    user_allow = [p for p in t.sorted_rules(4) if p["permission"] == "ALLOW"]
    for p in user_allow:  # rule LIKE 'list%' (MySQL: case-insensitive)
        if p["rule"].lower().startswith("list"):
            t.insert(ro_user, p["rule"], "ALLOW", order)
            order += 1
    for p in user_allow:  # rule LIKE 'get%' AND rule NOT LIKE 'getUploadParamsFor%'
        low = p["rule"].lower()
        if low.startswith("get") and not low.startswith("getuploadparamsfor"):
            t.insert(ro_user, p["rule"], "ALLOW", order)
            order += 1
    for rule in must(r'readOnlyUserRulesAllowed\.add\("([^"]+)"\)', java, "read-only user extras"):
        t.insert(ro_user, rule, "ALLOW", order)
        order += 1
    t.insert(ro_user, "*", "DENY", order)
    for support, base, var in (("Support Admin - Default", ro_admin, "supportAdminRulesAllowed"),
                               ("Support User - Default", ro_user, "supportUserRulesAllowed")):
        sid = t.role_by_name(support)
        order = 0
        for p in t.sorted_rules(base):
            if p["permission"] == "ALLOW":
                t.insert(sid, p["rule"], "ALLOW", order)
                order += 1
        for rule in must(var + r'\.add\("([^"]+)"\)', java, support):
            t.insert(sid, rule, "ALLOW", order)
            order += 1
        t.insert(sid, "*", "DENY", order)
    rules = must(r"WHERE rule IN \(([^)]+)\)", repo.show(DB + "schema-41400to41500-cleanup.sql"), "NetApp cleanup")[0]
    netapp = {r.strip().strip("'") for r in rules.split(",")}
    t.delete(lambda p: p["rule"] in netapp)
    # 4.15.2 -> 4.16.0: annotation rules (INSERT IGNORE without sort_order -> 0) unless present
    java = repo.show(UPG + "Upgrade41520to41600.java")
    names = must(r'annotationRules = Arrays\.asList\(([^)]+)\)', java, "annotation rules")[0]
    types = must(r'for \(RoleType roleType : Arrays\.asList\(([^)]+)\)\)', java, "annotation role types")[0]
    for rtype in [x.strip().split(".")[-1] for x in types.split(",")]:
        for rule in [x.strip().strip('"') for x in names.split(",")]:
            t.insert(ROLE_TYPE_IDS[rtype], rule, "ALLOW", 0)
    # 4.16.1 -> 4.17.0: sort_order = MAX(sort_order)+1 over the whole table
    for rid, rule, perm in must(r"SELECT UUID\(\), (\d+), '([^']+)', '(ALLOW|DENY)', \(SELECT MAX\(`sort_order`\)\+1",
                                repo.show(DB + "schema-41610to41700.sql"), "4.17 domain admin rules"):
        t.insert(int(rid), rule, perm, max(p["sort_order"] for p in t.perms) + 1)
    # 4.17.2 -> 4.18.0
    sql = repo.show(DB + "schema-41720to41800.sql")
    for rule in must(r"WHERE roles\.role_type != 'Admin' AND roles\.is_default = 1 AND role_perm\.rule = '([^']+)'", sql,
                     "migrateVolume cleanup"):
        t.delete(lambda p, r=rule: p["rule"] == r and t.roles[p["role_id"]]["type"] != "Admin"
                 and t.roles[p["role_id"]]["is_default"])
    for role in ("Read-Only Admin - Default", "Read-Only User - Default"):
        rid = t.role_by_name(role)
        block = must(r"SET\s+sort_order = sort_order \+ (\d+)\s+WHERE\s+rule = '\*'\s+AND\s+permission = 'DENY'\s+AND\s+role_id in "
                     r"\(SELECT id FROM `cloud`.`roles` WHERE name = '" + re.escape(role) + r"'\)", sql, role + " shift")
        for p in t.perms:
            if p["role_id"] == rid and p["rule"] == "*" and p["permission"] == "DENY":
                p["sort_order"] += int(block[0])
        for rule, perm, delta in must(r"SELECT\s+UUID\(\), role_id, '([^']+)', '(ALLOW|DENY)', MAX\(sort_order\)-(\d+)\s+FROM\s+"
                                      r"`cloud`.`role_permissions` RP\s+WHERE\s+role_id = \(SELECT id FROM `cloud`.`roles` "
                                      r"WHERE name = '" + re.escape(role) + r"'\)", sql, role + " quota rules"):
            top = max(p["sort_order"] for p in t.perms if p["role_id"] == rid)
            t.insert(rid, rule, perm, top - int(delta))
    for rule, perm, rtype in must(r"SELECT UUID\(\), `roles`.`id`, '([^']+)', '(ALLOW|DENY)'\s+FROM `cloud`.`roles` "
                                  r"WHERE `role_type` = '([^']+)'", sql, "domain admin offering tags"):
        for role in list(t.roles.values()):
            if role["type"] == rtype:
                t.insert(role["id"], rule, perm, 0)
    return t


def _annotation_body(text, start):
    """The text between the parentheses of an annotation starting at `start` ("@APICommand(")."""
    i = text.index("(", start) + 1
    depth, out, in_str = 1, [], False
    while i < len(text) and depth:
        ch = text[i]
        if in_str:
            if ch == "\\":
                out.append(text[i:i + 2])
                i += 2
                continue
            if ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if not depth:
                break
        out.append(ch)
        i += 1
    return "".join(out)


def authorized_map(repo, names):
    files = repo.java_files()
    constants = {}
    for path, text in files:
        cls = os.path.basename(path)[:-5]
        for const, value in re.findall(r'static final String ([A-Z_0-9]+)\s*=\s*"([^"]+)"', text):
            constants[cls + "." + const] = value
    out = {}
    for path, text in files:
        for m in re.finditer(r"@APICommand\s*\(", text):
            body = _annotation_body(text, m.start())
            nm = re.search(r'\bname\s*=\s*("([^"]+)"|([A-Za-z0-9_]+\.[A-Z_0-9]+))', body)
            if not nm:
                continue
            name = nm.group(2) or constants.get(nm.group(3))
            if name not in names:
                continue
            auth = re.search(r"\bauthorized\s*=\s*\{([^}]*)\}", body)
            roles = out.setdefault(name, set())
            if auth:
                roles.update(x.strip().split(".")[-1] for x in auth.group(1).split(",") if x.strip())
    return {name: sorted(roles, key=list(ROLE_TYPE_IDS).index) for name, roles in sorted(out.items())}


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__)
        return 2
    repo = Repo(argv[1], argv[2] if len(argv) == 3 else DEFAULT_COMMIT)
    here = os.path.dirname(os.path.abspath(__file__))
    data_dir = os.path.join(here, "..", "csemu", "data")
    with open(os.path.join(data_dir, "apis.json"), encoding="utf-8") as fh:
        names = set(json.load(fh)["all_names"])
    table = replay(repo)
    roles = []
    for rid in sorted(table.roles):
        role = dict(table.roles[rid])
        role["permissions"] = [[p["rule"], p["permission"], p["sort_order"]] for p in table.sorted_rules(rid)]
        roles.append(role)
    auth = authorized_map(repo, names)
    out_path = os.path.join(data_dir, "roles.json")
    with open(out_path, "w", encoding="utf-8") as fh:
        json.dump({"source": {"repository": "apache/cloudstack (read from the mirror alexandremattioli/cloudstack)",
                              "commit": repo.full_commit(), "version": "4.18.0.0",
                              "generator": "tests/emulator/tools/extract_roles.py"},
                   "roles": roles, "authorized": auth}, fh, indent=1)
        fh.write("\n")
    counts = ", ".join(f"{r['name']}: {len(r['permissions'])}" for r in roles)
    print(f"wrote {len(roles)} roles ({counts}) and the authorized role types of {len(auth)} of "
          f"{len(names)} listed commands to {os.path.normpath(out_path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
