// Reads the page's settings and talks to the console's JSON API: nothing else is ever fetched.
const meta = (name) => document.querySelector(`meta[name="${name}"]`);

export const config = {
  base: meta('jobqueue-base').content,
  refreshMs: Math.max(2000, Number(meta('jobqueue-refresh-ms').content) || 2000),
  actions: meta('jobqueue-actions').content === 'true',
  token: meta('jobqueue-token').content,
  tokenHeader: meta('jobqueue-token').dataset.header,
  securityToken: meta('jobqueue-security-token').content,
  securityHeader: meta('jobqueue-security-token').dataset.header,
};

async function parse(response) {
  const text = await response.text();
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const body = JSON.parse(text);
      message = body.message || body.error || message;
    } catch (ignored) {
      // Not JSON: keep the status line.
    }
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return text ? JSON.parse(text) : null;
}

export async function get(path, params = {}) {
  const query = new URLSearchParams(params).toString();
  const response = await fetch(`${config.base}/api/${path}${query ? '?' + query : ''}`, {
    headers: { Accept: 'application/json' },
    credentials: 'same-origin',
    cache: 'no-store',
  });
  return parse(response);
}

export async function act(action, params) {
  const headers = { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' };
  headers[config.tokenHeader] = config.token;
  if (config.securityHeader && config.securityToken) {
    headers[config.securityHeader] = config.securityToken;
  }
  const response = await fetch(`${config.base}/api/actions/${action}`, {
    method: 'POST',
    headers,
    credentials: 'same-origin',
    body: new URLSearchParams(params).toString(),
  });
  return parse(response);
}
