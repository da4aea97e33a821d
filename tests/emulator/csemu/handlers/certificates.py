"""uploadCustomCertificate: the console proxy / secondary storage VM certificate and its chain.

Sources (apache/cloudstack 4.18.0.0, commit 0574087284): UploadCustomCertificateCmd (async, response
CustomCertificateResponse "customcertificate" with `message`), ManagementServerImpl.uploadCertificate,
KeystoreManagerImpl.validateCertificate / saveCertificate / getKeyContent, KeystoreDaoImpl.save,
CertificateHelper.buildAndSaveKeystore / buildCertificate / buildPrivateKey, ConsoleProxyManagerImpl
.setManagementState / handleResetSuspending / resumeLastManagementState / allocCapacity. From 4.19.2/4.20
(commit 48e745cad2, "Add certificate validation to check headers"): validation errors name their cause and a
chain certificate is parsed too. Rules: docs/emulator-certificates.md.

The keystore rows live in the internal collection "keystores" ({name, certificate, domainsuffix, index,
_key}); no API lists them (the real server has none either). The private key is kept under `_key` so that
/_emulator/state never shows it.
"""
from __future__ import annotations

import base64
import re
import time

from ..errors import invalid_value
from ..registry import command
from . import configs
from .common import AsyncResult

CERTIFICATE_NAME = "CPVMCertificate"  # ConsoleProxyManager.CERTIFICATE_NAME
SUCCESS = ("Certificate has been successfully updated, if its the server certificate we would reboot all running "
           "console proxy VMs and secondary storage VMs to propagate the new certificate, please give a few minutes "
           "for console access and storage services service to be up and working again")
RSA_OID = bytes.fromhex("2a864886f70d010101")  # 1.2.840.113549.1.1.1 rsaEncryption
KEY_CONTENT = re.compile(r"\A(-+[^-]+-+\n?)([^-]+)(-+[^-]+-+)(\n?)\Z")


class DerError(ValueError):
    pass


def _tlv(data, pos):
    """One DER element at pos: (tag, content start, content end)."""
    if pos + 2 > len(data):
        raise DerError("truncated")
    tag, length = data[pos], data[pos + 1]
    pos += 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4 or pos + count > len(data):
            raise DerError("bad length")
        length = int.from_bytes(data[pos:pos + count], "big")
        pos += count
    if pos + length > len(data):
        raise DerError("truncated")
    return tag, pos, pos + length


def _children(data, start, end):
    out = []
    pos = start
    while pos < end:
        tag, cstart, cend = _tlv(data, pos)
        out.append((tag, cstart, cend))
        pos = cend
    return out


def _sequence(data, start=0, end=None, expect=None):
    tag, cstart, cend = _tlv(data, start)
    if tag != 0x30 or (end is not None and cend != end):
        raise DerError("not a sequence")
    kids = _children(data, cstart, cend)
    if expect is not None and len(kids) < expect:
        raise DerError("short sequence")
    return kids


def parse_certificate_der(der):
    """The structure CertificateFactory("X.509") needs: Certificate ::= SEQUENCE {tbsCertificate, signatureAlgorithm,
    signatureValue}; tbsCertificate has serial, signature, issuer, validity, subject, subjectPublicKeyInfo."""
    top = _sequence(der, 0, len(der), expect=3)
    if len(top) != 3 or top[0][0] != 0x30 or top[1][0] != 0x30 or top[2][0] != 0x03:
        raise DerError("not a certificate")
    tbs = _children(der, top[0][1], top[0][2])
    if tbs and tbs[0][0] == 0xA0:
        tbs = tbs[1:]
    if len(tbs) < 6 or tbs[0][0] != 0x02 or any(t[0] != 0x30 for t in tbs[1:6]):
        raise DerError("bad tbsCertificate")
    return True


