"""Load on `kb serve`: /api/check with a 5 kB letter at 16 connections, beside a trivial
endpoint (/healthz) of the same server in the same run (issue 20).

Run by hand:  python bench/serve_load.py [--requests 4000] [--seconds 60] [--workers N]
                                         [--connections 16]

Starts `kb serve` on 127.0.0.1 (a free port; never another address) with the documented
deployment, one worker process per core (`--workers`, default the machine's cores), over
a private copy of a store made from the bundled sources in a temporary directory. The
load generator is this process: `--connections` keep-alive HTTP/1.1 connections on
asyncio streams, each sending its next request when the last one is answered, until
`--requests` are answered or `--seconds` have passed (whichever is first), for each
endpoint in turn: /healthz first (the floor: what the server and this client cost with
no work), then POST /api/check. Each answer is read in full and counted as an error
unless it is HTTP 200 with the expected body. Printed: requests, errors, requests/s,
p50/p99/max latency, and the workers' resident memory (from /proc) after a warm-up and
after the run.

Goals: /api/check p99 <= 50 ms, >= 40% of /healthz's requests/s, zero errors, resident
memory flat (+-10%) over 100,000 requests (`--requests 100000`). On a machine of 2 CPUs
this client shares them with the server: the figures are a floor, not a ceiling.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "002_40109d78337ad800.txt"
HOST = "127.0.0.1"  # the bench only ever talks to this machine


def letter(size: int = 5000) -> str:
    """The first `size` characters of the pamphlet's example letter, cut at a line's end."""
    text = SEED.read_text(encoding="utf-8")
    cut = text.rfind("\n", 0, size)
    return text[: cut if cut > size // 2 else size]


def request_bytes(method: str, path: str, body: bytes | None = None) -> bytes:
    head = f"{method} {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: keep-alive\r\n"
    if body is not None:
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    return (head + "\r\n").encode() + (body or b"")


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = 0
    chunked = False
    for line in lines[1:]:
        name, _sep, value = line.partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if not chunked:
        return status, await reader.readexactly(length)
    body = b""
    while True:
        size = int((await reader.readline()).strip(), 16)
        if size == 0:
            await reader.readline()
            return status, body
        body += await reader.readexactly(size)
        await reader.readline()


async def load(
    port: int, raw: bytes, check: bytes, connections: int, total: int, seconds: float
) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    sent = 0
    deadline = time.perf_counter() + seconds

    async def connection() -> None:
        nonlocal errors, sent
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            while sent < total and time.perf_counter() < deadline:
                sent += 1
                start = time.perf_counter()
                writer.write(raw)
                try:
                    status, body = await read_response(reader)
                except (asyncio.IncompleteReadError, ConnectionError):
                    errors += 1
                    writer.close()
                    reader, writer = await asyncio.open_connection(HOST, port)
                    continue
                latencies.append(time.perf_counter() - start)
                if status != 200 or check not in body:
                    errors += 1
        finally:
            writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(connections)))
    return latencies, errors, time.perf_counter() - began


def rss_kb(pid: int) -> int:
    """The resident memory of `pid`'s children (uvicorn's workers), or of `pid` with none."""
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids = [int(p) for p in children.read_text().split()] or [pid]
    total = 0
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def store(folder: Path) -> str:
    sys.path.insert(0, str(ROOT))
    from kb.graph.build import update
    from kb.index.search import rebuild
    from kb.ingest.setup import prepare_store

    url = f"sqlite:///{folder / 'kb.sqlite3'}"
    prepare_store(url)
    update(url)
    rebuild(url)
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=4000, help="per endpoint")
    parser.add_argument("--seconds", type=float, default=60.0, help="per endpoint, at most")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="lovkb-serve-load-"))
    server = None
    try:
        url = store(folder)
        with socket.socket() as s:
            s.bind((HOST, 0))
            port = s.getsockname()[1]
        env = {**os.environ, "KB_DATABASE_URL": url}
        command = [sys.executable, "-m", "kb.cli", "serve", "--host", HOST, "--port", str(port)]
        command += ["--workers", str(args.workers)]
        server = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
        for _ in range(600):
            try:
                urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("kb serve did not start")
        text = letter()
        body = json.dumps({"text": text, "as_of": "2004-01-01"}).encode()
        print(
            f"kb serve: {args.workers} worker(s), {args.connections} connections, "
            f"at most {args.requests} requests or {args.seconds:g} s an endpoint; "
            f"letter {len(text.encode())} bytes, {len(text)} characters"
        )
        endpoints = [
            ("GET /healthz", request_bytes("GET", "/healthz"), b'"status":"ok"'),
            ("POST /api/check", request_bytes("POST", "/api/check", body), b'"schema": 2'),
        ]
        # warm up every worker's lookups before memory is read
        asyncio.run(load(port, endpoints[1][1], b"", args.connections, 200, 30))
        before = rss_kb(server.pid)
        rates = {}
        for name, raw, expect in endpoints:
            lat, errors, took = asyncio.run(
                load(port, raw, expect, args.connections, args.requests, args.seconds)
            )
            lat.sort()
            rate = len(lat) / took
            rates[name] = rate
            p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
            print(
                f"{name:16} {len(lat):7} requests  {errors} errors  {rate:8.1f} req/s  "
                f"p50 {statistics.median(lat) * 1000:7.1f} ms  p99 {p99 * 1000:7.1f} ms  "
                f"max {lat[-1] * 1000:7.1f} ms"
            )
        after = rss_kb(server.pid)
        share = rates["POST /api/check"] / rates["GET /healthz"]
        print(f"/api/check at {share:.0%} of /healthz's requests/s (goal >= 40%)")
        print(
            f"workers' resident memory: {before / 1024:.1f} MB after warm-up, "
            f"{after / 1024:.1f} MB after the run ({(after - before) / before:+.1%})"
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(20)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
