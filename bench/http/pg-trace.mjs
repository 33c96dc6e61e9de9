// A PostgreSQL wire-protocol tap for bench/http/run.sh (TRACE=1): listens on LISTEN_PORT, forwards every
// connection to PG_PORT unchanged, and prints what each client sends, one line per round trip (what the
// client sends up to a Sync or a simple Query at the end of a write, before it waits for the answer): the
// SQL of each simple Query and Parse, the prepared statements it Binds, and the Execute/Sync markers.
// It shows which statements a request really costs.
//   LABEL=api LISTEN_PORT=... PG_PORT=... node bench/http/pg-trace.mjs >>trace.log
import net from 'node:net';

const listenPort = Number(process.env.LISTEN_PORT);
const pgPort = Number(process.env.PG_PORT);
const label = process.env.LABEL ?? 'client';
let connections = 0;

net.createServer((client) => {
    const id = ++connections;
    const server = net.connect(pgPort, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    let started = false; // after the StartupMessage, every message has a type byte
    let parts = [];
    let last = '';
    client.on('data', (chunk) => {
        server.write(chunk);
        buffer = Buffer.concat([buffer, chunk]);
        for (;;) {
            if (!started) {
                if (buffer.length < 8) break;
                const length = buffer.readInt32BE(0);
                if (buffer.length < length) break;
                const code = buffer.readInt32BE(4);
                // SSLRequest / GSSENCRequest come before the StartupMessage (protocol 3.0 = 196608).
                if (code === 196608) started = true;
                buffer = buffer.subarray(length);
                continue;
            }
            if (buffer.length < 5) break;
            const type = String.fromCharCode(buffer[0]);
            const length = buffer.readInt32BE(1);
            if (buffer.length < 1 + length) break;
            const body = buffer.subarray(5, 1 + length);
            if (type === 'Q') parts.push(`Query ${JSON.stringify(body.subarray(0, body.indexOf(0)).toString())}`);
            else if (type === 'P') {
                const nameEnd = body.indexOf(0);
                const sql = body.subarray(nameEnd + 1, body.indexOf(0, nameEnd + 1)).toString();
                parts.push(`Parse ${JSON.stringify(sql)}`);
            } else if (type === 'B') {
                // A prepared statement runs without a Parse: name it (an unnamed one was just parsed).
                const portalEnd = body.indexOf(0);
                const name = body.subarray(portalEnd + 1, body.indexOf(0, portalEnd + 1)).toString();
                if (name) parts.push(`Bind ${name}`);
            } else if (type === 'E') parts.push('Execute');
            else if (type === 'S') parts.push('Sync');
            else if (type === 'X') parts.push('Terminate');
            last = type;
            buffer = buffer.subarray(1 + length);
        }
        // The client now waits for an answer only if what it sent ends in a Sync or a simple Query.
        if (parts.length > 0 && (last === 'S' || last === 'Q' || last === 'X')) {
            console.log(`${label} conn ${id}: ${parts.join(' | ')}`);
            parts = [];
        }
    });
    server.on('data', (chunk) => client.write(chunk));
    const close = () => { client.destroy(); server.destroy(); };
    client.on('error', close).on('close', close);
    server.on('error', close).on('close', close);
}).listen(listenPort, '127.0.0.1');
