#!/usr/bin/env python
"""Generate the emulator's reference data from the Apache CloudStack source tree.

Usage:
    python3 tests/emulator/tools/gen_refdata.py GIT_DIR [--release 4.18=COMMIT ...] [--out DIR] [--check]

GIT_DIR is a CloudStack git directory (a bare mirror is enough: the tree is read with `git ls-tree`
and `git cat-file`, no work tree). Without --release the commits in RELEASES below are used (the
release commits of 4.18.0.0 and 4.20.0.0 and the 4.22.0.0-SNAPSHOT main the rest of the emulator
documents). For every release the generator rebuilds, from that commit's source alone, what a fresh
install of that release holds after its first management-server start:

* settings.json: the `configuration` table. Rows come, in the server's own order, from the install
  SQL (setup/db) and the database upgrade chain (DatabaseUpgradeChecker, from 4.0.0 to the release:
  the schema-*.sql scripts and the few Java data migrations listed in JAVA_UPGRADE_EFFECTS), then
  ConfigurationServerImpl.persistDefaultValues (every Config.java enum entry whose name is not in the
  table yet, plus the rows it creates itself), then ConfigDepotImpl.populateConfigurations (every
  ConfigKey returned by a Configurable's getConfigKeys(), inserted or updated).
* ostypes.json: the guest_os_category and guest_os tables (templates.sql, the upgrade SQL, the
  GuestOsMapper calls of the Java upgrades).
* hypervisor_capabilities.json: the hypervisor_capabilities table.

The three releases are merged into one file each: a record holds its values in the oldest release
where it exists, `releases` lists the releases that have it and `changes` the fields that differ in
a later release. csemu/refdata.py reads them for the release the emulator presents.

Everything the generator could not interpret is listed under "unparsed" in the files, with the
source file and the reason; docs/emulator-refdata.md describes the rules. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import OrderedDict

REPOSITORY = "apache/cloudstack (read from the GitHub mirror alexandremattioli/cloudstack)"
# release -> (commit, version of that commit's pom.xml, why this commit)
RELEASES = OrderedDict(
    [
        ("4.18", ("0574087284f8b646ebc41617cfd70b3a31e3ae94", "4.18.0.0", "Updating pom.xml version numbers for release 4.18.0.0")),
        ("4.20", ("c61a5eb430a8ced2b10d7cec9948a8704c2c52ac", "4.20.1.0", "Updating pom.xml version numbers for release 4.20.1.0")),
        ("4.22", ("3d6cafe1936ed2403a1031cd5ad42dd205934412", "4.22.0.0-SNAPSHOT", "main at 2025-10-30, the source of the rest of the emulator")),
    ]
)

# Source trees that are not part of the management server (agent, system VM, usage server, test
# and developer tools); the simulator hypervisor is built only with -Dsimulator.
EXCLUDED_PREFIXES = (
    "agent/",
    "systemvm/",
    "usage/",
    "tools/",
    "test/",
    "developer/",
    "quickcloud/",
    "services/console-proxy/",
    "services/secondary-storage/server/",
    "plugins/hypervisors/simulator/",
)


# ================================================================================================
# git access
# ================================================================================================
class GitTree:
    def __init__(self, git_dir, commit):
        self.git_dir = git_dir
        self.commit = commit
        out = self._git("ls-tree", "-r", "--full-tree", commit)
        self.blobs = {}
        for line in out.splitlines():
            meta, path = line.split("\t", 1)
            _mode, kind, sha = meta.split()
            if kind == "blob":
                self.blobs[path] = sha
        self._cache = {}

    def _git(self, *args, data=None):
        res = subprocess.run(["git", "--git-dir", self.git_dir] + list(args), input=data, capture_output=True, check=True)
        return res.stdout.decode("utf-8", "replace")

    def paths(self):
        return self.blobs.keys()

    def read_many(self, paths):
        """Read many blobs with one `git cat-file --batch`."""
        todo = [p for p in paths if p not in self._cache and p in self.blobs]
        if todo:
            proc = subprocess.run(
                ["git", "--git-dir", self.git_dir, "cat-file", "--batch"],
                input="".join(self.blobs[p] + "\n" for p in todo).encode(),
                capture_output=True,
                check=True,
            )
            buf = proc.stdout
            pos = 0
            for p in todo:
                nl = buf.index(b"\n", pos)
                header = buf[pos:nl].split()
                size = int(header[2])
                self._cache[p] = buf[nl + 1 : nl + 1 + size].decode("utf-8", "replace")
                pos = nl + 1 + size + 1
        return {p: self._cache[p] for p in paths if p in self._cache}

    def read(self, path):
        return self.read_many([path]).get(path)


# ================================================================================================
# Java: lexer
# ================================================================================================
JAVA_TOKEN = re.compile(
    r'''(?P<ws>\s+)|(?P<lc>//[^\n]*)|(?P<bc>/\*.*?\*/)|(?P<tb>"""(?:\\.|[^\\])*?""")|(?P<str>"(?:\\.|[^"\\\n])*")|'''
    r"""(?P<chr>'(?:\\.|[^'\\\n])+')|(?P<num>0[xX][0-9a-fA-F_]+[lL]?|\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?[lLfFdD]?|\.\d+[fFdD]?)|"""
    r"""(?P<id>[A-Za-z_$][A-Za-z0-9_$]*)|(?P<op>>>>=|<<=|>>=|->|::|\+\+|--|&&|\|\||[=!<>+\-*/%&|^]=|\.\.\.|[{}()\[\];,.@?:~!<>=+\-*/%&|^])|(?P<bad>.)""",
    re.S,
)
JAVA_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "0": "\0", "s": " ", "\\": "\\", '"': '"', "'": "'"}


def _unescape_java(s):
    return re.sub(r"\\(u+[0-9a-fA-F]{4}|[0-7]{1,3}|.)", lambda m: _esc(m.group(1)), s, flags=re.S)


def _esc(e):
    if e[0] == "u":
        return chr(int(e.lstrip("u"), 16))
    if e[0] in "01234567" and len(e) > 0 and e not in JAVA_ESCAPES:
        return chr(int(e, 8))
    return JAVA_ESCAPES.get(e, e)


class Tok:
    __slots__ = ("kind", "text", "value", "line")

    def __init__(self, kind, text, value, line):
        self.kind, self.text, self.value, self.line = kind, text, value, line

    def __repr__(self):
        return f"{self.kind}:{self.text}"


def java_tokens(src):
    toks = []
    line = 1
    for m in JAVA_TOKEN.finditer(src):
        kind = m.lastgroup
        text = m.group()
        if kind in ("ws", "lc", "bc"):
            line += text.count("\n")
            continue
        if kind == "str":
            toks.append(Tok("str", text, _unescape_java(text[1:-1]), line))
        elif kind == "tb":
            body = text[3:-3]
            body = body[body.index("\n") + 1 :] if "\n" in body else body
            lines = body.split("\n")
            indent = min((len(ln) - len(ln.lstrip()) for ln in lines if ln.strip()), default=0)
            toks.append(Tok("str", text, _unescape_java("\n".join(ln[indent:] for ln in lines)), line))
        elif kind == "chr":
            toks.append(Tok("chr", text, _unescape_java(text[1:-1]), line))
        elif kind == "num":
            toks.append(Tok("num", text, text, line))
        elif kind == "id":
            toks.append(Tok("id", text, text, line))
        else:
            toks.append(Tok("op", text, text, line))
        line += text.count("\n")
    return toks


def match_close(toks, i):
    """Index of the token closing the bracket at toks[i]."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    open_, close = toks[i].text, pairs[toks[i].text]
    depth = 0
    for j in range(i, len(toks)):
        t = toks[j].text
        if toks[j].kind == "op":
            if t == open_:
                depth += 1
            elif t == close:
                depth -= 1
                if depth == 0:
                    return j
    raise ValueError("unbalanced " + open_)


def split_args(toks):
    """Split a token list on top-level commas (generics-aware enough for arguments)."""
    args, cur, depth = [], [], 0
    for t in toks:
        if t.kind == "op" and t.text in "([{":
            depth += 1
        elif t.kind == "op" and t.text in ")]}":
            depth -= 1
        if depth == 0 and t.kind == "op" and t.text == ",":
            args.append(cur)
            cur = []
        else:
            cur.append(t)
    if cur or args:
        args.append(cur)
    return args


def split_params(toks):
    """Split a parameter list on commas outside generics (`Pair<String, Long> p`)."""
    out, cur, depth = [], [], 0
    for t in toks:
        if t.text == "<":
            depth += 1
        elif t.text in (">", ">>", ">>>"):
            depth -= len(t.text)
        if depth == 0 and t.text == ",":
            out.append(cur)
            cur = []
        else:
            cur.append(t)
    if cur:
        out.append(cur)
    return out


def text_of(toks):
    out = ""
    prev = None
    for t in toks:
        if prev is not None and (prev.kind in ("id", "num") and t.kind in ("id", "num")):
            out += " "
        out += t.text
        prev = t
    return out


# ================================================================================================
# Java: declarations of a file
# ================================================================================================
class JType:
    def __init__(self, name, kind, path, outer, package):
        self.name = name
        self.kind = kind  # class / interface / enum
        self.path = path
        self.outer = outer  # enclosing JType or None
        self.package = package
        self.supers = []  # simple names
        self.fields = {}  # name -> expression tokens
        self.field_lines = {}
        self.enum_constants = []  # (name, args tokens or None, line)
        self.methods = {}  # name -> list of (params tokens, body tokens)
        self.ctors = []  # (params tokens, body tokens)
        self.imports = None  # set by the file

    def qualified(self):
        names = []
        t = self
        while t:
            names.append(t.name)
            t = t.outer
        return ".".join([self.package] + names[::-1]) if self.package else ".".join(names[::-1])

    def __repr__(self):
        return f"JType({self.qualified()})"


class JFile:
    def __init__(self, path, src):
        self.path = path
        self.toks = java_tokens(src)
        self.package = ""
        self.imports = {}  # simple name -> qualified
        self.static_imports = []  # (type simple name, member or '*')
        self.types = []
        self.new_configkeys_outside_fields = []  # (line, text)
        self._parse()

    def _parse(self):
        toks = self.toks
        i = 0
        n = len(toks)
        # header: package and imports
        while i < n:
            t = toks[i]
            if t.text == "package":
                j = i + 1
                while toks[j].text != ";":
                    j += 1
                self.package = "".join(x.text for x in toks[i + 1 : j])
                i = j + 1
            elif t.text == "import":
                j = i + 1
                static = toks[j].text == "static"
                if static:
                    j += 1
                k = j
                while toks[k].text != ";":
                    k += 1
                name = "".join(x.text for x in toks[j:k])
                parts = name.split(".")
                if static:
                    self.static_imports.append((parts[-2], parts[-1]))
                elif parts[-1] != "*":
                    self.imports[parts[-1]] = name
                i = k + 1
            else:
                break
        self._parse_body(i, n, None)

    def _parse_body(self, i, end, owner):
        """Parse declarations from toks[i:end] at type-body level of `owner` (None: file level)."""
        toks = self.toks
        while i < end:
            t = toks[i]
            if t.kind == "op" and t.text == "@":
                # annotation (possibly with arguments); `@interface` declares an annotation type
                if i + 1 < end and toks[i + 1].text == "interface":
                    i = self._parse_type(i + 1, end, owner)
                    continue
                j = i + 2
                while j + 1 < end and toks[j].text == "." and toks[j + 1].kind == "id":
                    j += 2
                if j < end and toks[j].text == "(":
                    j = match_close(toks, j) + 1
                i = j
                continue
            if t.kind == "id" and t.text in ("class", "interface", "enum", "record") and (i == 0 or toks[i - 1].text != "."):
                i = self._parse_type(i, end, owner)
                continue
            if t.kind == "op" and t.text == "{":  # initializer block
                i = match_close(toks, i) + 1
                continue
            if t.kind == "op" and t.text == ";":
                i += 1
                continue
            if owner is None:
                i += 1
                continue
            # a member: scan to ';' (field), or '(' ... '{' (method / ctor)
            j = i
            nested = None
            while j < end:
                x = toks[j]
                if x.kind == "op" and x.text in (";", "=", "(", "{"):
                    break
                if x.kind == "id" and x.text in ("class", "interface", "enum", "record") and toks[j - 1].text != ".":
                    nested = j
                    break
                if x.kind == "op" and x.text == "<":  # generics in the type: skip to the matching '>'
                    depth = 0
                    while j < end:
                        if toks[j].text == "<":
                            depth += 1
                        elif toks[j].text == ">":
                            depth -= 1
                        elif toks[j].text == ">>":
                            depth -= 2
                        elif toks[j].text == ">>>":
                            depth -= 3
                        if depth <= 0:
                            break
                        j += 1
                j += 1
            if nested is not None:  # `public static enum X {`
                i = self._parse_type(nested, end, owner)
                continue
            if j >= end:
                return
            x = toks[j]
            if x.text == ";":
                i = j + 1
                continue
            if x.text == "{":  # e.g. `static {` handled above; anything else: skip block
                i = match_close(toks, j) + 1
                continue
            if x.text == "(":
                name = toks[j - 1].text
                close = match_close(toks, j)
                params = toks[j + 1 : close]
                k = close + 1
                while k < end and toks[k].text not in ("{", ";"):
                    k += 1
                if k >= end:
                    return
                if toks[k].text == ";":
                    owner.methods.setdefault(name, []).append((params, []))
                    i = k + 1
                    continue
                bclose = match_close(toks, k)
                body = toks[k + 1 : bclose]
                if name == owner.name and (j - 1 == i or toks[j - 2].text in ("public", "private", "protected")):
                    owner.ctors.append((params, body))
                else:
                    owner.methods.setdefault(name, []).append((params, body))
                self._scan_new_configkeys(body, "method " + owner.name + "." + name)
                i = bclose + 1
                continue
            # field with initializer(s): `Type a = expr, b = expr;`
            k = j + 1
            depth = 0
            while k < end:
                y = toks[k]
                if y.kind == "op" and y.text in "([{":
                    depth += 1
                elif y.kind == "op" and y.text in ")]}":
                    depth -= 1
                elif depth == 0 and y.text == ";":
                    break
                k += 1
            name_tok = toks[j - 1]
            expr = toks[j + 1 : k]
            decls = [(name_tok, expr)]
            # several declarators: split on top-level ','  (`int a = 1, b = 2;`)
            parts = split_args(expr)
            if len(parts) > 1 and all(len(p) >= 2 and p[0].kind == "id" and p[1].text == "=" for p in parts[1:]):
                decls = [(name_tok, parts[0])] + [(p[0], p[2:]) for p in parts[1:]]
            for nt, ex in decls:
                if nt.kind == "id":
                    owner.fields[nt.text] = ex
                    owner.field_lines[nt.text] = nt.line
            i = k + 1

    def _parse_type(self, i, end, owner):
        toks = self.toks
        kind = toks[i].text
        name = toks[i + 1].text
        jt = JType(name, kind, self.path, owner, self.package)
        jt.imports = self
        self.types.append(jt)
        j = i + 2
        mode = None
        depth = 0
        while j < end and not (toks[j].text == "{" and depth == 0):
            x = toks[j]
            if x.text == "<":
                depth += 1
            elif x.text == ">":
                depth -= 1
            elif x.text == ">>":
                depth -= 2
            elif x.text == "(" and depth == 0:  # record header
                j = match_close(toks, j) + 1
                continue
            elif depth == 0 and x.text in ("extends", "implements"):
                mode = x.text
            elif depth == 0 and x.kind == "id" and mode and (toks[j + 1].text not in (".",)):
                jt.supers.append(x.text)
            j += 1
        close = match_close(toks, j)
        body_start = j + 1
        if kind == "enum":
            body_start = self._parse_enum_constants(jt, body_start, close)
        self._parse_body(body_start, close, jt)
        return close + 1

    def _parse_enum_constants(self, jt, i, end):
        toks = self.toks
        while i < end:
            t = toks[i]
            if t.text == ";":
                return i + 1
            if t.text == "@":
                i += 2
                if i < end and toks[i].text == "(":
                    i = match_close(toks, i) + 1
                continue
            if t.kind == "id":
                args = None
                j = i + 1
                if j < end and toks[j].text == "(":
                    c = match_close(toks, j)
                    args = toks[j + 1 : c]
                    j = c + 1
                if j < end and toks[j].text == "{":  # constant-specific body
                    j = match_close(toks, j) + 1
                jt.enum_constants.append((t.text, args, t.line))
                i = j
                continue
            i += 1
        return i

    def _scan_new_configkeys(self, body, where):
        for k, t in enumerate(body):
            if t.text == "new" and k + 1 < len(body) and body[k + 1].text == "ConfigKey":
                m = k + 2
                if m < len(body) and body[m].text == "<":
                    while m < len(body) and body[m].text not in (">", ">>"):
                        m += 1
                    m += 1
                if m < len(body) and body[m].text == "(":
                    self.new_configkeys_outside_fields.append((t.line, where, text_of(body[k : match_close(body, m) + 1])[:160]))


# ================================================================================================
# Java: values and expression evaluation
# ================================================================================================
class ClassLit:
    def __init__(self, name):
        self.name = name.split(".")[-1]

    def __repr__(self):
        return f"{self.name}.class"


class EnumConst:
    def __init__(self, type_name, name):
        self.type_name, self.name = type_name, name

    def __repr__(self):
        return f"{self.type_name}.{self.name}"

    def __eq__(self, other):
        return isinstance(other, EnumConst) and (self.type_name, self.name) == (other.type_name, other.name)

    def __hash__(self):
        return hash((self.type_name, self.name))


class Obj:
    def __init__(self, type_name, args):
        self.type_name, self.args = type_name, args

    def __repr__(self):
        return f"new {self.type_name}{tuple(self.args)}"


class MethodRef:
    def __init__(self, name):
        self.name = name


class Unknown:
    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return f"<?{self.text}?>"


class EvalError(Exception):
    pass


def java_str(v):
    """String.valueOf / concatenation of a value."""
    if isinstance(v, Unknown):
        raise EvalError("unknown value " + v.text)
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, EnumConst):
        return v.name
    if isinstance(v, float):
        r = repr(v)
        return r
    if isinstance(v, (int, str)):
        return str(v)
    raise EvalError("cannot convert to string: " + repr(v))


class JavaWorld:
    """All types of a source tree, with constant lookup and expression evaluation."""

    def __init__(self, files):
        self.files = files
        self.by_name = {}
        for f in files:
            for t in f.types:
                self.by_name.setdefault(t.name, []).append(t)
        self._field_cache = {}

    def types(self, name):
        return self.by_name.get(name, [])

    def supertypes(self, jt, seen=None):
        """jt's supertypes, resolved by simple name (all candidates), transitively."""
        seen = seen if seen is not None else set()
        out = []
        for s in jt.supers:
            for cand in self.resolve_type(s, jt):
                if id(cand) in seen:
                    continue
                seen.add(id(cand))
                out.append(cand)
                out.extend(self.supertypes(cand, seen))
        return out

    def resolve_type(self, name, ctx):
        cands = self.types(name)
        if len(cands) <= 1 or ctx is None:
            return cands
        f = ctx.imports
        q = f.imports.get(name) if f else None
        if q:
            exact = [c for c in cands if c.qualified() == q]
            if exact:
                return exact
        same_pkg = [c for c in cands if c.package == ctx.package]
        if same_pkg:
            return same_pkg
        return cands

    def lookup_field(self, ctx, name):
        """A bare identifier used inside type ctx: its own fields, enclosing types, supertypes,
        static imports. Returns (owner JType, expr tokens) or None."""
        t = ctx
        while t is not None:
            if name in t.fields:
                return t, t.fields[name]
            for s in self.supertypes(t):
                if name in s.fields:
                    return s, s.fields[name]
            t = t.outer
        f = ctx.imports if ctx else None
        if f:
            for tname, member in f.static_imports:
                if member == name or member == "*":
                    for cand in self.resolve_type(tname, ctx):
                        if name in cand.fields:
                            return cand, cand.fields[name]
        return None

    def field_of(self, type_name, name, ctx):
        for cand in self.resolve_type(type_name, ctx):
            if name in cand.fields:
                return cand, cand.fields[name]
            for s in self.supertypes(cand):
                if name in s.fields:
                    return s, s.fields[name]
        return None

    def eval_field(self, owner, name, expr):
        key = (id(owner), name)
        if key in self._field_cache:
            v = self._field_cache[key]
            if v is _IN_PROGRESS:
                raise EvalError("recursive constant " + name)
            return v
        self._field_cache[key] = _IN_PROGRESS
        try:
            v = Evaluator(self, owner).eval(expr)
        except EvalError:
            del self._field_cache[key]
            raise
        self._field_cache[key] = v
        return v

    def is_enum_constant(self, type_name, name, ctx):
        for cand in self.resolve_type(type_name, ctx):
            if cand.kind == "enum" and any(c[0] == name for c in cand.enum_constants):
                return True
        return False


