// Runs a CloudFront Function's code under node the way CloudFront calls it: the code is evaluated in a
// fresh context (no require, no process) and handler(event) is called once per event.
// stdin: {"code": "...", "events": [event, ...]}; stdout: [result, ...] as JSON.
import vm from 'node:vm';

let input = '';
for await (const chunk of process.stdin) {
    input += chunk;
}
const { code, events } = JSON.parse(input);
const context = vm.createContext({});
vm.runInContext(code, context, { filename: 'function.js' });
const handler = vm.runInContext('handler', context);
const results = events.map(event => handler(event));
process.stdout.write(JSON.stringify(results));
