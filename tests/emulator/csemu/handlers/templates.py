"""Templates: registerTemplate, listTemplates, updateTemplate, deleteTemplate, copyTemplate,
updateTemplatePermissions, listTemplatePermissions, prepareTemplate, and listStorageProviders;
the system VM and built-in templates of a fresh 4.18 server; the download of a template to the
image stores of its zones.

Rules and their sources: docs/emulator-templates.md. Source keys (apache/cloudstack 4.18.0.0, commit
0574087284 of the mirror alexandremattioli/cloudstack; the template code of 4.18.2.5, 84538da27c, behaves the same
for what is modelled here):
TMI = server/.../template/TemplateManagerImpl.java, TAB = .../template/TemplateAdapterBase.java,
HTA = .../template/HypervisorTemplateAdapter.java, TSI = engine/storage/image/.../TemplateServiceImpl.java,
QMI = server/.../api/query/QueryManagerImpl.java, TJD = server/.../api/query/dao/TemplateJoinDaoImpl.java,
UU = utils/.../UriUtils.java, SMI = server/.../storage/StorageManagerImpl.java,
SVTR = engine/schema/.../upgrade/SystemVmTemplateRegistration.java, DMI = server/.../download/DownloadMonitorImpl.java,
DSPM = engine/storage/.../datastore/provider/DataStoreProviderManagerImpl.java.

The state of a template on the image stores (template_store_ref) is kept per store in the template's internal
`_refs` ({store id: ref}); the zones it is registered in (template_zone_ref) in `_zonerefs`. listTemplates
shows one row per (template, zone) exactly as the template_view does: the zones of its store refs, or, when
the template has no store ref at all, the zones of its zone refs. Downloads advance with time and are
applied when templates are next read (the SSVM reports progress in the background on a real server).
"""
from __future__ import annotations

import ipaddress
import re
import time
from urllib.parse import urlsplit

from ..errors import ApiError, CS_PERMISSION_DENIED, internal_error, invalid_value, param_error, runtime_error
from ..registry import command
from ..store import now_str
from .. import initial
from . import configs, systemvms
from .common import UUID_MSG, AsyncResult, success

# -- enums and tables ------------------------------------------------------------------------------
#: Hypervisor.HypervisorType in 4.18 (declaration order); getType maps these lower-case names.
HYPERVISOR_TYPES = ("None", "XenServer", "KVM", "VMware", "Hyperv", "VirtualBox", "Parralels", "BareMetal",
                    "Simulator", "Ovm", "Ovm3", "LXC", "Any")
_HV_BY_NAME = {"xenserver": "XenServer", "kvm": "KVM", "vmware": "VMware", "hyperv": "Hyperv",
               "virtualbox": "VirtualBox", "parallels": "Parralels", "baremetal": "BareMetal",
               "simulator": "Simulator", "ovm": "Ovm", "lxc": "LXC", "any": "Any", "ovm3": "Ovm3"}
#: Storage.ImageFormat (declaration order)
IMAGE_FORMATS = ("QCOW2", "RAW", "VHD", "ISO", "OVA", "VHDX", "BAREMETAL", "VMDK", "VDI", "TAR", "ZIP", "DIR")
#: Storage.TemplateType in 4.18 (VNF arrives in 4.19)
TEMPLATE_TYPES = ("ROUTING", "SYSTEM", "BUILTIN", "PERHOST", "USER", "DATADISK", "ISODISK")
_COMPRESSIONS = ("zip", "bz2", "gz")


def _extensions(metalink, *bases):
    """UU.buildExtensionSet"""
    out = []
    for base in bases:
        out.append("." + base)
        out.extend("." + base + "." + c for c in _COMPRESSIONS)
    if metalink:
        out.append(".metalink")
    return tuple(out)


#: UU.SUPPORTED_EXTENSIONS_BY_FORMAT
EXTENSIONS_BY_FORMAT = {
    "vhd": _extensions(False, "vhd"), "vhdx": _extensions(False, "vhdx"),
    "qcow2": _extensions(True, "qcow2", "img"), "ova": _extensions(True, "ova"), "tar": _extensions(False, "tar"),
    "raw": _extensions(False, "img", "raw"), "vmdk": _extensions(False, "vmdk"), "iso": _extensions(True, "iso"),
}

#: The system VM template version of 4.18.0.0, the release the emulator presents
#: (pom.xml project.systemvm.template.version 4.18.0.0; 4.18.2.x ships 4.18.1)
SYSTEMVM_VERSION = "4.18.0"
_SVM_URL = "https://download.cloudstack.org/systemvm/4.18/systemvmtemplate-" + SYSTEMVM_VERSION + "-%s"

#: vm_template rows of a fresh 4.18 database: setup/db/templates.sql and the schema-*.sql upgrades
#: (410to420: LXC routing-10; 421to430: HyperV routing-9 Active; 442to450: CentOS 7 LXC, centos53 removed;
#: 452to460: Ovm3 routing-12; 41000to41100 / 41310to41400: guest OS 99 for ids 8 and 1). A fresh install
#: runs SVTR.updateSystemVmTemplates with no hypervisor in use: each SYSTEM template gets the 4.18 URL.
#: (id, unique_name, name, display_text, type, hypervisor, format, guest os id, guest os name, public, featured,
#:  extractable, url, checksum, removed, dynamically scalable)
INITIAL_TEMPLATES = (
    (1, "routing-1", "SystemVM Template (XenServer)", None, "SYSTEM", "XenServer", "VHD", 99, "Other Linux (64-bit)",
     False, False, False, _SVM_URL % "xen.vhd.bz2", None, False, False),
    (2, "centos53-x86_64", "CentOS 5.3(64-bit) no GUI (XenServer)", None, "BUILTIN", "XenServer", "VHD", 12,
     "CentOS 5.3 (64-bit)", True, True, True,
     "http://download.cloudstack.org/templates/builtin/f59f18fb-ae94-4f97-afd2-f84755767aca.vhd.bz2",
     "b63d854a9560c013142567bbae8d98cf", True, False),
    (3, "routing-3", "SystemVM Template (KVM)", None, "SYSTEM", "KVM", "QCOW2", 15, "Debian GNU/Linux 5.0 (64-bit)",
     False, False, False, _SVM_URL % "kvm.qcow2.bz2", None, False, False),
    (4, "centos55-x86_64", "CentOS 5.5(64-bit) no GUI (KVM)", None, "BUILTIN", "KVM", "QCOW2", 112,
     "CentOS 5.5 (64-bit)", True, True, True,
     "http://download.cloudstack.org/releases/2.2.0/eec2209b-9875-3c8d-92be-c001bd8a0faf.qcow2.bz2",
     "ed0e788280ff2912ea40f7f91ca7a249", False, False),
    (5, "centos56-x86_64-xen", "CentOS 5.6(64-bit) no GUI (XenServer)", None, "BUILTIN", "XenServer", "VHD", 142,
     "CentOS 5.6 (64-bit)", True, True, True, "http://download.cloudstack.org/templates/builtin/centos56-x86_64.vhd.bz2",
     "905cec879afd9c9d22ecc8036131a180", False, True),
    (6, "centos64-x64", "CentOS 6.4(64-bit) GUI (Hyperv)", "CentOS 6.4 (64-bit) GUI (Hyperv)", "BUILTIN", "Hyperv",
     "VHD", 182, "CentOS 6.4 (64-bit)", True, True, True,
     "http://download.cloudstack.org/releases/4.3/centos6_4_64bit.vhd.bz2", "eef6b9940ea3ed01221d963d4a012d0a",
     False, False),
    (7, "centos53-x64", "CentOS 5.3(64-bit) no GUI (vSphere)", None, "BUILTIN", "VMware", "OVA", 12,
     "CentOS 5.3 (64-bit)", True, True, True, "http://download.cloudstack.org/releases/2.2.0/CentOS5.3-x86_64.ova",
     "f6f881b7f2292948d8494db837fe0f47", False, False),
    (8, "routing-8", "SystemVM Template (vSphere)", None, "SYSTEM", "VMware", "OVA", 99, "Other Linux (64-bit)",
     False, False, False, _SVM_URL % "vmware.ova", None, False, True),
    (9, "routing-9", "SystemVM Template (HyperV)", None, "SYSTEM", "Hyperv", "VHD", 15, "Debian GNU/Linux 5.0 (64-bit)",
     False, False, False, _SVM_URL % "hyperv.vhd.zip", None, False, False),
    (10, "routing-10", "SystemVM Template (LXC)", None, "SYSTEM", "LXC", "QCOW2", 15, "Debian GNU/Linux 5.0 (64-bit)",
     False, False, False, _SVM_URL % "kvm.qcow2.bz2", None, False, False),
    (11, "centos7-x86_64-lxc", "CentOS 7(64-bit) no GUI (LXC)", None, "BUILTIN", "LXC", "TAR", 246, "CentOS 7",
     True, True, True, "http://download.cloudstack.org/templates/builtin/centos-7-x86_64.tar.gz",
     "c2c4fa2d0978121c7977db571f132d6e", False, False),
    (12, "routing-12", "SystemVM Template (Ovm3)", None, "SYSTEM", "Ovm3", "RAW", 183, "Debian GNU/Linux 7(32-bit)",
     False, False, False, _SVM_URL % "ovm.raw.bz2", None, False, False),
)
#: setup/db/create-schema.sql: INSERT INTO sequence ('vm_template_seq', 200)
FIRST_TEMPLATE_ID = 200
#: SVTR.RouterTemplateConfigurationNames
ROUTER_TEMPLATE_SETTING = {"KVM": "router.template.kvm", "VMware": "router.template.vmware",
                           "XenServer": "router.template.xenserver", "Hyperv": "router.template.hyperv",
                           "LXC": "router.template.lxc", "Ovm3": "router.template.ovm3"}
