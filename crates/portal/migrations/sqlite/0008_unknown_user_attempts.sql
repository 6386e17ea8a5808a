-- Passwords tried on user IDs no account has (issue [6] item 9): only when, not the ID, which
-- may be a password typed into the wrong field. Written so that refusing an unknown user ID
-- costs the same commit as refusing a known one, and for staff to see guessing in bulk.
CREATE TABLE unknown_user_attempts (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL
);
