// Bare socket.io reference: the same server options as the API's adapter
// (apps/api/src/realtime/redis-io.adapter.ts), on a plain Node HTTP server, for W1 (idle
// connections) and W2 (fan-out). POST /broadcast/:room with a JSON body emits it to that room as
// `message.created`; clients join a room with `subscribe { room }` (ack { ok: true }).
import { createServer } from 'node:http';

import { Server } from 'socket.io';

const http = createServer((req, res) => {
  const match = /^\/broadcast\/(.+)$/.exec(req.url ?? '');
  if (req.method === 'POST' && match) {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const payload = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      io.to(decodeURIComponent(match[1])).emit('message.created', payload);
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    });
    return;
  }
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  res.writeHead(404).end();
});
const io = new Server(http, {
  path: '/socket.io',
  serveClient: false,
  perMessageDeflate: false,
  transports: ['websocket', 'polling'],
});
io.on('connection', (socket) => {
  socket.on('subscribe', (body, ack) => {
    void socket.join(body.room);
    if (typeof ack === 'function') {
      ack({ ok: true });
    }
  });
});
http.listen(Number(process.env.PORT ?? 3998), '127.0.0.1');
process.on('SIGTERM', () => {
  io.close(() => process.exit(0));
});