_ROUTER_TEMPLATE_DEFAULT = {"KVM": "SystemVM Template (KVM)", "VMware": "SystemVM Template (vSphere)",
                            "XenServer": "SystemVM Template (XenServer)", "Hyperv": "SystemVM Template (HyperV)",
                            "LXC": "SystemVM Template (LXC)", "Ovm3": "SystemVM Template (Ovm3)"}

#: Data store providers of the 4.18 default build (client/pom.xml), in the iteration order of
#: DSPM.providerMap (a ConcurrentHashMap of 16 bins keyed by name; StorPool, NFS and Swift share a bin).
PRIMARY_PROVIDERS = ("PowerFlex", "SolidFire", "SolidFireShared", "DefaultPrimary", "StorPool", "Datera",
                     "CloudByte", "Linstor")
IMAGE_PROVIDERS = ("S3", "NFS", "Swift")
CACHE_PROVIDERS = ("NFS",)

# -- emulator conventions (docs/emulator-templates.md) ---------------------------------------------
#: a host with one of these suffixes never resolves (RFC 6761)
UNRESOLVABLE_SUFFIXES = (".invalid",)
#: a URL path containing one of these fails to download (HTTP 404 at the SSVM)
DOWNLOAD_FAILS_MARKERS = ("/missing/", "/404/")
#: a URL path containing one of these never finishes downloading (stays at 50 %)
DOWNLOAD_HANGS_MARKERS = ("/hang/", "/stalled/")
DOWNLOAD_404 = " HTTP Server returned 404 (expected 200 OK) "  # HttpTemplateDownloader
DOWNLOAD_SIZE = 2147483648        # virtual size of a downloaded template (bytes)
DOWNLOAD_PHYSICAL_SIZE = 536870912
#: fraction of the download delay: before it the SSVM has not answered yet (status = template state);
#: from INSTALLING on the download is at 100 % and the SSVM installs it ("Installing Template")
_ANSWERED, _INSTALLING, _FAIL_AT, _HANG_AT = 0.1, 0.85, 0.3, 0.475
NOT_FOUND = "unable to find template/iso with specified id"
#: key of the entry a seeded template gets in a zone without image store
SEED_REF = "seed:"


# -- small helpers ---------------------------------------------------------------------------------
def hypervisor_type(value):
    """HypervisorType.getType: case-insensitive; unknown or null -> None."""
    return _HV_BY_NAME.get(str(value).lower(), "None") if value is not None else "None"


def _list_values(values):
    """EnumUtils.listValues: "[A, B, ]"."""
    return "[" + "".join(v + ", " for v in values) + "]"


def _ieq(a, b):
    """MySQL '=' under the default case-insensitive collation (trailing spaces are not significant)."""
    return a is not None and b is not None and str(a).lower().rstrip(" ") == str(b).lower().rstrip(" ")


def _like(pattern, value):
    """MySQL LIKE, case-insensitive: % any run, _ one character, backslash escapes."""
    if value is None:
        return False
    rx, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            rx.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        rx.append(".*" if ch == "%" else "." if ch == "_" else re.escape(ch))
        i += 1
    return re.fullmatch("".join(rx), str(value), re.I | re.S) is not None


def _permission_denied(text):
    return ApiError(531, text, CS_PERMISSION_DENIED)


def download_delay(emu):
    """Seconds a download takes: emu.template_download_delay (control `config`), else 3 x the job delay."""
    delay = getattr(emu, "template_download_delay", None)
    return float(3 * emu.jobs.job_delay if delay is None else delay)


def _caller_account(ctx):
    caller = ctx.caller or {}
    acc = ctx.store.get("accounts", caller.get("accountid")) if caller.get("accountid") else None
    return acc or ctx.store.first("accounts", name="admin") or {}


def _is_root_admin(account):
    return int(account.get("accounttype", 1) or 0) == 1


def _account_by_name(store, name, domainid):
    for a in store.all("accounts"):
        if _ieq(a.get("name"), name) and a.get("domainid") == domainid:
            return a
    return None


def _system_account(store):
    return store.first("accounts", name="system") or {}


def _guest_os(store, internal_id=None, name=None, uuid=None):
    """A guest OS (listOsTypes row) by uuid, or by its real internal id and display name."""
    if uuid:
        return store.get("ostypes", uuid)
    rows = store.all("ostypes")
    for o in rows:
        if internal_id is not None and o.get("_id") == internal_id and (name is None or o.get("description") == name):
            return o
    for o in rows:
        if name is not None and o.get("description") == name:
            return o
    return None


def _next_template_id(store):
    used = [o.get("_id", 0) for c in ("templates", "isos") for o in store.all(c)]
    return max([FIRST_TEMPLATE_ID] + [u + 1 for u in used if u >= FIRST_TEMPLATE_ID])


def _zone_stores(store, zoneid, writable=True):
    """Zone-scoped image stores of a zone (getImageStoresByScopeExcludingReadOnly when writable)."""
    return [s for s in store.all("imagestores", zoneid=zoneid) if not (writable and s.get("readonly"))]


def _zone_hypervisors(store, zoneid):
    """ClusterDao.getAvailableHypervisorInZone (hypervisors of the zone's clusters)."""
    return [c.get("hypervisortype") for c in store.all("clusters", zoneid=zoneid)]


def _ssvm_running(store, zoneid):
    return any(v.get("state") == "Running" for v in store.all("systemvms", zoneid=zoneid)
               if str(v.get("systemvmtype", "")).lower() == "secondarystoragevm")


def _vm_desc(vm):
    """VMInstanceVO.toString (ReflectionToStringBuilderUtils.reflectOnlySelectedFields)."""
    return 'VM instance {"id":%s,"instanceName":"%s","uuid":"%s","type":"User"}' % (
        vm.get("_id"), vm.get("instancename") or vm.get("name"), vm.get("id"))


# -- the initial state -----------------------------------------------------------------------------
def populate_templates(store):
    """The vm_template rows of a fresh 4.18 install (no zone yet: no zone or store refs)."""
    system = _system_account(store)
    root = store.first("domains", name="ROOT") or {}
    created = now_str()
    for (tid, unique, name, display, ttype, hv, fmt, os_id, os_name, public, featured, extractable, url, checksum,
         removed, scalable) in INITIAL_TEMPLATES:
        store.insert("templates", {
            "_id": tid, "_uniquename": unique, "name": name, "displaytext": display or name,
            "ispublic": public, "isfeatured": featured, "isextractable": extractable, "templatetype": ttype,
            "hypervisor": hv, "format": fmt, "_guestos": (os_id, os_name), "url": url, "checksum": checksum,
            "crossZones": True, "passwordenabled": False, "sshkeyenabled": False, "isdynamicallyscalable": scalable,
            "requireshvm": False, "bits": 64, "bootable": True, "directdownload": False, "deployasis": False,
            "templatetag": None, "sortkey": 0, "created": created, "details": {},
            "account": system.get("name", "system"), "accountid": system.get("id"), "domain": root.get("name", "ROOT"),
            "domainid": root.get("id"), "_state": "Inactive" if removed else "Active",
            "removed": created if removed else None, "_refs": {}, "_zonerefs": [], "_zones": [], "_shared": [],
            "_norm": True,
        })


