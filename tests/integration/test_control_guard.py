"""Nobody drives the bench who should not (issue 13, docs/security.md): every hostile request of the issue against
the real processes — the host's and the devices' control endpoints, the reference terminal's admin port, the
XFS4IoT WebSocket upgrade — is refused with its own status and changes nothing; a listener beyond loopback needs
--expose; IPv6 addresses print in brackets."""
import json
import socket
import subprocess

import pytest
import websocket

from conftest import BIN, FIXTURES, KEYS, Devices, Host, run_atmbench
from terminal_bench import TerminalBench
from xfs_client import XfsClient

EVIL = {"Host": "evil.example", "Origin": "http://evil.example"}

# What a page on evil.example can send without a preflight: a "simple" POST, text/plain, no token.
def drive_by(process, method, path, body=b"{}"):
    headers = dict(EVIL, **{"Content-Type": "text/plain", "Authorization": None})
    return process.control(method, path, body.decode() if body else None, headers=headers)


def alive(process):
    status, body = process.control("GET", "/health")
    return process.proc.poll() is None and status == 200


# ---------------------------------------------------------------- the host's control endpoint

def test_a_drive_by_post_cannot_shut_the_host_down_or_refuse_connections(host):
    h = host()
    assert drive_by(h, "POST", "/shutdown")[0] == 403
    status, body = drive_by(h, "POST", "/rules", json.dumps({"rules": [{"respond": {"action": "refuse_connections"}}]}).encode())
    assert status == 403, body
    assert alive(h), "the host still serves"
    assert h.control("GET", "/rules")[1]["rules"] == [], "no rule was added"


@pytest.mark.parametrize("path", ["/ledger", "/messages", "/health"])
def test_a_foreign_host_reads_nothing(host, path):
    """DNS rebinding: a page on a name that resolves to 127.0.0.1 sends its own name as Host."""
    h = host()
    status, body = h.control("GET", path, headers={"Host": f"evil.example:{h.control_url.rsplit(':', 1)[1]}"})
    assert status == 403 and "foreign Host" in body["error"], body
    assert set(body) == {"error"}, "nothing of the ledger or messages in the refusal"


def test_a_foreign_origin_is_refused_even_with_the_token(host):
    h = host()
    for origin in ("http://evil.example", "null"):
        status, body = h.control("POST", "/shutdown", headers={"Origin": origin})
        assert status == 403 and "foreign Origin" in body["error"], body
    assert alive(h)
    assert h.control("GET", "/health", headers={"Origin": "http://localhost:5173"})[0] == 200, "a loopback page may"


def test_text_plain_on_a_state_changing_request_is_415(host):
    h = host()
    status, body = h.control("POST", "/rules", "when: {mti: '0200'}\nrespond: {code: '05'}\n",
                             headers={"Content-Type": "text/plain"})
    assert status == 415 and "application/json" in body["error"], body
    assert h.control("GET", "/rules")[1]["rules"] == []
    assert h.control("POST", "/shutdown", headers={"Content-Type": "text/plain"})[0] == 415
    assert alive(h)


def test_a_missing_or_wrong_token_is_401(host):
    h = host()
    assert h.token and len(h.token) == 32, "the ready line carries the run's token"
    assert h.control("GET", "/ledger", headers={"Authorization": None})[0] == 401
    assert h.control("GET", "/ledger", headers={"Authorization": "Bearer " + "0" * 32})[0] == 401
    assert h.control("POST", "/shutdown", headers={"Authorization": None})[0] == 401
    assert alive(h)
    status, _ = h.control("GET", "/ledger", headers={"Authorization": None, "X-Atmbench-Token": h.token})
    assert status == 200, "the token also goes as X-Atmbench-Token"
    other = Host()
    try:
        assert other.token != h.token, "every run draws its own token"
    finally:
        other.stop()


# ---------------------------------------------------------------- the devices' control endpoint

def test_a_drive_by_post_cannot_arm_a_jam_or_act_as_the_customer(devices):
    d = devices()
    assert drive_by(d, "POST", "/devices/cash/faults", json.dumps({"name": "jam", "at": "dispense"}).encode())[0] == 403
    assert d.control("POST", "/devices/cash/faults", {"name": "jam", "at": "dispense"},
                     headers={"Content-Type": "text/plain"})[0] == 415
    assert d.control("POST", "/devices/cash/faults", {"name": "jam", "at": "dispense"},
                     headers={"Authorization": None})[0] == 401
    assert d.control("POST", "/devices/cardReader/actions/insertCard", {"card": "zhang-mag"},
                     headers={"Origin": "http://evil.example"})[0] == 403
    assert drive_by(d, "POST", "/shutdown")[0] == 403
    assert alive(d)
    app = XfsClient(d.uri("CashModule1"))
    try:
        r = app.command("CashDispenser.Dispense", {"denomination": {"counts": {"unit1": 1}}})
        assert r.code == "success", "no jam was armed"
    finally:
        app.close()
    assert d.truth()["cardReader"]["cards"] == {}, "no card was inserted"


