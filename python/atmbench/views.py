"""The `host`, `devices` and `terminal` fixtures: one side each of a started Bench, named as a QA engineer thinks of
them. Every action still goes through the bench's scenario step methods (made from the step table), so it lands in
the trace and is judged."""


class HostView:
    """The simulated bank host (sim-host) of this test."""

    def __init__(self, bench):
        self.bench = bench

    @property
    def address(self):
        return self.bench.host_address

    def ledger(self):
        return self.bench.ledger()

    def rule(self, **rule):
        """A response rule (fixtures/host-rules/README.md): {when: {mti: "0200"}, code: "51"}, delay, no_reply, …"""
        return self.bench.host_rule(**rule)

    def clear_rules(self):
        return self.bench.clear_host_rules()

    def stop(self):
        return self.bench.stop_host()

    def restart(self):
        return self.bench.restart_host()

    def messages(self, mti=None, direction=None):
        """Host messages so far; direction 'in' (terminal → host) or 'out'."""
        return _events(self.bench, "host", mti, direction)


class DevicesView:
    """The simulated XFS4IoT devices of this test."""

    def __init__(self, bench):
        self.bench = bench

    @property
    def publisher_uri(self):
        return self.bench.publisher_uri

    def truth(self):
        """What the devices really hold (notes per unit, card position, …), beside what they report."""
        return self.bench.physical_truth()

    def fault(self, device, name, **spec):
        return self.bench.fault(device, name, **spec)

    def act(self, device, action, **args):
        return self.bench.act(device=device, action=action, args=args)

    def messages(self, name=None, type=None):
        """XFS4IoT messages so far, by name (CashDispenser.Dispense) and type (command, completion, event, …)."""
        return _events(self.bench, "xfs", name, type)


class TerminalView:
    """The terminal under test, started from the profile and in service."""

    def __init__(self, bench):
        self.bench = bench

    @property
    def profile(self):
        return self.bench.profile

    def press(self, *keys):
        return self.bench.press(keys=list(keys))

    def admin(self, command, expect=None):
        """A monitoring command to the admin port; with `expect` ("accepted" or "refused") a BenchError when the
        terminal answered otherwise (the admin step itself only records the answer; OPS-NO-ADMIN-IN-TXN judges it)."""
        self.bench.admin(command=command)
        if expect is not None:
            answers = [e for e in self.bench.trace() if e["source"] == "admin" and e["name"] == command]
            got = answers[-1]["kind"] if answers else "no answer"
            if got != expect:
                from . import _core
                raise _core.BenchError(f"admin {command}: the terminal's answer was {got}, expected {expect}")
        return self.bench

    def restart(self):
        return self.bench.restart_terminal()

    def wait_screen(self, meaning, timeout=8.0):
        return self.bench.wait(screen=meaning, timeout_ms=int(timeout * 1000))

    def journal(self, type=None):
        return [e for e in self.bench.trace() if e["source"] == "journal" and e["kind"] == "record"
                and (type is None or e["name"] == type)]

    def output(self):
        return [e for e in self.bench.trace() if e["source"] == "terminal"]


def _events(bench, source, name, kind):
    """The trace's events from `source`, filtered by name and kind when given."""
    return [e for e in bench.trace() if e["source"] == source and (name is None or e["name"] == name)
            and (kind is None or e["kind"] == kind)]
