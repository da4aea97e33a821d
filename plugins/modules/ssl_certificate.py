#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ssl_certificate
short_description: Install the SSL certificate of the console proxy and secondary storage VMs in CloudStack
version_added: 0.2.0
description:
  - Uploads a server certificate, its private key and its chain with C(uploadCustomCertificate), in the order
    CloudStack builds the chain from - the root first (index 1), then the intermediate certificates from the root
    down, then the server certificate with its key. CloudStack then reboots the secondary storage VMs and restarts
    the console proxies so that they serve the new certificate.
  - Everything is checked before the first upload, failing with one line naming the option - each certificate is
    a PEM X.509 certificate; the key is an unencrypted PKCS#8 RSA key (C(BEGIN PRIVATE KEY), what CloudStack
    reads) and belongs to O(certificate); each certificate of the chain is signed by the next one (by subject and
    issuer names). CloudStack itself checks neither the key against the certificate nor the chain.
  - CloudStack has no API that shows the installed certificates, so the module cannot compare; every run that is
    not in check mode uploads and reports a change (and restarts the system VMs). Run it when the certificate
    changes, for example in a handler or with C(when) on the task that renewed it.
author: csops.cloudstack developers (@csops)
options:
  certificate:
    description:
      - The server certificate (PEM). It may be followed by its chain (a C(fullchain.pem)) - the certificates after
        the first one are then taken as O(intermediate_certificates), and a last self-signed one as
        O(root_certificate).
    type: str
    required: true
  private_key:
    description:
      - The private key of O(certificate) (PEM, unencrypted PKCS#8 RSA - convert a C(BEGIN RSA PRIVATE KEY) key with
        C(openssl pkcs8 -topk8 -nocrypt)). Never shown in the results, the diff or the errors.
    type: str
    required: true
  intermediate_certificates:
    description:
      - The intermediate certificates (PEM), in the order of a chain file - first the one that signed O(certificate),
        last the one the root signed. Each item may hold several PEM blocks.
    type: list
    elements: str
    default: []
  root_certificate:
    description: The root certificate (PEM) of the chain, uploaded with index 1.
    type: str
  domain_suffix:
    description:
      - The DNS domain the certificate is for (for example C(example.com) for a C(*.example.com) certificate); the
        console proxy URLs are made from it. CloudStack keeps the chain per domain suffix.
    type: str
    required: true
  chain_name:
    description:
      - Prefix of the names (aliases) CloudStack stores the chain certificates under - C(<chain_name>-root) and
        C(<chain_name>-intermediate-<n>); an upload with the same name replaces the stored one.
      - Defaults to O(domain_suffix) without a leading C(*.).
    type: str
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.action
attributes:
  check_mode:
    description: In check mode the module checks the certificates and the key and reports the uploads it would make,
      sending nothing.
    support: full
  diff_mode:
    description: In diff mode the module returns the certificates it uploads.
    support: partial
    details: CloudStack cannot show the installed certificates, so the diff's before is empty.
notes:
  - Needs a root admin. The console proxy and the secondary storage VMs restart after the upload; use
    M(csops.cloudstack.system_vm_info) to see them back.
"""

EXAMPLES = r"""
- name: Install the console proxy certificate with its chain
  csops.cloudstack.ssl_certificate:
    certificate: "{{ lookup('file', 'certs/cloud.example.com.crt') }}"
    private_key: "{{ lookup('file', 'certs/cloud.example.com.pkcs8.key') }}"
    intermediate_certificates:
      - "{{ lookup('file', 'certs/intermediate.crt') }}"
    root_certificate: "{{ lookup('file', 'certs/root.crt') }}"
    domain_suffix: example.com

- name: Install a full chain file only when the certificate was renewed
  csops.cloudstack.ssl_certificate:
    certificate: "{{ lookup('file', '/etc/letsencrypt/live/example.com/fullchain.pem') }}"
    private_key: "{{ lookup('file', '/etc/letsencrypt/live/example.com/privkey.pem') }}"
    domain_suffix: example.com
  when: renewal is changed
