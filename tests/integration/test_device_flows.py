"""The customer flows and the XFS4IoT message rules (docs/references.md [XFS4IoT] §2) that test_devices.py does not cover,
against the real `atmbench devices` process: card retain, present → not taken → retract, cash-in end and rollback
with physical truth; every acknowledge status, Common.Cancel, header timeouts and disconnects."""
import json
import time

import pytest

from test_device_faults import RECYCLER_NOTES, STANDARD_NOTES, assert_conserved, cash_in, connect, cny, named, \
    notes_at, read_card, storage, until_event


# ---------------------------------------------------------------- flows

def test_card_in_read_retain(devices):
    d = devices()
    app = connect(d, "CardReader1")
    assert read_card(app, d, "zhang-mag").code == "success"
    r = app.command("CardReader.Move", {"from": "transport", "to": "unit1"})
    assert r.code == "success"
    _, status = app.sync()
    assert status["cardReader"]["media"] == "notPresent"
    assert storage(app)["unit1"]["card"]["status"]["count"] == 1
    truth = d.truth()["cardReader"]
    assert truth["cards"] == {"unit1": ["zhang-mag"]}
    assert truth["units"]["unit1"]["count"] == truth["units"]["unit1"]["reportedCount"] == 1
    status, body = d.control("POST", "/devices/cardReader/actions/takeCard", {})
    assert status == 400, "a retained card is out of the customer's reach"


@pytest.mark.parametrize("taken,code", [(0, "success"), (1, "success"), (3, "itemsTaken")])
def test_dispense_present_take_or_not_then_retract(devices, taken, code):
    # NOREV-NOT-TAKEN / TMO-CASH-NOT-TAKEN: what the customer left is retracted; §3.1 Retract errors itemsTaken.
    d = devices()
    app = connect(d, "CashModule1")
    assert app.command("CashDispenser.Dispense", cny(300)).code == "success"
    present = app.command("CashDispenser.Present", {"position": "outDefault"})
    assert present.code == "success" and "CashManagement.ItemsPresentedEvent" in present.unsolicited_names()
    if taken:
        assert d.act("cash", "takeCash", count=taken) == {"taken": taken}
    r = app.command("CashManagement.Retract", {"location": {"outputPosition": "outDefault", "retractArea": "retract"}})
    assert r.code == ("success" if code == "success" else "commandErrorCode")
    truth = d.truth()
    assert (notes_at(truth, "customer"), notes_at(truth, "unit6")) == (taken, 3 - taken)
    assert truth["cash"]["shutter"] == "closed" and notes_at(truth, "output") == 0
    if code == "success":
        assert r.payload["storage"] == {"unit6": {"count": 3 - taken}}
        assert storage(app)["unit6"]["cash"]["status"]["count"] == 3 - taken
        assert app.command("CashManagement.Retract", {}).error_code == "noItems"
    else:
        assert r.error_code == "itemsTaken"
    assert_conserved(truth, STANDARD_NOTES)


@pytest.mark.parametrize("end", ["CashAcceptor.CashInEnd", "CashAcceptor.CashInRollback"])
def test_cash_in_refuse_then_end_or_rollback(devices, end):
    d = devices(config="recycler")
    app = connect(d, "CashModule1")
    assert app.command("CashAcceptor.CashInStart", {}).code == "success"
    r = cash_in(app, d, [{"value": 100}, {"value": 100}, {"value": 50}, {"value": 100, "class": "unrecognised"}])
    assert r.code == "success" and r.payload["refused"] == 1
    assert r.event("CashAcceptor.InputRefuseEvent") == {"reason": "invalidBill"}
    assert r.payload["items"]["typeCNY100"]["fit"] == 2 and r.payload["items"]["typeCNY50"]["fit"] == 1
    truth = d.truth()
    assert (notes_at(truth, "escrow"), notes_at(truth, "output")) == (3, 1)
    assert app.command(end).error_code == "positionNotEmpty", "the refused note must be taken first"
    assert d.act("cash", "takeRefused") == {"taken": 1}
    done = app.command(end)
    assert done.code == "success"
    truth = d.truth()
    units = truth["cash"]["units"]
    if end.endswith("CashInEnd"):
        assert done.payload["storage"] == {"unit1": {"count": 2}, "unit2": {"count": 1}}
        assert (units["unit1"]["count"], units["unit2"]["count"]) == (302, 301)
        assert (units["unit1"]["reportedCount"], units["unit2"]["reportedCount"]) == (302, 301)
        counts = named(done.unsolicited, "Storage.CountsChangedEvent")
        assert counts and counts[0]["unit1"]["cash"]["status"]["count"] == 302
        assert notes_at(truth, "customer") == 1
        status = "ok"
    else:
        assert done.payload["returned"] == 3 and notes_at(truth, "output") == 3
        assert (units["unit1"]["count"], units["unit2"]["count"]) == (300, 300)
        assert d.act("cash", "takeRefused") == {"taken": 3}
        assert notes_at(d.truth(), "customer") == 4
        status = "rollback"
    cash_in_status = app.command("CashAcceptor.GetCashInStatus").payload
    assert cash_in_status["status"] == status and cash_in_status["numOfRefused"] == 1
    assert truth["cash"]["introduced"] == 4
    assert_conserved(d.truth(), RECYCLER_NOTES)


