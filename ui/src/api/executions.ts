import { call } from './http';

export type ExecutionStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'INTERRUPTED';
export type StepStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED';

export interface StepTrace {
  stepId: string;
  kind: string;
  path: string;
  status: StepStatus;
  attempt: number;
  index?: number;
  /** Inside nested foreach steps: the element of each, outermost first (ends with index). */
  indexes?: number[];
  branch?: string;
  /** A foreach's own entry: how many elements its items had. */
  items?: number;
  /** A foreach's own entry: how many iterations started (before `items` existed: the elements, as `items`). */
  iterations?: number;
  startedAt: string;
  durationMs: number | null;
  input: unknown;
  output: unknown;
  error: { code: string; message: string; details?: unknown } | null;
  request?: unknown;
  response?: unknown;
  logs?: unknown;
}

export interface Execution {
  id: string;
  flowId: string;
  flowVersion: number;
  status: ExecutionStatus;
  trigger: { type: string; body: unknown; headers?: unknown };
  output: unknown;
  error: { code: string; message: string; stepId?: string } | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  steps: StepTrace[];
}

export interface ExecutionSummary {
  id: string;
  flowId: string;
  flowVersion: number;
  status: ExecutionStatus;
  startedAt: string | null;
  durationMs: number | null;
}

export const ENDED: ReadonlySet<string> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'INTERRUPTED']);

const enc = encodeURIComponent;

/** Executions: start, read, list per flow, cancel, replay. */
export const executionsApi = {
  async start(flowId: string, inputJson: string): Promise<{ id: string; status: string }> {
    return (await call<{ id: string; status: string }>('POST', `/api/flows/${enc(flowId)}/executions`, { body: inputJson })).body;
  },
  get: async (id: string) => (await call<Execution>('GET', `/api/executions/${enc(id)}`)).body,
  async list(flowId: string, status?: string, limit = 50): Promise<ExecutionSummary[]> {
    const q = new URLSearchParams({ limit: String(limit) });
    if (status) q.set('status', status);
    return (await call<ExecutionSummary[]>('GET', `/api/flows/${enc(flowId)}/executions?${q}`)).body;
  },
  cancel: async (id: string) => (await call<Execution>('POST', `/api/executions/${enc(id)}/cancel`)).body,
  replay: async (id: string) => (await call<{ id: string }>('POST', `/api/executions/${enc(id)}/replay`)).body,
};
