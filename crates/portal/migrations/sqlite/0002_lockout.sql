-- Consecutive failed attempts (a wrong password or a wrong code) since the last full login;
-- at the configured threshold the account is locked until an administrator unlocks it.
ALTER TABLE members ADD COLUMN failed_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN locked_at INTEGER;
ALTER TABLE members ADD COLUMN last_login_at INTEGER;
