"""A running `atmbench host` answering a terminal (`atmbench link`) over TCP: approvals, declines, capture codes,
reversals and repeats, what is recorded, and the control endpoint."""
import re
import socket

from conftest import PAN, PIN, SIGN_ON, inquiry, run_atmbench, withdrawal


def test_approve_withdrawal_debits_and_is_recorded(host):
    h = host()
    status, steps, err = h.link([SIGN_ON, inquiry(), withdrawal("300.00")])
    assert status == 0, err
    assert [s["outcome"] for s in steps] == ["00", "00", "00"]
    assert steps[1]["reply"]["fields"]["54"] == "1002156C000005000000"
    assert steps[2]["mac"] == "valid"
    ledger = h.ledger()
    assert [p["kind"] for p in ledger["postings"]] == ["withdrawal"]
    assert ledger["postings"][0]["amount"] == 30000
    assert ledger["accounts"]["622202*********0018"]["balance"] == 5000000 - 30000


def test_declines_and_capture_codes(host):
    h = host()
    status, steps, _ = h.link([
        SIGN_ON,
        withdrawal("300.00", pan="6222020000000000026", pin="654321"),
        inquiry(pin="000000"),
        withdrawal("100.00", pan="6222020000000000034", pin="111111"),
        withdrawal("100.00", pan="6222020000000000042", pin="222222"),
    ])
    assert status == 0
    assert [s["outcome"] for s in steps[1:]] == ["51", "55", "41", "43"]
    assert h.ledger()["postings"] == []


def test_forced_capture_code_from_a_rule(host):
    h = host(rules={"rules": [{"name": "pick up", "when": {"processing_code": "01"}, "code": "04"}]})
    _, steps, _ = h.link([SIGN_ON, withdrawal()])
    assert steps[1]["outcome"] == "04"
    assert h.ledger()["postings"] == [], "a declined withdrawal posts nothing"


def test_reversal_and_repeats_are_idempotent(host):
    h = host()
    status, steps, _ = h.link([
        SIGN_ON, withdrawal("300.00"),
        {"reversal": {"of": 2, "mti": "0400"}},
        {"reversal": {"of": 2, "mti": "0420"}},
        {"reversal": {"of": 2, "mti": "0421"}},
    ])
    assert status == 0
    assert [s["reply"]["mti"] for s in steps[2:]] == ["0410", "0430", "0430"]
    assert all(s["outcome"] == "00" for s in steps)
    ledger = h.ledger()
    assert [p["kind"] for p in ledger["postings"]] == ["withdrawal", "reversal", "reversal-repeat", "reversal-repeat"]
    assert ledger["postings"][1]["reverses"] == 1
    assert [p.get("attempt") for p in ledger["postings"][1:]] == [1, 2, 3]
    assert ledger["accounts"]["622202*********0018"]["balance"] == 5000000


def test_settlement_balances_against_the_batch_and_answers_95_on_a_difference(host):
    """0500 batch settlement: MACed, the terminal's totals in F48, the host's own count back (settlement.hpp)."""
    h = host()
    status, steps, err = h.link([
        SIGN_ON, withdrawal("300.00"), withdrawal("200.00"), {"reversal": {"of": 3, "mti": "0400"}},
        {"settle": {"debits": "300.00", "debit_count": 1}},
        withdrawal("100.00"),
        {"settle": {"batch": "000002"}},
    ])
    assert status == 0, err
    assert [s["outcome"] for s in steps[4:]] == ["00", "00", "95"]
    assert steps[4]["reply"]["mti"] == "0510" and steps[4]["mac"] == "valid"
    assert steps[4]["reply"]["fields"]["48"] == "000000030000001000000000000000" + "1"
    assert steps[6]["reply"]["fields"]["48"] == "000000010000001000000000000000" + "2"
    assert [m.get("mti") for m in h.messages() if m["direction"] == "in"][-1] == "0500"


def test_timeout_then_reversal_restores_the_balance(host):
    """The host approves and posts, the reply is lost: the terminal times out and reverses."""
    h = host(rules=[{"when": {"processing_code": "01"}, "action": "no_reply", "times": 1}])
    status, steps, _ = h.link([SIGN_ON, withdrawal("500.00"), {"reversal": {"of": 2, "mti": "0420"}}], timeout_ms=500)
    assert [s["outcome"] for s in steps] == ["00", "timeout", "00"]
    assert [p["kind"] for p in h.ledger()["postings"]] == ["withdrawal", "reversal"]
    assert h.ledger()["accounts"]["622202*********0018"]["balance"] == 5000000
    assert any(m.get("note") == "no reply (response rule)" for m in h.messages())


def test_late_reply_arrives_after_the_terminal_gave_up(host):
    h = host(rules=[{"when": {"processing_code": "31"}, "delay_ms": 800, "times": 1}])
    # Reply wait ends at ~300 ms; the late reply comes at ~800 ms, well before the next inquiry at ~1200 ms.
    _, steps, _ = h.link([SIGN_ON, inquiry(), {"wait_ms": 900}, inquiry()], timeout_ms=300)
    assert steps[1]["outcome"] == "timeout"
    # The late reply to step 2 is what the terminal reads next: it answers a different STAN.
    assert steps[3]["outcome"] == "mismatch"
    assert "STAN" in steps[3]["mismatch"]


