#!/usr/bin/env python
"""Read the API definitions out of a CloudStack source tree (the @APICommand / @Parameter
annotations of the command classes and the @SerializedName fields of the response classes) and
write the emulator's data tables from them.

Usage:
    python3 tests/emulator/tools/scan_source.py --git-dir /path/to/cloudstack/.git [--commit SHA]

(a bare git directory is enough: files are read with `git cat-file`, no work tree is needed).
The source read for the committed tables: apache/cloudstack main at 3d6cafe1936e (2025-10-30,
4.22.0.0-SNAPSHOT), from the public mirror alexandremattioli/cloudstack.

Writes, next to data/apis.json (the 4.18 listing, tools/extract_apis.py):
- data/cmdclasses.json   every command name -> its Java class (the admin variant when a command
                         has several classes, as ApiServer registers the most privileged one);
- data/responses.json    per command: the response class, how its answer is shaped (list,
                         object, success, async), and the JSON key of its object(s) (the
                         `objectName` set with setObjectName / a response constructor, searched
                         in the whole tree) with where that name was found;
- data/versions.json     the API as the source defines it (commands with their async flag,
                         parameters with type/required/since, response fields), reduced to what
                         differs from the 4.18 listing: the overlay the emulator applies for
                         --api-version 4.20 and 4.22 (see apispec.py).

Everything is derived mechanically; names the scan cannot resolve are reported, never guessed.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "csemu", "data")

# ---------------------------------------------------------------------------------------------
# reading the tree
# ---------------------------------------------------------------------------------------------


def read_tree(git_dir, commit):
    """{path: text} of every main (non-test) .java file of the commit."""
    names = subprocess.run(["git", "--git-dir", git_dir, "ls-tree", "-r", "--name-only", commit],
                           check=True, capture_output=True, text=True).stdout.split("\n")
    paths = [p for p in names if p.endswith(".java") and "/src/test/" not in p and "/test/" not in p.split("src/")[0]]
    proc = subprocess.run(["git", "--git-dir", git_dir, "cat-file", "--batch"], check=True, capture_output=True,
                          input="".join(f"{commit}:{p}\n" for p in paths).encode())
    out, data, pos = {}, proc.stdout, 0
    for path in paths:
        header_end = data.index(b"\n", pos)
        header = data[pos:header_end].split()
        size = int(header[2])
        out[path] = data[header_end + 1:header_end + 1 + size].decode("utf-8", "replace")
        pos = header_end + 1 + size + 1
    return out


_STRING = re.compile(r'"(?:\\.|[^"\\])*"')


def java_string(literal):
    """The value of a Java string literal (simple escapes; others kept as written)."""
    body = literal[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "'": "'"}.get(m.group(1), m.group(0)), body)


def strip_comments(text):
    """Removes comments but keeps string literals intact."""
    out, pos = [], 0
    pattern = re.compile(r'"(?:\\.|[^"\\])*"|//[^\n]*|/\*.*?\*/', re.S)
    for m in pattern.finditer(text):
        out.append(text[pos:m.start()])
        tok = m.group(0)
        out.append(tok if tok.startswith('"') else (" " if tok.startswith("//") else " "))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def balanced(text, start):
    """text[start] == '('; returns the index after the matching ')'."""
    depth, i, n = 0, start, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            m = _STRING.match(text, i)
            i = m.end() if m else i + 1
            continue
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return n


def split_args(body):
    """Top-level comma split of an annotation's argument list."""
    parts, depth, cur, i = [], 0, [], 0
    while i < len(body):
        ch = body[i]
        if ch == '"':
            m = _STRING.match(body, i)
            end = m.end() if m else i + 1
            cur.append(body[i:end])
            i = end
            continue
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    if "".join(cur).strip():
        parts.append("".join(cur))
    out = {}
    for part in parts:
        if "=" in part:
            k, v = part.split("=", 1)
            out[k.strip()] = v.strip()
        else:
            out["value"] = part.strip()
    return out


def annotations(text, name):
    """[(start, end, args)] for every @name(...) in text."""
    out = []
    for m in re.finditer(r"@" + name + r"\s*\(", text):
        start = m.end() - 1
        end = balanced(text, start)
        out.append((m.start(), end, split_args(text[start + 1:end - 1])))
    return out


