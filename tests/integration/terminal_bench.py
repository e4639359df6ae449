"""The reference terminal under test, with a real host and real devices around it: the setup the harness builds for
each scenario, done here by hand so the terminal's behaviour can be tested before and apart from the harness.
Every wait is bounded; every process is stopped by `close()`."""
import json
import pathlib
import queue
import socket
import subprocess
import tempfile
import threading
import time

import yaml

from conftest import BIN, FIXTURES, Devices, Host, control_request

TERMINAL_BIN = str(pathlib.Path(BIN).parent.parent / "reference-terminal" / "atmbench-terminal")
TEMPLATE = FIXTURES / "terminals" / "reference-config.yaml"


def render_config(state_dir, host, publisher, overrides=None):
    text = TEMPLATE.read_text()
    for key, value in {"state_dir": state_dir, "host": host, "publisher": publisher, "fixtures": FIXTURES,
                       "admin": "127.0.0.1:0"}.items():
        text = text.replace("{" + key + "}", str(value))
    config = yaml.safe_load(text)
    for key, value in (overrides or {}).items():
        if isinstance(value, dict) and isinstance(config.get(key), dict):
            config[key].update(value)
        else:
            config[key] = value
    return config


class Terminal:
    """A running atmbench-terminal process; its stdout lines are collected by a reader thread."""

    def __init__(self, config_path, defects=()):
        args = [TERMINAL_BIN, "--config", str(config_path)]
        for d in defects:
            args += ["--defect", d]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines = queue.Queue()
        self.modes = []
        self.admin = None
        self.token = None
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            try:
                self.lines.put(json.loads(line))
            except ValueError:
                self.lines.put({"text": line})

    def wait_mode(self, mode, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                m = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            self.modes.append(m)
            self.admin = m.get("admin", self.admin)
            self.token = m.get("token", self.token)
            if m.get("mode") == mode:
                return m
        raise AssertionError(f"terminal never reached mode {mode} within {timeout} s; saw {self.modes}; "
                             f"exit={self.proc.poll()} stderr={self._stderr()}")

    def _stderr(self):
        if self.proc.poll() is None:
            return ""
        return self.proc.stderr.read()

    def command(self, method, path, headers=None):
        """An admin request with the token of the mode lines; `headers` adds or replaces (None drops) headers."""
        return control_request(f"http://{self.admin}", self.token, method, path,
                               b"" if method == "POST" else None, headers, timeout=5)

    def stop(self):
        if self.proc.poll() is None:
            try:
                if self.admin:
                    self.command("POST", "/shutdown")
                self.proc.wait(timeout=5)
            except Exception:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=3)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(timeout=3)
        for s in (self.proc.stdout, self.proc.stderr):
            s.close()


