import { describe, expect, it } from 'vitest';
import { changedPart } from './changedPart';

const apply = (text: string, c: { from: number; to: number; insert: string }) => text.slice(0, c.from) + c.insert + text.slice(c.to);

describe('changedPart', () => {
  it('is the least change between two texts, so a cursor before or after it stays put', () => {
    expect(changedPart('id: a\nsteps: []\n', 'id: ab\nsteps: []\n')).toEqual({ from: 5, to: 5, insert: 'b' });
    expect(changedPart('aaa', 'aa')).toEqual({ from: 2, to: 3, insert: '' });
    expect(changedPart('same', 'same')).toEqual({ from: 4, to: 4, insert: '' });
    for (const [a, b] of [['', 'x'], ['abc', ''], ['abcabc', 'abc'], ['xyz', 'xaz'], ['ab', 'ba']]) expect(apply(a, changedPart(a, b))).toBe(b);
  });
});
