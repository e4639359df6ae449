"""A real XFS4IoT client for the integration tests: a WebSocket per service (Debian's python3-websocket), commands
with bounded waits, and the messages that arrive sorted by kind."""
import json

import websocket


class Reply:
    def __init__(self):
        self.ack = None
        self.events = []
        self.completion = None
        self.unsolicited = []

    @property
    def code(self):
        return self.completion["header"]["completionCode"] if self.completion else None

    @property
    def payload(self):
        return self.completion.get("payload") if self.completion else None

    @property
    def error_code(self):
        return (self.payload or {}).get("errorCode")

    def event_names(self):
        return [e["header"]["name"] for e in self.events]


class XfsClient:
    def __init__(self, uri, timeout=5.0):
        self.ws = websocket.create_connection(uri, timeout=timeout)
        self.next_id = 0
        self.unsolicited = []

    def close(self):
        self.ws.close()

    def send(self, name, payload=None, timeout_ms=None, request_id=None):
        if request_id is None:
            self.next_id += 1
            request_id = self.next_id
        header = {"type": "command", "name": name, "requestId": request_id, "version": "2.0"}
        if timeout_ms is not None:
            header["timeout"] = timeout_ms
        self.ws.send(json.dumps({"header": header, "payload": payload}))
        return request_id

    def recv(self, timeout=5.0):
        """The next message, or None when none arrives within `timeout` seconds."""
        self.ws.settimeout(timeout)
        try:
            text = self.ws.recv()
        except websocket.WebSocketTimeoutException:
            return None
        return json.loads(text)

    def wait(self, request_id, timeout=5.0):
        """Collects everything for `request_id` until its completion (or the timeout)."""
        reply = Reply()
        while reply.completion is None:
            m = self.recv(timeout)
            if m is None:
                break
            h = m["header"]
            if h["type"] == "unsolicited":
                self.unsolicited.append(m)
                reply.unsolicited.append(m)
                continue
            if h.get("requestId") != request_id:
                continue
            if h["type"] == "acknowledge":
                reply.ack = m
                if h.get("status"):
                    break
            elif h["type"] == "event":
                reply.events.append(m)
            elif h["type"] == "completion":
                reply.completion = m
        return reply

    def command(self, name, payload=None, timeout_ms=None, wait=5.0):
        return self.wait(self.send(name, payload, timeout_ms), wait)

    def drain_unsolicited(self, timeout=0.3):
        """Unsolicited events that arrive within `timeout` (seconds of quiet)."""
        got = []
        while True:
            m = self.recv(timeout)
            if m is None:
                return got
            if m["header"]["type"] == "unsolicited":
                got.append(m)
                self.unsolicited.append(m)
