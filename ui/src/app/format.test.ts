import { describe, expect, it } from 'vitest';
import { pretty, readable, shortId } from './format';

describe('shortId', () => {
  it('tells apart executions started within the same minute', () => {
    const a = '01a224fb-1111-7aaa-8bbb-0123456789ab';
    const b = '01a224fb-2222-7ccc-8ddd-ba9876543210';
    expect(shortId(a)).not.toEqual(shortId(b));
    expect(shortId(a)).toBe('…456789ab');
  });
});

describe('readable', () => {
  it('shows JSON text inside a run value as JSON, at any depth', () => {
    const details = { status: 409, url: 'http://wms/reservations', body: '{"error":"only 0 available","sku":"OIL-1","available":0}' };
    expect(readable(details)).toEqual({ status: 409, url: 'http://wms/reservations', body: { error: 'only 0 available', sku: 'OIL-1', available: 0 } });
    expect(pretty(readable(details))).not.toContain('\\"');
    expect(readable([' [1, {"a": "[2]"}] '])).toEqual([[1, { a: [2] }]]);
  });
  it('leaves other text as it is: plain words, JSON scalars, broken JSON', () => {
    for (const s of ['accepted', '42', 'true', '"quoted"', '{not json}', '[1, 2', '']) expect(readable(s)).toBe(s);
    expect(readable({ n: 1, b: null })).toEqual({ n: 1, b: null });
  });
});