_IN_PROGRESS = object()

KNOWN_STATIC = {
    ("Boolean", "TRUE"): True,
    ("Boolean", "FALSE"): False,
    ("Integer", "MAX_VALUE"): 2**31 - 1,
    ("Integer", "MIN_VALUE"): -(2**31),
    ("Long", "MAX_VALUE"): 2**63 - 1,
    ("Long", "MIN_VALUE"): -(2**63),
    ("Short", "MAX_VALUE"): 2**15 - 1,
}
# enum-like names that are not declared as Java enums in every release (HypervisorType is a class
# with static constants in 4.20+); `X.Y.toString()` of these gives the name.
ENUM_LIKE_TYPES = {"Scope", "Kind", "HypervisorType"}


class Evaluator:
    def __init__(self, world, ctx, env=None):
        self.world = world
        self.ctx = ctx
        self.env = env or {}

    def eval(self, toks):
        if not toks:
            raise EvalError("empty expression")
        self.toks = toks
        self.i = 0
        v = self.ternary()
        if self.i != len(self.toks):
            raise EvalError("unexpected " + text_of(self.toks[self.i :])[:60])
        return v

    # -- helpers
    def peek(self, k=0):
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else None

    def take(self, text=None):
        t = self.peek()
        if t is None or (text is not None and t.text != text):
            raise EvalError(f"expected {text!r}")
        self.i += 1
        return t

    # -- grammar
    def ternary(self):
        cond = self.oror()
        if self.peek() is not None and self.peek().text == "?":
            self.take("?")
            a = self.ternary()
            self.take(":")
            b = self.ternary()
            if not isinstance(cond, bool):
                raise EvalError("non-constant condition")
            return a if cond else b
        return cond

    def oror(self):
        v = self.andand()
        while self.peek() is not None and self.peek().text == "||":
            self.take()
            w = self.andand()
            v = bool(v) or bool(w)
        return v

    def andand(self):
        v = self.equality()
        while self.peek() is not None and self.peek().text == "&&":
            self.take()
            w = self.equality()
            v = bool(v) and bool(w)
        return v

    def equality(self):
        v = self.additive()
        while self.peek() is not None and self.peek().text in ("==", "!="):
            op = self.take().text
            w = self.additive()
            if isinstance(v, Unknown) or isinstance(w, Unknown):
                raise EvalError("comparison of unknown values")
            eq = v is w if (v is None or w is None) else v == w
            v = eq if op == "==" else not eq
        return v

    def additive(self):
        v = self.multiplicative()
        while self.peek() is not None and self.peek().text in ("+", "-"):
            op = self.take().text
            w = self.multiplicative()
            if op == "+" and (isinstance(v, str) or isinstance(w, str)):
                v = java_str(v) + java_str(w)
            elif isinstance(v, (int, float)) and isinstance(w, (int, float)) and not isinstance(v, bool):
                v = v + w if op == "+" else v - w
            else:
                raise EvalError("bad operands for " + op)
        return v

    def multiplicative(self):
        v = self.unary()
        while self.peek() is not None and self.peek().text in ("*", "/", "%"):
            op = self.take().text
            w = self.unary()
            if not (isinstance(v, (int, float)) and isinstance(w, (int, float))):
                raise EvalError("bad operands for " + op)
            if op == "*":
                v = v * w
            elif op == "/":
                v = v // w if isinstance(v, int) and isinstance(w, int) else v / w
            else:
                v = v % w
        return v

    def unary(self):
        t = self.peek()
        if t is None:
            raise EvalError("unexpected end")
        if t.text == "-":
            self.take()
            v = self.unary()
            if not isinstance(v, (int, float)):
                raise EvalError("bad operand for -")
            return -v
        if t.text == "!":
            self.take()
            v = self.unary()
            if not isinstance(v, bool):
                raise EvalError("bad operand for !")
            return not v
        # cast: (String) x, (long) x
        if t.text == "(" and self.peek(1) is not None and self.peek(1).kind == "id" and self.peek(2) is not None and self.peek(2).text == ")":
            nxt = self.peek(3)
            if nxt is not None and (nxt.kind in ("id", "str", "num") or nxt.text == "("):
                cast = self.peek(1).text
                self.i += 3
                v = self.unary()
                if cast in ("int", "long", "short") and isinstance(v, (int, float)):
                    return int(v)
                if cast in ("float", "double") and isinstance(v, (int, float)):
                    return float(v)
                return v
        return self.postfix()

    def postfix(self):
        t = self.take()
        if t.kind == "str":
            v = t.value
        elif t.kind == "chr":
            v = t.value
        elif t.kind == "num":
            v = parse_java_number(t.text)
        elif t.text == "(":
            v = self.ternary()
            self.take(")")
        elif t.text == "new":
            v = self.new_expr()
        elif t.kind == "id":
            v = self.name_chain(t.text)
        else:
            raise EvalError("unexpected token " + t.text)
        return self.member_calls(v)

    def args(self):
        self.take("(")
        start = self.i
        depth = 1
        while depth:
            t = self.take()
            if t.text in ("(", "[", "{"):
                depth += 1
            elif t.text in (")", "]", "}"):
                depth -= 1
        inner = self.toks[start : self.i - 1]
        out = []
        for a in split_args(inner) if inner else []:
            if len(a) == 3 and a[1].text == "::":  # a method reference: Enum::toString
                out.append(MethodRef(a[2].text))
            else:
                out.append(Evaluator(self.world, self.ctx, self.env).eval(a))
        return out

    def new_expr(self):
        name = self.take().text
        while self.peek() is not None and self.peek().text == ".":
            self.take()
            name = self.take().text
        if self.peek() is not None and self.peek().text == "<":
            depth = 0
            while True:
                t = self.take().text
                depth += t.count("<") - t.count(">")
                if depth <= 0:
                    break
        if self.peek() is not None and self.peek().text == "[":
            raise EvalError("array creation")
        return Obj(name, self.args())

    def member_calls(self, v):
        while self.peek() is not None and self.peek().text == ".":
            self.take(".")
            name = self.take().text
            if self.peek() is not None and self.peek().text == "(":
                a = self.args()
                v = self.call_method(v, name, a)
            else:
                raise EvalError("field access on a value: " + name)
        return v

    def call_method(self, v, name, a):
        if name in ("toString", "name") and not a:
            if isinstance(v, EnumConst):
                return v.name
            if isinstance(v, str):
                return v
            return java_str(v)
        if name == "getSimpleName" and isinstance(v, ClassLit):
            return v.name
        if name == "toLowerCase" and isinstance(v, str):
            return v.lower()
        if name == "toUpperCase" and isinstance(v, str):
            return v.upper()
        if name == "trim" and isinstance(v, str):
            return v.strip()
        if name == "stream" and isinstance(v, list):
            return v
        if name == "map" and isinstance(v, list) and len(a) == 1 and isinstance(a[0], MethodRef) and a[0].name in ("toString", "name"):
            return [java_str(x) for x in v]
        if name == "collect" and isinstance(v, list) and len(a) == 1 and isinstance(a[0], Obj) and a[0].type_name == "joining":
            return (a[0].args[0] if a[0].args else "").join(java_str(x) for x in v)
        if name == "getBitValue" and isinstance(v, EnumConst):
            return v
        if name == "key" and isinstance(v, Obj) and v.type_name == "ConfigKey":
            return v.args[2] if isinstance(v.args[0], str) else v.args[1]
        raise EvalError(f"method {name}() on {v!r}")

    def name_chain(self, first):
        # local variable (constructor simulation)
        if first in self.env and (self.peek() is None or self.peek().text != "."):
            return self.env[first]
        if first in self.env:
            return self.env[first]
        if first == "null":
            return None
        if first == "true":
            return True
        if first == "false":
            return False
        if first == "this":
            raise EvalError("this")
        # collect a dotted chain a.b.c (stop before a call)
        parts = [first]
        while self.peek() is not None and self.peek().text == "." and self.peek(1) is not None and self.peek(1).kind == "id":
            if self.peek(2) is not None and self.peek(2).text == "(":
                break
            self.take(".")
            parts.append(self.take().text)
        # a static call: Type.method(args)
        if self.peek() is not None and self.peek().text == "." and self.peek(1) is not None and self.peek(2) is not None and self.peek(2).text == "(":
            self.take(".")
            meth = self.take().text
            a = self.args()
            return self.static_call(parts, meth, a)
        if self.peek() is not None and self.peek().text == "(" and len(parts) == 1:
            a = self.args()
            return self.static_call([], parts[0], a)
        return self.resolve_chain(parts)

    def resolve_chain(self, parts):
        if parts[-1] == "class":
            return ClassLit(".".join(parts[:-1]))
        if len(parts) == 1:
            found = self.world.lookup_field(self.ctx, parts[0])
            if found is None and self.ctx is not None and self.ctx.imports is not None:
                for tname, member in self.ctx.imports.static_imports:  # import static ...Scope.Cluster
                    if member in (parts[0], "*") and (
                        tname in ENUM_LIKE_TYPES and member == parts[0] or self.world.is_enum_constant(tname, parts[0], self.ctx)
                    ):
                        return EnumConst(tname, parts[0])
            if found is None:
                # an enum constant of the current enum
                t = self.ctx
                while t is not None:
                    if t.kind == "enum" and any(c[0] == parts[0] for c in t.enum_constants):
                        return EnumConst(t.name, parts[0])
                    t = t.outer
                raise EvalError("unresolved name " + parts[0])
            return self.world.eval_field(found[0], parts[0], found[1])
        # qualified: drop package prefix (lowercase parts), keep Type(.Inner)*.member
        while len(parts) > 2 and parts[0][:1].islower():
            parts = parts[1:]
        type_name, member = parts[-2], parts[-1]
        if (type_name, member) in KNOWN_STATIC:
            return KNOWN_STATIC[(type_name, member)]
        if type_name in ENUM_LIKE_TYPES and member[:1].isupper():
            return EnumConst(type_name, member)
        if self.world.is_enum_constant(type_name, member, self.ctx):
            return EnumConst(type_name, member)
        found = self.world.field_of(type_name, member, self.ctx)
        if found is None:
            # a field of a local variable or an unknown type
            raise EvalError("unresolved " + ".".join(parts))
        return self.world.eval_field(found[0], member, found[1])

    def static_call(self, parts, meth, a):
        owner = parts[-1] if parts else None
        if owner in ("String",) and meth == "valueOf" and len(a) == 1:
            return java_str(a[0])
        if owner in ("Integer", "Long", "Short", "Double", "Float", "Boolean", "String") and meth == "toString" and len(a) == 1:
            return java_str(a[0])
        if owner in ("Integer", "Long", "Short") and meth in ("valueOf", "parseInt", "parseLong") and len(a) == 1:
            return int(a[0])
        if owner == "Boolean" and meth in ("valueOf", "parseBoolean") and len(a) == 1:
            return a[0] if isinstance(a[0], bool) else str(a[0]).lower() == "true"
        if owner == "String" and meth == "format" and a and isinstance(a[0], str):
            return java_format(a[0], a[1:])
        if owner == "String" and meth == "join" and a and isinstance(a[0], str):
            items = a[1] if len(a) == 2 and isinstance(a[1], list) else a[1:]
            return a[0].join(java_str(x) for x in items)
        if owner in ("List", "Arrays", "Set") and meth in ("of", "asList"):
            return list(a)
        if owner == "Collections" and meth == "singletonList":
            return list(a)
        if owner == "EnumSet" and meth == "allOf" and len(a) == 1 and isinstance(a[0], ClassLit):
            for cand in self.world.resolve_type(a[0].name, self.ctx):
                if cand.kind == "enum":
                    return [EnumConst(cand.name, c[0]) for c in cand.enum_constants]
        if owner == "Arrays" and meth == "stream" and len(a) == 1 and isinstance(a[0], list):
            return a[0]
        if meth == "values" and not a and parts:  # EnumType.values()
            for cand in self.world.resolve_type(parts[-1], self.ctx):
                if cand.kind == "enum":
                    return [EnumConst(cand.name, c[0]) for c in cand.enum_constants]
        if owner == "Collectors" and meth == "joining":
            return Obj("joining", a)
        if parts:  # a method of a constant: Field.key(), Enum.X.toString()
            try:
                v = self.resolve_chain(list(parts))
            except EvalError:
                v = None
            else:
                return self.call_method(v, meth, a)
        raise EvalError(f"call {'.'.join(parts + [meth])}()")


def parse_java_number(text):
    t = text.replace("_", "")
    if t[:2].lower() == "0x":
        return int(t.rstrip("lL"), 16)
    if t[-1] in "lL":
        return int(t[:-1])
    if t[-1] in "fFdD" or "." in t or "e" in t.lower():
        return float(t.rstrip("fFdD"))
    return int(t)


def java_format(fmt, args):
    out = []
    it = iter(args)

    def rep(m):
        spec = m.group(0)
        if spec == "%%":
            return "%"
        if spec == "%n":
            return "\n"
        return java_str(next(it))

    out = re.sub(r"%(?:\d+\$)?[-#+ 0,(]*\d*(?:\.\d+)?[sdfbxn%]", rep, fmt)
    return out


# ================================================================================================
# Java source of one release: lazy type index
# ================================================================================================
class JavaSource(JavaWorld):
    """The Java files of one commit; files are parsed when a type of their name is needed."""

    def __init__(self, tree):
        self.tree = tree
        self.by_file_name = {}
        for p in tree.paths():
            if p.endswith(".java") and "/src/test/" not in p and not p.startswith(EXCLUDED_PREFIXES):
                self.by_file_name.setdefault(os.path.basename(p)[:-5], []).append(p)
        self.parsed = {}
        super().__init__([])

    def load(self, paths):
        todo = [p for p in paths if p not in self.parsed]
        for p, src in self.tree.read_many(todo).items():
            jf = JFile(p, src)
            self.parsed[p] = jf
            self.files.append(jf)
            for t in jf.types:
                self.by_name.setdefault(t.name, []).append(t)
        return [self.parsed[p] for p in paths if p in self.parsed]

    def types(self, name):
        if name in self.by_file_name:
            self.load(self.by_file_name[name])
        return self.by_name.get(name, [])

    def resolve_type(self, name, ctx):
        if not self.types(name) and ctx is not None and ctx.imports is not None:
            q = ctx.imports.imports.get(name)  # a nested type imported by its qualified name
            if q:
                for part in q.split("."):
                    if part[:1].isupper():
                        self.types(part)
                        break
        return super().resolve_type(name, ctx)

    def files_mentioning(self, word, under_main=True):
        paths = [p for lst in self.by_file_name.values() for p in lst]
        out = []
        for p, src in self.tree.read_many(paths).items():
            if word in src:
                out.append(p)
        return out


