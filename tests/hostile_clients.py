"""Hostile HTTP clients, shared by the tests (tests/test_fuzz.py, tests/test_http_limits.py)
and the benchmark (bench/hostile.py): fuzzed posts with the right secret or signature, and
connections that trickle a request head one byte at a time."""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import aiohttp
from fake_graph import FakeGraphApi

Maker = Callable[[int], tuple[bytes, str]]  # an update id -> (body, content type)


def rss_kb(pid: int) -> int:
    """The resident memory of process `pid`, in kB (Linux)."""
    match = re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
    assert match is not None
    return int(match.group(1))


async def post_fuzzed(
    url: str, makers: list[Maker], rng: random.Random, counts: Counter[int | str], *,
    headers: dict[str, str] | None = None, graph: FakeGraphApi | None = None,
    first_id: int = 900_000_000, concurrency: int = 16,
    until: float | None = None, total: int | None = None,
) -> None:
    """POST malformed bodies (`makers`, tests/fuzz_updates.py) until the monotonic time
    `until` or `total` posts; count the answers by status (a client error by its name).
    `graph` signs each body as Meta does; `headers` carry Telegram's secret."""
    ids = iter(range(first_id, first_id + 10**8))
    left = iter(range(total)) if total is not None else None
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as http:

        async def worker() -> None:
            while until is None or time.monotonic() < until:
                if left is not None and next(left, None) is None:
                    return
                raw, content_type = rng.choice(makers)(next(ids))
                sent = {"Content-Type": content_type, **(headers or {})}
                if graph is not None:
                    sent["X-Hub-Signature-256"] = graph.sign(raw)
                try:
                    async with http.post(url, data=raw, headers=sent) as resp:
                        await resp.read()
                        counts[resp.status] += 1
                except aiohttp.ClientError as exc:
                    counts[f"client error {type(exc).__name__}"] += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))


async def trickle(
    port: int, held: list[float], stop: asyncio.Event, poll: float = 0.25
) -> None:
    """A client that opens a connection and sends its request head one byte at a time,
    until `stop`; appends to `held` how long the server let it hold the connection."""
    began = time.monotonic()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        held.append(0.0)
        return
    try:
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        while not stop.is_set():
            writer.write(b"X")
            await writer.drain()
            try:  # the server closing shows up as EOF (or a reset)
                async with asyncio.timeout(poll):
                    if await reader.read(100) == b"":
                        break
            except TimeoutError:
                continue
    except OSError:  # (ConnectionError too)
        pass
    finally:
        held.append(time.monotonic() - began)
        writer.close()
