package io.flows.steps.script;

/**
 * The JavaScript that locks a fresh sandbox context down before any user code runs in it.
 *
 * <p>It removes what a sandboxed script must not have (shared memory, blocking {@code Atomics.wait},
 * finalizer callbacks that could run during a later evaluation, the legacy {@code RegExp.$1} statics), wraps
 * the built-ins that can allocate a huge block in one call (a watchdog that polls cannot stop those) so that
 * they refuse sizes above the limits, and then freezes every intrinsic reachable from {@code globalThis}
 * (SES style). With everything frozen, and user code running in strict-mode functions, nothing one evaluation
 * does is visible to the next: that is what makes pooling contexts safe. It returns {@code run}, a function
 * that parses the JSON arguments and calls the user function, {@code convert}, which serialises its result,
 * {@code madeByCode},
 * which tells a RangeError the code made from one the engine raised, and {@code thrown}, which describes a thrown
 * value that is not an Error.
 */
final class Prelude {

    private Prelude() {
    }

    static final String SOURCE_NAME = "flows-prelude.js";

    /** A function expression taking the JSON text {maxString, maxArray, maxBytes, maxOutput}. */
    static final String SOURCE = """
            (function lockdown(limitsJson) {
              'use strict';
              const limits = JSON.parse(limitsJson);
              const G = globalThis;
              const { freeze, getPrototypeOf, getOwnPropertyDescriptor, defineProperty } = Object;
              const { ownKeys, apply, construct } = Reflect;
              const isArray = Array.isArray;
              const jsonParse = JSON.parse;
              const jsonStringify = JSON.stringify;
              const PromiseType = Promise;
              const MAX_STRING = limits.maxString, MAX_ARRAY = limits.maxArray;
              const MAX_BYTES = limits.maxBytes, MAX_OUTPUT = limits.maxOutput;

              // The engine reports some of its limits as RangeErrors ('Invalid string length'); one that code makes
              // itself, with whatever message, is its own error. The engine makes its errors without this
              // constructor, so every RangeError it builds is remembered as made by code (see Evaluator.exhaustion).
              const madeByCode = new WeakSet();
              const RangeErrorGuard = new Proxy(RangeError, {
                apply(t, self, args) { const e = apply(t, self, args); madeByCode.add(e); return e; },
                construct(t, args, nt) { const e = construct(t, args, nt === RangeErrorGuard ? t : nt); madeByCode.add(e); return e; },
              });
              defineProperty(RangeError.prototype, 'constructor', { value: RangeErrorGuard, writable: true, enumerable: false, configurable: true });
              defineProperty(G, 'RangeError', { value: RangeErrorGuard, writable: true, enumerable: false, configurable: true });

              class ScriptLimitError extends RangeError {}
              defineProperty(ScriptLimitError.prototype, 'name', { value: 'RangeError' });
              // the host says whose limit it was (the script, or which expression)
              const limit = (what) => { throw new ScriptLimitError(what); };
              const len = (v) => { const n = +v; return n > 0 ? (n === Infinity ? n : Math.floor(n)) : 0; };
              const strLen = (v) => (typeof v === 'string' ? v.length : String(v).length);
              const isObject = (v) => (typeof v === 'object' && v !== null) || typeof v === 'function';

              const wrap = (owner, name, check) => {
                const original = owner[name];
                const wrapped = { [name](...args) { check(this, args); return apply(original, this, args); } }[name];
                defineProperty(owner, name, { value: wrapped, writable: true, enumerable: false, configurable: true });
              };
              const checkArrayLike = (o, what) => {
                if (isObject(o) && len(o.length) > MAX_ARRAY) {
                  limit(what + ' on ' + len(o.length) + ' elements (at most ' + MAX_ARRAY + ')');
                }
              };

              // Legacy static RegExp results (RegExp.$1, RegExp.lastMatch, ...) would carry data between runs.
              for (const k of ownKeys(RegExp)) {
                const d = getOwnPropertyDescriptor(RegExp, k);
                if (typeof k === 'string' && d.get && k !== 'prototype') {
                  delete RegExp[k];
                }
              }
              for (const k of ['SharedArrayBuffer', 'Atomics', 'FinalizationRegistry', 'WeakRef', 'arguments']) {
                delete G[k];
              }

              // Strings: the methods that can build a huge string in one call.
              const SP = String.prototype;
              wrap(SP, 'repeat', (s, a) => {
                const n = strLen(s) * len(a[0]);
                if (n > MAX_STRING) limit('repeat would create ' + n + ' characters (at most ' + MAX_STRING + ')');
              });
              for (const name of ['padStart', 'padEnd']) {
                wrap(SP, name, (s, a) => {
                  if (len(a[0]) > MAX_STRING) limit(name + ' to ' + len(a[0]) + ' characters (at most ' + MAX_STRING + ')');
                });
              }
              wrap(SP, 'concat', (s, a) => {
                let n = strLen(s);
                for (const x of a) n += strLen(x);
                if (n > MAX_STRING) limit('concat would create ' + n + ' characters (at most ' + MAX_STRING + ')');
              });
              wrap(String, 'raw', (s, a) => { if (isObject(a[0])) checkArrayLike(a[0].raw, 'String.raw'); });

              // Arrays: every Array.prototype method refuses receivers (and concat arguments) longer than
              // MAX_ARRAY: built-ins walking a sparse array of length 1e9 neither allocate gradually nor stop.
              const AP = Array.prototype;
              const joinOriginal = AP.join;
              for (const name of ownKeys(AP)) {
                if (typeof name !== 'string' || ['constructor', 'length', 'values', 'keys', 'entries', 'join'].includes(name)) continue;
                const d = getOwnPropertyDescriptor(AP, name);
                if (typeof d.value !== 'function') continue;
                wrap(AP, name, (o, a) => {
                  checkArrayLike(o, 'Array.prototype.' + name);
                  if (name === 'concat') for (const x of a) checkArrayLike(x, 'Array.prototype.concat');
                });
              }
              defineProperty(AP, 'join', { writable: true, enumerable: false, configurable: true, value: function join(separator) {
                checkArrayLike(this, 'Array.prototype.join');
                const o = Object(this);
                const n = len(o.length);
                const sep = separator === undefined ? ',' : String(separator);
                const parts = [];
                let total = 0;
                for (let i = 0; i < n; i++) {
                  const v = o[i];
                  const s = v === undefined || v === null ? '' : String(v);
                  total += s.length + sep.length;
                  if (total > MAX_STRING) limit('join would create more than ' + MAX_STRING + ' characters');
                  parts[i] = s;
                }
                return apply(joinOriginal, parts, [sep]);
              } });
              const arrayFrom = Array.from;
              defineProperty(Array, 'from', { writable: true, enumerable: false, configurable: true, value: function from(items, ...rest) {
                if (isObject(items) && items[Symbol.iterator] == null) checkArrayLike(items, 'Array.from');
                return apply(arrayFrom, this, [items, ...rest]);
              } });
              const arrayCheck = (args) => {
                if (args.length === 1 && typeof args[0] === 'number' && args[0] > MAX_ARRAY) {
                  limit('new Array(' + args[0] + ') (at most ' + MAX_ARRAY + ' elements)');
                }
              };
              const ArrayOriginal = Array;
              const ArrayGuard = new Proxy(ArrayOriginal, {
                apply(t, self, args) { arrayCheck(args); return apply(t, self, args); },
                construct(t, args, nt) { arrayCheck(args); return construct(t, args, nt === ArrayGuard ? t : nt); },
              });
              defineProperty(AP, 'constructor', { value: ArrayGuard, writable: true, enumerable: false, configurable: true });
              defineProperty(G, 'Array', { value: ArrayGuard, writable: true, enumerable: false, configurable: true });

              // Binary data: refuse buffers above the allocation budget before they are allocated.
              const bytesCheck = (n, what) => {
                if (n > MAX_BYTES) limit(what + ' of ' + n + ' bytes (at most ' + MAX_BYTES + ')');
              };
              const AB = ArrayBuffer;
              const ABGuard = new Proxy(AB, {
                construct(t, args, nt) {
                  bytesCheck(len(args[0]), 'ArrayBuffer');
                  if (isObject(args[1]) && args[1].maxByteLength !== undefined) bytesCheck(len(args[1].maxByteLength), 'ArrayBuffer maxByteLength');
                  return construct(t, args, nt === ABGuard ? t : nt);
                },
              });
              for (const name of ['resize', 'transfer', 'transferToFixedLength']) {
                if (typeof AB.prototype[name] === 'function') {
                  wrap(AB.prototype, name, (o, a) => { if (a[0] !== undefined) bytesCheck(len(a[0]), 'ArrayBuffer.prototype.' + name); });
                }
              }
              defineProperty(AB.prototype, 'constructor', { value: ABGuard, writable: true, enumerable: false, configurable: true });
              defineProperty(G, 'ArrayBuffer', { value: ABGuard, writable: true, enumerable: false, configurable: true });
              const typedNames = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array',
                'Uint32Array', 'Float16Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array'];
              for (const name of typedNames) {
                const T = G[name];
                if (typeof T !== 'function') continue;
                const bpe = T.BYTES_PER_ELEMENT;
                const guard = new Proxy(T, {
                  construct(t, args, nt) {
                    const a = args[0];
                    if (!isObject(a)) {
                      bytesCheck(len(a) * bpe, name);
                    } else if (!(a instanceof AB)) {
                      checkArrayLike(a, name);
                      bytesCheck(len(a.length) * bpe, name);
                    }
                    return construct(t, args, nt === guard ? t : nt);
                  },
                });
                defineProperty(T.prototype, 'constructor', { value: guard, writable: true, enumerable: false, configurable: true });
                defineProperty(G, name, { value: guard, writable: true, enumerable: false, configurable: true });
              }

              // JSON.stringify: count the text as it is produced (through a replacer, which also lets the
              // watchdog interrupt), so shared references cannot amplify a small object into gigabytes.
              // jsonOnly refuses what JSON.stringify would silently drop or choke on. Without indentation (gap 0) no
              // depth is tracked: this runs for every value of every script result, and in GraalJS's interpreter a
              // WeakMap lookup per value cost as much as the rest of a small transform.
              const notJson = (t, key) => new TypeError((t === 'bigint' ? 'a BigInt' : t === 'symbol' ? 'a Symbol' : 'a function')
                + (key === '' ? '' : " at key '" + key + "'") + ' is not JSON');
              // JSON has no NaN or Infinity, and JSON.stringify writes them as null: in a result they are refused, or a
              // division by zero would reach a partner as null (the runner says where, see nonFinitePath)
              class NonFinite { constructor(value) { this.value = value; } }
              const isNonFinite = (v) => (typeof v === 'number' || v instanceof Number) && v - v !== 0;
              // Objects JSON.stringify writes as {} (their content is not in own enumerable properties): refused in a
              // result with what to write instead, or a Map would reach a partner as {} without a word. Asked only of
              // an object whose prototype is not Object.prototype or null, so plain objects cost one lookup. A Date has
              // toJSON and arrives here as text; a typed array keeps its numbers (as {"0": ...}); class instances keep
              // their fields.
              const ObjectProto = Object.prototype;
              const objectTag = Object.prototype.toString;
              const [MapType, SetType, WeakMapType, WeakSetType, ErrorType, RegExpType, DataViewType] =
                [Map, Set, WeakMap, WeakSet, Error, RegExp, DataView];
              // [what it is, what to return instead], or null for an object whose JSON keeps what it holds
              const lostInJson = (v) => {
                if (v instanceof MapType) return ['a Map', 'return Object.fromEntries(map) for an object, or [...map] for its entries'];
                if (v instanceof SetType) return ['a Set', 'return [...set]'];
                if (v instanceof ErrorType) return ['an Error', 'throw it to fail the step, or return {name: e.name, message: e.message}'];
                if (v instanceof RegExpType) return ['a RegExp', 'return its text, re.source or String(re)'];
                if (v instanceof WeakMapType) return ['a WeakMap', 'its entries cannot be read; use a Map and Object.fromEntries(map)'];
                if (v instanceof WeakSetType) return ['a WeakSet', 'its entries cannot be read; use a Set and [...set]'];
                if (v instanceof PromiseType) return ['a Promise', 'scripts run synchronously, so return the value itself (no async, await or then)'];
                if (v instanceof AB) return ['an ArrayBuffer', 'return Array.from(new Uint8Array(buffer)) for its bytes'];
                if (v instanceof DataViewType) return ['a DataView', 'return Array.from(new Uint8Array(view.buffer)) for its bytes'];
                const tag = apply(objectTag, v, []);
                if (tag.includes('Iterator') || tag.includes('Generator')) return ['an iterator', 'return [...iterator]'];
                return null;
              };
              const notPlain = (v) => {
                if (isArray(v)) return null;
                const p = getPrototypeOf(v);
                return p === ObjectProto || p === null ? null : lostInJson(v);
              };
              const countingReplacer = (inner, max, gap, what, jsonOnly = false) => {
                let total = 0;
                const depth = gap > 0 ? new WeakMap() : null;
                return function (key, value) {
                  if (inner) value = apply(inner, this, [key, value]);
                  const t = typeof value;
                  total += key.length + 4;
                  if (t === 'string') {
                    total += value.length;
                  } else if (jsonOnly && (t === 'function' || t === 'bigint' || t === 'symbol')) {
                    throw notJson(t, key);
                  } else if (jsonOnly && (t === 'number' || t === 'object') && isNonFinite(value)) {
                    throw new NonFinite(+value);
                  } else if (jsonOnly && t === 'object' && value !== null) {
                    const lost = notPlain(value);
                    if (lost !== null) throw new TypeError(lost[0] + (key === '' ? '' : " at key '" + key + "'") + ' is not JSON: ' + lost[1]);
                  }
                  if (depth !== null) {
                    const d = depth.get(this) || 0;
                    total += gap * d;
                    if (isObject(value)) depth.set(value, d + 1);
                  }
                  if (total > max) limit(what + ' would create more than ' + max + ' characters');
                  return value;
                };
              };
              const gapOf = (space) => {
                if (typeof space === 'number') return Math.min(10, len(space));
                if (typeof space === 'string') return Math.min(10, space.length);
                return 0;
              };
              defineProperty(JSON, 'stringify', { writable: true, enumerable: false, configurable: true, value: function stringify(value, replacer, space) {
                const gap = gapOf(space);
                if (isArray(replacer)) {
                  apply(jsonStringify, JSON, [value, countingReplacer(null, MAX_STRING, gap, 'JSON.stringify'), space]);
                  return apply(jsonStringify, JSON, [value, replacer, space]);
                }
                const inner = typeof replacer === 'function' ? replacer : null;
                return apply(jsonStringify, JSON, [value, countingReplacer(inner, MAX_STRING, gap, 'JSON.stringify'), space]);
              } });

              // console: objects are logged as JSON (bounded), not as [object Object].
              const MAX_LOG = limits.maxLogChars;
              const format = (v) => {
                if (typeof v === 'string') return v;
                if (v instanceof Error) return String(v);
                if (isObject(v) && typeof v !== 'function') {
                  try {
                    return apply(jsonStringify, JSON, [v, countingReplacer(null, MAX_LOG, 0, 'log')]);
                  } catch (e) {
                    return e instanceof ScriptLimitError ? '[object too large to log]' : String(v);
                  }
                }
                return String(v);
              };
              for (const name of ['log', 'info', 'warn', 'error', 'debug']) {
                const original = console[name];
                if (typeof original !== 'function') continue;
                defineProperty(console, name, { writable: true, enumerable: true, configurable: true,
                  value: { [name](...args) { const parts = []; for (const a of args) parts[parts.length] = format(a);
                    return apply(original, console, [apply(joinOriginal, parts, [' '])]); } }[name] });
              }

              // Freezing built-ins makes assigning an inherited name (err.message = ..., obj.toString = ...) throw
              // in strict mode; these accessors define an own property instead, as SES does.
              const tame = (owner, name) => {
                const d = getOwnPropertyDescriptor(owner, name);
                if (!d || !('value' in d) || !d.writable) return;
                const v = d.value;
                defineProperty(owner, name, {
                  get() { return v; },
                  set(nv) {
                    if (this === owner) throw new TypeError("Cannot assign to read only property '" + String(name) + "' of a built-in");
                    defineProperty(this, name, { value: nv, writable: true, enumerable: true, configurable: true });
                  },
                  enumerable: d.enumerable, configurable: false,
                });
              };
              for (const name of ['constructor', 'toString', 'valueOf', 'toLocaleString', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable']) {
                tame(Object.prototype, name);
              }
              for (const E of [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError, AggregateError]) {
                for (const name of ['constructor', 'name', 'message', 'toString']) tame(E.prototype, name);
              }
              tame(Function.prototype, 'toString');
              tame(AP, 'toString');

              // Freeze everything reachable from the global object and from intrinsics without a global name.
              const roots = [G, ScriptLimitError,
                function* () {}, (function* () {})(), async function () {}, async function* () {}, (async function* () {})(),
                [][Symbol.iterator](), new Map().entries(), new Set().values(), ''[Symbol.iterator](),
                /x/[Symbol.matchAll](''), Promise.resolve()];
              if (typeof Iterator === 'function' && typeof Iterator.from === 'function') {
                roots.push(Iterator.from({ next() { return { done: true }; } }), [].values().map((x) => x));
              }
              if (typeof Intl === 'object' && typeof Intl.Segmenter === 'function') {
                const segments = new Intl.Segmenter().segment('a');
                roots.push(segments, segments[Symbol.iterator]());
              }
              const seen = new Set();
              const stack = roots;
              while (stack.length > 0) {
                const o = stack.pop();
                if (!isObject(o) || seen.has(o)) continue;
                seen.add(o);
                freeze(o);
                stack.push(getPrototypeOf(o));
                for (const k of ownKeys(o)) {
                  const d = getOwnPropertyDescriptor(o, k);
                  if (d === undefined) continue;
                  if ('value' in d) stack.push(d.value); else stack.push(d.get, d.set);
                }
              }

              // Where in a result its first NaN or Infinity is, as keys and indexes (none for the result itself). Run only
              // for a result that holds one, so the paths of all values are kept without a thought for their cost.
              const nonFinitePath = (result) => {
                const paths = new Map();
                let found = null;
                try {
                  apply(jsonStringify, JSON, [result, function (key, value) {
                    if (found !== null) return undefined;
                    const at = paths.get(this);
                    const path = at === undefined ? [] : [...at, isArray(this) ? +key : key];
                    if (isNonFinite(value)) {
                      found = path;
                      return undefined;
                    }
                    if (isObject(value)) paths.set(value, path);
                    return value;
                  }]);
                } catch (e) {
                  // a toJSON that fails the second time round: the value alone is said
                }
                return found === null ? [] : found;
              };

              // The runner: JSON in; 'U' for a result of undefined, else 'V' with the result kept for convert, which the
              // host calls next, under a budget of its own (converting a result of tens of thousands of values allocates
              // more in the interpreter than the code that made it). What the code throws is not caught here: a value
              // that is not an Error has no stack, and thrown again it would seem to come from this line (see thrown).
              let held;
              const run = function run(fn, ...json) {
                held = undefined;
                const args = [];
                for (let i = 0; i < json.length; i++) args[i] = jsonParse(json[i]);
                const result = apply(fn, undefined, args);
                if (result === undefined) return 'U';
                // JSON.stringify would turn it into {}: a result that never arrives must not pass as an empty one
                if (result instanceof PromiseType) {
                  throw new TypeError('The result is a Promise: scripts run synchronously, so return the value itself (no async, await or then)');
                }
                held = result;
                return 'V';
              };
              // JSON out: 'R' + JSON, 'L' + message when a limit above stopped the conversion, or 'N' + {value, path}
              // when the result holds NaN or Infinity.
              const convert = function convert() {
                const result = held;
                held = undefined;
                try {
                  return 'R' + apply(jsonStringify, JSON, [result, countingReplacer(null, MAX_OUTPUT, 0, 'the result', true)]);
                } catch (e) {
                  if (e instanceof ScriptLimitError) return 'L' + e.message;
                  if (e instanceof NonFinite) return 'N' + apply(jsonStringify, JSON, [{ value: String(e.value), path: nonFinitePath(result) }]);
                  throw new TypeError('The result cannot be converted to JSON: ' + (e instanceof Error ? e.message : String(e)));
                }
              };
              // What the code threw, asked while the watchdog still watches (a getter or toJSON of it is the code's
              // own): null for an Error, whose message says it; 'L' + message for a limit above; else 'T' + JSON
              // {message, json, tooLarge} for a thrown string, number or plain object, whose own message (if any)
              // and JSON text (bounded) would otherwise be lost.
              const MAX_THROWN = 65536;
              const thrown = function thrown(e) {
                if (e instanceof ScriptLimitError) return 'L' + e.message;
                if (e instanceof Error) return null;
                let message;
                let json;
                let tooLarge = false;
                try {
                  const m = isObject(e) ? e.message : e;
                  if (!isObject(m) && (m !== undefined || !isObject(e))) message = String(m);
                } catch (x) {
                  // a message getter that throws: the JSON text says what there is
                }
                try {
                  json = apply(jsonStringify, JSON, [e, countingReplacer(null, MAX_THROWN, 0, 'the thrown value')]);
                } catch (x) {
                  tooLarge = x instanceof ScriptLimitError;
                }
                return 'T' + apply(jsonStringify, JSON, [{ message, json, tooLarge }]);
              };
              return freeze({ run: freeze(run), convert: freeze(convert), madeByCode: freeze((e) => madeByCode.has(e)), thrown: freeze(thrown) });
            })
            """;
}
