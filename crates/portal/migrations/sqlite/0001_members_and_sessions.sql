CREATE TABLE members (
    id             INTEGER PRIMARY KEY,
    user_id        TEXT    NOT NULL UNIQUE,
    name           TEXT    NOT NULL,
    password_hash  TEXT    NOT NULL,
    -- Base32 TOTP secret; NULL until the member has enrolled an authenticator.
    totp_secret    TEXT,
    -- The newest time step a code was accepted for: no code of this step or older is accepted
    -- again (RFC 6238 section 5.2).
    totp_last_step INTEGER,
    -- Seeded by demo mode; only these secrets are ever served by the demo endpoint.
    demo           INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL
);

CREATE TABLE sessions (
    -- SHA-256 of the cookie token: a copy of the database does not give away live sessions.
    token_hash  BLOB    PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    -- 'password': the password step passed, the code is still due; 'full': logged in.
    stage       TEXT    NOT NULL CHECK (stage IN ('password', 'full')),
    created_at  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL
);
CREATE INDEX sessions_member ON sessions(member_id);
