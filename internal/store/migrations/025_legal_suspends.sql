-- A document may suspend another (đình chỉ việc thi hành; the gazette's
-- relations, issue 16): the relation kinds allow 'suspends'. PostgreSQL
-- changes the check in place; SQLite cannot alter a check, so the table
-- is made again with its rows and its index.
{{postgres}}ALTER TABLE legal_relations DROP CONSTRAINT legal_relations_kind_check;
{{postgres}}ALTER TABLE legal_relations ADD CONSTRAINT legal_relations_kind_check
    CHECK (kind IN ('amends', 'supplements', 'replaces', 'repeals', 'guides', 'suspends'));
{{sqlite}}CREATE TABLE legal_relations_new (
    from_item BIGINT NOT NULL REFERENCES items(id),
    to_item BIGINT NOT NULL REFERENCES items(id),
    kind TEXT NOT NULL CHECK (kind IN ('amends', 'supplements', 'replaces', 'repeals', 'guides', 'suspends')),
    partial BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (from_item, to_item, kind)
);
{{sqlite}}INSERT INTO legal_relations_new (from_item, to_item, kind, partial) SELECT from_item, to_item, kind, partial FROM legal_relations;
{{sqlite}}DROP TABLE legal_relations;
{{sqlite}}ALTER TABLE legal_relations_new RENAME TO legal_relations;
{{sqlite}}CREATE INDEX legal_relations_to ON legal_relations (to_item, kind)
