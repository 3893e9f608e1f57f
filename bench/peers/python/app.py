#!/usr/bin/env python3
"""Benchmark peer: the four endpoints of bench/bench.yaml written against Python
Tremolo's public API (Application, route handlers, the websocket argument).

Run: PYTHONPATH=$TREMOLO_PATH python3 app.py PORT
"""

import sys

from tremolo import Application
from tremolo.exceptions import NotFound

app = Application()
room = set()


@app.route('/hello')
async def hello(response, chunked=False, **server):
    # Tremolo takes handler options from keyword defaults: chunked=False frames
    # the body with Content-Length, as bench.yaml asks.
    response.set_content_type(b'text/plain')
    return b'Hello World!'


@app.route('/slow')
async def slow(response, chunked=False, **server):
    # The fairness load's slow route, as in bench.yaml: 100 rounds of upper-
    # then lower-casing 100,000 characters, on the event loop like any handler.
    response.set_content_type(b'text/plain')
    s = 'x' * 100000
    for _ in range(100):
        s = s.upper().lower()
    return str(len(s)).encode()


@app.route('/ws')
async def echo(websocket=None, **server):
    if websocket is None:
        raise NotFound

    async for message in websocket:
        await websocket.send(message)


@app.route('/room')
async def broadcast(websocket=None, **server):
    if websocket is None:
        raise NotFound

    room.add(websocket)
    try:
        async for message in websocket:
            for member in tuple(room):
                await member.send(message)
    finally:
        room.discard(websocket)


if __name__ == '__main__':
    app.run(
        '127.0.0.1', int(sys.argv[1]) if len(sys.argv) > 1 else 8083,
        worker_num=0,  # one process, so its /proc figures are the server's
        log_level='ERROR',
        download_rate=1 << 30,
        upload_rate=1 << 30,
        keepalive_connections=8192,
        request_timeout=60,
        keepalive_timeout=60,
        backlog=1024,
    )
