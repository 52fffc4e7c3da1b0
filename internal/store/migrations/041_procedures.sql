-- The administrative procedures catalogue (thủ tục hành chính; issue 20,
-- point 1; REQ-24, 25, 27). A site publishes the procedures its agency
-- handles, each under its national code from the National Database of
-- Administrative Procedures, with the fields a procedure page must show
-- and a deep link to the service on the National Public Service Portal:
-- the portal runs no application forms of its own. Imports and manual
-- edits are keyed on (site, national code), so importing again updates.
-- The dossier components and the forms are small lists kept as JSON text.
CREATE TABLE procedures (
    id {{id}},
    site_id BIGINT NOT NULL REFERENCES sites(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    field TEXT NOT NULL,
    level TEXT NOT NULL,
    agency TEXT NOT NULL,
    service_level TEXT NOT NULL,
    partial_reason TEXT NOT NULL DEFAULT '',
    partial_basis TEXT NOT NULL DEFAULT '',
    proactive INTEGER NOT NULL DEFAULT 0,
    steps TEXT NOT NULL DEFAULT '',
    methods TEXT NOT NULL DEFAULT '',
    dossier TEXT NOT NULL DEFAULT '[]',
    time_limit TEXT NOT NULL DEFAULT '',
    subjects TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL DEFAULT '',
    fees TEXT NOT NULL DEFAULT '',
    requirements TEXT NOT NULL DEFAULT '',
    forms TEXT NOT NULL DEFAULT '[]',
    legal_basis TEXT NOT NULL DEFAULT '',
    decision TEXT NOT NULL DEFAULT '',
    service_url TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by_name TEXT NOT NULL DEFAULT '',
    removed_at TIMESTAMP
);
CREATE UNIQUE INDEX procedures_site_code ON procedures (site_id, code);

-- What each service handled in a year, imported from the provincial
-- system's report (REQ-27): dossiers received online, received in all
-- (online and at the counter), resolved, and resolved on time.
CREATE TABLE procedure_stats (
    procedure_id BIGINT NOT NULL REFERENCES procedures(id),
    year INTEGER NOT NULL,
    received_online INTEGER NOT NULL DEFAULT 0,
    received_total INTEGER NOT NULL DEFAULT 0,
    resolved INTEGER NOT NULL DEFAULT 0,
    resolved_on_time INTEGER NOT NULL DEFAULT 0,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (procedure_id, year)
);