# ================================================================================================
# Settings: ConfigKey and Config.java
# ================================================================================================
class CtorModel:
    """The constructors of ConfigKey (or Config) of a release, interpreted by simulation: a call is
    matched to an overload by its arguments, `this(...)` delegations are followed until the
    constructor that assigns the fields, whose parameter names give the meaning of each value."""

    def __init__(self, world, jt):
        self.world = world
        self.jt = jt
        self.ctors = []
        for params, body in jt.ctors:
            plist = []
            for p in split_params(params):
                p = [t for t in p if t.text not in ("final",) and t.text != "@"]
                plist.append((text_of(p[:-1]), p[-1].text))
            self.ctors.append((plist, body))

    @staticmethod
    def accepts(ptype, v):
        base = ptype.split("<")[0].split(".")[-1]
        if v is None:
            return base not in ("boolean", "int", "long")
        if isinstance(v, Unknown):
            return base in ("String", "T", "Object")
        if base == "String":
            return isinstance(v, str)
        if base == "Class":
            return isinstance(v, ClassLit)
        if base == "boolean":
            return isinstance(v, bool)
        if base == "Scope":
            return isinstance(v, EnumConst) and v.type_name == "Scope"
        if base == "Kind":
            return isinstance(v, EnumConst) and v.type_name == "Kind"
        if base == "List":
            return isinstance(v, list)
        if base in ("Ternary", "Pair"):
            return isinstance(v, Obj)
        if base in ("T", "Object"):
            return not isinstance(v, (bool, ClassLit))
        return False

    def pick(self, args):
        cands = [c for c in self.ctors if len(c[0]) == len(args) and all(self.accepts(pt, a) for (pt, _n), a in zip(c[0], args))]
        if len(cands) > 1:  # prefer the overload whose String parameters got strings (not null)
            exact = [c for c in cands if all(not (a is None and pt.split("<")[0] not in ("String",)) for (pt, _n), a in zip(c[0], args))]
            cands = exact or cands
        if not cands:
            raise EvalError(f"no {self.jt.name} constructor for {len(args)} arguments {args!r}")
        return cands[0]

    def construct(self, args, depth=0):
        plist, body = self.pick(args)
        env = {name: a for (_t, name), a in zip(plist, args)}
        if body and body[0].text == "this" and body[1].text == "(":
            close = match_close(body, 1)
            inner = body[2:close]
            ev = [Evaluator(self.world, self.jt, env).eval(a) for a in split_args(inner)]
            return self.construct(ev, depth + 1)
        return env


def configkey_fields(env):
    """Normalise the canonical constructor's parameters into setting fields."""
    if "scopes" in env:
        scopes = env["scopes"] or []
    else:
        scopes = [env["scope"]] if env.get("scope") is not None else []
    out = {
        "category": env.get("category"),
        "jtype": env["type"].name if isinstance(env.get("type"), ClassLit) else None,
        "name": env.get("name"),
        "defaultvalue": env.get("defaultValue"),
        "description": env.get("description"),
        "isdynamic": env.get("isDynamic"),
        "scopes": [s.name for s in scopes if isinstance(s, EnumConst)],
        "displaytext": env.get("displayText"),
        "parent": env.get("parent"),
        "kind": env["kind"].name if isinstance(env.get("kind"), EnumConst) else None,
        "options": env.get("options"),
    }
    grp, sub = env.get("group"), env.get("subGroup")
    if isinstance(grp, Obj) and grp.args:
        out["explicit_group"] = grp.args[0]
    if isinstance(sub, Obj) and sub.args:
        out["explicit_subgroup"] = sub.args[0]
    return out


def find_configkey_decls(src, unparsed):
    """Every `X = new ConfigKey...(...)` field of the parsed files: {(type id, field): info}."""
    world = src
    ck_types = [t for t in world.types("ConfigKey") if t.qualified().endswith("framework.config.ConfigKey")]
    if not ck_types:
        raise SystemExit("ConfigKey.java not found")
    model = CtorModel(world, ck_types[0])
    decls = {}
    for jf in list(world.files):
        for jt in jf.types:
            for fname, expr in jt.fields.items():
                if len(expr) >= 2 and expr[0].text == "new" and expr[1].text == "ConfigKey":
                    k = 2
                    if expr[k].text == "<":
                        while expr[k].text not in (">", ">>"):
                            k += 1
                        k += 1
                    if expr[k].text != "(":
                        continue  # an array
                    close = match_close(expr, k)
                    where = f"{jf.path}:{jt.field_lines.get(fname)}"
                    try:
                        args = []
                        for a in split_args(expr[k + 1 : close]):
                            try:
                                args.append(Evaluator(world, jt).eval(a))
                            except EvalError as e:
                                args.append(Unknown(text_of(a)[:100] + " [" + str(e) + "]"))
                        env = model.construct(args)
                        info = configkey_fields(env)
                    except (EvalError, KeyError, ValueError) as e:
                        unparsed.append({"source": where, "what": f"ConfigKey {jt.name}.{fname}", "reason": str(e)})
                        continue
                    bad = {k2: v.text for k2, v in info.items() if isinstance(v, Unknown)}
                    if not isinstance(info["name"], str):
                        unparsed.append({"source": where, "what": f"{jt.name}.{fname}", "reason": "name: " + str(bad.get("name"))})
                        continue
                    for k2, why in list(bad.items()):
                        hand = HAND_READ.get((info["name"], k2))
                        if hand and hand[0] in why:
                            info[k2] = hand[1]
                            info.setdefault("hand_read", {})[k2] = hand[2]
                            del bad[k2]
                    for k2, why in bad.items():
                        unparsed.append({"source": where, "what": f"{info['name']}: {k2}", "reason": why})
                        info[k2] = None
                        if k2 == "defaultvalue":
                            info["_default_expr"] = why
                    info["field"] = f"{jt.name}.{fname}"
                    info["source"] = where
                    decls[(id(jt), fname)] = (jt, info)
    return decls


EXTENSION_REGISTRY = "org.apache.cloudstack.spring.lifecycle.registry.ExtensionRegistry"
SPRING_BEANS_NS = "{http://www.springframework.org/schema/beans}"


def spring_registries(tree, unparsed):
    """The ExtensionRegistry beans of the Spring contexts the management server loads
    (`src/main/resources/META-INF/cloudstack/**.xml` of the modules the Java filter keeps): per bean, its
    properties (orderConfigKey, orderConfigDefault, excludeKey, excludeDefault, configComponentName)."""
    paths = sorted(
        p for p in tree.paths()
        if p.endswith(".xml") and "/src/main/resources/META-INF/cloudstack/" in p and not p.startswith(EXCLUDED_PREFIXES)
    )
    beans = []
    for path, text in tree.read_many([p for p in paths if EXTENSION_REGISTRY in (tree.read(p) or "")]).items():
        try:
            root = ET.fromstring(text)
        except ET.ParseError as e:
            unparsed.append({"source": path, "what": "Spring context", "reason": f"XML: {e}"})
            continue
        for bean in root.iter(SPRING_BEANS_NS + "bean"):
            if bean.get("class") != EXTENSION_REGISTRY:
                continue
            props = {}
            for prop in bean.findall(SPRING_BEANS_NS + "property"):
                value = prop.get("value")
                if value is None:
                    v = prop.find(SPRING_BEANS_NS + "value")
                    value = v.text if v is not None else None
                props[prop.get("name")] = value
            beans.append((f"{path} (bean {bean.get('id')})", props))
    return beans


def extension_registry_keys(src, tree, unparsed):
    """ExtensionRegistry.getConfigKeys for each registry bean: its `new ConfigKey` expressions evaluated with
    the bean's properties as the fields (null when the context does not set them; a key whose name is null
    is not made). Component: ExtensionRegistry.getConfigComponentName (configComponentName, else the class
    name). {key name: (component, info)}."""
    jt = next((t for t in src.types("ExtensionRegistry") if t.qualified() == EXTENSION_REGISTRY), None)
    ck_types = [t for t in src.types("ConfigKey") if t.qualified().endswith("framework.config.ConfigKey")]
    if jt is None or not ck_types or not jt.methods.get("getConfigKeys"):
        unparsed.append({"source": "ExtensionRegistry.java", "what": "getConfigKeys", "reason": "not found"})
        return OrderedDict()
    model = CtorModel(src, ck_types[0])
    body = next(b for params, b in jt.methods["getConfigKeys"] if not params)
    exprs = []
    for k, t in enumerate(body):
        if t.text == "new" and k + 1 < len(body) and body[k + 1].text == "ConfigKey":
            m = k + 2
            if body[m].text == "<":
                while body[m].text not in (">", ">>"):
                    m += 1
                m += 1
            if body[m].text == "(":
                exprs.append(split_args(body[m + 1 : match_close(body, m)]))
    fields = ("orderConfigKey", "orderConfigDefault", "excludeKey", "excludeDefault", "configComponentName")
    out = OrderedDict()
    for where, props in spring_registries(tree, unparsed):
        env = {f: props.get(f) for f in fields}
        component = env["configComponentName"] or "ExtensionRegistry"
        for args in exprs:
            try:
                env2 = model.construct([Evaluator(src, jt, env).eval(a) for a in args])
            except (EvalError, KeyError, ValueError) as e:
                unparsed.append({"source": where, "what": "ExtensionRegistry ConfigKey", "reason": str(e)})
                continue
            info = configkey_fields(env2)
            if not isinstance(info["name"], str):
                continue  # the registry's key name is null: getConfigKeys makes no key
            info["source"] = where
            info["field"] = "ExtensionRegistry.getConfigKeys"
            out.setdefault(info["name"], (component, info))
    return out


# Values the evaluator cannot compute, read by hand from the source: (setting, field) ->
# (expression they must still come from, value, where it was read). Used only while the expression
# is unchanged.
HAND_READ = {
    ("system.vm.preferred.architecture", "defaultvalue"): (
        "CPU.CPUArch.getDefault().getType()",
        "x86_64",
        "api/src/main/java/com/cloud/cpu/CPU.java: getDefault() is amd64, whose type is x86_64",
    ),
    ("system.vm.preferred.architecture", "options"): (
        '","+CPU.CPUArch.getTypesAsCSV()',
        ",i686,x86_64,aarch64",
        "api/src/main/java/com/cloud/cpu/CPU.java: the types of x86, amd64, arm64 joined by commas",
    ),
}


def configurables(world, decls, unparsed):
    """Keys returned by getConfigKeys() of every class that has one: {key name: component}."""
    by_field = {}
    for (_tid, fname), (jt, info) in decls.items():
        by_field.setdefault(fname, []).append((jt, info))
    registered = OrderedDict()
    for jf in list(world.files):
        for jt in jf.types:
            for params, body in jt.methods.get("getConfigKeys", []):
                if params or not body:
                    continue
                component = component_name(world, jt, unparsed)
                for info in keys_in_body(world, jt, body, decls, by_field, unparsed, set()):
                    prev = registered.get(info["name"])
                    if prev and prev[0] != component:
                        unparsed.append(
                            {
                                "source": jf.path,
                                "what": info["name"],
                                "reason": f"returned by two Configurables ({prev[0]}, {component}); the first is kept",
                            }
                        )
                        continue
                    registered.setdefault(info["name"], (component, info))
    return registered


def keys_in_body(world, jt, body, decls, by_field, unparsed, seen):
    out = []
    i = 0
    while i < len(body):
        t = body[i]
        if t.kind != "id":
            i += 1
            continue
        if i > 0 and body[i - 1].text == ".":
            i += 1
            continue
        parts = [t.text]
        j = i + 1
        while j + 1 < len(body) and body[j].text == "." and body[j + 1].kind == "id":
            parts.append(body[j + 1].text)
            j += 2
        i = j
        if parts[0] == "super" and len(parts) == 2 and parts[1] == "getConfigKeys":
            for s in world.supertypes(jt):
                for params, sbody in s.methods.get("getConfigKeys", []):
                    if not params and sbody and id(s) not in seen:
                        seen.add(id(s))
                        out.extend(keys_in_body(world, s, sbody, decls, by_field, unparsed, seen))
            continue
        owner = None
        fname = parts[-1]
        if len(parts) >= 2:
            found = world.field_of(parts[-2], fname, jt)
        else:
            found = world.lookup_field(jt, fname)
        if found is None:
            continue
        owner, expr = found
        key = (id(owner), fname)
        if key in decls:
            out.append(decls[key][1])
        elif expr and expr[0].text in ("new", "{") and any(x.text == "ConfigKey" for x in expr[:4]) and key not in seen:
            # a ConfigKey array constant: its elements
            seen.add(key)
            out.extend(keys_in_body(world, owner, expr, decls, by_field, unparsed, seen))
    return out


def component_name(world, jt, unparsed):
    for t in [jt] + world.supertypes(jt):
        for params, body in t.methods.get("getConfigComponentName", []):
            if params or not body:
                continue
            txt = text_of(body)
            m = re.fullmatch(r"return (\w+)\.class\.getSimpleName\(\);", txt)
            if m:
                return m.group(1)
            m = re.fullmatch(r"return (\w+)\.class\.getName\(\);", txt)
            if m:
                cands = world.resolve_type(m.group(1), t)
                return cands[0].qualified() if cands else m.group(1)
            m = re.fullmatch(r'return\s*"([^"]*)";', txt)
            if m:
                return m.group(1)
            if "getClass().getSimpleName()" in txt:
                return jt.name
            unparsed.append({"source": t.path, "what": f"{jt.name}.getConfigComponentName", "reason": txt[:120]})
            return jt.name
    return jt.name


def config_java(world, unparsed):
    """Config.java enum entries: name -> fields (category, component, type, default, description...)."""
    cands = [t for t in world.types("Config") if t.kind == "enum" and t.qualified() == "com.cloud.configuration.Config"]
    if not cands:
        return OrderedDict()
    jt = cands[0]
    model = CtorModel(world, jt)
    comp_map = {}
    for params, body in jt.methods.get("getComponent", []):
        txt = text_of(body)
        for m in re.finditer(r"_componentClass==(\w+)\.class\)\{return\"([^\"]*)\"", txt.replace(" ", "")):
            comp_map[m.group(1)] = m.group(2)
        m = re.search(r'else\{return"([^"]*)";\}$', txt.replace(" ", ""))
        comp_map[None] = m.group(1) if m else "none"
    out = OrderedDict()
    for cname, args, line in jt.enum_constants:
        where = f"{jt.path}:{line}"
        try:
            vals = []
            for a in split_args(args or []):
                try:
                    vals.append(Evaluator(world, jt).eval(a))
                except EvalError as e:
                    vals.append(Unknown(text_of(a)[:100] + " [" + str(e) + "]"))
            env = model.construct(vals)
        except EvalError as e:
            unparsed.append({"source": where, "what": "Config." + cname, "reason": str(e)})
            continue
        name = env.get("name")
        if not isinstance(name, str):
            unparsed.append({"source": where, "what": "Config." + cname, "reason": "name not a constant"})
            continue
        rec = {
            "category": env.get("category"),
            "component": comp_map.get(env["componentClass"].name if isinstance(env.get("componentClass"), ClassLit) else None, comp_map.get(None, "none")),
            "jtype": env["type"].name if isinstance(env.get("type"), ClassLit) else None,
            "name": name,
            "defaultvalue": env.get("defaultValue"),
            "description": env.get("description"),
            "range": env.get("range"),
            "kind": env["kind"].name if isinstance(env.get("kind"), EnumConst) else None,
            "options": env.get("options"),
            "field": "Config." + cname,
            "source": where,
        }
        for k, v in list(rec.items()):
            if isinstance(v, Unknown):
                unparsed.append({"source": where, "what": f"{name}: {k}", "reason": v.text})
                rec[k] = None
        out[name] = rec
    return out


# ================================================================================================
# SQL: the install and upgrade scripts, run against the few tables the reference data needs
# ================================================================================================
TABLES = (
    "configuration",
    "configuration_group",
    "configuration_subgroup",
    "guest_os",
    "guest_os_category",
    "guest_os_hypervisor",
    "hypervisor_capabilities",
)

SQL_TOKEN = re.compile(
    r"""(?P<ws>\s+)|(?P<lc>(?:--(?=\s|$)|\#)[^\n]*)|(?P<bc>/\*.*?\*/)|(?P<str>'(?:\\.|''|[^'\\])*'|"(?:\\.|""|[^"\\])*")|(?P<bq>`[^`]*`)|"""
    r"""(?P<num>\d+\.\d+|\d+|\.\d+)|(?P<var>@@?[A-Za-z_][A-Za-z0-9_.]*)|(?P<id>[A-Za-z_$][A-Za-z0-9_$]*)|"""
    r"""(?P<op><=>|<>|!=|<=|>=|:=|\|\||&&|[(),;=<>+\-*/%.!])|(?P<bad>.)""",
    re.S,
)
SQL_ESC = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "b": "\b", "Z": "\x1a", "\\": "\\", "'": "'", '"': '"', "%": "\\%", "_": "\\_"}


