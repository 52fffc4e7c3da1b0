-- Royalties (issue 19; REQ-23, REQ-50–52): the proposal an editor makes
-- on a published item, approved or returned with a reason by the board,
-- and its lines, one per author of each work (the article, each photo
-- credited separately).
--
-- pub_day is the item's first publication day in Viet Nam (YYYY-MM-DD):
-- it picks the schedule and the base salary (never today's) and places
-- the line in a period's statements and payment lists. schedule_code and
-- base_salary are the ones in force on that day, kept with the proposal;
-- due_day is pub_day + the schedule's payment days ('' when the schedule
-- sets none, as after Decree 18/2014).
CREATE TABLE royalty_proposals (
    id {{id}},
    site_id BIGINT NOT NULL REFERENCES sites(id),
    item_id BIGINT NOT NULL REFERENCES items(id),
    state TEXT NOT NULL CHECK (state IN ('proposed', 'approved', 'returned')),
    published_at TIMESTAMP NOT NULL,
    pub_day TEXT NOT NULL,
    schedule_code TEXT NOT NULL,
    base_salary BIGINT NOT NULL,
    due_day TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    proposed_by BIGINT REFERENCES users(id),
    proposed_by_name TEXT NOT NULL DEFAULT '',
    proposed_at TIMESTAMP NOT NULL,
    decided_by BIGINT REFERENCES users(id),
    decided_by_name TEXT NOT NULL DEFAULT '',
    decided_at TIMESTAMP
);
CREATE INDEX royalty_proposals_item ON royalty_proposals (item_id, id);
CREATE INDEX royalty_proposals_site ON royalty_proposals (site_id, state, pub_day);

-- A line: an author (an account, or an outside author with name, tax code
-- and bank details — shown to the accountant and the author only) and the
-- share of one work (work_no) in basis points (10000 = 100 %); the kind of
-- work, the coefficient in thousandths (7.5 = 7500) and the add-ons as
-- "slug=percent-thousandths" joined with ";". amount is computed and
-- stored at approval (whole đồng), NULL before; paid_at is set when the
-- site's list for the period is marked paid.
CREATE TABLE royalty_lines (
    id {{id}},
    proposal_id BIGINT NOT NULL REFERENCES royalty_proposals(id),
    site_id BIGINT NOT NULL REFERENCES sites(id),
    work_no INTEGER NOT NULL,
    user_id BIGINT REFERENCES users(id),
    author_name TEXT NOT NULL,
    tax_code TEXT NOT NULL DEFAULT '',
    bank_account TEXT NOT NULL DEFAULT '',
    bank_name TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    coefficient BIGINT NOT NULL CHECK (coefficient > 0),
    addons TEXT NOT NULL DEFAULT '',
    share_bp INTEGER NOT NULL CHECK (share_bp > 0 AND share_bp <= 10000),
    amount BIGINT,
    paid_at TIMESTAMP,
    paid_by_name TEXT NOT NULL DEFAULT ''
);
CREATE INDEX royalty_lines_proposal ON royalty_lines (proposal_id, work_no, id);
CREATE INDEX royalty_lines_user ON royalty_lines (user_id, proposal_id);
CREATE INDEX royalty_lines_site ON royalty_lines (site_id, proposal_id);
