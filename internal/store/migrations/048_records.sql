-- Typed records (issue 20 point 3; REQ-11, REQ-13): the fields of their
-- own that items of the typed kinds carry beside their text, one table
-- per record type keyed by the item, as legal_docs is (internal/records).
-- Days are YYYY-MM-DD ('' when not given); money is whole đồng; a period
-- is YYYY, YYYY-Qn or YYYY-MM.

-- Investment and public procurement projects (items of kind project).
CREATE TABLE record_projects (
    item_id BIGINT PRIMARY KEY REFERENCES items(id),
    code TEXT NOT NULL DEFAULT '',
    objective TEXT NOT NULL DEFAULT '',
    field TEXT NOT NULL DEFAULT '',
    project_type TEXT NOT NULL,
    location TEXT NOT NULL DEFAULT '',
    start_on TEXT NOT NULL DEFAULT '',
    end_on TEXT NOT NULL DEFAULT '',
    budget BIGINT NOT NULL DEFAULT 0,
    funding TEXT NOT NULL DEFAULT '',
    donor TEXT NOT NULL DEFAULT '',
    investor TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    contractor TEXT NOT NULL DEFAULT '',
    contract_value BIGINT NOT NULL DEFAULT 0,
    results TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL,
    updated_by_name TEXT NOT NULL DEFAULT ''
);
CREATE INDEX record_projects_status ON record_projects (status, field);

-- Budget and financial reports (items of kind statistics): the period,
-- the type of report and the files of the site's media library.
CREATE TABLE record_budgets (
    item_id BIGINT PRIMARY KEY REFERENCES items(id),
    period TEXT NOT NULL,
    report_type TEXT NOT NULL,
    files TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL,
    updated_by_name TEXT NOT NULL DEFAULT ''
);
CREATE INDEX record_budgets_period ON record_budgets (period);

-- Statistics (items of kind statistics): the period, the indicator, its
-- table as CSV text, the unit, the methodology and the source.
CREATE TABLE record_statistics (
    item_id BIGINT PRIMARY KEY REFERENCES items(id),
    period TEXT NOT NULL,
    indicator TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    data_csv TEXT NOT NULL,
    methodology TEXT NOT NULL DEFAULT '',
    data_source TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL,
    updated_by_name TEXT NOT NULL DEFAULT ''
);
CREATE INDEX record_statistics_period ON record_statistics (period);

-- Science and technology programmes and tasks (items of kind plan).
CREATE TABLE record_sciences (
    item_id BIGINT PRIMARY KEY REFERENCES items(id),
    code TEXT NOT NULL DEFAULT '',
    level TEXT NOT NULL,
    field TEXT NOT NULL DEFAULT '',
    host TEXT NOT NULL DEFAULT '',
    leader TEXT NOT NULL DEFAULT '',
    start_on TEXT NOT NULL DEFAULT '',
    end_on TEXT NOT NULL DEFAULT '',
    budget BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    results TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL,
    updated_by_name TEXT NOT NULL DEFAULT ''
);

-- Strategies, master plans, plans, programmes and schemes (kind plan).
CREATE TABLE record_plans (
    item_id BIGINT PRIMARY KEY REFERENCES items(id),
    plan_type TEXT NOT NULL,
    from_year INTEGER NOT NULL,
    to_year INTEGER NOT NULL,
    decision_number TEXT NOT NULL DEFAULT '',
    decision_on TEXT NOT NULL DEFAULT '',
    results TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL,
    updated_by_name TEXT NOT NULL DEFAULT ''
);
CREATE INDEX record_plans_type ON record_plans (plan_type, from_year);
