import type { JsonSchema, StepKind } from '../model/schema';
import { call } from './http';

/** The step catalogue and the flow schema. */
export const catalogApi = {
  steps: async () => (await call<StepKind[]>('GET', '/api/steps')).body,
  flowSchema: async () => (await call<JsonSchema>('GET', '/api/schema/flow')).body,
};
