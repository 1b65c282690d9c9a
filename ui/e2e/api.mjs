// The service's API as the e2e tests call it beside the browser: YAML bodies, JSON answers parsed.
const API = process.env.FLOWS_API_URL;

export async function api(method, path, body, headers = {}) {
  const r = await fetch(`${API}${path}`, {
    method,
    headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/yaml' } : {}), ...headers },
    body,
  });
  const text = await r.text();
  return { status: r.status, json: text && r.headers.get('Content-Type')?.includes('json') ? JSON.parse(text) : text };
}
