"""The child side of grading: import a submission and run calls on request.

This file runs in the child process, never in the grader's. It depends on
the standard library, numpy and its sibling files only (``protocol.py``,
``substitution.py``, ...: ``CHILD_FILES`` in :mod:`grader.execution.interface`),
so a sandbox can expose these and nothing else of the grader. It decides
nothing: it only reports what the student's functions returned, and the
grader compares those values in its own process.

Run as ``python -I harness.py --submission FILE --in-fd N --out-fd M``.
"""

from __future__ import annotations
import __future__

import argparse
import json
import os
import select
import sys
import types
from typing import Any

# The launcher runs ``python -I -S``: no site-packages, so nothing but the
# standard library and the folders it names here (numpy's) can be imported.
sys.path.extend(p for p in os.environ.get("GRADER_SYS_PATH", "").split(os.pathsep) if p and p not in sys.path)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import callstate  # noqa: E402  (sibling files, on purpose not "grader.*")
import childio  # noqa: E402
import cpuclock  # noqa: E402
import loading  # noqa: E402
import methods  # noqa: E402
import numpy  # noqa: E402
import preloaded  # noqa: E402
import protocol  # noqa: E402
import snapshot  # noqa: E402
from substitution import OracleError, Substitution  # noqa: E402,F401  (OracleError: raised in student code)

sys.path.pop(0)


class Server(Substitution):
    """Serve call requests for one loaded submission.

    The grader sends ``batch`` requests: one function, several argument
    lists. Each call is answered by one ``result`` message carrying the
    batch id and the call's index, then the batch ends with ``done``
    (carrying the number of results sent). The grader checks that every
    call got exactly one answer, in order.
    """

    def __init__(self, module: types.ModuleType, path: str, in_fd: int, out_fd: int) -> None:
        self.module = module
        self.path = path
        self.in_fd = in_fd
        self.out_fd = out_fd
        self.reader = childio.Reader(in_fd)
        self.outbox = childio.Outbox(out_fd)
        self.batch_id: Any = None
        self.stopped = False
        self.stops: set[int] = set()
        self.inbox: list[dict[str, Any]] = []
        self.snapshot: snapshot.Snapshot | None = None
        self.used: set[str] = set()
        self.sealed: dict[str, str] = {}
        self.drawing: set[str] = set()

    def _driver(self, spec: Any) -> dict[str, Any]:
        """The namespace of an instructor's driver (a whole-module check): the module's names, then its own."""
        namespace = dict(vars(self.module))
        source = spec.get("source") if type(spec) is dict else None
        if type(source) is str:
            exec(compile(source, "<grader: whole-module check>", "exec", flags=__future__.annotations.compiler_flag,
                         dont_inherit=True), namespace)
        return namespace

    def run(self, fn: Any, args: list[Any], return_args: bool, cpu: float = 0.0) -> dict[str, Any]:
        """Call ``fn(*args)`` within ``cpu`` seconds of CPU time (0: no limit); describe the outcome as plain data."""
        if not callable(fn):
            return {"status": "missing"}
        before = callstate.identities(args) if return_args else {}
        self.used = set()
        try:
            numpy.random.seed(0)  # the course's convention: the grader seeds before every call
            with cpuclock.budget(cpu):
                value = fn(*args)
        except NotImplementedError as exc:
            return {"status": "not_implemented", **loading.describe_exception(exc, self.path)}
        except BaseException as exc:  # noqa: BLE001 - report SystemExit too
            return {"status": "raised", **loading.describe_exception(exc, self.path), "used": sorted(self.used)}
        reply: dict[str, Any] = {"status": "ok", "value": protocol.encode(value), "used": sorted(self.used)}
        if return_args:
            reply["args_after"] = [protocol.encode(a) for a in args]
            reply["replaced"] = callstate.replaced(before, args)
        return reply

    @staticmethod
    def _frame(reply: dict[str, Any]) -> bytes:
        try:
            return protocol.pack(reply)
        except (protocol.ProtocolError, ValueError, TypeError) as exc:
            fallback: dict[str, Any] = {k: reply[k] for k in ("op", "id", "index") if k in reply}
            return protocol.pack({**fallback, "status": "unencodable", "message": loading.short(str(exc))})

    def _read_control(self) -> dict[str, Any]:
        """Read the next message, noting (and skipping) a ``stop`` of the running batch."""
        while True:
            msg = self.inbox.pop(0) if self.inbox else self.reader.read_message()
            if msg.get("op") != "stop":
                return msg
            self._note_stop(msg.get("id"))

    def _note_stop(self, batch_id: Any) -> None:
        if batch_id == self.batch_id:
            self.stopped = True
        elif type(batch_id) is int and len(self.stops) < 100_000:  # a batch of a plan not started yet
            self.stops.add(batch_id)

    def _stop_pending(self) -> bool:
        """Whether the grader asked to stop the running batch (checked between calls).

        Any other message that arrived meanwhile is kept, in order, for
        :meth:`_read_control`.
        """
        while not self.stopped and (self.reader.buffered() or select.select([self.in_fd], [], [], 0)[0]):
            msg = self.reader.read_message()
            if msg.get("op") == "stop":
                self._note_stop(msg.get("id"))
            elif len(self.inbox) < 1_000:
                self.inbox.append(msg)
            else:  # a grader does not send this many requests ahead
                raise protocol.ProtocolError("too many requests sent ahead")
        return self.stopped

    def batch(self, request: dict[str, Any]) -> None:
        """Run one function on several argument lists (``calls``), one ``result`` message each, then ``done``.

        The grader may send ``stop`` (with the batch's id) once it has seen a
        result it rejects; the remaining calls are then skipped. A request
        with a ``driver`` runs an instructor's function (a whole-module
        check) on the student's functions, with nothing substituted.
        """
        self.batch_id = request.get("id")
        self.stopped = self.batch_id in self.stops if type(self.batch_id) is int else False
        self.stops.discard(self.batch_id)
        calls = request.get("calls")
        name = str(request.get("function"))
        substitute = request.get("substitute")
        substitute = [s for s in substitute if type(s) is str] if type(substitute) is list else []
        graded = request.get("graded")
        graded = [s for s in graded if type(s) is str] if type(graded) is list else []
        return_args = bool(request.get("return_args"))
        drawing = request.get("rng")
        self.drawing = {s for s in drawing if type(s) is str} if type(drawing) is list else set()
        tables = request.get("sealed")
        tables = tables if type(tables) is list else []
        cpu = request.get("cpu")
        cpu = [c if type(c) is float else 0.0 for c in cpu] if type(cpu) is list else []
        sent = 0
        failure: dict[str, Any] | None = None
        with self.substituted(name, substitute, graded):
            try:
                namespace = self._driver(request["driver"]) if "driver" in request else vars(self.module)
                fn = methods.caller(namespace, name)
            except BaseException as exc:  # noqa: BLE001 - the driver met the student's module
                fn, failure = None, {"status": "raised", **loading.describe_exception(exc, self.path)}
            for args in calls if type(calls) is list else []:
                if self._stop_pending():
                    break
                args = (preloaded.fresh(args) if type(args) is int else  # a case the zygote decoded once
                        [protocol.decode(a) for a in args] if type(args) is list else [])
                table = tables[sent] if sent < len(tables) else None
                self.sealed = table if type(table) is dict else {}
                reply = dict(failure) if failure else self.run(fn, args, return_args,
                                                               cpu[sent] if sent < len(cpu) else 0.0)
                reply.update(op="result", id=self.batch_id, index=sent)
                self.outbox.put(self._frame(reply))
                sent += 1
        # written at once: a later batch of a plan that kills the process must not take this one's answers along
        self.outbox.send(protocol.pack({"op": "done", "id": self.batch_id, "count": sent}))
        self.batch_id, self.sealed = None, {}

    def serve(self) -> None:
        while True:
            try:
                request = self._read_control()
            except EOFError:
                return
            op = request.get("op")
            if op == "bye":
                return
            if op == "batch":
                self.batch(request)
                continue
            if op == "plan":  # several batches sent at once: run in order, each answered as its own
                first, batches = request.get("first"), request.get("batches")
                if type(first) is int and type(batches) is list:
                    for k, batch in enumerate(batches):
                        if type(batch) is dict:
                            self.batch({**batch, "id": first + k})
                continue
            if op == "reset":  # the next graded function: undo what the last one changed, if we can
                harness_threads = 2 if self.outbox.thread is not None else 1
                clean = self.snapshot is not None and self.snapshot.restore(harness_threads)
                self.outbox.send(protocol.pack({"op": "reset", "clean": clean}))
                if not clean:  # the grader starts a fresh child: run nothing it may have sent after this
                    return
                continue
            self.outbox.send(protocol.pack({"op": "error", "id": request.get("id"), "status": "bad_request"}))


