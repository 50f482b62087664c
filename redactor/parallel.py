"""Runs the pipeline's two passes in worker processes: --jobs N at once, each file under a time limit.

A worker is a fork of this process, so the language model is shared copy-on-write and never
loaded again. A file whose worker overruns the time limit, crashes (a library fault) or is
killed (out of memory) becomes that file's one-line error; the worker is replaced and the
rest of the folder carries on. A worker keeps the documents it read in pass 1 so that pass 2
of the same file, sent back to it, need not read the file again.
"""
from __future__ import annotations

import contextlib
import faulthandler
import gc
import multiprocessing
import os
import shutil
import signal
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Callable

from redactor.engine import Engine
from redactor.models import FileResult, Status
from redactor.policy import Policy

# Documents a worker keeps between the passes, counted in segments (about 1 KB each in memory);
# a worker with nothing kept always keeps the file it read, however large.
CACHE_SEGMENTS = 200_000
_STOP_GRACE_SECONDS = 5.0


@dataclass
class _Context:
    engine: Engine
    policy: Policy
    options: Any  # pipeline.RunOptions


def _serve(conn: Connection, ctx: _Context) -> None:
    """A worker: any failure outside a file's own guarded step ends it quietly; the parent names the file."""
    # Ctrl-C reaches the whole process group: the parent alone decides what stops and cleans up.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A library crash is reported by the parent in one line; no stack dump on the terminal.
    faulthandler.disable()
    try:
        _serve_loop(conn, ctx)
    except BaseException:
        os._exit(70)
    os._exit(0)


def _serve_loop(conn: Connection, ctx: _Context) -> None:
    """One message in, one reply out, until told to stop or the parent goes."""
    from redactor.pipeline import finish, guarded, read_and_detect

    kept: dict[int, Any] = {}
    knowledge = None
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        kind = message[0]
        if kind == "stop":
            return
        if kind == "knowledge":
            knowledge = message[1]
            continue
        index, item = message[1], message[2]
        if kind == "detect":
            outcome = guarded(item, lambda: read_and_detect(item, ctx.engine, ctx.policy, ctx.options))
            if isinstance(outcome, FileResult):
                _reply(conn, index, item, outcome)
                continue
            keep = not kept or sum(len(p.doc.segments) for p in kept.values()) + len(outcome.doc.segments) <= CACHE_SEGMENTS
            if keep:
                kept[index] = outcome
            _reply(conn, index, item, outcome.learnt, keep)
        elif kind == "finish":
            pending = kept.pop(index, None)

            def step(pending=pending):
                p = pending or read_and_detect(item, ctx.engine, ctx.policy, ctx.options)
                return finish(p, ctx.policy, knowledge, ctx.options)

            _reply(conn, index, item, _for_parent(guarded(item, step)))


def _for_parent(result: FileResult) -> FileResult:
    """The result as the parent needs it, cheaper to send: a register's 175,000 decisions are most of it.

    The parent never reads a finding's text (the withheld value: it must not reach the log or the
    report), so it stays here; equal hashes and labels become one string, which pickle sends once.
    """
    shared: dict[str, str] = {}
    for d in result.decisions:
        d.finding.text = ""
        d.value_hash = shared.setdefault(d.value_hash, d.value_hash)
        d.fingerprint = shared.setdefault(d.fingerprint, d.fingerprint)
        d.label = shared.setdefault(d.label, d.label)
        d.reason = shared.setdefault(d.reason, d.reason)
    return result


def _reply(conn: Connection, index: int, item, payload, kept: bool = False) -> None:
    try:
        conn.send((index, payload, kept))
    except (OSError, EOFError):
        raise
    except Exception as exc:  # the result would not pickle: the file fails, the worker goes on
        conn.send((index, _failed(item, f"could not be processed ({type(exc).__name__} passing the result back)"), False))


@dataclass
class _Worker:
    process: Any
    conn: Connection
    task: tuple[str, int, Any] | None = None  # (kind, index, item) in flight
    started: float = 0.0
    holds: set[int] = field(default_factory=set)  # files whose pass-1 document this worker keeps


