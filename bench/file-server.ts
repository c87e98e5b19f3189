// A bare loopback file host for the download bench, in its own process so that serving the
// bytes does not eat into the CPU of the process being measured. It reads the files named on
// its command line into memory and serves /<kind>/<n>.<ext> as file n mod count of that kind;
// it sends its address to the parent (fork's IPC channel) once it listens.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const byKind = new Map<string, Buffer[]>();
for (const arg of process.argv.slice(2)) {
  const [kind = '', file = ''] = arg.split('=');
  const list = byKind.get(kind) ?? [];
  list.push(readFileSync(file));
  byKind.set(kind, list);
}
const TYPES: Record<string, string> = { img: 'image/png', vid: 'video/mp4' };

const server = createServer((req, res) => {
  const m = /^\/(\w+)\/(\d+)\.\w+$/.exec(req.url ?? '');
  const list = m ? byKind.get(m[1] ?? '') : undefined;
  const body = list?.[Number(m?.[2]) % list.length];
  if (!m || !body) return void res.writeHead(404).end();
  res.writeHead(200, {
    'content-length': String(body.length),
    'content-type': TYPES[m[1] ?? ''] ?? 'application/octet-stream',
  });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.(server.address() as AddressInfo);
});
process.on('disconnect', () => server.close());
