import { askForToken, storedToken } from './token';

/** A failed call: an RFC 9457 problem, or status 0 when the service could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: { code: string; path: string; line?: number; column?: number; message: string }[] = [],
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }
}

export interface Answer<T> {
  status: number;
  body: T;
  headers: Headers;
}

type CallInit = { body?: string; contentType?: string; accept?: string; headers?: Record<string, string> };

/**
 * One call to the service, with the stored API token if there is one. On a 401 the user is asked
 * for a token (see token.ts); the call is repeated once with it, else the 401 is thrown.
 */
export async function call<T>(method: string, url: string, init: CallInit = {}): Promise<Answer<T>> {
  try {
    return await attempt<T>(method, url, init);
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) throw e;
    const token = await askForToken(e.detail);
    if (!token) throw e;
    return attempt<T>(method, url, init);
  }
}

async function attempt<T>(method: string, url: string, init: CallInit): Promise<Answer<T>> {
  const headers: Record<string, string> = { Accept: init.accept ?? 'application/json', ...init.headers };
  const token = storedToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['Content-Type'] = init.contentType ?? 'application/json';
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body: init.body });
  } catch {
    throw new ApiError(0, 'The Flows service cannot be reached', 'check that it is running, then try again');
  }
  const text = await res.text();
  const type = res.headers.get('Content-Type') ?? '';
  let body: unknown = text;
  if (type.includes('json') && text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  if (!res.ok) {
    const p = (typeof body === 'object' && body !== null ? body : {}) as { title?: string; detail?: string; errors?: ApiError['errors'] };
    throw new ApiError(res.status, p.title ?? res.statusText ?? `HTTP ${res.status}`, p.detail ?? (typeof body === 'string' ? body.slice(0, 300) : ''), p.errors ?? []);
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

/** The version an ETag names: `"3"` → 3. */
export function etagVersion(headers: Headers): number | null {
  const tag = headers.get('ETag');
  if (!tag) return null;
  const n = Number(tag.replace(/W\//, '').replace(/"/g, ''));
  return Number.isFinite(n) ? n : null;
}
