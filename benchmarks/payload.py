"""What each module's AnsiballZ payload carries of the collection: files and bytes of source.

The controller builds a module's payload with ansible-core's recursive_finder: it parses the module and every
module_utils file the module can import (imports inside functions too), and zips them; inside the module process
zipimport compiles each file the run imports. Less source per module shortens both sides. This prints, per module,
the collection's module_utils files in its payload (count, bytes of source) and the whole payload's size.

    python benchmarks/payload.py                    # every module, one line each
    python benchmarks/payload.py zone pod -v        # the files of these modules
    python benchmarks/payload.py --json FILE        # also write {module: {file: bytes}}

Needs ansible-core importable and the collection on ANSIBLE_COLLECTIONS_PATH (make bench sets it).
"""

from __future__ import annotations

import argparse
import datetime
import inspect
import io
import json
import os
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(name):
    """{path in the zip: bytes} of the payload of module name (a collection or builtin FQCN)."""
    # pylint: disable=import-outside-toplevel
    from ansible import constants as C
    from ansible.executor import module_common
    from ansible.plugins.loader import module_loader

    path = module_loader.find_plugin_with_context(name).plugin_resolved_path
    with open(path, "rb") as handle:
        source = handle.read()
    fqn = module_common._get_ansible_module_fqn(path)  # pylint: disable=protected-access
    buffer = io.BytesIO()
    zf = zipfile.ZipFile(buffer, mode="w", compression=getattr(zipfile, C.DEFAULT_MODULE_COMPRESSION))
    if "extension_manager" in inspect.signature(module_common.recursive_finder).parameters:
        from ansible._internal._ansiballz import _builder
        from ansible._internal._datatag._tags import Origin
        now = datetime.datetime.now(datetime.timezone.utc)
        extensions = _builder.ExtensionManager.create(task_vars={})
        module_common.recursive_finder(name.split(".")[-1], fqn, Origin(path=path).tag(source), zf, now, extensions)
        module_common._add_module_to_zip(zf, now, fqn, source, path, extensions)  # pylint: disable=protected-access
    else:
        stamp = time.gmtime()[:6]
        module_common.recursive_finder(name.split(".")[-1], fqn, source, zf, stamp)
        module_common._add_module_to_zip(zf, stamp, fqn, source)  # pylint: disable=protected-access
    zf.close()
    data = buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as done:
        files = {info.filename: info.file_size for info in done.infolist()}
    return files, len(data)


def ours(files):
    """The collection's module_utils files of a payload: {short name: bytes}."""
    marker = "csops/cloudstack/plugins/module_utils/"
    return {key.split(marker, 1)[1]: size for key, size in files.items()
            if marker in key and key.endswith(".py") and size}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="*", help="module names (default: every module of the collection)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the files")
    parser.add_argument("--json", help="write {module: {file: bytes}} to this file")
    opts = parser.parse_args()
    os.environ.setdefault("ANSIBLE_COLLECTIONS_PATH", str(ROOT / ".build"))
    from ansible.plugins.loader import init_plugin_loader  # pylint: disable=import-outside-toplevel
    init_plugin_loader()
    names = opts.modules or sorted(p.stem for p in (ROOT / "plugins" / "modules").glob("*.py") if p.stem != "__init__")
    out = {}
    print("| module | module_utils files | bytes of source | payload (compressed) |")
    print("|---|---:|---:|---:|")
    for name in names:
        fqcn = name if "." in name else "csops.cloudstack." + name
        files, size = build(fqcn)
        mine = ours(files)
        out[name] = mine
        print("| %s | %d | %d | %d |" % (name, len(mine), sum(mine.values()), size))
        if opts.verbose:
            for key, value in sorted(mine.items()):
                print("|   %s | | %d | |" % (key, value))
    if opts.json:
        with open(opts.json, "w") as handle:
            json.dump(out, handle, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
