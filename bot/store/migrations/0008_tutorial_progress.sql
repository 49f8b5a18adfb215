-- Where each person is in the tutorial, as columns (issue 11): segments and reminders read
-- these instead of reaching into people.state by field name. Kept by the store from the
-- tutorial's own events (tutorial_start, tutorial_step, tutorial_done; bot/store/db.py).
CREATE TABLE tutorial_progress (
    channel TEXT NOT NULL,
    user_id TEXT NOT NULL,
    step INTEGER NOT NULL,          -- the step the person is at (0-based)
    done INTEGER NOT NULL DEFAULT 0,
    at TEXT NOT NULL,               -- the last tutorial activity
    PRIMARY KEY (channel, user_id)
);
-- "Stopped in the tutorial N days ago": people not done, by their last tutorial activity.
CREATE INDEX tutorial_progress_waiting ON tutorial_progress (done, at);

-- The people who started before this migration, from their saved state (one time only).
INSERT INTO tutorial_progress (channel, user_id, step, done, at)
SELECT channel, user_id, json_extract(state, '$.tutorial_index'),
       coalesce(json_extract(state, '$.tutorial_done'), 0), last_seen
FROM people WHERE json_extract(state, '$.tutorial_index') IS NOT NULL;
