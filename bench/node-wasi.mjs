// bench/node-wasi.mjs — runs a wasm32-wasi program under Node's built-in WASI (preview1): node node-wasi.mjs PROG.wasm [ARGS...]
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';

const [file, ...args] = process.argv.slice(2);
if (!file) {
    process.stderr.write('usage: node node-wasi.mjs PROG.wasm [ARGS...]\n');
    process.exit(2);
}
// Node 20 needs no command-line flag for WASI, only version: 'preview1'; returnOnExit turns proc_exit into a
// return value so the exit status reaches the harness.
const wasi = new WASI({ version: 'preview1', args: [file, ...args], env: {}, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
