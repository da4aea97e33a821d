# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Finding and masking secrets in option values and texts. No Ansible import.

The rules (docs/CONTRACTS.md):
- the password of a URL's userinfo (scheme://user:PASSWORD@host/...) is a secret; a userinfo
  without a colon (scheme://TOKEN@host/...) is one as a whole;
- in a mapping, the value of an entry whose name names a secret (password, passphrase, secret,
  token, credential, private, a name ending in "key" other than apikey/publickey) is a secret;
- in a key/value pair ({key: password, value: X} or {name: ..., value: X}, the form of
  details[0].key/details[0].value), the value is a secret when the key names one;
- lists are walked item by item, nested structures all the way down;
- an option named like a URL (url, storage_url, ...) given without a scheme (user:PASSWORD@host/path,
  which the module then refuses) has its userinfo secret found all the same.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

MASK = "********"

SECRET_NAME_RE = re.compile(
    r"(pass(word|wd|phrase)|^pass$|secret|token|credential|private|(?<!api)(?<!public)key$)", re.I)

# scheme://userinfo@ : the userinfo runs to the last '@' of the token (a Ceph key may hold '/' and '+').
URL_USERINFO_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://)([^\s'\"<>]*)@")

# Names of the key and value fields of a key/value pair.
PAIR_KEYS = ("key", "name")


# Options named like secrets whose values are choices, not secrets (user: update_password=always|on_create).
NOT_SECRET_NAMES = frozenset(("update_password",))


def is_secret_name(name) -> bool:
    """True when a parameter, detail or setting name designates a secret."""
    return bool(name) and str(name).lower() not in NOT_SECRET_NAMES and bool(SECRET_NAME_RE.search(str(name)))


def _userinfo_secret(userinfo):
    """The secret part of a URL userinfo, or None when it does not look like userinfo."""
    if not userinfo:
        return None
    if ":" in userinfo:
        user, password = userinfo.split(":", 1)
        if "/" in user or not password:
            return None
        return password
    if "/" in userinfo:
        return None  # a path holding '@', not userinfo
    return userinfo


def url_secrets(text):
    """Secrets in the userinfo of every URL in text (raw and percent-decoded forms)."""
    found = set()
    for match in URL_USERINFO_RE.finditer(str(text)):
        secret = _userinfo_secret(match.group(2))
        if secret:
            found.add(secret)
            decoded = unquote(secret)
            if decoded != secret:
                found.add(decoded)
    return found


def mask_urls(text):
    """text with the secret part of every URL userinfo replaced by ********."""
    def repl(match):
        userinfo = match.group(2)
        secret = _userinfo_secret(userinfo)
        if not secret:
            return match.group(0)
        if ":" in userinfo:
            return "%s%s:%s@" % (match.group(1), userinfo.split(":", 1)[0], MASK)
        return "%s%s@" % (match.group(1), MASK)
    return URL_USERINFO_RE.sub(repl, str(text))


def _is_pair(value):
    return isinstance(value, dict) and "value" in value and any(k in value for k in PAIR_KEYS) and len(value) <= 3


def find_secrets(value, name=None):
    """Every secret string in an option value (see the module docstring for the rules)."""
    found = set()
    if value is None or isinstance(value, bool):
        return found
    if isinstance(value, dict):
        pair = _is_pair(value)
        if pair:
            label = next(value[k] for k in PAIR_KEYS if k in value)
            if is_secret_name(label) or is_secret_name(name):
                found |= _leaf(value["value"])
        for key, item in value.items():
            if pair and key in PAIR_KEYS:
                continue
            found |= find_secrets(item, key if not pair else name)
        return found
    if isinstance(value, (list, tuple, set)):
        for item in value:
            found |= find_secrets(item, name)
        return found
    if is_secret_name(name):
        found |= _leaf(value)
    if isinstance(value, str):
        found |= url_secrets(value)
        if name and str(name).lower().endswith("url") and "@" in value and "://" not in value:
            secret = _userinfo_secret(value.rsplit("@", 1)[0])
            if secret and not any(c.isspace() for c in secret):
                found.add(secret)
    return found


def _leaf(value):
    """The strings to mask for one secret value."""
    if value is None or isinstance(value, bool):
        return set()
    if isinstance(value, (dict, list, tuple, set)):
        out = set()
        for item in (value.values() if isinstance(value, dict) else value):
            out |= _leaf(item)
        return out
    text = str(value)
    return {text} if text else set()


def scrub_secrets(text, secrets):
    """text with every known secret and every URL userinfo secret masked."""
    text = mask_urls(text)
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text