def read_certificate(text):
    """CertificateHelper.buildCertificate: X509Factory reads DER (first byte 0x30) or the first PEM block after
    "-----BEGIN"; anything else fails. Returns the DER bytes or raises DerError with the reason."""
    raw = text.encode("utf-8")
    if not raw:
        raise DerError("Empty input")
    if raw[0] == 0x30:
        der = raw
    else:
        m = re.search(r"-----BEGIN [^-\r\n]*-----(.*?)-----END [^-\r\n]*-----", text, re.S)
        if not m:
            raise DerError("Empty input" if not text.strip() else "Incomplete data")
        try:
            der = base64.b64decode("".join(m.group(1).split()), validate=True)
        except ValueError:
            raise DerError("Incomplete data") from None
    parse_certificate_der(der)
    return der


def key_content(key):
    """KeystoreManagerImpl.getKeyContent: the text between a PEM header and footer (whole input otherwise)."""
    m = KEY_CONTENT.search(key)
    return m.group(2) if m else key


def check_rsa_pkcs8(content):
    """CertificateHelper.buildPrivateKey: Base64.decodeBase64 (skips characters outside the alphabet), then
    KeyFactory("RSA").generatePrivate(PKCS8EncodedKeySpec): PrivateKeyInfo with the rsaEncryption algorithm and
    an RSAPrivateKey inside. PKCS#1 ("BEGIN RSA PRIVATE KEY"), encrypted and non-RSA keys fail."""
    cleaned = re.sub(r"[^A-Za-z0-9+/=_-]", "", content)
    cleaned = cleaned.replace("-", "+").replace("_", "/").rstrip("=")
    try:
        der = base64.b64decode(cleaned + "=" * (-len(cleaned) % 4))
    except ValueError:
        raise DerError("bad base64") from None
    kids = _sequence(der, 0, len(der), expect=3)
    if kids[0][0] != 0x02 or kids[1][0] != 0x30 or kids[2][0] != 0x04:
        raise DerError("not PKCS#8")
    alg = _children(der, kids[1][1], kids[1][2])
    if not alg or alg[0][0] != 0x06 or der[alg[0][1]:alg[0][2]] != RSA_OID:
        raise DerError("not an RSA key")
    inner = der[kids[2][1]:kids[2][2]]
    rsa = _sequence(inner, 0, len(inner), expect=9)
    if any(t[0] != 0x02 for t in rsa[:9]):
        raise DerError("bad RSAPrivateKey")
    return True


def _validate_pair(certificate, key, suffix):
    """KeystoreManagerImpl.validateCertificate: a keystore is built from the certificate and the key (the key is
    not matched against the certificate, and dates are not checked: JKS setKeyEntry does neither)."""
    if not certificate or not key or not suffix:
        return "Invalid parameter found in (certificate, key, domainSuffix) tuple for domain: %s" % suffix
    try:
        read_certificate(certificate)
        check_rsa_pkcs8(key_content(key))
    except DerError:
        return "Certificate validation failed due to exception for domain: %s" % suffix
    return None


def _set_config(store, name, value):
    row = configs.find_row(store, name)
    if row is None:  # not in this emulator's settings table: add it the way a seed does
        store.insert("configurations", {"name": name, "value": value})
        configs.ensure(store)
        return
    row["_value"] = value
    configs._sync(row)  # pylint: disable=protected-access


def _config(store, name, default):
    row = configs.find_row(store, name)
    value = row.get("_value") if row else None
    return default if value in (None, "") else value


def save_keystore(store, name, certificate, suffix, key=None, index=None):
    """KeystoreDaoImpl.save: one row per name, updated in place."""
    for row in store.all("keystores"):
        if row.get("name") == name:
            row.update(certificate=certificate, domainsuffix=suffix)
            if key is not None:
                row["_key"] = key
            else:
                row["index"] = index
            return row
    obj = {"name": name, "certificate": certificate, "domainsuffix": suffix, "index": index}
    if key is not None:
        obj["_key"] = key
    return store.insert("keystores", obj)


