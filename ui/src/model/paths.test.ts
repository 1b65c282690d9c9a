import { describe, expect, it } from 'vitest';
import { formatPath, parsePath, pathToNode } from './paths';

describe('paths', () => {
  it('formats and parses nested paths', () => {
    const p = ['steps', 2, 'when', 0, 'steps', 0];
    expect(formatPath(p)).toBe('steps[2].when[0].steps[0]');
    expect(parsePath('steps[2].when[0].steps[0]')).toEqual(p);
    expect(parsePath('steps[0].branches.erp[1]')).toEqual(['steps', 0, 'branches', 'erp', 1]);
    expect(parsePath(formatPath(['steps', 0, 'branches', 'odd key', 0]))).toEqual(['steps', 0, 'branches', 'odd key', 0]);
  });

  it('maps a problem path to the deepest step that holds it', () => {
    const nodes = ['steps[0]', 'steps[1]', 'steps[1].steps[0]', 'steps[10]'];
    expect(pathToNode('steps[1].retry.maxAttempts', nodes)).toBe('steps[1]');
    expect(pathToNode('steps[1].steps[0].script', nodes)).toBe('steps[1].steps[0]');
    expect(pathToNode('steps[10].id', nodes)).toBe('steps[10]');
    expect(pathToNode('trigger.path', nodes)).toBe('trigger');
    expect(pathToNode('id', nodes)).toBeNull();
  });
});