"""

RETURN = r"""
domain_suffix:
  description: The domain suffix the certificates were uploaded for.
  returned: success
  type: str
  sample: example.com
certificates:
  description: The certificates uploaded (or to upload in check mode), in the order they were sent.
  returned: success
  type: list
  elements: dict
  contains:
    role:
      description: V(root), V(intermediate) or V(server).
      type: str
      sample: root
    alias:
      description: The name CloudStack stores the certificate under (C(CPVMCertificate) for the server certificate).
      type: str
      sample: example.com-root
    index:
      description: Position in the chain (1 is the root); none for the server certificate.
      type: int
      sample: 1
    subject:
      description: Subject of the certificate.
      type: str
      sample: CN=cloud.example.com, O=Example
    issuer:
      description: Issuer of the certificate.
      type: str
      sample: CN=Example Intermediate CA, O=Example
    not_after:
      description: End of validity (UTC, ISO 8601).
      type: str
      sample: "2027-11-29T10:00:00Z"
    fingerprint_sha256:
      description: SHA-256 fingerprint of the certificate (DER), hex pairs separated by colons.
      type: str
      sample: "3A:5F:..."
message:
  description: What CloudStack answered to the upload of the server certificate (not in check mode).
  returned: changed and not check mode
  type: str
  sample: Certificate has been successfully updated, if its the server certificate we would reboot all running ...
