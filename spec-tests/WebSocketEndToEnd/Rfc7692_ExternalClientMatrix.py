#!/usr/bin/python3
"""The client half of Rfc7692_ExternalClientMatrix.cs: Debian's python3-websockets (an
implementation of RFC 7692 independent of ours) runs echo cases against a Tremolo server.

Reads {"port": P, "cases": [...]} as JSON on stdin (the C# test owns the matrix) and writes
one JSON line per case on stdout: id, status (OK, FAILED, UNIMPLEMENTED) and what it saw.
Per case, as the Autobahn testsuite's groups 12 and 13 do: offer permessage-deflate, send
`count` messages of `size` characters (text) or bytes (binary) cut from a corpus one after the
other, each after the echo of the one before, check every echo byte for byte, then close 1000
and expect a clean close 1000 back.
"""

import asyncio
import hashlib
import json
import random
import sys
import time

import websockets
from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory
from websockets.frames import OP_BINARY, OP_CONT, OP_TEXT


def corpus(name):
    """A seeded stand-in for each of Autobahn's test files (which we do not ship), larger than
    the biggest message so messages wrap around its end as they do there: text as str,
    the others as bytes."""
    rng = random.Random(7692)
    if name == "json":  # 'Large JSON data file'
        words = ["alpha", "beta", "gamma", "delta", "Zürich", "café", "naïve", "ōkami", "€uro"]
        records = [{"id": i, "name": rng.choice(words) + str(rng.randrange(1000)),
                    "score": round(rng.random() * 100, 3), "active": rng.random() < 0.5,
                    "tags": rng.sample(words, 3)} for i in range(2600)]
        return json.dumps(records, ensure_ascii=False, indent=1)
    if name == "html":  # 'Large HTML file'
        rows = "".join(f'<tr class="r{i % 3}"><td>{i}</td><td>Größe {rng.randrange(10**6)}</td>'
                       f'<td><a href="/item/{rng.randrange(10**4)}">détail</a></td></tr>\n'
                       for i in range(3200))
        return f"<!DOCTYPE html>\n<html><head><title>Tabelle</title></head><body><table>\n{rows}</table></body></html>\n"
    if name == "bitmap":  # 'Lena Picture, Bitmap 512x512 bw': an 8-bit grey BMP, smooth with noise
        side = 512
        pixels = bytes((x // 3 + y // 2 + rng.randrange(24)) & 0xFF for y in range(side) for x in range(side))
        palette = b"".join(bytes((g, g, g, 0)) for g in range(256))
        offset = 14 + 40 + len(palette)
        header = (b"BM" + (offset + len(pixels)).to_bytes(4, "little") + bytes(4) + offset.to_bytes(4, "little")
                  + (40).to_bytes(4, "little") + side.to_bytes(4, "little") + side.to_bytes(4, "little")
                  + (1).to_bytes(2, "little") + (8).to_bytes(2, "little") + bytes(24))
        return header + palette + pixels
    if name == "prose":  # "Human readable text, Goethe's Faust I (German)"
        words = ["Habe", "nun", "ach", "Philosophie", "Juristerei", "und", "Medizin", "leider",
                 "auch", "Theologie", "durchaus", "studiert", "mit", "heißem", "Bemühn", "Da",
                 "steh", "ich", "armer", "Tor", "bin", "so", "klug", "als", "wie", "zuvor", "Müh"]
        lines = (" ".join(rng.choice(words) for _ in range(rng.randrange(4, 10))) for _ in range(6000))
        return ("\n".join(lines) + "\n").encode("utf-8")
    if name == "incompressible":  # 'A larger PDF': deflated streams between a little markup
        parts = []
        for n in range(48):
            parts.append(f"{n} 0 obj\n<< /Length 4096 /Filter /FlateDecode >>\nstream\n".encode())
            parts.append(rng.randbytes(4096))
            parts.append(b"\nendstream\nendobj\n")
        return b"".join(parts)
    raise ValueError(name)


def offer_factory(offer):
    # Autobahn's PerMessageDeflateOffer always says client_no_context_takeover and a bare
    # client_max_window_bits (it accepts both); the cases beyond Autobahn's vary those too.
    return ClientPerMessageDeflateFactory(
        server_no_context_takeover=offer["server_no_context_takeover"],
        client_no_context_takeover=offer["client_no_context_takeover"],
        server_max_window_bits=offer["server_max_window_bits"],
        client_max_window_bits=offer["client_max_window_bits"] or True)


def messages(data, size, count):
    """Autobahn's sendOne: consecutive slices of `size`, wrapping around the corpus."""
    start = 0
    for _ in range(count):
        end = (start + size) % len(data)
        yield data[start:end] if end > start else data[start:] + data[:end]
        start = end


def digest(message):
    return hashlib.sha1(message.encode("utf-8") if isinstance(message, str) else message).hexdigest()


async def run_case(port, case, corpora):
    report = {"id": case["id"], "status": "FAILED", "result": "", "agreed": None,
              "messages": 0, "compressed_echoes": 0, "echo_wire_bytes": 0, "echo_bytes": 0}
    uri = f"ws://127.0.0.1:{port}{case['path']}"
    async with websockets.connect(uri, extensions=[offer_factory(o) for o in case["offers"]],
                                  compression=None, max_size=None, ping_interval=None) as ws:
        report["agreed"] = ", ".join(ws.response_headers.get_all("Sec-WebSocket-Extensions")) or None
        if not ws.extensions:
            report["status"] = "UNIMPLEMENTED"
            report["result"] = "the server declined permessage-deflate"
            return report
        extension = ws.extensions[0]
        report["negotiated"] = {"server_no_context_takeover": extension.remote_no_context_takeover,
                                "client_no_context_takeover": extension.local_no_context_takeover,
                                "server_max_window_bits": extension.remote_max_window_bits,
                                "client_max_window_bits": extension.local_max_window_bits}

        # Count what the server compressed: the frames as they came, before inflation.
        decode = extension.decode

        def counting_decode(frame, *, max_size=None):
            if frame.opcode in (OP_TEXT, OP_BINARY) and frame.rsv1:
                report["compressed_echoes"] += 1
            if frame.opcode in (OP_TEXT, OP_BINARY, OP_CONT):
                report["echo_wire_bytes"] += len(frame.data)
            return decode(frame, max_size=max_size)

        extension.decode = counting_decode

        data = corpora[case["dataset"]]
        if case["binary"] != isinstance(data, bytes):  # the case says how its corpus goes
            data = data.encode("utf-8") if case["binary"] else data.decode("utf-8")
        fragment = case["fragment"]
        for message in messages(data, case["size"], case["count"]):
            if fragment:
                await ws.send(message[i:i + fragment] for i in range(0, len(message), fragment))
            else:
                await ws.send(message)
            echo = await ws.recv()
            if type(echo) is not type(message):
                report["result"] = f"echo of message {report['messages'] + 1} is {type(echo).__name__}, sent {type(message).__name__}"
                await ws.close(1000)
                return report
            if len(echo) != len(message) or digest(echo) != digest(message):
                report["result"] = (f"echo of message {report['messages'] + 1} differs: length {len(echo)} SHA1 {digest(echo)}, "
                                    f"sent length {len(message)} SHA1 {digest(message)}")
                await ws.close(1000)
                return report
            report["messages"] += 1
            report["echo_bytes"] += len(echo.encode("utf-8") if isinstance(echo, str) else echo)

        await ws.close(1000)
        await ws.wait_closed()
        if ws.close_sent is None or ws.close_rcvd is None or ws.close_rcvd.code != 1000:
            report["result"] = f"no clean close: received {ws.close_rcvd}, sent {ws.close_sent}"
            return report
        report["status"] = "OK"
        report["result"] = f"received all {report['messages']} echoed messages, closed 1000"
        return report


async def main():
    request = json.load(sys.stdin)
    corpora = {}
    for case in request["cases"]:
        name = case["dataset"]
        if name not in corpora:
            corpora[name] = corpus(name)
    for case in request["cases"]:
        started = time.monotonic()
        try:
            report = await asyncio.wait_for(run_case(request["port"], case, corpora), case["timeout"])
        except asyncio.TimeoutError:
            report = {"id": case["id"], "status": "FAILED", "result": f"did not finish within {case['timeout']} s"}
        except Exception as error:  # a failed handshake, a protocol error, a dropped connection
            report = {"id": case["id"], "status": "FAILED", "result": f"{type(error).__name__}: {error}"}
        report["ms"] = round((time.monotonic() - started) * 1000)
        print(json.dumps(report), flush=True)


asyncio.run(main())
