// A fake OpenAI-compatible model for the llm drill (scripts/drill.sh). What it does is read from a file on
// every call, so the drill turns the fault on and off without restarting it:
//   ok    answer a valid draft at once
//   fail  answer 503 at once (the provider is down)
//   hang  answer nothing for 120 s (the provider hangs; the worker's attempt timeout must cut the call)
// Each call is logged as one line: ISO time, mode, path.
//   node fake-llm.mjs PORT MODE_FILE
import http from 'node:http';
import fs from 'node:fs';

const [port, modeFile] = process.argv.slice(2);
const draft = JSON.stringify({ title: 'A drafted title', body: 'A drafted body, long enough to read.', confidence: 0.9 });
const mode = () => { try { return fs.readFileSync(modeFile, 'utf8').trim() || 'ok'; } catch { return 'ok'; } };

http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
        const m = mode();
        console.log(`${new Date().toISOString()} ${m} ${req.method} ${req.url}`);
        if (m === 'fail') {
            res.writeHead(503, { 'content-type': 'application/json' });
            res.end('{"error":{"message":"provider down (drill)"}}');
        } else if (m === 'hang') {
            const t = setTimeout(() => { res.writeHead(504); res.end(); }, 120_000);
            res.on('close', () => clearTimeout(t));
        } else {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify({
                id: 'chatcmpl-drill', object: 'chat.completion', model: 'drill-model',
                choices: [{ index: 0, message: { role: 'assistant', content: draft }, finish_reason: 'stop' }],
                usage: { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 },
            }));
        }
    });
}).listen(Number(port), '127.0.0.1');