class _Pool:
    """Worker processes with a watchdog: a time limit per file, and replacement of lost workers."""

    def __init__(self, ctx: _Context, jobs: int, max_seconds: float | None):
        self.mp = multiprocessing.get_context("fork")
        self.ctx = ctx
        self.max_seconds = max_seconds or None
        self.knowledge = None
        # Objects alive now (the model above all) are left out of garbage collection from here on:
        # a collection in a worker would write to every one of them and so copy their pages.
        gc.freeze()
        self.workers = [self._spawn() for _ in range(jobs)]

    def _spawn(self) -> _Worker:
        parent_end, child_end = self.mp.Pipe()
        process = self.mp.Process(target=_serve, args=(child_end, self.ctx), daemon=True, name="redactor-worker")
        process.start()
        child_end.close()
        worker = _Worker(process, parent_end)
        if self.knowledge is not None:
            worker.conn.send(("knowledge", self.knowledge))
        return worker

    def share(self, knowledge) -> None:
        self.knowledge = knowledge
        for i, w in enumerate(self.workers):
            try:
                w.conn.send(("knowledge", knowledge))
            except OSError:  # died while idle: a new worker is sent the knowledge as it starts
                _kill(w)
                self.workers[i] = self._spawn()

    def run(self, kind: str, tasks: list[tuple[int, Any]], on_done: Callable[[int, Any, "_Worker | None"], None]) -> None:
        """Run tasks (index, item) of one pass; on_done(index, reply, worker) as each finishes."""
        queue = deque(tasks)
        while queue or any(w.task for w in self.workers):
            for i, w in enumerate(self.workers):
                if w.task is None and queue:
                    index, item = self._next_for(w, queue, kind)
                    self._start(i, (kind, index, item))
            busy = [w for w in self.workers if w.task]
            ready = wait([w.conn for w in busy], timeout=self._wait_seconds(busy))
            for w in busy:
                if w.conn in ready:
                    self._collect(w, on_done)
            self._enforce_time_limit(on_done)

    def _start(self, i: int, task: tuple[str, int, Any]) -> None:
        w = self.workers[i]
        w.holds.discard(task[1])
        try:
            w.conn.send(task)
        except OSError:  # the worker died while idle (e.g. killed for memory): replace it and resend
            _kill(w)
            w = self.workers[i] = self._spawn()
            w.conn.send(task)
        w.task, w.started = task, time.monotonic()

    def _next_for(self, worker: _Worker, queue: deque, kind: str) -> tuple[int, Any]:
        """Pass 2 goes back to the worker that kept the document, unless that would leave this one idle."""
        if kind == "finish":
            for task in queue:
                if task[0] in worker.holds:
                    queue.remove(task)
                    return task
            for task in queue:
                if not any(task[0] in w.holds for w in self.workers):
                    queue.remove(task)
                    return task
            # Take the last file of the busiest worker: it reads that file again, but the run ends sooner.
            busiest = max(self.workers, key=lambda w: sum(1 for t in queue if t[0] in w.holds))
            for task in reversed(queue):
                if task[0] in busiest.holds:
                    queue.remove(task)
                    return task
        return queue.popleft()

    def _wait_seconds(self, busy: list[_Worker]) -> float | None:
        if not self.max_seconds or not busy:
            return None
        first_deadline = min(w.started for w in busy) + self.max_seconds
        return max(0.05, first_deadline - time.monotonic())

    def _collect(self, w: _Worker, on_done) -> None:
        kind, index, item = w.task
        try:
            with _no_collection():
                reply = w.conn.recv()
        except (EOFError, OSError):
            self._replace(w, on_done, _lost_reason(w.process))
            return
        except Exception as exc:  # a reply that does not unpickle
            self._replace(w, on_done, f"could not be processed ({type(exc).__name__} reading the result)")
            return
        w.task = None
        _, payload, kept = reply
        if kept:
            w.holds.add(index)
        on_done(index, payload, w)

    def _enforce_time_limit(self, on_done) -> None:
        if not self.max_seconds:
            return
        now = time.monotonic()
        for w in list(self.workers):
            if w.task and now - w.started > self.max_seconds:
                self._replace(w, on_done, f"timed out after {self.max_seconds:g} s")

    def _replace(self, w: _Worker, on_done, reason: str) -> None:
        kind, index, item = w.task
        _kill(w)
        _remove_partial_outputs(self.ctx.options, item)
        self.workers[self.workers.index(w)] = self._spawn()
        on_done(index, _failed(item, reason), None)

    def close(self) -> None:
        """Stop the workers; any still busy (an interrupted run) are killed and their temp files removed."""
        with _no_interrupts():
            self._close()
        gc.unfreeze()

    def _close(self) -> None:
        for w in self.workers:
            if w.task is None:
                try:
                    w.conn.send(("stop",))
                except OSError:
                    pass
        deadline = time.monotonic() + _STOP_GRACE_SECONDS
        for w in self.workers:
            if w.task is None:
                w.process.join(max(0.0, deadline - time.monotonic()))
            _kill(w)
            if w.task is not None:
                _remove_partial_outputs(self.ctx.options, w.task[2])
        self.workers = []