class JavaClass:
    def __init__(self, path, package, name, extends, body, text):
        self.path, self.package, self.name, self.extends = path, package, name, extends
        self.body, self.text = body, text
        self.fqcn = f"{package}.{name}" if package else name


_CLASS_CONST = re.compile(r"\bstatic\s+final\s+String\s+(\w+)\s*=\s*((?:\"(?:\\.|[^\"\\])*\"\s*\+?\s*)+);")
# interface fields are implicitly static final
_IFACE_CONST = re.compile(r"(?:^|[;{}])\s*(?:public\s+)?(?:static\s+)?(?:final\s+)?String\s+(\w+)\s*=\s*((?:\"(?:\\.|[^\"\\])*\"\s*\+?\s*)+);")
_CLASS_RE = re.compile(r"\b(?:public\s+|protected\s+|private\s+)?(?:abstract\s+|final\s+|static\s+)*class\s+(\w+)"
                       r"(?:\s*<[^{]*?>)?(?:\s+extends\s+([\w.]+)(?:\s*<[^{]*?>)?)?[^{]*\{")


def parse_classes(files):
    classes = {}
    constants = {}
    for path, raw in files.items():
        text = strip_comments(raw)
        pm = re.search(r"^\s*package\s+([\w.]+)\s*;", text, re.M)
        package = pm.group(1) if pm else ""
        m = _CLASS_RE.search(text)
        if m is None:
            im = re.search(r"\b(?:interface|enum)\s+(\w+)", text)
            owner = im.group(1) if im else os.path.basename(path)[:-5]
        else:
            owner = m.group(1)
            jc = JavaClass(path, package, owner, (m.group(2) or "").split(".")[-1] or None, text[m.end():], text)
            # first class of that simple name wins, but prefer api/ (the module every command builds on)
            if owner not in classes or path.startswith("api/"):
                classes[owner] = jc
        is_interface = m is None and re.search(r"\binterface\s+" + re.escape(owner) + r"\b", text) is not None
        const_re = _IFACE_CONST if is_interface else _CLASS_CONST
        for cm in const_re.finditer(text):
            value = "".join(java_string(s) for s in _STRING.findall(cm.group(2)))
            constants.setdefault(f"{owner}.{cm.group(1)}", value)
            constants.setdefault(f"{path}::{cm.group(1)}", value)
    for path, raw in files.items():
        for im in re.finditer(r"^\s*import\s+static\s+[\w.]*?\.(\w+)\.(\w+)\s*;", raw, re.M):
            key = f"{im.group(1)}.{im.group(2)}"
            if key in constants:
                constants.setdefault(f"{path}::{im.group(2)}", constants[key])
    return classes, constants


def resolve_string(expr, constants, path, owner):
    """The value of an annotation attribute: a literal, literals joined with +, or a constant."""
    expr = expr.strip()
    if not expr:
        return None
    pieces = [p.strip() for p in re.split(r"\s*\+\s*(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", expr)]
    out = []
    for piece in pieces:
        if piece.startswith('"'):
            out.append(java_string(piece))
            continue
        name = re.sub(r"\s*\.\s*", ".", piece).split(".")
        if len(name) >= 2:
            key = f"{name[-2]}.{name[-1]}"
            if key in constants:
                out.append(constants[key])
                continue
        if len(name) == 1:
            piece = name[0]
            for key in (f"{path}::{piece}", f"{owner}.{piece}"):
                if key in constants:
                    out.append(constants[key])
                    break
            else:
                return None
            continue
        return None
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# commands
# ---------------------------------------------------------------------------------------------
_FIELD_AFTER = re.compile(r"\s*(?:@\w+(?:\s*\([^)]*\))?\s*)*(?:(?:private|protected|public|static|final|transient)\s+)*"
                          r"([\w.<>\[\], ?]+?)\s+(\w+)\s*[;=]")


def parameters(jc, constants):
    out = []
    for start, end, args in annotations(jc.body, "Parameter"):
        name = resolve_string(args.get("name", ""), constants, jc.path, jc.name)
        if name is None:
            print(f"unresolved parameter name in {jc.path}: {args.get('name')}", file=sys.stderr)
            continue
        ptype = (args.get("type") or "CommandType.OBJECT").split(".")[-1].lower()
        entry = {"name": name.lower(), "type": ptype,
                 "required": args.get("required", "false").strip() == "true"}
        if args.get("length"):
            try:
                entry["length"] = int(args["length"])
            except ValueError:
                pass
        since = resolve_string(args.get("since", ""), constants, jc.path, jc.name) if args.get("since") else None
        if since:
            entry["since"] = since
        if args.get("authorized"):
            entry["authorized"] = args["authorized"]
        ent = re.findall(r"(\w+)\.class", args.get("entityType", ""))
        if ent:
            entry["entity"] = ent[0]
        if args.get("expose", "true").strip() == "false" or args.get("includeInApiDoc", "true").strip() == "false":
            entry["hidden"] = True
        out.append(entry)
    return out


