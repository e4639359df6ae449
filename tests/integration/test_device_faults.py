"""Every device fault of the bench, against the real `atmbench devices` process over real WebSockets: what an
application sees (events, completion codes, error codes, counts) and where things physically are (GET /truth).
Faults are armed on the control endpoint with a fault_plan.hpp spec {name, at, occurrence, persistent, target,
count, currency, value}; the names each model accepts are listed in its header (cash_module.hpp, card_reader.hpp,
printer.hpp, …). Clauses cited are docs/conformance.md's; §n are topics of docs/references.md [XFS4IoT]."""
import base64
import json

import pytest

from xfs_client import XfsClient

STANDARD_NOTES = 2000  # standard.yaml: four cassettes of 500
RECYCLER_NOTES = 600   # recycler.yaml: two recycling units of 300


def cny(amount):
    return {"denomination": {"currencies": {"CNY": amount}}}


def from_units(**counts):
    return {"denomination": {"counts": counts}}


def b64(data):
    return base64.b64encode(data if isinstance(data, bytes) else data.encode()).decode()


def notes_at(truth, where):
    loc = truth["cash"]["notes"].get(where)
    return loc["count"] if loc else 0


def assert_conserved(truth, initial):
    """Every note that ever existed is in exactly one place (INV-MONEY's physical side)."""
    cash = truth["cash"]
    held = sum(loc["count"] for loc in cash["notes"].values())
    assert held == cash["total"] == initial + cash["introduced"], cash


def connect(d, service):
    """A client the service has registered: unsolicited events caused from now on reach it."""
    c = XfsClient(d.uri(service))
    c.sync()
    return c


def named(messages, name):
    return [m.get("payload") for m in messages if m["header"]["name"] == name]


def storage(app):
    r = app.command("Storage.GetStorage")
    assert r.code == "success"
    return r.payload["storage"]


def until_event(app, rid, name):
    """Waits (bounded) for the solicited event `name` of request `rid`, e.g. the reader asking for a card."""
    assert app.wait_event(rid, name, timeout=3) is not None, f"no {name} within 3 s"


def read_card(app, d, card, **sources):
    """CardReader.ReadRawData, the customer inserting `card` once the reader asks for it (InsertCardEvent)."""
    rid = app.send("CardReader.ReadRawData", sources or {"track2": True})
    until_event(app, rid, "CardReader.InsertCardEvent")
    d.act("cardReader", "insertCard", card=card)
    return app.wait(rid)


def cash_in(app, d, notes):
    """CashAcceptor.CashIn, the customer inserting `notes` once the acceptor asks for them (InsertItemsEvent)."""
    rid = app.send("CashAcceptor.CashIn")
    until_event(app, rid, "CashAcceptor.InsertItemsEvent")
    d.act("cash", "insertNotes", notes=notes)
    return app.wait(rid)


# ---------------------------------------------------------------- cash module: dispenser and storage (7.3.6.3)

@pytest.mark.parametrize("picked", [0, 2])
def test_jam_after_n_notes_leaves_them_in_the_stacker_until_reset(devices, picked):
    d = devices()
    d.fault("cash", name="jam", at="dispense", count=picked)
    app = connect(d, "CashModule1")
    r = app.command("CashDispenser.Dispense", from_units(unit1=5))
    assert (r.code, r.error_code) == ("commandErrorCode", "cashUnitError")
    assert r.event("CashDispenser.IncompleteDispenseEvent")["counts"] == ({"unit1": picked} if picked else {})
    assert {"failure": "error", "unit": "unit1"} in named(r.events, "Storage.StorageErrorEvent")
    if picked:  # §3.1 Dispense completion: what did leave the unit
        assert r.payload["denomination"] == {"currencies": {"CNY": 100 * picked}, "counts": {"unit1": picked}}
    truth = d.truth()
    assert notes_at(truth, "stacker") == picked
    unit1 = truth["cash"]["units"]["unit1"]
    assert (unit1["count"], unit1["reportedCount"], unit1["status"]) == (500 - picked, 500 - picked, "inoperative")
    assert storage(app)["unit1"]["status"] == "inoperative"
    assert app.command("CashDispenser.Dispense", from_units(unit1=1)).error_code == "cashUnitError", "jammed feed"

    reset = app.command("CashManagement.Reset")
    assert reset.code == "success"
    truth = d.truth()
    assert notes_at(truth, "stacker") == 0 and notes_at(truth, "unit6") == picked
    assert truth["cash"]["units"]["unit1"]["status"] == "ok"
    if picked:
        assert reset.payload["storage"] == {"unit6": {"count": picked}}
    assert_conserved(truth, STANDARD_NOTES)


def test_cassette_empty_is_reported_while_its_notes_stay_inside(devices):
    d = devices()
    d.fault("cash", name="cassetteEmpty", target="unit3")
    app = connect(d, "CashModule1")
    r = app.command("CashDispenser.Dispense", from_units(unit1=1, unit3=2))
    assert (r.code, r.error_code) == ("commandErrorCode", "cashUnitError")
    assert named(r.events, "Storage.StorageErrorEvent") == [{"failure": "empty", "unit": "unit3"}]
    assert r.event("CashDispenser.IncompleteDispenseEvent")["counts"] == {"unit1": 1}
    truth = d.truth()
    assert notes_at(truth, "stacker") == 1
    assert (truth["cash"]["units"]["unit3"]["count"], truth["cash"]["units"]["unit3"]["reportedCount"]) == (500, 500)
    assert storage(app)["unit3"]["cash"]["status"]["replenishmentStatus"] == "empty"
    assert app.command("CashDispenser.Reject").code == "success"
    den = app.command("CashDispenser.Denominate", cny(50))
    assert den.payload["counts"] == {"unit4": 1}, "the empty cassette is no longer offered"
    _, status = app.sync()
    assert status["cashManagement"]["dispenser"] == "attention"
    assert_conserved(d.truth(), STANDARD_NOTES)


