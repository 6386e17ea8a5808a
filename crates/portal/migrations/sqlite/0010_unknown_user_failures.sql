-- A refusal for a user ID no account has does the work a known account's refusal does: one
-- transaction that raises a counter (here, one row for all unknown IDs) and writes a line, so
-- its time does not tell either (a single insert was about 90 µs quicker, enough for a
-- two-sample test to tell them apart in 40 tries; issue [6] item 9).
CREATE TABLE unknown_user_failures (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    failed_attempts INTEGER NOT NULL
);
INSERT INTO unknown_user_failures (id, failed_attempts) VALUES (1, 0);
