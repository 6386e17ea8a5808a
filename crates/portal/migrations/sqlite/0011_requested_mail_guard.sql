-- One row every claim of requested mail updates first, in the claim's transaction: on
-- PostgreSQL its row lock makes concurrent claims take turns (READ COMMITTED would otherwise let
-- two pass the cooldown's NOT EXISTS together); on SQLite the write lock already does.
CREATE TABLE requested_mail_guard (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    claims INTEGER NOT NULL
);
INSERT INTO requested_mail_guard (id, claims) VALUES (1, 0);
