import type { Json } from './schema';

const LITERAL = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)$/;

/**
 * What a value typed in a name/value row means, as an analyst reads it: `42`, `1.10`, `true`, `null`
 * are that number, boolean or null (a number of more than 15 significant digits is text: it would be rounded); `{...}` and `[...]` that parse as JSON are that object or list;
 * anything else is text, `${...}` expressions included. Quotes force text: `"42"` is the text 42.
 */
export function parseCell(text: string): Json {
  const t = text.trim();
  // a number with more digits than a JavaScript number holds exactly (a 20-digit id) stays text, not rounded
  if (LITERAL.test(t)) return significantDigits(t) > 15 ? text : (JSON.parse(t) as Json);
  if ((t.startsWith('"') && t.endsWith('"') && t.length >= 2) || (t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
    try {
      return JSON.parse(t) as Json;
    } catch {
      return text;
    }
  }
  return text;
}

function significantDigits(literal: string): number {
  const mantissa = literal.replace(/^-/, '').replace(/[eE].*$/, '');
  if (!/\d/.test(mantissa)) return 0; // true, false, null
  return mantissa.replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length || 1;
}

/** How a value is written in a row, so that `parseCell` reads it back as the same value. */
export function showCell(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return typeof parseCell(v) === 'string' && parseCell(v) === v ? v : JSON.stringify(v);
  return JSON.stringify(v);
}

/** The type a row's value is saved as, for the tag beside it. */
export function cellType(v: unknown): 'text' | 'number' | 'boolean' | 'null' | 'object' | 'list' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'number' || typeof v === 'boolean') return typeof v as 'number' | 'boolean';
  if (typeof v === 'object') return 'object';
  return 'text';
}

/**
 * What is wrong with `name` as the new name of row `index` among `names`, or null. A name twice would
 * merge the two rows into one and lose a value; an empty name is no name.
 */
export function renameProblem(names: string[], index: number, name: string): string | null {
  if (name === '') return 'A name is needed; the row keeps its old one until it has one.';
  if (names.some((n, i) => i !== index && n === name)) return `'${name}' is already a name here; the row keeps its old one until its name is another.`;
  return null;
}
