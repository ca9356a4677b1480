// The floor of the state service benchmark: the least a Node.js TCP server can do per session cycle
// — frame each request by its head and Content-Length and answer with a prebuilt response (the GET
// with a body of the benchmark's size). No parsing, no store. What the memory store costs above this
// is the store's; what this costs above redis-server is Node's (docs/state-store.md §6).
//   node bench/state-server-floor.mjs <port> <body bytes>
import { createServer } from 'node:net';

const port = Number(process.argv[2]);
const size = Number(process.argv[3]);
const head = (extra, length) =>
  `HTTP/1.1 200 OK\r\nX-AspNet-Version: 4.0.30319\r\n${extra}Cache-Control: private\r\nContent-Length: ${length}\r\n\r\n`;
const acquired = Buffer.concat([
  Buffer.from(head('LockCookie: 2\r\nTimeout: 20\r\n', size)),
  Buffer.alloc(size, 0x61),
]);
const stored = Buffer.from(head('', 0));
const HEAD_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = Buffer.from('Content-Length: ');

createServer({ noDelay: true }, (socket) => {
  let pending = null;
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk) => {
    let buffer = pending === null ? chunk : Buffer.concat([pending, chunk]);
    for (;;) {
      const end = buffer.indexOf(HEAD_END);
      if (end < 0) break;
      const at = buffer.indexOf(CONTENT_LENGTH);
      const length = at >= 0 && at < end ? parseInt(buffer.toString('latin1', at + 16, at + 26), 10) : 0;
      const total = end + 4 + length;
      if (buffer.length < total) break;
      socket.write(buffer[0] === 0x47 /* G */ ? acquired : stored);
      buffer = buffer.subarray(total);
    }
    pending = buffer.length > 0 ? buffer : null;
  });
}).listen(port, '127.0.0.1', () => process.stdout.write(`floor listening on ${port}\n`));
