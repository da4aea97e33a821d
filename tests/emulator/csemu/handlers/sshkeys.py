"""SSH key pairs: createSSHKeyPair, registerSSHKeyPair, deleteSSHKeyPair, listSSHKeyPairs.

Sources (apache/cloudstack 4.18.0.0): ManagementServerImpl.createSSHKeyPair / registerSSHKeyPair /
deleteSSHKeyPair / listSSHKeyPairs / getPublicKeyFromKeyKeyMaterial / checkForKeyByName /
checkForKeyByPublicKey, SSHKeysHelper (JSch RSA key of ssh.key.length bits, MD5 fingerprint of the decoded key
blob as colon-separated hex, accepted key types), ApiResponseHelper.createSSHKeyPairResponse.
Rules: docs/emulator-guest.md. The private key is returned by createSSHKeyPair only and never stored.
"""
from __future__ import annotations

import base64
import hashlib
import secrets

from ..registry import command
from ..store import now_str
from . import placement, scope
from .common import invalid_value

KEY_TYPES = ("ssh-rsa", "ssh-dss", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-ed25519")
_SMALL_PRIMES = [p for p in range(3, 2000) if all(p % d for d in range(2, int(p ** 0.5) + 1))]


# -- RSA key generation (stdlib only) ----------------------------------------------------------------
def _probable_prime(n, rounds=24):
    if n < 2:
        return False
    for p in _SMALL_PRIMES:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for dummy in range(rounds):
        a = secrets.randbelow(n - 3) + 2
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for dummy2 in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _prime(bits):
    while True:
        c = secrets.randbits(bits) | (1 << (bits - 1)) | (1 << (bits - 2)) | 1
        if _probable_prime(c):
            return c


def _mpint(n):
    raw = n.to_bytes((n.bit_length() + 8) // 8, "big") if n else b"\x00"
    return len(raw).to_bytes(4, "big") + raw


def _sshstr(b):
    return len(b).to_bytes(4, "big") + b


def _der_int(n):
    raw = n.to_bytes((n.bit_length() + 8) // 8, "big") if n else b"\x00"
    return b"\x02" + _der_len(len(raw)) + raw


def _der_len(n):
    if n < 128:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def generate_rsa(bits):
    """(public key line as JSch writes it: "ssh-rsa <base64> \\n", PKCS#1 PEM private key)."""
    e = 65537
    while True:
        p, q = _prime(bits // 2), _prime(bits - bits // 2)
        if p == q:
            continue
        phi = (p - 1) * (q - 1)
        if phi % e:
            break
    n = p * q
    d = pow(e, -1, phi)
    blob = _sshstr(b"ssh-rsa") + _mpint(e) + _mpint(n)
    public = "ssh-rsa " + base64.b64encode(blob).decode() + " \n"
    body = b"".join(_der_int(x) for x in (0, n, e, d, p, q, d % (p - 1), d % (q - 1), pow(q, -1, p)))
    der = b"\x30" + _der_len(len(body)) + body
    b64 = base64.b64encode(der).decode()
    private = "-----BEGIN RSA PRIVATE KEY-----\n" + "\n".join(b64[i:i + 64] for i in range(0, len(b64), 64)) + \
        "\n-----END RSA PRIVATE KEY-----\n"
    return public, private


# -- SSHKeysHelper ---------------------------------------------------------------------------------------
def public_key_from_material(material):
    """SSHKeysHelper.getPublicKeyFromKeyMaterial: base64 of the whole line is decoded first; type + key only."""
    if " " not in material:
        try:
            material = base64.b64decode(material.encode(), validate=False).decode("utf-8", "replace")
        except (ValueError, TypeError):
            return None
    if not material.startswith(KEY_TYPES) or " " not in material:
        return None
    parts = material.split(" ")
    if len(parts) < 2:
        return None
    return parts[0] + " " + parts[1]


def fingerprint(public_key):
    """SSHKeysHelper.getPublicKeyFingerprint: MD5 of the base64-decoded key blob, hex pairs joined by ':'."""
    parts = public_key.split(" ")
    blob = base64.b64decode(parts[1] + "=" * (-len(parts[1]) % 4)) if len(parts) > 1 else b""
    digest = hashlib.md5(blob).hexdigest()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def _find(store, owner, name):
    return next((k for k in store.all("sshkeypairs") if k.get("_accountid") == owner["id"]
                 and scope.ieq(k.get("name"), name)), None)


def _insert(ctx, owner, name, public, fp):
    fields = scope.owner_fields(ctx.store, owner)
    return ctx.store.insert("sshkeypairs", {"name": name, "fingerprint": fp, "hasannotations": False,
                                            "created": now_str(), "_publickey": public, **fields})


@command("createSSHKeyPair")
def create_ssh_key_pair(ctx):
    name = ctx.get("name")
    if not str(name or "").strip():
        raise invalid_value("Please specify a valid name for the key pair. The key name can't be empty")
    owner = scope.finalize_owner(ctx)
    if _find(ctx.store, owner, name) is not None:
        raise invalid_value(f"A key pair with name '{name}' already exists.")
    bits = int(placement.setting(ctx.store, "ssh.key.length", default="2048") or 2048)
    public, private = generate_rsa(bits)
    row = _insert(ctx, owner, name, public, fingerprint(public))
    out = ctx.render(row)
    out["privatekey"] = private
    return {"keypair": out}


@command("registerSSHKeyPair")
def register_ssh_key_pair(ctx):
    owner = scope.finalize_owner(ctx)
    name, material = ctx.get("name"), ctx.get("publickey")
    if _find(ctx.store, owner, name) is not None:
        raise invalid_value(f"A key pair with name '{name}' already exists for this account.")
    public = public_key_from_material(material)
    if public is None:
        raise invalid_value("Public key is invalid")
    if any(k.get("_accountid") == owner["id"] and k.get("_publickey") == public for k in ctx.store.all("sshkeypairs")):
        raise invalid_value(f"A key pair with key '{material}' already exists for this account.")
    row = _insert(ctx, owner, name, public, fingerprint(public))
    return {"keypair": ctx.render(row)}


@command("deleteSSHKeyPair")
def delete_ssh_key_pair(ctx):
    owner = scope.finalize_owner(ctx)
    row = _find(ctx.store, owner, ctx.get("name"))
    if row is None:
        raise invalid_value(f"A key pair with name '{ctx.get('name')}' does not exist for account {owner['name']} in "
                            "specified domain id")
    ctx.store.delete("sshkeypairs", row["id"])
    return {"success": True}


@command("listSSHKeyPairs")
def list_ssh_key_pairs(ctx):
    """buildACLSearchParameters with id = null (the id parameter does not widen the scope here): name EQ,
    fingerprint EQ, keyword LIKE on name or fingerprint; newest first (id descending)."""
    items = scope.acl_filter(ctx, ctx.store.all("sshkeypairs"), id_given=False)
    if ctx.has("id"):
        items = [k for k in items if k["id"] == ctx.get("id")]
    if ctx.has("name"):
        items = [k for k in items if scope.ieq(k.get("name"), ctx.get("name"))]
    if ctx.has("fingerprint"):
        items = [k for k in items if scope.ieq(k.get("fingerprint"), ctx.get("fingerprint"))]
    if ctx.has("keyword"):
        kw = ctx.get("keyword").lower()
        items = [k for k in items if kw in str(k.get("name")).lower() or kw in str(k.get("fingerprint")).lower()]
    items.sort(key=lambda k: k.get("_id", 0), reverse=True)
    params = ctx.params
    ctx.params = {k: v for k, v in params.items() if k != "keyword"}
    try:
        return ctx.list_response(items, "sshkeypair")
    finally:
        ctx.params = params


def public_keys_for(store, owner_id, names):
    """SSHKeyPairDao.findByNames for deployVirtualMachine: the stored public keys, or None when one is missing."""
    keys = []
    for n in names:
        row = next((k for k in store.all("sshkeypairs") if k.get("_accountid") == owner_id and
                    scope.ieq(k.get("name"), n)), None)
        if row is None:
            return None
        keys.append(row["_publickey"])
    return keys
