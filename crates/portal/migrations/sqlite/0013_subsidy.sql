-- インフルエンザ予防接種補助申請: one application per person, season and dose; its receipts
-- (stored as the portal re-encoded them: pixels only, or a checked PDF); and every step of its
-- history (sent, decided, sent back, sent again).

CREATE TABLE subsidy_applications (
    id            INTEGER PRIMARY KEY,
    -- The season's first day of vaccination, YYYYMMDD: which season the application is of.
    season        TEXT    NOT NULL,
    -- Who sent it, and the person vaccinated (of the sender's household).
    member_id     INTEGER NOT NULL REFERENCES members(id),
    roster_id     INTEGER NOT NULL REFERENCES roster(id),
    dose          INTEGER NOT NULL CHECK (dose IN (1, 2)),
    vaccinated_on TEXT    NOT NULL,
    -- What the member paid, the municipality's grant, and what the society pays, in yen.
    paid          INTEGER NOT NULL,
    city_grant    INTEGER NOT NULL,
    payout        INTEGER NOT NULL,
    facility      TEXT    NOT NULL,
    phone         TEXT    NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('received', 'reviewing', 'approved', 'rejected', 'returned')),
    -- The reason of the latest 却下 or 差戻し.
    reason        TEXT,
    -- The latest set of receipts (each resubmission that brings receipts starts a new one).
    receipts_version INTEGER NOT NULL,
    submitted_at  INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    -- When it was approved: what the payroll export goes by.
    approved_at   INTEGER,
    -- One application per person, season and dose, whatever became of it: the race guard too.
    UNIQUE (season, roster_id, dose)
);
CREATE INDEX subsidy_applications_status ON subsidy_applications(status, submitted_at);

CREATE TABLE subsidy_receipts (
    application_id INTEGER NOT NULL REFERENCES subsidy_applications(id),
    version        INTEGER NOT NULL,
    n              INTEGER NOT NULL,
    media_type     TEXT    NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'application/pdf')),
    bytes          BLOB    NOT NULL,
    PRIMARY KEY (application_id, version, n)
);

CREATE TABLE subsidy_history (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES subsidy_applications(id),
    at             INTEGER NOT NULL,
    status         TEXT    NOT NULL,
    -- 'member', or the staff member's login name.
    actor          TEXT    NOT NULL,
    reason         TEXT,
    -- The form as the member sent it (JSON), on the member's steps.
    form           TEXT
);
CREATE INDEX subsidy_history_application ON subsidy_history(application_id, id);
