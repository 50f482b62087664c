"""Runs the two pipeline passes over files in worker processes (--jobs N)."""
from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from redactor.engine import Engine
from redactor.models import FileResult
from redactor.policy import Policy


@dataclass
class _WorkerState:
    engine: Engine
    policy: Policy
    options: object


# Set once in each worker by the pool initializer (fork: the parent's loaded model is shared
# copy-on-write, so no worker loads it again). Never used in the parent process.
_state: _WorkerState | None = None


def _init(engine: Engine, policy: Policy, options) -> None:
    global _state
    _state = _WorkerState(engine, policy, options)


def _detect(item):
    from redactor.pipeline import guarded, read_and_detect

    assert _state is not None
    return guarded(item, lambda: read_and_detect(item, _state.engine, _state.policy, _state.options, keep_doc=False))


def _finish(args):
    from redactor.pipeline import finish, guarded

    pending, knowledge = args
    assert _state is not None
    return guarded(pending.file, lambda: finish(pending, _state.policy, knowledge, _state.options))


def run_parallel(files, policy: Policy, engine: Engine, options, jobs: int, progress) -> list[FileResult]:
    from redactor.pipeline import merge_knowledge

    ctx = multiprocessing.get_context("fork")
    results: dict[int, FileResult] = {}
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init, initargs=(engine, policy, options)) as pool:
        pending = []
        for i, outcome in enumerate(pool.map(_detect, files)):
            if progress:
                progress("reading", i + 1, len(files))
            if isinstance(outcome, FileResult):
                results[i] = outcome
            else:
                pending.append((i, outcome))
        knowledge = merge_knowledge(policy, [p.learnt for _, p in pending])
        for n, ((i, _), result) in enumerate(zip(pending, pool.map(_finish, [(p, knowledge) for _, p in pending]))):
            if progress:
                progress("redacting" if options.redact else "checking", n + 1, len(pending))
            results[i] = result
    return [results[i] for i in range(len(files))]
