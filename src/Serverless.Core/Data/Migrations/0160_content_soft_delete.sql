-- DELETE /v1/content/{id} is a soft delete: the row and its history stay (the audit log and the
-- revisions say who deleted it and when), and every tenant and public read leaves it out. The natural
-- key becomes unique among live items only, so a deleted item's slug can be taken again; readers that
-- look an item up by its natural key must say "deleted_at IS NULL" to use this index.
ALTER TABLE content_items ADD COLUMN deleted_at timestamptz;
ALTER TABLE content_items DROP CONSTRAINT content_items_natural_key;
CREATE UNIQUE INDEX content_items_natural_key ON content_items (tenant_id, type, slug, locale) WHERE deleted_at IS NULL;