def test_missing_cassettes_are_reported_and_never_picked(devices):
    d = devices()
    d.fault("cash", name="cassetteMissing", target="unit1")
    d.fault("cash", name="cassetteMissing", target="unit2")
    app = connect(d, "CashModule1")
    units = storage(app)
    assert units["unit1"]["status"] == units["unit2"]["status"] == "missing"
    assert app.command("CashDispenser.Denominate", cny(100)).payload["counts"] == {"unit3": 2}
    r = app.command("CashDispenser.Dispense", from_units(unit1=1))
    assert (r.code, r.error_code) == ("commandErrorCode", "cashUnitError")
    truth = d.truth()
    assert notes_at(truth, "stacker") == 0
    assert truth["cash"]["units"]["unit1"]["status"] == "missing" and truth["cash"]["units"]["unit1"]["count"] == 500


@pytest.mark.parametrize("claim", [{"currency": "USD"}, {"value": 5000}], ids=["currency", "denomination"])
def test_cassette_reporting_other_than_its_configuration(devices, claim):
    # INIT-CASSETTE-MISMATCH (7.3.2 e): the dispenser reports unit2's parameters differently from what is loaded.
    d = devices()
    d.fault("cash", name="cassetteMismatch", target="unit2", **claim)
    app = connect(d, "CashModule1")
    config = storage(app)["unit2"]["cash"]["configuration"]
    unit2 = d.truth()["cash"]["units"]["unit2"]
    assert (unit2["currency"], unit2["value"]) == ("CNY", 10000), "the notes inside are still CNY 100"
    if "currency" in claim:
        assert config["currency"] == unit2["reportedCurrency"] == "USD"
        assert app.command("CashDispenser.Denominate", cny(200)).payload["counts"] == {"unit1": 2}
        r = app.command("CashDispenser.Dispense", {"denomination": {"currencies": {"CNY": 100},
                                                                    "counts": {"unit2": 1}}})
        assert r.error_code == "invalidCurrency"
        assert notes_at(d.truth(), "stacker") == 0
    else:
        assert config["value"] == 50 and unit2["reportedValue"] == 5000
        # A terminal that trusts the device: CNY 50 comes from unit2 (smallest id among the "50" units) …
        assert app.command("CashDispenser.Denominate", cny(50)).payload["counts"] == {"unit2": 1}
        r = app.command("CashDispenser.Dispense", from_units(unit2=2))
        assert r.code == "success"
        assert r.payload["denomination"]["currencies"] == {"CNY": 100}, "what the device claims"
        truth = d.truth()
        assert truth["cash"]["notes"]["stacker"]["amount"] == 20000, "… while CNY 200 physically moved"
        assert_conserved(truth, STANDARD_NOTES)


def test_cassette_removed_and_inserted_at_run_time(devices):
    # DEV-CASSETTE-EVENT (7.3.6.6 a): unit changes reach the application as Storage.StorageChangedEvent.
    d = devices()
    app = connect(d, "CashModule1")
    d.fault("cash", name="cassetteRemoved", target="unit2")
    events, status = app.sync()
    assert named(events, "Storage.StorageChangedEvent")[0]["unit2"]["status"] == "missing"
    assert named(events, "Common.StatusChangedEvent")[0]["cashManagement"]["dispenser"] == "attention"
    assert app.command("CashDispenser.Dispense", from_units(unit2=1)).error_code == "cashUnitError"
    truth = d.truth()["cash"]
    assert truth["units"]["unit2"]["status"] == "missing" and truth["units"]["unit2"]["count"] == 500

    d.fault("cash", name="cassetteInserted", target="unit2")
    events, status = app.sync()
    assert named(events, "Storage.StorageChangedEvent")[0]["unit2"]["status"] == "ok"
    assert status["cashManagement"]["dispenser"] == "ok"
    assert app.command("CashDispenser.Dispense", from_units(unit2=1)).code == "success"
    truth = d.truth()
    assert notes_at(truth, "stacker") == 1 and truth["cash"]["units"]["unit2"]["count"] == 499


def test_shutter_fails_to_open_so_nothing_is_presented(devices):
    d = devices()
    d.fault("cash", name="shutterOpenFail", at="present")
    app = connect(d, "CashModule1")
    assert app.command("CashDispenser.Dispense", from_units(unit1=2)).code == "success"
    r = app.command("CashDispenser.Present", {"position": "outDefault"})
    assert (r.code, r.error_code) == ("commandErrorCode", "shutterNotOpen")
    assert named(r.unsolicited, "CashManagement.ShutterStatusChangedEvent") == [
        {"position": "outDefault", "shutter": "jammed"}]
    assert "CashManagement.ItemsPresentedEvent" not in r.unsolicited_names()
    truth = d.truth()["cash"]
    assert truth["shutter"] == "jammed"
    assert (truth["notes"]["stacker"]["count"], "output" in truth["notes"]) == (2, False)
    status, body = d.control("POST", "/devices/cash/actions/takeCash", {})
    assert status == 400, "nothing reachable behind a jammed shutter"
    assert app.command("CashDispenser.GetPresentStatus").payload["presentState"] == "notPresented"
    reset = app.command("CashManagement.Reset")
    assert reset.code == "success" and reset.payload["storage"] == {"unit6": {"count": 2}}
    truth = d.truth()
    assert truth["cash"]["shutter"] == "closed" and notes_at(truth, "unit6") == 2
    assert_conserved(truth, STANDARD_NOTES)


