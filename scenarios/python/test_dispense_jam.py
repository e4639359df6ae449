"""Example suite: a QA engineer's own scenarios in Python, judged by every built-in rule of docs/conformance.md plus the
site rule in conftest.py. Run: /usr/bin/python3 -m pytest scenarios/python (from the repository, after the
README's build), or with -n 2 for two at once."""

import atmbench
import pytest


@pytest.mark.clause("7.3.6.7 a")
@pytest.mark.atmbench(rules=["REV-REQUIRED"])
def test_jam_mid_dispense_is_reversed_in_full(bench, terminal, host, devices):
    # The customer is already at the amount screen when the jam is armed: the fault hits the dispense in flight,
    # after two of the three notes have left their cassette.
    bench.insert_card(card="zhang-mag")
    bench.enter_pin(pin="123456")
    bench.choose(function="withdrawal")
    devices.fault("cash", "jam", at="dispense", count=2)
    bench.amount(value="300")
    bench.take_receipt(optional=True, timeout_ms=3000)
    bench.take_card()

    reversal = bench.wait_for(source="host", kind="in", name="0400", timeout=5)
    withdrawal = host.messages(mti="0200", direction="in")[-1]
    # The full amount is reversed: the customer got nothing (7.3.6.7 a).
    assert atmbench.field(reversal, 4) == atmbench.field(withdrawal, 4) == "000000030000"
    bench.wait(idle=True)
    # The picked notes stay inside the device: none reached the customer.
    truth = devices.truth()
    assert truth["cash"]["notes"].get("customer", []) == []
    # The rules (REV-REQUIRED claimed, every other that applies, and SITE-NO-DISPENSE-RETRY) are judged when
    # the test returns; a broken one fails the test with its clause and the trace excerpt.


@pytest.mark.clause("7.3.6.4")
def test_declined_withdrawal_dispenses_nothing(bench, terminal, host):
    host.rule(when={"mti": "0200"}, code="51")  # insufficient funds
    bench.withdraw(amount=300)
    bench.take_card()
    bench.wait(idle=True)
    result = bench.finish()
    assert result.status == "passed", result.error
    assert not [e for e in result.trace if e["name"] == "CashDispenser.Dispense"]
    assert any(v.rule == "SITE-NO-DISPENSE-RETRY" and v.outcome == "not applicable" for v in result.verdicts)
