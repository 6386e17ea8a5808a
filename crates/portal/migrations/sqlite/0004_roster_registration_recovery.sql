-- The society's roster: every insured person (被保険者) and dependant (被扶養者), by 記号・番号・枝番.
-- 記号, 番号 and 枝番 are zero-padded strings, never numbers. A household is one 記号・番号.
CREATE TABLE roster (
    id          INTEGER PRIMARY KEY,
    kigo        TEXT    NOT NULL,
    bango       TEXT    NOT NULL,
    edaban      TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    kana        TEXT    NOT NULL,
    -- 西暦 YYYYMMDD, as the guide asks members to type it [2-3].
    birth_date  TEXT    NOT NULL,
    relation    TEXT    NOT NULL CHECK (relation IN ('insured', 'dependant')),
    -- 任意継続被保険者: kept their insurance after leaving the company.
    voluntary   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (kigo, bango, edaban)
);

-- The insured person this account belongs to (NULL only for accounts made before the roster).
ALTER TABLE members ADD COLUMN roster_id INTEGER REFERENCES roster(id);
-- The confirmed email address recovery mail goes to [2-7, FAQ Q1, Q2].
ALTER TABLE members ADD COLUMN email TEXT;
-- The first-registration step due next [2-3 … 2-8]; 'complete' once registered.
ALTER TABLE members ADD COLUMN registration TEXT NOT NULL DEFAULT 'complete';
-- Which terms of use the member agreed to, and when [2-4].
ALTER TABLE members ADD COLUMN terms_version TEXT;
ALTER TABLE members ADD COLUMN terms_agreed_at INTEGER;
-- The address waiting for its confirmation code, and that code's SHA-256 and expiry.
ALTER TABLE members ADD COLUMN pending_email TEXT;
ALTER TABLE members ADD COLUMN email_code_hash BLOB;
ALTER TABLE members ADD COLUMN email_code_expires_at INTEGER;
-- The secret offered at enrollment [3-2], kept until a code from it is submitted.
ALTER TABLE members ADD COLUMN pending_totp_secret TEXT;
CREATE UNIQUE INDEX members_roster ON members(roster_id);

-- Password-reset codes [FAQ Q2]: single use, 10 minutes; only their SHA-256 is kept.
CREATE TABLE password_resets (
    member_id   INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    code_hash   BLOB    NOT NULL,
    expires_at  INTEGER NOT NULL,
    used        INTEGER NOT NULL DEFAULT 0
);

-- Sessions gain the stages before a full login. Sessions are short-lived, so the table is
-- recreated rather than copied: an upgrade logs everyone out once.
DROP TABLE sessions;
CREATE TABLE sessions (
    token_hash  BLOB    PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    -- 'password': the code is due; 'registration': first registration under way;
    -- 'enrollment': the authenticator is to be linked; 'full': logged in.
    stage       TEXT    NOT NULL CHECK (stage IN ('password', 'registration', 'enrollment', 'full')),
    created_at  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL
);
CREATE INDEX sessions_member ON sessions(member_id);

-- Login history covers the steps before a full login too.
CREATE TABLE login_attempts_new (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    at          INTEGER NOT NULL,
    step        TEXT    NOT NULL,
    result      TEXT    NOT NULL,
    step_offset INTEGER
);
INSERT INTO login_attempts_new SELECT id, member_id, at, step, result, step_offset FROM login_attempts;
DROP TABLE login_attempts;
ALTER TABLE login_attempts_new RENAME TO login_attempts;
CREATE INDEX login_attempts_member ON login_attempts(member_id, at);
