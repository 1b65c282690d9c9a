import { describe, expect, it } from 'vitest';
import type { StepTrace } from '../../api/executions';
import { parse } from 'yaml';
import { kinds } from '../../model/fixtures/kinds';
import { matchRun, nodesWithErrors, problemsByNode } from './overlay';

const t = (stepId: string, kind: string, path: string, status: StepTrace['status'], attempt = 1, code?: string): StepTrace => ({
  stepId,
  kind,
  path,
  status,
  attempt,
  startedAt: '',
  durationMs: 1,
  input: null,
  output: { from: stepId },
  error: code ? { code, message: code } : null,
});
const summary = (r: ReturnType<typeof matchRun>) => Object.fromEntries([...r.byPath].map(([p, s]) => [p, `${s.status}${s.attempts > 1 ? ` x${s.attempts}` : ''}`]));

// version 1 ran prepare, then push failed after three attempts; `after` never ran
const v1Run = [
  t('prepare', 'transform', 'steps[0]', 'SUCCEEDED'),
  t('push', 'connector-call', 'steps[1]', 'FAILED', 1, 'HTTP_500'),
  t('push', 'connector-call', 'steps[1]', 'FAILED', 2, 'HTTP_500'),
  t('push', 'connector-call', 'steps[1]', 'FAILED', 3, 'HTTP_500'),
];
const v1 = parse(`
steps:
  - { id: prepare, type: transform, set: { orderId: 1 } }
  - { id: push, type: connector-call, with: { url: http://x } }
  - { id: after, type: transform, set: { ok: true } }
`);

describe('a run placed on a document', () => {
  it('shows each step of the version that ran with its own result', () => {
    const r = matchRun(v1Run, v1, kinds);
    expect(summary(r)).toEqual({ 'steps[0]': 'SUCCEEDED', 'steps[1]': 'FAILED x3' });
    expect(r.unmatched).toEqual([]);
  });

  it('puts nothing of an old run on a step of a newer version that has another id, and lists what it could not place', () => {
    const v2 = parse('steps:\n  - { id: pushRenamed, type: connector-call, with: { url: http://x } }\n');
    const r = matchRun(v1Run, v2, kinds);
    expect(r.byPath.size).toBe(0);
    expect(r.unmatched.map((u) => `${u.stepId} ${u.path} ${u.run.status}`)).toEqual(['prepare steps[0] SUCCEEDED', 'push steps[1] FAILED']);
    expect(r.unmatched[1].run.entries).toHaveLength(3);
  });

  it('keeps a result on its step when a step is inserted before it, and shows none on the new step', () => {
    const edited = parse(`
steps:
  - { id: prepare, type: transform, set: { orderId: 1 } }
  - { id: errorInjection1, type: error-injection, mode: fail }
  - { id: push, type: connector-call, with: { url: http://x } }
  - { id: after, type: transform, set: { ok: true } }
`);
    const r = matchRun(v1Run, edited, kinds);
    expect(summary(r)).toEqual({ 'steps[0]': 'SUCCEEDED', 'steps[2]': 'FAILED x3' });
    expect(r.byPath.get('steps[1]')).toBeUndefined();
  });

  it('follows a step moved into a branch, and drops a result whose step changed its kind', () => {
    const edited = parse(`
steps:
  - { id: prepare, type: delay, duration: 1s }
  - id: guard
    type: try
    steps:
      - { id: push, type: connector-call, with: { url: http://x } }
    catch: []
`);
    const r = matchRun(v1Run, edited, kinds);
    expect(summary(r)).toEqual({ 'steps[1].steps[0]': 'FAILED x3' });
    expect(r.unmatched.map((u) => u.stepId)).toEqual(['prepare']);
  });

  it('prefers the step at the path that ran when two steps share its id', () => {
    const dup = parse('steps:\n  - { id: prepare, type: transform, set: {} }\n  - { id: prepare, type: transform, set: {} }\n');
    expect(Object.keys(summary(matchRun(v1Run.slice(0, 1), dup, kinds)))).toEqual(['steps[0]']);
  });

  it('shows a retried step that finally succeeded as succeeded, with its attempts', () => {
    const r = matchRun([t('push', 'connector-call', 'steps[1]', 'FAILED', 1), t('push', 'connector-call', 'steps[1]', 'SUCCEEDED', 2), t('after', 'transform', 'steps[2]', 'RUNNING')], v1, kinds);
    expect(summary(r)).toEqual({ 'steps[1]': 'SUCCEEDED x2', 'steps[2]': 'RUNNING' });
  });

  it('shows a step stopped by a cancel as cancelled, not failed', () => {
    const r = matchRun([t('push', 'connector-call', 'steps[1]', 'FAILED', 1, 'CANCELLED')], v1, kinds);
    expect(r.byPath.get('steps[1]')?.status).toBe('CANCELLED');
    expect(matchRun([t('push', 'connector-call', 'steps[1]', 'FAILED', 1, 'STEP_TIMEOUT')], v1, kinds).byPath.get('steps[1]')?.status).toBe('FAILED');
  });
});

describe('canvas overlays', () => {
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
