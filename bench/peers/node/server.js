'use strict';
// Benchmark peer: the same four endpoints as bench/bench.yaml, on Node's http + ws.
const http = require('http');
const { WebSocketServer, WebSocket } = require('ws');

const port = Number(process.argv[2] || 8082);
const hello = Buffer.from('Hello World!');

// The fairness load's slow route, as in bench.yaml: 100 rounds of upper- then lower-casing 100,000 characters.
function slowWork() {
  let s = 'x'.repeat(100000);
  for (let i = 0; i < 100; i++) s = s.toUpperCase().toLowerCase();
  return String(s.length);
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?', 1)[0];
  if (req.method === 'GET' && (path === '/hello' || path === '/hello/')) {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': hello.length });
    res.end(hello);
    return;
  }
  if (req.method === 'GET' && path === '/slow') {
    const body = Buffer.from(slowWork());
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': body.length });
    res.end(body);
    return;
  }
  res.writeHead(404, { 'Content-Type': 'text/plain', 'Content-Length': 9 });
  res.end('Not Found');
});
server.keepAliveTimeout = 60000;

// perMessageDeflate off: the other peers do not compress either.
const echo = new WebSocketServer({ noServer: true, perMessageDeflate: false });
const room = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: true });

// The compression rows: ws's own permessage-deflate (threshold 1024 B by default).
const echoZ = new WebSocketServer({ noServer: true, perMessageDeflate: true });
const roomZ = new WebSocketServer({ noServer: true, perMessageDeflate: true, clientTracking: true });

echoZ.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});

roomZ.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    for (const peer of roomZ.clients) {
      if (peer.readyState === WebSocket.OPEN) peer.send(data, { binary: isBinary });
    }
  });
});

echo.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});

room.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    for (const peer of room.clients) {
      if (peer.readyState === WebSocket.OPEN) peer.send(data, { binary: isBinary });
    }
  });
});

server.on('upgrade', (req, socket, head) => {
  const path = req.url.split('?', 1)[0];
  const target = { '/ws': echo, '/room': room, '/wsz': echoZ, '/roomz': roomZ }[path] ?? null;
  if (target === null) {
    socket.destroy();
    return;
  }
  target.handleUpgrade(req, socket, head, (ws) => target.emit('connection', ws, req));
});

server.listen(port, '127.0.0.1', 1024, () => console.log(`node peer on http://127.0.0.1:${port}`));
