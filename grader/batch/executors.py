"""Where a batch's jobs run: local worker processes, or a Dask distributed cluster.

Both executors run the same :class:`~grader.batch.jobs.Worker` (one suite and one
warm sandbox per worker) on jobs that carry their submission's bytes (read
once by the batch, see :func:`grader.batch.safe_read.read_job`), and hand each job and
its result document to ``on_result`` as soon as it is known. The local executor needs no service: it forks worker
processes, pins each to a CPU (a worker and its sandbox then talk without
cross-CPU wake-ups), restarts a worker that dies and kills one whose job
overruns its hard limit, recording an error row for that job. The Dask
executor (``dask://HOST:PORT``) submits one task per job; the submission's
bytes travel with the task, so workers need no shared file system, only
this package and the assignment folder. Neither reads a submission file.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any

from grader.batch.jobs import GradingSpec, Job, Worker, error_result, grader_error

#: Called with each job and its result document, as soon as it is known.
OnResult = Callable[[Job, dict[str, Any]], None]


#: Seconds a worker may take beyond a submission's own time budget before it is killed.
HARD_MARGIN = 60.0


def hard_limit(spec: GradingSpec) -> float:
    """Seconds after which a worker still busy with one job is killed."""
    limits = spec.limits
    budget = limits.submission_seconds or 20 * limits.call_seconds
    return budget + limits.import_seconds + HARD_MARGIN


def _die_with_parent() -> None:
    """Have the kernel kill this worker (and so its sandbox) if the batch process dies."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _worker_main(conn: Connection, spec: GradingSpec, cpu: int | None, others: list[Connection],
                 parent: int) -> None:
    for other in others:  # the other workers' pipes, inherited through fork: they must see EOF
        other.close()
    _die_with_parent()
    if os.getppid() != parent:  # the batch died before the line above
        return
    if cpu is not None:
        try:
            os.sched_setaffinity(0, {cpu})
        except OSError:
            pass
    worker = Worker(spec)
    try:
        while True:
            job = conn.recv()
            if job is None:
                return
            conn.send(worker.grade(job))
    except (EOFError, KeyboardInterrupt):
        return
    finally:
        worker.close()


class LocalExecutor:
    """``workers`` forked processes on this machine.

    Parameters
    ----------
    spec : GradingSpec
        How to grade.
    workers : int
        Number of worker processes (each with its own sandbox).
    pin : bool
        Pin worker ``i`` (and its sandbox) to CPU ``i`` modulo the CPUs available.
    """

    name = "local"

    def __init__(self, spec: GradingSpec, workers: int = 1, pin: bool = True) -> None:
        self.spec = spec
        self.workers = max(1, workers)
        cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
        self.cpus = [cpus[i % len(cpus)] for i in range(self.workers)] if pin and cpus else [None] * self.workers
        self.ctx = mp.get_context("fork")
        self.procs: list[Any] = [None] * self.workers
        self.conns: list[Connection | None] = [None] * self.workers

    def _spawn(self, i: int) -> None:
        ours, theirs = self.ctx.Pipe()
        others = [c for c in self.conns if c is not None]
        proc = self.ctx.Process(target=_worker_main, args=(theirs, self.spec, self.cpus[i], others, os.getpid()),
                                daemon=True)
        proc.start()
        theirs.close()
        self.procs[i], self.conns[i] = proc, ours

    def _reap(self, i: int) -> None:
        proc, conn = self.procs[i], self.conns[i]
        if conn is not None:
            conn.close()
        if proc is not None:
            proc.kill()
            proc.join(5)
        self.procs[i] = self.conns[i] = None

    def start(self) -> None:
        """Fork the workers (before any thread, such as a progress bar's, is started)."""
        for i in range(self.workers):
            if self.procs[i] is None:
                self._spawn(i)

    def run(self, jobs: Sequence[Job], on_result: OnResult) -> None:
        """Grade ``jobs``; call ``on_result`` with each job and its result document as it arrives."""
        self.start()
        pending = list(reversed(jobs))
        busy: dict[int, tuple[Job, float]] = {}
        limit = hard_limit(self.spec)
        try:
            while pending or busy:
                for i in range(self.workers):
                    if i not in busy and pending:
                        if self.procs[i] is None:
                            self._spawn(i)
                        job = pending.pop()
                        try:
                            self.conns[i].send(job)  # type: ignore[union-attr]
                        except OSError:  # the worker died while idle: replace it
                            self._reap(i)
                            self._spawn(i)
                            self.conns[i].send(job)  # type: ignore[union-attr]
                        busy[i] = (job, time.monotonic())
                ready = wait([self.conns[i] for i in busy], timeout=1.0)  # type: ignore[misc]
                for i in list(busy):
                    conn = self.conns[i]
                    job, began = busy[i]
                    if conn in ready:
                        try:
                            doc = conn.recv()  # type: ignore[union-attr]
                        except (EOFError, OSError):
                            doc = error_result(job, self.spec, "the grading worker died while grading this "
                                               "submission; it is retried when the batch is run again",
                                               seconds=time.monotonic() - began, retry=True)
                            self._reap(i)
                    elif time.monotonic() - began > limit:
                        doc = error_result(job, self.spec, f"grading did not finish within {limit:g} s",
                                           seconds=time.monotonic() - began)
                        self._reap(i)
                    else:
                        continue
                    del busy[i]
                    on_result(job, doc)
        finally:
            self.close()

    def close(self) -> None:
        for i in range(self.workers):
            conn = self.conns[i]
            if conn is not None:
                try:
                    conn.send(None)
                except OSError:
                    pass
        for i in range(self.workers):
            proc = self.procs[i]
            if proc is not None:
                proc.join(10)
            self._reap(i)