def test_shutter_fails_to_close_on_retract_and_the_notes_stay_reachable(devices):
    d = devices()
    d.fault("cash", name="shutterCloseFail", at="retract")
    app = connect(d, "CashModule1")
    assert app.command("CashDispenser.Dispense", from_units(unit1=2)).code == "success"
    assert app.command("CashDispenser.Present").code == "success"
    r = app.command("CashManagement.Retract", {"location": {"outputPosition": "outDefault", "retractArea": "retract"}})
    assert (r.code, r.error_code) == ("commandErrorCode", "shutterNotClosed")
    assert named(r.unsolicited, "CashManagement.ShutterStatusChangedEvent")[-1]["shutter"] == "jammed"
    truth = d.truth()
    assert truth["cash"]["shutter"] == "jammed" and notes_at(truth, "output") == 2 and notes_at(truth, "unit6") == 0
    assert d.act("cash", "takeCash") == {"taken": 2}, "a jammed-open shutter lets the customer reach the notes"
    assert notes_at(d.truth(), "customer") == 2


@pytest.mark.parametrize("reached,code", [(2, "presentErrorItems"), (0, "presentErrorUnknown")])
def test_present_fails_with_notes_possibly_accessible(devices, reached, code):
    # NOREV-TOUCHED (7.3.6.7 c 5): after a failed present the customer may have touched the notes.
    d = devices()
    d.fault("cash", name="presentFail", count=reached)
    app = connect(d, "CashModule1")
    assert app.command("CashDispenser.Dispense", from_units(unit1=5)).code == "success"
    r = app.command("CashDispenser.Present")
    assert (r.code, r.error_code) == ("commandErrorCode", code)
    assert ("CashManagement.ItemsPresentedEvent" in r.unsolicited_names()) == (reached > 0)
    assert app.command("CashDispenser.GetPresentStatus").payload["presentState"] == "unknown"
    truth = d.truth()
    assert (notes_at(truth, "output"), notes_at(truth, "stacker")) == (reached, 5 - reached)
    assert truth["cash"]["shutter"] == "open"
    if reached:
        assert d.act("cash", "takeCash") == {"taken": reached}
    retract = app.command("CashManagement.Retract", {"location": {"retractArea": "retract"}})
    assert retract.code == "success" and retract.payload["storage"] == {"unit6": {"count": 5 - reached}}
    truth = d.truth()
    assert (notes_at(truth, "customer"), notes_at(truth, "unit6")) == (reached, 5 - reached)
    assert_conserved(truth, STANDARD_NOTES)


@pytest.mark.parametrize("where", ["stacker", "output"])
def test_notes_left_in_the_transport_at_start(devices, where):
    # INIT-RESIDUAL-NOTES (7.3.6.3 b): a previous session left notes behind; they are retracted, not presented.
    d = devices()
    d.fault("cash", name="notesInTransport", target=where, count=3)
    app = connect(d, "CashModule1")
    _, status = app.sync()
    if where == "stacker":
        assert status["cashDispenser"]["intermediateStacker"] == "notEmpty"
    else:
        assert status["cashDispenser"]["positions"]["outDefault"]["positionStatus"] == "notEmpty"
    assert app.command("CashDispenser.Dispense", cny(100)).error_code == "itemsLeft"
    truth = d.truth()
    assert notes_at(truth, where) == 3
    assert (truth["cash"]["units"]["unit1"]["count"], truth["cash"]["units"]["unit1"]["reportedCount"]) == (497, 497)
    r = app.command("CashManagement.Retract", {"location": {"retractArea": "retract"}})
    assert r.code == "success" and r.payload["storage"] == {"unit6": {"count": 3}}
    truth = d.truth()
    assert (notes_at(truth, where), notes_at(truth, "unit6")) == (0, 3)
    assert_conserved(truth, STANDARD_NOTES)


def test_retract_unit_full_leaves_the_notes_at_the_output(devices):
    d = devices()
    d.fault("cash", name="storageFull", at="retract", target="unit6")
    app = connect(d, "CashModule1")
    assert app.command("CashDispenser.Dispense", from_units(unit1=2)).code == "success"
    assert app.command("CashDispenser.Present").code == "success"
    r = app.command("CashManagement.Retract", {"location": {"retractArea": "retract"}})
    assert (r.code, r.error_code) == ("commandErrorCode", "cashUnitError")
    assert r.event("CashManagement.IncompleteRetractEvent") == {"storage": {"unit6": {"count": 0}},
                                                               "reason": "retractUnitFull"}
    assert {"failure": "full", "unit": "unit6"} in named(r.events, "Storage.StorageErrorEvent")
    truth = d.truth()
    assert (notes_at(truth, "output"), notes_at(truth, "unit6")) == (2, 0)
    assert storage(app)["unit6"]["cash"]["status"]["replenishmentStatus"] == "full"
    r = app.command("CashManagement.Retract", {"location": {"retractArea": "reject"}})
    assert r.code == "success" and r.payload["storage"] == {"unit5": {"count": 2}}
    assert notes_at(d.truth(), "unit5") == 2


