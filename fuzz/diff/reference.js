// reference.js — the differential reference: runs modules in node's WebAssembly engine, printing exec.c's trace format.
//
//   node reference.js MODULE.wasm...
//
// Same protocol as exec.c (see there): log-* imports print, every exported
// function is called with zero arguments after hangLimitInitializer, then the
// exported memory's pages and FNV-1a hash are printed.
'use strict';
const fs = require('fs');
const path = require('path');

const f32 = new Float32Array(1), u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1), u64 = new BigUint64Array(f64.buffer);

function hex(n, digits) { return '0x' + n.toString(16).padStart(digits, '0'); }

function show(type, v) {
  switch (type) {
    case 'i32': return 'i32 ' + (v | 0);
    case 'i64': return 'i64 ' + BigInt.asIntN(64, BigInt(v));
    case 'f32':
      if (Number.isNaN(v)) return 'f32 nan';
      f32[0] = v;
      return 'f32 ' + hex(u32[0], 8);
    case 'f64':
      if (Number.isNaN(v)) return 'f64 nan';
      f64[0] = v;
      return 'f64 ' + hex(u64[0], 16);
    default: return type + ' ' + (v === null ? 'null' : 'ref');
  }
}

// V8's trap messages, grouped into exec.c's categories; 'a|b' accepts either.
function category(e) {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'stack';
  // A v128 cannot cross between JS and wasm (exec.c's JS_V128).
  if (e instanceof TypeError && /type incompatibility when transforming from\/to JS/.test(e.message)) return 'js_v128';
  if (!(e instanceof WebAssembly.RuntimeError)) return 'other ' + e.message;
  const m = e.message;
  if (/unreachable/.test(m)) return 'unreachable';
  if (/divide by zero|remainder by zero/.test(m)) return 'div_zero';
  if (/divide result unrepresentable|integer overflow/.test(m)) return 'int_overflow';
  // V8 has one message for every failed float->int truncation; the spec
  // (and libwasm) say "integer overflow" when the value is out of range and
  // "invalid conversion" for NaN: either answer matches.
  if (/float unrepresentable|invalid conversion/.test(m)) return 'conversion|int_overflow';
  if (/memory access out of bounds|data segment/.test(m)) return 'memory_oob';
  if (/table index is out of bounds|table access out of bounds|element segment/.test(m)) return 'table_oob';
  if (/null function|signature mismatch|invalid index into function table/.test(m)) return 'indirect';
  if (/dereferencing a null/.test(m)) return 'null';
  return 'other ' + m;
}

function fnv1a(bytes) {
  let h = 2166136261;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 16777619) >>> 0;
  return h.toString(16).padStart(8, '0');
}

// Parameter and result types of exports come from the binary's own type
// section, since the JS API does not expose them; a minimal reader suffices
// for the sections binaryen writes.
function exportTypes(bytes) {
  let p = 8;
  const u = () => { let r = 0, s = 0, b; do { b = bytes[p++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return r >>> 0; };
  const vt = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' };
  const types = [], funcTypes = [], exports = {};
  while (p < bytes.length) {
    const id = bytes[p++], size = u(), end = p + size;
    if (id === 1) {
      for (let n = u(); n > 0; n--) {
        p++; // 0x60
        const params = []; for (let k = u(); k > 0; k--) params.push(vt[bytes[p++]]);
        const results = []; for (let k = u(); k > 0; k--) results.push(vt[bytes[p++]]);
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = u(); n > 0; n--) {
        for (let k = 0; k < 2; k++) { const len = u(); p += len; } // module, name
        const kind = bytes[p++];
        if (kind === 0) funcTypes.push(types[u()]);
        else if (kind === 1) { p++; const f = bytes[p++]; u(); if (f & 1) u(); }
        else if (kind === 2) { const f = bytes[p++]; u(); if (f & 1) u(); }
        else { p += 2; }
      }
    } else if (id === 3) {
      for (let n = u(); n > 0; n--) funcTypes.push(types[u()]);
    } else if (id === 7) {
      for (let n = u(); n > 0; n--) {
        const len = u(); const name = Buffer.from(bytes.subarray(p, p + len)).toString('utf8'); p += len;
        const kind = bytes[p++], index = u();
        if (kind === 0) exports[name] = funcTypes[index];
      }
    }
    p = end;
  }
  return exports;
}

function zero(type) { return type === 'i64' ? 0n : type === 'funcref' || type === 'externref' ? null : 0; }

// LWDIFF_DUMP=DIR: each call's memory also goes to DIR/node.N.mem (exec.c writes ours.N.mem).
const dumpDir = process.env.LWDIFF_DUMP;
let dumpSeq = 0;

function runModule(file) {
  const out = [];
  out.push('module ' + path.basename(file));
  const bytes = new Uint8Array(fs.readFileSync(file));
  let instance;
  const logger = type => (...args) => { out.push('log ' + args.map(a => show(type, a)).join(' ')); };
  const imports = { 'fuzzing-support': {
    'log-i32': logger('i32'), 'log-i64': logger('i64'), 'log-f32': logger('f32'), 'log-f64': logger('f64'),
    'log-v128': logger('v128') } };
  try {
    instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) out.push('instantiate trap ' + category(e));
    else out.push('error load: ' + e.message);
    return out;
  }
  const types = exportTypes(bytes);
  const ex = instance.exports;
  const call = (name) => {
    const t = types[name];
    try {
      let r = ex[name](...t.params.map(zero));
      if (t.results.length === 1) r = [r];
      else if (t.results.length === 0) r = [];
      out.push(['result', ...t.results.map((rt, i) => show(rt, r[i]))].join(' '));
    } catch (e) {
      out.push('trap ' + category(e));
    }
  };
  const hasHang = typeof ex.hangLimitInitializer === 'function';
  for (const name of Object.keys(ex)) {
    if (typeof ex[name] !== 'function' || name === 'hangLimitInitializer') continue;
    out.push('call ' + name);
    if (hasHang) call('hangLimitInitializer');
    call(name);
    if (ex.memory instanceof WebAssembly.Memory) {
      const mem = new Uint8Array(ex.memory.buffer);
      out.push('memory ' + (mem.length / 65536) + ' ' + fnv1a(mem));
      if (dumpDir) fs.writeFileSync(path.join(dumpDir, 'node.' + (dumpSeq++) + '.mem'), mem);
    }
  }
  return out;
}

for (const file of process.argv.slice(2)) {
  process.stdout.write(runModule(file).join('\n') + '\n');
}