def _hook_populate():
    """Builds the templates with the initial state (csemu.initial.populate, as configs.py does)."""
    original = getattr(initial, "populate", None)
    if original is None or getattr(original, "_csemu_tmpl", False):
        return

    def populate(store, *args, **kwargs):
        result = original(store, *args, **kwargs)
        populate_templates(store)
        return result

    for attr in dir(original):
        if attr.startswith("_csemu"):
            setattr(populate, attr, getattr(original, attr))
    populate._csemu_tmpl = True
    initial.populate = populate


_hook_populate()


# -- download model --------------------------------------------------------------------------------
def _new_ref(store_obj, kind, now, delay=0.0, fate="ok", started=True):
    """A template_store_ref. kind: download (registration, sync), copy, fake (addSystemVMTemplatesToSecondary),
    seeded (registerSystemVmTemplateOnFirstNfsStore); started False = no SSVM could take the download."""
    ref = {"storeid": store_obj["id"], "zoneid": store_obj.get("zoneid"), "kind": kind, "created": now_str(now),
           "state": "Allocated", "t0": None, "delay": float(delay), "fate": fate, "dl": None, "pct": 0,
           "error": None, "size": 0, "physicalsize": 0}
    if kind in ("fake", "seeded"):
        ref.update(state="Ready", dl="DOWNLOADED", pct=100)
        if kind == "seeded":
            ref.update(size=DOWNLOAD_SIZE, physicalsize=DOWNLOAD_PHYSICAL_SIZE)
    elif started:
        ref.update(state="Creating", t0=now)
    else:
        ref.update(state="Failed")  # TSI.createTemplateAsync: no SSVM -> OperationFailed, download state null
    return ref


def _advance(ref, now):
    """Applies the time that passed to a started download (DownloadListener answers)."""
    if ref["state"] != "Creating" or ref["t0"] is None:
        return
    delay = ref["delay"]
    elapsed = now - ref["t0"]
    if ref["fate"] == "fail" and (delay <= 0 or elapsed >= _FAIL_AT * delay):
        ref.update(state="Failed", dl="DOWNLOAD_ERROR", pct=0, error=ref.get("errortext") or DOWNLOAD_404)
        return
    if ref["fate"] == "hang" and (delay <= 0 or elapsed >= _HANG_AT * delay):
        ref.update(dl="DOWNLOAD_IN_PROGRESS", pct=50)  # the SSVM stops reporting progress
        return
    if delay <= 0 or elapsed >= delay:
        ref.update(state="Ready", dl="DOWNLOADED", pct=100, size=DOWNLOAD_SIZE, physicalsize=DOWNLOAD_PHYSICAL_SIZE)
    elif elapsed >= _INSTALLING * delay:
        ref.update(dl="DOWNLOAD_IN_PROGRESS", pct=100)
    elif elapsed >= _ANSWERED * delay:
        frac = (elapsed - _ANSWERED * delay) / ((_INSTALLING - _ANSWERED) * delay)
        ref.update(dl="DOWNLOAD_IN_PROGRESS", pct=min(99, int(frac * 100)))


def _status(t, ref):
    """TJD.getTemplateStatus"""
    dl = ref.get("dl") if ref else None
    if dl == "DOWNLOADED":
        return "Download Complete"
    if dl == "DOWNLOAD_IN_PROGRESS":
        return "Installing Template" if ref["pct"] == 100 else "%d%% Downloaded" % ref["pct"]
    if dl == "BYPASSED":
        return "Bypassed Secondary Storage"
    if ref is None or ref.get("error") is None:
        return t.get("_state", "Active")
    return ref["error"]


def _start_download(emu, t, store_obj, now, kind="download", fate=None):
    started = _ssvm_running(emu.store, store_obj.get("zoneid"))
    fate = fate or t.get("_fate") or "ok"
    ref = _new_ref(store_obj, kind, now, download_delay(emu), fate, started)
    if t.get("_fate_text"):
        ref["errortext"] = t["_fate_text"]
    t["_refs"][store_obj["id"]] = ref
    return ref


def _fate_of_url(url):
    path = (urlsplit(url).path or "").lower() if url else ""
    if any(m in path for m in DOWNLOAD_FAILS_MARKERS):
        return "fail"
    if any(m in path for m in DOWNLOAD_HANGS_MARKERS):
        return "hang"
    return "ok"


def _router_template_name(store, hv, zoneid):
    row = configs.find_row(store, ROUTER_TEMPLATE_SETTING[hv])
    if row is None:
        return _ROUTER_TEMPLATE_DEFAULT[hv]
    value = configs.value_in_scope(store, row, configs.Z, zoneid)
    return value or _ROUTER_TEMPLATE_DEFAULT[hv]


def _system_templates(store):
    return [t for t in store.all("templates") if t.get("templatetype") == "SYSTEM" and not t.get("removed")]


def _latest_by_name(store, name):
    """VMTemplateDao.findLatestTemplateByName (exact name, not removed, highest id)."""
    found = [t for t in store.all("templates") if _ieq(t.get("name"), name) and not t.get("removed")]
    return max(found, key=lambda t: t["_id"]) if found else None


def _store_added(emu, store_obj, now):
    """SMI.discoverImageStore for an NFS store: addSystemVMTemplatesToSecondary, handleTemplateSync (no SSVM
    yet: the store cannot be listed, nothing more), registerSystemVmTemplateOnFirstNfsStore,
    associateCrosszoneTemplatesToZone."""
    store = emu.store
    zid = store_obj.get("zoneid")
    nfs = str(store_obj.get("providername") or "NFS").upper() == "NFS"
    if nfs and not store_obj.get("readonly"):
        for t in _system_templates(store):
            if not t.get("directdownload"):
                t["_refs"].setdefault(store_obj["id"], _new_ref(store_obj, "fake", now))
        if zid and len([s for s in store.all("imagestores", zoneid=zid)
                        if str(s.get("providername") or "NFS").upper() == "NFS"]) == 1:
            for hv in set(_zone_hypervisors(store, zid)):
                if hv not in ROUTER_TEMPLATE_SETTING:
                    continue  # Simulator (skipped) and hypervisors without a router template setting
                t = _latest_by_name(store, _router_template_name(store, hv, zid))
                if t is not None:
                    t["_refs"][store_obj["id"]] = _new_ref(store_obj, "seeded", now)
    if zid:
        for t in store.all("templates"):
            if t.get("crossZones") and zid not in t["_zonerefs"] and not t.get("removed"):
                t["_zonerefs"].append(zid)
    if _ssvm_running(store, zid):
        _template_sync(emu, store_obj, now)


def _template_sync(emu, store_obj, now):
    """TSI.handleTemplateSync(store) when an SSVM of the zone connects: entries not downloaded (or only faked)
    are dropped; Active templates of the zone, system and built-in templates whose hypervisor the zone has
    (KVM when it has no cluster) are downloaded unless already there or private and present elsewhere in the zone."""
    store = emu.store
    zid = store_obj.get("zoneid")
    sid = store_obj["id"]
    hypers = set(_zone_hypervisors(store, zid)) or {"KVM"}
    hypers.discard("BareMetal")
    hypers.add("None")
    for t in store.all("templates"):
        if t.get("removed") or t.get("_state") != "Active":
            continue
        ref = t["_refs"].get(sid)
        on_store = ref is not None and ref["state"] == "Ready" and ref["kind"] != "fake"
        if ref is not None and not on_store:
            if ref["state"] == "Creating":
                continue  # a download in progress is resumed, not restarted
            del t["_refs"][sid]
        wanted = (zid in t["_zonerefs"] or t.get("templatetype") == "SYSTEM" or t.get("templatetype") == "BUILTIN")
        if on_store or not wanted or not t.get("url") or t.get("directdownload"):
            continue
        private = not (t.get("ispublic") or t.get("isfeatured") or t.get("templatetype") == "SYSTEM")
        elsewhere = any(r["zoneid"] == zid for r in t["_refs"].values())
        if private and elsewhere:
            continue
        if t.get("hypervisor") in hypers:
            if zid and zid not in t["_zonerefs"]:
                t["_zonerefs"].append(zid)
            _start_download(emu, t, store_obj, now)