class STok:
    __slots__ = ("kind", "text", "value")

    def __init__(self, kind, text, value):
        self.kind, self.text, self.value = kind, text, value

    def __repr__(self):
        return self.text

    @property
    def up(self):
        return self.text.upper() if self.kind == "id" else self.text


def sql_tokens(text):
    out = []
    for m in SQL_TOKEN.finditer(text):
        kind = m.lastgroup
        t = m.group()
        if kind in ("ws", "lc", "bc"):
            continue
        if kind == "str":
            q = t[0]
            body = t[1:-1].replace(q + q, q)
            body = re.sub(r"\\(.)", lambda mm: SQL_ESC.get(mm.group(1), mm.group(1)), body, flags=re.S)
            out.append(STok("str", t, body))
        elif kind == "bq":
            out.append(STok("id", t, t[1:-1]))
        elif kind == "num":
            out.append(STok("num", t, float(t) if "." in t else int(t)))
        elif kind == "bad":
            raise SqlError("unexpected character " + t)
        else:
            out.append(STok(kind, t, t))
    return out


class SqlError(Exception):
    pass


def split_statements_scriptrunner(text):
    """com.cloud.utils.db.ScriptRunner: a statement ends on a line whose trimmed text ends with ';';
    lines starting with --, // or # are skipped; other lines lose what follows '--'.
    Returns (line number, statement)."""
    out = []
    cmd = []
    start = None
    for no, line in enumerate(text.split("\n"), start=1):
        tl = line.strip()
        if not tl or tl.startswith("--") or tl.startswith("//") or tl.startswith("#"):
            continue
        if start is None:
            start = no
        if tl.endswith(";"):
            cmd.append(line[: line.rindex(";")])
            out.append((start, " ".join(cmd)))
            cmd = []
            start = None
        else:
            idx = line.find("--")
            cmd.append(line[:idx] if idx != -1 else line)
    return out


def split_statements_mysql(text):
    """The mysql client (cloud-setup-databases runs the setup/db scripts with it): ';' outside quotes
    and comments ends a statement (DELIMITER lines change the delimiter)."""
    out = []
    delim = ";"
    buf = []
    start = 1
    line = 1
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if not buf and c in " \t\r\n":
            if c == "\n":
                line += 1
            i += 1
            continue
        if not buf:
            start = line
            m = re.match(r"DELIMITER\s+(\S+)", text[i:], re.I)
            if m:
                delim = m.group(1)
                j = text.find("\n", i)
                i = n if j < 0 else j
                continue
        if c in "'\"`":
            j = i + 1
            while j < n and text[j] != c:
                if text[j] == "\\" and c != "`":
                    j += 1
                j += 1
            seg = text[i : j + 1]
            buf.append(seg)
            line += seg.count("\n")
            i = j + 1
            continue
        if text.startswith("--", i) and (i + 2 >= n or text[i + 2] in " \t\r\n") or c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            seg = text[i : (n if j < 0 else j + 2)]
            line += seg.count("\n")
            i = n if j < 0 else j + 2
            continue
        if text.startswith(delim, i):
            stmt = "".join(buf).strip()
            if stmt:
                out.append((start, stmt))
            buf = []
            i += len(delim)
            continue
        if c == "\n":
            line += 1
        buf.append(c)
        i += 1
    stmt = "".join(buf).strip()
    if stmt:
        out.append((start, stmt))
    return out


class Uuid:
    """A UUID() generated while installing: random on every install."""

    count = 0

    def __init__(self):
        Uuid.count += 1
        self.n = Uuid.count

    def __repr__(self):
        return "UUID()"


class Now:
    def __repr__(self):
        return "now()"


NOW = Now()


class Table:
    def __init__(self, name):
        self.name = name
        self.columns = OrderedDict()  # name -> default value
        self.uniques = []  # tuples of column names (lower case)
        self.rows = []
        self.auto = 1
        self._index = None
        self._colidx = {}
        self.int_columns = set()

    def coerce(self, col, v):
        """A numeric column stores a number ('0' becomes 0)."""
        if col in self.int_columns and isinstance(v, str):
            try:
                return int(v.strip())
            except ValueError:
                try:
                    return int(float(v))
                except ValueError:
                    return 0
        return v

    def default_row(self):
        return dict(self.columns.items())

    def index(self):
        """{unique columns: {key: row}}, rebuilt after updates and deletes."""
        if self._index is None:
            self._index = {}
            for cols in self.uniques:
                idx = self._index[cols] = {}
                for r in self.rows:
                    if not any(r.get(c) is None for c in cols):
                        idx[tuple(sql_key(r.get(c)) for c in cols)] = r
        return self._index

    def dirty(self):
        self._index = None
        self._colidx = {}

    def col_index(self, col):
        """{probe key: [rows]} of one column (a prefilter for equality conditions)."""
        idx = self._colidx.get(col)
        if idx is None:
            idx = self._colidx[col] = {}
            for r in self.rows:
                idx.setdefault(probe_key(r.get(col)), []).append(r)
        return idx


def sql_key(v):
    if isinstance(v, str):
        return ("s", v.casefold().rstrip(" "))
    if isinstance(v, bool):
        return ("n", int(v))
    if isinstance(v, (int, float)):
        return ("n", v)
    if isinstance(v, Uuid):
        return ("u", v.n)
    return ("o", repr(v))


class SqlDb:
    """The interpreted tables; statements on other tables are skipped."""

    def __init__(self):
        self.tables = {}
        self.unparsed = []
        self.where = ""
        self.procedures = set()

    # -- helpers
    def table(self, name):
        return self.tables.get(name)

    def run_script(self, text, source, splitter):
        for line, stmt in splitter(text):
            self.where = f"{source}:{line}"
            self.execute(stmt)

    def note(self, stmt, reason):
        self.unparsed.append({"source": self.where, "what": " ".join(stmt.split())[:160], "reason": reason})

    def execute(self, stmt):
        low = stmt.lower()
        if not any(t in low for t in TABLES) and not re.match(r"\s*call\b", low):
            return
        try:
            toks = sql_tokens(stmt)
        except SqlError as e:
            self.note(stmt, str(e))
            return
        if not toks:
            return
        try:
            p = SqlParser(toks, self)
            p.statement(stmt)
        except SqlError as e:
            if p_touches(toks):
                self.note(stmt, str(e))
        except (ValueError, TypeError, IndexError, KeyError, ZeroDivisionError) as e:
            if p_touches(toks):
                self.note(stmt, f"{type(e).__name__}: {e}")

    # -- mutations
    def insert(self, tname, row, ignore=False, on_dup=None, replace=False):
        t = self.tables[tname]
        full = t.default_row()
        for k, v in row.items():
            if (k == "id" or k.endswith("_id")) and isinstance(v, str) and v.strip().isdigit():
                v = int(v)  # a numeric column stores a number
            full[k] = t.coerce(k, v)
        if "id" in t.columns and full.get("id") in (None, 0):
            full["id"] = t.auto
        if "id" in t.columns and isinstance(full.get("id"), int):
            t.auto = max(t.auto, full["id"] + 1)
        index = t.index()
        for cols in t.uniques:
            if any(full.get(c) is None for c in cols):
                continue
            key = tuple(sql_key(full.get(c)) for c in cols)
            r = index[cols].get(key)
            if r is not None:
                if replace:
                    t.rows.remove(r)
                    t.dirty()
                    index = t.index()
                    continue
                if on_dup is not None:
                    on_dup(r)
                    t.dirty()
                    return r
                if ignore:
                    return None
                raise SqlError(f"duplicate key {cols} in {tname}")
        t.rows.append(full)
        for col, idx in t._colidx.items():
            idx.setdefault(probe_key(full.get(col)), []).append(full)
        for cols in t.uniques:
            if not any(full.get(c) is None for c in cols):
                index[cols][tuple(sql_key(full.get(c)) for c in cols)] = full
        return full


def probe_key(v):
    if isinstance(v, str):
        try:
            return ("n", float(v))
        except ValueError:
            return ("s", v.casefold().rstrip(" "))
    if isinstance(v, (int, float)):
        return ("n", float(v))
    return sql_key(v)


def cmeta(fn, cols=None):
    fn.cols = cols
    return fn


def p_touches(toks):
    return any(t.kind == "id" and t.value.lower() in TABLES for t in toks)


