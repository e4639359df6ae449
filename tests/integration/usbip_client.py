"""A small USB/IP client (docs.kernel.org/usb/usbip_protocol.html), the side a host's `usbip` tool and vhci-hcd
speak: list the exported devices, import one, submit bulk transfers. CI cannot load vhci-hcd, so the integration
tests attach the simulated devices with this instead; what ran is the server's wire protocol, not a kernel driver."""
import select
import socket
import struct
import time

VERSION = 0x0111
OP_REQ_DEVLIST, OP_REP_DEVLIST, OP_REQ_IMPORT, OP_REP_IMPORT = 0x8005, 0x0005, 0x8003, 0x0003
CMD_SUBMIT, RET_SUBMIT = 1, 3
DIR_OUT, DIR_IN = 0, 1


def _device(raw):
    """The 312-byte usbip_usb_device of OP_REP_DEVLIST / OP_REP_IMPORT."""
    busid = raw[256:288].split(b"\0", 1)[0].decode()
    busnum, devnum, speed, vid, pid, bcd, cls, sub, proto, conf_value, confs, interfaces = struct.unpack(
        ">IIIHHHBBBBBB", raw[288:312])
    return {"busid": busid, "busnum": busnum, "devnum": devnum, "speed": speed, "vendor": vid, "product": pid,
            "interfaces": interfaces}


class UsbipClient:
    def __init__(self, address, timeout=5):
        host, port = address.rsplit(":", 1)
        self.sock = socket.create_connection((host.strip("[]"), int(port)), timeout=timeout)
        self.timeout = timeout
        self.devid = None
        self.seq = 0

    def close(self):
        self.sock.close()

    def _recv(self, n):
        """Exactly n bytes within the timeout (a server that goes silent is a failure, not a hang)."""
        deadline = time.monotonic() + self.timeout
        out = b""
        while len(out) < n:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.sock], [], [], max(left, 0))
            if not ready:
                raise TimeoutError(f"usbip: {len(out)} of {n} bytes within {self.timeout} s")
            chunk = self.sock.recv(n - len(out))
            if not chunk:
                raise EOFError(f"usbip: the server closed after {len(out)} of {n} bytes")
            out += chunk
        return out

    def devlist(self):
        """The exported devices. The server then closes the connection, as usbipd does: import on a new one."""
        self.sock.sendall(struct.pack(">HHI", VERSION, OP_REQ_DEVLIST, 0))
        version, code, status, count = struct.unpack(">HHII", self._recv(12))
        assert (code, status) == (OP_REP_DEVLIST, 0), (hex(code), status)
        devices = []
        for _ in range(count):
            d = _device(self._recv(312))
            d["interface_classes"] = [struct.unpack(">BBBB", self._recv(4))[:3] for _ in range(d["interfaces"])]
            devices.append(d)
        return devices

    def attach(self, busid):
        self.sock.sendall(struct.pack(">HHI", VERSION, OP_REQ_IMPORT, 0) + busid.encode().ljust(32, b"\0"))
        version, code, status = struct.unpack(">HHI", self._recv(8))
        assert (code, status) == (OP_REP_IMPORT, 0), (hex(code), status)
        d = _device(self._recv(312))
        self.devid = d["busnum"] << 16 | d["devnum"]
        return d

    def submit(self, direction, endpoint, length, data=b"", setup=b"\0" * 8):
        """One transfer on `endpoint` (its number; 0 with a `setup` packet for a control transfer); returns
        (status, data) of its RET_SUBMIT. Its seqnum is self.seq."""
        self.seq += 1
        header = struct.pack(">IIIIIIIIII", CMD_SUBMIT, self.seq, self.devid, direction, endpoint, 0, length, 0, 0, 0)
        self.sock.sendall(header + setup + data)
        command, seq, devid, _, _, status, actual, _, _, _ = struct.unpack(">IIIIIiIIII", self._recv(40))
        self._recv(8)  # the setup bytes' place
        assert (command, seq) == (RET_SUBMIT, self.seq), (command, seq)
        got = self._recv(actual) if direction == DIR_IN and status == 0 and actual else b""
        return status, got

    def bulk_out(self, endpoint, data):
        status, _ = self.submit(DIR_OUT, endpoint, len(data), data)
        assert status == 0, status

    def bulk_in(self, endpoint, length=64):
        status, data = self.submit(DIR_IN, endpoint, length)
        assert status == 0, status
        return data

    def control_in(self, request_type, request, value, index, length):
        """A control transfer with a data stage to the host (USB 2.0 §9.3: the 8-byte setup packet, little-endian)."""
        setup = struct.pack("<BBHHH", request_type, request, value, index, length)
        status, data = self.submit(DIR_IN, 0, length, setup=setup)
        assert status == 0, status
        return data
