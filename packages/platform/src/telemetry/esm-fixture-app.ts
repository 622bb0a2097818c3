/** Test fixture (not exported): an ESM "service" that makes one HTTP call to itself and prints its spans. */
import { createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';

const server = createServer((_req, res) => res.end('ok'));
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  get(`http://127.0.0.1:${port}/ping`, (res) => {
    res.resume();
    res.on('end', () => {
      server.close();
      setTimeout(() => {
        process.stdout.write(
          `${JSON.stringify((globalThis as { __orrerySpans?: string[] }).__orrerySpans ?? [])}\n`,
        );
      }, 50);
    });
  });
});
