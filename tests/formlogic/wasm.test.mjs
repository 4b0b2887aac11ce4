// The built WebAssembly gives the server's answer: each case (a generated form, its answers and
// the FormState the native Rust code gives, written by crates/formlogic/tests/same_state.rs with
// ENQUETE_FORMLOGIC_CASES set) is run through formlogic.wasm's C ABI, as canvass.js calls it.
// Run by scripts/test; by hand:
//   ENQUETE_FORMLOGIC_CASES=/tmp/cases.json cargo test -p enquete-formlogic --test same_state writes_cases
//   ENQUETE_FORMLOGIC_CASES=/tmp/cases.json node --test tests/formlogic/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const wasmFile = process.env.ENQUETE_FORMLOGIC_WASM || join(root, 'crates', 'web', 'static', 'formlogic.wasm');

// The same calls as canvass.js's `evaluate`.
function evaluator(exports) {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  return (request) => {
    const bytes = encoder.encode(JSON.stringify(request));
    const ptr = exports.alloc(bytes.length);
    new Uint8Array(exports.memory.buffer, ptr, bytes.length).set(bytes);
    const packed = BigInt.asUintN(64, exports.evaluate(ptr, bytes.length));
    exports.dealloc(ptr, bytes.length);
    const outPtr = Number(packed >> 32n);
    const outLen = Number(packed & 0xffffffffn);
    const text = decoder.decode(new Uint8Array(exports.memory.buffer, outPtr, outLen));
    exports.dealloc(outPtr, outLen);
    return JSON.parse(text);
  };
}

test('the WebAssembly gives the FormState the server computes', { skip: !process.env.ENQUETE_FORMLOGIC_CASES }, async () => {
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmFile), {});
  const evaluate = evaluator(instance.exports);
  const cases = JSON.parse(readFileSync(process.env.ENQUETE_FORMLOGIC_CASES, 'utf8'));
  assert.ok(cases.length >= 100, `${cases.length} cases`);
  for (const [i, c] of cases.entries()) {
    assert.deepStrictEqual(evaluate(c.request), c.expected, `case ${i}`);
  }
  // Memory is handed back: many more calls do not grow it without end.
  const before = instance.exports.memory.buffer.byteLength;
  for (let k = 0; k < 2000; k++) evaluate(cases[k % cases.length].request);
  assert.ok(instance.exports.memory.buffer.byteLength <= before + 4 * 65536, 'no leak');
});

test('a request the module cannot read gives an error, not a crash', async () => {
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmFile), {});
  const evaluate = evaluator(instance.exports);
  assert.match(evaluate({ definition: 3 }).error, /SurveyDefinition/);
  assert.ok(evaluate({}).error);
});
