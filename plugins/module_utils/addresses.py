# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of single IP addresses, netmasks and CIDRs, before any write reaches the API. No Ansible import."""

from __future__ import annotations

import ipaddress

from .api import CloudStackError


def ipv4(option, value):
    """Parse an IPv4 address or fail naming the option."""
    try:
        return ipaddress.IPv4Address(str(value))
    except ValueError:
        raise CloudStackError("%s: %r is not a valid IPv4 address." % (option, value)) from None


def ipv6(option, value):
    """Parse an IPv6 address or fail naming the option."""
    try:
        return ipaddress.IPv6Address(str(value))
    except ValueError:
        raise CloudStackError("%s: %r is not a valid IPv6 address." % (option, value)) from None


def netmask(option, value):
    """Parse a dotted netmask (255.255.255.0) and return its prefix length.

    CloudStack wants the dotted form (NetUtils.isValidIp4Netmask): a prefix length such as 24 is refused.
    """
    text = str(value)
    try:
        if text.count(".") != 3:
            raise ValueError
        return ipaddress.IPv4Network("0.0.0.0/%s" % text).prefixlen
    except ValueError:
        raise CloudStackError("%s: %r is not a valid IPv4 netmask such as 255.255.255.0 (dotted, not a prefix "
                              "length)." % (option, value)) from None


def cidr(option, value):
    try:
        return ipaddress.ip_network(str(value), strict=False)
    except ValueError:
        raise CloudStackError("%s: %r is not a valid CIDR such as 10.1.0.0/16." % (option, value)) from None


def cidr4(option, value):
    """An IPv4 CIDR (10.1.0.0/16), prefix 0-32."""
    try:
        return ipaddress.IPv4Network(str(value), strict=False)
    except ValueError:
        raise CloudStackError("%s: %r is not a valid IPv4 CIDR such as 10.1.0.0/16 (prefix 0-32)." % (option, value)) from None


def cidr6(option, value):
    """An IPv6 CIDR (2001:db8::/64), prefix 0-128."""
    try:
        return ipaddress.IPv6Network(str(value), strict=False)
    except ValueError:
        raise CloudStackError("%s: %r is not a valid IPv6 CIDR such as 2001:db8::/64 (prefix 0-128)." % (
            option, value)) from None


def not_empty(option, value):
    """A name that is set must not be empty (CloudStack would store an empty name)."""
    if value is not None and not str(value).strip():
        raise CloudStackError("%s must not be empty." % option)
