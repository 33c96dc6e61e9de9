// The Node.js peer of the HTTP benchmark (bench/http/run.sh): Fastify + ioredis + pg + an in-process LRU,
// doing the work the API does for the benchmarked routes, against the same PostgreSQL (as the same role,
// serverless_app, with the same transaction-local tenant setting, so the same row-level security and audit
// trigger) and the same Redis, and answering with byte-identical bodies (System.Text.Json's web defaults:
// camelCase, nulls left out, its default escaping). Not a product: only what the benchmark sends is served.
//
//   GET  /health/live                           {"status":"live","checks":{}}
//   GET  /public/:tenant/:type/:slug            in-process LRU -> Redis -> replica (published rows only)
//   GET  /v1/content/:id      (x-api-key)       the primary, in one tenant transaction
//   POST /v1/content          (x-api-key)       one tenant transaction (schema check, insert, revision),
//                                               then the commit's WAL position and one invalidation
// Environment: PORT, PG_PRIMARY, PG_REPLICA (connection URLs), REDIS_URL (with its database index),
// PG_POOL (connections per pool, default 16), RATE_LIMIT (requests per tenant per minute, default 600).
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import Redis from 'ioredis';
import { LRUCache } from 'lru-cache';
import pg from 'pg';

const TIMESTAMPTZ = 1184;
// Keep PostgreSQL's text (microseconds, UTC) instead of a millisecond Date; formatted below as .NET does.
pg.types.setTypeParser(TIMESTAMPTZ, (text) => text);

const poolSize = Number(process.env.PG_POOL ?? 16);
const pool = (url) => new pg.Pool({ connectionString: url, max: poolSize, options: '-c TimeZone=UTC' });
const primary = pool(process.env.PG_PRIMARY);
const replica = pool(process.env.PG_REPLICA ?? process.env.PG_PRIMARY);
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0', { enableAutoPipelining: true });
const subscriber = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0');

const CHANNEL = 'bench:peer:invalidate';
const FRESH_SECONDS = 30; // PublicContent:FreshSeconds
const TENANT_SECONDS = 300; // PublicContent:TenantSeconds
const KEY_SECONDS = 20; // ApiKeys:CacheSeconds
const pages = new LRUCache({ max: 10_000, ttl: FRESH_SECONDS * 1000 });
const tenants = new LRUCache({ max: 10_000, ttl: TENANT_SECONDS * 1000 });
const keys = new LRUCache({ max: 10_000, ttl: KEY_SECONDS * 1000 });

// ---- System.Text.Json's output, byte for byte -------------------------------------------------------
// JavaScriptEncoder.Default: ASCII printable except " & ' + < > ` and \ is written as is; the rest as \uXXXX.
const escaped = /["&'+<>`\\\u0000-\u001f\u007f-\uffff]/g;
const shortEscapes = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };
const str = (s) => '"' + s.replace(escaped, (c) => shortEscapes[c]
    ?? '\\u' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')) + '"';
class Raw { constructor(text) { this.text = text; } } // written as is (System.Text.Json does not escape dates)
const json = (v) => {
    if (v === null) return 'null';
    if (v instanceof Raw) return v.text;
    if (typeof v === 'string') return str(v);
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (Array.isArray(v)) return '[' + v.map(json).join(',') + ']';
    return '{' + Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => str(k) + ':' + json(x)).join(',') + '}';
};
// "2026-12-07 21:07:09.1234+00" -> "2026-12-07T21:07:09.1234+00:00" (DateTimeOffset, trailing zeros trimmed)
const time = (t) => {
    const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(\.\d+)?\+00$/.exec(t);
    if (!m) throw new Error(`unexpected timestamp ${t}`);
    const fraction = (m[3] ?? '').replace(/0+$/, '');
    return new Raw(`"${m[1]}T${m[2]}${fraction === '.' ? '' : fraction}+00:00"`);
};
const item = (r) => json({
    id: r.id, type: r.type, slug: r.slug, locale: r.locale, status: r.status, title: r.title, body: r.body,
    attributes: r.attributes, version: r.version, createdAt: time(r.created_at), updatedAt: time(r.updated_at),
    schemaVersion: r.schema_version ?? undefined,
});
const publicItem = (r) => json({
    id: r.id, type: r.type, slug: r.slug, locale: r.locale, title: r.title, body: r.body,
    attributes: JSON.parse(r.attributes), version: r.version, updatedAt: time(r.updated_at),
});

// ---- The tenant transaction (TenantSession) ---------------------------------------------------------
const SET_TENANT = 'SELECT set_config(\'app.tenant_id\', $1, true), set_config(\'app.actor\', $2, true), '
    + 'set_config(\'app.request_id\', $3, true), current_setting(\'transaction_read_only\') = \'on\' AS read_only';