def test_counts_that_contradict_the_movement(devices):
    # The device claims one note more than it picked: the completion, CountsChangedEvent and GetStorage all say 4.
    d = devices()
    d.fault("cash", name="countMismatch", at="dispense", target="unit1", count=1)
    app = connect(d, "CashModule1")
    r = app.command("CashDispenser.Dispense", from_units(unit1=3))
    assert r.code == "success"
    assert r.payload["denomination"] == {"currencies": {"CNY": 400}, "counts": {"unit1": 4}}
    assert named(r.unsolicited, "Storage.CountsChangedEvent")[0]["unit1"]["cash"]["status"]["count"] == 496
    assert storage(app)["unit1"]["cash"]["status"]["count"] == 496
    truth = d.truth()
    assert notes_at(truth, "stacker") == 3
    assert (truth["cash"]["units"]["unit1"]["count"], truth["cash"]["units"]["unit1"]["reportedCount"]) == (497, 496)
    assert_conserved(truth, STANDARD_NOTES)


@pytest.mark.parametrize("kind", ["invalidJson", "missingFields", "unknownCompletionCode", "wrongRequestId"])
def test_malformed_answer_to_a_dispense_that_did_move_notes(devices, kind):
    # §2: the completion is spoiled on the wire; the notes moved all the same (the terminal must not assume not).
    d = devices()
    d.fault("cash", name=kind, at="CashDispenser.Dispense")
    app = connect(d, "CashModule1")
    rid = app.send("CashDispenser.Dispense", from_units(unit1=2))
    spoiled = None
    for _ in range(10):
        text = app.recv_text(3)
        assert text is not None, "the dispense was answered"
        try:
            m = json.loads(text)
        except ValueError:
            spoiled = text
            break
        if m["header"]["type"] == "completion":
            spoiled = m
            break
    assert spoiled is not None, "the dispense was answered"
    if kind == "invalidJson":
        assert isinstance(spoiled, str) and spoiled.startswith('{"header":{"type":"completion"')
    else:
        header = spoiled["header"]
        assert header["name"] == "CashDispenser.Dispense"
        if kind == "missingFields":
            assert "completionCode" not in header and "requestId" not in header
        elif kind == "unknownCompletionCode":
            assert header["completionCode"] == "successful"
        else:
            assert header["requestId"] == rid + 1000
    assert notes_at(d.truth(), "stacker") == 2
    assert app.command("CashDispenser.Present").code == "success", "one-shot: the next answer is sound"
    assert notes_at(d.truth(), "output") == 2


def test_counts_off_spoils_one_get_storage(devices):
    # The first cash unit's count one too many in the GetStorage chosen by occurrence; nothing else changes.
    d = devices()
    app = connect(d, "CashModule1")
    clean = storage(app)
    d.fault("cash", name="countsOff", at="Storage.GetStorage", occurrence=2)
    assert storage(app) == clean
    spoiled = storage(app)
    assert spoiled["unit1"]["cash"]["status"]["count"] == clean["unit1"]["cash"]["status"]["count"] + 1
    spoiled["unit1"]["cash"]["status"]["count"] -= 1
    assert spoiled == clean
    assert storage(app) == clean, "one-shot"


def hand_out(d, app, notes):
    """`notes` from unit1 dispensed, presented and taken by the customer: the unsolicited events up to then."""
    assert app.command("CashDispenser.Dispense", from_units(unit1=notes)).code == "success"
    assert app.command("CashDispenser.Present").code == "success"
    d.act("cash", "takeCash")
    return app.sync()[0]


def test_missing_event_items_taken(devices):
    # The customer takes the notes; CashManagement.ItemsTakenEvent (unsolicited) never comes, the notes are gone.
    d = devices()
    d.fault("cash", name="missingEvent", at="CashManagement.ItemsTakenEvent")
    app = connect(d, "CashModule1")
    assert named(hand_out(d, app, 2), "CashManagement.ItemsTakenEvent") == []
    assert notes_at(d.truth(), "output") == 0
    assert len(named(hand_out(d, app, 1), "CashManagement.ItemsTakenEvent")) == 1, "one-shot: the next take is reported"


def test_deviation_points_are_checked(devices):
    d = devices()
    status, body = d.control("POST", "/devices/cash/faults", {"name": "missingEvent", "at": "CashManagement.ItemTakenEvent"})
    assert status == 400 and body["field"] == "at", body
    assert "CashManagement.ItemsTakenEvent" in body["expected"] and "Common.StatusChangedEvent" in body["expected"], body
    status, body = d.control("POST", "/devices/cash/faults", {"name": "countsOff", "at": "CashDispenser.Dispense"})
    assert status == 400 and body["expected"] == ["Storage.GetStorage"], body
    health = d.control("GET", "/health")[1]
    assert {"countsOff", "missingEvent", "wrongCompletionCode"} <= set(health["devices"]["cash"]["faults"])


# ---------------------------------------------------------------- cash module: acceptor (7.3.7)

