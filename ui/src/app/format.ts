export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export function ms(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return n < 1000 ? `${n} ms` : `${(n / 1000).toFixed(2)} s`;
}

export function pretty(v: unknown): string {
  if (v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v, null, 2);
}

/**
 * A run's data for reading: text that holds a JSON object or list (a partner's error body, a payload
 * passed on as text) becomes that object or list, at any depth, so it shows indented instead of as
 * one escaped string ("{\"error\":...}"). Other text, JSON scalars as text included, stays text.
 */
export function readable(v: unknown): unknown {
  if (typeof v === 'string') {
    const t = v.trim();
    if (!/^(\{[\s\S]*\}|\[[\s\S]*\])$/.test(t)) return v;
    try {
      return readable(JSON.parse(t));
    } catch {
      return v;
    }
  }
  if (Array.isArray(v)) return v.map(readable);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, readable(x)]));
  return v;
}

/**
 * A short label for an execution id. Ids are time-ordered UUIDs whose first characters change only
 * about once a minute, so the label uses the random end instead.
 */
export function shortId(id: string): string {
  return `…${id.slice(-8)}`;
}

/** A located problem in a sentence: `steps[0].duration: ...`, or its message alone where it has no path (the whole document). */
export function problemLine(p: { path?: string | null; message: string }): string {
  return p.path ? `${p.path}: ${p.message}` : p.message;
}