"""

import base64
import hashlib
import re

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError
from ansible_collections.csops.cloudstack.plugins.module_utils.module import CloudStackModule

SERVER_ALIAS = "CPVMCertificate"  # ConsoleProxyManager.CERTIFICATE_NAME: where CloudStack keeps the server certificate
PEM = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----\s*(.*?)\s*-----END \1-----", re.S)
RSA_OID = bytes.fromhex("2a864886f70d010101")
NAME_OIDS = {"550403": "CN", "55040a": "O", "55040b": "OU", "550406": "C", "550407": "L", "550408": "ST"}


class BadInput(ValueError):
    pass


# ---------------------------------------------------------------- a small DER reader (no extra dependency)
def _tlv(data, pos):
    if pos + 2 > len(data):
        raise BadInput("truncated DER")
    tag, length = data[pos], data[pos + 1]
    pos += 2
    if length & 0x80:
        count = length & 0x7F
        if not 0 < count <= 4 or pos + count > len(data):
            raise BadInput("bad DER length")
        length = int.from_bytes(data[pos:pos + count], "big")
        pos += count
    if pos + length > len(data):
        raise BadInput("truncated DER")
    return tag, pos, pos + length


def _children(data, start, end):
    out, pos = [], start
    while pos < end:
        tag, cstart, cend = _tlv(data, pos)
        out.append((tag, cstart, cend))
        pos = cend
    return out


def _seq(data, element):
    tag, start, end = element
    if tag != 0x30:
        raise BadInput("not a DER sequence")
    return _children(data, start, end)


def _integer(data, element):
    if element[0] != 0x02:
        raise BadInput("not a DER integer")
    return int.from_bytes(data[element[1]:element[2]], "big")


def _name(data, element):
    parts = []
    for rdn in _seq(data, element):
        for atv in _children(data, rdn[1], rdn[2]):
            oid, value = _seq(data, atv)[:2]
            label = NAME_OIDS.get(data[oid[1]:oid[2]].hex())
            if label:
                parts.append("%s=%s" % (label, data[value[1]:value[2]].decode("utf-8", "replace")))
    return ", ".join(parts)


def _time(data, element):
    text = data[element[1]:element[2]].decode("ascii", "replace").rstrip("Z")
    if element[0] == 0x17:  # UTCTime YYMMDDHHMMSS
        year = int(text[:2])
        text = ("19" if year >= 50 else "20") + text
    return "%s-%s-%sT%s:%s:%sZ" % (text[0:4], text[4:6], text[6:8], text[8:10], text[10:12], text[12:14])


def _rsa_modulus_of_spki(data, element):
    alg, bits = _seq(data, element)[:2]
    oid = _seq(data, alg)[0]
    if data[oid[1]:oid[2]] != RSA_OID or bits[0] != 0x03:
        return None
    inner = data[bits[1] + 1:bits[2]]  # skip the count of unused bits
    return _integer(inner, _seq(inner, _tlv(inner, 0))[0])


def parse_certificate(der):
    top = _seq(der, _tlv(der, 0))
    if len(top) != 3:
        raise BadInput("not an X.509 certificate")
    tbs = _seq(der, top[0])
    if tbs and tbs[0][0] == 0xA0:  # [0] version
        tbs = tbs[1:]
    if len(tbs) < 6:
        raise BadInput("not an X.509 certificate")
    validity = _seq(der, tbs[3])
    return {
        "issuer_der": der[tbs[2][1]:tbs[2][2]],
        "subject_der": der[tbs[4][1]:tbs[4][2]],
        "issuer": _name(der, tbs[2]),
        "subject": _name(der, tbs[4]),
        "not_after": _time(der, validity[1]),
        "modulus": _rsa_modulus_of_spki(der, tbs[5]),
        "fingerprint_sha256": ":".join("%02X" % b for b in hashlib.sha256(der).digest()),
    }


def pem_blocks(text):
    return list(PEM.findall(text or ""))


def read_certificates(text, option):
    """Every PEM certificate of text, parsed; fails naming the option."""
    blocks = pem_blocks(text)
    if not blocks or any(kind != "CERTIFICATE" for kind, dummy in blocks):
        raise BadInput("%s must hold PEM certificates (-----BEGIN CERTIFICATE-----)." % option)
    out = []
    for kind, body in blocks:
        try:
            der = base64.b64decode("".join(body.split()), validate=True)
            cert = parse_certificate(der)
        except (ValueError, IndexError):
            raise BadInput("%s: a certificate is not a valid X.509 certificate (bad PEM or DER)." % option) from None
        cert["pem"] = "-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----" % body.strip()
        out.append(cert)
    return out


def key_modulus(text):
    """The modulus of an unencrypted PKCS#8 RSA key - the only kind CloudStack reads (CertificateHelper.buildPrivateKey)."""
    blocks = pem_blocks(text)
    kinds = [kind for kind, dummy in blocks]
    if kinds == ["RSA PRIVATE KEY"]:
        raise BadInput("private_key is a PKCS#1 key (BEGIN RSA PRIVATE KEY); CloudStack reads PKCS#8 only: "
                       "convert it with openssl pkcs8 -topk8 -nocrypt.")
    if kinds == ["ENCRYPTED PRIVATE KEY"]:
        raise BadInput("private_key is encrypted; CloudStack needs it unencrypted (openssl pkcs8 -topk8 -nocrypt).")
    if kinds != ["PRIVATE KEY"]:
        raise BadInput("private_key must be one PEM private key (-----BEGIN PRIVATE KEY-----, PKCS#8 RSA).")
    try:
        der = base64.b64decode("".join(blocks[0][1].split()), validate=True)
        version, alg, octets = _seq(der, _tlv(der, 0))[:3]
        oid = _seq(der, alg)[0]
        if der[oid[1]:oid[2]] != RSA_OID:
            raise BadInput("private_key is not an RSA key; CloudStack reads RSA keys only.")
        inner = der[octets[1]:octets[2]]
        return _integer(inner, _seq(inner, _tlv(inner, 0))[1])
    except BadInput:
        raise
    except (ValueError, IndexError):
        raise BadInput("private_key is not a valid PKCS#8 key.") from None


