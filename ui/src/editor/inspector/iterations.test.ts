import { describe, expect, it } from 'vitest';
import type { StepTrace } from '../../api/executions';
import { itemLabel, runsSummary } from './iterations';

const entry = (path: string, kind: string, more: Partial<StepTrace> = {}): StepTrace => ({
  stepId: path,
  kind,
  path,
  status: 'SUCCEEDED',
  attempt: 1,
  startedAt: '2026-11-30T10:00:00Z',
  durationMs: 1,
  input: null,
  output: null,
  error: null,
  ...more,
});

describe('itemLabel', () => {
  it('counts foreach elements from 1, of how many there were, with the index expressions see', () => {
    const loop = entry('steps[1]', 'foreach', { items: 3, iterations: 2 });
    const body = [0, 1, 2].map((i) => entry('steps[1].steps[0]', 'transform', { index: i, indexes: [i] }));
    const trace = [entry('steps[0]', 'transform'), loop, ...body];
    expect(body.map((e) => itemLabel(e, trace))).toEqual(['item 1 of 3 (index 0)', 'item 2 of 3 (index 1)', 'item 3 of 3 (index 2)']);
    expect(itemLabel(trace[0], trace)).toBeNull();
    expect(itemLabel(loop, trace)).toBeNull();
  });

  it('in nested foreach steps, takes each count from the run of the loop in that element, outermost first', () => {
    const trace = [
      entry('steps[0]', 'foreach', { iterations: 2 }),
      entry('steps[0].steps[0]', 'foreach', { index: 0, indexes: [0], iterations: 4 }),
      entry('steps[0].steps[0]', 'foreach', { index: 1, indexes: [1], attempt: 1, iterations: 9 }),
      entry('steps[0].steps[0]', 'foreach', { index: 1, indexes: [1], attempt: 2, iterations: 1 }),
    ];
    expect(itemLabel(entry('steps[0].steps[0].steps[0]', 'log', { index: 3, indexes: [0, 3] }), trace)).toBe('item 1 of 2 › item 4 of 4 (indexes 0 › 3)');
    expect(itemLabel(entry('steps[0].steps[0].steps[0]', 'log', { index: 0, indexes: [1, 0] }), trace)).toBe('item 2 of 2 › item 1 of 1 (indexes 1 › 0)');
  });

  it('leaves out "of n" when the run does not tell it, and does not take a sibling path for a loop', () => {
    const trace = [entry('steps[1]', 'foreach', { iterations: 5 })];
    expect(itemLabel(entry('steps[10].steps[0]', 'log', { index: 0 }), trace)).toBe('item 1 (index 0)');
    expect(itemLabel(entry('steps[1].steps[0]', 'log', { index: 4 }), trace)).toBe('item 5 of 5 (index 4)');
  });
});

describe('runsSummary', () => {
  it('counts how the runs of a step ended, the most frequent first, a cancel as cancelled', () => {
    const failed = { code: 'PARTNER_DOWN', message: 'down' };
    const runs = [
      entry('s', 'transform'),
      entry('s', 'transform', { status: 'FAILED', error: failed }),
      entry('s', 'transform', { status: 'FAILED', error: failed }),
      entry('s', 'transform', { status: 'FAILED', error: { code: 'CANCELLED', message: 'cancelled' } }),
    ];
    expect(runsSummary(runs)).toBe('4 attempts: 2 failed, 1 succeeded, 1 cancelled');
  });

  it('inside a foreach, counts items by their last attempt and says the attempts beside', () => {
    const failed = { code: 'FLAKY', message: 'flaky' };
    // 8 items, items 0..2 failed once before succeeding: 11 attempts, every item succeeded
    const runs = [0, 1, 2, 3, 4, 5, 6, 7].flatMap((i) => [
      ...(i < 3 ? [entry('steps[0].steps[0]', 'transform', { index: i, indexes: [i], status: 'FAILED', error: failed })] : []),
      entry('steps[0].steps[0]', 'transform', { index: i, indexes: [i], attempt: i < 3 ? 2 : 1 }),
    ]);
    const trace = [entry('steps[0]', 'foreach', { items: 8, iterations: 8 }), ...runs];
    expect(runsSummary(runs, trace)).toBe('8 items: 8 succeeded (11 attempts)');
  });

  it('counts the items of a foreach beyond the ones the trace keeps, and says they are not shown', () => {
    // a foreach of 300 whose body failed at item 250 (onError: continue): the engine keeps items 0..99 and the failure
    const runs = [...Array.from({ length: 100 }, (_, i) => entry('steps[0].steps[0]', 'transform', { index: i, indexes: [i] })),
      entry('steps[0].steps[0]', 'transform', { index: 249, indexes: [249], status: 'FAILED', error: { code: 'BOOM', message: 'boom' } })];
    const trace = [entry('steps[0]', 'foreach', { items: 300, iterations: 300 }), ...runs];
    expect(runsSummary(runs, trace)).toBe(
      '300 items: 100 succeeded, 1 failed, 199 more not shown — the run keeps the first 100 items and the failed attempts; the 199 not shown did not fail',
    );
  });
});
