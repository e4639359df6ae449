"""The XFS4IoT CashAcceptor with a CCNET bill validator under it (hardware in the loop, issue 14), through the real
`atmbench devices` process with fixtures/devices/kiosk.yaml (the simulated CashCode validator in-process, driven by
the bench's CCNET driver): what the application sees (completion codes, storage status, Common.Status), where the
note physically is (GET /truth: the ledger and the validator's own record) and the CCNET exchange in the devices'
wire record. Faults are raised at the wire level: the validator reports them as CCNET states."""
from test_device_faults import cash_in, connect, notes_at


def ccnet_lines(d):
    status, body = d.control("GET", "/wire?limit=100000")
    assert status == 200, body
    return [m["message"]["deviceLine"] for m in body["messages"]
            if m.get("message", {}).get("deviceLine", {}).get("protocol") == "ccnet"]


def drop_cassette(app):
    r = app.command("Storage.GetStorage")
    assert r.code == "success", r.completion
    return r.payload["storage"]["unit1"]


def deposit_one(app, d, value):
    assert app.command("CashAcceptor.CashInStart", {}).code == "success"
    return cash_in(app, d, [{"value": value}])


def test_a_note_goes_through_the_validator_into_its_drop_cassette(devices):
    d = devices(config="kiosk")
    app = connect(d, "CashModule1")
    r = deposit_one(app, d, 100)
    assert r.code == "success", r.completion
    assert notes_at(d.truth(), "escrow") == 1
    assert d.truth()["cash"]["validator"]["validator"]["noteAt"] == "validator", "in the validator's escrow"
    end = app.command("CashAcceptor.CashInEnd")
    assert end.code == "success", end.completion
    truth = d.truth()["cash"]
    assert truth["units"]["unit1"]["count"] == 1 and truth["units"]["unit1"]["reportedCount"] == 1
    assert truth["validator"]["validator"]["cassette"] == {"100": 1}
    assert truth["validator"]["transport"] == "simulated"
    sent = [x["text"] for x in ccnet_lines(d) if x["direction"] == "toDevice"]
    # CCNET frames: SYNC 0x02, address 0x03 (bill validator), length, command — RESET 0x30, STACK 0x35.
    assert any(s.startswith("\\x02\\x03\\x060") for s in sent), "RESET was sent"
    assert any(s.startswith("\\x02\\x03\\x065") for s in sent), "STACK was sent"
    assert not [x for x in ccnet_lines(d) if "injected" in x]


def test_a_stacker_jam_ends_cash_in_end_with_a_hardware_error_and_the_note_jammed(devices):
    d = devices(config="kiosk")
    d.fault("cash", name="stackerJam")
    app = connect(d, "CashModule1")
    assert deposit_one(app, d, 50).code == "success"
    end = app.command("CashAcceptor.CashInEnd")
    assert end.code == "hardwareError", end.completion
    assert "DROP CASSETTE JAMMED" in end.completion["header"].get("errorDescription", ""), end.completion
    truth = d.truth()["cash"]
    assert notes_at(d.truth(), "jammed") == 1 and truth["units"]["unit1"]["count"] == 0
    assert truth["validator"]["validator"]["noteAt"] == "stacker"
    status = app.command("Common.Status")
    assert status.payload["common"]["device"] == "hardwareError"


def test_a_drop_cassette_taken_out_shows_in_status_and_storage_and_refuses_a_cash_in(devices):
    d = devices(config="kiosk")
    app = connect(d, "CashModule1")
    assert app.command("Common.Status").payload["cashManagement"]["acceptor"] == "ok"
    d.fault("cash", name="dropCassetteRemoved")
    status = app.command("Common.Status")
    assert status.payload["cashManagement"]["acceptor"] == "stop", status.payload
    assert drop_cassette(app)["status"] == "missing"
    start = app.command("CashAcceptor.CashInStart", {})
    assert start.code == "commandErrorCode" and start.error_code == "cashUnitError", start.completion
    assert d.truth()["cash"]["validator"]["cassette"] == "missing"


def test_a_lost_validator_answer_is_asked_for_again_and_marked_injected(devices):
    d = devices(config="kiosk")
    d.fault("cash", name="lineFault", target="lose", count=1)
    app = connect(d, "CashModule1")
    assert deposit_one(app, d, 20).code == "success"
    assert app.command("CashAcceptor.CashInEnd").code == "success"
    injected = [x for x in ccnet_lines(d) if "injected" in x]
    assert len(injected) == 1 and injected[0]["direction"] == "fromDevice", injected
    assert d.truth()["cash"]["validator"]["retransmissions"] >= 1


def test_validator_faults_need_a_validator(devices):
    d = devices(config="recycler")
    status, body = d.control("POST", "/devices/cash/faults", {"name": "stackerJam"})
    assert status == 400 and "needs a bill validator" in str(body), body


def test_a_jam_the_validator_never_had_is_reported_by_the_bench_and_marked_injected(devices):
    d = devices(config="kiosk")
    app = connect(d, "CashModule1")
    assert deposit_one(app, d, 100).code == "success"
    d.fault("cash", name="validatorReports", target="stacker-jam")
    end = app.command("CashAcceptor.CashInEnd")
    assert end.code == "hardwareError", end.completion
    injected = [x for x in ccnet_lines(d) if "injected" in x]
    assert [x["injected"] for x in injected] == ["replaced by the bench: DROP CASSETTE JAMMED"], injected
    # The validator itself stacked the note: its own record says so, beside the ledger that followed the report.
    assert d.truth()["cash"]["validator"]["validator"]["cassette"] == {"100": 1}
