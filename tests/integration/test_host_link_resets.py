"""Link rules that reset connections (7.3.6.7 c 2), against a real `atmbench host` process on a loopback ephemeral
port: reset_before_read drops a request unread; reset_on_accept makes the client's next write fail."""
import select
import socket
import time

from conftest import SIGN_ON, withdrawal


def _wait_for(predicate, bound_s=2.0):
    deadline = time.monotonic() + bound_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False


def _resets(h):
    return [m for m in h.messages() if m.get("event") == "reset"]


def test_reset_before_read_drops_the_request_unread(host):
    h = host(rules=[{"when": {"mti": "0200", "processing_code": "01"}, "action": "reset_before_read", "times": 1}])
    _, steps, _ = h.link([SIGN_ON, withdrawal()])
    assert steps[0]["outcome"] == "00"
    # The RST races the client on the wire: its read sees the reset, or (when the RST came back before the whole
    # request was written) its write fails with a broken pipe. Either way nothing was answered.
    assert steps[1]["outcome"] != "00", steps[1]
    error = (steps[1].get("error") or "").lower()
    assert "reset" in error or "broken pipe" in error, steps[1]
    assert _wait_for(lambda: len(_resets(h)) == 1)
    assert not [m for m in h.messages() if m["direction"] == "in" and m.get("mti") == "0200"], "never read"
    assert h.ledger()["postings"] == [], "never processed"


def test_reset_on_accept_makes_the_next_write_fail(host):
    h = host(rules=[{"action": "reset_on_accept", "times": 1}])
    addr, port = h.address.rsplit(":", 1)
    failed = None
    try:
        with socket.create_connection((addr, int(port)), timeout=2) as s:  # the handshake completes
            poller = select.poll()
            poller.register(s, select.POLLIN | select.POLLRDHUP)
            assert poller.poll(2000), "the host's RST arrives"
            try:
                s.send(b"\x00\x10" + b"0" * 16)
            except (ConnectionResetError, BrokenPipeError) as e:
                failed = e
    except ConnectionResetError as e:
        failed = e  # the RST came back before connect() returned: the same reset, seen one call earlier
    assert failed is not None, "a write after the RST fails"
    assert _wait_for(lambda: len(_resets(h)) == 1)
    assert "accepted and reset before reading" in _resets(h)[0]["note"]
    # times: 1 — the next connection is served as usual.
    _, steps, _ = h.link([SIGN_ON])
    assert steps[0]["outcome"] == "00"