@pytest.mark.parametrize("at", ["cashIn", "cashInEnd"])
def test_escrow_jam_holds_the_notes_until_reset(devices, at):
    d = devices(config="recycler")
    d.fault("cash", name="escrowJam", at=at)
    app = connect(d, "CashModule1")
    assert app.command("CashAcceptor.CashInStart", {}).code == "success"
    r = cash_in(app, d, [{"value": 100}, {"value": 100}, {"value": 50}])
    if at == "cashInEnd":
        assert r.code == "success"
        assert notes_at(d.truth(), "escrow") == 3
        r = app.command("CashAcceptor.CashInEnd")
    assert (r.code, r.error_code) == ("commandErrorCode", "cashUnitError")
    assert named(r.unsolicited, "Common.StatusChangedEvent")[-1]["common"]["device"] == "hardwareError"
    truth = d.truth()
    assert (notes_at(truth, "jammed"), notes_at(truth, "escrow")) == (3, 0)
    assert truth["cash"]["device"] == "hardwareError"
    assert truth["cash"]["units"]["unit1"]["count"] == 300, "nothing stored"
    assert app.command("CashAcceptor.CashInRollback").code == "hardwareError", "until a reset"
    reset = app.command("CashManagement.Reset")
    assert reset.code == "success" and reset.payload["storage"] == {"unit5": {"count": 3}}
    truth = d.truth()
    assert (notes_at(truth, "jammed"), notes_at(truth, "unit5")) == (0, 3)
    assert truth["cash"]["device"] == "online"
    assert_conserved(truth, RECYCLER_NOTES)


@pytest.mark.parametrize("at", ["cashIn", "cashInEnd"])
def test_cash_in_fail_leaves_the_notes_in_escrow_and_a_rollback_returns_them(devices, at):
    # 7.3.7 d 1: the acceptor fails with the notes counted into the escrow; the truth shows them there, the device
    # stays usable and CashInRollback gives them back.
    d = devices(config="recycler")
    d.fault("cash", name="cashInFail", at=at)
    app = connect(d, "CashModule1")
    assert app.command("CashAcceptor.CashInStart", {}).code == "success"
    r = cash_in(app, d, [{"value": 100}, {"value": 100}, {"value": 50}])
    if at == "cashInEnd":
        assert r.code == "success"
        r = app.command("CashAcceptor.CashInEnd")
    assert r.code == "hardwareError"
    truth = d.truth()
    assert notes_at(truth, "escrow") == 3
    assert truth["cash"]["device"] == "online"
    back = app.command("CashAcceptor.CashInRollback")
    assert back.code == "success"
    assert notes_at(d.truth(), "output") == 3
    assert_conserved(d.truth(), RECYCLER_NOTES)


def test_storage_full_on_cash_in_end_keeps_the_deposit_in_escrow(devices):
    d = devices(config="recycler")
    d.fault("cash", name="storageFull", at="cashInEnd", persistent=True)
    app = connect(d, "CashModule1")
    assert app.command("CashAcceptor.CashInStart", {}).code == "success"
    assert cash_in(app, d, [{"value": 100}, {"value": 100}, {"value": 50}]).code == "success"
    r = app.command("CashAcceptor.CashInEnd")
    assert (r.code, r.error_code) == ("commandErrorCode", "cashUnitError")
    full = {e["unit"] for e in named(r.events, "Storage.StorageErrorEvent") if e["failure"] == "full"}
    assert full == {"unit1", "unit2", "unit3"}, "every unit that takes deposits reports full"
    truth = d.truth()
    assert notes_at(truth, "escrow") == 3 and truth["cash"]["units"]["unit1"]["count"] == 300
    assert storage(app)["unit1"]["cash"]["status"]["replenishmentStatus"] == "full"
    back = app.command("CashAcceptor.CashInRollback")
    assert back.code == "success" and back.payload["returned"] == 3
    assert d.act("cash", "takeRefused") == {"taken": 3}
    truth = d.truth()
    assert (notes_at(truth, "escrow"), notes_at(truth, "customer")) == (0, 3)
    assert_conserved(truth, RECYCLER_NOTES)


# ---------------------------------------------------------------- card reader (7.3.2 f, 8.2)

@pytest.mark.parametrize("card", [None, "zhang-mag"], ids=["blank", "catalogue-card"])
def test_card_left_in_the_reader_at_start_is_found_and_retained(devices, card):
    # INIT-RESIDUAL-CARD (7.3.2 f): the card is in the transport before any customer; it is captured.
    d = devices()
    d.fault("cardReader", name="cardLeftInReader", **({"target": card} if card else {}))
    app = connect(d, "CardReader1")
    _, status = app.sync()
    assert status["cardReader"]["media"] == "present"
    r = app.command("CardReader.ReadRawData", {"track2": True})
    assert "CardReader.InsertCardEvent" not in r.event_names(), "no insertion needed"
    if card:
        assert r.code == "success" and base64.b64decode(r.payload["track2"]["data"]).startswith(b"6222020000000000018=")
    else:
        assert (r.code, r.error_code) == ("commandErrorCode", "invalidMedia")
        assert r.payload["track2"] == {"status": "dataMissing"}
    left = card or "residual-card"
    assert d.truth()["cardReader"]["cards"] == {"transport": [left]}
    reset = app.command("CardReader.Reset", {"to": "retain"})
    assert reset.code == "success"
    assert {"position": "unit1"} in named(reset.unsolicited, "CardReader.MediaDetectedEvent")
    truth = d.truth()["cardReader"]
    assert truth["cards"] == {"unit1": [left]} and truth["media"] == "notPresent"
    assert truth["units"]["unit1"]["count"] == truth["units"]["unit1"]["reportedCount"] == 1


