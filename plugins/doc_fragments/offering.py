# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """Options the offering modules share.

    DOCUMENTATION: domain and zone restriction and force (service, disk, network and VPC offerings).
    RATES: the twelve IOPS and bytes limits of the volumes (service and disk offerings).
    """

    DOCUMENTATION = r"""
options:
  domains:
    description:
      - Domains (id, path such as C(ROOT/customers), or name) the offering is restricted to; V([]) makes it public.
      - Not set, the restriction is not managed. Compared by id or name, without extra API calls.
    type: list
    elements: str
  zones:
    description:
      - Zones (name or id) the offering is restricted to; V([]) makes it available in every zone.
      - Not set, the restriction is not managed. Compared by id or name, without extra API calls.
    type: list
    elements: str
  force:
    description:
      - Delete and re-create the offering when an option CloudStack cannot update differs (the new offering gets a
        new id). Without it such a difference is a warning that names each field.
    type: bool
    default: false
"""

    RATES = r"""
options:
  disk_bytes_read_rate:
    description: Volume read limit in bytes per second (a positive number; CloudStack keeps only positive limits).
    type: int
  disk_bytes_read_rate_max:
    description: Volume burst read limit in bytes per second.
    type: int
  disk_bytes_read_rate_max_length:
    description: Length in seconds of a read burst (bytes).
    type: int
  disk_bytes_write_rate:
    description: Volume write limit in bytes per second (a positive number; CloudStack keeps only positive limits).
    type: int
  disk_bytes_write_rate_max:
    description: Volume burst write limit in bytes per second.
    type: int
  disk_bytes_write_rate_max_length:
    description: Length in seconds of a write burst (bytes).
    type: int
  disk_iops_read_rate:
    description: Volume read limit in IO requests per second (a positive number; CloudStack keeps only positive limits).
    type: int
  disk_iops_read_rate_max:
    description: Volume burst read limit in IO requests per second.
    type: int
  disk_iops_read_rate_max_length:
    description: Length in seconds of a read burst (IO requests).
    type: int
  disk_iops_write_rate:
    description: Volume write limit in IO requests per second (a positive number; CloudStack keeps only positive limits).
    type: int
  disk_iops_write_rate_max:
    description: Volume burst write limit in IO requests per second.
    type: int
  disk_iops_write_rate_max_length:
    description: Length in seconds of a write burst (IO requests).
    type: int
"""
