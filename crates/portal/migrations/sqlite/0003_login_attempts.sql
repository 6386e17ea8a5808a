-- Every login attempt on an existing account, for the staff's `admin audit`. For refused codes,
-- the step offset the code belongs to (searched wider than the accepted window) tells how far
-- the member's clock is off.
CREATE TABLE login_attempts (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    at          INTEGER NOT NULL,
    step        TEXT    NOT NULL CHECK (step IN ('password', 'otp')),
    result      TEXT    NOT NULL,
    step_offset INTEGER
);
CREATE INDEX login_attempts_member ON login_attempts(member_id, at);
