"""`Bench`: one scenario driven from Python against a real terminal process, with the simulated host and devices
in-process (the C++ core's Session). Every customer action is a scenario step, so a Python test and a YAML scenario
are judged by the same machinery and give the same verdicts.

    bench = Bench(devices="recycler", faults=[{"device": "cash", "name": "jam", "at": "dispense"}])
    bench.start()
    bench.withdraw(amount=300)
    bench.wait_for(source="host", kind="in", name="0400", timeout=10)
    result = bench.finish()
"""

import os
import time

import yaml

from . import _core
from .custom_rules import apply_rules
from .step_methods import add_step_methods


def find_profile(name_or_path):
    """A profile file path, or the name of one in the fixtures' terminals/ ("reference"); the fixtures are found
    like the `atmbench` program finds them ($ATMBENCH_FIXTURES, a checkout, PREFIX/share/atmbench)."""
    if os.path.exists(name_or_path):
        return _core.Profile.load(os.path.abspath(name_or_path))
    return _core.Profile.find(name_or_path)


def default_profile():
    return find_profile(os.environ.get("ATMBENCH_TERMINAL", "reference"))


def scenario_from(title="python session", *, name="session", folder=None, rules=(), tags=(), devices="standard",
                  faults=(), host_rules=(), retain_cash_codes=None, terminal_config=None, expect_in_service=True,
                  expect=(), timeout_ms=600000, steps=()):
    """A Scenario built through the YAML loader, so a Python-built scenario is checked exactly like a file."""
    doc = {"title": title, "rules": list(rules), "tags": list(tags), "devices": devices,
           "faults": [dict(f) for f in faults], "steps": list(steps), "expect": list(expect),
           "timeout_ms": int(timeout_ms)}
    host = {}
    if host_rules:
        host["rules"] = [dict(r) for r in host_rules]
    if retain_cash_codes:
        host["retain_cash_codes"] = list(retain_cash_codes)
    if host:
        doc["host"] = host
    terminal = {"expect_in_service": bool(expect_in_service)}
    if terminal_config:
        terminal["config"] = dict(terminal_config)
    doc["terminal"] = terminal
    text = yaml.safe_dump(doc, sort_keys=False)
    where = os.path.join(folder or os.getcwd(), _safe(name) + ".yaml")
    (scenario,) = _core.load_scenario_text(text, where)
    return scenario


def _safe(name):
    return "".join(c if c.isalnum() or c in "-_.[]=," else "_" for c in name)[:120] or "session"


class Bench:
    """A scenario session: configure (devices, faults armed before start, host rules, terminal overrides), start,
    act as the customer, wait for trace events, finish → Result with every rule's verdict."""

    def __init__(self, profile=None, *, name="session", title=None, rules=(), devices="standard", faults=(),
                 host_rules=(), retain_cash_codes=None, terminal_config=None, expect_in_service=True, expect=(),
                 defects=(), seed=1, trace_dir=None, work_root=None, keep_work=False, folder=None, timeout_ms=600000,
                 custom_rules=()):
        self.profile = profile if isinstance(profile, _core.Profile) else (
            find_profile(profile) if profile else default_profile())
        self.scenario = scenario_from(title or name, name=name, folder=folder, rules=rules, devices=devices,
                                      faults=faults, host_rules=host_rules, retain_cash_codes=retain_cash_codes,
                                      terminal_config=terminal_config, expect_in_service=expect_in_service,
                                      expect=expect, timeout_ms=timeout_ms)
        self.session = _core.Session(self.scenario, self.profile, defects=list(defects), seed=seed,
                                     trace_dir=trace_dir, work_root=work_root, keep_work=keep_work)
        self.custom_rules = list(custom_rules)  # atmbench.rule functions judged at finish()
        self.result = None

    # -- life cycle -------------------------------------------------------------------------------------------
    def start(self, terminal=True):
        """Host, devices and armed faults up, then the terminal until in service; BenchError otherwise. With
        terminal=False only host and devices run: point a terminal started elsewhere at host_address and
        publisher_uri (config_file is the profile's configuration rendered for them)."""
        self.session.start(terminal)
        return self

    @property
    def started(self):
        return self.session.started

    def finish(self, rules=None):
        """Stops everything and judges the trace with the built-in rules and the custom ones (`rules`, default the
        bench's custom_rules). A custom rule is not judged on a result that is an ERROR."""
        if self.result is None:
            self.result = self.session.finish()
            rules = self.custom_rules if rules is None else list(rules)
            if rules and self.result.status != "error":
                apply_rules(self.result, rules)
        return self.result

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if self.result is None:
            if exc_type is not None and issubclass(exc_type, _core.BenchError):
                self.stop_on(str(exc))
            self.finish()
        return False

    def stop_on(self, why):
        """Records that the test could not go on (a BenchError it did not handle): finish() then gives ERROR unless
        the terminal broke a rule, as `atmbench run` does for a scenario step that could not be carried out.
        Waits that time out do not do this themselves, so a test may wait for something it expects not to see."""
        if self.started and self.result is None:
            self.session.stop_on(why)

    # -- the customer and the world: every action is a scenario step ---------------------------------------------
    # One method per step (insert_card, withdraw, take_cash, wait, …) is added from the step table below
    # (step_methods.py), with the step's arguments, type hints and documentation.
    def step(self, kind, value=None, **args):
        """One scenario step by name (atmbench.step_kinds()); `value` is the one-value form ("sleep_ms: 200")."""
        if value is not None:
            args["value"] = value
        self.session.step(kind, args)
        return self

    def fault(self, device, name, **spec):
        """Arms a device fault now (mid-scenario); pass faults=[…] to Bench to arm them before the terminal starts."""
        return self.step("fault", device=device, name=name, **spec)

    def host_rule(self, **rule):
        """Adds a host response rule now (fixtures/host-rules/README.md), e.g. when={"mti": "0200"}, code="51"."""
        return self.step("host_rule", **rule)

    # -- observing ------------------------------------------------------------------------------------------------
    def trace(self):
        """Every event so far, ordered by time: dicts with index, t_ns, source, kind, name, data."""
        return self.session.trace()

    def wait_for(self, source="", kind="", name="", data=None, timeout=5.0, since_ns=0):
        """The first event matching source/kind/name whose data contains `data`; BenchError after `timeout` s."""
        event = self.session.wait_event(source, kind, name, data, since_ns, timeout)
        if event is None:
            what = " ".join(x for x in (source, kind, name) if x) or "an event"
            raise _core.BenchError(f"{what}{' with ' + repr(data) if data else ''} did not appear within {timeout} s")
        return event

    def wait_until(self, predicate, timeout=5.0, what="the condition"):
        """predicate(trace), now and again each time the trace grows (no polling), until it returns something
        truthy (returned); BenchError after `timeout` s."""
        deadline = time.monotonic() + timeout
        while True:
            seen = self.session.trace_length
            found = predicate(self.trace())
            if found:
                return found
            left = deadline - time.monotonic()
            if left <= 0:
                raise _core.BenchError(f"{what} did not happen within {timeout} s")
            self.session.wait_trace_growth(seen, left)

    def physical_truth(self):
        return self.session.physical_truth()

    def ledger(self):
        return self.session.ledger()

    @property
    def host_address(self):
        return self.session.host_address

    @property
    def publisher_uri(self):
        return self.session.publisher_uri

    @property
    def config_file(self):
        return self.session.config_file


add_step_methods(Bench)
