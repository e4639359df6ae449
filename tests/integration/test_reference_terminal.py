"""The reference terminal (a real process) against the real simulated host and devices: each flow and each fault
path of issue 4, checked through what a bench can observe — host messages and ledger, device truth, screens,
receipts and the terminal's journal."""
import json
import time

import pytest

from terminal_bench import TerminalBench


@pytest.fixture
def bench():
    made = []

    def make(**kw):
        b = TerminalBench(**kw)
        made.append(b)
        return b

    yield make
    for b in made:
        b.close()


def postings(b, kind=None):
    p = b.host.ledger()["postings"]
    return [x for x in p if kind is None or x["kind"] == kind]


def requests(b, mti):
    return [m for m in b.host.messages() if m["direction"] == "in" and m.get("mti") == mti]


def customer_notes(b):
    cash = b.devices.truth()["cash"]["notes"]
    return cash.get("customer", {}).get("count", 0)


def test_start_up_signs_on_and_loads_the_pin_key_into_the_pin_pad(bench):
    b = bench()
    assert b.wait_journal("sign-on")["result"] == "00"
    assert "PIK" in b.devices.truth()["pinPad"]["keys"], "8.5 b: the working PIN key is in the device"
    assert requests(b, "0800"), "the host saw the sign-on"


def test_withdrawal_pays_debits_and_returns_the_card(bench):
    b = bench()
    b.withdraw("F2")  # 300
    b.wait_screen("TAKE-CASH")
    b.act("cash", "takeCash")
    b.take_card()
    b.wait_session_end()
    assert [p["amount"] for p in postings(b, "withdrawal")] == [30000]
    assert customer_notes(b) == 3
    d = b.wait_journal("dispensed")
    assert len(d["serials"]) == 3 and d["amount"] == 30000, "7.3.6.3 c: serial numbers journaled"
    receipt = "\n".join(b.receipts()[0]["lines"]) if isinstance(b.receipts()[0], dict) else json.dumps(b.receipts())
    assert "62220200000000****8" in receipt and "6222020000000000018" not in receipt
    assert not requests(b, "0400")
    truth = b.devices.truth()["cardReader"]
    assert truth["media"] == "notPresent" and truth["cards"] == {"customer": ["zhang-mag"]}


def test_cash_not_taken_is_retracted_and_not_reversed(bench):
    b = bench()
    b.withdraw("F1")
    b.wait_screen("TAKE-CASH")
    rec = b.wait_journal("cash-retracted", timeout=6)
    assert rec["exception"] is True and rec["amount"] == 10000
    b.take_card()
    b.wait_session_end()
    assert not requests(b, "0400") and not requests(b, "0420"), "7.3.6.7 c 4: no reversal"
    assert customer_notes(b) == 0
    assert "EXCEPTION" in json.dumps(b.receipts()), "7.3.6.8 a: printed prominently"


def test_dispense_jam_reverses_the_full_amount(bench):
    b = bench(faults=[("cash", {"name": "jam", "at": "dispense", "count": 1})])
    b.withdraw("F2")
    rev = b.wait_journal("reversal")
    assert rev["acknowledged"] is True and rev["amount"] == 30000 and rev["original_type"] == "withdrawal"
    assert rev["pan"] == "62220200000000****8" and rev["attempt"] == 1 and rev["reason"].startswith("dispense failed")
    b.take_card()
    b.wait_session_end()
    assert [p["amount"] for p in postings(b, "reversal")] == [30000]
    assert customer_notes(b) == 0


def test_reply_timeout_says_uncertain_and_reverses(bench):
    b = bench(rules=[{"when": {"processing_code": "01"}, "action": "no_reply", "times": 1}])
    b.withdraw("F2")
    b.wait_screen("UNCERTAIN")
    b.take_card()
    b.wait_session_end()
    assert b.wait_journal("reversal")["acknowledged"] is True
    assert customer_notes(b) == 0
    balance_moves = sum(p["amount"] for p in postings(b, "withdrawal")) - sum(p["amount"] for p in postings(b, "reversal"))
    assert balance_moves == 0, "the posted debit was reversed"