def serve_file(path: str, in_fd: int, out_fd: int) -> None:
    """Load ``path``, send the ``ready`` message, then serve calls until ``bye`` or EOF."""
    sys.setrecursionlimit(3000)
    cpuclock.install()
    module, status = loading.load_submission(path)
    protocol.write_message(out_fd, {"op": "ready", **status})
    if module is not None:
        server = Server(module, path, in_fd, out_fd)
        try:
            server.snapshot = snapshot.Snapshot(module)
        except Exception:  # noqa: BLE001 - a module that cannot be looked at: a fresh child per function
            server.snapshot = None
        server.serve()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--submission", required=True)
    parser.add_argument("--in-fd", type=int, required=True)
    parser.add_argument("--out-fd", type=int, required=True)
    parser.add_argument("--provided", help="a JSON list of provided files [[name, text], ...] to import from")
    ns = parser.parse_args(argv)
    if ns.provided:
        with open(ns.provided, encoding="utf-8") as fh:
            files = json.load(fh)
        os.unlink(ns.provided)
        folder = os.path.join(os.path.dirname(ns.provided), loading.PROVIDED_FOLDER)
        loading.write_provided(folder, files)
        loading.use_provided(folder)
    serve_file(ns.submission, ns.in_fd, ns.out_fd)
    return 0


if __name__ == "__main__":
    sys.exit(main())
