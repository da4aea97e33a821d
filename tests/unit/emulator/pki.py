"""Real certificates for tests, made with the openssl command line (no Python crypto library needed).

make_pki(directory) writes a root CA, an intermediate CA and a server certificate for *.<suffix> signed by the
intermediate, and returns their PEM texts: root, intermediate, server, and the server key as PKCS#8
(`-----BEGIN PRIVATE KEY-----`), PKCS#1 (`-----BEGIN RSA PRIVATE KEY-----`), plus an EC key, an unrelated RSA
key and a self-signed certificate of that unrelated key.
"""
from __future__ import annotations

import os
import shutil
import subprocess

CA_EXT = "[v3_ca]\nbasicConstraints = critical,CA:true\nkeyUsage = critical,keyCertSign,cRLSign\n"


def have_openssl():
    return shutil.which("openssl") is not None


def _run(directory, *args):
    subprocess.run(["openssl"] + list(args), cwd=directory, check=True, capture_output=True)


def _read(directory, name):
    with open(os.path.join(directory, name), encoding="ascii") as handle:
        return handle.read()


def make_pki(directory, suffix="example.com", bits=2048):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "ca.ext"), "w", encoding="ascii") as handle:
        handle.write(CA_EXT)
    with open(os.path.join(directory, "server.ext"), "w", encoding="ascii") as handle:
        handle.write("[v3_srv]\nbasicConstraints = CA:false\nsubjectAltName = DNS:*.%s,DNS:%s\n" % (suffix, suffix))
    rsa = "rsa:%d" % bits
    _run(directory, "req", "-x509", "-newkey", rsa, "-nodes", "-keyout", "root.key", "-out", "root.pem", "-days", "3650",
         "-subj", "/O=csops test/CN=csops Test Root CA", "-addext", "basicConstraints=critical,CA:true",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    _run(directory, "req", "-new", "-newkey", rsa, "-nodes", "-keyout", "int.key", "-out", "int.csr",
         "-subj", "/O=csops test/CN=csops Test Intermediate CA")
    _run(directory, "x509", "-req", "-in", "int.csr", "-CA", "root.pem", "-CAkey", "root.key", "-CAcreateserial",
         "-out", "int.pem", "-days", "1825", "-extfile", "ca.ext", "-extensions", "v3_ca")
    _run(directory, "req", "-new", "-newkey", rsa, "-nodes", "-keyout", "server.key", "-out", "server.csr",
         "-subj", "/O=csops test/CN=*.%s" % suffix)
    _run(directory, "x509", "-req", "-in", "server.csr", "-CA", "int.pem", "-CAkey", "int.key", "-CAcreateserial",
         "-out", "server.pem", "-days", "365", "-extfile", "server.ext", "-extensions", "v3_srv")
    _run(directory, "pkey", "-in", "server.key", "-out", "server.pkcs8.key")
    _run(directory, "rsa", "-in", "server.key", "-traditional", "-out", "server.pkcs1.key")
    _run(directory, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.key")
    _run(directory, "req", "-x509", "-newkey", rsa, "-nodes", "-keyout", "other.key", "-out", "other.pem", "-days", "30",
         "-subj", "/CN=other.%s" % suffix)
    return {
        "root": _read(directory, "root.pem"), "intermediate": _read(directory, "int.pem"),
        "server": _read(directory, "server.pem"), "key": _read(directory, "server.pkcs8.key"),
        "key_pkcs1": _read(directory, "server.pkcs1.key"), "ec_key": _read(directory, "ec.key"),
        "other_key": _read(directory, "other.key"), "other": _read(directory, "other.pem"),
        "suffix": suffix, "dir": directory,
    }


def fingerprint(directory, name):
    """SHA-256 fingerprint as openssl prints it (AA:BB:...)."""
    out = subprocess.run(["openssl", "x509", "-in", name, "-noout", "-fingerprint", "-sha256"], cwd=directory,
                         check=True, capture_output=True, text=True).stdout
    return out.strip().split("=", 1)[1]
