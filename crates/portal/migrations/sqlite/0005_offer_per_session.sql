-- The secret offered for linking belongs to the session it was shown to (issue [6] item 3):
-- another session of the same member can neither confirm it nor replace it.
ALTER TABLE sessions ADD COLUMN offered_totp_secret TEXT;
ALTER TABLE members DROP COLUMN pending_totp_secret;
