// The API as the console uses it: the reviewer's bearer token on every call, Problem Details turned into errors.
export const base = new URL('../', document.baseURI);

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The API answered ${status}.`);
    this.status = status;
    this.type = problem?.type ?? '';
    this.problem = problem;
  }
}

export function createApi(getToken) {
  async function send(method, path, body, headers = {}) {
    try {
      return await fetch(new URL(path, base), {
        method,
        cache: 'no-store',
        headers: {
          Authorization: `Bearer ${getToken()}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, { detail: 'The API cannot be reached. Check your connection and try again.' });
    }
  }

  async function read(response) {
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }

  const call = async (method, path, body) => read(await send(method, path, body));

  return {
    /** One queue page; with the ETag of the last answer, null when nothing changed (304). */
    async list(query, etag) {
      const params = new URLSearchParams({ status: query.status, sort: query.sort, limit: '100' });
      for (const key of ['q', 'type', 'locale', 'cursor']) if (query[key]) params.set(key, query[key]);
      const response = await send('GET', `v1/review/items?${params}`, undefined, etag ? { 'If-None-Match': etag } : {});
      if (response.status === 304) return null;
      const data = await read(response);
      return { ...data, etag: response.headers.get('ETag') };
    },
    get: (id) => call('GET', `v1/review/items/${id}`),
    claim: (id) => call('POST', `v1/review/items/${id}/claim`),
    release: (id) => call('POST', `v1/review/items/${id}/release`),
    approve: (id, edit) => call('POST', `v1/review/items/${id}/approve`, edit ?? {}),
    reject: (id, reason, comment) => call('POST', `v1/review/items/${id}/reject`, { reason, comment }),
    regenerate: (id, feedback) => call('POST', `v1/review/items/${id}/regenerate`, { feedback }),
    publish: (id) => call('POST', `v1/review/items/${id}/publish`),
  };
}

/** Where a published item appears: the public read path of the tenant's item, in its locale. */
export function publicUrl(tenantSlug, source) {
  const url = new URL(`public/${encodeURIComponent(tenantSlug)}/${encodeURIComponent(source.type)}/${encodeURIComponent(source.slug)}`, base);
  url.searchParams.set('locale', source.locale);
  return url.toString();
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