# ---------------------------------------------------------------- acknowledge statuses (§2)

def raw_command(name="Common.Status", **header):
    h = {"type": "command", "name": name, "requestId": 1, "version": "2.0"} | header
    return json.dumps({"header": {k: v for k, v in h.items() if v is not ...}, "payload": None})


def rejected(app, text):
    """Sends `text`; returns the acknowledge's status, after checking nothing else follows (§2)."""
    app.send_raw(text)
    ack = app.recv(3)
    assert ack is not None and ack["header"]["type"] == "acknowledge"
    assert app.recv(0.3) is None, "a rejected command gets no further message"
    return ack["header"]["status"]


@pytest.mark.parametrize("text", [
    "this is not JSON",
    "[1, 2]",
    json.dumps({"payload": None}),
    raw_command(type="completion"),
    raw_command(name="Status"),
    raw_command(colour="red"),
], ids=["not-json", "not-object", "no-header", "not-a-command", "name-without-interface", "unknown-header-field"])
def test_invalid_message(devices, text):
    d = devices()
    app = connect(d, "Lights1")
    assert rejected(app, text) == "invalidMessage"
    assert app.command("Common.Status").code == "success", "the connection stays usable"


@pytest.mark.parametrize("request_id", ["7", 1.5, 0, -3, ...], ids=["string", "fraction", "zero", "negative", "missing"])
def test_invalid_request_id(devices, request_id):
    d = devices()
    app = connect(d, "Lights1")
    assert rejected(app, raw_command(requestId=request_id)) == "invalidRequestID"


def test_duplicate_request_id_of_an_outstanding_command(devices):
    d = devices()
    app = connect(d, "CardReader1")
    rid = app.send("CardReader.ReadRawData", {"track2": True}, request_id=50)
    assert app.acknowledged(rid)["header"]["status"] is None
    dup = app.wait(app.send("Common.Status", request_id=50))
    assert dup.ack["header"]["status"] == "invalidRequestID" and dup.completion is None
    assert app.command("Common.Cancel", {"requestIds": [50]}).code == "success"
    assert app.wait(50).code == "canceled", "the original is untouched by its duplicate"
    assert app.wait(app.send("Common.Status", request_id=50)).code == "success", "free again once completed"


def test_too_many_requests(devices):
    d = devices()
    app = connect(d, "CardReader1")
    limit = app.command("Common.Capabilities").payload["interfaces"][0]["maximumRequests"]
    ids = [app.send("CardReader.ReadRawData", {"track2": True}) for _ in range(limit)]  # one waits, the rest queue
    assert app.acknowledged(ids[-1])["header"]["status"] is None
    over = app.wait(app.send("Common.Status"))
    assert over.ack["header"]["status"] == "tooManyRequests" and over.completion is None
    other = connect(d, "CardReader1")
    assert other.command("Common.Status").code == "success", "the limit is per connection"
    assert all(app.pending[i].ack["header"]["status"] is None for i in ids)


# ---------------------------------------------------------------- cancel, timeout, disconnect (§2)