class SqlParser:
    def __init__(self, toks, db, env=None):
        self.toks = toks
        self.i = 0
        self.db = db
        self.env = env or {}

    def peek(self, k=0):
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else None

    def at(self, *words):
        for k, w in enumerate(words):
            t = self.peek(k)
            if t is None or t.up != w:
                return False
        return True

    def accept(self, *words):
        if self.at(*words):
            self.i += len(words)
            return True
        return False

    def expect(self, word):
        t = self.peek()
        if t is None or t.up != word:
            raise SqlError(f"expected {word}, got {t.text if t else 'end'}")
        self.i += 1
        return t

    def ident(self):
        t = self.peek()
        if t is None or t.kind != "id":
            raise SqlError("expected a name")
        self.i += 1
        return t.value

    def table_name(self):
        name = self.ident()
        if self.peek() is not None and self.peek().text == ".":
            self.i += 1
            name = self.ident()
        return name.lower()

    # -- statements
    def statement(self, stmt):
        if self.accept("INSERT") or self.at("REPLACE"):
            replace = self.accept("REPLACE")
            ignore = self.accept("IGNORE")
            self.accept("INTO")
            tname = self.table_name()
            if tname not in TABLES:
                return
            if tname not in self.db.tables:
                raise SqlError(f"table {tname} does not exist yet")
            self.insert(tname, ignore, replace)
        elif self.accept("UPDATE"):
            self.accept("IGNORE")
            tname = self.table_name()
            if tname not in TABLES:
                return
            alias = tname
            if self.peek() is not None and self.peek().kind == "id" and self.peek().up not in ("SET",):
                self.accept("AS")
                alias = self.ident()
            if self.peek() is not None and self.peek().up in ("JOIN", "INNER", "LEFT", ","):
                raise SqlError("UPDATE with a join")
            self.expect("SET")
            sets = []
            while True:
                col = self.column_ref()
                self.expect("=")
                sets.append((col, self.expr()))
                if not (self.peek() is not None and self.peek().text == ","):
                    break
                self.i += 1
            cond = self.where_clause()
            self.end()
            t = self.db.tables[tname]
            for row in list(t.rows):
                ctx = {alias: row, tname: row}
                if cond is None or truthy(cond(ctx)):
                    vals = [(c, e(ctx)) for c, e in sets]
                    for c, v in vals:
                        row[c] = t.coerce(c, v)
            t.dirty()
        elif self.accept("DELETE"):
            self.accept("IGNORE")
            if not self.at("FROM"):  # DELETE t1 FROM tbl t1, tbl t2 WHERE ...
                target = self.ident().lower()
                self.expect("FROM")
                self.i -= 1
                self.toks = self.toks[: self.i] + [STok("id", "SELECT", "SELECT"), STok("op", "*", "*")] + self.toks[self.i :]
                self.i += 0
                sel_start = self.i
                self.expect("SELECT")
                self.i = sel_start
                rows_fn, sources = self.select(return_sources=True)
                self.end()
                tname = dict((a, t) for t, a, _on in sources).get(target)
                if tname is None or tname not in TABLES:
                    return
                t = self.db.tables[tname]
                doomed = {id(c[target]) for c in rows_fn({}, contexts=True)}
                t.rows = [r for r in t.rows if id(r) not in doomed]
                t.dirty()
                return
            self.expect("FROM")
            tname = self.table_name()
            if tname not in TABLES:
                return
            alias = tname
            if self.peek() is not None and self.peek().kind == "id" and self.peek().up != "WHERE":
                self.accept("AS")
                alias = self.ident()
            cond = self.where_clause()
            self.end()
            t = self.db.tables[tname]
            doomed = {id(r) for r in t.rows if cond is None or truthy(cond({alias: r, tname: r}))}
            t.rows = [r for r in t.rows if id(r) not in doomed]
            t.dirty()
        elif self.accept("CALL"):
            self.call()
        elif self.accept("CREATE"):
            if self.accept("TABLE"):
                self.accept("IF", "NOT", "EXISTS")
                tname = self.table_name()
                if tname in TABLES and tname not in self.db.tables:
                    self.create_table(tname)
            elif self.accept("PROCEDURE") or self.accept("DEFINER"):
                return
        elif self.accept("ALTER", "TABLE"):
            tname = self.table_name()
            if tname in TABLES and tname in self.db.tables:
                self.alter_table(tname)
        elif self.accept("DROP", "TABLE"):
            self.accept("IF", "EXISTS")
            tname = self.table_name()
            if tname in TABLES:
                self.db.tables.pop(tname, None)
        elif self.at("SELECT") or self.at("SET") or self.at("DROP") or self.at("USE") or self.at("RENAME"):
            return
        else:
            if p_touches(self.toks):
                raise SqlError("statement not interpreted")

    def end(self):
        if self.peek() is not None:
            raise SqlError("unexpected " + self.peek().text)

    def column_ref(self):
        name = self.ident()
        if self.peek() is not None and self.peek().text == ".":
            self.i += 1
            name = self.ident()
        return name.lower()

    def where_clause(self):
        if self.accept("WHERE"):
            return self.expr()
        return None

    def insert(self, tname, ignore, replace):
        cols = None
        if self.peek() is not None and self.peek().text == "(" and not self.at_select(1):
            self.i += 1
            cols = []
            while True:
                cols.append(self.column_ref())
                if self.peek().text == ",":
                    self.i += 1
                    continue
                self.expect(")")
                break
        t = self.db.tables[tname]
        rows = []
        if self.accept("VALUES") or self.accept("VALUE"):
            while True:
                self.expect("(")
                vals = []
                while True:
                    vals.append(self.expr()({}))
                    if self.peek().text == ",":
                        self.i += 1
                        continue
                    self.expect(")")
                    break
                rows.append(vals)
                if self.peek() is not None and self.peek().text == ",":
                    self.i += 1
                    continue
                break
        elif self.at("SELECT") or self.at("(", "SELECT"):
            paren = self.accept("(")
            sel = self.select()
            if paren:
                self.expect(")")
            rows = [list(r) for r in sel({})]
        else:
            raise SqlError("INSERT without VALUES")
        on_dup = None
        if self.accept("ON", "DUPLICATE", "KEY", "UPDATE"):
            sets = []
            while True:
                col = self.column_ref()
                self.expect("=")
                sets.append((col, self.expr()))
                if self.peek() is not None and self.peek().text == ",":
                    self.i += 1
                    continue
                break

            def on_dup(row):
                for c, e in sets:
                    row[c] = e({tname: row})

        self.end()
        cols = cols or list(t.columns)
        for vals in rows:
            if len(vals) != len(cols):
                raise SqlError("column count does not match")
            self.db.insert(tname, dict(zip(cols, vals)), ignore=ignore, on_dup=on_dup, replace=replace)

    def at_select(self, k=0):
        t = self.peek(k)
        return t is not None and t.up == "SELECT"

    def create_table(self, tname):
        t = Table(tname)
        self.expect("(")
        body_start = self.i
        close = self._match(self.i - 1)
        items = self._split(self.toks[body_start:close])
        for it in items:
            if not it:
                continue
            head = it[0].up if it[0].kind == "id" and not it[0].text.startswith("`") else None
            if head in ("PRIMARY", "UNIQUE", "CONSTRAINT", "KEY", "INDEX", "FOREIGN", "CHECK", "FULLTEXT"):
                self._constraint(t, it)
                continue
            col = it[0].value.lower()
            t.columns[col] = self._default_of(it)
            if len(it) > 1 and re.match(r"(tiny|small|medium|big)?int", it[1].text.lower()):
                t.int_columns.add(col)
                t.columns[col] = t.coerce(col, t.columns[col])
            if any(x.up == "PRIMARY" for x in it):
                t.uniques.append((col,))
            if any(x.up == "UNIQUE" for x in it):
                t.uniques.append((col,))
        self.db.tables[tname] = t
        self.i = len(self.toks)

    def _constraint(self, t, it):
        words = [x.up for x in it]
        if "UNIQUE" in words or "PRIMARY" in words:
            k = words.index("(")
            cols = []
            for x in it[k + 1 :]:
                if x.text == ")":
                    break
                if x.kind == "id":
                    cols.append(x.value.lower())
            if cols:
                t.uniques.append(tuple(cols))
                t.dirty()

    def _default_of(self, it):
        for k, x in enumerate(it):
            if x.up == "DEFAULT" and k + 1 < len(it):
                v = it[k + 1]
                if v.kind == "str":
                    return v.value
                if v.kind == "num":
                    return v.value
                if v.text == "-" and k + 2 < len(it):
                    return -it[k + 2].value
                if v.up == "NULL":
                    return None
                if v.up in ("TRUE",):
                    return 1
                if v.up in ("FALSE",):
                    return 0
                if v.up in ("CURRENT_TIMESTAMP", "NOW"):
                    return NOW
                return None
        return None

    def _match(self, i):
        depth = 0
        for j in range(i, len(self.toks)):
            if self.toks[j].text == "(":
                depth += 1
            elif self.toks[j].text == ")":
                depth -= 1
                if depth == 0:
                    return j
        raise SqlError("unbalanced parentheses")

    @staticmethod
    def _split(toks):
        out, cur, depth = [], [], 0
        for x in toks:
            if x.text == "(":
                depth += 1
            elif x.text == ")":
                depth -= 1
            if depth == 0 and x.text == ",":
                out.append(cur)
                cur = []
            else:
                cur.append(x)
        out.append(cur)
        return out

    def alter_table(self, tname):
        t = self.db.tables[tname]
        for it in self._split(self.toks[self.i :]):
            words = [x.up for x in it]
            if not it:
                continue
            if words[0] == "ADD" and (len(words) > 1 and words[1] in ("CONSTRAINT", "UNIQUE", "PRIMARY")):
                self._constraint(t, it[1:])
            elif words[0] == "ADD" and "INDEX" not in words[:2] and "KEY" not in words[:2] and "FOREIGN" not in words:
                k = 2 if len(words) > 1 and words[1] == "COLUMN" else 1
                col = it[k].value.lower()
                d = self._default_of(it[k:])
                cols = [c for c in t.columns if c != col]
                if "FIRST" in words[k:]:
                    cols.insert(0, col)
                elif "AFTER" in words[k:]:
                    after = it[k + words[k:].index("AFTER") + 1].value.lower()
                    cols.insert(cols.index(after) + 1 if after in cols else len(cols), col)
                else:
                    cols.append(col)
                defaults = dict(t.columns)
                defaults[col] = d
                if len(it) > k + 1 and re.match(r"(tiny|small|medium|big)?int", it[k + 1].text.lower()):
                    t.int_columns.add(col)
                    d = defaults[col] = t.coerce(col, d)
                t.columns = OrderedDict((c, defaults[c]) for c in cols)
                for r in t.rows:
                    r.setdefault(col, d)
            elif words[0] in ("MODIFY", "CHANGE"):
                k = 2 if len(words) > 1 and words[1] == "COLUMN" else 1
                old = it[k].value.lower()
                new = it[k + 1].value.lower() if words[0] == "CHANGE" else old
                d = self._default_of(it[k:])
                t.columns = OrderedDict(((new, d) if c == old else (c, v)) for c, v in t.columns.items())  # keeps its position
                if new != old:
                    for r in t.rows:
                        r[new] = r.pop(old, None)
            elif words[0] == "DROP" and (len(words) > 1 and words[1] == "COLUMN" or len(words) == 2):
                col = it[-1].value.lower()
                t.columns.pop(col, None)
                for r in t.rows:
                    r.pop(col, None)
        self.i = len(self.toks)

    def call(self):
        name = self.table_name().upper()
        self.expect("(")
        args = []
        if self.peek().text != ")":
            while True:
                args.append(self.expr()({}))
                if self.peek().text == ",":
                    self.i += 1
                    continue
                break
        self.expect(")")
        proc = PROCEDURES.get(name)
        if proc is None:
            if p_touches(self.toks) or any(isinstance(a, str) and a.split(".")[-1].lower() in TABLES for a in args):
                raise SqlError("procedure not modelled: " + name)
            return
        proc(self.db, *args)

    # -- SELECT
    def select(self, return_sources=False):
        self.expect("SELECT")
        self.accept("DISTINCT")
        items = []
        while True:
            if self.peek().text == "*":
                self.i += 1
                items.append(("*", None))
            else:
                e = self.expr()
                if self.accept("AS"):
                    self.ident()
                elif self.peek() is not None and self.peek().kind == "id" and self.peek().up not in ("FROM", "WHERE", "LIMIT", "ORDER"):
                    self.i += 1
                items.append(("e", e))
            if self.peek() is not None and self.peek().text == ",":
                self.i += 1
                continue
            break
        sources = []
        if self.accept("FROM"):
            while True:
                tname = self.table_name()
                alias = tname
                if (
                    self.peek() is not None
                    and self.peek().kind == "id"
                    and self.peek().up not in ("WHERE", "LIMIT", "ORDER", "JOIN", "INNER", "LEFT", "ON", "GROUP")
                ):
                    self.accept("AS")
                    alias = self.ident().lower()
                sources.append((tname, alias, None))
                if self.peek() is not None and self.peek().text == ",":
                    self.i += 1
                    continue
                if self.accept("JOIN") or self.accept("INNER", "JOIN"):
                    tname = self.table_name()
                    alias = tname
                    if self.peek() is not None and self.peek().kind == "id" and self.peek().up != "ON":
                        self.accept("AS")
                        alias = self.ident().lower()
                    self.expect("ON")
                    sources.append((tname, alias, self.expr()))
                    continue
                break
        cond = self.where_clause()
        order = None
        if self.accept("ORDER", "BY"):
            order = self.expr()
            desc = self.accept("DESC")
            self.accept("ASC")
            order = (order, desc)
        limit = None
        if self.accept("LIMIT"):
            limit = self.peek().value
            self.i += 1
        db = self.db
        conj = (getattr(cond, "conj", [cond]) if cond is not None else []) + [on for _t, _a, on in sources if on is not None]
        aggregate = any(kind == "e" and getattr(e, "aggregate", False) for kind, e in items)

        def run(outer, contexts=False):
            ctxs = [dict(outer)]
            for pos, (tname, alias, on) in enumerate(sources):
                if tname == "dual":
                    continue
                t = db.tables.get(tname)
                if t is None:
                    raise SqlError(f"table {tname} not interpreted")
                probe = equality_probe(db, sources, pos, conj)
                nxt = []
                for c in ctxs:
                    if probe is not None:
                        pv = probe[1](c)
                        rows = t.col_index(probe[0]).get(probe_key(pv), []) if pv is not None else []
                    else:
                        rows = t.rows
                    for r in rows:
                        c2 = dict(c)
                        c2[alias] = r
                        c2[tname] = r
                        if on is None or truthy(on(c2)):
                            nxt.append(c2)
                ctxs = nxt
            if cond is not None:
                ctxs = [c for c in ctxs if truthy(cond(c))]
            if contexts:
                return ctxs
            if order is not None:
                ctxs.sort(key=lambda c: sort_key(order[0](c)), reverse=order[1])
            if aggregate:
                return [tuple(e(ctxs, agg=True) if getattr(e, "aggregate", False) else (e(ctxs[0]) if ctxs else None) for _k, e in items)]
            out = []
            for c in ctxs:
                row = []
                for kind, e in items:
                    if kind == "*":
                        for tname, alias, _on in sources:
                            if tname != "dual":
                                row.extend(c[alias].get(col) for col in db.tables[tname].columns)
                    else:
                        row.append(e(c))
                out.append(tuple(row))
            if limit is not None:
                out = out[:limit]
            return out

        if return_sources:
            return run, sources
        return run

    # -- expressions (each returns a function of the row context)
    def expr(self):
        return self.or_expr()

    def or_expr(self):
        left = self.and_expr()
        while self.accept("OR") or self.accept("||"):
            right = self.and_expr()
            left = _bind(lambda c, a, b: sql_or(a(c), b(c)), left, right)
        return left

    def and_expr(self):
        left = self.not_expr()
        while self.accept("AND") or self.accept("&&"):
            right = self.not_expr()
            conj = getattr(left, "conj", [left]) + getattr(right, "conj", [right])
            left = _bind(lambda c, a, b: sql_and(a(c), b(c)), left, right)
            left.conj = conj
        return left

    def not_expr(self):
        if self.accept("NOT") or self.accept("!"):
            e = self.not_expr()
            return lambda c: None if e(c) is None else not truthy(e(c))
        return self.comparison()

    def comparison(self):
        left = self.additive()
        while True:
            t = self.peek()
            if t is None:
                return left
            if t.text in ("=", "<>", "!=", "<", ">", "<=", ">=", "<=>"):
                self.i += 1
                right = self.additive()
                eq = (left, right) if t.text == "=" else None
                left = _bind(lambda c, a, b, op: sql_cmp(op, a(c), b(c)), left, right, t.text)
                left.eq = eq
            elif t.up == "IS":
                self.i += 1
                neg = self.accept("NOT")
                self.expect("NULL")
                left = _bind(lambda c, a, neg: (a(c) is not None) if neg else (a(c) is None), left, neg)
            elif t.up in ("LIKE", "NOT") and (
                t.up == "LIKE" or self.at("NOT", "LIKE") or self.at("NOT", "IN") or self.at("NOT", "REGEXP") or self.at("NOT", "BETWEEN")
            ):
                neg = self.accept("NOT")
                if self.accept("BETWEEN"):
                    lo = self.additive()
                    self.expect("AND")
                    hi = self.additive()
                    left = _bind(lambda c, a, lo, hi, neg: sql_not(neg, sql_and(sql_cmp(">=", a(c), lo(c)), sql_cmp("<=", a(c), hi(c)))), left, lo, hi, neg)
                elif self.accept("LIKE"):
                    right = self.additive()
                    left = _bind(lambda c, a, b, neg: sql_not(neg, sql_like(a(c), b(c))), left, right, neg)
                elif self.accept("REGEXP"):
                    right = self.additive()
                    left = _bind(lambda c, a, b, neg: sql_not(neg, None if a(c) is None else re.search(b(c), str(a(c)), re.I) is not None), left, right, neg)
                else:
                    self.expect("IN")
                    left = self.in_list(left, neg)
            elif t.up == "IN":
                self.i += 1
                left = self.in_list(left, False)
            elif t.up == "REGEXP":
                self.i += 1
                right = self.additive()
                left = _bind(lambda c, a, b: None if a(c) is None else re.search(b(c), str(a(c)), re.I) is not None, left, right)
            elif t.up == "BETWEEN":
                self.i += 1
                lo = self.additive()
                self.expect("AND")
                hi = self.additive()
                left = _bind(lambda c, a, lo, hi: sql_and(sql_cmp(">=", a(c), lo(c)), sql_cmp("<=", a(c), hi(c))), left, lo, hi)
            else:
                return left

    def in_list(self, left, neg):
        self.expect("(")
        if self.at_select():
            sel = uncorrelated(self.select())
            self.expect(")")
            return lambda c: sql_not(neg, any(sql_cmp("=", left(c), r[0]) for r in sel(c)))
        items = []
        while True:
            items.append(self.expr())
            if self.peek().text == ",":
                self.i += 1
                continue
            break
        self.expect(")")
        return lambda c: sql_not(neg, any(sql_cmp("=", left(c), e(c)) for e in items))

    def additive(self):
        left = self.multiplicative()
        while self.peek() is not None and self.peek().text in ("+", "-"):
            op = self.peek().text
            self.i += 1
            right = self.multiplicative()
            left = _bind(lambda c, a, b, op: sql_arith(op, a(c), b(c)), left, right, op)
        return left

    def multiplicative(self):
        left = self.unary()
        while self.peek() is not None and self.peek().text in ("*", "/"):
            op = self.peek().text
            self.i += 1
            right = self.unary()
            left = _bind(lambda c, a, b, op: sql_arith(op, a(c), b(c)), left, right, op)
        return left

    def unary(self):
        if self.peek() is not None and self.peek().text == "-":
            self.i += 1
            e = self.unary()
            return lambda c: None if e(c) is None else -e(c)
        return self.primary()

    def primary(self):
        t = self.peek()
        if t is None:
            raise SqlError("unexpected end")
        self.i += 1
        if t.kind == "str":
            v = t.value
            return cmeta(lambda c: v, frozenset())
        if t.kind == "num":
            v = t.value
            return cmeta(lambda c: v, frozenset())
        if t.kind == "var":
            raise SqlError("user variable " + t.text)
        if t.text == "(":
            if self.at_select():
                sel = uncorrelated(self.select())
                self.expect(")")

                def sub(c):
                    rows = sel(c)
                    return rows[0][0] if rows else None

                return sub
            e = self.expr()
            self.expect(")")
            return e
        if t.kind != "id":
            raise SqlError("unexpected " + t.text)
        up = t.up
        if up == "NULL":
            return lambda c: None
        if up == "TRUE":
            return lambda c: 1
        if up == "FALSE":
            return lambda c: 0
        if up == "CASE":
            subject = None
            if not self.at("WHEN"):
                subject = self.expr()
            whens = []
            while self.accept("WHEN"):
                w = self.expr()
                self.expect("THEN")
                whens.append((w, self.expr()))
            other = self.expr() if self.accept("ELSE") else (lambda c: None)
            self.expect("END")

            def case(c):
                sv = subject(c) if subject is not None else None
                for w, th in whens:
                    if sql_cmp("=", sv, w(c)) if subject is not None else truthy(w(c)):
                        return th(c)
                return other(c)

            return case
        if up == "EXISTS":
            self.expect("(")
            sel = uncorrelated(self.select())
            self.expect(")")
            return lambda c: bool(sel(c))
        if up in ("CURRENT_TIMESTAMP", "UTC_TIMESTAMP", "NOW") and not (self.peek() is not None and self.peek().text == "("):
            return lambda c: NOW
        if self.peek() is not None and self.peek().text == "(" and not t.text.startswith("`"):
            return self.function(up)
        # column reference: [table.]column
        name = t.value.lower()
        qual = None
        if self.peek() is not None and self.peek().text == "." and self.peek(1) is not None and self.peek(1).kind == "id":
            self.i += 1
            qual = name
            name = self.ident().lower()
            if self.peek() is not None and self.peek().text == "." and self.peek(1) is not None and self.peek(1).kind == "id":  # schema.table.column
                self.i += 1
                qual = name
                name = self.ident().lower()
        env = self.env
        if qual is None and name in env:
            v = env[name]
            return lambda c: v

        def col(c, qual=qual, name=name):
            if qual is not None:
                if qual in c:
                    return c[qual].get(name)
                raise SqlError(f"unknown table {qual}")
            for k in reversed(c):  # the innermost query's tables first
                row = c[k]
                if isinstance(row, dict) and name in row:
                    return row[name]
            raise SqlError("unknown column " + name)

        return cmeta(col, frozenset([(qual, name)]))

    def function(self, name):
        self.expect("(")
        args = []
        if name in ("COUNT",) and self.peek().text == "*":
            self.i += 1
            self.expect(")")

            def f(rows, agg=False):  # pylint: disable=unused-argument
                return len(rows)

            f.aggregate = True
            return f
        if self.peek().text != ")":
            while True:
                args.append(self.expr())
                if self.peek().text == ",":
                    self.i += 1
                    continue
                break
        self.expect(")")
        if name in ("MAX", "MIN", "COUNT"):
            a = args[0]

            def agg(rows, agg=False, a=a, name=name):
                vals = [a(r) for r in rows]
                vals = [v for v in vals if v is not None]
                if name == "COUNT":
                    return len(vals)
                if not vals:
                    return None
                return max(vals, key=sort_key) if name == "MAX" else min(vals, key=sort_key)

            agg.aggregate = True
            return agg
        if name == "UUID":
            return lambda c: Uuid()
        if name in ("NOW", "UTC_TIMESTAMP", "CURRENT_TIMESTAMP", "SYSDATE"):
            return lambda c: NOW
        if name == "CONCAT":
            return lambda c: None if any(a(c) is None for a in args) else "".join(sql_str(a(c)) for a in args)
        if name in ("IFNULL", "COALESCE"):
            return lambda c: next((v for v in (a(c) for a in args) if v is not None), None)
        if name in ("LCASE",):
            name = "LOWER"
        if name in ("UCASE",):
            name = "UPPER"
        if name == "LEFT":
            return lambda c: None if args[0](c) is None else sql_str(args[0](c))[: int(args[1](c))]
        if name == "RIGHT":
            return lambda c: None if args[0](c) is None else sql_str(args[0](c))[-int(args[1](c)) :] if int(args[1](c)) else ""
        if name in ("SUBSTRING", "SUBSTR"):

            def substr(c):
                v = args[0](c)
                if v is None:
                    return None
                v = sql_str(v)
                pos = int(args[1](c))
                start = pos - 1 if pos > 0 else len(v) + pos
                return v[start : start + int(args[2](c))] if len(args) > 2 else v[start:]

            return substr
        if name in ("LENGTH", "CHAR_LENGTH"):
            return lambda c: None if args[0](c) is None else len(sql_str(args[0](c)))
        if name == "TRIM":
            return lambda c: None if args[0](c) is None else sql_str(args[0](c)).strip()
        if name == "LOWER":
            return lambda c: None if args[0](c) is None else sql_str(args[0](c)).lower()
        if name == "UPPER":
            return lambda c: None if args[0](c) is None else sql_str(args[0](c)).upper()
        if name == "REPLACE":
            return lambda c: None if args[0](c) is None else sql_str(args[0](c)).replace(sql_str(args[1](c)), sql_str(args[2](c)))
        if name == "IF":
            return lambda c: args[1](c) if truthy(args[0](c)) else args[2](c)
        raise SqlError("function " + name)


def uncorrelated(sel):
    """A subquery is run once per statement when it needs nothing from the outer row (it runs
    without one); otherwise once per outer row."""
    state = {}

    def run(c):
        if "rows" in state:
            return state["rows"]
        if "correlated" not in state:
            try:
                state["rows"] = sel({})
                return state["rows"]
            except SqlError:
                state["correlated"] = True
        return sel(c)

    return run