def test_retain_cash_reply_is_marked_in_the_record(host):
    h = host(rules={"retain_cash_codes": ["E7"], "rules": [{"when": {"processing_code": "01"}, "code": "retain_cash"}]})
    _, steps, _ = h.link([SIGN_ON, withdrawal()])
    assert steps[1]["outcome"] == "E7"
    out = [m for m in h.messages() if m["direction"] == "out" and m.get("mti") == "0210"]
    assert out and out[0]["retain_cash"] is True
    assert h.control("GET", "/health")[1]["retain_cash_codes"] == ["E7"]


def test_nth_request_rule_and_run_time_rule_changes(host):
    h = host()
    rid = h.add_rule({"when": {"mti": "0200", "processing_code": "31", "nth": 2}, "code": "96"})
    _, steps, _ = h.link([SIGN_ON, inquiry(), inquiry(), inquiry()])
    assert [s["outcome"] for s in steps[1:]] == ["00", "96", "00"]
    rules = h.control("GET", "/rules")[1]["rules"]
    assert rules[0]["id"] == rid and rules[0]["matched"] == 3 and rules[0]["fired"] == 1
    assert h.control("DELETE", f"/rules/{rid}")[0] == 200
    assert h.control("DELETE", f"/rules/{rid}")[0] == 404
    assert h.control("GET", "/rules")[1]["rules"] == []


def test_record_redacts_secrets_and_masks_pans(host):
    h = host()
    h.link([SIGN_ON, withdrawal()])
    messages = h.messages()
    text = str(messages)
    assert PAN not in text
    ins = [m for m in messages if m["direction"] == "in" and m.get("mti") == "0200"]
    assert ins[0]["message"]["fields"]["52"].startswith("<redacted")
    assert ins[0]["message"]["fields"]["2"] == "622202*********0018"
    out = [m for m in messages if m["direction"] == "out" and m.get("mti") == "0810"]
    assert out[0]["message"]["fields"]["62"].startswith("<redacted")
    assert "**" in out[0]["raw"], "the wrapped keys are blanked in the raw view too"
    times = [m["time_ns"] for m in messages]
    assert times == sorted(times), "one monotonic timeline"


def test_control_endpoint_rejects_bad_rules_and_paths(host):
    h = host()
    status, body = h.control("POST", "/rules", "when: {mti: '0200'}\ncolour: red\n")
    assert status == 400 and "colour: unknown key" in body["error"]
    assert h.control("GET", "/nowhere")[0] == 404
    assert h.control("PUT", "/ledger")[0] == 405


def test_undecodable_request_is_recorded_and_the_host_keeps_serving(host):
    h = host()
    addr, port = h.address.rsplit(":", 1)
    with socket.create_connection((addr, int(port)), timeout=5) as s:
        s.sendall(b"\x00\x05garba")
    _, steps, _ = h.link([SIGN_ON])
    assert steps[0]["outcome"] == "00"
    errors = [m for m in h.messages() if m["direction"] == "in" and "error" in m]
    assert errors and "not shown" in errors[0]["raw"]


def test_ascii_profile_with_a_four_byte_length_header(host):
    h = host(profile="ascii-1987", extra=["--length-header", "binary4"])
    status, steps, err = h.link([SIGN_ON, inquiry(), withdrawal("100.00")], extra=["--length-header", "binary4"])
    assert status == 0, err
    assert [s["outcome"] for s in steps] == ["00", "00", "00"]


def test_x919_terminal(host):
    h = host()
    status, steps, err = h.link([SIGN_ON, inquiry()], terminal="ATM00002")
    assert status == 0, err
    assert steps[1]["mac"] == "valid"


def test_bad_rules_file_is_an_error_naming_file_and_line(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - when: {mti: '0200'}\n    malform: squashed\n")
    cp = run_atmbench("host", "--profile", "cup-atm", "--accounts", "fixtures/accounts", "--keys",
                      "fixtures/keys/terminals.yaml", "--rules", rules, "--control", "none", timeout=20)
    assert cp.returncode == 2
    assert f"{rules}:3: malform: expected one of" in cp.stderr


def test_missing_options_and_bad_addresses_are_errors():
    cp = run_atmbench("host", "--profile", "cup-atm")
    assert cp.returncode == 2 and "required" in cp.stderr
    cp = run_atmbench("host", "--profile", "cup-atm", "--accounts", "fixtures/accounts", "--keys",
                      "fixtures/keys/terminals.yaml", "--control", "10.1.2.3:0")
    assert cp.returncode == 2 and "loopback" in cp.stderr
    cp = run_atmbench("host", "--profile", "no-such-profile", "--accounts", "fixtures/accounts", "--keys",
                      "fixtures/keys/terminals.yaml")
    assert cp.returncode == 2 and "no-such-profile" in cp.stderr


def test_link_steps_are_read_whatever_the_key_order(host):
    # yaml.safe_dump sorts keys, so `expect` comes before `withdrawal`: the action is the key that is not an option.
    h = host()
    status, steps, err = h.link([SIGN_ON, {**withdrawal("300.00", pin="000000"), "expect": "55", "timeout_ms": 2000}])
    assert status == 0, err
    assert steps[1]["action"] == "withdrawal" and steps[1]["outcome"] == "55"
    status, _, err = h.link([{**SIGN_ON, **inquiry()}])
    assert status == 2 and re.search(r"script-\d+\.yaml:\d+: sign_on: a second action in one step", err), err
    status, _, err = h.link([{"expect": "00"}])
    assert status == 2 and "a step with no action" in err, err