def chain(classes, name):
    seen = []
    while name and name in classes and name not in seen:
        seen.append(name)
        name = classes[name].extends
    if name and name not in seen:
        seen.append(name)
    return seen


def commands(classes, constants):
    cmds = defaultdict(list)
    for jc in classes.values():
        for _s, _e, args in annotations(jc.text, "APICommand"):
            name = resolve_string(args.get("name", ""), constants, jc.path, jc.name)
            if not name:
                print(f"unresolved command name in {jc.path}: {args.get('name')}", file=sys.stderr)
                continue
            response = (args.get("responseObject") or "").replace(".class", "").split(".")[-1] or None
            since = resolve_string(args.get("since", ""), constants, jc.path, jc.name) if args.get("since") else None
            lineage = chain(classes, jc.name)
            params, seen = [], set()
            for cls in lineage:
                if cls not in classes:
                    continue
                for p in parameters(classes[cls], constants):
                    if p["name"] not in seen:
                        seen.add(p["name"])
                        if cls in ("BaseCmd", "BaseAsyncCmd", "BaseAsyncCreateCmd"):
                            p["hidden"] = True  # ApiDiscoveryServiceImpl leaves these classes' fields out
                        params.append(p)
            desc = resolve_string(args.get("description", ""), constants, jc.path, jc.name) or ""
            cmds[name].append({
                "name": name, "class": jc.fqcn, "description": desc if len(desc) <= 160 else desc[:157] + "...",
                "path": jc.path, "response": response, "since": since,
                "isasync": "BaseAsyncCmd" in lineage or "BaseAsyncCreateCmd" in lineage
                           or "BaseAsyncCustomIdCmd" in lineage or "BaseAsyncCreateCustomIdCmd" in lineage,
                "create": "BaseAsyncCreateCmd" in lineage or "BaseAsyncCreateCustomIdCmd" in lineage,
                "list": "BaseListCmd" in lineage, "lineage": lineage,
                "authorized": args.get("authorized", ""), "view": args.get("responseView", ""),
                "params": sorted(params, key=lambda p: p["name"]),
            })
    return cmds


def pick(variants):
    """The class ApiServer.getCmdClass answers a root admin with when several classes share a
    command name: the one annotated responseView = ResponseView.Full."""
    def rank(v):
        cls = v["class"]
        return (0 if v["view"].endswith("Full") else 1, 0 if cls.endswith("ByAdmin") else 1,
                0 if ".admin." in cls else 1, len(cls))
    return sorted(variants, key=rank)[0]


# ---------------------------------------------------------------------------------------------
# responses
# ---------------------------------------------------------------------------------------------
def response_fields(classes, constants, name, depth=0):
    out, seen = [], set()
    for cls in chain(classes, name):
        jc = classes.get(cls)
        if jc is None:
            continue
        for start, end, args in annotations(jc.body, "SerializedName"):
            fname = resolve_string(args.get("value", ""), constants, jc.path, jc.name)
            if fname is None or fname in seen:
                continue
            m = _FIELD_AFTER.match(jc.body, end)
            if m is None:
                continue
            jtype = m.group(1).strip()
            base = re.sub(r"<.*>", "", jtype).split(".")[-1].strip()
            entry = {"name": fname, "type": base.lower()}
            param_at = jc.body.find("@Param", end, m.start())
            if param_at == -1:
                prev = jc.body.rfind("@Param", 0, start)
                param_at = prev if prev != -1 and ";" not in jc.body[prev:start] else -1
            if param_at == -1:
                continue  # no @Param: not documented by listApis
            pend = balanced(jc.body, jc.body.index("(", param_at))
            pargs = split_args(jc.body[jc.body.index("(", param_at) + 1:pend - 1])
            if pargs.get("since"):
                entry["since"] = resolve_string(pargs["since"], constants, jc.path, jc.name)
            seen.add(fname)
            out.append(entry)
    return out