@contextlib.contextmanager
def _no_collection():
    """No garbage collection while a result is unpickled: a register's result is half a million new
    objects, none of them garbage, and the collections they set off took four times the unpickling."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def _no_interrupts():
    """A second Ctrl-C must not stop the clean-up half-way."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: signals cannot be set here, nor delivered
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _kill(w: _Worker) -> None:
    if w.process.is_alive():
        w.process.kill()
    w.process.join()
    w.conn.close()


def _lost_reason(process) -> str:
    process.join(1.0)
    code = process.exitcode
    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else f"signal {-code}"
        if name == "SIGKILL":
            return "could not be processed (killed with SIGKILL, perhaps out of memory)"
        return f"could not be processed (crashed with {name})"
    return "could not be processed (its worker stopped unexpectedly)"


def _largest_first(tasks: list[tuple[int, Any]]) -> list[tuple[int, Any]]:
    def size(task) -> int:
        try:
            return task[1].path.stat().st_size
        except OSError:
            return 0

    return sorted(tasks, key=lambda t: (-size(t), t[0]))


def _failed(item, reason: str) -> FileResult:
    return FileResult(path=item.rel.as_posix(), status=Status.ERROR, error=reason)


def _remove_partial_outputs(options, item) -> None:
    """The temp folder a killed worker left beside the file's output (pipeline.write_verified names it)."""
    if not getattr(options, "redact", False) or options.out_dir is None:
        return
    target = Path(options.out_dir) / item.rel
    try:
        names = os.listdir(target.parent)
    except OSError:
        return
    for name in names:
        if name.startswith(f".{target.name}.") and name.endswith(".part"):
            path = target.parent / name
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def run_in_workers(files, policy: Policy, engine: Engine, options, jobs: int, progress, on_result=None) -> list[FileResult]:
    """Both passes over files in `jobs` worker processes; results in file order, as the serial run gives.

    on_result(index, result) is called as each file's final result arrives.
    """
    from redactor.pipeline import merge_knowledge

    results: dict[int, FileResult] = {}
    learnt: dict[int, Any] = {}
    pool = _Pool(_Context(engine, policy, options), jobs, getattr(options, "max_seconds", None))
    try:
        def detected(index: int, payload, worker) -> None:
            if isinstance(payload, FileResult):
                results[index] = payload
                if on_result:
                    on_result(index, payload)
            else:
                learnt[index] = payload
            if progress:
                progress("reading", len(results) + len(learnt), len(files))

        # Largest files first, so the run does not end waiting on one big file (results keep file order).
        pool.run("detect", _largest_first(list(enumerate(files))), detected)
        pool.share(merge_knowledge(policy, [learnt[i] for i in sorted(learnt)]))
        finished = 0

        def done(index: int, payload, worker) -> None:
            nonlocal finished
            results[index] = payload
            if on_result:
                on_result(index, payload)
            finished += 1
            if progress:
                progress("redacting" if options.redact else "checking", finished, len(learnt))

        pool.run("finish", _largest_first([(i, files[i]) for i in sorted(learnt)]), done)
    finally:
        pool.close()
    return [results[i] for i in range(len(files))]


# Kept for callers of the earlier name.
def run_parallel(files, policy: Policy, engine: Engine, options, jobs: int, progress) -> list[FileResult]:
    return run_in_workers(files, policy, engine, options, jobs, progress)
