import { Document, isMap, isScalar, isSeq, type Pair, YAMLMap, YAMLSeq } from 'yaml';
import { parseYamlKeepingNumbers } from './yamlText';
import type { Path } from './paths';
import { isPrefix } from './paths';
import type { Json, JsonObject } from './schema';

/** The flow document: the YAML text is the source of truth; `json` is its plain value. */
export interface FlowDocument {
  text: string;
  doc: Document;
  json: Json;
  /** Set when the text does not parse; `json` is then the last good value. */
  parseError: { message: string; line?: number } | null;
}

export function parseFlow(text: string, lastGood: Json = null): FlowDocument {
  const doc = parseYamlKeepingNumbers(text, { keepSourceTokens: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    return { text, doc, json: lastGood, parseError: { message: e.message, line: e.linePos?.[0]?.line } };
  }
  return { text, doc, json: (doc.toJS() ?? {}) as Json, parseError: null };
}

/** What is wrong with text that does not parse, as a sentence: "The YAML does not parse (line 3): ...". */
export function parseErrorText(e: NonNullable<FlowDocument['parseError']>): string {
  return `The YAML does not parse${e.line ? ` (line ${e.line})` : ''}: ${e.message}`;
}

function fromDoc(doc: Document): FlowDocument {
  const text = doc.toString({ lineWidth: 0 });
  return { text, doc, json: (doc.toJS() ?? {}) as Json, parseError: null };
}

/**
 * Sets a field (creating parents); `undefined` removes it. A new key goes where `order` (its map's keys
 * in form order) puts it among the keys there, else last.
 */
export function setField(fd: FlowDocument, path: Path, value: unknown, order?: string[] | null): FlowDocument {
  const doc = fd.doc.clone();
  if (value === undefined) {
    if (doc.hasIn(path)) doc.deleteIn(path);
  } else {
    const existing = doc.getIn(path, true);
    const parent = path.length ? doc.getIn(path.slice(0, -1), true) : undefined;
    const key = path[path.length - 1];
    if (existing === undefined && order && isMap(parent) && typeof key === 'string' && order.includes(key)) {
      const items = (parent as YAMLMap).items as Pair[];
      const at = items.findIndex((p) => order.indexOf(isScalar(p.key) ? String(p.key.value) : String(p.key)) > order.indexOf(key));
      items.splice(at < 0 ? items.length : at, 0, doc.createPair(key, value));
    } else {
      const kept = existing === undefined ? null : update(doc, existing, value);
      if (kept !== existing) doc.setIn(path, kept ?? doc.createNode(value));
    }
  }
  return fromDoc(doc);
}

/**
 * Changes a node in place to hold `value`, keeping what the text says beside the values: the comments
 * and style of a scalar, of the rows of a map (a set: mapping, headers) and of the items of a list.
 * Returns the node itself, or a new one where the shapes differ.
 */
function update(doc: Document, node: unknown, value: unknown): unknown {
  if (isScalar(node) && (value === null || typeof value !== 'object')) {
    node.value = value; // keeps the scalar's comment and style
    return node;
  }
  if (isMap(node) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    const wanted = new Set(entries.map(([k]) => k));
    const keyOf = (p: Pair) => (isScalar(p.key) ? String(p.key.value) : String(p.key));
    const old = (node as YAMLMap).items as Pair[];
    (node as YAMLMap).items = entries.map(([k, v], i) => {
      let pair = old.find((p) => keyOf(p) === k);
      // a row renamed where it stood (the old name at its place is gone) keeps its comments
      if (!pair && old[i] && !wanted.has(keyOf(old[i]))) {
        pair = old[i];
        pair.key = isScalar(pair.key) ? Object.assign(pair.key, { value: k }) : doc.createNode(k);
      }
      if (!pair) return doc.createPair(k, v);
      pair.value = update(doc, pair.value, v) as never;
      return pair;
    });
    return node;
  }
  if (isSeq(node) && Array.isArray(value)) {
    const old = (node as YAMLSeq).items;
    (node as YAMLSeq).items = value.map((v, i) => (i < old.length ? update(doc, old[i], v) : doc.createNode(v)));
    return node;
  }
  const fresh = doc.createNode(value) as { commentBefore?: string | null; comment?: string | null };
  const was = node as { commentBefore?: string | null; comment?: string | null } | null;
  if (was && typeof was === 'object') {
    fresh.commentBefore = was.commentBefore;
    fresh.comment = was.comment;
  }
  return fresh;
}

function seqAt(doc: Document, listPath: Path): YAMLSeq {
  let node = doc.getIn(listPath, true);
  if (!isSeq(node)) {
    doc.setIn(listPath, doc.createNode([]));
    node = doc.getIn(listPath, true);
  }
  const seq = node as YAMLSeq;
  seq.flow = false;
  return seq;
}

/** Inserts a step into the list at `listPath` (created when missing) before `index`. */
export function insertStep(fd: FlowDocument, listPath: Path, index: number, step: JsonObject): FlowDocument {
  const doc = fd.doc.clone();
  const seq = seqAt(doc, listPath);
  const node = doc.createNode(step) as YAMLMap;
  seq.items.splice(Math.max(0, Math.min(index, seq.items.length)), 0, node);
  return fromDoc(doc);
}

export function deleteStep(fd: FlowDocument, stepPath: Path): FlowDocument {
  const doc = fd.doc.clone();
  doc.deleteIn(stepPath);
  return fromDoc(doc);
}

/**
 * Moves a step to `toIndex` of the list at `toList` (an index counted before the move).
 * Returns null when the move would put a step inside itself.
 */
export function moveStep(fd: FlowDocument, from: Path, toList: Path, toIndex: number): { fd: FlowDocument; path: Path } | null {
  if (isPrefix(from, toList)) return null;
  const doc = fd.doc.clone();
  const fromList = from.slice(0, -1);
  const fromIndex = from[from.length - 1] as number;
  const src = doc.getIn(fromList, true);
  if (!isSeq(src)) return null;
  const [node] = (src as YAMLSeq).items.splice(fromIndex, 1);
  if (!node) return null;
  // a later sibling list (or a list inside a later sibling) shifts when an earlier item leaves
  const target = [...toList];
  let index = toIndex;
  if (isPrefix(fromList, target) && target.length > fromList.length) {
    const i = target[fromList.length] as number;
    if (i > fromIndex) target[fromList.length] = i - 1;
  } else if (fromList.length === target.length && isPrefix(fromList, target) && index > fromIndex) {
    index -= 1;
  }
  const seq = seqAt(doc, target);
  index = Math.max(0, Math.min(index, seq.items.length));
  seq.items.splice(index, 0, node);
  return { fd: fromDoc(doc), path: [...target, index] };
}

/** The plain value at a path of the document's JSON. */
export function valueAt(json: Json, path: Path): Json | undefined {
  let cur: Json | undefined = json;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, Json>)[seg as never];
  }
  return cur;
}

/** Renames a map key (a parallel branch, a mapping entry) keeping its place and comments. */
export function renameKey(fd: FlowDocument, mapPath: Path, from: string, to: string): FlowDocument {
  const doc = fd.doc.clone();
  const map = doc.getIn(mapPath, true);
  if (!isMap(map)) return fd;
  for (const pair of (map as YAMLMap).items) {
    const k = pair.key as { value?: unknown } | string;
    if (typeof k === 'object' && k !== null && k.value === from) k.value = to;
    else if (k === from) pair.key = doc.createNode(to);
  }
  return fromDoc(doc);
}