def test_cancel_one_queued_command_then_all_of_this_connection_only(devices):
    d = devices()
    a, b = connect(d, "CardReader1"), connect(d, "CardReader1")
    waiting = a.send("CardReader.ReadRawData", {"track2": True}, request_id=10)
    queued = a.send("CardReader.Move", {"to": "exit"}, request_id=11)
    a.acknowledged(queued)
    theirs = b.send("CardReader.Move", {"to": "exit"}, request_id=12)
    b.acknowledged(theirs)
    assert a.command("Common.Cancel", {"requestIds": [12]}).error_code == "noMatchingRequestIDs", \
        "another connection's command is not ours to cancel"
    assert a.command("Common.Cancel", {"requestIds": [11]}).code == "success"
    assert a.wait(queued).code == "canceled", "a queued command can be cancelled"
    third = a.send("CardReader.Move", {"to": "exit"}, request_id=13)
    a.acknowledged(third)
    cancel_all = a.command("Common.Cancel")  # null payload: every command of this connection
    assert cancel_all.code == "success"
    assert (a.wait(waiting).code, a.wait(third).code) == ("canceled", "canceled")
    r = b.wait(theirs)
    assert (r.code, r.error_code) == ("commandErrorCode", "noMedia"), "b's command ran once a's were gone"
    assert d.control("POST", "/devices/cardReader/actions/insertCard", {"card": "zhang-mag"})[0] == 400, \
        "the cancelled read closed the slot"


def test_header_timeout_counts_queued_time(devices):
    d = devices()
    app = connect(d, "CardReader1")
    waiting = app.send("CardReader.ReadRawData", {"track2": True})
    queued = app.send("CardReader.Move", {"to": "exit"}, timeout_ms=200)
    r = app.wait(queued)
    assert r.code == "timeOut", "timed out while still behind the waiting read"
    assert app.command("Common.Cancel", {"requestIds": [waiting]}).code == "success"
    assert app.wait(waiting).code == "canceled"


def test_cash_in_timeout_leaves_late_notes_at_the_input_for_the_next_cash_in(devices):
    d = devices(config="recycler")
    app = connect(d, "CashModule1")
    assert app.command("CashAcceptor.CashInStart", {}).code == "success"
    r = app.command("CashAcceptor.CashIn", timeout_ms=200)
    assert r.code == "timeOut" and "CashAcceptor.InsertItemsEvent" in r.event_names()
    d.act("cash", "insertNotes", notes=[{"value": 100}, {"value": 50}])
    truth = d.truth()
    assert (notes_at(truth, "input"), notes_at(truth, "escrow")) == (2, 0)
    again = app.command("CashAcceptor.CashIn")
    assert again.code == "success" and again.payload["items"]["typeCNY100"]["fit"] == 1
    assert notes_at(d.truth(), "escrow") == 2


def eventually(predicate, within=3.0):
    """Polls `predicate` (every 20 ms, at most `within` seconds): for what the server does after a socket closes."""
    end = time.monotonic() + within
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def test_disconnect_cancels_that_connections_commands(devices):
    d = devices()
    a = connect(d, "CardReader1")
    rid = a.send("CardReader.ReadRawData", {"track2": True})
    a.acknowledged(rid)
    pin = connect(d, "PinPad1")
    entry = pin.send("Keyboard.PinEntry", {"minLen": 4, "maxLen": 6, "autoEnd": False})
    pin.acknowledged(entry)
    d.act("pinPad", "enterPin", pin="12", then="none")
    assert d.truth()["pinPad"]["entry"]["keysCounted"] == 2
    a.close()
    pin.close()
    assert eventually(lambda: d.truth()["pinPad"]["entry"] is None), "the entry was abandoned"
    assert d.truth()["pinPad"]["enteredDigits"] == 0
    b = connect(d, "CardReader1")
    rid = b.send("CardReader.ReadRawData", {"track2": True})
    assert b.acknowledged(rid)["header"]["status"] is None
    # The slot opens for b's read only once a's read is gone: the queue moved on.
    until_event(b, rid, "CardReader.InsertCardEvent")
    d.act("cardReader", "insertCard", card="zhang-mag")
    r = b.wait(rid)
    assert r.code == "success", "the queue moved on"
    assert d.truth()["cardReader"]["cards"] == {"transport": ["zhang-mag"]}
