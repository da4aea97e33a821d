# -*- coding: utf-8 -*-
"""Sphinx extension of the docs build (tests/scripts/docs.sh, standard library and docutils only): docutils parses
every list with a parser it builds once instead of once per list.

docutils' RSTState.nested_list_parse constructs a new NestedStateMachine for every list it reads (bullet, enumerated,
field, option and definition lists, line blocks, directive options) and drops it afterwards. Constructing one
instantiates the ~15 reStructuredText states, and each state builds its table of transitions. antsibull-docs' option
tables are list-tables whose every row is a bullet list, and the cells hold more lists: ~24,500 lists in our pages,
and building their parsers took ~29 % of sphinx-build's CPU time.

docutils itself reuses the machines of nested_parse (RSTState.nested_sm_cache); this does the same for
nested_list_parse. A machine comes from a pool keyed by everything it is built from (machine class, state classes,
initial state, debug), goes through the same steps as docutils' own code (blank_finish and extra_settings set on its
states, then run), and goes back into the pool when its run ended without an exception. Every value a run reads is set
again by each run: StateMachine.run resets the input, the offsets and the current state, each state's runtime_init
its document, reporter and inliner; nested_list_parse sets the parent machine, blank_finish and the extra settings; the
machine stays in its initial state (or the blank_finish state) while it parses one list, and no state of the pooled
kinds changes its own transitions. So the document tree and every message (with its line) are the ones docutils
would produce. Calls with anything else (match_titles, a machine class or keyword arguments of the caller's, a state
whose nested_sm_kwargs hold more than the state classes) go to docutils' own method. The pool is emptied after each
document is read, so it keeps no doctree alive.
"""

from __future__ import annotations

from docutils.parsers.rst import states

_DOCUTILS_NESTED_LIST_PARSE = states.RSTState.nested_list_parse
_POOL = {}


def nested_list_parse(self, block, input_offset, node, initial_state, blank_finish, blank_finish_state=None,
                      extra_settings=None, match_titles=False, state_machine_class=None, state_machine_kwargs=None):
    """RSTState.nested_list_parse with the state machine taken from (and given back to) the pool."""
    defaults = self.nested_sm_kwargs
    if (match_titles or state_machine_class is not None or state_machine_kwargs is not None
            or not isinstance(defaults, dict) or set(defaults) - {'state_classes', 'initial_state'}):
        return _DOCUTILS_NESTED_LIST_PARSE(self, block, input_offset, node, initial_state, blank_finish,
                                           blank_finish_state=blank_finish_state, extra_settings=extra_settings or {},
                                           match_titles=match_titles, state_machine_class=state_machine_class,
                                           state_machine_kwargs=state_machine_kwargs)
    state_classes = tuple(defaults['state_classes'])
    key = (self.nested_sm, state_classes, initial_state, self.debug)
    pool = _POOL.setdefault(key, [])
    if pool:
        machine = pool.pop()
        machine.parent_state_machine = self.state_machine
    else:
        machine = self.nested_sm(debug=self.debug, parent_state_machine=self.state_machine,
                                 state_classes=state_classes, initial_state=initial_state)
    if blank_finish_state is None:
        blank_finish_state = initial_state
    machine.states[blank_finish_state].blank_finish = blank_finish
    for name, value in (extra_settings or {}).items():
        setattr(machine.states[initial_state], name, value)
    machine.run(block, input_offset, memo=self.memo, node=node, match_titles=match_titles)
    blank_finish = machine.states[blank_finish_state].blank_finish
    new_offset = machine.abs_line_offset()
    pool.append(machine)
    return new_offset, blank_finish


def empty_pool(*dummy):
    """Drop the pooled machines (they refer to the document they read last)."""
    _POOL.clear()


def install():
    """Replace docutils' method (also used without Sphinx, by tests/docs/check_site.py's comparison)."""
    states.RSTState.nested_list_parse = nested_list_parse


def uninstall():
    states.RSTState.nested_list_parse = _DOCUTILS_NESTED_LIST_PARSE
    empty_pool()


def setup(app):
    install()
    app.connect('doctree-read', empty_pool)
    return {'parallel_read_safe': True, 'parallel_write_safe': True}
