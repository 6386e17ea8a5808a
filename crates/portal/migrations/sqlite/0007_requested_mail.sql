-- Mail a visitor can make the portal send (confirmation codes, reset codes, user ID reminders),
-- counted per address (its SHA-256), per kind and per account, for the cooldown and daily cap
-- (issue [6] item 7). Rows older than a day are deleted as new ones come.
CREATE TABLE requested_mail (
    id           INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL,
    address_hash BLOB    NOT NULL,
    -- 'email-code', 'user-id' or 'reset-code'.
    kind         TEXT    NOT NULL,
    member_id    INTEGER
);
CREATE INDEX requested_mail_address ON requested_mail(address_hash, at);
CREATE INDEX requested_mail_member ON requested_mail(member_id, at);
