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
 * A short label for an execution id. Ids are time-ordered UUIDs whose first characters change only
 * about once a minute, so the label uses the random end instead.
 */
export function shortId(id: string): string {
  return `…${id.slice(-8)}`;
}
