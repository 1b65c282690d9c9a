import { call } from './http';

/** One entry of GET /api/connections. */
export interface ConnectionSummary {
  name: string;
  /** Environments that have a profile for this connection. */
  environments: string[];
  /** Whether this node's environment has a profile, i.e. a step using it can run here. */
  active: boolean;
}

export interface ConnectionList {
  /** The environment this node runs in (FLOWS_ENVIRONMENT). */
  environment: string;
  connections: ConnectionSummary[];
}

/** Named connections (profiles per environment); the editor only reads the list. */
export const connectionsApi = {
  list: async () => (await call<ConnectionList>('GET', '/api/connections')).body,
};
