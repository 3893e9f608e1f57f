#!/usr/bin/env python3
"""Issue 17: RSS of `tremolo serve` while many clients trickle large bodies to a route
whose template reads them, and after they all left.

  python3 bench/body_memory.py [--clients 200] [--size 2097152] [--step 65536] [--pause 0.05]

Starts the server itself (Debug build) on a free loopback port, prints RSS (MiB) at
baseline, the peak while the bodies arrive, and 5 s after the last client left.
"""
import argparse, asyncio, os, socket, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DLL = os.path.join(ROOT, 'Tremolo.Server', 'bin', 'Debug', 'net10.0', 'tremolo.dll')
YAML = """server:
  client_max_body_size: 4194304
  upload_rate: 1073741824
routes:
  - path: /upload
    content_type: text/plain
    template: "got {{ request.body | string.size }}"
"""


def rss_mib(pid):
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024.0
    return 0.0


async def client(port, size, step, pause, results):
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    writer.write(b'POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n' % size)
    chunk = b'a' * step
    sent = 0
    while sent < size:
        n = min(step, size - sent)
        writer.write(chunk[:n])
        await writer.drain()
        sent += n
        await asyncio.sleep(pause)
    answer = await reader.read(65536)
    results.append(answer.split(b'\r\n', 1)[0])
    writer.close()


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--clients', type=int, default=200)
    ap.add_argument('--size', type=int, default=2 * 1048576)
    ap.add_argument('--step', type=int, default=65536)
    ap.add_argument('--pause', type=float, default=0.05)
    args = ap.parse_args()

    s = socket.socket(); s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]; s.close()
    folder = tempfile.mkdtemp()
    with open(os.path.join(folder, 'tremolo.yaml'), 'w') as f:
        f.write(YAML)
    server = subprocess.Popen(['dotnet', DLL, 'serve', os.path.join(folder, 'tremolo.yaml'), '--port', str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(('127.0.0.1', port)).close()
                break
            except OSError:
                time.sleep(0.2)
        await asyncio.sleep(1)
        baseline = rss_mib(server.pid)
        results = []
        peak = baseline
        tasks = [asyncio.create_task(client(port, args.size, args.step, args.pause, results)) for _ in range(args.clients)]
        while not all(t.done() for t in tasks):
            peak = max(peak, rss_mib(server.pid))
            await asyncio.sleep(0.05)
        for t in tasks:
            t.result()
        await asyncio.sleep(5)
        after = rss_mib(server.pid)
        ok = sum(1 for r in results if r.startswith(b'HTTP/1.1 200'))
        print('clients=%d size=%d: %d answered 200; RSS MiB baseline %.0f, peak %.0f, 5 s after %.0f'
              % (args.clients, args.size, ok, baseline, peak, after))
    finally:
        server.terminate()
        server.wait()


asyncio.run(main())
