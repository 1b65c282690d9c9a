import { useSyncExternalStore } from 'react';

/** Client-side routes on the History API: `/`, `/flows/:id`, `/flows/:id/executions/:execId`. */
export type Route =
  | { name: 'list' }
  | { name: 'flow'; id: string; execId?: string }
  | { name: 'notFound'; path: string };

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'flows')) return { name: 'list' };
  if (parts[0] === 'flows' && parts.length === 2) return { name: 'flow', id: parts[1] };
  if (parts[0] === 'flows' && parts.length === 4 && parts[2] === 'executions') return { name: 'flow', id: parts[1], execId: parts[3] };
  return { name: 'notFound', path: pathname };
}

const listeners = new Set<() => void>();
let guard: (() => boolean) | null = null;

/** A check run before leaving the page in-app (unsaved changes); false keeps the user where they are. */
export function setLeaveGuard(g: (() => boolean) | null): void {
  guard = g;
}

/** `state` goes with the new history entry (history.state): what the page opened should know of how it was opened. */
export function navigate(to: string, opts: { replace?: boolean; force?: boolean; state?: unknown } = {}): void {
  if (to === location.pathname) return;
  const leavingFlow = parseRoute(location.pathname);
  const target = parseRoute(new URL(to, location.origin).pathname);
  const sameFlow = leavingFlow.name === 'flow' && target.name === 'flow' && leavingFlow.id === target.id;
  if (!opts.force && !sameFlow && guard && !guard()) return;
  if (opts.replace) history.replaceState(opts.state ?? null, '', to);
  else history.pushState(opts.state ?? null, '', to);
  listeners.forEach((l) => l());
}

window.addEventListener('popstate', () => listeners.forEach((l) => l()));

export function useRoute(): Route {
  const path = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => location.pathname,
  );
  return parseRoute(path);
}

export const flowUrl = (id: string) => `/flows/${encodeURIComponent(id)}`;
export const executionUrl = (id: string, execId: string) => `/flows/${encodeURIComponent(id)}/executions/${encodeURIComponent(execId)}`;
