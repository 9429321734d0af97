"""A function run in a forked copy of this process, on the machine's second core.

``fork()`` copies the process as it is: the child needs no new interpreter and none of the imports this process
has made, so it can start useful work at once (a worker pool's fresh interpreter first spends a second or more on
imports). It is used only where that is safe: on Linux, where forking is the usual way to start a process, and
only while no native thread pool is running (the threads of a BLAS or of ONNX Runtime are not copied into a
child, which may then wait on them forever). The caller always has a way to do the work itself: whatever goes wrong in the child,
:meth:`ForkedCall.result` raises :class:`ChildFailed` and nothing the child did is used.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any


class ChildFailed(Exception):
    """The forked child did not deliver a result (it raised, was killed or could not start)."""


def fork_is_safe() -> bool:
    """Whether a child forked now would be sound and would run beside this process.

    Linux, a second core, and every thread of this process a Python thread: those hold no locks the child needs
    (see :class:`ForkedCall`), while a native library's thread pool would be missing from the child.
    """
    if not (sys.platform.startswith("linux") and hasattr(os, "fork") and (os.cpu_count() or 1) >= 2):
        return False
    try:
        return len(os.listdir("/proc/self/task")) == threading.active_count()
    except OSError:
        return False


class ForkedCall:
    """``function(*args)`` computed in a forked child; :meth:`result` waits for it.

    The child sends its result back pickled through a pipe and ends with ``os._exit``, running none of this
    process's clean-up: files and databases this process holds open stay its own. It writes to copies of the
    standard streams, in case another thread held theirs at the moment of the fork. Ctrl-C is left to this
    process, whose :meth:`close` (also on any failure) stops the child; if this process is killed, the kernel
    ends the child too.
    """

    def __init__(self, function: Callable[..., Any], *args: Any):
        read_end, write_end = os.pipe()
        # The child's cycle collector leaves alone what it was born with: walking those objects would copy every
        # page that holds one (most of the heap) and slow the child down.
        gc.freeze()
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError as exc:
            gc.unfreeze()
            os.close(read_end)
            os.close(write_end)
            raise ChildFailed(f"cannot fork: {exc}") from exc
        if pid == 0:
            os.close(read_end)
            _run_child(write_end, function, args, parent)  # never returns
        gc.unfreeze()
        os.close(write_end)
        self.pid = pid
        self._reader = os.fdopen(read_end, "rb")

    def result(self) -> Any:
        """The function's return value, once the child has finished; :class:`ChildFailed` if it did not."""
        try:
            data = self._reader.read()
            code = self._reap()
            if code != 0:
                raise ChildFailed(f"the child ended with code {code}")
            return pickle.loads(data)
        except ChildFailed:
            raise
        except Exception as exc:  # a broken pipe, a result that does not unpickle
            raise ChildFailed(str(exc)) from exc
        finally:
            self.close()

    def close(self) -> None:
        """Stop the child if it is still at work, and release the pipe. Safe to call more than once."""
        if self.pid > 0:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self._reap()
        self._reader.close()

    def _reap(self) -> int:
        """Wait for the child to end: its exit code (-1 when it was already reaped)."""
        pid, self.pid = self.pid, 0
        if pid <= 0:
            return -1
        try:
            return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        except ChildProcessError:
            return -1


def _end_with(parent: int) -> None:
    """Have the kernel end this child when the process that forked it ends, however it ends (even ``kill -9``):
    Linux's ``prctl(PR_SET_PDEATHSIG)``. Without it, a killed build's child would go on with its notes."""
    import ctypes

    pr_set_pdeathsig = 1
    if ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:  # it ended before the request took effect
        os._exit(1)


def _run_child(write_end: int, function: Callable[..., Any], args: tuple[Any, ...], parent: int) -> None:
    """In the child: compute, send the pickled result and exit, with code 1 on any error (the parent then does
    the work itself, and reports whatever goes wrong there)."""
    code = 1
    try:
        _end_with(parent)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for name, fd in (("stdout", 1), ("stderr", 2)):
            stream = getattr(sys, name)
            if stream is not None:
                setattr(sys, name, os.fdopen(os.dup(fd), "w", buffering=1, encoding=stream.encoding or "utf-8",
                                             errors="backslashreplace"))
        data = pickle.dumps(function(*args), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)
        code = 0
    finally:
        os._exit(code)
