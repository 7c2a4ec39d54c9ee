-- Users. Emails are stored lowercased, so UNIQUE compares them without case.
-- created_at is UTC text of fixed width (2006-01-02T15:04:05.000Z): it sorts as it reads.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT    NOT NULL CONSTRAINT users_email_key UNIQUE CHECK (email = lower(email)),
    name          TEXT    NOT NULL,
    age           INTEGER NOT NULL,
    tags          TEXT    NOT NULL DEFAULT '[]',
    bio           TEXT,
    password_hash BLOB    NOT NULL,
    created_at    TEXT    NOT NULL
);

CREATE INDEX users_created_at ON users (created_at, id);
CREATE INDEX users_name ON users (name, id);
CREATE INDEX users_age ON users (age);