@pytest.mark.parametrize("at", ["insert", "read", "eject"])
def test_card_jam_holds_the_card_until_reset_retains_it(devices, at):
    d = devices()
    d.fault("cardReader", name="cardJam", at=at)
    app = connect(d, "CardReader1")
    r = read_card(app, d, "zhang-mag")
    if at == "eject":
        assert r.code == "success"
        r = app.command("CardReader.Move", {"from": "transport", "to": "exit"})
    assert (r.code, r.error_code) == ("commandErrorCode", "mediaJam")
    events, status = app.sync()
    assert {"position": "jammed"} in named(r.unsolicited + events, "CardReader.MediaDetectedEvent")
    assert status["cardReader"]["media"] == "jammed"
    assert d.truth()["cardReader"]["cards"] == {"jammed": ["zhang-mag"]}
    assert d.control("POST", "/devices/cardReader/actions/takeCard", {})[0] == 400
    assert app.command("CardReader.Move", {"to": "exit"}).error_code == "mediaJam"
    assert app.command("CardReader.Reset", {"to": "auto"}).code == "success"
    truth = d.truth()["cardReader"]
    assert truth["cards"] == {"unit1": ["zhang-mag"]} and truth["units"]["unit1"]["reportedCount"] == 1


def test_read_failure_is_invalid_media_and_the_card_can_be_returned(devices):
    d = devices()
    d.fault("cardReader", name="readFailure")
    app = connect(d, "CardReader1")
    r = read_card(app, d, "zhang-mag", track1=True, track2=True)
    assert (r.code, r.error_code) == ("commandErrorCode", "invalidMedia")
    assert r.event_names() == ["CardReader.InsertCardEvent", "CardReader.MediaInsertedEvent",
                               "CardReader.InvalidMediaEvent"]
    assert r.payload["track1"] == r.payload["track2"] == {"status": "dataInvalid"}
    assert d.truth()["cardReader"]["cards"] == {"transport": ["zhang-mag"]}
    assert app.command("CardReader.Move", {"from": "transport", "to": "exit"}).code == "success"
    d.act("cardReader", "takeCard")
    assert d.truth()["cardReader"]["cards"] == {"customer": ["zhang-mag"]}


@pytest.mark.parametrize("command,payload,error", [
    ("CardReader.Move", {"from": "transport", "to": "unit1"}, "full"),
    ("CardReader.Reset", {"to": "retain"}, "retainBinFull"),
])
def test_retain_unit_full_keeps_the_card_in_the_transport(devices, command, payload, error):
    d = devices()
    d.fault("cardReader", name="retainFull")
    app = connect(d, "CardReader1")
    assert storage(app)["unit1"]["card"]["status"]["replenishmentStatus"] == "full"
    assert read_card(app, d, "zhang-mag").code == "success"
    r = app.command(command, payload)
    assert (r.code, r.error_code) == ("commandErrorCode", error)
    truth = d.truth()["cardReader"]
    assert truth["cards"] == {"transport": ["zhang-mag"]}
    assert truth["units"]["unit1"]["count"] == truth["units"]["unit1"]["reportedCount"] == 0


def test_card_pulled_during_a_chip_write(devices):
    # LOAD-WRITE-STATUS (seed 003): the write's outcome is unknown (U); the card is with the customer.
    d = devices()
    d.fault("cardReader", name="cardPulled", at="chipWrite")
    app = connect(d, "CardReader1")
    assert read_card(app, d, "zhang-chip", chip=True).code == "success"
    select = app.command("CardReader.ChipIO", {"chipProtocol": "chipT1",
                                               "chipData": b64(bytes.fromhex("00A404000E315041592E5359532E444446303100"))})
    assert select.code == "success" and base64.b64decode(select.payload["chipData"]).endswith(b"\x90\x00")
    w = app.command("CardReader.ChipIO", {"chipProtocol": "chipT1", "chipData": b64(bytes.fromhex("00DC010C0470025A00"))})
    assert (w.code, w.error_code) == ("commandErrorCode", "noMedia")
    assert "CardReader.MediaRemovedEvent" in w.unsolicited_names()
    truth = d.truth()["cardReader"]
    assert truth["cards"] == {"customer": ["zhang-chip"]} and truth["media"] == "notPresent"
    assert [(x["write"], x["status"]) for x in truth["chipLog"]] == [(False, "S"), (True, "U")]


def test_gate_sensor_abnormal_holds_a_card_pushed_in(devices):
    # DEV-SLOT-GATE (8.2 b): the gate sensor (Auxiliaries) reports abnormal; a card pushed in meanwhile is held.
    d = devices()
    reader, aux = connect(d, "CardReader1"), connect(d, "Auxiliaries1")
    d.fault("sensors", name="gateAbnormal")
    d.fault("cardReader", name="gateAbnormal")
    events, status = aux.sync()
    assert named(events, "Common.StatusChangedEvent") == [{"auxiliaries": {"cardEntryGate": "abnormal"}}]
    assert status["auxiliaries"]["cardEntryGate"] == "abnormal"
    assert d.act("cardReader", "insertCard", card="zhang-mag")["at"] == "transport", "no ReadRawData was waiting"
    events, status = reader.sync()
    assert {"position": "transport"} in named(events, "CardReader.MediaDetectedEvent")
    assert status["cardReader"]["media"] == "present"
    truth = d.truth()
    assert truth["cardReader"]["gate"] == "abnormal" and truth["cardReader"]["cards"] == {"transport": ["zhang-mag"]}
    assert truth["sensors"]["sensors"]["cardEntryGate"] == "abnormal"
    for device in ("sensors", "cardReader"):
        assert d.control("DELETE", f"/devices/{device}/faults")[0] == 200
    events, _ = aux.sync()
    assert named(events, "Common.StatusChangedEvent") == [{"auxiliaries": {"cardEntryGate": "ok"}}]
    truth = d.truth()
    assert truth["cardReader"]["gate"] == "normal" and truth["sensors"]["sensors"]["cardEntryGate"] == "ok"
    assert truth["cardReader"]["cards"] == {"transport": ["zhang-mag"]}, "clearing the gate does not eject"


