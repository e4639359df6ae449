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

    def event(self, name):
        """The payload of the first solicited or unsolicited event with this name (None when none came)."""
        for e in self.events + self.unsolicited:
            if e["header"]["name"] == name:
                return e.get("payload")
        return None

    def unsolicited_names(self):
        return [e["header"]["name"] for e in self.unsolicited]


class XfsClient:
    def __init__(self, uri, timeout=5.0):
        self.ws = websocket.create_connection(uri, timeout=timeout)
        self.next_id = 0
        self.unsolicited = []
        self.pending = {}  # request id → Reply: what arrived for a request nobody waited on yet

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

    def send_raw(self, text):
        """Sends `text` as it is (for messages a well-behaved client would never send)."""
        self.ws.send(text)

    def recv_text(self, timeout=5.0):
        """The next message as the service sent it (text, maybe not JSON), or None after `timeout` seconds."""
        self.ws.settimeout(timeout)
        try:
            return self.ws.recv()
        except websocket.WebSocketTimeoutException:
            return None

    def recv(self, timeout=5.0):
        """The next message, or None when none arrives within `timeout` seconds."""
        text = self.recv_text(timeout)
        return None if text is None else json.loads(text)

    def _collect(self, request_id, done, timeout):
        """Reads until done(reply of request_id) or `timeout` seconds of silence; messages of other requests are
        filed under their own request id for a later wait()."""
        reply = self.pending.setdefault(request_id, Reply())
        while not done(reply):
            m = self.recv(timeout)
            if m is None:
                break
            h = m["header"]
            if h["type"] == "unsolicited":
                self.unsolicited.append(m)
                reply.unsolicited.append(m)
                continue
            target = self.pending.setdefault(h.get("requestId"), Reply())
            if h["type"] == "acknowledge":
                target.ack = m
            elif h["type"] == "event":
                target.events.append(m)
            elif h["type"] == "completion":
                target.completion = m
        return reply

    def wait(self, request_id, timeout=5.0):
        """Everything for `request_id` until its completion, or a rejecting acknowledge (then nothing follows), or
        the timeout."""
        reply = self._collect(request_id, lambda r: r.completion is not None or bool(
            r.ack and r.ack["header"].get("status")), timeout)
        if reply.completion is not None or reply.ack is not None and reply.ack["header"].get("status"):
            del self.pending[request_id]
        return reply

    def wait_event(self, request_id, name, timeout=5.0):
        """The solicited event `name` of `request_id` (None if it did not come); everything read is kept, so a
        later wait(request_id) still returns it among the reply's events."""
        reply = self._collect(request_id, lambda r: name in r.event_names(), timeout)
        return next((e for e in reply.events if e["header"]["name"] == name), None)

    def acknowledged(self, request_id, timeout=5.0):
        """The acknowledge of `request_id` (None if none came). Once it is here the service has started or queued
        the command, so a customer action sent afterwards finds it."""
        return self._collect(request_id, lambda r: r.ack is not None, timeout).ack

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

    def wait_unsolicited(self, name, timeout=3.0):
        """The next unsolicited event with this name still to be read from the socket (any other unsolicited
        event on the way is kept in self.unsolicited), or None when none arrives within `timeout` seconds."""
        while True:
            m = self.recv(timeout)
            if m is None:
                return None
            if m["header"]["type"] == "unsolicited":
                self.unsolicited.append(m)
                if m["header"]["name"] == name:
                    return m

    def sync(self):
        """A Common.Status round trip: the unsolicited events that arrived before its completion, then the status.
        A control action runs on the service's thread before that thread reads this command, so everything the
        action caused is in the list — without waiting for a quiet period."""
        r = self.command("Common.Status")
        return r.unsolicited, r.payload