def _normalize_seeded(ctx, t):
    """Templates inserted through /_emulator/seed get the fields a registered one has."""
    store = ctx.store
    own = _caller_account(ctx)
    root = store.first("domains", name="ROOT") or {}
    t["_norm"] = True
    name = t.get("name") or "template-%s" % t["_id"]
    defaults = {
        "name": name, "displaytext": name, "ispublic": False, "isfeatured": False, "isextractable": False,
        "templatetype": "USER", "hypervisor": "KVM", "format": "QCOW2", "crossZones": False,
        "passwordenabled": False, "sshkeyenabled": False, "isdynamicallyscalable": False, "requireshvm": True,
        "bits": 64, "bootable": True, "directdownload": False, "deployasis": False, "sortkey": 0,
        "created": now_str(), "details": {}, "account": own.get("name", "admin"), "accountid": own.get("id"),
        "domain": root.get("name", "ROOT"), "domainid": own.get("domainid") or root.get("id"),
        "url": "http://download.example.com/templates/%s.qcow2" % re.sub(r"[^A-Za-z0-9.-]", "-", name),
    }
    for key, value in defaults.items():
        t.setdefault(key, value)
    t.setdefault("_state", "Active")
    t.setdefault("removed", None)
    t.setdefault("_shared", [])
    if t.get("ostypeid"):
        o = store.get("ostypes", t["ostypeid"])
        t["_guestos"] = (o.get("_id"), o.get("description")) if o else (None, t.get("ostypename"))
    else:
        o = _guest_os(store, name=t.get("ostypename") or "Other Linux (64-bit)")
        t["_guestos"] = (o.get("_id"), o.get("description")) if o else (None, t.get("ostypename"))
    zones = t.pop("zoneids", None) or ([t.pop("zoneid")] if t.get("zoneid") else None)
    if zones is None and t.get("crossZones"):
        zones = [z["id"] for z in store.all("zones")]
    zones = zones or []
    ready = bool(t.pop("isready", True))
    t["_zonerefs"] = list(zones)
    t["_refs"] = {}
    now = time.time()
    for zid in zones:
        stores = _zone_stores(store, zid)
        # a zone without image store still gets an entry, so that a seeded template is usable there (emulator)
        holder = stores[0] if stores else {"id": None, "zoneid": zid}
        ref = _new_ref(holder, "download", now, 0.0)
        ref["kind"] = "seed"
        if ready:
            ref.update(state="Ready", dl="DOWNLOADED", pct=100, size=DOWNLOAD_SIZE, physicalsize=DOWNLOAD_PHYSICAL_SIZE)
        else:
            ref.update(state="Creating", t0=None, dl=None)
        t["_refs"][holder["id"] or SEED_REF + zid] = ref
    refresh(store, t)


def sync(ctx):
    """The background work a real server does between API calls: system VM scan, image stores added since
    the last look, SSVMs that connected since, download progress."""
    emu, store = ctx.emu, ctx.store
    now = time.time()
    systemvms.ensure_system_vms(emu, store)
    for t in store.all("templates"):
        if not t.get("_norm"):
            _normalize_seeded(ctx, t)
    for s in store.all("imagestores"):
        if not s.get("_tmpl_seen"):
            s["_tmpl_seen"] = True
            _store_added(emu, s, now)
    for vm in store.all("systemvms"):
        if str(vm.get("systemvmtype", "")).lower() == "secondarystoragevm" and vm.get("state") == "Running" \
                and not vm.get("_tmpl_synced"):
            vm["_tmpl_synced"] = True
            for s in _zone_stores(store, vm.get("zoneid")):
                _template_sync(emu, s, now)
    live = {s["id"] for s in store.all("imagestores")}
    for t in store.all("templates"):
        for sid in list(t["_refs"]):
            if sid not in live and not str(sid).startswith(SEED_REF):
                del t["_refs"][sid]  # the store is gone
                continue
            _advance(t["_refs"][sid], now)
        refresh(store, t)


def refresh(store, t):
    """Derived fields other handlers read: `_zones` (the zones listTemplates shows the template in) and `size`
    (vm_template.size, set once a download is done)."""
    t["_zones"] = [z for z, dummy in _rows(store, t) if z]
    sizes = [r["size"] for r in t["_refs"].values() if r["state"] == "Ready" and r.get("size")]
    if sizes:
        t["size"] = sizes[0]


# -- views -----------------------------------------------------------------------------------------
def _store_name(store, sid):
    s = store.get("imagestores", sid) if sid else None
    return (s or {}).get("name") or sid or ""


def _rows(store, t):
    """(zone id or None, [refs in that zone]) per template_view row pair, as the view joins them."""
    refs = list(t["_refs"].values())
    if refs:
        zones = []
        for r in refs:
            if r["zoneid"] not in zones:
                zones.append(r["zoneid"])
        return [(z, [r for r in refs if r["zoneid"] == z]) for z in zones]
    if t["_zonerefs"] and not t.get("removed"):
        return [(z, []) for z in t["_zonerefs"] if store.get("zones", z) is not None]
    return [(None, [])]


def _ostype_fields(store, t):
    os_id, os_name = t.get("_guestos") or (None, None)
    o = _guest_os(store, os_id, os_name)
    if o is not None:
        return o["id"], o["description"]
    return None, os_name


def row_view(ctx, t, zoneid, refs, details_view=True, owner_view=True):
    """TJD.newTemplateResponse for one (template, zone) row."""
    store = ctx.store
    ref = refs[0] if refs else None
    ready = bool(ref and ref["state"] == "Ready") or t.get("format") == "BAREMETAL"
    ostypeid, ostypename = _ostype_fields(store, t)
    zone = store.get("zones", zoneid) if zoneid else None
    out = {
        "id": t["id"], "name": t["name"], "displaytext": t.get("displaytext"), "ispublic": bool(t.get("ispublic")),
        "created": ref["created"] if ref else None, "isready": ready,
        "passwordenabled": bool(t.get("passwordenabled")), "format": t.get("format"),
        "isfeatured": bool(t.get("isfeatured")), "crossZones": bool(t.get("crossZones")),
        "ostypeid": ostypeid, "ostypename": ostypename, "account": t.get("account"),
        "zoneid": zone["id"] if zone else None, "zonename": zone["name"] if zone else None,
    }
    if owner_view:
        out["status"] = _status(t, ref)
    if ref and ref.get("size"):
        out["size"] = ref["size"]
    if ref and ref.get("physicalsize"):
        out["physicalsize"] = ref["physicalsize"]
    checksum = t.get("checksum")
    if checksum and checksum.startswith("{") and "}" in checksum:
        checksum = checksum[checksum.index("}") + 1:]  # DigestHelper.getHashValueFromChecksumValue
    out.update({
        "templatetype": t.get("templatetype"), "hypervisor": t.get("hypervisor"), "domain": t.get("domain"),
        "domainid": t.get("domainid"),
        "isextractable": bool(t.get("isextractable")) and t.get("templatetype") != "SYSTEM",
        "checksum": checksum, "templatetag": t.get("templatetag"),
    })
    if details_view:
        out["details"] = dict(t.get("details") or {})
    out["downloaddetails"] = [{"datastore": _store_name(store, r["storeid"]), "downloadPercent": str(r["pct"]),
                               "downloadState": r["dl"] or ""} for r in refs]
    out.update({"sshkeyenabled": bool(t.get("sshkeyenabled")), "isdynamicallyscalable": bool(t.get("isdynamicallyscalable")),
                "directdownload": bool(t.get("directdownload")), "deployasis": bool(t.get("deployasis")),
                "requireshvm": bool(t.get("requireshvm"))})
    if t.get("hypervisor") == "VMware":
        out["childtemplates"] = []
    if owner_view:
        out["url"] = t.get("url")
    out["tags"] = _tags(store, t["id"])
    out["hasannotations"] = False
    return out


def _tags(store, rid):
    return [{"key": g["key"], "value": g["value"], "resourcetype": g["resourcetype"], "resourceid": g["resourceid"],
             "account": g.get("account"), "domainid": g.get("domainid"), "domain": g.get("domain")}
            for g in store.all("tags", resourceid=rid) if g.get("resourcetype") == "Template"]