async function inTenant(db, tenantId, actor, requestId, work) {
    const client = await db.connect();
    try {
        await client.query('BEGIN');
        await client.query({ name: 'set-tenant', text: SET_TENANT, values: [tenantId, actor, requestId] });
        const result = await work(client);
        await client.query('COMMIT');
        return result;
    } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
    } finally {
        client.release();
    }
}

// ---- API keys: authenticate_api_key on the replica, kept KEY_SECONDS in process ---------------------
const KEY = /^sl_([a-z2-7]{12})_/;
async function authenticate(request) {
    const presented = request.headers['x-api-key'];
    const prefix = typeof presented === 'string' && presented.length <= 128 ? KEY.exec(presented)?.[1] : undefined;
    if (!prefix) return null;
    const cached = keys.get(presented);
    if (cached !== undefined) return cached;
    const { rows } = await replica.query({
        name: 'authenticate-key',
        text: 'SELECT key_id, tenant_id, tenant_slug, tenant_tier, secret_hash, revoked_at FROM authenticate_api_key($1)',
        values: [prefix],
    });
    const row = rows[0];
    const hash = createHash('sha256').update(presented, 'utf8').digest();
    const key = row && timingSafeEqual(hash, row.secret_hash) && (row.revoked_at === null || Date.parse(row.revoked_at.replace(' ', 'T') + ':00') > Date.now())
        ? { tenantId: row.tenant_id, tenantSlug: row.tenant_slug, actor: `apikey:${row.key_id}` }
        : null;
    keys.set(presented, key);
    return key;
}

// The per-tenant fixed window (TenantRateLimiter): the same Lua script, one EVALSHA per authenticated request.
redis.defineCommand('rateLimit', {
    numberOfKeys: 1,
    lua: "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n",
});
const WINDOW_MS = 60_000;
const QUOTA = Number(process.env.RATE_LIMIT ?? 600);
async function admit(key) {
    const start = Math.floor(Date.now() / WINDOW_MS) * WINDOW_MS;
    return await redis.rateLimit(`bench:peer:rl:${key.tenantId.replaceAll('-', '')}:${start}`, WINDOW_MS) <= QUOTA;
}

const problem = (reply, status, title) => reply.code(status).type('application/problem+json')
    .send(json({ type: `https://serverless.dev/problems/${status}`, title, status }));

const COLUMNS = 'id, type, slug, locale, status, title, body, attributes::text AS attributes, version, created_at, updated_at, schema_version';
const app = Fastify({ logger: false, bodyLimit: 1 << 20 });

app.get('/health/live', (request, reply) => reply.type('application/json; charset=utf-8').send('{"status":"live","checks":{}}'));

app.get('/public/:tenant/:type/:slug', async (request, reply) => {
    const { tenant, type, slug } = request.params;
    const key = `bench:peer:public:${tenant}:${type}:${slug}`;
    let page = pages.get(key);
    let outcome = 'HIT';
    if (page === undefined) {
        const stored = await redis.get(key);
        if (stored !== null) {
            page = JSON.parse(stored);
        } else {
            outcome = 'MISS';
            page = await loadPage(tenant, type, slug);
            if (page.body !== null) await redis.set(key, JSON.stringify(page), 'EX', FRESH_SECONDS);
        }
        pages.set(key, page);
    }
    reply.header('x-cache', outcome);
    if (page.body === null) return problem(reply, 404, 'Not found');
    return reply.header('etag', page.etag).header('cache-control', 'public, max-age=60, s-maxage=300')
        .type('application/json; charset=utf-8').send(page.body);
});

