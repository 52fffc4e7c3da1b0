-- The spokesperson's records (issue 18 point 3; Decree 244/2026 Art. 6,
-- 7 and 10; REQ-39..41): what the annual report to the Ministry counts.
-- Times are instants (UTC); the report's window is taken in Vietnam.

-- Press conferences (kind 'conference', at least one a quarter: REQ-39)
-- and the times information was given at press briefings (kind
-- 'briefing'), each by one of the site's spokespersons.
CREATE TABLE spokes_conferences (
    id {{id}},
    site_id BIGINT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    kind TEXT NOT NULL DEFAULT 'conference' CHECK (kind IN ('conference', 'briefing')),
    held_at TIMESTAMP NOT NULL,
    spokesperson_id BIGINT REFERENCES spokespersons(id) ON DELETE SET NULL,
    topics TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX spokes_conferences_site ON spokes_conferences (site_id, held_at, kind);

-- Unexpected events (REQ-40): the first statement is due 24 hours after
-- the agency received or handled the event. due_at is that deadline,
-- computed from the deadlines rule in force on the day received (NULL
-- when none applied then); stated_at the first statement, with its press
-- item when there is one.
CREATE TABLE spokes_events (
    id {{id}},
    site_id BIGINT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL,
    due_at TIMESTAMP,
    stated_at TIMESTAMP,
    statement_item_id BIGINT REFERENCES items(id) ON DELETE SET NULL,
    notes TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX spokes_events_site ON spokes_events (site_id, received_at);

-- Questions and requests for information from the press, answered or not.
CREATE TABLE spokes_questions (
    id {{id}},
    site_id BIGINT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    asked_at TIMESTAMP NOT NULL,
    outlet TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    answered_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX spokes_questions_site ON spokes_questions (site_id, asked_at);

-- Written requests to a press outlet to correct false information
-- (Decree 244/2026 Art. 7(6)), sent or only prepared.
CREATE TABLE spokes_corrections (
    id {{id}},
    site_id BIGINT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    dated_at TIMESTAMP NOT NULL,
    outlet TEXT NOT NULL,
    false_info TEXT NOT NULL,
    sent BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX spokes_corrections_site ON spokes_corrections (site_id, dated_at);

-- The quarterly press-conference reminders sent (REQ-39): one per site
-- and quarter ('2026-Q4'), across every node.
CREATE TABLE spokes_reminders (
    site_id BIGINT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    quarter TEXT NOT NULL,
    sent_at TIMESTAMP NOT NULL,
    PRIMARY KEY (site_id, quarter)
);