def test_a_foreign_host_cannot_read_the_wire(devices):
    d = devices()
    status, body = d.control("GET", "/wire", headers={"Host": "evil.example"})
    assert status == 403 and set(body) == {"error"}, body


# ---------------------------------------------------------------- the reference terminal's admin port

def test_a_drive_by_post_cannot_shut_the_terminal_down():
    bench = TerminalBench()
    try:
        t = bench.terminal
        assert t.token and len(t.token) == 32, "the mode line carries the admin port's token"
        for headers, expected in ((dict(EVIL, **{"Authorization": None, "Content-Type": "text/plain"}), 403),
                                  ({"Origin": "http://evil.example"}, 403),
                                  ({"Content-Type": "text/plain"}, 415),
                                  ({"Authorization": None}, 401),
                                  ({"Authorization": "Bearer " + "f" * 32}, 401)):
            assert t.command("POST", "/shutdown", headers=headers)[0] == expected, headers
        assert t.proc.poll() is None, "the terminal is still running"
        status, body = t.command("GET", "/status")
        assert status == 200 and body["mode"] == "in_service", body
        assert "token" not in body, "the status page does not repeat the token"
    finally:
        bench.close()


# ---------------------------------------------------------------- the XFS4IoT WebSocket upgrade

@pytest.mark.parametrize("origin", ["http://evil.example", "null", "https://127.0.0.1.evil.example"])
def test_a_foreign_origin_cannot_open_a_websocket(devices, origin):
    d = devices()
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        websocket.create_connection(d.uri("PinPad1"), timeout=5, origin=origin)
    assert refused.value.status_code == 403


@pytest.mark.parametrize("options", [{"suppress_origin": True}, {"origin": "http://localhost:8080"}])
def test_clients_without_or_with_a_loopback_origin_still_connect(devices, options):
    d = devices()
    ws = websocket.create_connection(d.uri("Lights1"), timeout=5, **options)
    try:
        ws.send(json.dumps({"header": {"type": "command", "name": "Common.Status", "requestId": 1, "version": "2.0"},
                            "payload": None}))
        for _ in range(10):
            m = json.loads(ws.recv())
            if m["header"]["type"] == "completion":
                assert m["header"]["completionCode"] == "success"
                return
        raise AssertionError("no completion")
    finally:
        ws.close()


# ---------------------------------------------------------------- listening beyond loopback

HOST_ARGS = ["host", "--profile", "cup-atm", "--accounts", FIXTURES / "accounts", "--keys", KEYS]
DEVICE_ARGS = ["devices", "--config", FIXTURES / "devices" / "standard.yaml"]


@pytest.mark.parametrize("args", [HOST_ARGS, DEVICE_ARGS], ids=["host", "devices"])
@pytest.mark.parametrize("listen", ["0.0.0.0:0", "[::]:0"])
def test_listening_beyond_loopback_needs_expose(args, listen):
    cp = run_atmbench(*args, "--listen", listen, timeout=20)
    assert cp.returncode == 2, cp
    assert "--expose" in cp.stderr and listen in cp.stderr, cp.stderr
    assert cp.stdout == "", "nothing listened"


def start_and_stop(args):
    """Starts a serving command, returns (its ready line, its stderr) after stopping it (bounded)."""
    proc = subprocess.Popen([BIN, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = json.loads(proc.stdout.readline() or "{}")
        proc.terminate()
        _, err = proc.communicate(timeout=10)
        return line, err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=5)


@pytest.mark.parametrize("args,key", [(HOST_ARGS, "host"), (DEVICE_ARGS, "publisher")], ids=["host", "devices"])
def test_expose_listens_beyond_loopback_with_a_warning(args, key):
    line, err = start_and_stop([*args, "--listen", "0.0.0.0:0", "--expose"])
    assert "0.0.0.0:" in line.get(key, ""), (line, err)
    assert "warning" in err and "without authentication" in err, err
    assert line["control"].startswith("http://127.0.0.1:"), "the control endpoint stays on loopback"


def ipv6_loopback():
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


@pytest.mark.skipif(not ipv6_loopback(), reason="no IPv6 loopback on this machine")
def test_ipv6_addresses_print_in_brackets():
    line, err = start_and_stop([*HOST_ARGS, "--listen", "[::1]:0", "--control", "[::1]:0"])
    assert line["host"].startswith("[::1]:"), (line, err)
    assert line["control"].startswith("http://[::1]:"), line
    line, err = start_and_stop([*DEVICE_ARGS, "--listen", "[::1]:0"])
    assert line["publisher"].startswith("ws://[::1]:"), (line, err)
    assert "warning" not in err, "loopback IPv6 is not exposed"
