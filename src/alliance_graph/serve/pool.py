"""A pool of query worker processes (``endpoint_worker``) driven from asyncio, with a time limit per job.

A job that runs past its time limit gets its worker killed and replaced, since pyoxigraph cannot stop a running
query; the other workers, and the server, go on answering.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import pickle
import sys
from pathlib import Path
from typing import Any

from alliance_graph.serve.worker import FRAME, PageJob, QueryJob, Reply, error

log = logging.getLogger(__name__)

#: How long a new worker may take to open the store before the server gives up on it.
START_TIMEOUT = 120.0


class WorkerFailed(RuntimeError):
    """A worker process could not be started or died."""


class _Worker:
    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc

    async def call(self, payload: bytes) -> bytes:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(FRAME.pack(len(payload)) + payload)
        await self.proc.stdin.drain()
        return await self.read()

    async def read(self) -> bytes:
        assert self.proc.stdout is not None
        (size,) = FRAME.unpack(await self.proc.stdout.readexactly(FRAME.size))
        return await self.proc.stdout.readexactly(size)

    async def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()
        with contextlib.suppress(Exception):
            await self.proc.wait()


class WorkerPool:
    """``size`` worker processes over the store at ``store``; :meth:`run` sends a job to a free one.

    Use ``await pool.start()`` before and ``await pool.close()`` after.
    """

    def __init__(self, store: Path, size: int, settings: dict[str, Any]) -> None:
        self.size = max(1, size)
        self.argv = [
            sys.executable,
            "-m",
            "alliance_graph.serve.worker",
            json.dumps({**settings, "store": str(store)}),
        ]
        self._idle: asyncio.LifoQueue[_Worker] = asyncio.LifoQueue()
        self._all: set[_Worker] = set()
        self._spawning: set[asyncio.Task[None]] = set()
        self._closed = False
        self.restarts = 0

    async def _spawn(self) -> _Worker:
        proc = await asyncio.create_subprocess_exec(
            *self.argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=None
        )
        worker = _Worker(proc)
        self._all.add(worker)
        try:
            hello = await asyncio.wait_for(worker.read(), START_TIMEOUT)
        except (asyncio.IncompleteReadError, TimeoutError) as err:
            await self._discard(worker)
            raise WorkerFailed(f"a query worker did not start (exit code {proc.returncode})") from err
        if hello != b"ready":
            await self._discard(worker)
            raise WorkerFailed("a query worker sent an unexpected greeting")
        return worker

    async def start(self) -> None:
        """Start every worker and wait until each has opened the store.

        Raises:
            WorkerFailed: a worker could not start (the store is missing or unreadable).
        """
        workers = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        for worker in workers:
            self._idle.put_nowait(worker)

    async def _discard(self, worker: _Worker) -> None:
        self._all.discard(worker)
        await worker.kill()

    def _replace(self) -> None:
        async def replace() -> None:
            try:
                worker = await self._spawn()
            except WorkerFailed:
                log.exception("could not replace a query worker")
                return
            if self._closed:
                await self._discard(worker)
            else:
                self._idle.put_nowait(worker)

        if not self._closed:
            self.restarts += 1
            task = asyncio.get_running_loop().create_task(replace())
            self._spawning.add(task)
            task.add_done_callback(self._spawning.discard)

    async def run(self, job: QueryJob | PageJob, timeout: float) -> Reply:
        """Run ``job`` on a free worker within ``timeout`` seconds (waiting for a free worker included).

        Past the limit the worker is killed and replaced, and the reply is a 503 that says so.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            async with asyncio.timeout_at(deadline):
                worker = await self._idle.get()
        except TimeoutError:
            return error(503, f"the server is busy: no query worker became free within the {timeout:g} s time limit")
        payload = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            async with asyncio.timeout_at(deadline):
                answer = await worker.call(payload)
        except TimeoutError:
            log.warning("a query ran past the %g s time limit; its worker is replaced", timeout)
            await self._discard(worker)
            self._replace()
            return error(503, f"query stopped: it ran longer than the server's time limit of {timeout:g} s")
        except (asyncio.IncompleteReadError, ConnectionError) as err:
            await self._discard(worker)
            self._replace()
            log.error("a query worker died: %s", err)
            return error(500, "the query worker died while answering; the server goes on with a new one")
        except BaseException:
            # cancelled mid-job (client gone, shutdown): the worker's state is unknown, so it is replaced
            await self._discard(worker)
            self._replace()
            raise
        self._idle.put_nowait(worker)
        reply = pickle.loads(answer)
        assert isinstance(reply, Reply)
        return reply

    async def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        for task in list(self._spawning):
            task.cancel()
        for worker in list(self._all):
            await self._discard(worker)
