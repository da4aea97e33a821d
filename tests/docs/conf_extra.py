
# ---- csops.cloudstack (appended by tests/scripts/docs.sh to the conf.py antsibull-docs sphinx-init wrote)
import os
import sys

project = 'csops.cloudstack'
copyright = 'csops.cloudstack contributors'
title = 'csops.cloudstack documentation'
html_short_title = 'csops.cloudstack'
html_title = 'csops.cloudstack documentation'
# The build is offline: the one inventory is a local stub (tests/docs/check_site.py inventory) of the
# docs.ansible.com labels the generated pages refer to; the links still point at docs.ansible.com.
intersphinx_mapping = {'ansible_devel': ('https://docs.ansible.com/projects/ansible/devel/', '../ansible_devel.inv')}
# docutils builds each list's parser once, not once per list (tests/docs/list_parser_pool.py, which docs.sh copies
# next to this file): the same pages, ~1/4 less CPU time.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
extensions.append('list_parser_pool')  # pylint: disable=undefined-variable  # defined above by sphinx-init
# The guides in docs/ are Markdown.
extensions.append('myst_parser')  # pylint: disable=undefined-variable  # defined above by sphinx-init
source_suffix = {'.rst': 'restructuredtext', '.md': 'markdown'}
myst_heading_anchors = 4
