// Benchmark peer: the same endpoints as bench/bench.yaml, on Bun.serve (uWebSockets underneath).
// Run with the bun binary that npm installs from @oven/bun-linux-x64: `bun server.js PORT`.
const port = Number(process.argv[2] || 8085);
const hello = 'Hello World!';

// The fairness load's slow route, as in bench.yaml: 100 rounds of upper- then lower-casing 100,000 characters.
function slowWork() {
  let s = 'x'.repeat(100000);
  for (let i = 0; i < 100; i++) s = s.toUpperCase().toLowerCase();
  return String(s.length);
}

const text = { 'Content-Type': 'text/plain' };
// Which WebSocket behaviour each upgrade path gets; `z` paths compress what they send.
const sockets = {
  '/ws': { room: null, compress: false },
  '/room': { room: 'room', compress: false },
  '/wsz': { room: null, compress: true },
  '/roomz': { room: 'roomz', compress: true },
};

const server = Bun.serve({
  port,
  hostname: '127.0.0.1',
  idleTimeout: 60, // keep-alive, as keepalive_timeout in bench.yaml
  // A constant body is Bun's static route, as a literal `body:` is Tremolo's.
  routes: {
    '/hello': { GET: new Response(hello, { headers: text }) },
    '/hello/': { GET: new Response(hello, { headers: text }) },
    '/slow': { GET: () => new Response(slowWork(), { headers: text }) },
  },
  fetch(req, server) {
    const path = new URL(req.url).pathname;
    const kind = sockets[path];
    if (kind === undefined) return new Response('Not Found', { status: 404, headers: text });
    // permessage-deflate is one switch per Bun server: the plain paths drop the client's offer
    // before the upgrade, so it is negotiated on the `z` paths only, as the other peers do.
    if (!kind.compress) req.headers.delete('sec-websocket-extensions');
    if (server.upgrade(req, { data: kind })) return undefined;
    return new Response('Upgrade Required', { status: 426, headers: text });
  },
  websocket: {
    perMessageDeflate: true, // uWebSockets' shared compressor; see fetch for the plain paths
    idleTimeout: 960, // longest allowed: no server-side drop during the idle load
    open(ws) {
      if (ws.data.room !== null) ws.subscribe(ws.data.room);
    },
    message(ws, message) {
      // server.publish reaches every subscriber, the sender included (ws.publish would skip it).
      if (ws.data.room !== null) server.publish(ws.data.room, message, ws.data.compress);
      else ws.send(message, ws.data.compress);
    },
  },
});

console.log(`bun peer on http://127.0.0.1:${server.port}`);