def object_name_value(expr, constants, path, owner):
    """The value of a setObjectName argument: a literal or constant, X.class.getSimpleName()
    (.toLowerCase()), or getCommandName() (the command's response name, '$command')."""
    expr = expr.strip()
    m = re.fullmatch(r"(\w+)\.class\.getSimpleName\(\)(\.toLowerCase\(\))?", expr)
    if m:
        return m.group(1).lower() if m.group(2) else m.group(1)
    if re.fullmatch(r"(?:\w+\.)?getCommandName\(\)", expr):
        return "$command"
    if re.fullmatch(r"(?:\w+\.)?getActualCommandName\(\)\.toLowerCase\(\)", expr):
        return "$actual"
    if re.fullmatch(r"(?:\w+\.)?getActualCommandName\(\)", expr):
        return "$actualname"
    if re.fullmatch(r"[\w.]+|\"(?:\\.|[^\"\\])*\"", expr):
        return resolve_string(expr, constants, path, owner)
    return None


def object_names(classes, constants, files_text):
    """{ResponseClass: {objectName: [where...]}} from every way the tree names a response object."""
    names = defaultdict(lambda: defaultdict(list))
    owner_of = {}
    for jc in classes.values():
        owner_of[jc.path] = jc.name
    arg = r"\(\s*((?:[^()]|\([^()]*\))*?)\s*\)"
    # constructors of the response class itself: super("x") / setObjectName("x")
    for jc in classes.values():
        if not jc.name.endswith("Response"):
            continue
        for m in re.finditer(r"\bpublic\s+" + jc.name + r"\s*\([^)]*\)\s*(?:throws[^{]*)?\{", jc.body):
            ctor = jc.body[m.end():balanced(jc.body, m.end() - 1) - 1]
            for sm in re.finditer(r"(?:\bsuper|\bsetObjectName)" + arg, ctor):
                value = object_name_value(sm.group(1), constants, jc.path, jc.name)
                if value:
                    names[jc.name][value].append(jc.path + " (constructor)")
    decl = re.compile(r"\b([A-Z]\w*Response)(?:<[^>]*>)?\s+(\w+)\s*(?:=|;|,|\)|:)")
    setter = re.compile(r"\b(\w+)\.setObjectName" + arg)
    new_with_name = re.compile(r"new\s+([A-Z]\w*Response)\(\s*(\"\w+\")\s*\)")
    for path, text in files_text.items():
        if "setObjectName" not in text and "Response(\"" not in text:
            continue
        owner = owner_of.get(path, "")
        events = [(m.start(), "decl", m.group(1), m.group(2)) for m in decl.finditer(text)]
        events += [(m.start(), "set", m.group(1), m.group(2)) for m in setter.finditer(text)]
        events.sort()
        scope = {}
        for _pos, kind, a, b in events:
            if kind == "decl":
                scope[b] = a
            elif a in scope:
                value = object_name_value(b, constants, path, owner)
                if value:
                    names[scope[a]][value].append(path)
        for m in new_with_name.finditer(text):
            cls = classes.get(m.group(1))
            # only when that constructor hands its argument to BaseResponse(objectName)
            if cls and re.search(r"\b" + m.group(1) + r"\(\s*(?:final\s+)?String\s+(\w+)\s*\)\s*\{\s*(?:super|setObjectName)\(\s*\1\s*\)", cls.body):
                names[m.group(1)][java_string(m.group(2))].append(path + " (new)")
    return names


_METHOD_RE = re.compile(r"(?:public|protected|private)\s+(?:static\s+|final\s+|synchronized\s+)*[\w<>\[\], ?.]+\s+(\w+)\s*\([^;{]*\)\s*(?:throws[^{;]*)?\{")


def method_index(classes, constants, files_text):
    """{method name: (object names set in it, methods it calls)} over the whole tree, by name only
    (an over-approximation: same-named methods are merged)."""
    index = defaultdict(lambda: (set(), set()))
    arg = r"\(\s*((?:[^()]|\([^()]*\))*?)\s*\)"
    for path, text in files_text.items():
        if not path.endswith(("Impl.java", "Helper.java", "Cmd.java", "CMD.java")):
            continue
        owner = os.path.basename(path)[:-5]
        for m in _METHOD_RE.finditer(text):
            end = balanced(text, m.end() - 1)
            body = text[m.end():end]
            names, calls = index[m.group(1)]
            for sm in re.finditer(r"\.setObjectName" + arg, body):
                value = object_name_value(sm.group(1), constants, path, owner)
                if value:
                    names.add(value)
            calls.update(re.findall(r"\.(\w+)\s*\(", body))
    return index