def test_retain_cash_reply_neither_dispenses_nor_reverses(bench):
    b = bench(rules=[{"when": {"processing_code": "01"}, "code": "retain_cash"}])
    b.withdraw("F2")
    b.wait_journal("host-retain-cash")
    b.take_card()
    b.wait_session_end()
    assert not requests(b, "0400") and customer_notes(b) == 0


@pytest.mark.parametrize("field", ["stan", "amount", "pan", "terminal_id", "processing_code"])
def test_mismatched_reply_is_a_failed_transaction(bench, field):
    b = bench(rules=[{"when": {"processing_code": "01"}, "mutate": field, "times": 1}])
    b.withdraw("F2")
    b.wait_screen("UNCERTAIN")
    b.take_card()
    b.wait_session_end()
    assert customer_notes(b) == 0, "7.3.5 e: no dispense on a mismatched reply"
    assert b.wait_journal("reversal")["acknowledged"] is True


def test_card_failing_luhn_never_reaches_the_host(bench):
    b = bench()
    before = len(requests(b, "0200"))
    b.insert_card("bad-luhn")
    b.wait_screen("CARD-INVALID")
    b.take_card()
    b.wait_session_end()
    assert len(requests(b, "0200")) == before
    assert b.wait_journal("card-refused")["why"].startswith("check digit")


def test_card_not_taken_is_captured(bench):
    b = bench()
    b.start_session()
    b.press("cancel")
    rec = b.wait_journal("card-captured", timeout=6)
    assert rec["why"] == "not taken in time"
    assert b.devices.truth()["cardReader"]["units"]["unit1"]["count"] == 1


def test_amount_the_cassettes_cannot_pay_is_refused_locally(bench):
    b = bench()
    b.start_session()
    b.press("F2")
    b.wait_screen("AMOUNT")
    b.press("1", "2", "5", "enter")  # 125: no 5-yuan notes
    b.wait_screen("AMOUNT-UNAVAILABLE")
    b.take_card()
    b.wait_session_end()
    assert not [m for m in requests(b, "0200") if str(m.get("fields", {}).get("3", "")).startswith("01")]
    assert b.wait_journal("refused-locally")["amount"] == 12500


def test_inquiry_shows_the_balance(bench):
    b = bench()
    b.start_session()
    b.press("F1")
    text = b.wait_screen("BALANCE")
    assert "50000.00" in text
    b.take_card()
    b.wait_session_end()


def test_transfer_moves_money(bench):
    b = bench()
    b.start_session()
    b.press("F4")
    b.wait_screen("TRANSFER-ACCOUNT")
    b.press(*"6222020000000000075", "enter")
    b.wait_screen("TRANSFER-AMOUNT")
    time.sleep(0.05)
    b.press("2", "0", "enter")
    b.wait_screen("RESULT")
    b.take_card()
    b.wait_session_end()
    assert [p["amount"] for p in postings(b, "transfer")] == [2000]


def test_deposit_counts_confirms_and_credits(bench):
    b = bench(devices="recycler")
    b.deposit([{"value": 100}, {"value": 100}, {"value": 50}])
    text = b.wait_screen("CONFIRM-DEPOSIT")
    assert "250.00" in text, "7.3.7 a: the count is shown before the host is asked"
    assert not [m for m in requests(b, "0200") if "21" == str(m.get("fields", {}).get("3", ""))[:2]]
    b.press("F1")
    b.wait_screen("RESULT")
    b.take_card()
    b.wait_session_end()
    assert [p["amount"] for p in postings(b, "deposit")] == [25000]
    assert len(b.wait_journal("deposited")["serials"]) == 3


def test_deposit_cancel_returns_the_notes(bench):
    b = bench(devices="recycler")
    b.deposit([{"value": 100}])
    b.choose("cancel", "CONFIRM-DEPOSIT")
    b.wait_screen("TAKE-NOTES")
    b.act("cash", "takeRefused")
    b.take_card()
    b.wait_session_end()
    assert b.wait_journal("deposit-returned")["why"] == "cancelled"
    assert not postings(b, "deposit")


