import { describe, expect, it } from 'vitest';
import { diffFlows } from './diff';
import type { Json } from './schema';
import { kinds } from './fixtures/kinds';

describe('version diff', () => {
  it('reports added, removed, changed and moved steps, nested ones included', () => {
    const v1 = { id: 'f', version: 1, name: 'A', steps: [{ id: 'a', type: 'transform', script: 'return 1' }, { id: 'g', type: 'try', steps: [{ id: 'b', type: 'delay', duration: '1s' }], catch: [] }] };
    const v2 = { id: 'f', version: 2, name: 'B', steps: [{ id: 'g', type: 'try', steps: [{ id: 'b', type: 'delay', duration: '2s' }], catch: [] }, { id: 'a', type: 'transform', script: 'return 1' }, { id: 'c', type: 'delay', duration: '1s' }] };
    const d = diffFlows(v1 as unknown as Json, v2 as unknown as Json, kinds);
    expect(d.flow).toEqual([{ field: 'name', before: 'A', after: 'B' }]);
    expect(d.steps).toEqual([
      { id: 'g', change: 'moved', path: 'steps[0]', fromPath: 'steps[1]' },
      { id: 'b', change: 'changed', path: 'steps[0].steps[0]', fromPath: 'steps[1].steps[0]', fields: [{ field: 'duration', before: '1s', after: '2s' }] },
      { id: 'a', change: 'moved', path: 'steps[1]', fromPath: 'steps[0]' },
      { id: 'c', change: 'added', path: 'steps[2]' },
    ]);
  });

  it('says a branch of one step as one step', () => {
    const v1 = { id: 'f', steps: [{ id: 'g', type: 'try', steps: [{ id: 'b', type: 'delay', duration: '1s' }], catch: [] }] };
    const v2 = { id: 'f', steps: [{ id: 'g', type: 'try', steps: [], catch: [] }] };
    const d = diffFlows(v1 as unknown as Json, v2 as unknown as Json, kinds);
    expect(d.steps.find((c) => c.id === 'g')?.fields).toEqual([{ field: 'steps', before: '(1 step)', after: '(0 steps)' }]);
  });
});