class TerminalBench:
    """Host + devices + reference terminal for one test."""

    def __init__(self, devices="standard", rules=None, defects=(), overrides=None, faults=(), wait_ready=True,
                 state_dir=None, host=None):
        self._tmp = tempfile.TemporaryDirectory(prefix="atmbench-terminal-")
        self.dir = pathlib.Path(self._tmp.name)
        self.state = pathlib.Path(state_dir) if state_dir else self.dir / "state"
        self.host = None
        self._own_host = host is None
        self.devices = None
        self.overrides = overrides
        self.defects = defects
        self.sessions = 0  # cards inserted by this bench: each ends with one session-end record
        self.terminal = None
        try:  # whatever fails on the way, nothing started is left running
            self.host = host or Host(rules=rules)
            self.devices = Devices(config=devices)
            for device, spec in faults:
                self.devices.fault(device, **spec)
            if wait_ready:
                self.start_terminal()
                self.terminal.wait_mode("in_service")
        except BaseException:
            self.close()
            raise

    def start_terminal(self, defects=None):
        config = render_config(self.state, self.host.address, self.devices.publisher, self.overrides)
        path = self.dir / "terminal.yaml"
        path.write_text(yaml.safe_dump(config))
        self.terminal = Terminal(path, self.defects if defects is None else defects)
        return self.terminal

    # --- the customer -------------------------------------------------------------------------------------------
    def act(self, device, action, **args):
        return self.devices.act(device, action, **args)

    def wait_screen(self, screen_id, timeout=8.0, current=False):
        """Waits until the text terminal has shown [screen_id] (with current=True: shows it now); returns the text."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screens()
            for h in shown[-1:] if current else shown:
                if h.startswith(f"[{screen_id}]"):
                    return h
            time.sleep(0.05)
        raise AssertionError(f"screen {screen_id} never shown; screens: {[s.splitlines()[0] for s in self.screens()]}")

    def screens(self):
        hist = self.devices.truth()["textTerminal"]["history"]
        return [h["text"] for h in hist if h["what"] == "write"]

    def screen_ids(self):
        return [s.splitlines()[0].strip("[]") for s in self.screens()]

    def insert_card(self, card="zhang-mag"):
        self.wait_screen("IDLE", current=True)
        self.sessions += 1
        self.act("cardReader", "insertCard", card=card)

    def start_session(self, card="zhang-mag", pin="123456"):
        self.insert_card(card)
        self.wait_screen("PIN", current=True)
        # The screen comes before the PIN entry opens: type again until the PIN pad takes the keys.
        deadline = time.monotonic() + 5
        while self.act("pinPad", "enterPin", pin=pin)["accepted"] == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        self.wait_screen("MENU", current=True)

    def press(self, *keys):
        """Presses keys, again until the PIN pad takes them (an entry may not be open yet)."""
        deadline = time.monotonic() + 5
        while True:
            r = self.act("pinPad", "pressKeys", keys=list(keys))
            if r["accepted"] > 0 or time.monotonic() > deadline:
                return r
            time.sleep(0.02)

    def choose(self, key, screen):
        """Presses `key` once the screen asking for it is shown."""
        self.wait_screen(screen)
        time.sleep(0.05)
        return self.press(key)

    def withdraw(self, fast_key="F2", card="zhang-mag", pin="123456"):
        self.start_session(card, pin)
        self.press("F2")
        self.choose(fast_key, "AMOUNT")

    def deposit(self, notes, card="zhang-mag", pin="123456"):
        self.start_session(card, pin)
        self.press("F3")
        self.wait_screen("INSERT-NOTES")
        time.sleep(0.1)
        self.act("cash", "insertNotes", notes=notes)

    def take_card(self, timeout=8.0):
        self.wait_screen("TAKE-CARD", timeout, current=True)
        time.sleep(0.05)
        self.act("cardReader", "takeCard")

    # --- what happened --------------------------------------------------------------------------------------------
    def journal(self):
        path = self.state / "journal.jsonl"
        if not path.exists():
            return []
        return [json.loads(l) for l in path.read_text().splitlines() if l.strip()]

    def wait_journal(self, type_, timeout=8.0, **match):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for r in self.journal():
                if r["type"] == type_ and all(r.get(k) == v for k, v in match.items()):
                    return r
            time.sleep(0.05)
        raise AssertionError(f"no journal record {type_} {match}; journal: {[r['type'] for r in self.journal()]}")

    def wait_session_end(self, timeout=10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if sum(1 for r in self.journal() if r["type"] == "session-end") >= self.sessions:
                return
            time.sleep(0.05)
        raise AssertionError(f"session did not end; journal: {[r['type'] for r in self.journal()]}")

    # --- the host goes away and comes back -----------------------------------------------------------------------
    def restart_host_and_wait_sign_on(self, *extra, timeout=8.0):
        """Stops the host, starts another on the same address (`extra`: more `atmbench host` options, e.g. another
        --seed for other working keys) and waits until the terminal has signed on to it."""
        signed_on = sum(1 for r in self.journal() if r["type"] == "sign-on")
        address = self.host.address
        self.host.stop()
        # The port is held between the two hosts (as host::HeldPort does): bound with SO_REUSEADDR, not listening,
        # so the terminal's connects are refused as with nothing there and no outgoing connection can take it.
        ip, port = address.rsplit(":", 1)
        with socket.socket() as hold:
            hold.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            hold.bind((ip, int(port)))
            self.host = Host(extra=("--listen", address, *extra))
        deadline = time.monotonic() + timeout
        while sum(1 for r in self.journal() if r["type"] == "sign-on") <= signed_on:
            assert time.monotonic() < deadline, "the terminal did not sign on to the restarted host"
            time.sleep(0.05)

    def pin_key_is_the_hosts(self):
        """Whether the PIN pad holds the PIN key the host issued at the last sign-on (check values, 8.5 b/c)."""
        host_kcv = self.host.control("GET", "/health")[1]["terminals"]["ATM00001"]["pik_kcv"]
        device_kcv = self.devices.truth()["pinPad"]["keys"]["PIK"]["kcv"]
        n = min(len(host_kcv), len(device_kcv))
        return host_kcv[:n] == device_kcv[:n]

    def host_messages(self, mti_prefix=None):
        msgs = [m for m in self.host.messages() if m.get("direction", "in") == "in" or "mti" in m]
        return msgs if mti_prefix is None else [m for m in msgs if str(m.get("mti", "")).startswith(mti_prefix)]

    def receipts(self):
        return self.devices.truth()["printer"]["receipts"]

    def close(self):
        if self.terminal:
            self.terminal.stop()
        if self.devices:
            self.devices.stop()
        if self._own_host and self.host:
            self.host.stop()
        self._tmp.cleanup()
