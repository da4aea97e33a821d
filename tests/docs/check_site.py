# -*- coding: utf-8 -*-
"""Helpers of tests/scripts/docs.sh (standard library only).

guides REPO DEST   copy docs/*.md to DEST; a link that leaves docs/ (README.md, tests/...) becomes a link
                   to the file in the repository (galaxy.yml's repository), since the site has no copy
inventory OUT      write an intersphinx inventory of the docs.ansible.com labels that antsibull-docs'
                   pages refer to (common_return_values, ansible_configuration_settings, action_plugins, every
                   ANSIBLE_* environment variable, every ansible.builtin plugin), so the build is
                   offline and those references still become links to docs.ansible.com
check HTML [--screenshot PNG] [--no-browser]
                   every internal link (href/src) of every page resolves to a file, and every #anchor
                   to an id in that page; then headless Chromium loads the index and the zone module
                   page (their DOM must hold the expected text) and saves a screenshot of the latter
"""

from __future__ import annotations

import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

LINK = re.compile(r"(\]\()([^)\s]+)(\))")


def repository_url(repo):
    for line in (repo / "galaxy.yml").read_text().splitlines():
        if line.startswith("repository:"):
            return line.split(":", 1)[1].strip()
    return "https://github.com/csops/cloudstack"


def copy_guides(repo, dest):
    repo, dest = Path(repo), Path(dest)
    base = repository_url(repo) + "/blob/main/"
    docs = repo / "docs"
    count = 0
    for md in sorted(docs.glob("*.md")):
        def fix(match, md=md):
            target = match.group(2)
            if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                return match.group(0)
            path, dummy, anchor = target.partition("#")
            resolved = (md.parent / path).resolve()
            if resolved.parent == docs.resolve() and resolved.suffix == ".md" and resolved.exists():
                return match.group(0)
            rel = os.path.relpath(resolved, repo.resolve())
            return match.group(1) + base + rel + ("#" + anchor if anchor else "") + match.group(3)
        text = LINK.sub(fix, md.read_text())
        (dest / md.name).write_text(text)
        count += 1
    print("docs: %d guides copied" % count)


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for key in ("href", "src"):
            if attrs.get(key):
                self.links.append(attrs[key])


def parse(path, cache):
    if path not in cache:
        parser = Links()
        parser.feed(path.read_text(errors="replace"))
        cache[path] = parser
    return cache[path]


def check_links(root):
    root = Path(root)
    cache, broken, checked = {}, [], 0
    pages = sorted(root.rglob("*.html"))
    for page in pages:
        for link in parse(page, cache).links:
            parts = urllib.parse.urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:", "data:")):
                continue
            checked += 1
            path = urllib.parse.unquote(parts.path)
            # a root-relative link (the theme's logo links to /) is relative to the site's root
            target = ((root / path.lstrip("/")) if path.startswith("/") else (page.parent / path)).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append("%s: %s (no such file)" % (page.relative_to(root), link))
                continue
            if parts.fragment and target.suffix == ".html":
                if urllib.parse.unquote(parts.fragment) not in parse(target, cache).ids:
                    broken.append("%s: %s (no such anchor)" % (page.relative_to(root), link))
    return pages, checked, broken


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def browser(binary, url, *extra, timeout=180):
    with tempfile.TemporaryDirectory(prefix="csops-chromium-") as profile:
        cmd = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--user-data-dir=" + profile] + list(extra) + [url]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise SystemExit("docs: Chromium did not load %s within %d s: it hung" % (url, timeout))
    return done


