-- The text of a gazette document, when the office gives it (copied from
-- the signed document's source): searched by its words, and the body of
-- the document's legal document with every Điều addressable. The signed
-- PDF stays the document of record.
ALTER TABLE gazette_docs ADD COLUMN body_text TEXT NOT NULL DEFAULT ''