def template_rows(ctx, t, zoneids=None):
    """The response rows of one template (ApiResponseHelper.createTemplateResponses): every zone when
    zoneids is None or the template is cross-zone, else the rows of those zones."""
    rows = _rows(ctx.store, t)
    if zoneids is not None and not t.get("crossZones"):
        rows = [r for z in zoneids for r in rows if r[0] == z]
    return [row_view(ctx, t, z, refs) for z, refs in rows]


def update_view(ctx, t):
    """TJD.newUpdateResponse (+ templatetype, object name template): the short answer of updateTemplate."""
    ostypeid, ostypename = _ostype_fields(ctx.store, t)
    return {"id": t["id"], "name": t["name"], "displaytext": t.get("displaytext"),
            "ispublic": bool(t.get("ispublic")), "created": t.get("created"), "format": t.get("format"),
            "ostypeid": ostypeid, "ostypename": ostypename, "bootable": bool(t.get("bootable", True)),
            "hypervisor": t.get("hypervisor"), "isdynamicallyscalable": bool(t.get("isdynamicallyscalable")),
            "account": t.get("account"), "domainid": t.get("domainid"), "domain": t.get("domain"),
            "details": dict(t.get("details") or {}) or None, "tags": _tags(ctx.store, t["id"]),
            "templatetype": t.get("templatetype")}


