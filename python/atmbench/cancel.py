"""Clean cancel of a Python process driving the bench (docs/security.md "Cancelling a run").

Ctrl-C (SIGINT) or SIGTERM (a CI job cancelled) must stop every terminal process and leave no work folder, even
while the core is blocked in a wait with the GIL released and no Python code can run. So the core gets the signal
itself: Python's own C signal handler writes the signal's number into the core's cancel pipe
(`signal.set_wakeup_fd`), and the core's watcher thread ends every wait and sends SIGTERM to every terminal's
process group. Python then raises KeyboardInterrupt as usual — for SIGTERM too, through the handler installed
here — so pytest tears the fixtures down (each bench finishes NOT RUN) and writes its reports. A second signal is
a hard stop: SIGKILL to every terminal, exit status 130.
"""

import signal
import threading

from . import _core


def _terminated(signum, frame):
    # SIGTERM ends the run the way Ctrl-C does: pytest then tears down and reports instead of dying mid-test.
    raise KeyboardInterrupt(f"signal {signum}")


class SignalCancel:
    """Routes SIGINT and SIGTERM to the core for as long as it is installed (install() / uninstall()). Only the main
    thread may set signal handlers; elsewhere, or where someone else (asyncio) owns the wakeup fd, it does nothing."""

    def __init__(self):
        self.installed = False
        self._previous_term = None

    def install(self):
        if self.installed or threading.current_thread() is not threading.main_thread():
            return self
        previous_fd = signal.set_wakeup_fd(_core.cancel_wakeup_fd(), warn_on_full_buffer=False)
        if previous_fd != -1:
            signal.set_wakeup_fd(previous_fd)  # not ours to take
            return self
        self._previous_term = signal.getsignal(signal.SIGTERM)
        if self._previous_term in (signal.SIG_DFL, None):
            signal.signal(signal.SIGTERM, _terminated)
        self.installed = True
        return self

    def uninstall(self):
        if not self.installed:
            return
        signal.set_wakeup_fd(-1)
        if signal.getsignal(signal.SIGTERM) is _terminated:
            signal.signal(signal.SIGTERM, self._previous_term or signal.SIG_DFL)
        self.installed = False


def cancelled():
    """True once a SIGINT or SIGTERM cancelled the run (the core's flag, process-wide)."""
    return _core.cancel_requested()
