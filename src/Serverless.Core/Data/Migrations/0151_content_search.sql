-- GET /v1/content?q=: full-text search over an item's title and body. The 'simple' configuration (no
-- stemming, no stop words) because one tenant writes in many locales; the expression is the one
-- ContentStore filters on, so the planner can use this index (the tenant filter and RLS apply on top).
CREATE INDEX content_items_search ON content_items USING gin (to_tsvector('simple', title || ' ' || body));
