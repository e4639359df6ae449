"""A running `atmbench devices` process driven as any XFS4IoT application would: discovery through the service
publisher, then one WebSocket per service; the customer and the faults come through the control endpoint."""
import base64
import json

import pytest

from conftest import run_atmbench
from xfs_client import XfsClient

TMK = "0123456789ABCDEFFEDCBA9876543210"
PIK = "1122334455667788AABBCCDDEEFF0011"


def b64(hex_text):
    return base64.b64encode(bytes.fromhex(hex_text)).decode()


def all_notes(truth):
    """Every note the cash module knows of, wherever it physically is."""
    return sum(len(v) for v in truth["cash"]["notes"].values()) if "notes" in truth["cash"] else None


def test_discovery_lists_every_service_but_not_the_publisher(devices):
    d = devices()
    pub = XfsClient(d.publisher)
    r = pub.command("ServicePublisher.GetServices")
    assert r.ack["header"]["status"] is None
    assert r.event_names() == ["ServicePublisher.ServiceDetailEvent"]
    uris = [s["serviceURI"] for s in r.payload["services"]]
    assert sorted(uris) == sorted(d.services)
    assert d.publisher not in uris and d.publisher + "/" not in uris
    names = {u.rstrip("/").rsplit("/", 1)[1] for u in uris}
    assert names == {"CashModule1", "CardReader1", "PinPad1", "Printer1", "TextTerminal1", "Lights1", "Auxiliaries1"}
    for uri in uris:  # every service answers Common.Capabilities with its interfaces
        c = XfsClient(uri)
        caps = c.command("Common.Capabilities")
        assert caps.code == "success"
        assert caps.payload["interfaces"][0]["name"] == "Common"
        c.close()


def test_card_in_read_eject_take(devices):
    d = devices()
    app = XfsClient(d.uri("CardReader1"))
    rid = app.send("CardReader.ReadRawData", {"track1": True, "track2": True, "track3": False, "chip": False})
    first = app.recv()
    assert first["header"]["type"] == "acknowledge"
    ev = app.recv()
    assert ev["header"]["name"] == "CardReader.InsertCardEvent"
    d.act("cardReader", "insertCard", card="zhang-mag")
    r = app.wait(rid)
    assert r.code == "success"
    assert "CardReader.MediaInsertedEvent" in r.event_names()
    assert base64.b64decode(r.payload["track2"]["data"]).decode().startswith("6222020000000000018=")
    assert app.command("CardReader.Move", {"from": "transport", "to": "exit"}).code == "success"
    d.act("cardReader", "takeCard")
    names = [m["header"]["name"] for m in app.drain_unsolicited()]
    assert "CardReader.MediaRemovedEvent" in names
    truth = d.truth()["cardReader"]
    assert "zhang-mag" in json.dumps(truth)


def test_waiting_for_a_card_ends_on_cancel_and_on_timeout(devices):
    d = devices()
    app = XfsClient(d.uri("CardReader1"))
    rid = app.send("CardReader.ReadRawData", {"track2": True})
    app.send("Common.Cancel", {"requestIds": [rid]})
    assert app.wait(rid).code == "canceled"
    r = app.command("CardReader.ReadRawData", {"track2": True}, timeout_ms=200)
    assert r.code == "timeOut"


def test_dispense_present_take_moves_real_notes(devices):
    d = devices()
    before = d.truth()["cash"]
    app = XfsClient(d.uri("CashModule1"))
    cny = {"denomination": {"currencies": {"CNY": 300}}}
    assert app.command("CashDispenser.Dispense", cny).code == "success"
    present = app.command("CashDispenser.Present", {"position": "outDefault"})
    assert present.code == "success"
    d.act("cash", "takeCash")
    names = [m["header"]["name"] for m in app.drain_unsolicited()]
    assert "CashManagement.ItemsTakenEvent" in names
    after = d.truth()["cash"]
    assert json.dumps(after) != json.dumps(before)
    assert "customer" in json.dumps(after)


def test_dispense_jam_reports_cash_unit_error(devices):
    d = devices()
    d.fault("cash", name="jam", at="dispense", count=1)
    app = XfsClient(d.uri("CashModule1"))
    r = app.command("CashDispenser.Dispense", {"denomination": {"currencies": {"CNY": 300}}})
    assert r.code == "commandErrorCode" and r.error_code == "cashUnitError"
    assert "CashDispenser.IncompleteDispenseEvent" in r.event_names()


