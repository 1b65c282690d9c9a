import { describe, expect, it } from 'vitest';
import type { ConnectionList } from '../../api/connections';
import { connectionHint, connectionOptions } from './connectionOptions';

const list: ConnectionList = {
  environment: 'sandbox',
  connections: [
    { name: 'wms', environments: ['production'], active: false },
    { name: 'erp', environments: ['production', 'sandbox'], active: true },
    { name: 'cmms', environments: ['sandbox'], active: true },
  ],
};

describe('connection field', () => {
  it('offers the names usable in this environment first, each alphabetically', () => {
    expect(connectionOptions(list).map((o) => o.name)).toEqual(['cmms', 'erp', 'wms']);
    expect(connectionOptions(list)[1]).toEqual({ name: 'erp', active: true, label: 'production, sandbox' });
    expect(connectionOptions(list)[2].label).toBe('no profile for sandbox (has: production)');
    expect(connectionOptions(null)).toEqual([]);
  });

  it('says whether the chosen name can run in this environment', () => {
    expect(connectionHint(list, 'erp')).toEqual({ text: 'Uses the sandbox profile of "erp".', ok: true });
    expect(connectionHint(list, 'wms')?.ok).toBe(false);
    expect(connectionHint(list, 'wms')?.text).toContain('(sandbox)');
    expect(connectionHint(list, 'crm')?.text).toContain('No connection named "crm"');
    expect(connectionHint(list, '')).toBeNull();
    expect(connectionHint(list, '${vars.conn}')).toBeNull();
    expect(connectionHint(null, 'erp')).toBeNull();
  });
});
