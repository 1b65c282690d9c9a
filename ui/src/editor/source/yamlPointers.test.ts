import { yaml } from '@codemirror/lang-yaml';
import { ensureSyntaxTree } from '@codemirror/language';
import { EditorState } from '@codemirror/state';
import { getJsonPointers } from 'codemirror-json-schema';
import { describe, expect, it } from 'vitest';
import { yamlWithPointers } from './yamlPointers';

const text = `id: order-sync
name: Order sync
trigger: { type: manual }
steps:
  - id: fetch
    type: connector-call
    timeout: 5s
  - { id: wait, type: delay, duration: 1ms }
  - id: pick
    type: choice
    when:
      - if: "\${input.x > 1}"
        steps:
          - { id: shape, type: transform, set: { "a/b": 1 } }
`;

describe('yamlWithPointers', () => {
  it("places each key and scalar value where the library's own walk of the syntax tree does", () => {
    const state = EditorState.create({ doc: text, extensions: [yaml()] });
    ensureSyntaxTree(state, state.doc.length, 5000);
    const theirs = getJsonPointers(state, 'yaml');
    const ours = yamlWithPointers(text).pointers;
    const scalars = ['/id', '/steps/0/timeout', '/steps/1/duration', '/steps/2/when/0/if', '/steps/2/when/0/steps/0/set/a~1b'];
    for (const p of scalars) expect(ours.get(p), p).toEqual(theirs.get(p));
    expect(ours.get('/steps/1')).toMatchObject({ keyFrom: text.indexOf('{ id: wait'), keyTo: text.indexOf('1ms }') + 5 });
  });

  it('gives no value to check for text that does not parse', () => {
    expect(yamlWithPointers('steps: [').data).toBeNull();
    expect(yamlWithPointers('a: 1\n').data).toEqual({ a: 1 });
  });
});
