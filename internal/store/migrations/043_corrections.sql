-- Public corrections (đính chính, issue 20 point 5; REQ-21, Law
-- 104/2016 Art. 22): when a published item was inaccurate and a new
-- revision corrects it, the board marks the correction public. The
-- notice names the revision the public saw before and the one that
-- corrects it; the item page shows the notice with the date and links
-- to what changed, and the site lists its corrections. The site is the
-- item's (a merge moves items, and their corrections with them).
CREATE TABLE corrections (
    id {{id}},
    item_id BIGINT NOT NULL REFERENCES items(id),
    before_rev BIGINT NOT NULL REFERENCES revisions(id),
    after_rev BIGINT NOT NULL REFERENCES revisions(id),
    note TEXT NOT NULL,
    published_at TIMESTAMP NOT NULL,
    published_by BIGINT,
    published_by_name TEXT NOT NULL DEFAULT ''
);
CREATE INDEX corrections_item ON corrections (item_id, id);
CREATE INDEX corrections_published ON corrections (published_at, id);

-- A reader's error report may leave a mail address for the answer
-- (REQ-21: a claim of inaccuracy is answered within 15 days). The
-- address serves that one reply: it is erased when the reply is queued.
ALTER TABLE error_reports ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE error_reports ADD COLUMN replied_at TIMESTAMP;