def reset_suspending(emu, store):
    """ConsoleProxyManagerImpl.scanManagementState: in ResetSuspending the scanner stops the Running proxies; with
    none left in transition it resumes the last management state; the capacity scan then starts a stopped proxy
    again (allocCapacity -> assignProxyFromStoppedPool), which boots with the new certificate. Called by the lazy
    system VM scan (systemvms.ensure_system_vms)."""
    from . import systemvms  # pylint: disable=import-outside-toplevel
    if _config(store, "consoleproxy.management.state", "Auto") != "ResetSuspending":
        return
    cpvms = [v for v in store.all("systemvms") if v.get("systemvmtype") == systemvms.CPVM]
    for vm in cpvms:
        if vm.get("state") == "Running":
            vm.update(state="Stopped", agentstate="Disconnected", hostid=None, hostname=None)
            vm.pop("_pending", None)
            vm.pop("_ready_at", None)
            vm["_restart"] = True
    if any(v.get("state") in ("Running", "Starting", "Stopping") for v in cpvms):
        return
    _set_config(store, "consoleproxy.management.state", _config(store, "consoleproxy.management.state.last", "Auto"))
    for vm in cpvms:
        if vm.pop("_restart", False) and vm.get("state") == "Stopped":
            host = next((h for h in store.all("hosts", zoneid=vm.get("zoneid")) if h.get("state") == "Up"
                         and (h.get("type") or "Routing") == "Routing"), None)
            vm.update(state="Starting", hostid=host["id"] if host else None, hostname=host.get("name") if host else None,
                      _pending="start", _ready_at=time.time() + systemvms.boot_delay(emu))


@command("uploadCustomCertificate")
def upload_custom_certificate(ctx):
    """ManagementServerImpl.uploadCertificate, run by the job (execute()): a chain certificate (name + id) or the
    server certificate (privatekey, stored as CPVMCertificate); the server certificate reboots the Running SSVMs
    and sets the console proxy management state to ResetSuspending (the proxies restart)."""
    store, emu = ctx.store, ctx.emu
    certificate, key, alias = ctx.get("certificate"), ctx.get("privatekey"), ctx.get("name")
    index, suffix = ctx.get("id"), ctx.get("domainsuffix")
    newer = emu.spec.version != "4.18"

    def work():
        from . import systemvms  # pylint: disable=import-outside-toplevel
        if key is not None and alias is not None:
            raise invalid_value("Can't change the alias for private key certification")
        if key is None:
            if alias is None:
                raise invalid_value("alias can't be empty, if it's a certification chain")
            if index is None:
                raise invalid_value("index can't be empty, if it's a certification chain")
        if key is not None:
            error = _validate_pair(certificate, key, suffix)
            if error:
                raise invalid_value("Failed to pass certificate validation check with error: %s" % error if newer
                                    else "Failed to pass certificate validation check")
        elif newer:
            try:
                read_certificate(certificate)
            except DerError as exc:
                raise invalid_value("Failed to pass certificate validation check with error: Certificate validation "
                                    "failed due to exception: Could not parse certificate: java.io.IOException: %s"
                                    % exc) from None
        if key is not None:
            save_keystore(store, CERTIFICATE_NAME, certificate, suffix, key=key)
            for vm in store.all("systemvms"):
                if vm.get("systemvmtype") == systemvms.SSVM and vm.get("state") in ("Running", "Migrating", "Starting"):
                    # rebootSecStorageVm: the agent in the VM reconnects once it has booted
                    if vm.get("state") == "Running":
                        vm["agentstate"] = "Disconnected"
                        vm["_pending"], vm["_ready_at"] = "agent", time.time() + systemvms.boot_delay(emu)
        else:
            save_keystore(store, alias, certificate, suffix, index=int(index))
        last = _config(store, "consoleproxy.management.state", "Auto")
        if last != "ResetSuspending":
            _set_config(store, "consoleproxy.management.state.last", last)
            _set_config(store, "consoleproxy.management.state", "ResetSuspending")
        return {"customcertificate": {"message": SUCCESS}}
    return AsyncResult(work)


__all__ = ["read_certificate", "reset_suspending", "upload_custom_certificate"]
