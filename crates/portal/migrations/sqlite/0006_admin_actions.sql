-- What the society's staff did with `kenpo-portal admin`, and who (issue [6] item 9). The user ID
-- is kept as text, so the record outlives a change to the member.
CREATE TABLE admin_actions (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    staff   TEXT    NOT NULL,
    action  TEXT    NOT NULL,
    user_id TEXT
);
CREATE INDEX admin_actions_user ON admin_actions(user_id);