def test_cash_in_refuses_unrecognised_notes(devices):
    d = devices(config="recycler")
    app = XfsClient(d.uri("CashModule1"))
    assert app.command("CashAcceptor.CashInStart", {}).code == "success"
    rid = app.send("CashAcceptor.CashIn")
    ev = None
    for _ in range(5):
        m = app.recv()
        if m and m["header"]["name"] == "CashAcceptor.InsertItemsEvent":
            ev = m
            break
    assert ev, "the acceptor asks for notes"
    d.act("cash", "insertNotes", notes=[{"value": 100}, {"value": 100}, {"value": 100, "class": "unrecognised"}])
    r = app.wait(rid)
    assert r.code == "success"
    assert "CashAcceptor.InputRefuseEvent" in r.event_names()
    d.act("cash", "takeRefused")
    assert app.command("CashAcceptor.CashInEnd").code == "success"


def test_pin_entry_and_pin_block_under_an_imported_key(devices):
    d = devices()
    app = XfsClient(d.uri("PinPad1"))
    imp = app.command("KeyManagement.ImportKey", {
        "key": "TMK", "value": b64(TMK), "keyAttributes": {"keyUsage": "K0", "algorithm": "T", "modeOfUse": "E"}})
    assert imp.code == "success"
    wrapped = json.loads(run_atmbench("crypto", "wrap", "--master", TMK, "--key", PIK, "--json").stdout)
    wrapped_hex = next(v for k, v in wrapped.items() if "wrap" in k and isinstance(v, str))
    assert app.command("KeyManagement.ImportKey", {
        "key": "PIK", "value": b64(wrapped_hex), "decryptKey": "TMK",
        "keyAttributes": {"keyUsage": "P0", "algorithm": "T", "modeOfUse": "E"}}).code == "success"
    rid = app.send("Keyboard.PinEntry", {"minLen": 4, "maxLen": 12, "autoEnd": False})
    assert app.recv()["header"]["type"] == "acknowledge"
    d.act("pinPad", "enterPin", pin="123456")
    entry = app.wait(rid)
    assert entry.code == "success"
    digit_names = {str(i) for i in range(10)} | {"zero", "one", "two", "three", "four", "five", "six", "seven",
                                                 "eight", "nine"}
    reported = [(e.get("payload") or {}).get("digit") for e in entry.events]
    assert len(reported) == 7 and not digit_names & set(reported), f"digits never leave the PIN pad: {reported}"
    assert reported[-1] == "enter"
    block = app.command("PinPad.GetPinBlock", {"customerData": "6222020000000000018", "format": "iso0", "key": "PIK"})
    assert block.code == "success"
    pin_hex = base64.b64decode(block.payload["pinBlock"]).hex().upper()
    check = run_atmbench("crypto", "pinblock", "--decrypt", pin_hex, "--pan", "6222020000000000018", "--key", PIK,
                         "--verify-pin", "123456")
    assert check.returncode == 0, check.stdout + check.stderr
    wire = json.dumps(d.control("GET", "/wire")[1])
    assert pin_hex not in wire and b64(TMK) not in wire, "the wire record is redacted"
    assert "6222020000000000018" not in wire and "622202*********0018" in wire, "the PAN is masked in the /wire view"


def test_printer_keeps_receipts_and_sensors_broadcast(devices):
    d = devices()
    printer = XfsClient(d.uri("Printer1"))
    text = base64.b64encode("ATM00001  WITHDRAWAL\nCARD 622202*********0018\n".encode()).decode()
    assert printer.command("Printer.PrintRaw", {"inputData": "no", "data": text}).code == "success"
    assert "622202*********0018" in json.dumps(d.truth()["printer"])
    aux_a, aux_b = XfsClient(d.uri("Auxiliaries1")), XfsClient(d.uri("Auxiliaries1"))
    aux_a.command("Common.Status")
    aux_b.command("Common.Status")
    d.act("sensors", "setSensor", sensor="safeDoor", state="open")
    for c in (aux_a, aux_b):
        assert [m["header"]["name"] for m in c.drain_unsolicited()] == ["Common.StatusChangedEvent"]


