// fauxqs's own CLI binds 0.0.0.0; this wrapper keeps the emulator on loopback.
import { buildApp } from 'fauxqs';

const port = Number(process.env.PORT ?? 14566);
const app = buildApp({ logger: false });
await app.listen({ port, host: '127.0.0.1' });
console.log(`fauxqs listening on 127.0.0.1:${port}`);