@pytest.mark.parametrize("rule, why", [
    ({"action": "no_reply"}, "reply timeout"),
    ({"code": "Q9"}, "unknown response code Q9"),
    ({"mutate": "stan"}, "reply unusable"),
])
def test_deposit_with_unknown_result_keeps_the_notes(bench, rule, why):
    b = bench(devices="recycler", rules=[{"when": {"processing_code": "21"}, **rule, "times": 1}])
    b.deposit([{"value": 100}, {"value": 100}])
    b.choose("F1", "CONFIRM-DEPOSIT")
    rec = b.wait_journal("deposit-retained")
    assert rec["why"].startswith(why) and rec["amount"] == 20000 and rec["exception"] is True
    b.take_card()
    b.wait_session_end()
    assert customer_notes(b) == 0, "7.3.7 c: never returned"


def test_deposit_declined_returns_the_notes(bench):
    b = bench(devices="recycler", rules=[{"when": {"processing_code": "21"}, "code": "05", "times": 1}])
    b.deposit([{"value": 100}])
    b.choose("F1", "CONFIRM-DEPOSIT")
    b.wait_screen("TAKE-NOTES")
    b.act("cash", "takeRefused")
    b.take_card()
    b.wait_session_end()
    assert b.wait_journal("deposit-returned")


def test_card_left_in_the_reader_at_start_up_is_retained(bench):
    b = bench(faults=[("cardReader", {"name": "cardLeftInReader", "target": "zhang-mag"})])
    rec = b.wait_journal("residual-card")
    assert rec["action"] == "retained"
    assert b.devices.truth()["cardReader"]["units"]["unit1"]["count"] == 1


def test_notes_left_in_the_transport_at_start_up_are_retracted(bench):
    b = bench(faults=[("cash", {"name": "notesInTransport", "count": 2})])
    rec = b.wait_journal("residual-notes")
    assert rec["action"] == "retracted" and rec["exception"] is True
    assert customer_notes(b) == 0


def test_present_failure_is_not_reversed(bench):
    b = bench(faults=[("cash", {"name": "presentFail", "at": "present"})])
    b.withdraw("F2")
    rec = b.wait_journal("present-failed")
    assert rec["exception"] is True
    b.wait_screen("UNCERTAIN")
    b.take_card()
    b.wait_session_end()
    assert not requests(b, "0400"), "7.3.6.7 c 5: the notes may have been touched"


def test_mismatched_cassette_is_not_dispensed_from(bench):
    b = bench(faults=[("cash", {"name": "cassetteMismatch", "target": "unit1", "currency": "CNY", "value": 5000})])
    assert b.wait_journal("cassette-disabled")["unit"] == "unit1"
    b.withdraw("F2")
    b.wait_screen("TAKE-CASH")
    b.act("cash", "takeCash")
    b.take_card()
    b.wait_session_end()
    assert "unit1" not in b.wait_journal("dispensed")["mix"]


def test_corrupt_key_material_keeps_the_terminal_out_of_service(bench):
    b = bench(overrides={"keys": {"master_key_kcv": "000000"}}, wait_ready=False)
    b.start_terminal()
    m = b.terminal.wait_mode("out_of_service")
    assert "key material" in m["reason"]
    time.sleep(0.5)
    assert not requests(b, "0800"), "no sign-on with bad keys"


def test_admin_commands_are_refused_during_a_session(bench):
    b = bench()
    b.start_session()
    status, body = b.terminal.command("POST", "/pause")
    assert status == 409 and "7.3.1 d" in body["error"]
    b.press("cancel")
    b.take_card()
    b.wait_session_end()
    assert b.terminal.command("POST", "/pause")[0] == 200
    b.terminal.wait_mode("paused")
    assert b.terminal.command("POST", "/resume")[0] == 200


def test_idle_terminal_sends_heartbeats(bench):
    b = bench(overrides={"timeouts_ms": {"heartbeat": 500}})
    time.sleep(1.6)
    assert len(requests(b, "0800")) >= 3, "sign-on plus heartbeats"


def test_gate_abnormal_stops_card_service(bench):
    b = bench()
    b.act("sensors", "setSensor", sensor="cardEntryGate", state="abnormal")
    m = b.terminal.wait_mode("out_of_service")
    assert "gate" in m["reason"]


def test_unacknowledged_reversal_is_repeated_after_a_restart(bench):
    b = bench(faults=[("cash", {"name": "jam", "at": "dispense", "count": 1})],
              rules=[{"when": {"mti": "0400"}, "action": "no_reply"}, {"when": {"mti": "0421"}, "action": "no_reply"}])
    b.withdraw("F2")
    first = b.wait_journal("reversal")
    assert first["acknowledged"] is False
    b.take_card()
    b.wait_session_end()
    b.terminal.stop()
    pending = json.loads((b.state / "reversals.json").read_text())
    assert len(pending) == 1, "persisted before sending"
    b.host.control("DELETE", "/rules")
    b.start_terminal()
    b.terminal.wait_mode("in_service")
    rec = b.wait_journal("reversal", acknowledged=True)
    assert rec["mti"] == "0421" and rec["stan"] == first["stan"], "same identity, repeat MTI"
    assert json.loads((b.state / "reversals.json").read_text()) == []


def test_settlement_ends_a_pending_reversal_without_sending_it(bench):
    """7.3.6.7 c 6: once the 0500 is sent, the unanswered reversal is journaled for reconciliation, never repeated."""
    b = bench(faults=[("cash", {"name": "jam", "at": "dispense", "count": 1})],
              rules=[{"when": {"mti": mti}, "action": "no_reply"} for mti in ("0400", "0421")])
    b.start_session()
    assert b.terminal.command("POST", "/settle")[0] == 409, "refused during a customer session (7.3.1 d)"
    b.press("F2")
    b.choose("F2", "AMOUNT")
    stan = b.wait_journal("reversal")["stan"]
    b.take_card()
    b.wait_session_end()
    assert b.terminal.command("POST", "/settle")[0] == 200
    settled = b.wait_journal("reversal-settled")
    assert settled["stan"] == stan and settled["result"] == "settled: reconcile, not reversed"
    assert settled["exception"] is True and settled["amount"] == 30000 and settled["pan"] == "62220200000000****8"
    record = b.wait_journal("settlement")
    # The host applied the first 0400 although it never answered: both sides count nothing in the batch.
    assert record["result"] == "00" and record["balanced"] is True and record["debit_count"] == 0
    assert json.loads((b.state / "reversals.json").read_text()) == []
    sent = len(requests(b, "0421")) + len(requests(b, "0400"))
    time.sleep(2.5)
    assert len(requests(b, "0421")) + len(requests(b, "0400")) == sent, "no reversal after settlement"
    assert json.loads((b.state / "batch.json").read_text())["number"] == 2


def test_deposit_insert_timeout_ends_the_deposit(bench):
    b = bench(devices="recycler")
    b.start_session()
    b.press("F3")
    b.wait_screen("INSERT-NOTES")
    rec = b.wait_journal("deposit-insert-timeout", timeout=8)
    assert rec["exception"] is True
    b.take_card()
    b.wait_session_end()
    assert not postings(b, "deposit")


def test_refused_notes_not_taken_are_retracted(bench):
    b = bench(devices="recycler")
    b.deposit([{"value": 100}, {"value": 100, "class": "unrecognised"}])
    b.wait_screen("TAKE-REFUSED")
    rec = b.wait_journal("refused-retracted", timeout=6)
    assert rec["notes"] == 1 and rec["classification"] == {"unrecognised": 1}
    b.choose("cancel", "CONFIRM-DEPOSIT")
    b.wait_screen("TAKE-NOTES")
    b.act("cash", "takeRefused")
    b.take_card()
    b.wait_session_end()


def test_device_fault_before_confirmation_shows_the_fault(bench):
    b = bench(devices="recycler", faults=[("cash", {"name": "escrowJam", "at": "cashIn"})])
    b.deposit([{"value": 100}])
    b.wait_screen("DEVICE-FAULT")
    rec = b.wait_journal("deposit-device-fault")
    assert rec["exception"] is True and rec["step"] == "CashIn"
    b.take_card()
    b.wait_session_end()
    assert not postings(b, "deposit"), "7.3.7 d 1: the host was never asked"


def test_device_fault_after_credit_completes_with_an_exception(bench):
    b = bench(devices="recycler", faults=[("cash", {"name": "storageFull", "at": "cashInEnd", "persistent": True})])
    b.deposit([{"value": 100}])
    b.choose("F1", "CONFIRM-DEPOSIT")
    rec = b.wait_journal("deposited")
    assert rec["exception"] is True, "7.3.7 d 2: credited, then the device failed: recorded"
    b.take_card()
    b.wait_session_end()
    assert [p["amount"] for p in postings(b, "deposit")] == [10000]
    assert "DEVICE FAULT" in json.dumps(b.receipts())


