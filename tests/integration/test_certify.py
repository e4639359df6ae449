"""`atmbench certify` end to end: the bench as an XFS4IoT client certifying a service provider — here the bench's own
simulated devices, as a vendor's would be certified. They must be certified (every class); a service that deviates
from 2024-03 must not be, and the certificate names the check that caught it; a run that could not happen is an
ERROR (exit 2), never a verdict."""
import json
import xml.etree.ElementTree as ET

import pytest

from conftest import FIXTURES, run_atmbench


def certify(tmp_path, *args, timeout=240):
    out = tmp_path / "cert"
    r = run_atmbench("certify", "--out", out, *args, timeout=timeout)
    cert = json.loads((out / "certificate.json").read_text()) if (out / "certificate.json").exists() else None
    return r, cert, out


def checks(cert):
    """(service, check id) → outcome, over every service of the certificate."""
    return {(s["name"], c["id"]): c["outcome"] for s in cert["services"] for c in s["checks"]}


def failed_ids(cert):
    return {cid for (_, cid), outcome in checks(cert).items() if outcome == "FAIL"}


@pytest.mark.parametrize("device_set", ["standard", "recycler", "kiosk"])
def test_the_simulated_devices_are_certified(tmp_path, device_set):
    r, cert, out = certify(tmp_path, "--devices", FIXTURES / "devices" / f"{device_set}.yaml", "--quiet")
    assert r.returncode == 0, r.stdout + r.stderr
    assert cert["certified"] is True and cert["outcome"] == "PASS"
    assert not cert["errors"]
    outcomes = checks(cert)
    assert "ERROR" not in outcomes.values() and "FAIL" not in outcomes.values()
    # Discovery, then every service the set has, each audited message by message.
    names = [s["name"] for s in cert["services"]]
    assert names[0] == "ServicePublisher" and len(names) >= 3
    for s in cert["services"][1:]:
        ids = {c["id"] for c in s["checks"]}
        assert {"COMMON-CAPABILITIES", "COMMON-ACK", "COMMON-SEQUENCE", "COMMON-VERSION"} <= ids, s["name"]
        assert all(c["spec"].startswith("XFS4IoT 2024-03") for c in s["checks"]), s["name"]
        assert s["interfaces"], s["name"]
    # Evidence and environment a vendor can show.
    caps = next(c for c in cert["services"][1]["checks"] if c["id"] == "COMMON-CAPABILITIES")
    assert caps["evidence"] and any(e["dir"] == "sent" for e in caps["evidence"])
    assert cert["environment"]["specification"] == "XFS4IoT 2024-03"
    assert cert["environment"]["operator"].startswith("control http://127.0.0.1:")
    assert "ws (plain" in cert["environment"]["transport"]
    junit = ET.parse(out / "junit.xml").getroot()
    assert int(junit.get("failures")) == 0 and int(junit.get("errors")) == 0
    assert int(junit.get("tests")) == sum(len(s["checks"]) for s in cert["services"])
    html = (out / "certificate.html").read_text()
    assert "CERTIFIED" in html and "COMMON-SEQUENCE" in html


def test_a_vendor_publisher_without_an_operator_skips_what_needs_hands(tmp_path, devices):
    d = devices(config="standard")
    r, cert, _ = certify(tmp_path, "--publisher", d.publisher, "--operator", "none", "--class", "CardReader")
    assert r.returncode == 0, r.stdout + r.stderr
    outcomes = checks(cert)
    assert "FAIL" not in outcomes.values() and "ERROR" not in outcomes.values()
    # Only the card reader's suite ran beyond Common; certify still judged every message it exchanged.
    assert {s["name"] for s in cert["services"]} == {"ServicePublisher", "CardReader1"}
    assert cert["environment"]["operator"] == "none"


def test_a_publisher_that_is_not_there_is_an_error_not_a_verdict(tmp_path):
    r, cert, out = certify(tmp_path, "--publisher", "ws://127.0.0.1:9/xfs4iot/v1.0", "--operator", "none", timeout=60)
    assert r.returncode == 2, r.stdout + r.stderr
    assert cert["outcome"] == "ERROR" and cert["certified"] is False
    assert any("127.0.0.1:9" in e for e in cert["errors"])
    assert "ERROR" in r.stdout


@pytest.mark.parametrize("args, expected", [
    (["--devices", "fixtures/devices/standard.yaml", "--class", "Toaster"], "--class 'Toaster'"),
    (["--devices", "fixtures/devices/standard.yaml", "--operator", "robot"], "--operator 'robot'"),
    (["--operator", "none"], "exactly one of --publisher"),
    (["--publisher", "http://127.0.0.1:1/", "--operator", "none"], "expected ws://"),
])
def test_bad_arguments_are_refused_with_what_was_expected(tmp_path, args, expected):
    r = run_atmbench("certify", "--out", tmp_path, *args, timeout=60)
    assert r.returncode == 2
    assert expected in (r.stderr + r.stdout)


