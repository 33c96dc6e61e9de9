// The API as the console uses it: the reviewer's bearer token on every call, Problem Details turned into errors.
const base = new URL('../', document.baseURI);

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The API answered ${status}.`);
    this.status = status;
    this.type = problem?.type ?? '';
    this.problem = problem;
  }
}

export function createApi(getToken) {
  async function call(method, path, body) {
    let response;
    try {
      response = await fetch(new URL(path, base), {
        method,
        headers: {
          Authorization: `Bearer ${getToken()}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, { detail: 'The API cannot be reached. Check your connection and try again.' });
    }
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }
  return {
    list: (status) => call('GET', `v1/review/items?status=${encodeURIComponent(status)}&limit=100`),
    get: (id) => call('GET', `v1/review/items/${id}`),
    claim: (id) => call('POST', `v1/review/items/${id}/claim`),
    release: (id) => call('POST', `v1/review/items/${id}/release`),
    approve: (id, edit) => call('POST', `v1/review/items/${id}/approve`, edit ?? {}),
    reject: (id, reason, comment) => call('POST', `v1/review/items/${id}/reject`, { reason, comment }),
    regenerate: (id, feedback) => call('POST', `v1/review/items/${id}/regenerate`, { feedback }),
    publish: (id) => call('POST', `v1/review/items/${id}/publish`),
  };
}

// Reads the token's claims for display only; the API is what checks the token.
export function claimsOf(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), '=')));
  } catch {
    return null;
  }
}
