import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { copyId, duplicateYaml, newFlowYaml } from './templates';

describe('flow templates', () => {
  it('creates a parseable empty flow', () => {
    expect(parse(newFlowYaml('my-flow', 'My flow', 'webhook'))).toEqual({ id: 'my-flow', name: 'My flow', trigger: { type: 'webhook', path: 'my-flow' }, steps: [] });
  });
  it('gives a new schedule the cron the analyst chose, and never one of its own', () => {
    expect(parse(newFlowYaml('nightly', '', 'schedule', ' 0 0 3 * * * '))).toMatchObject({ trigger: { type: 'schedule', cron: '0 0 3 * * *' } });
    expect(parse(newFlowYaml('nightly', '', 'schedule')).trigger).toEqual({ type: 'schedule', cron: '' });
  });
  it('duplicates under a new id keeping comments', () => {
    const out = duplicateYaml('# keep me\nid: a\nname: A\ntrigger: {type: webhook, path: a}\nsteps: []\n', 'a-copy');
    expect(out).toContain('# keep me');
    expect(parse(out)).toMatchObject({ id: 'a-copy', name: 'A (copy)', trigger: { path: 'a-copy' } });
    expect(copyId('a', new Set(['a-copy']))).toBe('a-copy-2');
  });
});
