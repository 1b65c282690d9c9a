// A free TCP port on the loopback interface, for a service the e2e scripts start.
import { createServer } from 'node:net';

export const freePort = () =>
  new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });
