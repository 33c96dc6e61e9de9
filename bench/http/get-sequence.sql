-- pgbench script of bench/http/run.sh: the statements the API sends for an uncached GET /v1/content/{id}
-- once the API key is cached, in order: Npgsql's pool reset, the tenant transaction (TenantSession.BeginAsync),
-- the read (ContentStore.GetAsync), the commit. Keep it in step with those two when they change.
-- pgbench sends each statement as its own round trip; Npgsql sends the first three in one.
-- Variables (pgbench -D): tenant, actor, item.
DISCARD ALL;
BEGIN TRANSACTION ISOLATION LEVEL READ COMMITTED;
SELECT set_config('app.tenant_id', :tenant, true), set_config('app.actor', :actor, true), set_config('app.request_id', 'bench', true), current_setting('transaction_read_only') = 'on';
SELECT id, type, slug, locale, status, title, body, attributes, version, created_at, updated_at, schema_version FROM content_items WHERE tenant_id = :tenant AND id = :item AND deleted_at IS NULL;
COMMIT;