def check(root, screenshot=None, use_browser=True):
    root = Path(root).resolve()
    pages, checked, broken = check_links(root)
    if broken:
        print("docs: %d broken internal link(s):" % len(broken))
        for line in broken[:50]:
            print("  " + line)
        return 1
    print("docs: %d pages, %d internal links and anchors, none broken" % (len(pages), checked))
    if not use_browser:
        return 0
    binary = chromium()
    if not binary:
        print("docs: no Chromium (make setup installs Debian's chromium package)")
        return 1
    zone = root / "collections" / "csops" / "cloudstack" / "zone_module.html"
    shot = Path(screenshot).resolve() if screenshot else None
    # the screenshot comes from the same Chromium run that dumps the zone page's DOM (one browser start less)
    shot_args = ("--screenshot=%s" % shot, "--window-size=1280,1600", "--hide-scrollbars") if shot else ()
    if shot:
        shot.unlink(missing_ok=True)
    for page, expect, extra in ((root / "index.html", "csops.cloudstack", ()),
                                (zone, "csops.cloudstack.zone module", shot_args)):
        done = browser(binary, page.as_uri(), "--dump-dom", *extra)
        text = re.sub(r"<[^>]+>", " ", done.stdout)
        text = re.sub(r"\s+", " ", text.replace("&nbsp;", " "))
        if done.returncode != 0 or expect not in text:
            print("docs: Chromium did not render %s (exit %d, %r not in the page); its stderr:\n%s" % (
                page.relative_to(root), done.returncode, expect, done.stderr[-2000:]))
            return 1
        print("docs: Chromium loaded %s (%d characters of text)" % (page.relative_to(root), len(text)))
    if shot:
        if not shot.exists() or shot.stat().st_size < 10000:
            print("docs: no screenshot of the zone module page (exit %d): %s" % (done.returncode, done.stderr[-2000:]))
            return 1
        print("docs: screenshot of the zone module page: %s (%d bytes)" % (shot, shot.stat().st_size))
    return 0


def write_inventory(out):
    import zlib
    import ansible
    import yaml
    base = Path(ansible.__file__).parent
    lines = ["common_return_values std:label -1 reference_appendices/common_return_values.html Return Values",
             "ansible_configuration_settings std:label -1 reference_appendices/config.html Ansible Configuration Settings",
             # the note antsibull-docs adds to a module that has an action plugin of the same name (plugins/action/)
             "action_plugins std:label -1 plugins/action.html Action plugins"]
    # libyaml's loader when PyYAML has it (the pure-Python one takes ~1 s for this file)
    config = yaml.load((base / "config" / "base.yml").read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    for setting in config.values():
        for env in (setting or {}).get("env") or []:
            lines.append("%s std:envvar 1 reference_appendices/config.html#envvar-$ -" % env["name"])
    for path in sorted((base / "modules").glob("*.py")):
        if not path.stem.startswith("_"):
            lines.append("ansible_collections.ansible.builtin.%s_module std:label -1 "
                         "collections/ansible/builtin/%s_module.html %s module" % (path.stem, path.stem, path.stem))
    for kind in sorted(p.name for p in (base / "plugins").iterdir() if p.is_dir()):
        for path in sorted((base / "plugins" / kind).glob("*.py")):
            if not path.stem.startswith("_"):
                lines.append("ansible_collections.ansible.builtin.%s_%s std:label -1 "
                             "collections/ansible/builtin/%s_%s.html %s %s" % (path.stem, kind, path.stem, kind, path.stem, kind))
    header = "# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n# The remainder of this file is compressed using zlib.\n"
    Path(out).write_bytes(header.encode() + zlib.compress(("\n".join(lines) + "\n").encode()))
    print("docs: offline inventory of %d docs.ansible.com references" % len(lines))


def main(argv):
    if argv[:1] == ["inventory"] and len(argv) == 2:
        write_inventory(argv[1])
        return 0
    if argv[:1] == ["guides"] and len(argv) == 3:
        copy_guides(argv[1], argv[2])
        return 0
    if argv[:1] == ["check"] and len(argv) >= 2:
        screenshot = argv[argv.index("--screenshot") + 1] if "--screenshot" in argv else None
        return check(argv[1], screenshot, "--no-browser" not in argv)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
