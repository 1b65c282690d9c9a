/**
 * The API token the editor sends (Authorization: Bearer), kept in localStorage once the user
 * has entered it, and the hook through which http.ts asks the user for one after a 401.
 */
const KEY = 'flows.apiToken';

type Listener = () => void;
/** Asks the user for a token; resolves to null when they cancel. */
export type TokenPrompt = (reason: string) => Promise<string | null>;

const listeners = new Set<Listener>();
let prompt: TokenPrompt | null = null;
let pending: Promise<string | null> | null = null;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function storedToken(): string | null {
  return storage()?.getItem(KEY) ?? null;
}

export function storeToken(token: string): void {
  storage()?.setItem(KEY, token.trim());
  listeners.forEach((l) => l());
}

export function forgetToken(): void {
  storage()?.removeItem(KEY);
  listeners.forEach((l) => l());
}

/** For useSyncExternalStore: called whenever the stored token changes. */
export function onTokenChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The token dialog registers itself here; without it a 401 is just an error. */
export function setTokenPrompt(p: TokenPrompt | null): void {
  prompt = p;
}

/**
 * A token from the user, stored for the next calls; null when there is no dialog or they cancel.
 * Several calls failing at once share one dialog.
 */
export function askForToken(reason: string): Promise<string | null> {
  if (!prompt) return Promise.resolve(null);
  if (!pending) {
    pending = prompt(reason)
      .then((t) => {
        const token = t?.trim() || null;
        if (token) storeToken(token);
        return token;
      })
      .finally(() => {
        pending = null;
      });
  }
  return pending;
}
