// The writer endpoint for the failover drill (scripts/drill.sh): a TCP forwarder that stands in for the DNS
// name an RDS/Aurora writer endpoint is. Each new connection goes to the port named in TARGET_FILE, read at
// connect time, so "moving the endpoint" is writing another port there; connections already open stay
// where they are (as with DNS), and close when their server goes away.
//   node tcp-proxy.mjs LISTEN_PORT TARGET_FILE
import net from 'node:net';
import fs from 'node:fs';

const [port, targetFile] = process.argv.slice(2);

net.createServer(client => {
    const target = Number(fs.readFileSync(targetFile, 'utf8').trim());
    const server = net.connect(target, '127.0.0.1');
    client.pipe(server).pipe(client);
    const close = () => { client.destroy(); server.destroy(); };
    client.on('error', close); server.on('error', close);
    client.on('close', close); server.on('close', close);
}).listen(Number(port), '127.0.0.1');