def reached_names(index, text, depth=3):
    """Object names set by the methods a piece of code calls, up to depth calls deep."""
    seen, frontier, names = set(), set(re.findall(r"\.(\w+)\s*\(", text)), set()
    for dummy in range(depth):
        nxt = set()
        for meth in frontier - seen:
            seen.add(meth)
            if meth in index:
                names |= index[meth][0]
                nxt |= index[meth][1]
        frontier = nxt
    return names


VERBS = ("list", "create", "add", "register", "update", "delete", "remove", "get", "start", "stop", "reboot",
         "destroy", "copy", "extract", "prepare", "link", "dedicate", "release", "enable", "disable", "lock",
         "configure", "upload", "issue", "reserve", "associate", "authorize", "change", "restart", "reset")


def choose_object_name(command, cmd, found, reached=None):
    """Which of the object names a response class is given in the tree this command answers with.
    1. the one set in the command's own file (its execute() names it);
    2. the one the command's noun names (listRouters -> router, registerIso -> iso): a response
       class shared by several commands is named after what each returns;
    3. the only one, or the most frequent one."""
    if len(found) == 1:
        return next(iter(found)), "only name of the response class"
    own = sorted(n for n, where in found.items() if any(w.split(" ")[0] in cmd["own_paths"] for w in where))
    if len(own) == 1:
        return own[0], "set in the command class"
    if cmd.get("response") and re.search(r"new\s+" + cmd["response"] + r"\(\s*\)", cmd.get("text", "")):
        ctor = sorted(n for n, where in found.items() if any(w.endswith("(constructor)") for w in where))
        if len(ctor) == 1:
            return ctor[0], "set by the response class constructor the command calls"
    for depth in (1, 2, 3):
        hit = sorted(n for n in found if n in (reached or {}).get(depth, set()))
        if len(hit) == 1:
            return hit[0], f"set by a method the command calls ({depth} call(s) deep)"
    low = command.lower()
    for verb in VERBS:
        if low.startswith(verb):
            low = low[len(verb):]
            break
    named = sorted((n for n in found if n.lower() in low or low.rstrip("s") == n.lower()), key=len, reverse=True)
    if named:
        return named[0], "named by the command"
    ranked = sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return ranked[0][0], "most frequent name of the response class"


# Commands whose object name the rules above cannot tell, settled by reading the code path
# (command -> service -> response builder). Each with where the name is set.
OVERRIDES = {
    # DomainRouterJoinDaoImpl.newDomainRouterResponse: "internalloadbalancervm" only for the
    # INTERNAL_LB_VM role, "router" otherwise (a NetScaler VPX is not an internal LB VM)
    "stopNetScalerVpx": ("router", "override: DomainRouterJoinDaoImpl.newDomainRouterResponse"),
    # GetVolumeSnapshotDetailsCmd names the ListResponse, not its items, whose objectName stays
    # null: ApiResponseSerializer writes the key "null"
    "getVolumeSnapshotDetails": ("null", "override: GetVolumeSnapshotDetailsCmd.execute, ApiResponseSerializer"),
}


def actual_response(text):
    """The class of what execute() passes to setResponseObject (the item class of a ListResponse)."""
    calls = re.findall(r"setResponseObject\(\s*(\w+)\s*\)", text)
    if len(set(calls)) != 1:
        return None
    var = calls[0]
    d = re.search(r"\b((?:List)?\w*Response)\s*(?:<\s*(\w+)\s*>)?\s+" + var + r"\s*[=;]", text)
    if d is None:
        return None
    if d.group(1) == "ListResponse":
        return d.group(2)
    return d.group(1)


def own_lineage(classes, cmd):
    """The command class and its non-framework ancestors (execute() lives in one of them)."""
    out = []
    for name in cmd["lineage"]:
        if name.startswith("Base") or name not in classes:
            break
        out.append(name)
    return out


def own_text(classes, cmd):
    return "\n".join(classes[name].body for name in own_lineage(classes, cmd))


