import { describe, expect, it } from 'vitest';
import type { StepTrace } from '../../api/executions';
import { nodesWithErrors, problemsByNode, statusByPath } from './overlay';

const t = (path: string, status: StepTrace['status'], attempt = 1): StepTrace =>
  ({ stepId: 'x', kind: 'transform', path, status, attempt, startedAt: '', durationMs: 1, input: null, output: null, error: null });

describe('canvas overlays', () => {
  it('shows a retried step that finally succeeded as succeeded, with its attempts', () => {
    const m = statusByPath([t('steps[0]', 'FAILED', 1), t('steps[0]', 'SUCCEEDED', 2), t('steps[1]', 'RUNNING')]);
    expect(m.get('steps[0]')).toEqual({ status: 'SUCCEEDED', attempts: 2 });
    expect(m.get('steps[1]')?.status).toBe('RUNNING');
  });
  it('puts problems on the step that holds their path', () => {
    const m = problemsByNode(
      [
        { code: 'OUT_OF_RANGE', path: 'steps[1].retry.maxAttempts', message: 'must be at least 1' },
        { code: 'MISSING_FIELD', path: 'trigger.path', message: 'required' },
        { code: 'BAD_ID', path: 'id', message: 'bad' },
      ],
      ['steps[0]', 'steps[1]'],
    );
    expect(m.get('steps[1]')).toEqual(['steps[1].retry.maxAttempts: must be at least 1']);
    expect(m.get('trigger')).toHaveLength(1);
    expect(m.get('')).toHaveLength(1);
  });
  it('labels a warning on its step as a warning', () => {
    const m = problemsByNode([{ code: 'IGNORED_FIELD', path: 'steps[0].latency', message: 'mode fail does not use latency', severity: 'warning' }], ['steps[0]']);
    expect(m.get('steps[0]')).toEqual(['warning: steps[0].latency: mode fail does not use latency']);
  });
  it('marks as wrong only the nodes that hold a problem that is not a warning', () => {
    const s = nodesWithErrors(
      [
        { code: 'IGNORED_FIELD', path: 'steps[0].latency', message: 'unused', severity: 'warning' },
        { code: 'OUT_OF_RANGE', path: 'steps[1].every', message: 'must be at least 1' },
        { code: 'IGNORED_FIELD', path: 'steps[1].seed', message: 'unused', severity: 'warning' },
      ],
      ['steps[0]', 'steps[1]'],
    );
    expect([...s]).toEqual(['steps[1]']);
  });
});
