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
  it('duplicates keeping numbers as written (a double cannot hold a 20-digit id)', () => {
    const copy = duplicateYaml('id: a\nvars: { ean: 12345678901234567890, zip: 007 }\nsteps: []\n', 'a-copy');
    expect(copy).toContain('vars: { ean: 12345678901234567890, zip: 007 }');
  });

  it('duplicates under a new id keeping comments', () => {
    const out = duplicateYaml('# keep me\nid: a\nname: A\ntrigger: {type: webhook, path: a}\nsteps: []\n', 'a-copy');
    expect(out).toContain('# keep me');
    expect(parse(out)).toMatchObject({ id: 'a-copy', name: 'A (copy)', trigger: { path: 'a-copy' } });
    expect(copyId('a', new Set(['a-copy']))).toBe('a-copy-2');
  });
});