def shape(classes, cmd):
    """How execute() answers: a ListResponse (list*, and add/register commands that return lists),
    a SuccessResponse, one object under its objectName, or (bare) the fields of an AsyncJobResponse,
    CreateCmdResponse or AuthenticationCmdResponse directly."""
    text = own_text(classes, cmd)
    if cmd["response"] == "SuccessResponse":
        return "success"
    if cmd["list"] or re.search(r"\bListResponse\s*<", text):
        return "list"
    bare = ("AsyncJobResponse", "CreateCmdResponse", "AuthenticationCmdResponse")
    if cmd["response"] and any(c in bare for c in chain(classes, cmd["response"])):
        # ApiResponseSerializer writes these objects' fields directly under <cmd>response
        return "bare"
    return "object"


# ---------------------------------------------------------------------------------------------
def module_of(path):
    """The Maven module a source file belongs to (the directory holding src/)."""
    return path.split("/src/")[0]


def version_key(text):
    nums = [int(x) for x in re.findall(r"\d+", text or "")][:3]
    return tuple(nums + [0] * (3 - len(nums)))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--git-dir", required=True)
    ap.add_argument("--commit", default="HEAD")
    ap.add_argument("--source-name", default="apache/cloudstack (read from the mirror alexandremattioli/cloudstack)")
    args = ap.parse_args(argv)
    commit = subprocess.run(["git", "--git-dir", args.git_dir, "rev-parse", args.commit], check=True,
                            capture_output=True, text=True).stdout.strip()
    files = read_tree(args.git_dir, commit)
    classes, constants = parse_classes(files)
    cmds = commands(classes, constants)
    stripped = {p: strip_comments(t) for p, t in files.items()}
    objnames = object_names(classes, constants, stripped)
    mindex = method_index(classes, constants, stripped)

    with open(os.path.join(DATA, "apis.json"), encoding="utf-8") as fh:
        listing = json.load(fh)
    base = {a["name"]: a for a in listing["api"]}

    source_note = f"{args.source_name} @ {commit}"
    # -- cmdclasses.json ----------------------------------------------------------------------
    classes_out = {name: pick(v)["class"] for name, v in sorted(cmds.items())}
    with open(os.path.join(DATA, "cmdclasses.json"), encoding="utf-8") as fh:
        old = json.load(fh).get("classes", {})
    kept = {n: c for n, c in old.items() if n not in classes_out and n in base}
    classes_out.update(kept)
    write(os.path.join(DATA, "cmdclasses.json"), {
        "source": f"@APICommand annotations of {source_note}",
        "note": "admin variant preferred; commands of the 4.18 listing no longer in the source keep their earlier entry",
        "count": len(classes_out), "classes": dict(sorted(classes_out.items()))})

    # -- responses.json -----------------------------------------------------------------------
    responses, unresolved = {}, []
    for name in sorted(set(base) | set(cmds)):
        if name not in cmds:
            continue
        cmd = pick(cmds[name])
        entry = {"class": cmd["class"].split(".")[-1], "response": cmd["response"], "shape": shape(classes, cmd)}
        lineage = own_lineage(classes, cmd)
        actual = actual_response(classes[lineage[0]].body) if lineage else None
        if (actual and actual != cmd["response"] and actual in classes and cmd["response"] != "SuccessResponse"
                and actual not in ("BaseResponse", "SuccessResponse")):
            # execute() answers with another class than the annotation names (e.g.
            # authorizeSecurityGroupIngress: SecurityGroupResponse, not SecurityGroupRuleResponse)
            entry["annotated_response"] = cmd["response"]
            entry["response"] = cmd["response"] = actual
        if cmd["isasync"]:
            entry["async"] = "create" if cmd["create"] else True
        entities = {p["name"]: p["entity"] for p in cmd["params"] if p.get("entity") and p["type"] in ("uuid", "list")}
        if entities:
            entry["entities"] = entities
        found, via = objnames.get(cmd["response"] or "", {}), None
        if not found and cmd["response"]:
            # a response built by copying another (the metrics plugin: BeanUtils.copyProperties copies
            # objectName too): the name of the response class it extends
            for parent in chain(classes, cmd["response"])[1:]:
                if objnames.get(parent):
                    found, via = objnames[parent], parent
                    break
        if entry["shape"] not in ("success", "bare") and found:
            cmd["own_paths"] = {classes[c].path for c in own_lineage(classes, cmd)}
            text = cmd["text"] = own_text(classes, cmd)
            reached = {d: reached_names(mindex, text, d) for d in (1, 2, 3)}
            chosen, rule = choose_object_name(name, cmd, found, reached)
            if name in OVERRIDES:
                chosen, rule = OVERRIDES[name]
            entry["object_rule"] = rule
            entry["object"] = {"$command": name.lower() + "response", "$actual": name.lower(),
                               "$actualname": name}.get(chosen, chosen)
            entry["object_source"] = sorted(set(w for w in found[chosen]))[:3]
            if via:
                entry["object_source"].insert(0, f"inherited from {via}")
            if len(found) > 1:
                entry["object_alternatives"] = sorted(found)
        elif entry["shape"] == "bare":
            pass  # no object element: the fields stand directly under <cmd>response
        elif entry["shape"] != "success" and name in OVERRIDES:
            entry["object"], entry["object_rule"] = OVERRIDES[name]
        elif entry["shape"] != "success":
            unresolved.append(f"{name} ({cmd['response']})")
        responses[name] = entry
    write(os.path.join(DATA, "responses.json"), {
        "source": f"responseObject of @APICommand and setObjectName/constructors in {source_note}",
        "count": len(responses), "unresolved": unresolved, "commands": responses})

    # -- versions.json ------------------------------------------------------------------------
    overlay = {"source": source_note, "base": "4.18 (data/apis.json)", "added": {}, "removed": [], "changed": {},
               "not_loaded": []}
    modules_in_base = {module_of(pick(cmds[n])["path"]) for n in base if n in cmds}
    for name in sorted(cmds):
        cmd = pick(cmds[name])
        params = [{k: v for k, v in p.items() if k not in ("authorized", "entity")} for p in cmd["params"]
                  if not p.get("hidden")]
        if name not in base:
            fields = response_fields(classes, constants, cmd["response"]) if cmd["response"] else []
            module = module_of(cmd["path"])
            if version_key(cmd["since"]) > (4, 18, 0):
                why = f"since {cmd['since']}"
            elif not cmd["since"] and module in modules_in_base:
                why = f"no since; module {module} is loaded by a default 4.18 (it answers 4.18 commands)"
            else:
                # a command older than 4.18 missing from the 4.18 listing: its plugin is not loaded or
                # its framework is disabled by default (SAML, simulator, backup framework, ...)
                overlay["not_loaded"].append(name)
                continue
            overlay["added"][name] = {"name": name, "isasync": cmd["isasync"], "since": cmd["since"],
                                      "description": cmd["description"], "params": params, "response": fields,
                                      "why": why}
            continue
        old_params = {p["name"].lower(): p for p in base[name]["params"]}
        new_params = {p["name"]: p for p in params}
        change = {}
        added = [p for n, p in new_params.items() if n not in old_params]
        if added:
            change["params_added"] = added
        gone = sorted(n for n in old_params if n not in new_params)
        if gone:
            change["params_removed"] = gone
        req = {n: p["required"] for n, p in new_params.items() if n in old_params and p["required"] != old_params[n]["required"]}
        if req:
            change["required_changed"] = req
        if cmd["isasync"] != base[name]["isasync"]:
            change["isasync"] = cmd["isasync"]
        old_resp = {r["name"] for r in base[name].get("response", [])}
        if cmd["response"]:
            new_fields = [f for f in response_fields(classes, constants, cmd["response"]) if f["name"] not in old_resp]
            if new_fields:
                change["response_added"] = new_fields
        if change:
            overlay["changed"][name] = change
    overlay["removed"] = sorted(n for n in base if n not in cmds)
    write(os.path.join(DATA, "versions.json"), overlay)
    print(f"{len(cmds)} commands in the source ({len(files)} java files) at {commit}")
    print(f"cmdclasses: {len(classes_out)}; responses: {len(responses)}, object name unresolved for {len(unresolved)}")
    print(f"versions: {len(overlay['added'])} added, {len(overlay['removed'])} removed, "
          f"{len(overlay['changed'])} changed commands against the 4.18 listing")
    if unresolved:
        print("unresolved: " + ", ".join(unresolved))
    return 0


def write(path, data):
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=1, sort_keys=False)
        fh.write("\n")


if __name__ == "__main__":
    sys.exit(main())
