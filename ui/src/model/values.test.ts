import { describe, expect, it } from 'vitest';
import { cellType, parseCell, renameProblem, showCell } from './values';

describe('values typed in name/value rows', () => {
  it('saves what reads as a number, boolean or null as that type', () => {
    expect(parseCell('42')).toBe(42);
    expect(parseCell('1.10')).toBe(1.1);
    expect(parseCell('12345678901234567890')).toBe('12345678901234567890');
    expect(parseCell('123456789012345')).toBe(123456789012345);
    expect(parseCell('1.5e300')).toBe(1.5e300);
    expect(parseCell('0.000100')).toBe(0.0001);
    expect(parseCell('-3e2')).toBe(-300);
    expect(parseCell('true')).toBe(true);
    expect(parseCell('false')).toBe(false);
    expect(parseCell('null')).toBeNull();
    expect(parseCell(' 7 ')).toBe(7);
  });
  it('keeps text, expressions and almost-numbers as text', () => {
    expect(parseCell('${input.total}')).toBe('${input.total}');
    expect(parseCell('abc')).toBe('abc');
    expect(parseCell('007')).toBe('007');
    expect(parseCell('1.')).toBe('1.');
    expect(parseCell('True')).toBe('True');
    expect(parseCell('')).toBe('');
    expect(parseCell('[not json')).toBe('[not json');
  });
  it('forces text with quotes', () => {
    expect(parseCell('"42"')).toBe('42');
    expect(parseCell('"true"')).toBe('true');
    expect(parseCell('"a')).toBe('"a');
  });
  it('reads JSON objects and lists', () => {
    expect(parseCell('{"a": 1}')).toEqual({ a: 1 });
    expect(parseCell('[1, "x"]')).toEqual([1, 'x']);
  });
  it('shows every value so that it reads back as the same value', () => {
    for (const v of [42, 1.5, true, false, null, 'abc', '42', 'true', 'null', '"quoted"', '${input}', '{"a":1}', { a: [1] }, [1, 2], '']) {
      expect(parseCell(showCell(v))).toEqual(v);
    }
    expect(showCell(42)).toBe('42');
    expect(showCell('42')).toBe('"42"');
    expect(showCell('plain text')).toBe('plain text');
  });
  it('names the type a value is saved as', () => {
    expect([42, true, null, 'x', { a: 1 }, [1]].map(cellType)).toEqual(['number', 'boolean', 'null', 'text', 'object', 'list']);
  });
});

describe('renaming a row', () => {
  it('refuses a name another row has, and no name', () => {
    const names = ['items', 'lines', 'total'];
    expect(renameProblem(names, 0, 'lines')).toMatch(/'lines' is already a name here/);
    expect(renameProblem(names, 0, '')).toMatch(/A name is needed/);
    expect(renameProblem(names, 0, 'items')).toBeNull();
    expect(renameProblem(names, 1, 'line')).toBeNull();
  });
});
