# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Input checks that run before any write reaches the API. No Ansible import."""

from __future__ import annotations

import ipaddress

from .api import CloudStackError


def ipv4(option, value):
    """Parse an IPv4 address or fail naming the option."""
    try:
        return ipaddress.IPv4Address(str(value))
    except ValueError:
        raise CloudStackError("%s: %r is not a valid IPv4 address." % (option, value)) from None


def netmask(option, value):
    """Parse a dotted netmask (255.255.255.0) and return its prefix length."""
    try:
        return ipaddress.IPv4Network("0.0.0.0/%s" % value).prefixlen
    except ValueError:
        raise CloudStackError("%s: %r is not a valid IPv4 netmask such as 255.255.255.0." % (option, value)) from None


def ip_range(gateway, mask, start, end, label="", gateway_option="gateway", mask_option="netmask",
             start_option="start_ip", end_option="end_ip"):
    """Check a gateway/netmask/start/end range: valid, ordered, all in one network.

    Any of the four may be None (then its checks are skipped).
    """
    where = " (%s)" % label if label else ""
    start_ip = ipv4(start_option, start) if start is not None else None
    end_ip = ipv4(end_option, end) if end is not None else None
    gw = ipv4(gateway_option, gateway) if gateway is not None else None
    prefix = netmask(mask_option, mask) if mask is not None else None
    if start_ip is not None and end_ip is not None and start_ip > end_ip:
        raise CloudStackError("%s %s is after %s %s%s." % (start_option, start_ip, end_option, end_ip, where))
    if gw is not None and prefix is not None:
        network = ipaddress.IPv4Network("%s/%d" % (gw, prefix), strict=False)
        for option, addr in ((start_option, start_ip), (end_option, end_ip)):
            if addr is not None and addr not in network:
                raise CloudStackError("%s %s is outside the network %s of %s %s%s." % (
                    option, addr, network, gateway_option, gw, where))


def cidr(option, value):
    try:
        return ipaddress.ip_network(str(value), strict=False)
    except ValueError:
        raise CloudStackError("%s: %r is not a valid CIDR such as 10.1.0.0/16." % (option, value)) from None