class SslCertificate(CloudStackModule):
    argument_spec = dict(
        certificate=dict(type="str", required=True),
        private_key=dict(type="str", required=True, no_log=True),
        intermediate_certificates=dict(type="list", elements="str", default=[]),
        root_certificate=dict(type="str"),
        domain_suffix=dict(type="str", required=True),
        chain_name=dict(type="str"),
    )

    def plan(self):
        """The uploads in CloudStack's order, or BadInput naming the option."""
        suffix = (self.params["domain_suffix"] or "").strip()
        if not suffix:
            raise BadInput("domain_suffix must not be empty.")
        given = read_certificates(self.params["certificate"], "certificate")
        server, chain = given[0], given[1:]
        for index, text in enumerate(self.params["intermediate_certificates"] or []):
            chain.extend(read_certificates(text, "intermediate_certificates[%d]" % index))
        root = None
        if self.params.get("root_certificate"):
            root = read_certificates(self.params["root_certificate"], "root_certificate")
            if len(root) != 1:
                raise BadInput("root_certificate must hold one certificate.")
            root = root[0]
        elif chain and chain[-1]["issuer_der"] == chain[-1]["subject_der"]:
            root = chain.pop()
        if root is not None and root["issuer_der"] != root["subject_der"]:
            raise BadInput("root_certificate (%s) is not self-signed: its issuer is %s." % (root["subject"], root["issuer"]))

        modulus = key_modulus(self.params["private_key"])
        if server["modulus"] is None:
            raise BadInput("certificate has no RSA public key; CloudStack reads RSA keys only.")
        if server["modulus"] != modulus:
            raise BadInput("private_key does not belong to certificate (%s)." % server["subject"])

        ordered = [server] + chain + ([root] if root else [])
        for lower, upper in zip(ordered, ordered[1:]):
            if lower["issuer_der"] != upper["subject_der"]:
                raise BadInput("the chain is not in order: %s is issued by %s, but the next certificate is %s (give "
                               "intermediate_certificates from the one that signed certificate up to the root)."
                               % (lower["subject"], lower["issuer"], upper["subject"]))

        prefix = self.params.get("chain_name") or (suffix[2:] if suffix.startswith("*.") else suffix)
        uploads = []
        if root:
            uploads.append(("root", "%s-root" % prefix, root))
        for number, cert in enumerate(reversed(chain), start=1):
            uploads.append(("intermediate", "%s-intermediate-%d" % (prefix, number), cert))
        planned = []
        for index, (role, alias, cert) in enumerate(uploads, start=1):
            planned.append((role, alias, index, cert))
        planned.append(("server", SERVER_ALIAS, None, server))
        return suffix, planned

    def run(self):
        try:
            suffix, planned = self.plan()
        except BadInput as exc:
            self.fail(str(exc))
        message = None
        for role, alias, index, cert in planned:
            params = {"certificate": cert["pem"], "domainsuffix": suffix}
            if role == "server":
                params["privatekey"] = self.params["private_key"]
            else:
                params.update(id=index, name=alias)
            try:
                answer = self.write("uploadCustomCertificate", **params)
            except CloudStackError as exc:
                done = ", ".join(a for r, a, i, c in planned[:planned.index((role, alias, index, cert))]) or "none"
                raise CloudStackError("uploadCustomCertificate of %s (%s) failed: %s (uploaded before: %s)"
                                      % (alias, cert["subject"], exc.message, done)) from None
            if answer:
                message = (answer.get("customcertificate") or {}).get("message") or message
        certificates = [{"role": role, "alias": alias, "index": index, "subject": cert["subject"], "issuer": cert["issuer"],
                         "not_after": cert["not_after"], "fingerprint_sha256": cert["fingerprint_sha256"]}
                        for role, alias, index, cert in planned]
        self.result.update(domain_suffix=suffix, certificates=certificates)
        if message:
            self.result["message"] = message
        if self.module._diff:
            self.result["diff"] = {"before": {}, "after": {"domain_suffix": suffix, "certificates": certificates}}


def main():
    SslCertificate()()


if __name__ == "__main__":
    main()
