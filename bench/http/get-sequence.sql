-- pgbench script of bench/http/run.sh: the statements the API sends for an uncached GET /v1/content/{id}
-- once the API key is cached: TenantSession.OnceAsync's batch, the tenant prelude and ContentStore.GetAsync's
-- SELECT in one round trip, which PostgreSQL runs as one implicit transaction (no pool reset: the pool is
-- No Reset On Close). pgbench's pipeline sends them the same way: both, then one Sync. Keep it in step with
-- those two when they change (bench/http/run.sh's trace shows what the API really sends).
-- Variables (pgbench -D): tenant, actor, item.
\startpipeline
SELECT set_config('app.tenant_id', :tenant, true), set_config('app.actor', :actor, true), set_config('app.request_id', 'bench', true), current_setting('transaction_read_only') = 'on';
SELECT id, type, slug, locale, status, title, body, attributes, version, created_at, updated_at, schema_version FROM content_items WHERE tenant_id = :tenant AND id = :item AND deleted_at IS NULL;
\endpipeline
