-- Spokespersons under Decree 244/2026 (REQ-36..38).
--
-- kind: 'regular' (người phát ngôn) or 'delegated' (người được ủy quyền
-- phát ngôn: in writing, for one case, for a limited time, and never
-- delegated further — REQ-37), with who delegated it and the case.
-- decided_at: when the decision was signed; the name and contacts must be
-- on the portal within 24 hours of it (the rule "deadline.nguoi-phat-ngon").
-- published_at: when the entry was shown to the public; NULL while it
-- waits, which is what the 24-hour alert watches. Entries made before
-- this migration were public as soon as they were saved.
ALTER TABLE spokespersons ADD COLUMN kind TEXT NOT NULL DEFAULT 'regular';
ALTER TABLE spokespersons ADD COLUMN delegated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE spokespersons ADD COLUMN delegated_case TEXT NOT NULL DEFAULT '';
ALTER TABLE spokespersons ADD COLUMN decided_at TIMESTAMP;
ALTER TABLE spokespersons ADD COLUMN published_at TIMESTAMP;
UPDATE spokespersons SET published_at = created_at;

-- Statements (REQ-38): a press item ("press" kind: phát ngôn, thông cáo
-- báo chí) made by a spokesperson. The item keeps its own workflow; this
-- only says who spoke.
CREATE TABLE spokesperson_statements (
    item_id BIGINT PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    spokesperson_id BIGINT NOT NULL REFERENCES spokespersons(id) ON DELETE CASCADE,
    site_id BIGINT NOT NULL REFERENCES sites(id) ON DELETE CASCADE
);
CREATE INDEX spokesperson_statements_by ON spokesperson_statements (spokesperson_id);
