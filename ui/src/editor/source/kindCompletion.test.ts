import { CompletionContext } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { kinds } from '../../model/fixtures/kinds';
import { stepKindCompletion } from './kindCompletion';

/** The completion at the `|` in `doc`. */
function complete(doc: string, explicit = false) {
  const pos = doc.indexOf('|');
  const state = EditorState.create({ doc: doc.replace('|', '') });
  const r = stepKindCompletion(() => kinds.values())(new CompletionContext(state, pos, explicit));
  return r && !(r instanceof Promise) ? { from: r.from, labels: r.options.map((o) => o.label) } : null;
}

describe('completion of step kinds in the YAML view', () => {
  const all = [...kinds.keys()];
  it('offers every kind of GET /api/steps for a step\'s type, from what is typed', () => {
    expect(complete('id: f\nsteps:\n  - id: a\n    type: con|')).toEqual({ from: 33, labels: all });
    expect(complete('id: f\nsteps:\n  - type: |', true)?.labels).toEqual(all);
    expect(complete('steps:\n  - id: t\n    type: try\n    catch:\n      - id: b\n        # the fallback\n\n        type: d|')?.labels).toEqual(all);
  });
  it('offers nothing for the trigger\'s type, a type in another mapping, or before anything is typed', () => {
    expect(complete('id: f\ntrigger:\n  type: w|')).toBeNull();
    expect(complete('steps:\n  - id: a\n    with:\n      type: x|')).toBeNull();
    expect(complete('steps:\n  - id: a\n    type: |')).toBeNull();
    expect(complete('steps:\n  - id: a\n    name: |', true)).toBeNull();
  });
});
