"""Every fault a response rule can inject, seen from the terminal's side of the wire."""
import pytest

from conftest import SIGN_ON, inquiry, run_atmbench, withdrawal


@pytest.mark.parametrize("malformation, expected", [
    ("truncated", "undecodable"),
    ("wrong_length_header", "timeout"),  # the header promises bytes that never come
    ("bit_without_field", "undecodable"),
    ("field_without_bit", "undecodable"),
    ("wrong_field_length", "undecodable"),
    ("non_numeric", "undecodable"),
    ("garbage", "undecodable"),
])
def test_malformed_replies(host, malformation, expected):
    h = host(rules=[{"when": {"processing_code": "01"}, "malform": malformation}])
    status, steps, _ = h.link([SIGN_ON, withdrawal()], timeout_ms=600)
    assert steps[1]["outcome"] == expected, steps[1]
    out = [m for m in h.messages() if m["direction"] == "out" and m.get("rule")]
    assert out and "error" in out[0], "the host's own record shows the reply does not decode"
    assert f"malformed: {malformation}" in out[0]["note"]


@pytest.mark.parametrize("field, words", [
    ("mti", "MTI"), ("processing_code", "processing code"), ("stan", "STAN"), ("pan", "PAN"),
    ("amount", "amount"), ("terminal_id", "terminal id"),
])
def test_mismatched_replies(host, field, words):
    h = host(rules=[{"when": {"processing_code": "01"}, "mutate": field}])
    _, steps, _ = h.link([SIGN_ON, withdrawal()])
    assert steps[1]["outcome"] == "mismatch"
    assert steps[1]["mismatch"].startswith(words)
    assert steps[1]["mac"] == "valid", "the MAC is recomputed: only the field check catches it"


def test_bad_mac(host):
    h = host(rules=[{"when": {"processing_code": "31"}, "bad_mac": True}])
    _, steps, _ = h.link([SIGN_ON, inquiry()])
    assert steps[1]["outcome"] == "mac-invalid"


def test_duplicate_reply_in_two_writes(host):
    h = host(rules=[{"when": {"processing_code": "31"}, "duplicate": True, "times": 1}])
    _, steps, _ = h.link([SIGN_ON, inquiry(), inquiry()])
    assert steps[1]["outcome"] == "00"
    assert steps[2]["outcome"] == "mismatch", "the duplicate is read as the next reply"
    outs = [m for m in h.messages() if m["direction"] == "out" and m.get("rule")]
    assert len(outs) == 2 and "duplicate reply" in outs[1]["note"]


def test_two_replies_in_one_write(host):
    h = host(rules=[{"when": {"processing_code": "31"}, "coalesce": True, "times": 1}])
    _, steps, _ = h.link([SIGN_ON, inquiry(), inquiry()])
    assert steps[1]["outcome"] == "00"
    assert steps[2]["outcome"] == "mismatch"


def test_reply_split_across_writes_is_reassembled(host):
    h = host(rules=[{"when": {"processing_code": "31"}, "split": True}])
    _, steps, _ = h.link([SIGN_ON, inquiry()])
    assert steps[1]["outcome"] == "00"
    assert steps[1]["latency_ms"] >= 45, "the second half comes 50 ms later"


def test_close_after_reading(host):
    h = host(rules=[{"when": {"processing_code": "01"}, "action": "close"}])
    _, steps, _ = h.link([SIGN_ON, withdrawal()])
    assert steps[1]["outcome"] == "closed"
    assert [p["kind"] for p in h.ledger()["postings"]] == ["withdrawal"], "the host read and posted it"


def test_close_on_accept(host):
    h = host(rules=[{"action": "close_on_accept", "times": 1}])
    _, steps, _ = h.link([SIGN_ON])
    assert steps[0]["outcome"] == "closed"
    assert any("closed before reading" in m.get("note", "") for m in h.messages())


def test_stop_reading(host):
    h = host(rules=[{"action": "stop_reading"}])
    _, steps, _ = h.link([SIGN_ON], timeout_ms=400)
    assert steps[0]["outcome"] == "timeout"
    assert [m for m in h.messages() if m["direction"] == "in"] == [], "nothing was read"


def test_refuse_connections_then_accept_again(host):
    h = host()
    rid = h.add_rule({"action": "refuse_connections"})
    status, _, err = h.link([SIGN_ON])
    assert status == 2 and "Connection refused" in err
    h.control("DELETE", f"/rules/{rid}")
    for _ in range(50):  # the listener reopens asynchronously; bounded wait
        status, steps, err = h.link([SIGN_ON])
        if status != 2:
            break
    assert status == 0 and steps[0]["outcome"] == "00", err