def test_host_gone_mid_session_is_not_reversed(bench):
    b = bench()
    b.start_session()
    b.press("F2")
    b.wait_screen("AMOUNT")
    b.host.stop()
    time.sleep(0.2)
    b.press("F2")
    b.wait_screen("HOST-DOWN")
    b.take_card()
    b.wait_session_end()
    assert b.wait_journal("transaction", function="withdrawal")["outcome"] == "connect-failed"
    assert json.loads((b.state / "reversals.json").read_text() if (b.state / "reversals.json").exists() else "[]") == []


def test_a_card_read_that_never_finishes_is_cancelled_and_the_card_given_back(bench):
    # 7.3.6.6 b (TMO-CARD-READ): the card is in but the reader never finishes reading it; after timeouts.card_read
    # the terminal cancels the read, journals it and returns the card.
    b = bench(faults=[("cardReader", {"name": "hang", "at": "read"})], overrides={"timeouts_ms": {"card_read": 1000}})
    b.insert_card()
    rec = b.wait_journal("timeout", step="card-read")
    assert rec["bound_ms"] == 1000 and rec["result"] == "canceled"
    b.take_card()
    b.wait_screen("IDLE")
    assert b.devices.truth()["cardReader"]["cards"]["customer"] == ["zhang-mag"]


def test_a_re_sign_on_loads_the_new_working_keys_into_the_pin_pad(bench):
    # 8.5 b/c (KEY-REMOTE): the host comes back with other keys; the re-sign-on loads them like the start-up did.
    b = bench()
    b.wait_journal("sign-on")
    b.restart_host_and_wait_sign_on("--seed", "2")
    deadline = time.monotonic() + 3  # the import follows the sign-on reply
    while not b.pin_key_is_the_hosts():
        assert time.monotonic() < deadline, "the PIN pad kept the PIN key of the first sign-on"
        time.sleep(0.1)


def test_the_terminal_packs_with_its_own_codec_not_the_benchs():
    """The terminal must not share the host's ISO 8583 codec, framing or crypto: a bug both sides shared would pass
    unseen (HOST-FORMAT, tests/unit/vectors). The linker keeps only what is used, so no symbol of them may be in it."""
    import shutil
    import subprocess
    from terminal_bench import TERMINAL_BIN
    if not shutil.which("nm"):
        pytest.skip("nm (binutils) is not installed")
    symbols = subprocess.run(["nm", "-C", TERMINAL_BIN], capture_output=True, text=True, timeout=60, check=True).stdout
    shared = sorted({line.split(" ", 2)[-1] for line in symbols.splitlines()
                     if "atmbench::iso8583::" in line or "atmbench::crypto::" in line or "TerminalLink" in line})
    assert not shared, f"the terminal links the bench's codec/crypto: {shared[:5]}"


@pytest.mark.parametrize("profile, terminal_id, kcv", [
    ("ascii-1987", "ATM00001", "08D7B4"),  # ASCII dialect: hex bitmap, ASCII prefixes, MAC as hex text
    ("cup-atm", "ATM00002", "D2B91C"),     # X9.19 MAC
])
def test_the_terminals_own_codec_talks_every_dialect_and_mac(profile, terminal_id, kcv):
    """The terminal's compiled-in dialects and MACs against the host's data-driven codec: a withdrawal goes through
    (the host verified the request's MAC, the terminal the reply's) and every frame parsed on the host's side."""
    from conftest import Host
    b = TerminalBench(host=Host(profile=profile),
                      overrides={"terminal_id": terminal_id, "host": {"profile": profile}, "keys": {"master_key_kcv": kcv}})
    try:
        b.withdraw("F2")
        b.wait_screen("TAKE-CASH")
        b.act("cash", "takeCash")
        b.take_card()
        b.wait_session_end()
        assert [p["amount"] for p in postings(b, "withdrawal")] == [30000]
        sent = [m for m in b.host.messages() if m["direction"] == "in"]
        assert sent and not [m.get("error") for m in sent if "error" in m]
    finally:
        b.close()
        b.host.stop()
