"""The XFS4IoT Printer service with an ESC/POS printer under it (hardware in the loop, issue 14), through the real
`atmbench devices` process: in-process (fixtures/devices/escpos-printer.yaml) and on a serial line to a separate
`atmbench escpos-printer` process, as a USB-serial printer of a lab would be. What the application sees (completion
codes, paper status), what the printer printed, and the ESC/POS exchange in the devices' wire record."""
import base64
import json
import os
import subprocess

from conftest import BIN, FIXTURES, ROOT
from xfs_client import XfsClient

from test_escpos import PrinterProcess


def b64(text):
    return base64.b64encode(text.encode()).decode()


def connect(d):
    c = XfsClient(d.uri("Printer1"))
    c.sync()
    return c


def print_receipt(printer, text):
    r = printer.command("Printer.PrintRaw", {"inputData": "no", "data": b64(text)})
    if r.code != "success":
        return r
    return printer.command("Printer.ControlMedia", {"mediaControl": {"cut": True, "eject": True}})


def device_lines(d):
    status, body = d.control("GET", "/wire?limit=100000")
    assert status == 200, body
    return [m["message"]["deviceLine"] for m in body["messages"] if "deviceLine" in m.get("message", {})]


def test_a_receipt_is_printed_through_the_escpos_printer_and_recorded(devices):
    d = devices(config="escpos-printer")
    printer = connect(d)
    r = print_receipt(printer, "ATMBENCH BANK\n交易成功 金额 100.00\n")
    assert r.code == "success", r
    mechanism = d.truth()["printer"]["mechanism"]
    assert mechanism["transport"] == "simulated" and mechanism["status"] == "ready"
    assert [x["text"] for x in mechanism["receipts"]] == ["ATMBENCH BANK\n交易成功 金额 100.00"]
    lines = device_lines(d)
    assert {x["protocol"] for x in lines} == {"escpos"}
    sent = [x["text"] for x in lines if x["direction"] == "toDevice"]
    assert "\\x10\\x04\\x01" in sent, "the real-time status is asked (DLE EOT 1)"
    assert any("ATMBENCH BANK" in s for s in sent), "the receipt went to the printer as ESC/POS"
    assert any(s.startswith("\\x1B@") for s in sent), "each print starts with ESC @"
    assert all(x["text"] == "\\x12" for x in lines if x["direction"] == "fromDevice"), "all well: 0x12 for each n"


def test_paper_end_mid_receipt_is_paper_out_with_the_paper_status_the_printer_reports(devices):
    d = devices(config="escpos-printer")
    d.fault("printer", name="mechanismPaperEnd", count=1)
    printer = connect(d)
    r = printer.command("Printer.PrintRaw", {"inputData": "no", "data": b64("LINE 1\nLINE 2\nLINE 3\n")})
    assert (r.code, r.error_code) == ("commandErrorCode", "paperOut")
    events, status = printer.sync()
    assert status["printer"]["paper"]["upper"] == "out"
    assert d.truth()["printer"]["mechanism"]["onRoll"] == "LINE 1", "what reached the paper before it ran out"
    status_code, body = d.control("DELETE", "/devices/printer/faults")
    assert status_code == 200, body
    assert print_receipt(printer, "AGAIN\n").code == "success", "a new roll"


def test_a_lost_answer_on_the_line_is_a_hardware_error_marked_injected(devices):
    d = devices(config="escpos-printer")
    d.fault("printer", name="lineFault", target="lose")
    printer = connect(d)
    r = printer.command("Printer.PrintRaw", {"inputData": "no", "data": b64("X\n")})
    assert r.code == "hardwareError", r
    injected = [x for x in device_lines(d) if x.get("injected")]
    assert [x["injected"] for x in injected] == ["lost"] and injected[0]["text"] == "\\x12"
    assert print_receipt(printer, "Y\n").code == "success", "one answer was lost, not the line"


def test_physical_faults_need_the_escpos_mechanism(devices):
    d = devices()  # standard.yaml: the printer simulates its own paper
    status, body = d.control("POST", "/devices/printer/faults", {"name": "mechanismCoverOpen"})
    assert status == 400 and "needs an ESC/POS mechanism" in body["error"], body


def test_a_printer_on_a_serial_line_prints_under_the_service(devices, tmp_path):
    real = PrinterProcess()  # stands in for a USB-serial printer of a lab: another process, a real tty
    try:
        config = tmp_path / "serial-printer.yaml"
        config.write_text(
            "devices:\n"
            "  - type: printer\n"
            "    config:\n"
            f"      escpos: {{line: {{transport: serial, path: {json.dumps(real.ready['pty'])}}}}}\n")
        d = devices(config=str(tmp_path / "serial-printer"))
        os_close_pty(real)  # after the devices process opened the line: a pty with no slave open reads EIO
        printer = connect(d)
        assert print_receipt(printer, "SERIAL 1\n").code == "success"
        receipt = real.next_line(5)
        assert (receipt["event"], receipt["text"], receipt["cut"]) == ("receipt", "SERIAL 1", "partial"), receipt
        status, body = d.control("POST", "/devices/printer/faults", {"name": "mechanismPaperEnd"})
        assert status == 400 and "cannot change a real printer" in body["error"], body
    finally:
        real.stop()


def os_close_pty(real):
    """The test's own handle on the pty is not needed: the devices process opens it as the printer's line."""
    if real.pty is not None:
        os.close(real.pty)
        real.pty = None


def test_a_lab_scenario_validates_without_its_printer_and_running_without_it_is_an_error(tmp_path):
    """Checking scenarios needs no hardware (the line is opened only by a run); a run whose printer cannot be
    opened is a bench ERROR (exit 2) naming the line, never a terminal FAIL."""
    (tmp_path / "lab-printer.yaml").write_text(
        (FIXTURES / "devices" / "standard.yaml").read_text().replace(
            "  - {type: printer}\n",
            "  - type: printer\n    config: {escpos: {line: {transport: serial, path: /nonexistent/ttyUSB9}}}\n"))
    scenario = tmp_path / "lab-receipt.yaml"
    scenario.write_text((ROOT / "scenarios" / "conformance" / "rcpt-escpos-printer.yaml").read_text().replace(
        "devices: escpos-printer", "devices: ./lab-printer.yaml"))
    checked = subprocess.run([BIN, "validate", str(scenario)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    run = subprocess.run([BIN, "run", str(scenario), "--terminal", "reference"], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "/nonexistent/ttyUSB9" in run.stdout + run.stderr
