import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, call } from './http';
import { forgetToken, setTokenPrompt, storedToken, storeToken } from './token';

class MemoryStorage {
  private items = new Map<string, string>();
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, v);
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
}

const GOOD = 'flw_good';

/** A fake service: 401 unless the request carries the good token. */
function service() {
  const seen: (string | null)[] = [];
  const fetch = vi.fn(async (_url: string, init: RequestInit) => {
    const auth = (init.headers as Record<string, string>).Authorization ?? null;
    seen.push(auth);
    if (auth === `Bearer ${GOOD}`) return new Response('[]', { status: 200, headers: { 'Content-Type': 'application/json' } });
    return new Response(JSON.stringify({ title: 'Unauthorized', status: 401, detail: 'this API needs a token' }), {
      status: 401,
      headers: { 'Content-Type': 'application/problem+json', 'WWW-Authenticate': 'Bearer realm="flows"' },
    });
  });
  vi.stubGlobal('fetch', fetch);
  return { fetch, seen };
}

describe('the API token', () => {
  beforeEach(() => {
    vi.stubGlobal('localStorage', new MemoryStorage());
  });
  afterEach(() => {
    setTokenPrompt(null);
    vi.unstubAllGlobals();
  });

  it('is sent as a bearer token once stored', async () => {
    const { seen } = service();
    storeToken(GOOD);
    await call('GET', '/api/flows');
    expect(seen).toEqual([`Bearer ${GOOD}`]);
  });

  it('is asked for on a 401, stored, and the call repeated with it', async () => {
    const { seen } = service();
    const prompt = vi.fn(async () => ` ${GOOD} `);
    setTokenPrompt(prompt);
    const answer = await call<unknown[]>('GET', '/api/flows');
    expect(answer.status).toBe(200);
    expect(prompt).toHaveBeenCalledWith('this API needs a token');
    expect(seen).toEqual([null, `Bearer ${GOOD}`]);
    expect(storedToken()).toBe(GOOD);
  });

  it('asks once for calls that fail together', async () => {
    service();
    let answer: (t: string | null) => void = () => {};
    const prompt = vi.fn(() => new Promise<string | null>((ok) => (answer = ok)));
    setTokenPrompt(prompt);
    const both = Promise.all([call('GET', '/api/flows'), call('GET', '/api/steps')]);
    await vi.waitFor(() => expect(prompt).toHaveBeenCalled());
    answer(GOOD);
    await both;
    expect(prompt).toHaveBeenCalledTimes(1);
  });

  it('gives the 401 to the caller when the user cancels, or when there is no dialog', async () => {
    service();
    await expect(call('GET', '/api/flows')).rejects.toMatchObject({ status: 401 });
    setTokenPrompt(async () => null);
    const e = await call('GET', '/api/flows').catch((x) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(401);
    expect(storedToken()).toBeNull();
  });

  it('can be forgotten', async () => {
    const { seen } = service();
    storeToken(GOOD);
    forgetToken();
    await call('GET', '/api/flows').catch(() => undefined);
    expect(seen).toEqual([null]);
  });
});
