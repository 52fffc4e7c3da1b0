-- The provincial electronic gazette (issue 16; Law 64/2025, REQ-33..35):
-- signed documents received by the gazette office, numbered issues, and a
-- publication log in which every entry holds the hash of the one before
-- it, so that a changed file or record shows.

-- Files (the documents' signed PDFs and the compiled issues) are kept by
-- their SHA-256, in the database, so a document, its file and its log
-- entry are stored in one transaction or not at all, and a backup holds
-- them like any other row.
CREATE TABLE gazette_files (
    sha256 TEXT PRIMARY KEY,
    size BIGINT NOT NULL,
    pages INTEGER NOT NULL,
    data TEXT NOT NULL,                       -- base64
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE gazette_issues (
    id {{id}},
    site_id BIGINT NOT NULL REFERENCES sites(id),
    year INTEGER NOT NULL,
    num_from INTEGER NOT NULL,                -- an issue may take several numbers: "Số 01 + 02/2026"
    num_to INTEGER NOT NULL,
    label TEXT NOT NULL,                      -- as the province's format writes it
    slug TEXT NOT NULL,
    issue_date TEXT NOT NULL,                 -- YYYY-MM-DD
    state TEXT NOT NULL,                      -- draft | published
    pdf_sha256 TEXT REFERENCES gazette_files(sha256),
    pages INTEGER NOT NULL DEFAULT 0,
    published_at TIMESTAMP,
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX gazette_issues_slug ON gazette_issues (site_id, slug);
CREATE INDEX gazette_issues_year ON gazette_issues (site_id, state, year, num_from);

CREATE TABLE gazette_docs (
    id {{id}},
    site_id BIGINT NOT NULL REFERENCES sites(id),
    number TEXT NOT NULL,                     -- số ký hiệu as the canonical form writes it
    number_key TEXT NOT NULL,                 -- for look-ups in any typing
    doc_type TEXT NOT NULL,
    issuer TEXT NOT NULL,
    signer TEXT NOT NULL,
    field TEXT NOT NULL DEFAULT '',
    signed_on TEXT NOT NULL,                  -- YYYY-MM-DD
    effective_on TEXT NOT NULL DEFAULT '',
    abstract TEXT NOT NULL,                   -- trích yếu
    pdf_sha256 TEXT NOT NULL REFERENCES gazette_files(sha256),
    sig_status TEXT NOT NULL,                 -- verified | unsigned | altered
    sig_signer TEXT NOT NULL DEFAULT '',
    sig_issuer TEXT NOT NULL DEFAULT '',
    sig_time TIMESTAMP,
    sig_problem TEXT NOT NULL DEFAULT '',
    override_reason TEXT NOT NULL DEFAULT '', -- publishing a document whose signature is not verified
    due_on TEXT NOT NULL,                     -- the last day to post it (signed_on + the rule)
    rule_code TEXT NOT NULL,
    state TEXT NOT NULL,                      -- received | published | withdrawn
    issue_id BIGINT REFERENCES gazette_issues(id),
    position INTEGER NOT NULL DEFAULT 0,      -- order in the issue
    page_start INTEGER NOT NULL DEFAULT 0,    -- first page in the issue's PDF
    corrects_id BIGINT REFERENCES gazette_docs(id), -- a correction (đính chính) of that document
    item_id BIGINT REFERENCES items(id),      -- its legal document (/van-ban)
    received_at TIMESTAMP NOT NULL,
    published_at TIMESTAMP,
    late_days INTEGER NOT NULL DEFAULT 0,     -- posted this many days after due_on (kept)
    withdrawn_reason TEXT NOT NULL DEFAULT '',
    withdrawn_at TIMESTAMP,
    folded TEXT NOT NULL DEFAULT '',          -- number, abstract, issuer without diacritics
    created_by BIGINT REFERENCES users(id)
);
CREATE INDEX gazette_docs_state ON gazette_docs (site_id, state, due_on);
CREATE INDEX gazette_docs_issue ON gazette_docs (issue_id, position);
CREATE INDEX gazette_docs_number ON gazette_docs (site_id, number_key);
CREATE INDEX gazette_docs_item ON gazette_docs (item_id);

-- How a document acts on earlier ones (the legal-documents relations).
CREATE TABLE gazette_relations (
    doc_id BIGINT NOT NULL REFERENCES gazette_docs(id),
    kind TEXT NOT NULL,
    target_number TEXT NOT NULL,
    partial BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (doc_id, kind, target_number)
);

-- The publication log. hash = SHA-256 of prev_hash, at, kind, ref,
-- file_sha256 and record (see gazette/log.go); the first entry's
-- prev_hash is 64 zeros. Rows are only ever appended.
CREATE TABLE gazette_log (
    id {{id}},
    at TIMESTAMP NOT NULL,
    kind TEXT NOT NULL,                       -- doc.publish | issue.publish | doc.withdraw | doc.correct
    ref TEXT NOT NULL,                        -- what the entry is about: "van-ban/12", "so/2026-01"
    file_sha256 TEXT NOT NULL DEFAULT '',
    record TEXT NOT NULL,                     -- the record as published, canonical JSON
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
)
;

-- The province's way of numbering issues (REQ-35 leaves it open): a
-- pattern with {so} for the number(s) and {nam} for the year.
CREATE TABLE gazette_settings (
    site_id BIGINT PRIMARY KEY REFERENCES sites(id),
    number_format TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
)