# -- registration ----------------------------------------------------------------------------------
def _validate_url(fmt, url, skip_ipv6):
    """UU.validateUrl(format, url, skipIpv6Check) and UU.checkFormat."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        if " " in url or (parts.netloc and parts.netloc.startswith("[") and host is None):
            raise ValueError(url)
    except ValueError:
        raise param_error("Invalid URL: " + url) from None
    if parts.scheme.lower() not in ("http", "https", "file"):
        raise param_error("Unsupported scheme for url: " + url)
    host = host or ""
    if not host or host.lower().endswith(UNRESOLVABLE_SUFFIXES):
        raise param_error("Unable to resolve " + (host or "null"))
    try:
        addr = ipaddress.ip_address(host)
    except ValueError:
        addr = ipaddress.ip_address("127.0.0.1") if host.lower() == "localhost" else None
    if addr is not None:
        if addr.is_unspecified or addr.is_link_local or addr.is_loopback or addr.is_multicast:
            raise param_error("Illegal host specified in url")
        if not skip_ipv6 and addr.version == 6:
            raise param_error("IPV6 addresses not supported (%s)" % addr.exploded)
    if fmt is not None:
        exts = EXTENSIONS_BY_FORMAT.get(fmt.lower())
        if exts is None:
            raise ApiError(530, None)  # NullPointerException in checkFormat: no message (ApiServer.handleRequest)
        path = (parts.path or "").lower()
        if not path.endswith(exts):
            if not any(path.endswith(e) for es in EXTENSIONS_BY_FORMAT.values() for e in es):
                raise param_error("Please specify a valid " + fmt.lower())
            raise param_error("Please specify a valid URL. URL:" + (parts.path or "") + " is an invalid for the format "
                              + fmt.lower())


def _zone_list(ctx):
    """RegisterTemplateCmd.validateParameters + getZoneIds: None means every zone (-1)."""
    zoneid, zoneids = ctx.get("zoneid"), ctx.list("zoneids")
    if zoneid is not None and zoneids:
        raise param_error("Both zoneid and zoneids cannot be specified at the same time")
    if zoneid is None and not zoneids:
        raise param_error("Either zoneid or zoneids is required. Both cannot be null.")
    if zoneids and len(zoneids) > 1 and "-1" in zoneids:
        raise param_error("Parameter zoneids cannot combine all zones (-1) option with other zones")
    if zoneid is not None and zoneid != "-1":
        ctx.ref("zones", "zoneid")  # ParamProcessWorker: entityType ZoneResponse
    if zoneids:
        for z in zoneids:
            if z != "-1" and ctx.store.get("zones", z) is None:
                raise param_error(UUID_MSG.format(cmd=ctx.cmd.name.lower(), name="zoneids", value=z))
        if zoneids == ["-1"]:
            return None
        return list(dict.fromkeys(zoneids))
    return None if zoneid == "-1" else [zoneid]


def _details_param(ctx):
    """RegisterTemplateCmd/BaseUpdateTemplateOrIsoCmd.getDetails: only the FIRST map entry is used
    (details[0].key1=v1&details[0].key2=v2)."""
    entries = ctx.map("details")
    if not entries:
        return None
    return {str(k): str(v) for k, v in entries[0].items()}


@command("registerTemplate")
def register_template(ctx):
    sync(ctx)
    store = ctx.store
    caller = _caller_account(ctx)
    admin = _is_root_admin(caller)
    hv_raw = ctx.get("hypervisor")
    deploy_as_is = str(hv_raw).lower() == "vmware" and ctx.bool("deployasis", False)
    zones = _zone_list(ctx)
    if ctx.bool("directdownload", False) and str(hv_raw).lower() != "kvm":
        raise param_error("Parameter directdownload is only allowed for KVM templates")
    if not deploy_as_is and not ctx.has("ostypeid"):
        raise param_error("Please provide a guest OS type")
    # TMI.registerTemplate
    if ctx.has("templatetag") and not admin:
        raise _permission_denied("Parameter templatetag can only be specified by a Root Admin, permission denied")
    if ctx.has("isrouting") and not admin:
        raise _permission_denied("Parameter isrouting can only be specified by a Root Admin, permission denied")
    # owner (getEntityOwnerId: account + domainid, else the caller)
    owner = caller
    if ctx.has("account") and ctx.has("domainid"):
        owner = _account_by_name(store, ctx.get("account"), ctx.get("domainid"))
        if owner is None:
            raise invalid_value("Unable to find account %s in domain id=%s" % (ctx.get("account"), ctx.get("domainid")))
    # TAB.prepare(RegisterTemplateCmd)
    region = [s for s in store.all("imagestores") if str(s.get("scope", "")).upper() == "REGION"]
    if region:
        zones = None  # a region-wide image store makes every template cross-zone
    hv = hypervisor_type(hv_raw)
    if hv == "None":
        raise invalid_value("Hypervisor Type: %s is invalid. Supported Hypervisor types are %s" % (
            hv_raw, _list_values(HYPERVISOR_TYPES).replace("None, ", "")))
    details = _details_param(ctx)
    if deploy_as_is and details:
        details = {k: v for k, v in details.items() if k not in ("rootDiskController", "nicAdapter")}
    # TAB.prepare(...)
    is_public = ctx.bool("ispublic", False)
    url = ctx.get("url")
    if not admin and zones is None and not region:
        raise invalid_value("Please specify a valid zone Id. Only admins can create templates in all zones.")
    if url is not None and "file://" in url.lower():
        raise invalid_value("File:// type urls are currently unsupported")
    featured = ctx.bool("isfeatured", False) if admin else False
    fmt_raw = ctx.get("format")
    fmt = str(fmt_raw).upper()
    if fmt not in IMAGE_FORMATS:
        raise param_error("Image format: %s is incorrect. Supported formats are %s" % (fmt_raw, _list_values(IMAGE_FORMATS)))
    name, display = ctx.get("name"), ctx.get("displaytext") or ctx.get("name")
    for st in _system_templates(store):
        if _ieq(st["name"], name) or _ieq(st.get("displaytext"), display):
            raise param_error("Cannot use reserved names for templates")
    if hv == "XenServer":
        if not details or not details.get("hypervisortoolsversion") or details["hypervisortoolsversion"].lower() == "none":
            row = configs.find_row(store, "xenserver.pvdriver.version")
            value = (row or {}).get("_value", (row or {}).get("value")) if row else "xenserver61"
            if value:
                details = dict(details or {}, hypervisortoolsversion=value)
    # HTA.prepare: the URL (and its extension against the format)
    _validate_url(fmt_raw, url, ctx.bool("directdownload", False))
    ostype = None
    if deploy_as_is:
        ostype = _guest_os(store, name="OVF Configured OS")
    else:
        ostype = ctx.ref("ostypes", "ostypeid")
    ttype = "ROUTING" if ctx.bool("isrouting", False) else "USER"
    if "templatetype" in ctx.cmd.params and ctx.has("templatetype"):  # 4.19+: TMI.validateTemplateType
        ttype = _template_type(ctx, ctx.get("templatetype"), ctx.bool("isrouting") if ctx.has("isrouting") else None,
                               zones is None, admin, registering=True)
    # HTA.create -> TAB.persistTemplate
    if zones is None and not store.all("zones"):
        raise runtime_error("No zones are present in the system, can't add template")
    now = time.time()
    tid = _next_template_id(store)
    t = store.insert("templates", {
        "_id": tid, "_uniquename": None, "name": name, "displaytext": display, "ispublic": is_public,
        "isfeatured": featured, "isextractable": ctx.bool("isextractable", False), "templatetype": ttype,
        "hypervisor": hv, "format": fmt, "_guestos": (ostype.get("_id"), ostype.get("description")) if ostype else (None, None),
        "url": url, "checksum": ctx.get("checksum"), "crossZones": zones is None,
        "passwordenabled": ctx.bool("passwordenabled", False), "sshkeyenabled": ctx.bool("sshkeyenabled", False),
        "isdynamicallyscalable": ctx.bool("isdynamicallyscalable", False), "requireshvm": ctx.bool("requireshvm", True),
        "bits": ctx.int("bits", 64), "bootable": True, "directdownload": ctx.bool("directdownload", False),
        "deployasis": deploy_as_is, "templatetag": ctx.get("templatetag"), "sortkey": 0, "created": now_str(now),
        "details": dict(details or {}), "account": owner.get("name"), "accountid": owner.get("id"),
        "domain": (store.get("domains", owner.get("domainid")) or {}).get("name", "ROOT"),
        "domainid": owner.get("domainid"), "_state": "Active", "removed": None,
        "_refs": {}, "_zonerefs": [], "_shared": [], "_norm": True,
    })
    t["_uniquename"] = "%s-%s" % (tid, t["id"])
    fault = (ctx.fault or {}).get("download")
    t["_fate"] = fault if fault in ("fail", "hang") else _fate_of_url(url)
    if (ctx.fault or {}).get("download_errortext"):
        t["_fate_text"] = ctx.fault["download_errortext"]
    target = [z["id"] for z in store.all("zones")] if zones is None else zones
    t["_zonerefs"] = list(target)
    try:
        if not t["directdownload"]:
            for zid in target:
                _create_within_zone(ctx, t, zid, now)
    finally:
        refresh(store, t)
    return _list_answer(template_rows(ctx, t, zones), ctx)


def _list_answer(rows, ctx):
    rows = [ctx.render(r) for r in rows]
    return {"count": len(rows), "template": rows} if rows else {}


def _create_within_zone(ctx, t, zid, now):
    """HTA.createTemplateWithinZone: every writable store of the zone (one for a private template); none ->
    CloudRuntimeException (the template row stays, as on the real server); a Disabled zone is skipped."""
    stores = _zone_stores(ctx.store, zid)
    if not stores:
        raise runtime_error("Unable to find image store to download template null")
    zone = ctx.store.get("zones", zid) or {}
    if zone.get("allocationstate") == "Disabled":
        return
    private = not (t.get("ispublic") or t.get("isfeatured"))
    for s in (stores[:1] if private else stores):
        _start_download(ctx.emu, t, s, now)


def _template_type(ctx, value, isrouting, cross_zones, admin, registering=False):
    """TMI.updateTemplateOrIso (4.18) / validateTemplateType (4.19+)."""
    if not admin and not registering:
        raise _permission_denied("Parameter templatetype can only be specified by a Root Admin, permission denied")
    ttype = str(value).upper()
    if ttype not in TEMPLATE_TYPES:
        raise invalid_value("Please specify a valid templatetype: ROUTING / SYSTEM / USER / BUILTIN / PERHOST")
    if isrouting is not None and (ttype == "ROUTING") != isrouting:
        raise invalid_value("Please specify a valid templatetype (consistent with isrouting parameter).")
    if ttype in ("SYSTEM", "BUILTIN") and not cross_zones:
        raise invalid_value("System and Builtin templates must be cross zone")
    if registering and not admin and ttype != "USER":
        raise invalid_value("Users can not register template with template type %s." % ttype)
    return ttype


# -- listing ---------------------------------------------------------------------------------------
def _visible_pairs(ctx):
    """QMI.searchForTemplatesInternal + templateChecks: the (template, zone, refs) rows that match."""
    store = ctx.store
    caller = _caller_account(ctx)
    flt = ctx.get("templatefilter")
    if flt not in ("featured", "self", "selfexecutable", "shared", "sharedexecutable", "executable", "community", "all"):
        raise param_error("No enum constant com.cloud.template.VirtualMachineTemplate.TemplateFilter." + str(flt))
    if flt == "all" and int(caller.get("accounttype", 1) or 0) == 0:
        raise invalid_value("Filter all can be specified by admin only")
    admin = int(caller.get("accounttype", 1) or 0) in (1, 2, 4)
    # AccountManagerImpl.buildACLSearchParameters
    permitted = []
    if ctx.has("account") and ctx.has("domainid"):
        acc = _account_by_name(store, ctx.get("account"), ctx.get("domainid"))
        if acc is None:
            raise invalid_value("Unable to find account %s in domain %s" % (ctx.get("account"), ctx.get("domainid")))
        permitted = [acc["id"]]
    elif ctx.has("projectid"):
        permitted = [ctx.get("projectid")]
    elif flt != "all" and not ctx.has("id"):
        permitted = [caller.get("id")]
    elif ctx.has("id") and not admin:
        permitted = [caller.get("id")]
    show_domr = flt not in ("selfexecutable", "featured")
    account_specific = admin and ctx.has("account") and ctx.has("domainid")
    only_ready = flt in ("featured", "selfexecutable", "sharedexecutable", "community") or (
        flt == "executable" and account_specific)
    # no zone configured with a hypervisor: nothing (listAvailHypervisorInZone over every routing host)
    hypers = {h.get("hypervisor") for h in store.all("hosts") if (h.get("type") or "Routing") == "Routing"
              and h.get("hypervisor")}
    if not hypers:
        return []
    items = [t for t in store.all("templates") if t.get("format") != "ISO"]
    tid = ctx.get("id")
    if tid:
        t = store.get("templates", tid)
        if t is None:
            raise invalid_value("Please specify a valid template ID.")
        items = [t]
    else:
        ids = ctx.list("ids")
        if ids:
            items = [t for t in items if t["id"] in ids]
        if flt in ("featured", "community"):
            items = [t for t in items if t.get("ispublic") and bool(t.get("isfeatured")) == (flt == "featured")]
        elif flt in ("self", "selfexecutable"):
            if permitted:
                items = [t for t in items if t.get("accountid") in permitted]
        elif flt in ("shared", "sharedexecutable"):
            if not permitted:
                return []
            items = [t for t in items if set(t.get("_shared") or []) & set(permitted)]
        elif flt == "executable":
            items = [t for t in items if t.get("ispublic") or t.get("accountid") in permitted]
        elif flt == "all" and int(caller.get("accounttype", 1) or 0) != 1:
            items = [t for t in items if t.get("ispublic") or t.get("accountid") in permitted
                     or set(t.get("_shared") or []) & set(permitted)]
    # templateChecks
    items = [t for t in items if t.get("hypervisor") in hypers]
    tag_pairs = [(p.get("key"), p.get("value")) for p in ctx.map("tags")]
    if tag_pairs:
        def has_tag(t):
            return any((g["key"], g["value"]) in tag_pairs for g in store.all("tags", resourceid=t["id"])
                       if g.get("resourcetype") == "Template")
        items = [t for t in items if has_tag(t)]
    if ctx.has("keyword"):
        items = [t for t in items if _like("%" + ctx.get("keyword") + "%", t["name"])]
    elif ctx.has("name"):
        items = [t for t in items if _ieq(t["name"], ctx.get("name"))]
    hv = hypervisor_type(ctx.get("hypervisor"))
    if hv != "None":
        items = [t for t in items if t.get("hypervisor") == hv]
    if not show_domr:
        items = [t for t in items if t.get("templatetype") != "SYSTEM"]
    if not ctx.bool("showremoved", False):
        listed = ("Active", "UploadAbandoned", "UploadError", "NotUploaded", "UploadInProgress")
        items = [t for t in items if t.get("_state") in listed]
    zoneid = ctx.get("zoneid")
    if zoneid:
        ctx.ref("zones", "zoneid")
    pairs = []
    for t in items:
        for z, refs in _rows(store, t):
            ready = bool(refs and refs[0]["state"] == "Ready") or t.get("format") == "BAREMETAL"
            if only_ready and not ready:
                continue
            if zoneid and z != zoneid:
                continue
            pairs.append((t, z, refs))
    # ORDER BY sort_key, temp_zone_pair ("<template id>_<zone id or 0>", a string)
    zone_ids = {z["id"]: z.get("_id", 0) for z in store.all("zones")}
    pairs.sort(key=lambda p: (p[0].get("sortkey", 0), "%s_%s" % (p[0]["_id"], zone_ids.get(p[1], 0))))
    if ctx.bool("showunique", False):
        seen, unique = set(), []
        for p in pairs:
            if p[0]["id"] not in seen:
                seen.add(p[0]["id"])
                unique.append(p)
        pairs = unique
    return pairs


@command("listTemplates")
def list_templates(ctx):
    sync(ctx)
    details_view = True
    if ctx.list("details"):
        for d in ctx.list("details"):
            if d not in ("all", "min"):
                raise invalid_value("The details parameter contains a non permitted value. The allowed values are "
                                    "[all, min]")
        details_view = "all" in ctx.list("details")
    pairs = _visible_pairs(ctx)
    params = ctx.params
    ctx.params = {k: v for k, v in params.items() if k != "keyword"}  # keyword applied above (LIKE on name)
    try:
        return ctx.list_response(pairs, "template", view=lambda p: row_view(ctx, p[0], p[1], p[2], details_view))
    finally:
        ctx.params = params


def find_template(store, uuid):
    """For other handlers (deployVirtualMachine ...): a template by uuid, or None."""
    return store.get("templates", uuid)


def is_ready_in_zone(store, template, zoneid):
    """For other handlers: whether a template is Ready on an image store of a zone."""
    return any(r["zoneid"] == zoneid and r["state"] == "Ready" for r in template.get("_refs", {}).values())


def is_ready(ctx, template, zoneid=None):
    """For other handlers (vms.py): the downloads brought up to date, then Ready in the zone (any zone when None)."""
    sync(ctx)
    return any(r["state"] == "Ready" and (zoneid is None or r["zoneid"] == zoneid)
               for r in template.get("_refs", {}).values()) or template.get("format") == "BAREMETAL"


def store_has_active_templates(store, store_id):
    """TJD.listActiveTemplates (for SMI.deleteImageStore): USER templates in state Active with an entry on the
    store that are private, or public without URL. System, built-in and public templates do not count."""
    for t in store.all("templates"):
        if t.get("templatetype") != "USER" or t.get("_state") != "Active" or store_id not in t.get("_refs", {}):
            continue
        if not t.get("ispublic") or not t.get("url"):
            return True
    return False


# -- update ----------------------------------------------------------------------------------------
def _live_template(ctx, name="id"):
    t = ctx.ref("templates", name)
    if t.get("removed"):
        raise invalid_value(NOT_FOUND)
    return t


@command("updateTemplate")
def update_template(ctx):
    """TMI.updateTemplateOrIso (synchronous in 4.18)."""
    sync(ctx)
    t = _live_template(ctx)
    if t["_id"] == 1:
        raise invalid_value("Unable to update template/iso of specified id")
    caller = _caller_account(ctx)
    admin = _is_root_admin(caller)
    isrouting = ctx.bool("isrouting") if ctx.has("isrouting") else None
    if isrouting is not None and not admin:
        raise _permission_denied("Parameter isrouting can only be specified by a Root Admin, permission denied")
    ttype = None
    if ctx.has("templatetype"):
        ttype = _template_type(ctx, ctx.get("templatetype"), isrouting, t.get("crossZones"), admin)
    names = ("name", "displaytext", "format", "ostypeid", "passwordenabled", "bootable", "sshkeyenabled",
             "requireshvm", "sortkey", "isdynamicallyscalable", "isrouting")
    cleanup = ctx.bool("cleanupdetails", False)
    details = _details_param(ctx)
    if not any(ctx.has(n) for n in names) and ttype is None and not cleanup and details is None:
        return {"template": ctx.render(update_view(ctx, t))}
    fmt = None
    if ctx.has("format"):
        fmt = str(ctx.get("format")).upper()
        if fmt not in IMAGE_FORMATS:
            raise invalid_value("Image format: %s is incorrect. Supported formats are %s" % (
                ctx.get("format"), _list_values(IMAGE_FORMATS)))
    ostype = ctx.ref("ostypes", "ostypeid") if ctx.has("ostypeid") else None
    if details and "UEFI" in details:
        mode = str(details["UEFI"]).strip().upper()
        if t.get("deployasis"):
            raise invalid_value("Deploy-as-is template %s [%s] can not have the UEFI setting. Settings are read "
                                "directly from the template" % (t["name"], t["id"]))
        if mode not in ("LEGACY", "SECURE"):
            raise invalid_value("Invalid bootmode: %s specified. Valid values are: [LEGACY, SECURE]" % details["UEFI"])
        details["UEFI"] = mode
    if ctx.has("name"):
        t["name"] = ctx.get("name")
    if ctx.has("displaytext"):
        t["displaytext"] = ctx.get("displaytext")
    if ctx.has("sortkey"):
        t["sortkey"] = ctx.int("sortkey")
    if fmt:
        t["format"] = fmt
    if ostype is not None:
        t["_guestos"] = (ostype.get("_id"), ostype.get("description"))
        for vm in ctx.store.all("virtualmachines"):
            if vm.get("templateid") == t["id"] and vm.get("state") != "Expunging":
                vm["ostypeid"] = ostype["id"]
    for p in ("passwordenabled", "sshkeyenabled", "bootable", "requireshvm", "isdynamicallyscalable"):
        if ctx.has(p):
            t[p] = ctx.bool(p)
    if isrouting is not None:
        t["templatetype"] = "ROUTING" if isrouting else (ttype or "USER")
    elif ttype is not None:
        t["templatetype"] = ttype
    if cleanup:
        t["details"] = {}
    elif details:
        t["details"] = dict(details)
    return {"template": ctx.render(update_view(ctx, t))}


# -- permissions -----------------------------------------------------------------------------------
@command("updateTemplatePermissions")
def update_template_permissions(ctx):
    """TMI.updateTemplateOrIsoPermissions"""
    sync(ctx)
    store = ctx.store
    t = ctx.ref("templates", "id")
    caller = _caller_account(ctx)
    admin = int(caller.get("accounttype", 1) or 0) in (1, 2, 4)
    names = ctx.list("accounts")
    projects = ctx.list("projectids")
    if projects is not None:
        names = list(names or [])
        for pid in projects:
            project = store.get("projects", pid)
            if project is None:
                raise invalid_value("Unable to find project by id %s" % pid)
            names.append(project.get("_accountname") or project.get("name"))
    if t.get("removed"):
        raise invalid_value("unable to update permissions for template with id %s as it is removed " % t["_id"])
    if t["_id"] == 1:
        raise invalid_value("unable to update permissions for template with id 1")
    op = ctx.get("op")
    if names is not None and (op is None or op.lower() not in ("add", "remove", "reset")):
        raise invalid_value("Invalid operation on accounts, the operation must be either 'add' or 'remove' in order to "
                            "modify launch permissions.  Given operation is: '%s'" % op)
    if caller.get("id") != t.get("accountid") and not admin:
        raise invalid_value("Unable to grant permission to account %s as it is neither admin nor owner or the template"
                            % caller.get("name"))
    if ctx.has("ispublic"):
        t["ispublic"] = ctx.bool("ispublic")
    if ctx.has("isfeatured"):
        t["isfeatured"] = ctx.bool("isfeatured")
    if ctx.has("isextractable"):
        t["isextractable"] = ctx.bool("isextractable")
    low = (op or "").lower()
    if low in ("add", "remove") and names is None:
        raise invalid_value("Operation %s requires accounts or projectIds to be passed in" % op)
    shared = list(t.get("_shared") or [])
    if low == "add":
        add = []
        for n in names:
            acc = _account_by_name(store, n, t.get("domainid"))
            if acc is None or str(acc.get("state", "enabled")).lower() not in ("enabled", "locked"):
                dom = store.get("domains", t.get("domainid")) or {}
                raise invalid_value("Unable to grant a launch permission to account %s in domain id=%s, account not "
                                    "found.  No permissions updated, please verify the account names and retry."
                                    % (n, dom.get("id")))
            if acc["id"] != caller.get("id") and acc["id"] not in shared:
                add.append(acc["id"])
        shared.extend(add)
    elif low == "remove":
        drop = {a["id"] for n in names for a in [_account_by_name(store, n, t.get("domainid"))] if a}
        shared = [a for a in shared if a not in drop]
    elif low == "reset":
        t["ispublic"] = False
        t["isfeatured"] = False
        shared = []
    t["_shared"] = shared
    return success()


@command("listTemplatePermissions")
def list_template_permissions(ctx):
    """TMI.listTemplatePermissions + ApiResponseHelper.createTemplatePermissionsResponse."""
    store = ctx.store
    t = ctx.ref("templates", "id")
    if t["_id"] == 1:
        raise _permission_denied("unable to list permissions for template with id 1")
    if t.get("removed"):
        raise invalid_value("unable to find template with id %s" % t["_id"])
    names = [a["name"] for a in (store.get("accounts", i) for i in t.get("_shared") or []) if a]
    if not t.get("ispublic"):
        names.append(t.get("account"))
    out = {"id": t["id"], "ispublic": bool(t.get("ispublic")), "domainid": t.get("domainid")}
    regular = [n for n in names if n]
    if regular:
        out["account"] = regular
    return {"templatepermission": ctx.render(out)}


# -- delete ----------------------------------------------------------------------------------------
@command("deleteTemplate")
def delete_template(ctx):
    """TMI.deleteTemplate -> HTA.prepareDelete / delete, in the async job."""
    sync(ctx)
    t = ctx.ref("templates", "id")
    zoneid = ctx.get("zoneid")
    forced = ctx.bool("forced", False)

    def work():
        sync(ctx)
        store = ctx.store
        if t.get("removed") or store.get("templates", t["id"]) is None:
            raise invalid_value("unable to find template with id %s" % t["_id"])
        vms = [vm for vm in store.all("virtualmachines") if vm.get("templateid") == t["id"]
               and vm.get("state") not in ("Expunging", "Expunged") and (not zoneid or vm.get("zoneid") == zoneid)]
        if not forced and vms:
            raise invalid_value("Unable to delete template with id: %s because VM instances: [%s] are using it." % (
                t["_id"], ",".join(_vm_desc(vm) for vm in vms)))
        if t.get("format") == "ISO":
            raise invalid_value("Please specify a valid template.")
        if t.get("templatetype") == "SYSTEM":
            raise invalid_value("The DomR template cannot be deleted.")
        if zoneid and not t.get("directdownload") and not _zone_stores(store, zoneid, writable=False):
            raise invalid_value("Failed to find a secondary storage in the specified zone.")
        refs = {sid: r for sid, r in t["_refs"].items() if not zoneid or r["zoneid"] == zoneid}
        for r in refs.values():
            if r.get("dl") == "DOWNLOAD_IN_PROGRESS":
                raise runtime_error("Please specify a template that is not currently being downloaded.")
        for sid, r in refs.items():
            deletable = not (r.get("dl") in (None, "NOT_DOWNLOADED") or (r.get("dl") == "DOWNLOAD_ERROR" and r["pct"] == 0))
            if deletable and r["storeid"] is not None and not _ssvm_running(store, r["zoneid"]):
                # BaseImageStoreDriverImpl.deleteAsync: "No remote endpoint to send command, check if host or ssvm
                # is down?" -> the delete fails -> DeleteTemplateCmd
                raise internal_error("Failed to delete template")
            del t["_refs"][sid]
            if r["zoneid"] in t["_zonerefs"]:
                t["_zonerefs"].remove(r["zoneid"])
        if not t["_refs"]:
            t["_zonerefs"] = []
            t["_state"] = "Inactive"
            t["removed"] = now_str()
            for g in store.all("tags", resourceid=t["id"]):
                store.delete("tags", g["id"])
            t["details"] = {}
        refresh(store, t)
        return {"success": True}
    return AsyncResult(work, "Template", t["id"])


# -- copy ------------------------------------------------------------------------------------------
@command("copyTemplate")
def copy_template(ctx):
    """CopyTemplateCmd.execute / TMI.copyTemplate, all in the async job: the job ends when the copy is done."""
    sync(ctx)
    t = ctx.ref("templates", "id")
    source = ctx.get("sourcezoneid")
    dest_one, dest_many = ctx.get("destzoneid"), ctx.list("destzoneids")
    for name in ("sourcezoneid", "destzoneid"):
        if ctx.has(name):
            ctx.ref("zones", name)  # ParamProcessWorker: entityType ZoneResponse
    if dest_many:
        for z in dest_many:
            if ctx.store.get("zones", z) is None:
                raise param_error(UUID_MSG.format(cmd="copytemplate", name="destzoneids", value=z))

    def work():
        sync(ctx)
        store = ctx.store
        if not dest_one and not dest_many:
            raise param_error("Either destzoneid or destzoneids parameters have to be specified.")
        if dest_one and dest_many:
            raise param_error("Both destzoneid and destzoneids cannot be specified at the same time.")
        dests = list(dict.fromkeys(dest_many)) if dest_many else [dest_one]
        if t.get("removed") or store.get("templates", t["id"]) is None:
            raise invalid_value("Unable to find template with id")
        if t.get("templatetype") == "DATADISK":
            raise invalid_value("Template %s is of type Datadisk. Cannot copy Datadisk templates." % t["_id"])
        if source and source in dests:
            raise invalid_value("Please specify different source and destination zones.")
        ready = [r for r in t["_refs"].values() if r["state"] == "Ready" and (not source or r["zoneid"] == source)]
        if not ready:
            raise invalid_value("There is no template %s ready on image store." % t["_id"])
        if not _ssvm_running(store, ready[0]["zoneid"]):
            raise runtime_error("No secondary VM in running state in source template zone ")
        now = time.time()
        for zid in dests:
            if any(r["zoneid"] == zid and r["state"] == "Ready" for r in t["_refs"].values()):
                continue  # already there
            stores = _zone_stores(store, zid)
            if not stores:
                raise ApiError(533, "Destination zone is not ready, no image store associated")
            for s in stores:
                old = t["_refs"].get(s["id"])
                if old is not None and old.get("dl") == "DOWNLOAD_IN_PROGRESS":
                    continue
                if not _ssvm_running(store, zid):
                    t["_refs"][s["id"]] = _new_ref(s, "copy", now, started=False)
                    continue  # the copy fails on this store; copy() still answers true
                ref = _new_ref(s, "copy", now)
                ref.update(state="Ready", dl="DOWNLOADED", pct=100, size=DOWNLOAD_SIZE,
                           physicalsize=DOWNLOAD_PHYSICAL_SIZE)
                t["_refs"][s["id"]] = ref
                if zid not in t["_zonerefs"]:
                    t["_zonerefs"].append(zid)
                break  # one eligible store is enough
        refresh(store, t)
        rows = template_rows(ctx, t, dests)
        return {"template": ctx.render(rows[0]) if rows else {}}
    return AsyncResult(work, "Template", t["id"])


@command("prepareTemplate")
def prepare_template(ctx):
    """TMI.prepareTemplate: the template is copied to primary storage (not modelled); answers the template row."""
    sync(ctx)
    t = ctx.ref("templates", "templateid")
    zone = ctx.ref("zones", "zoneid")
    rows = template_rows(ctx, t, [zone["id"]])
    return {"template": ctx.render(rows[0])} if rows else {}


# -- storage providers -----------------------------------------------------------------------------
@command("listStorageProviders")
def list_storage_providers(ctx):
    """ListStorageProvidersCmd / DSPM.getDataStoreProviders: no paging, no keyword filter."""
    kind = ctx.get("type")
    low = str(kind).lower()
    if low == "primary":
        names, label = PRIMARY_PROVIDERS, "PRIMARY"
    elif low == "image":
        names, label = IMAGE_PROVIDERS, "IMAGE"
    elif low == "imagecache":
        names, label = CACHE_PROVIDERS, "ImageCache"
    else:
        raise invalid_value("Invalid parameter: " + str(kind))
    items = [ctx.render({"name": n, "type": label}) for n in names]
    return {"count": len(items), "dataStoreProvider": items}


__all__ = ["find_template", "is_ready", "is_ready_in_zone", "refresh", "store_has_active_templates", "sync",
           "populate_templates", "download_delay", "hypervisor_type"]
