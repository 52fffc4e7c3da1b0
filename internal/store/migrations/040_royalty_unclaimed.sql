-- Unclaimed royalties (issue 19; REQ-50: "after 3 unanswered notices the
-- amount moves to next year's fund"). The accountant records each notice
-- sent to the author of an approved, unpaid line; after the third, the
-- line may be closed as unclaimed: it leaves the period's payment list
-- and its amount is counted in the fund of the year after.
CREATE TABLE royalty_notices (
    id {{id}},
    line_id BIGINT NOT NULL REFERENCES royalty_lines(id),
    sent_at TIMESTAMP NOT NULL,
    sent_by_name TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX royalty_notices_line ON royalty_notices (line_id, id);

ALTER TABLE royalty_lines ADD COLUMN unclaimed_at TIMESTAMP;
ALTER TABLE royalty_lines ADD COLUMN unclaimed_by_name TEXT NOT NULL DEFAULT '';