async function loadPage(tenantSlug, type, slug) {
    let tenantId = tenants.get(tenantSlug);
    if (tenantId === undefined) {
        const { rows } = await replica.query({ name: 'resolve-tenant', text: 'SELECT resolve_public_tenant($1) AS id', values: [tenantSlug] });
        tenantId = rows[0]?.id ?? null;
        tenants.set(tenantSlug, tenantId);
    }
    if (tenantId === null) return { body: null };
    const row = await inTenant(replica, tenantId, '', '', async (client) => (await client.query({
        name: 'public-content',
        text: `SELECT c.id, c.type, c.slug, c.locale, c.title, c.body, c.attributes::text AS attributes, c.version, c.updated_at
                 FROM tenants t
                 JOIN LATERAL (SELECT i.* FROM content_items i
                                WHERE i.tenant_id = t.id AND t.suspended_at IS NULL AND i.type = $2 AND i.slug = $3
                                  AND i.status = 'published' AND i.deleted_at IS NULL
                                  AND i.locale = COALESCE(t.settings->>'defaultLocale', 'en')
                                LIMIT 1) c ON true
                WHERE t.id = $1`,
        values: [tenantId, type, slug],
    })).rows[0]);
    if (!row) return { body: null };
    const body = publicItem(row);
    const etag = `"${createHash('sha256').update(body).digest().subarray(0, 16).toString('base64url')}"`;
    return { body, etag };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
app.get('/v1/content/:id', async (request, reply) => {
    const key = await authenticate(request);
    if (key === null) return problem(reply, 401, 'Unauthorized');
    if (!await admit(key)) return problem(reply, 429, 'Too many requests');
    if (!UUID.test(request.params.id)) return problem(reply, 404, 'Not found');
    const row = await inTenant(primary, key.tenantId, key.actor, request.id, async (client) => (await client.query({
        name: 'get-content',
        text: `SELECT ${COLUMNS} FROM content_items WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL`,
        values: [key.tenantId, request.params.id],
    })).rows[0]);
    if (!row) return problem(reply, 404, 'Not found');
    row.attributes = JSON.parse(row.attributes);
    return reply.header('etag', `"${row.version}"`).header('cache-control', 'private, no-cache')
        .type('application/json; charset=utf-8').send(item(row));
});

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
app.post('/v1/content', async (request, reply) => {
    const key = await authenticate(request);
    if (key === null) return problem(reply, 401, 'Unauthorized');
    if (!await admit(key)) return problem(reply, 429, 'Too many requests');
    const c = request.body ?? {};
    if (typeof c.type !== 'string' || typeof c.slug !== 'string' || !SLUG.test(c.slug) || typeof c.title !== 'string'
        || typeof c.body !== 'string') {
        return problem(reply, 400, 'Invalid');
    }
    const locale = c.locale ?? 'en';
    const status = c.status ?? 'draft';
    const attributes = JSON.stringify(c.attributes ?? {});
    const { row, lsn } = await inTenantWithPosition(key, request.id, async (client) => {
        // The schema check (SchemaLocks.SharedAsync + SchemaStore.LoadAsync): the type's versions, if any.
        await client.query({ name: 'schema-lock', text: "SELECT pg_advisory_xact_lock_shared(hashtextextended('content_type_schema/' || $1 || '/' || $2, 0))", values: [key.tenantId, c.type] });
        const schemas = await client.query({
            name: 'schema-versions',
            text: 'SELECT version FROM content_type_schemas WHERE tenant_id = $1 AND type = $2 ORDER BY version',
            values: [key.tenantId, c.type],
        });
        const schemaVersion = schemas.rows.at(-1)?.version ?? null;
        const inserted = (await client.query({
            name: 'insert-content',
            text: `INSERT INTO content_items (id, tenant_id, type, slug, locale, status, title, body, attributes, schema_version)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                   ON CONFLICT (tenant_id, type, slug, locale) WHERE deleted_at IS NULL DO NOTHING
                   RETURNING ${COLUMNS}`,
            values: [randomUUID(), key.tenantId, c.type, c.slug, locale, status, c.title, c.body, attributes, schemaVersion],
        })).rows[0];
        if (!inserted) return null;
        await client.query({
            name: 'insert-revision',
            text: `INSERT INTO content_revisions (id, tenant_id, content_id, version, status, title, body, attributes, actor, schema_version)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
            values: [randomUUID(), key.tenantId, inserted.id, inserted.version, inserted.status, inserted.title, inserted.body,
                inserted.attributes, key.actor, inserted.schema_version],
        });
        return inserted;
    });
    if (row === null) return problem(reply, 409, 'Conflict');
    // One round trip to Redis: drop the shared copy, tell the other instances to drop theirs.
    const page = `bench:peer:public:${key.tenantSlug}:${row.type}:${row.slug}`;
    pages.delete(page);
    await redis.pipeline().unlink(page).publish(CHANNEL, page).exec();
    row.attributes = JSON.parse(row.attributes);
    return reply.code(201).header('location', `/v1/content/${row.id}`).header('etag', `"${row.version}"`)
        .header('x-consistency-token', lsn).type('application/json; charset=utf-8').send(item(row));
});

// The write, then the position the caller's next read must see (a read-your-writes token), on the same connection.
async function inTenantWithPosition(key, requestId, work) {
    const client = await primary.connect();
    try {
        await client.query('BEGIN');
        await client.query({ name: 'set-tenant', text: SET_TENANT, values: [key.tenantId, key.actor, requestId] });
        const row = await work(client);
        await client.query('COMMIT');
        if (row === null) return { row: null };
        const { rows } = await client.query({ name: 'wal-position', text: 'SELECT pg_current_wal_lsn()::text AS lsn' });
        return { row, lsn: rows[0].lsn };
    } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
    } finally {
        client.release();
    }
}

app.setErrorHandler((error, request, reply) => {
    request.log.error(error);
    console.error(error);
    return problem(reply, error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500, 'Error');
});

await subscriber.subscribe(CHANNEL);
subscriber.on('message', (_, page) => pages.delete(page));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 3000) });
