"""Custom rules written in Python over the trace. A rule is a function of a `TraceView` that returns
`passed(...)`, `failed(...)`, `not_applicable(...)` (or None, meaning not applicable); its verdict joins the
scenario's result beside the built-in rules, with the trace events it names as evidence.

    @atmbench.rule("SITE-ONE-DISPENSE", clause="7.3.6.3", title="At most one Dispense per withdrawal")
    def one_dispense(trace):
        dispenses = trace.xfs(name="CashDispenser.Dispense", type="command")
        if not dispenses:
            return atmbench.rule.not_applicable("no dispense")
        if len(dispenses) > 1:
            return atmbench.rule.failed(f"{len(dispenses)} Dispense commands", evidence=dispenses)
        return atmbench.rule.passed("one Dispense", evidence=dispenses)

A rule defined in a conftest.py applies to every atmbench test and YAML scenario collected under that folder, one
defined in a test module to that module's tests (the pytest plugin applies them); `Bench.finish(rules=[...])` and
the marker `@pytest.mark.atmbench(custom_rules=[...])` apply rules explicitly.
"""

import inspect
import os
from collections import namedtuple

from . import _core

Outcome = namedtuple("Outcome", "outcome message evidence measurements")


def _indices(evidence):
    return [e["index"] if isinstance(e, dict) else int(e) for e in (evidence or ())]


def passed(message="", evidence=(), measurements=None):
    return Outcome("pass", message, _indices(evidence), measurements)


def failed(message, evidence=(), measurements=None):
    return Outcome("fail", message, _indices(evidence), measurements)


def not_applicable(message=""):
    return Outcome("not applicable", message, [], None)


def not_observable(message):
    return Outcome("not observable", message, [], None)


def field(event, number):
    """An ISO 8583 field of a host message event as recorded ("" when absent; PAN masked, secrets blanked)."""
    fields = ((event.get("data") or {}).get("message") or {}).get("fields") or {}
    return fields.get(str(number), "")


class TraceView(list):
    """The trace as a list of event dicts (index, t_ns, source, kind, name, data) with the questions rules ask."""

    def where(self, source=None, kind=None, name=None):
        return [e for e in self if (source is None or e["source"] == source) and (kind is None or e["kind"] == kind)
                and (name is None or e["name"] == name)]

    def host(self, mti=None, direction=None):
        """Host messages: direction 'in' (terminal → host) or 'out' (host → terminal), by MTI."""
        return self.where("host", direction, mti)

    def xfs(self, name=None, type=None):
        """XFS4IoT messages by name (CashDispenser.Dispense) and type (command, completion, event, …)."""
        return self.where("xfs", type, name)

    def journal(self, type=None):
        return self.where("journal", "record", type)

    def faults(self, name=None):
        return [e for e in self if e["source"] == "fault" and (name is None or e["name"] == name)]

    def customer(self):
        return self.where("customer")

    @staticmethod
    def field(event, number):
        return field(event, number)

    def ms_between(self, a, b):
        return (b["t_ns"] - a["t_ns"]) / 1e6


class Rule:
    """A custom rule: id, clause, title and the function that judges a trace."""

    def __init__(self, id, function, clause="", title="", folder=None):
        self.id, self.function, self.clause = id, function, clause
        self.title = title or (function.__doc__ or id).strip().splitlines()[0]
        self.folder = folder

    def judge(self, trace):
        try:
            out = self.function(trace if isinstance(trace, TraceView) else TraceView(trace))
        except Exception as e:  # a broken rule is the bench's problem, never the terminal's
            raise _core.BenchError(f"custom rule {self.id} raised {type(e).__name__}: {e}") from e
        if out is None:
            out = not_applicable()
        if not isinstance(out, Outcome):
            raise _core.BenchError(f"custom rule {self.id} returned {out!r}; expected atmbench.rule.passed/failed/"
                                   "not_applicable(...)")
        return _core.Verdict(self.id, self.clause, self.title, out.outcome, out.message, out.evidence,
                             out.measurements)

    def applies_to(self, path):
        """A rule from a conftest.py covers the tests under its folder, one from a test module that module's tests;
        one defined elsewhere (a script, the console) applies only where it is passed explicitly."""
        if self.folder is None:
            return False
        path = os.path.abspath(str(path))
        return path == self.folder or path.startswith(self.folder + os.sep)

    def __call__(self, trace):
        return self.judge(trace)

    def __repr__(self):
        return f"<atmbench.Rule {self.id}>"


REGISTRY = []


def rule(id, clause="", title=""):
    """Decorator: registers a custom rule (see the module's doc)."""
    def register(function):
        module = inspect.getmodule(function)
        source = getattr(module, "__file__", None)
        if source is None:
            folder = None
        elif os.path.basename(source) == "conftest.py":
            folder = os.path.dirname(os.path.abspath(source))
        else:
            folder = os.path.abspath(source)
        r = Rule(id, function, clause, title, folder)
        REGISTRY[:] = [x for x in REGISTRY if not (x.id == id and x.folder == folder)] + [r]
        return r
    return register


rule.passed, rule.failed, rule.not_applicable, rule.not_observable = passed, failed, not_applicable, not_observable
Rule.passed, Rule.failed, Rule.not_applicable = passed, failed, not_applicable


def rules_for(path):
    return [r for r in REGISTRY if r.applies_to(path)]


def apply_rules(result, rules):
    """Judges `result`'s trace with each custom rule and adds the verdicts (a FAIL fails a passed scenario)."""
    trace = TraceView(result.trace)
    for r in rules:
        result.add_verdict(r.judge(trace))
    return result