# ---------------------------------------------------------------- printer

@pytest.mark.parametrize("fault,error", [("paperOut", "paperOut"), ("paperJam", "paperJammed")])
def test_paper_out_and_paper_jam(devices, fault, error):
    d = devices()
    d.fault("printer", name=fault, count=1)
    printer = connect(d, "Printer1")
    r = printer.command("Printer.PrintRaw", {"inputData": "no", "data": b64("LINE 1\nLINE 2\nLINE 3\n")})
    assert (r.code, r.error_code) == ("commandErrorCode", error)
    events, status = printer.sync()
    truth = d.truth()["printer"]
    if fault == "paperOut":
        assert status["printer"]["paper"]["upper"] == "out"
        assert truth["uncutLines"] == ["LINE 1"] and truth["paperLinesLeft"] == 0
        cut = printer.command("Printer.ControlMedia", {"mediaControl": {"cut": True, "eject": True}})
        assert cut.code == "success", "what was printed can still be cut and presented"
        assert d.truth()["printer"]["receipts"][0]["lines"] == ["LINE 1"]
        d.act("printer", "loadPaper")
    else:
        assert status["printer"]["media"] == "jammed" and status["printer"]["paper"]["upper"] == "jammed"
        assert truth["jammed"] is True and truth["uncutLines"] == []
        assert printer.command("Printer.PrintRaw", {"inputData": "no", "data": b64("X\n")}).error_code == error
        assert printer.command("Printer.Reset").code == "success"
    assert "Common.StatusChangedEvent" in [m["header"]["name"] for m in r.unsolicited + events]
    assert printer.command("Printer.PrintRaw", {"inputData": "no", "data": b64("AGAIN\n")}).code == "success"
    assert "AGAIN" in d.truth()["printer"]["uncutLines"]


# ---------------------------------------------------------------- a command that never completes (§2)

def nothing_moved(t):
    return "stacker" not in t["notes"] and t["units"]["unit1"]["count"] == 500


def card_stays(t):
    return t["cards"] == {"transport": ["zhang-mag"]}


HANGS = {
    # device: (service, command, payload, fault point, customer action or None,
    #          what the truth shows while it hangs, and after the cancel)
    "pinPad": ("PinPad1", "Keyboard.PinEntry", {"minLen": 4, "maxLen": 6, "autoEnd": False}, "pinEntry",
               ("enterPin", {"pin": "1234"}), lambda t: t["entry"]["hung"] and t["enteredDigits"] == 0,
               lambda t: t["entry"] is None and not t["pinHeld"]),
    "textTerminal": ("TextTerminal1", "TextTerminal.Read", {"numOfChars": 4, "autoEnd": False}, "read",
                     ("pressKeys", {"keys": ["1", "enter"]}), lambda t: t["read"]["hung"] and t["read"]["input"] == "",
                     lambda t: t["read"] is None),
    "cash": ("CashModule1", "CashDispenser.Dispense", from_units(unit1=2), "dispense", None, nothing_moved,
             nothing_moved),
    "cardReader": ("CardReader1", "CardReader.Move", {"from": "transport", "to": "exit"}, "move", None, card_stays,
                   card_stays),
}


@pytest.mark.parametrize("device", list(HANGS))
def test_a_command_that_never_completes_until_cancelled(devices, device):
    service, command, payload, point, customer, meanwhile, after = HANGS[device]
    d = devices()
    if device == "cardReader":
        d.fault("cardReader", name="cardLeftInReader", target="zhang-mag")
    d.fault(device, name="hang", at=point)
    app = connect(d, service)
    rid = app.send(command, payload)
    assert app.acknowledged(rid)["header"]["status"] is None, "accepted"
    if customer:
        d.act(device, customer[0], **customer[1])
    r = app.wait(rid, timeout=0.5)
    assert r.completion is None, "no answer, whatever the customer does"
    assert meanwhile(d.truth()[device])
    follower = app.send("Common.Status")  # information commands are not held up
    assert app.wait(follower).code == "success"
    cancel = app.command("Common.Cancel", {"requestIds": [rid]})
    assert cancel.code == "success"
    assert app.wait(rid).code == "canceled"
    assert after(d.truth()[device])
    again = app.send(command, payload)  # one-shot: the same command is served again
    app.acknowledged(again)
    if customer:
        d.act(device, customer[0], **customer[1])
    assert app.wait(again).code == "success"


# ---------------------------------------------------------------- hardware error and offline, every device

DEVICES = {
    # device: (service, a command, its payload, its fault point, the reset command or None)
    "cash": ("CashModule1", "CashDispenser.Denominate", cny(100), "denominate", "CashManagement.Reset"),
    "cardReader": ("CardReader1", "CardReader.Move", {"to": "exit"}, "move", "CardReader.Reset"),
    "printer": ("Printer1", "Printer.PrintRaw", {"inputData": "no", "data": b64("X\n")}, "print", "Printer.Reset"),
    "textTerminal": ("TextTerminal1", "TextTerminal.Write", {"text": "HELLO"}, "write", "TextTerminal.Reset"),
    "lights": ("Lights1", "Lights.SetLight", {"cardReader": {"flashRate": "slow"}}, "setLight", None),
}


