import { describe, expect, it } from 'vitest';
import { shortId } from './format';

describe('shortId', () => {
  it('tells apart executions started within the same minute', () => {
    const a = '01a224fb-1111-7aaa-8bbb-0123456789ab';
    const b = '01a224fb-2222-7ccc-8ddd-ba9876543210';
    expect(shortId(a)).not.toEqual(shortId(b));
    expect(shortId(a)).toBe('…456789ab');
  });
});