def equality_probe(db, sources, pos, conj):
    """A conjunct `this.col = expr` where expr needs only constants and earlier tables: the rows
    of this table are then looked up by that column instead of scanned."""
    tname, alias, _on = sources[pos]
    t = db.tables[tname]
    later_names = set()
    later_cols = set()
    for tn, al, _o in sources[pos:]:
        later_names |= {tn, al}
        if tn in db.tables:
            later_cols |= set(db.tables[tn].columns)
    for cj in conj:
        eq = getattr(cj, "eq", None)
        if not eq:
            continue
        for mine, other in (eq, eq[::-1]):
            mc, oc = getattr(mine, "cols", None), getattr(other, "cols", None)
            if mc is None or oc is None or len(mc) != 1:
                continue
            ((q, n),) = tuple(mc)
            if n not in t.columns:
                continue
            if q is None:
                if sum(1 for tn, _a, _o in sources[pos:] if tn in db.tables and n in db.tables[tn].columns) != 1:
                    continue
            elif q not in (alias, tname):
                continue
            if any((q2 in later_names) if q2 is not None else (n2 in later_cols) for q2, n2 in oc):
                continue
            return n, other
    return None


def _bind(fn, *bound):
    """fn(c, *bound) as a function of the row context c, with the operands bound now."""
    return lambda c: fn(c, *bound)


def sql_str(v):
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def truthy(v):
    if v is None:
        return False
    if isinstance(v, str):
        try:
            return float(v) != 0
        except ValueError:
            return False
    return bool(v)


def sql_not(neg, v):
    if v is None:
        return None
    return (not v) if neg else v


def sql_and(a, b):
    if a is not None and not truthy(a) or b is not None and not truthy(b):
        return False
    if a is None or b is None:
        return None
    return True


def sql_or(a, b):
    if truthy(a) or truthy(b):
        return True
    if a is None or b is None:
        return None
    return False


def sql_cmp(op, a, b):
    if op == "<=>":
        return (a is None and b is None) or (a is not None and b is not None and sql_cmp("=", a, b))
    if a is None or b is None:
        return None
    if isinstance(a, (Uuid, Now)) or isinstance(b, (Uuid, Now)):
        eq = a is b
        if op == "=":
            return eq
        if op in ("<>", "!="):
            return not eq
        raise SqlError("ordering of generated values")
    if isinstance(a, str) and isinstance(b, str):
        x, y = a.casefold().rstrip(" "), b.casefold().rstrip(" ")
    else:
        try:
            x, y = float(a), float(b)
        except (TypeError, ValueError):
            x, y = sql_str(a).casefold(), sql_str(b).casefold()
    return {"=": x == y, "<>": x != y, "!=": x != y, "<": x < y, ">": x > y, "<=": x <= y, ">=": x >= y}[op]


_LIKE_CACHE = {}


def sql_like(a, pat):
    if a is None or pat is None:
        return None
    rx = _LIKE_CACHE.get(pat)
    if rx is None:
        rx = _LIKE_CACHE[pat] = re.compile(_like_regex(pat), re.I | re.S)
    return rx.fullmatch(sql_str(a)) is not None


def _like_regex(pat):
    rx = ""
    i = 0
    while i < len(pat):
        ch = pat[i]
        if ch == "\\" and i + 1 < len(pat):
            rx += re.escape(pat[i + 1])
            i += 2
            continue
        rx += ".*" if ch == "%" else "." if ch == "_" else re.escape(ch)
        i += 1
    return rx


