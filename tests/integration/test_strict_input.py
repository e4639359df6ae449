"""Strict input (issue 13, docs/security.md "Strict input"): what the bench refuses instead of misreading — numbers
JSON cannot hold, ports that are not ports — and how the host answers a request it cannot decode. Each test failed
before its fix."""
import json
import socket
import subprocess
import urllib.request

import pytest
import yaml

from conftest import SIGN_ON, run_atmbench
from terminal_bench import TERMINAL_BIN, render_config
from test_device_faults import connect


def strict_loads(text):
    """json.loads as RFC 8259 has it: Python's own accepts Infinity and NaN, which no other reader does."""
    def refuse(word):
        raise ValueError(f"{word} is not JSON")
    return json.loads(text, parse_constant=refuse)


def get_text(url, token):
    """The body as text, unparsed: strict_loads must see what the endpoint wrote."""
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.read().decode()


def test_wire_stays_json_when_a_client_sends_a_number_beyond_a_double(devices):
    d = devices()
    app = connect(d, "Lights1")
    app.send_raw(json.dumps({"header": {"type": "command", "name": "Common.Status", "requestId": 7, "version": "2.0"},
                             "payload": {"x": 1}}).replace('{"x": 1}', '{"x": 1e400}'))
    ack = app.recv(3)
    wire = strict_loads(get_text(d.control_url + "/wire", d.token))  # before: ..."x": Infinity..., which is not JSON
    assert ack["header"]["type"] == "acknowledge" and ack["header"]["status"] == "invalidMessage", ack
    sent = [m for m in wire["messages"] if m["direction"] == "in"]
    assert sent and "1e400" in sent[-1]["text"], "kept as the text the client sent"


def test_control_body_with_a_number_beyond_a_double_is_a_400_naming_it(devices):
    d = devices()
    status, body = d.control("POST", "/devices/cash/faults", '{"name": "jam", "at": "dispense", "count": 1e400}')
    assert status == 400, body
    assert "$.count" in body["error"] and "1e400" in body["error"], body


def test_control_body_with_a_name_twice_is_a_400(devices):
    d = devices()
    status, body = d.control("POST", "/devices/cardReader/actions/insertCard", '{"card": "x", "card": "zhang-mag"}')
    assert status == 400, body  # before: the last "card" silently counted
    assert "appears twice" in body["error"], body


@pytest.mark.parametrize("listen, found", [("127.0.0.1:99999", '"99999"'), (":abc", "no address"),
                                           ("127.0.0.1:abc", '"abc"')])
def test_terminal_admin_listen_that_is_no_port_exits_2_naming_it(tmp_path, listen, found):
    config = render_config(tmp_path / "state", "127.0.0.1:9", "ws://127.0.0.1:9/xfs4iot/v1.0",
                           {"admin": {"listen": listen}})
    path = tmp_path / "terminal.yaml"
    path.write_text(yaml.safe_dump(config))
    # Before: 99999 listened on 34463 (and the terminal ran on), ':abc' died with "stoi".
    cp = subprocess.run([TERMINAL_BIN, "--config", str(path)], capture_output=True, text=True, timeout=20)
    assert cp.returncode == 2, cp.stderr
    assert "listen" in cp.stderr and found in cp.stderr and "stoi" not in cp.stderr, cp.stderr
    assert str(path) in cp.stderr, "the error names the configuration file"


@pytest.mark.parametrize("listen", ["127.0.0.1:99999", "127.0.0.1:abc"])
def test_host_listen_that_is_no_port_exits_2(listen):
    cp = run_atmbench("host", "--profile", "cup-atm", "--accounts", "fixtures/accounts", "--keys",
                      "fixtures/keys/terminals.yaml", "--listen", listen, timeout=20)
    assert cp.returncode == 2 and "port must be a number 0-65535" in cp.stderr, cp.stderr


def framed(payload):
    return len(payload).to_bytes(2, "big") + payload  # cup-atm: binary2 length header, not inclusive


TPDU, HEADER = bytes.fromhex("6000010000"), bytes.fromhex("603100000000")


def read_frame(s):
    head = s.recv(2)
    if not head:
        return None
    n = int.from_bytes(head, "big")
    body = b""
    while len(body) < n:
        chunk = s.recv(n - len(body))
        assert chunk, "frame cut short"
        body += chunk
    return body


def test_undecodable_request_with_a_readable_mti_is_answered_30(host):
    h = host()
    addr, port = h.address.rsplit(":", 1)
    with socket.create_connection((addr, int(port)), timeout=5) as s:
        s.sendall(framed(TPDU + HEADER + bytes.fromhex("0200") + b"\xff\x00"))  # MTI 0200, then half a bitmap
        reply = read_frame(s)  # before: nothing, the terminal waited for its timeout
    assert reply is not None
    assert reply[:5] == bytes.fromhex("6000000001"), "the TPDU comes back swapped"
    assert reply[11:13] == bytes.fromhex("0210")
    out = [m for m in h.messages() if m["direction"] == "out"]
    assert out and out[-1]["mti"] == "0210" and out[-1]["message"]["fields"]["39"] == "30", out
    request = [m for m in h.messages() if m["direction"] == "in"][-1]
    assert "error" in request and "answered 30" in request["note"], request


def test_undecodable_request_whose_mti_cannot_be_read_closes_the_connection(host):
    h = host()
    addr, port = h.address.rsplit(":", 1)
    with socket.create_connection((addr, int(port)), timeout=5) as s:
        s.sendall(framed(TPDU + HEADER + b"\xab\xcd" + b"\x00" * 8))  # BCD nibbles A-D are no MTI digits
        assert s.recv(16) == b"", "closed, not left waiting"  # before: never answered, never closed
    request = [m for m in h.messages() if m["direction"] == "in"][-1]
    assert "MTI unreadable" in request["note"], request
    # The host serves on: a fresh connection signs on.
    _, steps, _ = h.link([SIGN_ON])
    assert steps[0]["outcome"] == "00"