def device_state_changes(messages):
    return [p["common"]["device"] for p in named(messages, "Common.StatusChangedEvent") if "device" in p.get("common", {})]


@pytest.mark.parametrize("device", list(DEVICES))
def test_hardware_error_until_reset(devices, device):
    service, command, payload, point, reset = DEVICES[device]
    d = devices()
    d.fault(device, name="hardwareError", at=point)
    app = connect(d, service)
    r = app.command(command, payload)
    assert r.code == "hardwareError"
    assert device_state_changes(r.unsolicited) == ["hardwareError"]
    assert d.truth()[device]["device"] == "hardwareError"
    assert app.command(command, payload).code == "hardwareError", "the device stays in error"
    if reset:
        assert app.command(reset).code == "success"
    else:  # the lights have no Reset: the operator clears the fault
        assert d.control("DELETE", f"/devices/{device}/faults")[0] == 200
    events, status = app.sync()
    assert status["common"]["device"] == "online" and d.truth()[device]["device"] == "online"
    assert app.command(command, payload).code not in ("hardwareError", "deviceNotReady", None)


@pytest.mark.parametrize("device", list(DEVICES))
def test_offline_until_cleared(devices, device):
    service, command, payload, _, reset = DEVICES[device]
    d = devices()
    app = connect(d, service)
    d.fault(device, name="offline")
    events, status = app.sync()
    assert device_state_changes(events) == ["offline"] and status["common"]["device"] == "offline"
    assert d.truth()[device]["device"] == "offline"
    assert app.command(command, payload).code == "deviceNotReady"
    if reset:
        assert app.command(reset).code == "deviceNotReady", "a reset does not bring it back"
    assert d.control("DELETE", f"/devices/{device}/faults")[0] == 200
    events, status = app.sync()
    assert device_state_changes(events) == ["online"] and d.truth()[device]["device"] == "online"
    assert app.command(command, payload).code not in ("deviceNotReady", None)


# ---------------------------------------------------------------- one-shot, persistent, n-th occurrence

@pytest.mark.parametrize("occurrence,persistent,pattern", [
    (1, False, [True, False, False, False]),
    (3, False, [False, False, True, False]),
    (2, True, [False, True, True, True]),
])
def test_one_shot_persistent_and_nth_occurrence(devices, occurrence, persistent, pattern):
    d = devices()
    d.fault("cardReader", name="cardLeftInReader", target="zhang-mag")  # every read finds the card at once
    d.fault("cardReader", name="readFailure", at="read", occurrence=occurrence, persistent=persistent)
    d.fault("printer", name="unknownCompletionCode", at="Common.Status", occurrence=occurrence, persistent=persistent)
    reader, printer = connect(d, "CardReader1"), XfsClient(d.uri("Printer1"))
    failed = [reader.command("CardReader.ReadRawData", {"track2": True}).error_code == "invalidMedia"
              for _ in pattern]
    spoiled = [printer.command("Common.Status").code == "successful" for _ in pattern]
    assert failed == pattern, "model fault (card reader readFailure)"
    assert spoiled == pattern, "protocol fault (malformed printer answer)"
    assert d.truth()["cardReader"]["cards"] == {"transport": ["zhang-mag"]}, "a read failure moves no card"
    if persistent:
        for device in ("cardReader", "printer"):
            assert d.control("DELETE", f"/devices/{device}/faults")[0] == 200
        assert reader.command("CardReader.ReadRawData", {"track2": True}).code == "success", "cleared"
        assert printer.command("Common.Status").code == "success"


def test_a_state_fault_waits_for_the_nth_command(devices):
    # cassetteRemoved at the 2nd dispense: the first is served, the second finds the cassette gone.
    d = devices()
    d.fault("cash", name="cassetteRemoved", target="unit1", at="dispense", occurrence=2)
    app = connect(d, "CashModule1")
    assert app.command("CashDispenser.Dispense", from_units(unit1=1)).code == "success"
    assert d.truth()["cash"]["units"]["unit1"]["status"] == "ok"
    assert app.command("CashDispenser.Reject").code == "success"
    r = app.command("CashDispenser.Dispense", from_units(unit1=1))
    assert r.error_code == "cashUnitError"
    assert named(r.unsolicited, "Storage.StorageChangedEvent")[0]["unit1"]["status"] == "missing"
    truth = d.truth()
    assert truth["cash"]["units"]["unit1"]["status"] == "missing" and notes_at(truth, "stacker") == 0


def test_every_message_carries_its_2024_03_version_without_set_versions(devices):
    """A 2024-03 client that negotiates nothing sees each message at a version its release has (docs/references.md
    [XFS4IoT] §3): ReadRawData's completion 3.0 (its command 2.0), IncompleteDispenseEvent 3.0, Common.Status 3.0."""
    d = devices()
    reader = connect(d, "CardReader1")
    r = read_card(reader, d, "zhang-mag")
    assert r.code == "success" and r.completion["header"]["version"] == "3.0", r.completion
    assert reader.command("Common.Status").completion["header"]["version"] == "3.0"
    d.fault("cash", name="jam", at="dispense", count=1)
    app = connect(d, "CashModule1")
    r = app.command("CashDispenser.Dispense", cny(300))
    assert r.code != "success", r.completion
    incomplete = [e for e in r.events if e["header"]["name"] == "CashDispenser.IncompleteDispenseEvent"]
    assert incomplete and all(e["header"]["version"] == "3.0" for e in incomplete), r.events
