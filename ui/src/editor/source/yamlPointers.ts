import type { EditorState, Text } from '@codemirror/state';
import type { JSONPointersMap } from 'codemirror-json-schema';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';

/**
 * The value of a YAML text and where each of its parts is written, by JSON pointer (`/steps/3/duration`), as the
 * schema checks of codemirror-json-schema take them: a key's place and its value's, an item's place as both.
 * The library's own walk finds each item's index by counting its siblings, for every key of the item, and
 * took seconds on a flow of 600 steps after each pause in typing; this is one walk of the parsed document.
 * `data` is null when the text does not parse (the check is then left to the parse error).
 */
export function yamlWithPointers(text: string): { data: unknown; pointers: JSONPointersMap } {
  const doc = parseDocument(text);
  const pointers: JSONPointersMap = new Map();
  if (doc.errors.length) return { data: null, pointers };
  const walk = (node: unknown, at: string) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const where = `${at}/${key.replace(/[~/]/g, (c) => (c === '~' ? '~0' : '~1'))}`;
        const k = isScalar(pair.key) ? pair.key.range : null;
        const v = (pair.value as { range?: [number, number, number] } | null)?.range;
        if (k) pointers.set(where, v ? { keyFrom: k[0], keyTo: k[1], valueFrom: v[0], valueTo: v[1] } : { keyFrom: k[0], keyTo: k[1] });
        walk(pair.value, where);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const r = (item as { range?: [number, number, number] } | null)?.range;
        if (r) pointers.set(`${at}/${i}`, { keyFrom: r[0], keyTo: r[1], valueFrom: r[0], valueTo: r[1] });
        walk(item, `${at}/${i}`);
      });
    }
  };
  pointers.set('', { keyFrom: 0, keyTo: text.length });
  walk(doc.contents, '');
  return { data: doc.toJS(), pointers };
}

const parsed = new WeakMap<Text, ReturnType<typeof yamlWithPointers>>();

/**
 * yamlWithPointers as the library's checks and completion take it: from the editor's state, parsed once per
 * text (a key typed is completed, then checked, on the same text).
 */
export function yamlStatePointers(state: EditorState): ReturnType<typeof yamlWithPointers> {
  let r = parsed.get(state.doc);
  if (!r) parsed.set(state.doc, (r = yamlWithPointers(state.doc.toString())));
  return r;
}
