import type { ConnectionList } from '../../api/connections';

export interface ConnectionOption {
  name: string;
  /** Shown next to the name in the list, e.g. "sandbox, production". */
  label: string;
  active: boolean;
}

/** The names to offer: those usable in this node's environment first, then the others, each by name. */
export function connectionOptions(list: ConnectionList | null): ConnectionOption[] {
  if (!list) return [];
  return [...list.connections]
    .sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name))
    .map((c) => ({
      name: c.name,
      active: c.active,
      label: c.active ? c.environments.join(', ') : `no profile for ${list.environment} (has: ${c.environments.join(', ')})`,
    }));
}

/**
 * What to say under the field about the chosen name: nothing while the list is unknown or the field is
 * empty or an expression; otherwise whether this node's environment can run it.
 */
export function connectionHint(list: ConnectionList | null, value: string | undefined): { text: string; ok: boolean } | null {
  if (!list || !value || value.includes('${')) return null;
  const c = list.connections.find((x) => x.name === value);
  if (!c) return { text: `No connection named "${value}" exists yet; create it with PUT /api/connections/${value}/${list.environment}.`, ok: false };
  if (!c.active) return { text: `"${value}" has no profile for this node's environment (${list.environment}); it has ${c.environments.join(', ')}.`, ok: false };
  return { text: `Uses the ${list.environment} profile of "${value}".`, ok: true };
}