@pytest.mark.skipif(__import__("shutil").which("openssl") is None, reason="needs the openssl command")
def test_a_wss_publisher_is_certified_only_when_its_certificate_verifies(tmp_path, devices):
    import subprocess
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=atmbench-test",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True, timeout=30)
    d = devices(config="standard", extra=("--cert", cert, "--key", key))
    assert d.publisher.startswith("wss://")
    # Trusting the service's CA: certified, and the certificate says the transport was verified TLS.
    r, c, _ = certify(tmp_path, "--publisher", d.publisher, "--ca", cert, "--operator", "none", "--class", "Lights")
    assert r.returncode == 0, r.stdout + r.stderr
    assert c["environment"]["transport"].startswith("wss (TLS, service certificate verified against")
    # Not trusting it (the system store does not know a throw-away CA): the bench could not run — exit 2.
    r, c, _ = certify(tmp_path, "--publisher", d.publisher, "--operator", "none", "--class", "Lights", timeout=60)
    assert r.returncode == 2, r.stdout + r.stderr
    assert any("TLS handshake" in e for e in c["errors"])
    # --insecure: encrypted, not authenticated, and the certificate says so.
    r, c, _ = certify(tmp_path, "--publisher", d.publisher, "--insecure", "--operator", "none", "--class", "Lights")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "NOT verified" in c["environment"]["transport"]


# A deviation switch of the simulated devices (fixtures/devices/README.md, answer faults) → the check that must catch
# it. Armed persistent through the control endpoint, so every message it applies to deviates.
DEVIATIONS = [
    ("cardReader", {"name": "wrongCompletionVersion", "at": "Common.Status"}, "CardReader1", "COMMON-VERSION"),
    ("cardReader", {"name": "ackStatusOnSuccess", "at": "Common.Status"}, "CardReader1", "COMMON-ACK"),
    ("cardReader", {"name": "eventAfterCompletion", "at": "CardReader.ReadRawData"}, "CardReader1", "COMMON-SEQUENCE"),
    ("cardReader", {"name": "wrongCompletionCode", "at": "Common.Cancel"}, "CardReader1", "COMMON-CANCEL"),
    ("cardReader", {"name": "unknownCompletionCode", "at": "Common.Status"}, "CardReader1", "COMMON-COMPLETION-CODE"),
    ("cardReader", {"name": "wrongRequestId", "at": "Common.Capabilities"}, "CardReader1", "COMMON-REQUEST-ID"),
    # Behaviour the class suites judge: a mandatory event that never comes, counts that do not add up (the 5th
    # GetStorage of the standard set is the one CDM-COUNTS-ADD-UP reads after the take; the 4th–8th are all caught).
    ("cardReader", {"name": "missingEvent", "at": "CardReader.MediaInsertedEvent"}, "CardReader1", "CARD-READ-MAGSTRIPE"),
    ("cardReader", {"name": "missingEvent", "at": "CardReader.MediaRemovedEvent"}, "CardReader1", "CARD-EJECT-REMOVED"),
    ("cash", {"name": "missingEvent", "at": "CashManagement.ItemsTakenEvent"}, "CashModule1", "CDM-DISPENSE-PRESENT-TAKE"),
    ("cash", {"name": "countsOff", "at": "Storage.GetStorage", "occurrence": 5}, "CashModule1", "CDM-COUNTS-ADD-UP"),
    ("printer", {"name": "missingEvent", "at": "Printer.MediaTakenEvent"}, "Printer1", "PTR-MEDIA-TAKEN"),
    ("pinPad", {"name": "wrongCompletionCode", "at": "PinPad.GetPinBlock"}, "PinPad1", "PIN-PINBLOCK-NO-PIN"),
]


@pytest.mark.parametrize("device, fault, service, check", DEVIATIONS,
                         ids=[f"{f['name']}@{f['at']}" for _, f, _, _ in DEVIATIONS])
def test_a_deviating_service_is_not_certified_and_the_check_that_caught_it_is_named(tmp_path, devices, device, fault,
                                                                                   service, check):
    d = devices(config="standard")
    d.fault(device, **{"persistent": "occurrence" not in fault, **fault})
    r, cert, _ = certify(tmp_path, "--publisher", d.publisher, "--operator", "control", "--control", d.control_url,
                         "--token", d.token, "--quiet")
    assert r.returncode == 1, r.stdout + r.stderr
    assert cert["certified"] is False and cert["outcome"] == "FAIL"
    outcomes = checks(cert)
    assert outcomes[(service, check)] == "FAIL", {k: v for k, v in outcomes.items() if v != "PASS"}
    assert f"FAIL  {service}  {check}" in r.stdout  # the console names it too
    # Only the deviating service fails: the others are still judged conformant.
    assert all(v != "FAIL" for (s, _), v in outcomes.items() if s != service)
