"""Integration tests run the real `atmbench` program: a host process on an ephemeral loopback port, driven over
TCP by `atmbench link` and controlled over its HTTP control endpoint. Every wait is bounded and every process is
stopped at the end of its test."""
import contextlib
import io
import json
import os
import pathlib
import select
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
BIN = os.environ.get("ATMBENCH_BIN", str(ROOT / "build" / "harness" / "atmbench"))
KEYS = FIXTURES / "keys" / "terminals.yaml"
PAN = "6222020000000000018"
PIN = "123456"


def run_atmbench(*args, input_text=None, timeout=30):
    """Runs `atmbench ARGS`, returning the CompletedProcess (text)."""
    return subprocess.run([BIN, *map(str, args)], input=input_text, capture_output=True, text=True, timeout=timeout)


def control_request(url, token, method, path, data=None, headers=None, timeout=10):
    """An HTTP request to a control endpoint (host, devices, terminal admin port); returns (status, JSON body)."""
    sent = {"Authorization": f"Bearer {token}"} if token else {}
    if method not in ("GET", "HEAD"):
        sent["Content-Type"] = "application/json"
    for key, value in (headers or {}).items():
        sent.pop(key, None)
        if value is not None:
            sent[key] = value
    req = urllib.request.Request(url + path, data=data, method=method, headers=sent)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


class ServiceProcess:
    """A running `atmbench` serving command (`host`, `devices`): started with its arguments, ready once it prints
    one JSON line of addresses (waited for with a bounded select), driven over its HTTP control endpoint and
    stopped with POST /shutdown (killed if that does not end it)."""

    name = "atmbench"

    def _start(self, args):
        """Starts the process and returns the JSON object of its first line."""
        self.control_url = None
        self.token = None
        self.proc = subprocess.Popen([str(a) for a in args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        ready, _, _ = select.select([self.proc.stdout], [], [], 10)
        if not ready:
            self.stop()
            raise RuntimeError(f"{self.name} printed no address within 10 s")
        line = self.proc.stdout.readline()
        if not line:
            err = self.proc.stderr.read()
            self.stop()
            raise RuntimeError(f"{self.name} exited: {err}")
        info = json.loads(line)
        self.token = info.get("token")  # every control request carries it
        return info

    def control(self, method, path, body=None, headers=None):
        """One control request as a client of the bench sends it: the ready line's token, JSON on state-changing
        methods. `headers` adds to or replaces those (None as a value drops one), for the hostile requests."""
        data = None
        if body is not None:
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        return control_request(self.control_url, self.token, method, path, data, headers)

    def stop(self):
        if self.proc.poll() is None:
            try:
                if self.control_url:
                    self.control("POST", "/shutdown")
                self.proc.wait(timeout=5)
            except Exception:
                self.proc.kill()
                self.proc.wait(timeout=5)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream:
                stream.close()


class Host(ServiceProcess):
    """A running `atmbench host` process."""

    name = "atmbench host"

    def __init__(self, profile="cup-atm", rules=None, extra=()):
        args = [BIN, "host", "--profile", profile, "--accounts", FIXTURES / "accounts", "--keys", KEYS, *extra]
        self._tmp = tempfile.TemporaryDirectory(prefix="atmbench-host-")
        if rules is not None:
            path = pathlib.Path(self._tmp.name) / "rules.yaml"
            path.write_text(yaml.safe_dump(rules))
            args += ["--rules", path]
        self.profile = profile
        info = self._start(args)
        self.address = info["host"]
        self.control_url = info.get("control")

    def add_rule(self, rule):
        status, body = self.control("POST", "/rules", rule)
        assert status == 200, body
        return body["added"][0]

    def messages(self):
        return self.control("GET", "/messages")[1]["messages"]

    def ledger(self):
        return self.control("GET", "/ledger")[1]

    def link(self, steps, timeout_ms=1500, terminal="ATM00001", extra=()):
        """Runs `atmbench link` with these steps; returns (exit status, list of step results)."""
        path = pathlib.Path(self._tmp.name) / f"script-{time.monotonic_ns()}.yaml"
        path.write_text(yaml.safe_dump({"steps": steps}))
        cp = run_atmbench("link", "--connect", self.address, "--profile", self.profile, "--keys", KEYS,
                          "--terminal", terminal, "--script", path, "--timeout-ms", timeout_ms, *extra, timeout=60)
        results = [json.loads(l) for l in cp.stdout.splitlines() if l.startswith("{")]
        return cp.returncode, results, cp.stderr

    def stop(self):
        super().stop()
        self._tmp.cleanup()


@pytest.fixture
def host():
    started = []

    def start(**kwargs):
        h = Host(**kwargs)
        started.append(h)
        return h

    yield start
    for h in started:
        h.stop()


SIGN_ON = {"sign_on": "003"}


def withdrawal(amount="300.00", pan=PAN, pin=PIN):
    return {"withdrawal": {"pan": pan, "pin": pin, "amount": amount}}


def inquiry(pan=PAN, pin=PIN):
    return {"inquiry": {"pan": pan, "pin": pin}}


class Devices(ServiceProcess):
    """A running `atmbench devices` process."""

    name = "atmbench devices"

    def __init__(self, config="standard", extra=()):
        info = self._start([BIN, "devices", "--config", FIXTURES / "devices" / f"{config}.yaml", *extra])
        self.info = info
        self.publisher = info["publisher"]
        self.services = info["services"]
        self.control_url = info["control"]

    def uri(self, name):
        return next(u for u in self.services if u.rstrip("/").endswith("/" + name))

    def act(self, device, action, **args):
        status, body = self.control("POST", f"/devices/{device}/actions/{action}", args)
        assert status == 200, body
        return body["result"]

    def fault(self, device, **spec):
        status, body = self.control("POST", f"/devices/{device}/faults", spec)
        assert status == 200, body

    def truth(self):
        return self.control("GET", "/truth")[1]


@pytest.fixture
def devices():
    started = []

    def start(**kwargs):
        d = Devices(**kwargs)
        started.append(d)
        return d

    yield start
    for d in started:
        d.stop()


def quit_then_kill(proc):
    """Stops a bench process that takes control lines on stdin (`atmbench ccnet-validator`, `escpos-printer`):
    `quit`, then SIGKILL when it is still there after 5 s; closes its pipes."""
    if proc.poll() is None:
        try:
            proc.stdin.write("quit\n" if isinstance(proc.stdin, io.TextIOBase) else b"quit\n")
            proc.stdin.flush()
            proc.wait(timeout=5)
        except Exception:
            proc.kill()
            proc.wait(timeout=5)
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream:
            stream.close()


@contextlib.contextmanager
def started(factory):
    """A fixture's starter: `start(*args)` makes `factory(*args)`; every one made is stopped at the end."""
    made = []

    def start(*args):
        made.append(factory(*args))
        return made[-1]

    try:
        yield start
    finally:
        for m in made:
            m.stop()


def pytest_terminal_summary(terminalreporter):
    """What the USB/IP tests ran, said in the output and not only in a docstring (harness-usb.md §2.5: the kernel
    path is lab-only here, and no test claims it ran)."""
    ran = [r for outcome in ("passed", "failed", "error") for r in terminalreporter.stats.get(outcome, [])
           if "usbip" in getattr(r, "nodeid", "")]
    if ran:
        terminalreporter.write_line(
            f"usbip: {len(ran)} USB/IP test(s) ran at the wire level only (our own client, tests/integration/usbip_client.py); "
            "vhci-hcd was NOT used and no kernel attached a device (lab procedure: usbip/README.md)")
