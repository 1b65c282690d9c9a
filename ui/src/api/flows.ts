import { call, etagVersion } from './http';

export interface FlowSummary {
  id: string;
  name: string | null;
  description: string | null;
  version: number;
  enabled: boolean;
  trigger: { type: string };
  updatedAt: string;
  lastExecution: { id: string; status: string; startedAt: string | null } | null;
}

export interface Problem {
  code: string;
  path: string;
  line?: number;
  column?: number;
  message: string;
  /** Set by the editor for a warning: something the flow says but will not do; it never blocks a save. */
  severity?: 'warning';
}

const base = '/api/flows';
const enc = encodeURIComponent;

/** Flows: list, read as YAML text, create, save a new version, delete, validate, versions. */
export const flowsApi = {
  list: async () => (await call<FlowSummary[]>('GET', base)).body,

  /** The saved text of the latest version (or of `version`) and its version number. */
  async source(id: string, version?: number): Promise<{ text: string; version: number }> {
    const url = version === undefined ? `${base}/${enc(id)}` : `${base}/${enc(id)}/versions/${version}`;
    const a = await call<string>('GET', url, { accept: 'application/yaml' });
    return { text: a.body, version: etagVersion(a.headers) ?? version ?? 0 };
  },

  async json(id: string, version: number): Promise<Record<string, unknown>> {
    return (await call<Record<string, unknown>>('GET', `${base}/${enc(id)}/versions/${version}`)).body;
  },

  /** Creates a flow; `enabled: false` creates it disabled (its schedule or webhook does not start it until it is enabled). */
  async create(text: string, contentType = 'application/yaml', opts: { enabled?: boolean } = {}): Promise<{ id: string; version: number }> {
    const url = opts.enabled === false ? `${base}?enabled=false` : base;
    return (await call<{ id: string; version: number }>('POST', url, { body: text, contentType })).body;
  },

  /** Turns a flow's trigger on or off (a disabled flow cannot be started at all). */
  async setEnabled(id: string, enabled: boolean): Promise<{ id: string; enabled: boolean }> {
    return (await call<{ id: string; enabled: boolean }>('POST', `${base}/${enc(id)}/${enabled ? 'enable' : 'disable'}`)).body;
  },

  /** Saves a new version; 412 when `baseVersion` is no longer the latest. */
  async save(id: string, text: string, baseVersion: number): Promise<{ id: string; version: number; warnings?: Problem[] }> {
    const a = await call<{ id: string; version: number; warnings?: Problem[] }>('PUT', `${base}/${enc(id)}`, {
      body: text,
      contentType: 'application/yaml',
      headers: { 'If-Match': `"${baseVersion}"` },
    });
    return a.body;
  },

  remove: async (id: string) => {
    await call('DELETE', `${base}/${enc(id)}`);
  },

  async validate(text: string): Promise<{ valid: boolean; errors?: Problem[]; warnings?: Problem[] }> {
    return (await call<{ valid: boolean; errors?: Problem[]; warnings?: Problem[] }>('POST', `${base}/validate`, { body: text, contentType: 'application/yaml' })).body;
  },

  versions: async (id: string) => (await call<{ version: number; createdAt: string }[]>('GET', `${base}/${enc(id)}/versions`)).body,
};
