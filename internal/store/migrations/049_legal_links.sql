-- A legal document's original file (the signed text, tệp đính kèm, from
-- the site's library or elsewhere) and its page in the National Legal
-- Documents Database (issue 20, point 4; REQ-13, REQ-14). Empty when not
-- given.
ALTER TABLE legal_docs ADD COLUMN original_url TEXT NOT NULL DEFAULT '';
ALTER TABLE legal_docs ADD COLUMN national_url TEXT NOT NULL DEFAULT '';