# ------------------------------------------------------------------ Dask

_LOCAL = threading.local()


def grade_remote(job: Job, spec: GradingSpec) -> dict[str, Any]:
    """A Dask task: grade one job with this worker thread's own suite and sandbox."""
    workers: dict[str, Worker] = getattr(_LOCAL, "workers", None) or {}
    _LOCAL.workers = workers
    worker = workers.get(spec.key())
    if worker is None:
        worker = workers[spec.key()] = Worker(spec)
    return worker.grade(job)


class DaskExecutor:
    """One Dask task per job on the cluster whose scheduler is at ``address``."""

    name = "dask"

    def __init__(self, spec: GradingSpec, address: str) -> None:
        self.spec = spec
        self.address = address

    def start(self) -> None:
        pass

    def run(self, jobs: Sequence[Job], on_result: OnResult) -> None:
        """Grade ``jobs`` on the cluster; call ``on_result`` with each job and its document as it completes."""
        from distributed import Client, as_completed

        with Client(self.address, timeout=60) as client:
            futures = {}
            for job in jobs:
                future = client.submit(grade_remote, job, self.spec, pure=False, retries=1,
                                       key=f"grade-{job.fingerprint or job.student}-{time.time_ns()}")
                futures[future] = job
            for future in as_completed(futures):
                job = futures[future]
                try:
                    doc = future.result()
                except Exception as exc:  # noqa: BLE001 - a lost worker, not the submission
                    doc = grader_error(job, self.spec, exc, when="on the Dask cluster")
                on_result(job, doc)


def make_executor(spec: GradingSpec, executor: str | None = None,
                  workers: int = 1) -> LocalExecutor | DaskExecutor:
    """``None``/``"local"`` for local processes, ``dask://HOST:PORT`` (or ``tcp://``) for Dask."""
    if executor in (None, "", "local"):
        return LocalExecutor(spec, workers)
    assert executor is not None
    if executor.startswith("dask://"):
        return DaskExecutor(spec, "tcp://" + executor[len("dask://"):])
    if executor.startswith(("tcp://", "tls://", "inproc://")):
        return DaskExecutor(spec, executor)
    raise ValueError(f"unknown executor {executor!r}: use 'local' or dask://HOST:PORT")


__all__ = ["LocalExecutor", "DaskExecutor", "make_executor", "grade_remote", "hard_limit"]
