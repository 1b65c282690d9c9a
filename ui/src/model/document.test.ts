import { describe, expect, it } from 'vitest';
import { deleteStep, insertStep, moveStep, parseFlow, setField, valueAt } from './document';
import { newBranch, newStep, stepIds, withFreshIds } from './schema';
import { kinds } from './fixtures/kinds';

const SRC = `# Orders into the ERP
id: demo
trigger: { type: manual }   # run from the editor
steps:
  # first we compute the total
  - id: total
    type: transform
    script: return input   # trivial
  - id: guarded
    type: try
    steps:
      - id: push
        type: connector-call
        connector: http
    catch: []
`;

const ids = (json: unknown) => [...stepIds(json as never, kinds)];

describe('document operations', () => {
  it('keeps comments through insert, field edit and delete', () => {
    let fd = parseFlow(SRC);
    fd = insertStep(fd, ['steps'], 1, newStep(kinds.get('delay')!, 'delay1'));
    fd = setField(fd, ['steps', 0, 'script'], 'return {...input, ok: true}');
    fd = deleteStep(fd, ['steps', 1]);
    expect(fd.text).toContain('# Orders into the ERP');
    expect(fd.text).toContain('# first we compute the total');
    expect(fd.text).toContain('# run from the editor');
    expect(fd.text).toContain('# trivial');
    expect(fd.text).toContain('return {...input, ok: true}');
    expect(ids(fd.json)).toEqual(['total', 'guarded', 'push']);
  });

  it('round-trips text, keeping every comment (the space before an end-of-line comment is normalised)', () => {
    const fd = parseFlow(SRC);
    const squash = (t: string) => t.replace(/(\S) +#/g, '$1 #');
    expect(setField(fd, ['name'], undefined).text).toBe(squash(SRC));
  });

  it('keeps the comments in a mapping (set:, headers, vars) when one of its rows is changed, added, renamed or removed', () => {
    const src = `id: demo
steps:
  - id: shape
    type: transform
    set:
      # the customer's number, as the ERP wants it
      customer: \${input.id}
      total: 1 # fixed for now
      # gone soon
      old: x
    with: { statuses: [200, 201] } # inline
`;
    const set = ['steps', 0, 'set'];
    let fd = setField(parseFlow(src), set, { customer: '${input.id}', total: 2, old: 'x' });
    expect(fd.text).toContain("# the customer's number, as the ERP wants it\n      customer: ${input.id}\n      total: 2 # fixed for now");
    fd = setField(fd, set, { client: '${input.id}', total: 2, old: 'x', added: true });
    expect(fd.text).toContain("# the customer's number, as the ERP wants it\n      client: ${input.id}");
    expect(valueAt(fd.json, set)).toEqual({ client: '${input.id}', total: 2, old: 'x', added: true });
    fd = setField(fd, set, { client: '${input.id}', total: 2, added: true });
    expect(fd.text).not.toContain('old: x');
    expect(fd.text).toContain('total: 2 # fixed for now');
    fd = setField(fd, ['steps', 0, 'with'], { statuses: [200, 202] });
    expect(fd.text).toContain('with: { statuses: [ 200, 202 ] } # inline');
  });

  it('writes back the numbers an edit did not change as they were written, and a changed one from its value', () => {
    const text = 'id: n\nvars: { ean: 12345678901234567890, zip: 007, mask: 0x1F, big: 1e3, price: 1.10 }\nsteps:\n  - id: a\n    type: transform\n    set: { count: 5, code: 0o17 } # keep\n  - { id: b, type: delay, duration: 1s }\n';
    const edited = setField(parseFlow(text), ['steps', 1, 'name'], 'Wait a bit').text;
    expect(edited).toContain('vars: { ean: 12345678901234567890, zip: 007, mask: 0x1F, big: 1e3, price: 1.10 }');
    expect(edited).toContain('set: { count: 5, code: 0o17 } # keep');
    // a whole map written again from its values (a form's rows) keeps the rows whose value is the same
    const rows = setField(parseFlow(text), ['steps', 0, 'set'], { count: 6, code: 15 }).text;
    expect(rows).toContain('set: { count: 6, code: 0o17 } # keep');
  });

  it('inserts into an empty flow-style list as a block list', () => {
    const fd = insertStep(parseFlow(SRC), ['steps', 1, 'catch'], 0, { id: 'c', type: 'transform', script: 'return 1' });
    expect(valueAt(fd.json, ['steps', 1, 'catch', 0, 'id'])).toBe('c');
    expect(fd.text).toMatch(/catch:\n\s+- id: c/);
  });

  it('creates a missing list on insert', () => {
    const fd = insertStep(parseFlow('id: x\ntrigger: {type: manual}\nsteps:\n  - {id: r, type: choice, when: []}\n'), ['steps', 0, 'otherwise'], 0, { id: 'o', type: 'delay', duration: '1s' });
    expect(valueAt(fd.json, ['steps', 0, 'otherwise', 0, 'id'])).toBe('o');
  });

  it('moves steps within a list and across nesting levels', () => {
    const fd = parseFlow(SRC);
    const down = moveStep(fd, ['steps', 0], ['steps'], 2)!;
    expect(ids(down.fd.json)).toEqual(['guarded', 'push', 'total']);
    expect(down.path).toEqual(['steps', 1]);
    const into = moveStep(fd, ['steps', 0], ['steps', 1, 'catch'], 0)!;
    expect(valueAt(into.fd.json, ['steps', 0, 'catch', 0, 'id'])).toBe('total');
    expect(into.path).toEqual(['steps', 0, 'catch', 0]);
    const out = moveStep(fd, ['steps', 1, 'steps', 0], ['steps'], 0)!;
    expect(ids(out.fd.json)).toEqual(['push', 'total', 'guarded']);
    expect(moveStep(fd, ['steps', 1], ['steps', 1, 'catch'], 0)).toBeNull();
  });

  it('pastes a copy with fresh ids, nested ones included', () => {
    const fd = parseFlow(SRC);
    const used = stepIds(fd.json, kinds);
    const copy = withFreshIds(valueAt(fd.json, ['steps', 1]) as never, kinds, used);
    const pasted = insertStep(fd, ['steps'], 2, copy);
    expect(ids(pasted.json)).toEqual(['total', 'guarded', 'push', 'guarded1', 'push1']);
  });

  it("points a pasted copy's references to its own steps at the copies, and leaves the others alone", () => {
    const fd = parseFlow(`id: demo
steps:
  - id: total
    type: transform
    set: { t: 1 }
  - id: guard
    type: try
    steps:
      - { id: fetch, type: connector-call, with: { url: "http://x/\${steps.total.output.t}" } }
    catch:
      - id: note
        type: transform
        set:
          code: \${steps.fetch.error.code}
          seen: "\${steps?.fetch != null && steps['fetch'] !== steps.fetched}"
      - { id: log, type: transform, script: "return { before: steps[\\"note\\"].output, total: steps.total };" }
`);
    const copy = withFreshIds(valueAt(fd.json, ['steps', 1]) as never, kinds, stepIds(fd.json, kinds));
    expect(copy).toMatchObject({
      id: 'guard1',
      steps: [{ id: 'fetch1', with: { url: 'http://x/${steps.total.output.t}' } }],
      catch: [
        { id: 'note1', set: { code: '${steps.fetch1.error.code}', seen: "${steps?.fetch1 != null && steps['fetch1'] !== steps.fetched}" } },
        { id: 'log1', script: 'return { before: steps["note1"].output, total: steps.total };' },
      ],
    });
  });

  it('creates new steps with the required fields their schema asks for', () => {
    // a choice's first condition is left to write (the service flags it): nothing put in for the user is always true
    expect(newStep(kinds.get('choice')!, 'choice1')).toEqual({ id: 'choice1', type: 'choice', when: [{ steps: [] }] });
    expect(newBranch(kinds.get('choice')!.schema.properties!.when.items!)).toEqual({ steps: [] });
    expect(newStep(kinds.get('parallel')!, 'p')).toEqual({ id: 'p', type: 'parallel', branches: {} });
    expect(newStep(kinds.get('foreach')!, 'f')).toMatchObject({ items: '${input}', steps: [] });
  });

  it('reports text that does not parse and keeps the last good value', () => {
    const good = parseFlow(SRC);
    const bad = parseFlow('id: [oops', good.json);
    expect(bad.parseError).not.toBeNull();
    expect(bad.json).toBe(good.json);
  });
});
