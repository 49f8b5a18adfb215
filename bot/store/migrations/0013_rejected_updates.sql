-- Updates from an authenticated sender (right webhook secret or signature) that could not be
-- read: answered 200 so that the platform does not send them again and again, and recorded
-- here with the reason. `shape` is the update's structure with every string and number
-- replaced by its type and length (`{"update_id":"<int>","message":{"text":"<str 12>"}}`), so
-- nothing a person typed is kept.
CREATE TABLE rejected_updates (
    id          INTEGER PRIMARY KEY,
    channel     TEXT NOT NULL,
    reason      TEXT NOT NULL,
    shape       TEXT NOT NULL,
    size        INTEGER NOT NULL,
    received_at TEXT NOT NULL
);
