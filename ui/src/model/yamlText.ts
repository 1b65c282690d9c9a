import { type Document, isScalar, type ParseOptions, parseDocument, type DocumentOptions, type SchemaOptions, type Scalar, type ScalarTag, type Tags, visit } from 'yaml';

/**
 * A YAML document whose numbers are written back as they were written when nothing changed them. The yaml
 * library prints a number from its JavaScript value, so an edit elsewhere in the document rewrote
 * `12345678901234567890` as `12345678901234567000` (a double cannot hold it), `007` as `7` and `0x1F` as
 * `0x1f`; the service reads the text as written, so the saved flow would have meant something else.
 */
export function parseYamlKeepingNumbers(text: string, options: ParseOptions & DocumentOptions & SchemaOptions = {}): Document {
  const doc = parseDocument(text, { ...options, customTags: keepWrittenNumbers });
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'number' && node.range) written.set(node, { value: node.value, text: text.slice(node.range[0], node.range[1]).trimEnd() });
    },
  });
  return doc;
}

interface Written {
  value: number;
  text: string;
}

// a property the node's clone() copies (Document.clone() is how each edit starts), out of the library's way
const WRITTEN = Symbol('flows.writtenNumber');
const written = {
  set: (node: Scalar, w: Written) => Object.defineProperty(node, WRITTEN, { value: w, enumerable: false, configurable: true }),
  get: (node: Scalar): Written | undefined => (node as unknown as Record<symbol, Written | undefined>)[WRITTEN],
};

function keepWrittenNumbers(tags: Tags): Tags {
  return tags.map((tag) => {
    const t = tag as ScalarTag;
    if (typeof t.stringify !== 'function' || !/:(int|float)$/.test(t.tag)) return tag;
    const stringify = t.stringify;
    return {
      ...t,
      stringify(node, ctx, onComment, onChompKeep) {
        const w = isScalar(node) ? written.get(node) : undefined;
        // an unchanged plain number only: a value set since, a quoted or tagged scalar go the library's way
        if (w && Object.is(w.value, node.value) && /^[-+.0-9]/.test(w.text)) return w.text;
        return stringify.call(t, node, ctx, onComment, onChompKeep);
      },
    } as ScalarTag;
  });
}