def sql_arith(op, a, b):
    if a is None or b is None:
        return None
    a, b = float(a), float(b)
    v = {"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else None}[op]
    return int(v) if v is not None and v.is_integer() and op != "/" else v


def sort_key(v):
    if v is None:
        return (0, 0)
    if isinstance(v, (int, float)):
        return (1, v)
    return (2, sql_str(v).casefold())


# -- stored procedures the upgrade scripts call (their SQL bodies, interpreted here) --------------
def _proc_add_guest_os_and_hypervisor_mapping(db, category_id, display_name, hv_type, hv_version, os_name):
    """procedures/cloud.add_guest_os_and_hypervisor_mapping.sql"""
    gos = db.tables["guest_os"]
    match = [r for r in gos.rows if sql_cmp("=", r.get("category_id"), category_id) and sql_cmp("=", r.get("display_name"), display_name)]
    if not match:
        db.insert("guest_os", {"uuid": Uuid(), "category_id": category_id, "display_name": display_name, "created": NOW})
    gh = db.tables.get("guest_os_hypervisor")
    if gh is None:
        return
    for g in [r for r in gos.rows if sql_cmp("=", r.get("category_id"), category_id) and sql_cmp("=", r.get("display_name"), display_name)]:
        exists = any(
            sql_cmp("=", h.get("hypervisor_type"), hv_type)
            and sql_cmp("=", h.get("hypervisor_version"), hv_version)
            and sql_cmp("=", h.get("guest_os_id"), g["id"])
            and sql_cmp("=", h.get("guest_os_name"), os_name)
            for h in gh.rows
        )
        if not exists:
            db.insert(
                "guest_os_hypervisor",
                {
                    "uuid": Uuid(),
                    "hypervisor_type": hv_type,
                    "hypervisor_version": hv_version,
                    "guest_os_name": os_name,
                    "guest_os_id": g["id"],
                    "created": NOW,
                },
            )


def _proc_idempotent_insert_guestos_hypervisor_mapping(db, hv_type, hv_version, os_name, guest_os_id, user_defined):
    """procedures/cloud.idempotent_insert_guestos_hypervisor_mapping.sql"""
    gh = db.tables.get("guest_os_hypervisor")
    if gh is None:
        return
    if any(
        sql_cmp("=", h.get("hypervisor_type"), hv_type)
        and sql_cmp("=", h.get("hypervisor_version"), hv_version)
        and sql_cmp("=", h.get("guest_os_id"), guest_os_id)
        for h in gh.rows
    ):
        return
    db.insert(
        "guest_os_hypervisor",
        {
            "uuid": Uuid(),
            "hypervisor_type": hv_type,
            "hypervisor_version": hv_version,
            "guest_os_name": os_name,
            "guest_os_id": guest_os_id,
            "created": NOW,
            "is_user_defined": user_defined,
        },
    )


def _proc_insert_category_if_not_exist(db, name):
    """schema-42010to42100.sql INSERT_CATEGORY_IF_NOT_EXIST"""
    t = db.tables["guest_os_category"]
    if not any(sql_cmp("=", r.get("name"), name) for r in t.rows):
        db.insert("guest_os_category", {"name": name, "uuid": Uuid()})


def _proc_update_category_for_guest_oses(db, category_name, os_name):
    """schema-42010to42100.sql UPDATE_CATEGORY_FOR_GUEST_OSES: guest OSes whose display name
    starts with os_name move to the category of that name."""
    cats = [r for r in db.tables["guest_os_category"].rows if sql_cmp("=", r.get("name"), category_name)]
    if not cats:
        return
    for r in db.tables["guest_os"].rows:
        if sql_like(r.get("display_name"), os_name + "%"):
            r["category_id"] = cats[0]["id"]


def _proc_update_new_and_delete_old_category(db, to_name, from_name):
    """schema-42010to42100.sql UPDATE_NEW_AND_DELETE_OLD_CATEGORY_FOR_GUEST_OS"""
    cat = db.tables["guest_os_category"]
    to = [r for r in cat.rows if sql_cmp("=", r.get("name"), to_name)]
    frm = [r for r in cat.rows if sql_cmp("=", r.get("name"), from_name)]
    if not to or not frm:
        return
    for r in db.tables["guest_os"].rows:
        if sql_cmp("=", r.get("category_id"), frm[0]["id"]):
            r["category_id"] = to[0]["id"]
    cat.rows.remove(frm[0])


def _proc_noop(db, *args):
    return None


PROCEDURES = {
    "ADD_GUEST_OS_AND_HYPERVISOR_MAPPING": _proc_add_guest_os_and_hypervisor_mapping,
    "IDEMPOTENT_INSERT_GUESTOS_HYPERVISOR_MAPPING": _proc_idempotent_insert_guestos_hypervisor_mapping,
    "INSERT_CATEGORY_IF_NOT_EXIST": _proc_insert_category_if_not_exist,
    "UPDATE_CATEGORY_FOR_GUEST_OSES": _proc_update_category_for_guest_oses,
    "UPDATE_NEW_AND_DELETE_OLD_CATEGORY_FOR_GUEST_OS": _proc_update_new_and_delete_old_category,
}


def _proc_idempotent_add_column(db, table, column, definition):
    """IDEMPOTENT_ADD_COLUMN('cloud.t', 'c', 'type DEFAULT v ...'): ALTER TABLE t ADD COLUMN c ..."""
    tname = str(table).rsplit(".", maxsplit=1)[-1].strip("`").lower()
    if tname in db.tables and str(column).lower() not in db.tables[tname].columns:
        p = SqlParser(sql_tokens(f"ALTER TABLE {tname} ADD COLUMN `{column}` {definition}"), db)
        p.statement("")


def _proc_idempotent_change_column(db, table, old, new, definition):
    tname = str(table).rsplit(".", maxsplit=1)[-1].strip("`").lower()
    if tname in db.tables and str(old).lower() in db.tables[tname].columns:
        p = SqlParser(sql_tokens(f"ALTER TABLE {tname} CHANGE COLUMN `{old}` `{new}` {definition}"), db)
        p.statement("")


def _proc_idempotent_modify_column(db, table, column, definition):
    tname = str(table).rsplit(".", maxsplit=1)[-1].strip("`").lower()
    if tname in db.tables:
        p = SqlParser(sql_tokens(f"ALTER TABLE {tname} MODIFY COLUMN `{column}` {definition}"), db)
        p.statement("")


PROCEDURES.update(
    {
        "IDEMPOTENT_ADD_COLUMN": _proc_idempotent_add_column,
        "IDEMPOTENT_CHANGE_COLUMN": _proc_idempotent_change_column,
        "IDEMPOTENT_MODIFY_COLUMN": _proc_idempotent_modify_column,
        "IDEMPOTENT_ADD_UNIQUE_KEY": _proc_noop,
        "IDEMPOTENT_ADD_UNIQUE_INDEX": _proc_noop,
        "IDEMPOTENT_CREATE_UNIQUE_INDEX": _proc_noop,
        "IDEMPOTENT_ADD_KEY": _proc_noop,
        "IDEMPOTENT_ADD_FOREIGN_KEY": _proc_noop,
        "IDEMPOTENT_DROP_FOREIGN_KEY": _proc_noop,
        "IDEMPOTENT_DROP_INDEX": _proc_noop,
        "IDEMPOTENT_DROP_UNIQUE_KEY": _proc_noop,
        "IDEMPOTENT_MODIFY_COLUMN_CHAR_SET": _proc_noop,
    }
)


# ================================================================================================
# The install: setup/db scripts, then the upgrade chain from 4.0.0
# ================================================================================================
SETUP_SCRIPTS = ("setup/db/create-schema.sql", "setup/db/create-schema-premium.sql", "setup/db/server-setup.sql", "setup/db/templates.sql")
DB_RESOURCES = "engine/schema/src/main/resources/"


def upgrade_chain(src, unparsed):
    """DatabaseUpgradeChecker: the DbUpgrade steps a fresh database (version 4.0.0, set by
    create-schema.sql) goes through: [(class JType, upgraded version)]."""
    cands = [t for t in src.types("DatabaseUpgradeChecker") if t.kind == "class"]
    if not cands:
        raise SystemExit("DatabaseUpgradeChecker not found")
    jt = cands[0]
    nxt = {}
    for params, body in sum(jt.methods.values(), []) + jt.ctors:
        for k in range(len(body) - 5):
            if body[k].text == "." and body[k + 1].text == "next" and body[k + 2].text == "(" and body[k + 3].kind == "str":
                m = k + 4
                if body[m].text == "," and body[m + 1].text == "new" and body[m + 2].kind == "id":
                    nxt.setdefault(body[k + 3].value, body[m + 2].text)
    chain = []
    version = "4.0.0"
    seen = set()
    while version in nxt and version not in seen:
        seen.add(version)
        cls = nxt[version]
        types = [t for t in src.types(cls) if t.kind == "class"]
        if not types:
            unparsed.append({"source": jt.path, "what": cls, "reason": "upgrade class not found"})
            break
        ut = types[0]
        upgraded = method_return_literal(src, ut, "getUpgradedVersion")
        if upgraded is None:
            unparsed.append({"source": ut.path, "what": cls, "reason": "getUpgradedVersion is not a literal"})
            break
        chain.append((ut, upgraded))
        version = upgraded
    return chain


def method_return_literal(src, jt, name):
    for t in [jt] + src.supertypes(jt):
        for params, body in t.methods.get(name, []):
            if not params and len(body) >= 3 and body[0].text == "return":
                try:
                    return Evaluator(src, t).eval(body[1:-1])
                except EvalError:
                    return None
    return None


def method_scripts(src, jt, name):
    for t in [jt] + src.supertypes(jt):
        for params, body in t.methods.get(name, []):
            if params:
                continue
            out = []
            for x in body:
                if x.kind == "str" and x.value.endswith(".sql"):
                    v = x.value
                    if "%s" in v:  # DbUpgrade's default: schema-<from>to<to>[-cleanup].sql from the version range
                        m = re.fullmatch(r"Upgrade(\d+)to(\d+)", jt.name)
                        if not m:
                            continue
                        v = v.replace("%s", m.group(1), 1).replace("%s", m.group(2), 1)
                    out.append(v if v.startswith("META-INF") else "META-INF/db/" + v.split("/")[-1])
            for fname in re.findall(r"\b([A-Za-z_]\w*)\b", text_of(body)):  # a script name held in a constant
                if fname in t.fields:
                    try:
                        v = Evaluator(src, t).eval(t.fields[fname])
                    except EvalError:
                        continue
                    if isinstance(v, str) and v.endswith(".sql"):
                        out.append(v)
            return out
    return []


class GuestOsMapperModel:
    """com.cloud.upgrade.GuestOsMapper, run against the interpreted guest_os tables. DAO searches
    skip removed rows, as GenericDaoBase does."""

    def __init__(self, db):
        self.db = db

    def _live(self, tname):
        t = self.db.tables.get(tname)
        return [r for r in t.rows if r.get("removed") is None] if t else []

    def _guest_os_id(self, category_id, display_name):
        rows = [r for r in self._live("guest_os") if sql_cmp("=", r.get("category_id"), category_id) and sql_cmp("=", r.get("display_name"), display_name)]
        rows.sort(key=lambda r: r["id"], reverse=True)  # ...OrderByCreatedDesc (created is now(): the newest id)
        return rows[0]["id"] if rows else 0

    def _add_mapping(self, mapping, guest_os_id):
        if mapping is None or not all(isinstance(x, str) and x for x in mapping):
            return
        if "guest_os_hypervisor" not in self.db.tables:
            return
        hv, ver, name = mapping
        self.db.insert(
            "guest_os_hypervisor",
            {"uuid": Uuid(), "hypervisor_type": hv, "hypervisor_version": ver, "guest_os_name": name, "guest_os_id": guest_os_id, "created": NOW},
        )

    def addGuestOsAndHypervisorMappings(self, category_id, display_name, mappings):  # noqa: N802
        gid = self._guest_os_id(category_id, display_name)
        if gid == 0:
            self.addGuestOs(category_id, display_name)
            gid = self._guest_os_id(category_id, display_name)
        else:
            for r in self._live("guest_os"):
                if r["id"] == gid:
                    r["is_user_defined"] = 0
        for m in mappings or []:
            self._add_mapping(m, gid)

    def addGuestOs(self, category_id, display_name):  # noqa: N802
        self.db.insert("guest_os", {"uuid": Uuid(), "category_id": category_id, "display_name": display_name, "created": NOW})
        return True

    def addGuestOsHypervisorMapping(self, mapping, category_id, display_name):  # noqa: N802
        gid = self._guest_os_id(category_id, display_name)
        if gid:
            self._add_mapping(mapping, gid)

    def updateGuestOsName(self, category_id, old, new):  # noqa: N802
        gid = self._guest_os_id(category_id, old)
        for r in self._live("guest_os"):
            if r["id"] == gid:
                r["display_name"] = new

    def _mapping_row(self, mapping):
        hv, ver, name = mapping
        rows = [
            h
            for h in self._live("guest_os_hypervisor")
            if sql_cmp("=", h.get("guest_os_name"), name) and sql_cmp("=", h.get("hypervisor_type"), hv) and sql_cmp("=", h.get("hypervisor_version"), ver)
        ]
        rows.sort(key=lambda r: r["id"], reverse=True)
        return rows[0] if rows else None

    def updateGuestOsNameFromMapping(self, new, mapping):  # noqa: N802
        h = self._mapping_row(mapping)
        if h is None:
            return
        for r in self._live("guest_os"):
            if r["id"] == h["guest_os_id"]:
                r["display_name"] = new

    def updateGuestOsIdInHypervisorMapping(self, conn, category_id, display_name, mapping):  # noqa: N802
        h = self._mapping_row(mapping)
        new = self._guest_os_id(category_id, display_name)
        if h is None or not new:
            return
        old = h["guest_os_id"]
        for x in self._live("guest_os_hypervisor"):
            if x.get("guest_os_id") == old and sql_cmp("=", x.get("hypervisor_type"), mapping[0]) and sql_cmp("=", x.get("hypervisor_version"), mapping[1]):
                if sql_cmp("=", x.get("guest_os_name"), mapping[2]) and not x.get("is_user_defined"):
                    x["guest_os_id"] = new

    def updateGuestOsNameInHypervisorMapping(self, category_id, display_name, mapping):  # noqa: N802
        gid = self._guest_os_id(category_id, display_name)
        if not gid:
            return
        for x in self._live("guest_os_hypervisor"):
            if x.get("guest_os_id") == gid and sql_cmp("=", x.get("hypervisor_type"), mapping[0]) and sql_cmp("=", x.get("hypervisor_version"), mapping[1]):
                x["guest_os_name"] = mapping[2]
                return
        raise SqlError(f"no mapping to rename for {display_name} {mapping} (the Java code would fail with a NullPointerException)")

    def copyGuestOSHypervisorMappings(self, hv, src_version, dest_version):  # noqa: N802
        hv = hv.name if isinstance(hv, EnumConst) else hv
        for x in list(self._live("guest_os_hypervisor")):
            if sql_cmp("=", x.get("hypervisor_type"), hv) and sql_cmp("=", x.get("hypervisor_version"), src_version):
                self._add_mapping((hv, dest_version, x.get("guest_os_name")), x["guest_os_id"])
        return True

    def listByDisplayName(self, name):  # noqa: N802
        return [r for r in self._live("guest_os") if sql_cmp("=", r.get("display_name"), name)]

    def mergeDuplicates(self):  # noqa: N802
        """GuestOSDaoImpl.findDoubleNames + highestIdFrom: that method returns the first element of a
        HashSet (its loop breaks at once), so which duplicate stays displayed depends on hash order;
        the model keeps the highest id displayed, as the method's name intends."""
        names = {}
        for r in self._live("guest_os"):
            names.setdefault(str(r.get("display_name")).casefold(), []).append(r)
        for rows in names.values():
            if len(rows) > 1:
                keep = max(rows, key=lambda r: r["id"])
                self.makeNormative(keep, rows)

    def makeNormative(self, keep, rows):  # noqa: N802
        for r in rows:
            if r["id"] != keep["id"]:
                for h in [h for h in self._live("guest_os_hypervisor") if h.get("guest_os_id") == r["id"]]:
                    if not any(
                        x.get("guest_os_id") == keep["id"]
                        and sql_cmp("=", x.get("hypervisor_type"), h.get("hypervisor_type"))
                        and sql_cmp("=", x.get("hypervisor_version"), h.get("hypervisor_version"))
                        for x in self._live("guest_os_hypervisor")
                    ):
                        self._add_mapping((h.get("hypervisor_type"), h.get("hypervisor_version"), h.get("guest_os_name")), keep["id"])
                r["display"] = 0


# SQL that an upgrade's Java code runs unconditionally on a fresh install (class, snippet of the
# statement as it appears in the source); other SQL strings of the Java upgrades that touch the
# reference tables depend on existing data (hosts, clusters, earlier values) and are listed as not run.
JAVA_UPGRADE_SQL = {
    # Upgrade41000to41100.checkAndEnableDynamicRoles: no commands.properties in a fresh install
    "Upgrade41000to41100": [
        "INSERT INTO cloud.configuration (category, instance, name, default_value, value) VALUES ('Advanced', 'DEFAULT', 'dynamic.apichecker.enabled'"
    ],
}


class JavaUpgradeRunner:
    """Interprets the performDataMigration() of an upgrade class, statement by statement: calls of
    the class's own methods, local variables, GuestOSHypervisorMapping lists and GuestOsMapper calls.
    if/for/while/try-catch bodies are not entered (try bodies are); anything in them that touches
    the reference tables is reported."""

    def __init__(self, src, db, unparsed):
        self.src = src
        self.db = db
        self.unparsed = unparsed
        self.mapper = GuestOsMapperModel(db)

    def run(self, jt):
        body = self._method(jt, "performDataMigration", 1)
        if body is not None:
            self._block(jt, body, {}, set())
        for snippet in JAVA_UPGRADE_SQL.get(jt.name, []):
            for x in self._strings(jt):
                if x.startswith(snippet):
                    self.db.where = f"{jt.path} (Java)"
                    self.db.execute(x)
                    break
            else:
                self.unparsed.append({"source": jt.path, "what": snippet[:80], "reason": "expected SQL not found in this release"})
        # report the other SQL on the reference tables
        done = set(JAVA_UPGRADE_SQL.get(jt.name, []))
        for x in self._strings(jt):
            low = x.lower()
            if re.match(r"\s*(insert|update|delete|replace)\b", low) and any(re.search(r"\b" + t + r"\b", low) for t in TABLES):
                if not any(x.startswith(s) for s in done):
                    self.unparsed.append(
                        {"source": jt.path, "what": " ".join(x.split())[:140], "reason": "SQL of a Java upgrade step, conditional on existing data: not run"}
                    )

    def _strings(self, jt):
        f = jt.imports
        out = []
        cur = None
        toks = f.toks
        for k, t in enumerate(toks):  # concatenated literals "a" + "b" are joined
            if t.kind == "str":
                if cur is not None and toks[k - 1].text == "+" and toks[k - 2].kind == "str":
                    cur += t.value
                    out[-1] = cur
                else:
                    cur = t.value
                    out.append(cur)
        return out

    def _method(self, jt, name, nargs=0):
        for t in [jt] + self.src.supertypes(jt):
            for params, body in t.methods.get(name, []):
                if len(split_params(params)) == nargs and body:
                    return body
        return None

    def _block(self, jt, body, env, stack):
        i = 0
        while i < len(body):
            t = body[i]
            if t.text in ("if", "for", "while", "switch", "do", "synchronized"):
                j = i + 1
                if j < len(body) and body[j].text == "(":
                    j = match_close(body, j) + 1
                if j < len(body) and body[j].text == "{":
                    end = match_close(body, j)
                else:
                    end = j
                    while end < len(body) and body[end].text != ";":
                        end += 1
                inner = body[i : end + 1]
                if any(x.text == "guestOsMapper" for x in inner):
                    self.unparsed.append({"source": jt.path, "what": text_of(inner)[:140], "reason": f"GuestOsMapper call inside {t.text}: not run"})
                i = end + 1
                while i < len(body) and body[i].text == "else":
                    j = i + 1
                    if body[j].text == "if":
                        j += 1
                        j = match_close(body, j) + 1
                    if body[j].text == "{":
                        i = match_close(body, j) + 1
                    else:
                        while body[j].text != ";":
                            j += 1
                        i = j + 1
                continue
            if t.text == "try":
                j = i + 1
                if body[j].text == "(":
                    j = match_close(body, j) + 1
                end = match_close(body, j)
                self._block(jt, body[j + 1 : end], env, stack)
                i = end + 1
                while i < len(body) and body[i].text in ("catch", "finally"):
                    j = i + 1
                    if body[j].text == "(":
                        j = match_close(body, j) + 1
                    i = match_close(body, j) + 1
                continue
            if t.text == "{":
                end = match_close(body, i)
                self._block(jt, body[i + 1 : end], env, stack)
                i = end + 1
                continue
            end = i
            depth = 0
            while end < len(body):
                x = body[end]
                if x.text in ("(", "[", "{"):
                    depth += 1
                elif x.text in (")", "]", "}"):
                    depth -= 1
                elif x.text == ";" and depth == 0:
                    break
                end += 1
            self._statement(jt, body[i:end], env, stack)
            i = end + 1

    def _eval(self, jt, toks, env):
        if (
            len(toks) >= 4
            and toks[1].text == "."
            and toks[3].text == "("
            and (toks[0].text == "guestOsMapper" or isinstance(env.get(toks[0].text), GuestOsMapperModel))
        ):
            close = match_close(toks, 3)
            fn = getattr(self.mapper, toks[2].text, None)
            if fn is None:
                raise EvalError("GuestOsMapper." + toks[2].text)
            v = fn(*[self._eval(jt, a, env) for a in (split_args(toks[4:close]) if close > 4 else [])])
            rest = toks[close + 1 :]
            if [x.text for x in rest[:3]] == [".", "get", "("] and rest[-1].text == ")":
                v = v[int(text_of(rest[3:-1]))]
            elif rest:
                raise EvalError("after a GuestOsMapper call: " + text_of(rest))
            return v
        if len(toks) >= 2 and toks[0].text == "new" and toks[1].text == "GuestOsMapper":
            return self.mapper
        if len(toks) >= 4 and toks[0].text == "new" and toks[1].text in ("HashSet", "ArrayList") and toks[-1].text == ")":
            k = 2
            while toks[k].text != "(":
                k += 1
            inner = toks[k + 1 : -1]
            return list(self._eval(jt, inner, env)) if inner else []
        if len(toks) >= 2 and toks[0].text == "new" and toks[1].text == "GuestOSHypervisorMapping":
            args = Evaluator(self.src, jt, env).eval(toks)
            return tuple(args.args)
        if len(toks) >= 2 and toks[0].text == "new" and toks[1].text in ("ArrayList", "LinkedList", "HashSet"):
            return []
        return Evaluator(self.src, jt, env).eval(toks)

    def _statement(self, jt, st, env, stack):
        if not st:
            return
        texts = [x.text for x in st]
        # local variable: [final] Type name = expr
        if "=" in texts:
            k = texts.index("=")
            if k >= 1 and st[k - 1].kind == "id" and (k == 1 or st[k - 2].kind == "id" or st[k - 2].text in (">", "]")):
                name = st[k - 1].text
                try:
                    env[name] = self._eval(jt, st[k + 1 :], env)
                except EvalError:
                    env[name] = Unknown(text_of(st[k + 1 :]))
                return
        # a call: [target.]method(args)
        if len(st) >= 3 and st[-1].text == ")":
            if st[0].kind == "id" and st[1].text == "(":
                meth = st[0].text
                nargs = len(split_args(st[2:-1])) if len(st) > 3 else 0
                body = self._method(jt, meth, nargs)
                if body is not None and (jt.name, meth) not in stack:
                    self._block(jt, body, {}, stack | {(jt.name, meth)})
                return
            if st[0].kind == "id" and st[1].text == "." and st[2].kind == "id" and st[3].text == "(":
                target, meth = st[0].text, st[2].text
                close = match_close(st, 3)
                raw_args = split_args(st[4:close]) if close > 4 else []
                if target == "guestOsMapper" or isinstance(env.get(target), GuestOsMapperModel):
                    self._mapper_call(jt, meth, raw_args, env, st)
                    return
                if target.endswith("Aggregator") and meth == "updateConfigurationGroups":
                    # ConfigurationGroupsAggregator: every row gets the group its name points to
                    for row in self.db.tables["configuration"].rows:
                        apply_computed_group(self.db, row)
                    return
                if isinstance(env.get(target), list):
                    if meth == "add":
                        env[target].append(self._eval(jt, raw_args[0], env))
                    elif meth == "clear":
                        env[target].clear()
                    return

    def _mapper_call(self, jt, meth, raw_args, env, st):
        fn = getattr(self.mapper, meth, None)
        where = f"{jt.path}:{st[0].line}"
        if fn is None:
            self.unparsed.append({"source": where, "what": text_of(st)[:140], "reason": "GuestOsMapper method not modelled"})
            return
        try:
            args = []
            for a in raw_args:
                if len(a) == 1 and a[0].text == "conn":
                    args.append(None)
                    continue
                v = self._eval(jt, a, env)
                if isinstance(v, tuple) and any(isinstance(x, Unknown) for x in v):
                    raise EvalError("unresolved argument " + text_of(a))
                if isinstance(v, Unknown):
                    raise EvalError(v.text)
                args.append(v)
            fn(*args)
        except (EvalError, SqlError, TypeError) as e:
            self.unparsed.append({"source": where, "what": text_of(st)[:140], "reason": str(e)})


def install(tree, src, unparsed):
    """Run the setup scripts and the upgrade chain; returns the SqlDb and the chain."""
    db = SqlDb()
    for path in SETUP_SCRIPTS:
        text = tree.read(path)
        if text is not None:
            db.run_script(text, path, split_statements_mysql)
    chain = upgrade_chain(src, unparsed)
    runner = JavaUpgradeRunner(src, db, unparsed)
    steps = []
    for ut, upgraded in chain:
        prepare = method_scripts(src, ut, "getPrepareScripts")
        cleanup = method_scripts(src, ut, "getCleanupScripts")
        for s in prepare:
            text = tree.read(DB_RESOURCES + s)
            if text is None:
                unparsed.append({"source": ut.path, "what": s, "reason": "script not found"})
                continue
            db.run_script(text, DB_RESOURCES + s, split_statements_scriptrunner)
        runner.run(ut)
        for s in cleanup:
            text = tree.read(DB_RESOURCES + s)
            if text is None:
                unparsed.append({"source": ut.path, "what": s, "reason": "script not found"})
                continue
            db.run_script(text, DB_RESOURCES + s, split_statements_scriptrunner)
        steps.append({"class": ut.name, "to": upgraded, "scripts": prepare + cleanup})
    unparsed.extend(db.unparsed)
    db.unparsed = []
    return db, steps


# ================================================================================================
# The configuration table after the first management-server start
# ================================================================================================
def group_of(db, name):
    """ConfigDepotImpl.getConfigurationGroupAndSubGroupByName: the first word of the dotted name that
    is a subgroup's name, else equals one of its keywords, else starts with one; (1, 1) if none."""
    subs = db.tables.get("configuration_subgroup")
    if subs is None:
        return (1, 1)
    for word in name.split("."):
        for s in subs.rows:
            if sql_cmp("=", s.get("name"), word):
                return (s.get("group_id"), s["id"])
        kw = [(s, [k.strip().lower() for k in str(s.get("keywords") or "").split(",") if k.strip()]) for s in subs.rows]
        for s, words in kw:
            if any(word.lower() == k for k in words):
                return (s.get("group_id"), s["id"])
        for s, words in kw:
            if any(word.lower().startswith(k) for k in words):
                return (s.get("group_id"), s["id"])
    return (1, 1)


def apply_computed_group(db, row):
    g, sg = group_of(db, row["name"])
    if g != 1 and sg != 1:
        row["group_id"], row["subgroup_id"] = g, sg


def scope_list(v):
    """The scope column: a ConfigKey.Scope name (4.18 - 4.20) or a bitmask (4.21+)."""
    order = ["Global", "Zone", "Cluster", "StoragePool", "ManagementServer", "ImageStore", "Domain", "Account"]
    if v is None or v == "":
        return []
    if isinstance(v, (int, float)) or (isinstance(v, str) and v.isdigit()):
        bits = int(v)
        return [s for k, s in enumerate(order) if bits & (1 << k)]
    for s in order:
        if str(v).lower() == s.lower():
            return [s]
    return [str(v)]


SCOPE_BITS = {"Global": 1, "Zone": 2, "Cluster": 4, "StoragePool": 8, "ManagementServer": 16, "ImageStore": 32, "Domain": 64, "Account": 128}


def build_configuration(tree, src, db, decls_registered, config_enum, unparsed, bitmask_scopes, extension_keys=None):
    t = db.tables["configuration"]
    rows = OrderedDict()
    for r in t.rows:
        r = dict(r)
        r["_origin"] = "install/upgrade SQL"
        rows[r["name"].casefold()] = r

    def new_row(**kw):
        row = t.default_row()
        row.update(kw)
        return row

    # -- ConfigurationServerImpl.persistDefaultValues: Config.java entries not in the table yet
    for name, c in config_enum.items():
        if name.casefold() in rows:
            rows[name.casefold()]["_config_java"] = c
            rows[name.casefold()]["_origin"] += " (a Config.java entry)"
            continue
        row = new_row(
            category=c["category"],
            instance="DEFAULT",
            component=c["component"],
            name=name,
            value=c["defaultvalue"],
            description=c["description"],
            default_value=c["defaultvalue"],
        )
        if "group_id" in t.columns:
            g, sg = group_of(db, name)
            row["group_id"], row["subgroup_id"] = g, sg
        if c.get("kind") and "kind" in t.columns:
            row["kind"] = c["kind"]
        if c.get("options") is not None and "options" in t.columns:
            row["options"] = c["options"]
        row["_origin"] = "Config.java"
        row["_config_java"] = c
        rows[name.casefold()] = row

    def apply_key(name, component, info, origin="ConfigKey"):
        """ConfigDepotImpl.populateConfiguration for one key: insert the row, or update an existing one
        (createOrupdateConfigObject keeps its category and value)."""
        scopes = info["scopes"] or []
        scope_val = sum(SCOPE_BITS.get(s, 0) for s in scopes) if bitmask_scopes else (scopes[0] if scopes else None)
        row = rows.get(name.casefold())
        if row is None:
            row = new_row(
                category=info["category"],
                instance="DEFAULT",
                component=component,
                name=name,
                value=info["defaultvalue"],
                description=info["description"],
                default_value=info["defaultvalue"],
                is_dynamic=1 if info["isdynamic"] else 0,
                scope=scope_val,
            )
            if info.get("displaytext") is not None:
                row["display_text"] = info["displaytext"]
            if info.get("parent") is not None:
                row["parent"] = info["parent"]
            row["_origin"] = origin
            rows[name.casefold()] = row
            if "group_id" in t.columns:
                _set_key_group(db, row, info, created=True)
        else:
            row["is_dynamic"] = 1 if info["isdynamic"] else 0
            row["description"] = info["description"]
            row["default_value"] = info["defaultvalue"]
            row["scope"] = scope_val
            row["component"] = component
            if info.get("displaytext") is not None:
                row["display_text"] = info["displaytext"]
            if info.get("parent") is not None:
                row["parent"] = info["parent"]
            if "group_id" in t.columns:
                _set_key_group(db, row, info, created=False)
            row["_origin"] += " + " + origin
        if info.get("kind"):
            row["kind"] = info["kind"]
        if info.get("options") is not None:
            row["options"] = info["options"]
        row["_key"] = info

    # -- ExtensionRegistry keys: their beans are populated when Spring creates them (ConfigDepotLifeCycle,
    # inheritable from the system context), before ConfigurationServerImpl.configure; persistDefaultValues
    # then updates user.password.encoders.exclude and user.authenticators.exclude, which exist by then
    for name, (component, info) in (extension_keys or {}).items():
        apply_key(name, component, info, origin="ExtensionRegistry (Spring context)")

    # -- rows ConfigurationServerImpl inserts itself, and its value updates on the first start
    csi_path = next((p for p in src.by_file_name.get("ConfigurationServerImpl", []) if p.startswith("server/")), None)
    csi = tree.read(csi_path) if csi_path else ""
    for m in re.finditer(r"VALUES \('(?P<cat>[^']*)',\s*'DEFAULT',\s*'(?P<comp>[^']*)',\s*'(?P<name>[^']+)',.{0,200}?'(?P<desc>[^']*)'\)\"", csi, re.S):
        name = m.group("name")
        if name == "system.vm.password":
            continue  # only when the server starts with system.vm.random.password=true (the emulator models it)
        if name.casefold() not in rows:
            rows[name.casefold()] = new_row(
                category=m.group("cat"), instance="DEFAULT", component=m.group("comp"), name=name, value=None, description=m.group("desc")
            )
            rows[name.casefold()]["_origin"] = "ConfigurationServerImpl"
            rows[name.casefold()]["_generated"] = "a secret generated at the first start"
    jt = next((x for x in src.types("ConfigurationServerImpl") if x.path == csi_path), None)
    if jt is not None:
        for params, body in jt.methods.get("persistDefaultValues", []):
            for k in range(len(body) - 4):
                if body[k].text == "_configDao" and body[k + 1].text == "." and body[k + 2].text == "update" and body[k + 3].text == "(":
                    close = match_close(body, k + 3)
                    args = split_args(body[k + 4 : close])
                    names = [_config_name_arg(a, config_enum) for a in args]
                    name = names[0]
                    val_toks = args[-1]
                    if name is None:
                        continue
                    row = rows.get(name.casefold())
                    if row is None:
                        continue
                    if len(val_toks) == 1 and val_toks[0].kind == "str":
                        row["value"] = val_toks[0].value
                    else:
                        row["_generated"] = "set at the first start from the environment (" + text_of(val_toks) + ")"
            break

    # -- ConfigDepotImpl.populateConfigurations: every registered ConfigKey
    for name, (component, info) in decls_registered.items():
        apply_key(name, component, info)

    # -- rows created by plugins when they are configured at start
    for path_end, names in RUNTIME_ROWS:
        paths = [p for p in tree.paths() if p.endswith(path_end)]
        text = tree.read(paths[0]) if paths else None
        if text is None:
            continue
        for name, category, component, description in names:
            if f'"{name}"' in text and name.casefold() not in rows:
                rows[name.casefold()] = new_row(category=category, instance="DEFAULT", component=component, name=name, value=None, description=description)
                rows[name.casefold()]["_origin"] = os.path.basename(path_end)

    if "init" in rows:
        rows["init"]["value"] = "true"  # ConfigurationServerImpl: _configDao.update("init", "Hidden", "true")
    return rows


def _config_name_arg(toks, config_enum):
    txt = text_of(toks)
    if len(toks) == 1 and toks[0].kind == "str":
        return toks[0].value
    m = re.fullmatch(r"Config\.(\w+)\.key\(\)", txt)
    if m:
        for name, c in config_enum.items():
            if c["field"] == "Config." + m.group(1):
                return name
    return None


def _set_key_group(db, row, info, created):
    if info.get("explicit_group"):
        grp = info["explicit_group"]
        gt = db.tables["configuration_group"]
        g = next((r for r in gt.rows if sql_cmp("=", r.get("name"), grp)), None)
        if g is None:
            g = db.insert("configuration_group", {"name": grp})
        row["group_id"] = g["id"]
        if info.get("explicit_subgroup"):
            st = db.tables["configuration_subgroup"]
            s = next((r for r in st.rows if sql_cmp("=", r.get("name"), info["explicit_subgroup"]) and r.get("group_id") == g["id"]), None)
            row["subgroup_id"] = s["id"] if s else 1
        return
    g, sg = group_of(db, row["name"])
    if created or (g != 1 and sg != 1):
        row["group_id"], row["subgroup_id"] = g, sg


# Rows a plugin inserts when it is configured at start (file, [(name, category, component, description)]).
RUNTIME_ROWS = [
    (
        "cloudbyte/src/main/java/org/apache/cloudstack/storage/datastore/provider/ElastistorPrimaryDataStoreProvider.java",
        [
            ("cloudbyte.management.ip", "Advanced", "management-server", "configure the cloudbyte elasticenter management IP"),
            ("cloudbyte.management.apikey", "Advanced", "management-server", "configure the cloudbyte elasticenter management API KEY"),
        ],
    ),
]


def weight_based_names(src, config_enum, decls):
    """ConfigurationManagerImpl.weightBasedParametersForValidation: keys whose type is Range."""
    out = set()
    for jt in src.types("ConfigurationManagerImpl"):
        for params, body in jt.methods.get("weightBasedParametersForValidation", []):
            txt = text_of(body)
            for owner, field in re.findall(r"(\w+)\.(\w+)\.key\(\)", txt):
                if owner == "Config":
                    for name, c in config_enum.items():
                        if c["field"] == "Config." + field:
                            out.add(name)
                    continue
                found = src.field_of(owner, field, jt)
                if found and (id(found[0]), field) in decls:
                    out.add(decls[(id(found[0]), field)][1]["name"])
    return out


def value_type(row, weight_names):
    """ConfigurationManagerImpl.getConfigurationType / getInputType."""
    if row["name"] in weight_names:
        return "Range"
    c = row.get("_config_java")
    k = row.get("_key")
    jtype = c["jtype"] if c else (k["jtype"] if k else None)
    if jtype is None:
        return "String"
    if jtype in ("String", "Character"):
        return row.get("kind") or "String"
    if jtype in ("Integer", "Long", "Short"):
        return "Number"
    if jtype in ("Float", "Double"):
        return "Decimal"
    if jtype == "Boolean":
        return "Boolean"
    return "String"


# ================================================================================================
# One release, then the merged files
# ================================================================================================
def cell(col, v):
    v = plain(v)
    if col == "uuid" and v is not None:
        return str(v)  # a varchar column (`SET uuid = id` stores the id's digits)
    return v


def plain(v):
    """JSON value of a cell: UUID() and now() are generated at install (null here)."""
    if isinstance(v, (Uuid, Now)):
        return None
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def generate_release(git_dir, commit, log=print):
    unparsed = []
    tree = GitTree(git_dir, commit)
    src = JavaSource(tree)
    src.load(src.files_mentioning("ConfigKey"))
    decls = find_configkey_decls(src, unparsed)
    registered = configurables(src, decls, unparsed)
    declared_only = sorted({info["name"] for _jt, info in decls.values()} - set(registered))
    config_enum = config_java(src, unparsed)
    for f in src.files:
        for line, where, txt in f.new_configkeys_outside_fields:
            if where == "method ExtensionRegistry.getConfigKeys" and f.path.endswith("/ExtensionRegistry.java"):
                continue  # made per registry bean of the Spring contexts: extension_registry_keys
            unparsed.append({"source": f"{f.path}:{line}", "what": txt[:120], "reason": f"ConfigKey built at run time in {where}: not a fixed setting"})
    log(f"  java: {len(decls)} ConfigKey fields, {len(registered)} registered, {len(config_enum)} Config.java entries")
    db, steps = install(tree, src, unparsed)
    log(f"  sql: {len(steps)} upgrade steps to {steps[-1]['to'] if steps else '?'}")
    ct = db.tables["configuration"]
    bitmask = isinstance(ct.columns.get("scope"), int) or _scope_is_int(tree)
    extension_keys = extension_registry_keys(src, tree, unparsed)
    log(f"  spring: {len(extension_keys)} ExtensionRegistry keys")
    rows = build_configuration(tree, src, db, registered, config_enum, unparsed, bitmask, extension_keys)
    weights = weight_based_names(src, config_enum, decls)
    groups = {r["id"]: r["name"] for r in db.tables["configuration_group"].rows} if "configuration_group" in db.tables else {}
    subgroups = {r["id"]: r["name"] for r in db.tables["configuration_subgroup"].rows} if "configuration_subgroup" in db.tables else {}
    settings = []
    for row in sorted(rows.values(), key=lambda r: r["name"]):
        c, k = row.get("_config_java"), row.get("_key")
        rec = OrderedDict()
        rec["name"] = row["name"]
        rec["category"] = row.get("category")
        rec["value"] = plain(row.get("value"))
        rec["defaultvalue"] = plain(row.get("default_value"))
        rec["scopes"] = scope_list(row.get("scope"))
        rec["jtype"] = c["jtype"] if c else (k["jtype"] if k else None)
        rec["type"] = value_type(row, weights)
        rec["isdynamic"] = bool(row.get("is_dynamic"))
        rec["description"] = row.get("description")
        rec["component"] = row.get("component")
        rec["group"] = groups.get(row.get("group_id"), "Miscellaneous") if groups else None
        rec["subgroup"] = subgroups.get(row.get("subgroup_id"), "Others") if subgroups else None
        rec["displaytext"] = row.get("display_text")
        rec["parent"] = row.get("parent")
        rec["kind"] = row.get("kind")
        rec["options"] = row.get("options")
        rec["origin"] = row["_origin"]
        rec["source"] = (k or c or {}).get("source")
        if row.get("_generated"):
            rec["generated"] = row["_generated"]
        if k and k.get("hand_read"):
            rec["hand_read"] = k["hand_read"]
        if k and "UUID.randomUUID()" in str(k.get("_default_expr", "")):
            rec["generated"] = "default computed at each start: " + k["_default_expr"].split(" [")[0]
        settings.append(rec)
    cats = [
        OrderedDict((col, cell(col, r.get(col))) for col in db.tables["guest_os_category"].columns if col not in ("created", "removed"))
        for r in db.tables["guest_os_category"].rows
    ]
    gos = db.tables["guest_os"]
    types = [
        OrderedDict((col, cell(col, r.get(col))) for col in gos.columns if col not in ("created", "removed"))
        for r in sorted(gos.rows, key=lambda r: r["id"])
        if r.get("removed") is None
    ]
    hc = db.tables["hypervisor_capabilities"]
    caps = [
        OrderedDict((col, cell(col, r.get(col))) for col in hc.columns if col not in ("created", "removed")) for r in sorted(hc.rows, key=lambda r: r["id"])
    ]
    mappings = [r for r in db.tables.get("guest_os_hypervisor", Table("x")).rows if r.get("removed") is None]
    counts = OrderedDict(
        [
            ("settings", len(settings)),
            ("settings_listed", sum(1 for s_ in settings if s_["category"] != "Hidden")),
            ("settings_by_origin", dict(sorted(_count(s_["origin"] for s_ in settings).items()))),
            ("configkeys_declared", len({info["name"] for _jt, info in decls.values()})),
            ("configkeys_registered", len(registered)),
            ("configkeys_declared_not_registered", declared_only),
            ("extension_registry_keys", len(extension_keys)),
            ("config_java_entries", len(config_enum)),
            ("os_categories", len(cats)),
            ("os_types", len(types)),
            ("os_types_user_defined", sum(1 for t in types if t.get("is_user_defined"))),
            ("guest_os_hypervisor_mappings", len(mappings)),
            ("hypervisor_capabilities", len(caps)),
            ("upgrade_steps", len(steps)),
            ("unparsed", len(unparsed)),
        ]
    )
    return {"settings": settings, "categories": cats, "types": types, "capabilities": caps, "counts": counts, "unparsed": unparsed, "steps": steps}


def _scope_is_int(tree):
    text = tree.read("framework/config/src/main/java/org/apache/cloudstack/framework/config/impl/ConfigurationVO.java") or ""
    return bool(re.search(r"private\s+int\s+scope\b", text))


def _count(it):
    out = {}
    for x in it:
        out[x] = out.get(x, 0) + 1
    return out


def merge_settings(per_release):
    """One record per setting name: the values of the oldest release that has it, `releases`, and
    `changes` {release: {field: value}} where a later release differs."""
    order = list(per_release)
    merged = OrderedDict()
    for rel in order:
        for rec in per_release[rel]:
            name = rec["name"]
            if name not in merged:
                base = OrderedDict(rec)
                base["releases"] = [rel]
                merged[name] = base
                continue
            base = merged[name]
            base["releases"].append(rel)
            eff = effective(base, rel, exclude_current=True)
            diff = OrderedDict((k, v) for k, v in rec.items() if eff.get(k) != v and k != "source")
            if diff:
                base.setdefault("changes", OrderedDict())[rel] = diff
    out = []
    for name in sorted(merged):
        rec = merged[name]
        out.append(OrderedDict((k, v) for k, v in rec.items() if v is not None or k in ("value", "defaultvalue")))
    return out


def effective(rec, release, exclude_current=False):
    """A merged record as it is in one release (the emulator's refdata module does the same)."""
    out = {k: v for k, v in rec.items() if k not in ("releases", "changes")}
    for rel, diff in (rec.get("changes") or {}).items():
        if exclude_current and rel == release:
            break
        out.update(diff)
        if rel == release:
            break
    return out


def count_release(settings_doc, ostypes_doc, caps_doc, release):
    """The counts of one release, computed from the written files alone (the unit test runs this over
    the committed data and compares it with what the generator recorded and the emulator serves)."""
    rows = [effective(rec, release) for rec in settings_doc["settings"] if release in rec["releases"]]
    os_rel = ostypes_doc["releases"][release]
    return OrderedDict(
        [
            ("settings", len(rows)),
            ("settings_listed", sum(1 for r in rows if r.get("category") != "Hidden")),
            ("os_categories", len(os_rel["categories"])),
            ("os_types", len(os_rel["types"])),
            ("hypervisor_capabilities", len(caps_doc["releases"][release])),
        ]
    )


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("git_dir", help="a CloudStack git directory (bare is fine)")
    ap.add_argument("--release", action="append", metavar="REL=COMMIT", help="a release and its commit (repeatable); default: RELEASES")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "csemu", "data"))
    args = ap.parse_args(argv)
    releases = OrderedDict()
    if args.release:
        for item in args.release:
            rel, commit = item.split("=", 1)
            releases[rel] = (commit, None, "given on the command line")
    else:
        releases = RELEASES
    results = OrderedDict()
    for rel, (commit, version, why) in releases.items():
        print(f"release {rel}: {commit}", file=sys.stderr)
        results[rel] = generate_release(args.git_dir, commit, log=lambda m: print(m, file=sys.stderr))
        print("  counts: " + json.dumps({k: v for k, v in results[rel]["counts"].items() if not isinstance(v, (list, dict))}), file=sys.stderr)
    source = OrderedDict(
        [
            ("repository", REPOSITORY),
            ("generator", "tests/emulator/tools/gen_refdata.py"),
            ("releases", OrderedDict((rel, OrderedDict([("commit", c), ("version", v), ("note", w)])) for rel, (c, v, w) in releases.items())),
            ("default_release", next(iter(releases))),
        ]
    )
    counts = OrderedDict((rel, r["counts"]) for rel, r in results.items())
    unparsed = OrderedDict((rel, r["unparsed"]) for rel, r in results.items())
    os.makedirs(args.out, exist_ok=True)
    settings = merge_settings(OrderedDict((rel, r["settings"]) for rel, r in results.items()))
    _write(os.path.join(args.out, "settings.json"), OrderedDict([("source", source), ("counts", counts), ("settings", settings), ("unparsed", unparsed)]))
    _write(
        os.path.join(args.out, "ostypes.json"),
        OrderedDict(
            [
                ("source", source),
                (
                    "counts",
                    OrderedDict(
                        (rel, {k: r["counts"][k] for k in ("os_categories", "os_types", "os_types_user_defined", "guest_os_hypervisor_mappings")})
                        for rel, r in results.items()
                    ),
                ),
                ("releases", OrderedDict((rel, OrderedDict([("categories", r["categories"]), ("types", r["types"])])) for rel, r in results.items())),
            ]
        ),
    )
    _write(
        os.path.join(args.out, "hypervisor_capabilities.json"),
        OrderedDict(
            [
                ("source", source),
                ("counts", OrderedDict((rel, r["counts"]["hypervisor_capabilities"]) for rel, r in results.items())),
                ("releases", OrderedDict((rel, r["capabilities"]) for rel, r in results.items())),
            ]
        ),
    )
    docs = [json.load(open(os.path.join(args.out, n), encoding="utf-8")) for n in ("settings.json", "ostypes.json", "hypervisor_capabilities.json")]
    for rel, r in results.items():
        again = count_release(*docs, rel)
        wrong = {k: (v, r["counts"][k]) for k, v in again.items() if r["counts"][k] != v}
        if wrong:
            raise SystemExit(f"{rel}: the written files do not give the counts: {wrong}")
    for rel, r in results.items():
        print(
            f"{rel}: {r['counts']['settings']} settings ({r['counts']['settings_listed']} listed), {r['counts']['os_types']} OS types, "
            f"{r['counts']['os_categories']} categories, {r['counts']['hypervisor_capabilities']} hypervisor capabilities, {r['counts']['unparsed']} unparsed"
        )
    return 0


def _write(path, data):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, ensure_ascii=True)  # \u escapes: no Unicode quotes in the repository
        f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