def test_control_endpoint_rejects_unknown_devices_actions_and_faults(devices):
    d = devices()
    status, body = d.control("POST", "/devices/toaster/actions/toast", {})
    assert status == 400 and "no device 'toaster'" in body["error"]
    status, body = d.control("POST", "/devices/cash/actions/dance", {})
    assert status == 400
    status, body = d.control("POST", "/devices/cash/faults", {"name": "meltdown"})
    assert status == 400 and "jam" in body["error"], "the error lists the known faults"
    status, body = d.control("POST", "/devices/cash/faults", {"name": "jam", "colour": "red"})
    assert status == 400 and "colour" in body["error"]


def test_bad_device_config_is_an_error_naming_file_and_line(tmp_path):
    cfg = tmp_path / "bad.yaml"
    cfg.write_text("name: x\ndevices:\n  - type: cash\n    config:\n      currency: CNY\n      units:\n"
                   "        - {id: unit1, type: teleporter, value: 100}\n")
    cp = run_atmbench("devices", "--config", cfg, "--control", "none", timeout=20)
    assert cp.returncode == 2
    assert str(cfg) in cp.stderr and ":7:" in cp.stderr, cp.stderr


def test_old_device_set_format_says_how_to_convert(tmp_path):
    cfg = tmp_path / "old.yaml"
    cfg.write_text("name: x\ncash:\n  currency: CNY\n  units:\n    - {id: unit1, type: reject, capacity: 1}\n")
    cp = run_atmbench("devices", "--config", cfg, "--control", "none", timeout=20)
    assert cp.returncode == 2
    assert f"{cfg}:2: cash: the device set format changed" in cp.stderr, cp.stderr
    assert "- {type: cash, config: <this mapping>}" in cp.stderr, cp.stderr


def test_a_device_set_has_the_devices_it_lists(devices, tmp_path):
    cfg = tmp_path / "two.yaml"
    cfg.write_text("name: two\ndevices:\n  - {type: lights}\n  - {type: printer, id: receipt, config: {paper_lines: 50}}\n")
    d = devices(config=str(tmp_path / "two"))  # an absolute path: FIXTURES / "devices" / it is the path itself
    health = d.control("GET", "/health")[1]
    assert sorted(health["devices"]) == ["lights", "receipt"], health
    assert health["devices"]["receipt"]["type"] == "printer"
    assert len(health["services"]) == 2, health["services"]


@pytest.mark.parametrize("kind", ["invalidJson", "missingFields", "unknownCompletionCode", "wrongRequestId"])
def test_malformed_device_answers(devices, kind):
    d = devices()
    d.fault("lights", name=kind, at="Common.Status")
    app = XfsClient(d.uri("Lights1"))
    rid = app.send("Common.Status")
    assert json.loads(app.ws.recv())["header"]["type"] == "acknowledge"
    text = app.ws.recv()
    if kind == "invalidJson":
        with pytest.raises(ValueError):
            json.loads(text)
        return
    header = json.loads(text)["header"]
    assert header["type"] == "completion"
    if kind == "missingFields":
        assert "completionCode" not in header and "requestId" not in header
    elif kind == "unknownCompletionCode":
        assert header["completionCode"] == "successful"
    else:
        assert header["requestId"] == rid + 1000
    assert app.command("Common.Status").code == "success", "one-shot: the next answer is sound"


@pytest.mark.parametrize("kind", ["wrongCompletionVersion", "ackStatusOnSuccess", "eventAfterCompletion",
                                  "wrongCompletionCode"])
def test_deviating_device_answers(devices, kind):
    # Each deviation switch changes exactly one thing of the 2024-03 exchange (§2); the rest stays as it was.
    d = devices()
    d.fault("cardReader", name=kind, at="Common.Status")
    app = XfsClient(d.uri("CardReader1"))
    rid = app.send("Common.Status")
    ack = json.loads(app.ws.recv())["header"]
    assert ack["type"] == "acknowledge"
    assert ack["status"] == ("ok" if kind == "ackStatusOnSuccess" else None)
    header = json.loads(app.ws.recv())["header"]
    assert header["type"] == "completion" and header["requestId"] == rid
    assert header["version"] == ("2.0" if kind == "wrongCompletionVersion" else "3.0")
    assert header["completionCode"] == ("hardwareError" if kind == "wrongCompletionCode" else "success")
    if kind == "eventAfterCompletion":
        # Common.Status sends no event: the card reader's first declared one, with the status's requestId.
        after = json.loads(app.ws.recv())["header"]
        assert (after["type"], after["name"], after["requestId"]) == ("event", "CardReader.InsertCardEvent", rid)
    r = app.command("Common.Status")
    assert (r.code, r.events) == ("success", []), "one-shot: the next answer is sound"
