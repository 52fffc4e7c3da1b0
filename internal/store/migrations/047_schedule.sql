-- The leaders' weekly working schedule (lịch công tác của lãnh đạo;
-- issue 20, point 3; REQ-11, REQ-13). A site's editors enter the entries
-- of a week; the board head or deputy publishes the week as a whole, and
-- only then are its entries public. A published week can still change:
-- every change (an entry added, changed or cancelled) is kept in
-- schedule_changes and shown to the public with its time.
--
-- Days are YYYY-MM-DD and times HH:MM, in Viet Nam's time, as the
-- schedule states them; a week is named by its Monday (week_start).
CREATE TABLE schedule_weeks (
    id {{id}},
    site_id BIGINT NOT NULL REFERENCES sites(id),
    week_start TEXT NOT NULL,
    published_at TIMESTAMP,
    published_by_name TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    UNIQUE (site_id, week_start)
);

CREATE TABLE schedule_entries (
    id {{id}},
    site_id BIGINT NOT NULL REFERENCES sites(id),
    week_start TEXT NOT NULL,
    day TEXT NOT NULL,
    start_time TEXT NOT NULL,
    end_time TEXT NOT NULL DEFAULT '',
    person_id BIGINT REFERENCES directory_people(id) ON DELETE SET NULL,
    leader_name TEXT NOT NULL,
    leader_title TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    chair TEXT NOT NULL DEFAULT '',
    participants TEXT NOT NULL DEFAULT '',
    preparing_unit TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    recurring BOOLEAN NOT NULL DEFAULT FALSE,
    copied_from BIGINT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by_name TEXT NOT NULL DEFAULT '',
    -- changed_at: the last change made after the week was published.
    changed_at TIMESTAMP,
    -- cancelled_at: an entry of a published week taken off the
    -- schedule; it stays, marked cancelled, for the public to see.
    cancelled_at TIMESTAMP
);
CREATE INDEX schedule_entries_week ON schedule_entries (site_id, week_start, day, start_time);

-- The changes made to published weeks, newest last: what the public page
-- and the feed of changes show.
CREATE TABLE schedule_changes (
    id {{id}},
    site_id BIGINT NOT NULL REFERENCES sites(id),
    week_start TEXT NOT NULL,
    entry_id BIGINT NOT NULL REFERENCES schedule_entries(id),
    kind TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    changed_at TIMESTAMP NOT NULL,
    by_name TEXT NOT NULL DEFAULT ''
);
CREATE INDEX schedule_changes_week ON schedule_changes (site_id, week_start, changed_at);
