"""Reference data commands: listOsTypes, listOsCategories, listHypervisorCapabilities,
updateHypervisorCapabilities.

The rows are those of a fresh install of the presented release (csemu/refdata.py, made from the
CloudStack source by tests/emulator/tools/gen_refdata.py; docs/emulator-refdata.md). Sources:
ManagementServerImpl.listGuestOSByCriteria / GuestOSDaoImpl.listGuestOSByCriteria,
listGuestOSCategoriesByCriteria, listHypervisorCapabilities, updateHypervisorCapabilities;
ApiResponseHelper.createGuestOSResponse / createGuestOSCategoryResponse /
createHypervisorCapabilitiesResponse; ListHypervisorCapabilitiesCmd; Hypervisor.HypervisorType.getType.
"""

from __future__ import annotations

import functools
import re

from .. import initial, refdata
from ..errors import invalid_value
from ..registry import HANDLERS, command

# Earlier placeholders (isovm.py, misc.py) are replaced by these data-driven handlers.
for _name in ("listOsTypes", "listOsCategories", "listHypervisorCapabilities", "updateHypervisorCapabilities"):
    HANDLERS.pop(_name, None)


def _like(pattern, text):
    """SQL LIKE '%pattern%' under MySQL's case-insensitive collation; _ and % are wildcards."""
    return _like_rx(str(pattern)).search(text or "") is not None


@functools.lru_cache(maxsize=256)
def _like_rx(pattern):
    """The regular expression of a LIKE pattern, built once per pattern (a list filters every row with the same one)."""
    return re.compile("".join(".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in pattern), re.I | re.S)


def ensure(ctx):
    """The reference rows follow the presented release: when it changed since the last reset, they are
    those of a fresh install of the new one."""
    spec = getattr(ctx.emu, "spec", None)
    want = refdata.release_of(getattr(spec, "version", None) or getattr(ctx.store, "api_version", None))
    if getattr(ctx.store, "refdata_release", None) != want:
        initial.populate_reference(ctx.store, want)


def _page(ctx, items, key):
    """ListResponse with the server's sort already applied: count is the total, a page is a slice."""
    total = len(items)
    pagesize, page = ctx.int("pagesize"), ctx.int("page")
    if pagesize is None:
        pagesize = ctx.emu.max_page_size
    if pagesize not in (None, -1):
        start = pagesize * (page - 1) if page and page > 0 else 0
        items = items[start : start + pagesize]
    if total == 0:
        return {}
    out = {"count": total}
    if items:
        out[key] = [ctx.render(o) for o in items]
    return out


# -- guest OS -------------------------------------------------------------------------------------
@command("listOsTypes")
def list_os_types(ctx):
    """GuestOSDaoImpl.listGuestOSByCriteria: id and oscategoryid EQ, description and keyword LIKE
    %x% on the display name, fordisplay EQ (4.18.1+); removed rows never; sorted by display name."""
    ensure(ctx)
    items = ctx.store.all("ostypes")
    if ctx.has("id"):
        items = [ctx.ref("ostypes", "id")]
    if ctx.has("oscategoryid"):
        cat = ctx.ref("oscategories", "oscategoryid")
        items = [o for o in items if o.get("oscategoryid") == cat["id"]]
    for param in ("description", "keyword"):
        if ctx.get(param) is not None:
            items = [o for o in items if _like(ctx.get(param), o.get("description"))]
    if ctx.get("fordisplay") is not None and "fordisplay" in ctx.cmd.params:
        want = ctx.bool("fordisplay")
        items = [o for o in items if bool(o.get("fordisplay", True)) == want]
    items.sort(key=lambda o: (str(o.get("description") or "").casefold(), o["_id"]))
    return _page(ctx, items, "ostype")


@command("listOsCategories")
def list_os_categories(ctx):
    """listGuestOSCategoriesByCriteria: id EQ, name and keyword LIKE %x%, isfeatured EQ (4.21+);
    sorted by id (4.21+: by sort key, then id)."""
    ensure(ctx)
    items = ctx.store.all("oscategories")
    if ctx.has("id"):
        items = [ctx.ref("oscategories", "id")]
    for param in ("name", "keyword"):
        if ctx.get(param) is not None:
            items = [c for c in items if _like(ctx.get(param), c.get("name"))]
    if ctx.get("isfeatured") is not None and "isfeatured" in ctx.cmd.params:
        want = ctx.bool("isfeatured")
        items = [c for c in items if bool(c.get("isfeatured")) == want]
    items.sort(key=lambda c: (c.get("_sortkey") or 0, c["_id"]))
    return _page(ctx, items, "oscategory")


# -- hypervisor capabilities ----------------------------------------------------------------------
def hypervisor_type(value):
    """Hypervisor.HypervisorType.getType: case-insensitive name, else None."""
    for name in refdata.HYPERVISOR_TYPES:
        if name.lower() == str(value).lower():
            return name
    return "None"


@command("listHypervisorCapabilities")
def list_hypervisor_capabilities(ctx):
    """ManagementServerImpl.listHypervisorCapabilities: id EQ, hypervisor EQ (HypervisorType.getType:
    an unknown name matches nothing), keyword LIKE on the hypervisor type; sorted by id. The list key is
    hypervisorCapabilities (ListHypervisorCapabilitiesCmd sets that object name)."""
    ensure(ctx)
    items = ctx.store.all("hypervisorcapabilities")
    if ctx.has("id"):
        items = [ctx.ref("hypervisorcapabilities", "id")]
    if ctx.get("hypervisor") is not None:
        hv = hypervisor_type(ctx.get("hypervisor"))
        items = [h for h in items if h.get("hypervisor") == hv]
    if ctx.get("keyword") is not None:
        items = [h for h in items if _like(ctx.get("keyword"), h.get("hypervisor"))]
    items.sort(key=lambda h: h["_id"])
    return _page(ctx, items, "hypervisorCapabilities")


@command("updateHypervisorCapabilities")
def update_hypervisor_capabilities(ctx):
    """ManagementServerImpl.updateHypervisorCapabilities: only the given fields change; none given
    returns the row as it is. The answer's object name is hypervisorcapabilities
    (HypervisorCapabilitiesResponse)."""
    ensure(ctx)
    if not ctx.has("id"):
        if ctx.has("hypervisor") or ctx.has("hypervisorversion"):  # 4.20+: by hypervisor and version
            hv = hypervisor_type(ctx.get("hypervisor"))
            rows = [
                h for h in ctx.store.all("hypervisorcapabilities") if h.get("hypervisor") == hv and h.get("hypervisorversion") == ctx.get("hypervisorversion")
            ]
            if not rows:
                raise invalid_value("Unable to find the hypervisor capabilities for specified hypervisor and hypervisor version")
            row = rows[0]
        else:
            row = ctx.ref("hypervisorcapabilities", "id")
    else:
        row = ctx.ref("hypervisorcapabilities", "id")
    for param, field, kind in (
        ("securitygroupenabled", "securitygroupenabled", "bool"),
        ("maxguestslimit", "maxguestslimit", "int"),
        ("maxdatavolumeslimit", "maxdatavolumeslimit", "int"),
        ("storagemotionenabled", "storagemotionenabled", "bool"),
        ("maxhostspercluster", "maxhostspercluster", "int"),
        ("vmsnapshotenabled", "vmsnapshotenabled", "bool"),
    ):
        if ctx.get(param) is not None:
            row[field] = ctx.bool(param) if kind == "bool" else ctx.int(param)
    return {"hypervisorcapabilities": ctx.render(row)}
