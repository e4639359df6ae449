"""`atmbench devices` over TLS (docs/references.md [XFS4IoT] §1 "TLS"): with --cert/--key, or a `tls:` section in the device
set YAML (paths relative to that file), every URI it prints and every serviceURI the publisher hands out is wss://,
and an application gets its answers over TLS. A missing or bad PEM file is exit 2 with an error naming it. The
certificate is a throw-away self-signed one made at test time with the `openssl` command."""
import json
import shutil
import ssl
import subprocess

import pytest
import websocket

from conftest import BIN, FIXTURES, ServiceProcess, run_atmbench

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")


@pytest.fixture
def pki(tmp_path):
    """(certificate, key) in tmp_path: EC P-256, self-signed, subjectAltName IP:127.0.0.1, valid one day."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=atmbench-test",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True, timeout=30)
    return cert, key


class TlsDevices(ServiceProcess):
    name = "atmbench devices (TLS)"

    def __init__(self, *args, cwd=None):
        info = self._start([BIN, "devices", *args])
        self.info = info
        self.publisher = info["publisher"]
        self.services = info["services"]
        self.control_url = info["control"]


@pytest.fixture
def tls_devices():
    started = []

    def start(*args):
        d = TlsDevices(*args)
        started.append(d)
        return d

    yield start
    for d in started:
        d.stop()


def wss_command(uri, ca, name, payload=None, request_id=1):
    """Opens a wss:// connection trusting only `ca`, sends one command, returns its completion (bounded waits)."""
    ws = websocket.create_connection(uri, timeout=5, sslopt={"ca_certs": str(ca), "cert_reqs": ssl.CERT_REQUIRED})
    try:
        ws.send(json.dumps({"header": {"type": "command", "name": name, "requestId": request_id, "version": "2.0"},
                            "payload": payload}))
        for _ in range(20):
            m = json.loads(ws.recv())
            if m["header"]["type"] == "completion":
                return m
        raise AssertionError("no completion")
    finally:
        ws.close()


def test_cert_and_key_options_serve_wss(tls_devices, pki):
    cert, key = pki
    d = tls_devices("--config", FIXTURES / "devices" / "standard.yaml", "--cert", cert, "--key", key)
    assert d.publisher.startswith("wss://127.0.0.1:"), d.info
    assert d.services and all(u.startswith("wss://") for u in d.services), d.info
    assert d.control_url.startswith("http://127.0.0.1:"), "the control endpoint stays plain loopback HTTP"
    done = wss_command(d.publisher, cert, "ServicePublisher.GetServices")
    assert done["header"]["completionCode"] == "success"
    uris = [s["serviceURI"] for s in done["payload"]["services"]]
    assert sorted(uris) == sorted(d.services)
    lights = next(u for u in uris if "/Lights1/" in u)
    status = wss_command(lights, cert, "Common.Status")
    assert status["header"]["completionCode"] == "success"
    assert "lights" in status["payload"]
    # A plain ws:// client cannot talk to it.
    with pytest.raises(Exception):
        websocket.create_connection(d.publisher.replace("wss://", "ws://"), timeout=5)


def test_tls_section_of_the_config_is_relative_to_the_yaml(tls_devices, pki, tmp_path):
    cfg_dir = tmp_path / "set"
    cfg_dir.mkdir()
    (cfg_dir / "pem").mkdir()
    cert, key = pki
    shutil.copy(cert, cfg_dir / "pem" / "cert.pem")
    shutil.copy(key, cfg_dir / "pem" / "key.pem")
    cfg = cfg_dir / "tls.yaml"
    cfg.write_text((FIXTURES / "devices" / "standard.yaml").read_text() +
                   "tls:\n  certificate: pem/cert.pem   # relative to this file\n  key: pem/key.pem\n")
    d = tls_devices("--config", cfg)
    assert d.publisher.startswith("wss://"), d.info
    done = wss_command(d.publisher, cert, "ServicePublisher.GetServices")
    assert all(s["serviceURI"].startswith("wss://") for s in done["payload"]["services"])


def test_missing_or_bad_pem_files_are_errors_naming_them(pki, tmp_path):
    cert, key = pki
    standard = FIXTURES / "devices" / "standard.yaml"
    missing = tmp_path / "nope.pem"
    cp = run_atmbench("devices", "--config", standard, "--cert", missing, "--key", key, "--control", "none", timeout=20)
    assert cp.returncode == 2 and str(missing) in cp.stderr, cp.stderr
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("this is not PEM\n")
    cp = run_atmbench("devices", "--config", standard, "--cert", cert, "--key", garbage, "--control", "none", timeout=20)
    assert cp.returncode == 2 and str(garbage) in cp.stderr, cp.stderr
    cp = run_atmbench("devices", "--config", standard, "--cert", cert, "--control", "none", timeout=20)
    assert cp.returncode == 2 and "--key" in cp.stderr, cp.stderr
    assert "Traceback" not in cp.stderr and "terminate" not in cp.stderr


def test_tls_section_errors_name_the_yaml_line_and_the_file(tmp_path):
    cfg = tmp_path / "set.yaml"
    cfg.write_text("name: x\ntls:\n  certificate: missing-cert.pem\n  key: missing-key.pem\n")
    cp = run_atmbench("devices", "--config", cfg, "--control", "none", timeout=20)
    assert cp.returncode == 2
    assert f"{cfg}:3:" in cp.stderr and "missing-cert.pem" in cp.stderr, cp.stderr
    cfg.write_text("name: x\ntls: {certificate: a.pem, colour: red}\n")
    cp = run_atmbench("devices", "--config", cfg, "--control", "none", timeout=20)
    assert cp.returncode == 2 and "colour" in cp.stderr, cp.stderr


def test_fixture_errors_after_a_tls_section_keep_their_line(pki, tmp_path):
    cert, key = pki
    cfg = tmp_path / "bad.yaml"
    cfg.write_text(f"name: x\ntls:\n  certificate: {cert}\n  key: {key}\n"
                   "devices:\n  - type: cash\n    config:\n      currency: CNY\n      units:\n"
                   "        - {id: unit1, type: teleporter, value: 100}\n")
    cp = run_atmbench("devices", "--config", cfg, "--control", "none", timeout=20)
    assert cp.returncode == 2
    assert f"{cfg}:10:" in cp.stderr and "teleporter" in cp.stderr, cp.stderr
