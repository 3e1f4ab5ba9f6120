"""Callees answered by the oracle, and the student's other graded functions traced, while one function runs.

A mixin of :class:`harness.Server`: while a graded function runs, the graded
functions it calls that the grader substitutes are replaced in the module
by proxies that ask the oracle (or open a sealed answer, see
:mod:`sealed`), and the others by tracers that note they ran; methods of
graded classes likewise (:mod:`methods`). The harness's time asking is
not the call's CPU time (:mod:`cpuclock`).

Standard library and numpy only: this file runs in the child.
"""

from __future__ import annotations

import contextlib
import io
import types
from typing import Any

import callstate
import childio
import cpuclock
import methods
import protocol
import sealed


class OracleError(RuntimeError):
    """Raised inside student code when the grader could not answer a call."""


class Substitution:
    """Proxies and tracers for a :class:`harness.Server` (whose attributes these are)."""

    module: types.ModuleType
    outbox: childio.Outbox
    used: set[str]
    sealed: dict[str, str]
    drawing: set[str]

    def _read_control(self) -> dict[str, Any]:
        raise NotImplementedError

    def _proxy(self, name: str, original: Any) -> Any:
        def oracle_call(*args: Any, **kwargs: Any) -> Any:
            with cpuclock.paused():  # asking is the harness's work, not the call's
                reply = ask(args, kwargs)
                status = reply.get("status")
                if status == "ok":
                    if "rng" in reply:
                        callstate.set_rng(protocol.decode(reply["rng"]))
                    return protocol.decode(reply.get("value"))
            if status == "miss" and original is not None:  # the student's own callee runs: its time counts
                self.used.add(name)
                return original(*args, **kwargs)
            raise OracleError(str(reply.get("message", f"{name} could not be evaluated")))

        def ask(args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
            question = {
                "op": "oracle",
                "function": name,
                "args": [protocol.encode(a) for a in args],
                "kwargs": protocol.encode(dict(kwargs)),
            }
            if name in self.drawing:  # it draws from the caller's generator: send its state, take the new one
                question["rng"] = protocol.encode(callstate.get_rng())
            request = protocol.pack(question)
            opened = sealed.unseal(self.sealed, request) if self.sealed else None
            if opened is not None:  # answered ahead of time (see sealed.py): no round trip
                return protocol.parse_body(opened)
            self.outbox.send(request)
            return self._read_control()

        oracle_call.__name__ = name
        return oracle_call

    def _tracer(self, name: str, original: Any) -> Any:
        """Wrap one of the student's own graded functions to note that it ran (for messages)."""
        def traced(*args: Any, **kwargs: Any) -> Any:
            self.used.add(name)
            return original(*args, **kwargs)

        traced.__name__ = name
        return traced

    def _method_proxy(self, name: str) -> Any:
        """Make a substituted method ask the oracle with ``self``'s attributes (its own code on a miss)."""
        def make(original: Any) -> Any:
            def proxied(obj: Any, *args: Any, **kwargs: Any) -> Any:
                own = lambda spec, *a, **k: original(obj, *a, **k)  # noqa: E731 - the miss fallback
                try:
                    result = self._proxy(name, own)(methods.state_of(obj), *args, **kwargs)
                except OracleError:  # attributes the oracle cannot rebuild: the student's own method runs
                    self.used.add(name)
                    return original(obj, *args, **kwargs)
                return obj if isinstance(result, str) and result == methods.SELF else result

            return proxied

        return make

    def _method_tracer(self, name: str) -> Any:
        def make(original: Any) -> Any:
            def traced(obj: Any, *args: Any, **kwargs: Any) -> Any:
                self.used.add(name)
                return original(obj, *args, **kwargs)

            return traced

        return make

    @contextlib.contextmanager
    def substituted(self, name: str, substitute: list[str], graded: list[str]) -> Any:
        """Replace ``substitute`` by oracle proxies and trace the other graded functions; silence stdout."""
        namespace = self.module.__dict__
        undo = [methods.patch(namespace, s, self._method_proxy(s) if s in substitute else self._method_tracer(s))
                for s in {*substitute, *graded} if s != name and methods.split(s)]
        saved = {s: namespace.get(s) for s in {*substitute, *graded} if s != name and not methods.split(s)}
        for s, original in saved.items():
            if s in substitute:
                namespace[s] = self._proxy(s, original)
            elif callable(original):
                namespace[s] = self._tracer(s, original)
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                yield
        finally:
            for s, original in saved.items():
                if original is None:
                    namespace.pop(s, None)
                else:
                    namespace[s] = original
            for restore in undo:
                restore()


__all__ = ["OracleError", "Substitution"]
