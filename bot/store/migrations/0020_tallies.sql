-- Statistics that do not scan history (issue 14): /statistik, the exports' overview sheets and
-- the tutors' figures read these small tables (a few hundred rows at any size) instead of
-- grouping every event, completion and person on each call.
--
-- Kept by triggers, in the same transaction as the write that changes them, whichever
-- statement makes it (the flows, the web dashboard, the command line, /hapus_data): a
-- repository method that forgot a counter would be a wrong figure nobody notices.
-- `tutor-sensus stats --recount` rebuilds everything from the raw rows (the statements
-- between "recount: begin" and "recount: end" below, which this migration also runs once)
-- and says whether the counters agreed. PostgreSQL: 0020_tallies.postgres.sql, the same
-- tables kept by trigger functions.
--
-- Two levels. `report_people` holds each resident's facts (one row per person who did
-- something the funnel counts or was referred): started, the furthest step, finished the
-- tutorial, reported their own completion, the kecamatan (their last choice in the
-- tutorial, else their profile's), who referred them. Its triggers move the person between
-- the buckets of the tallies when a fact changes (minus the old bucket, plus the new one), so
-- a person is counted once whatever order things happen in. The other tallies count rows of
-- completions, vouchers, visit requests, people and opt-outs directly.
--
-- Rows whose counts went back to 0 stay (harmless; the readers sum).

CREATE TABLE report_people (
    channel           TEXT NOT NULL,
    user_id           TEXT NOT NULL,
    started           INTEGER NOT NULL DEFAULT 0,   -- a 'tutorial_start' event
    top_step          INTEGER NOT NULL DEFAULT -1,  -- the highest 'tutorial_step' index (-1: none)
    done              INTEGER NOT NULL DEFAULT 0,   -- a 'tutorial_done' event
    completed         INTEGER NOT NULL DEFAULT 0,   -- an own (not assisted) completion
    event_kecamatan   TEXT,                         -- the last 'kecamatan' event
    profile_kecamatan TEXT,                         -- people.kecamatan
    tutor_id          INTEGER,                      -- referrals
    event_id          INTEGER,
    PRIMARY KEY (channel, user_id)
);

-- Residents who started the tutorial, per channel and kecamatan ('' = not said).
CREATE TABLE tally_started (
    channel   TEXT NOT NULL,
    kecamatan TEXT NOT NULL,
    n         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (channel, kecamatan)
);
-- The funnel: residents by furthest step (-1: none), started, finished, completed.
CREATE TABLE tally_funnel (
    top_step  INTEGER NOT NULL,
    started   INTEGER NOT NULL,
    done      INTEGER NOT NULL,
    completed INTEGER NOT NULL,
    n         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (top_step, started, done, completed)
);
-- Referred residents per tutor or event (0: none): reached, started, finished the tutorial.
CREATE TABLE tally_referred (
    tutor_id INTEGER NOT NULL,
    event_id INTEGER NOT NULL,
    started  INTEGER NOT NULL,
    done     INTEGER NOT NULL,
    n        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tutor_id, event_id, started, done)
);
-- Completions per kecamatan ('' = none), region, channel and assisted.
CREATE TABLE tally_completions (
    kecamatan  TEXT NOT NULL,
    in_region  INTEGER NOT NULL,
    channel    TEXT NOT NULL,
    assisted   INTEGER NOT NULL,
    households INTEGER NOT NULL DEFAULT 0,
    persons    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (kecamatan, in_region, channel, assisted)
);
-- Completions per day.
CREATE TABLE tally_days (
    day        TEXT NOT NULL,
    assisted   INTEGER NOT NULL,
    households INTEGER NOT NULL DEFAULT 0,
    persons    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, assisted)
);
-- Completions credited to a tutor or an event (0: none).
CREATE TABLE tally_credits (
    tutor_id      INTEGER NOT NULL,
    event_id      INTEGER NOT NULL,
    own_household INTEGER NOT NULL,
    assisted      INTEGER NOT NULL,
    households    INTEGER NOT NULL DEFAULT 0,
    persons       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tutor_id, event_id, own_household, assisted)
);
-- Simple counts: people, blocked, opted_out (per channel); vouchers, redeemed, visits ('').
CREATE TABLE tally_totals (
    name    TEXT NOT NULL,
    channel TEXT NOT NULL,
    n       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (name, channel)
);

-- --- report_people -> tally_started, tally_funnel, tally_referred ------------------------------
CREATE TRIGGER report_people_added AFTER INSERT ON report_people
BEGIN
    INSERT INTO tally_started (channel, kecamatan, n)
        SELECT NEW.channel, coalesce(NEW.event_kecamatan, NEW.profile_kecamatan, ''), 1
        WHERE NEW.started = 1
        ON CONFLICT (channel, kecamatan) DO UPDATE SET n = n + excluded.n;
    INSERT INTO tally_funnel (top_step, started, done, completed, n)
        SELECT NEW.top_step, NEW.started, NEW.done, NEW.completed, 1
        WHERE NEW.started = 1 OR NEW.top_step >= 0 OR NEW.done = 1
        ON CONFLICT (top_step, started, done, completed) DO UPDATE SET n = n + excluded.n;
    INSERT INTO tally_referred (tutor_id, event_id, started, done, n)
        SELECT coalesce(NEW.tutor_id, 0), coalesce(NEW.event_id, 0), NEW.started, NEW.done, 1
        WHERE NEW.tutor_id IS NOT NULL OR NEW.event_id IS NOT NULL
        ON CONFLICT (tutor_id, event_id, started, done) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER report_people_removed AFTER DELETE ON report_people
BEGIN
    INSERT INTO tally_started (channel, kecamatan, n)
        SELECT OLD.channel, coalesce(OLD.event_kecamatan, OLD.profile_kecamatan, ''), -1
        WHERE OLD.started = 1
        ON CONFLICT (channel, kecamatan) DO UPDATE SET n = n + excluded.n;
    INSERT INTO tally_funnel (top_step, started, done, completed, n)
        SELECT OLD.top_step, OLD.started, OLD.done, OLD.completed, -1
        WHERE OLD.started = 1 OR OLD.top_step >= 0 OR OLD.done = 1
        ON CONFLICT (top_step, started, done, completed) DO UPDATE SET n = n + excluded.n;
    INSERT INTO tally_referred (tutor_id, event_id, started, done, n)
        SELECT coalesce(OLD.tutor_id, 0), coalesce(OLD.event_id, 0), OLD.started, OLD.done, -1
        WHERE OLD.tutor_id IS NOT NULL OR OLD.event_id IS NOT NULL
        ON CONFLICT (tutor_id, event_id, started, done) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER report_people_changed
AFTER UPDATE OF started, top_step, done, completed, event_kecamatan, profile_kecamatan,
    tutor_id, event_id ON report_people
WHEN OLD.started IS NOT NEW.started OR OLD.top_step IS NOT NEW.top_step
    OR OLD.done IS NOT NEW.done OR OLD.completed IS NOT NEW.completed
    OR coalesce(OLD.event_kecamatan, OLD.profile_kecamatan, '')
        IS NOT coalesce(NEW.event_kecamatan, NEW.profile_kecamatan, '')
    OR OLD.tutor_id IS NOT NEW.tutor_id OR OLD.event_id IS NOT NEW.event_id
BEGIN
    INSERT INTO tally_started (channel, kecamatan, n)
        SELECT OLD.channel, coalesce(OLD.event_kecamatan, OLD.profile_kecamatan, ''), -1
        WHERE OLD.started = 1
        ON CONFLICT (channel, kecamatan) DO UPDATE SET n = n + excluded.n;
    INSERT INTO tally_funnel (top_step, started, done, completed, n)
        SELECT OLD.top_step, OLD.started, OLD.done, OLD.completed, -1
        WHERE OLD.started = 1 OR OLD.top_step >= 0 OR OLD.done = 1
        ON CONFLICT (top_step, started, done, completed) DO UPDATE SET n = n + excluded.n;
    INSERT INTO tally_referred (tutor_id, event_id, started, done, n)
        SELECT coalesce(OLD.tutor_id, 0), coalesce(OLD.event_id, 0), OLD.started, OLD.done, -1
        WHERE OLD.tutor_id IS NOT NULL OR OLD.event_id IS NOT NULL
        ON CONFLICT (tutor_id, event_id, started, done) DO UPDATE SET n = n + excluded.n;
    INSERT INTO tally_started (channel, kecamatan, n)
        SELECT NEW.channel, coalesce(NEW.event_kecamatan, NEW.profile_kecamatan, ''), 1
        WHERE NEW.started = 1
        ON CONFLICT (channel, kecamatan) DO UPDATE SET n = n + excluded.n;
    INSERT INTO tally_funnel (top_step, started, done, completed, n)
        SELECT NEW.top_step, NEW.started, NEW.done, NEW.completed, 1
        WHERE NEW.started = 1 OR NEW.top_step >= 0 OR NEW.done = 1
        ON CONFLICT (top_step, started, done, completed) DO UPDATE SET n = n + excluded.n;
    INSERT INTO tally_referred (tutor_id, event_id, started, done, n)
        SELECT coalesce(NEW.tutor_id, 0), coalesce(NEW.event_id, 0), NEW.started, NEW.done, 1
        WHERE NEW.tutor_id IS NOT NULL OR NEW.event_id IS NOT NULL
        ON CONFLICT (tutor_id, event_id, started, done) DO UPDATE SET n = n + excluded.n;
END;

-- --- the raw rows -> report_people ----------------------------------------------------------------
-- A person's row is made when they first do something counted, with what is already known
-- of them (profile kecamatan, own completion, referral); afterwards each source keeps its
-- own column. (Pseudonymising ids in /hapus_data changes no fact: no trigger on user_id.)
CREATE TRIGGER events_reported AFTER INSERT ON events
WHEN NEW.kind IN ('tutorial_start', 'tutorial_step', 'tutorial_done', 'kecamatan')
BEGIN
    INSERT INTO report_people (channel, user_id, completed, profile_kecamatan, tutor_id, event_id)
        SELECT NEW.channel, NEW.user_id,
            EXISTS (SELECT 1 FROM completions c WHERE c.channel = NEW.channel
                AND c.user_id = NEW.user_id AND c.assisted = 0),
            (SELECT p.kecamatan FROM people p WHERE p.channel = NEW.channel
                AND p.user_id = NEW.user_id),
            (SELECT r.tutor_id FROM referrals r WHERE r.channel = NEW.channel
                AND r.user_id = NEW.user_id),
            (SELECT r.event_id FROM referrals r WHERE r.channel = NEW.channel
                AND r.user_id = NEW.user_id)
        WHERE NOT EXISTS (SELECT 1 FROM report_people q WHERE q.channel = NEW.channel
            AND q.user_id = NEW.user_id);
    UPDATE report_people SET
        started = CASE WHEN NEW.kind = 'tutorial_start' THEN 1 ELSE started END,
        top_step = CASE WHEN NEW.kind = 'tutorial_step' AND NEW.step_index > top_step
            THEN NEW.step_index ELSE top_step END,
        done = CASE WHEN NEW.kind = 'tutorial_done' THEN 1 ELSE done END,
        event_kecamatan = CASE WHEN NEW.kind = 'kecamatan' THEN NEW.detail
            ELSE event_kecamatan END
    WHERE channel = NEW.channel AND user_id = NEW.user_id
        AND ((NEW.kind = 'tutorial_start' AND started = 0)
            OR (NEW.kind = 'tutorial_step' AND NEW.step_index > top_step)
            OR (NEW.kind = 'tutorial_done' AND done = 0)
            OR (NEW.kind = 'kecamatan' AND event_kecamatan IS NOT NEW.detail));
END;

CREATE TRIGGER referrals_reported AFTER INSERT ON referrals
BEGIN
    INSERT INTO report_people (channel, user_id, completed, profile_kecamatan)
        SELECT NEW.channel, NEW.user_id,
            EXISTS (SELECT 1 FROM completions c WHERE c.channel = NEW.channel
                AND c.user_id = NEW.user_id AND c.assisted = 0),
            (SELECT p.kecamatan FROM people p WHERE p.channel = NEW.channel
                AND p.user_id = NEW.user_id)
        WHERE NOT EXISTS (SELECT 1 FROM report_people q WHERE q.channel = NEW.channel
            AND q.user_id = NEW.user_id);
    UPDATE report_people SET tutor_id = NEW.tutor_id, event_id = NEW.event_id
        WHERE channel = NEW.channel AND user_id = NEW.user_id;
END;

CREATE TRIGGER referrals_changed AFTER UPDATE OF tutor_id, event_id ON referrals
BEGIN
    UPDATE report_people SET tutor_id = NEW.tutor_id, event_id = NEW.event_id
        WHERE channel = NEW.channel AND user_id = NEW.user_id;
END;

CREATE TRIGGER referrals_removed AFTER DELETE ON referrals
BEGIN
    UPDATE report_people SET tutor_id = NULL, event_id = NULL
        WHERE channel = OLD.channel AND user_id = OLD.user_id;
END;

-- --- people -------------------------------------------------------------------------------------
CREATE TRIGGER people_added AFTER INSERT ON people
BEGIN
    UPDATE report_people SET profile_kecamatan = NEW.kecamatan
        WHERE channel = NEW.channel AND user_id = NEW.user_id
        AND profile_kecamatan IS NOT NEW.kecamatan;
    INSERT INTO tally_totals (name, channel, n) VALUES ('people', NEW.channel, 1)
        ON CONFLICT (name, channel) DO UPDATE SET n = n + excluded.n;
    INSERT INTO tally_totals (name, channel, n) SELECT 'blocked', NEW.channel, 1
        WHERE NEW.blocked_at IS NOT NULL
        ON CONFLICT (name, channel) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER people_kecamatan_changed AFTER UPDATE OF kecamatan ON people
WHEN NEW.kecamatan IS NOT OLD.kecamatan
BEGIN
    UPDATE report_people SET profile_kecamatan = NEW.kecamatan
        WHERE channel = NEW.channel AND user_id = NEW.user_id;
END;

CREATE TRIGGER people_blocked_changed AFTER UPDATE OF blocked_at ON people
WHEN (OLD.blocked_at IS NULL) <> (NEW.blocked_at IS NULL)
BEGIN
    INSERT INTO tally_totals (name, channel, n)
        VALUES ('blocked', NEW.channel, CASE WHEN NEW.blocked_at IS NULL THEN -1 ELSE 1 END)
        ON CONFLICT (name, channel) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER people_removed AFTER DELETE ON people
BEGIN
    UPDATE report_people SET profile_kecamatan = NULL
        WHERE channel = OLD.channel AND user_id = OLD.user_id AND profile_kecamatan IS NOT NULL;
    INSERT INTO tally_totals (name, channel, n) VALUES ('people', OLD.channel, -1)
        ON CONFLICT (name, channel) DO UPDATE SET n = n + excluded.n;
    INSERT INTO tally_totals (name, channel, n) SELECT 'blocked', OLD.channel, -1
        WHERE OLD.blocked_at IS NOT NULL
        ON CONFLICT (name, channel) DO UPDATE SET n = n + excluded.n;
END;

-- --- completions ----------------------------------------------------------------------------------
CREATE TRIGGER completions_added AFTER INSERT ON completions
BEGIN
    INSERT INTO tally_completions (kecamatan, in_region, channel, assisted, households, persons)
        VALUES (coalesce(NEW.kecamatan, ''), NEW.in_region, NEW.channel, NEW.assisted, 1,
            NEW.persons)
        ON CONFLICT (kecamatan, in_region, channel, assisted) DO UPDATE SET
            households = households + excluded.households, persons = persons + excluded.persons;
    INSERT INTO tally_days (day, assisted, households, persons)
        VALUES (NEW.day, NEW.assisted, 1, NEW.persons)
        ON CONFLICT (day, assisted) DO UPDATE SET
            households = households + excluded.households, persons = persons + excluded.persons;
    INSERT INTO tally_credits (tutor_id, event_id, own_household, assisted, households, persons)
        SELECT coalesce(NEW.tutor_id, 0), coalesce(NEW.event_id, 0), NEW.own_household,
            NEW.assisted, 1, NEW.persons
        WHERE NEW.tutor_id IS NOT NULL OR NEW.event_id IS NOT NULL
        ON CONFLICT (tutor_id, event_id, own_household, assisted) DO UPDATE SET
            households = households + excluded.households, persons = persons + excluded.persons;
    UPDATE report_people SET completed = 1
        WHERE NEW.assisted = 0 AND channel = NEW.channel AND user_id = NEW.user_id
        AND completed = 0;
END;

CREATE TRIGGER completions_removed AFTER DELETE ON completions
BEGIN
    INSERT INTO tally_completions (kecamatan, in_region, channel, assisted, households, persons)
        VALUES (coalesce(OLD.kecamatan, ''), OLD.in_region, OLD.channel, OLD.assisted, -1,
            -OLD.persons)
        ON CONFLICT (kecamatan, in_region, channel, assisted) DO UPDATE SET
            households = households + excluded.households, persons = persons + excluded.persons;
    INSERT INTO tally_days (day, assisted, households, persons)
        VALUES (OLD.day, OLD.assisted, -1, -OLD.persons)
        ON CONFLICT (day, assisted) DO UPDATE SET
            households = households + excluded.households, persons = persons + excluded.persons;
    INSERT INTO tally_credits (tutor_id, event_id, own_household, assisted, households, persons)
        SELECT coalesce(OLD.tutor_id, 0), coalesce(OLD.event_id, 0), OLD.own_household,
            OLD.assisted, -1, -OLD.persons
        WHERE OLD.tutor_id IS NOT NULL OR OLD.event_id IS NOT NULL
        ON CONFLICT (tutor_id, event_id, own_household, assisted) DO UPDATE SET
            households = households + excluded.households, persons = persons + excluded.persons;
    UPDATE report_people SET completed = EXISTS (SELECT 1 FROM completions c
            WHERE c.channel = OLD.channel AND c.user_id = OLD.user_id AND c.assisted = 0)
        WHERE channel = OLD.channel AND user_id = OLD.user_id;
END;

CREATE TRIGGER completions_changed
AFTER UPDATE OF kecamatan, in_region, channel, assisted, persons, day, tutor_id, event_id,
    own_household ON completions
BEGIN
    INSERT INTO tally_completions (kecamatan, in_region, channel, assisted, households, persons)
        VALUES (coalesce(OLD.kecamatan, ''), OLD.in_region, OLD.channel, OLD.assisted, -1,
            -OLD.persons)
        ON CONFLICT (kecamatan, in_region, channel, assisted) DO UPDATE SET
            households = households + excluded.households, persons = persons + excluded.persons;
    INSERT INTO tally_days (day, assisted, households, persons)
        VALUES (OLD.day, OLD.assisted, -1, -OLD.persons)
        ON CONFLICT (day, assisted) DO UPDATE SET
            households = households + excluded.households, persons = persons + excluded.persons;
    INSERT INTO tally_credits (tutor_id, event_id, own_household, assisted, households, persons)
        SELECT coalesce(OLD.tutor_id, 0), coalesce(OLD.event_id, 0), OLD.own_household,
            OLD.assisted, -1, -OLD.persons
        WHERE OLD.tutor_id IS NOT NULL OR OLD.event_id IS NOT NULL
        ON CONFLICT (tutor_id, event_id, own_household, assisted) DO UPDATE SET
            households = households + excluded.households, persons = persons + excluded.persons;
    INSERT INTO tally_completions (kecamatan, in_region, channel, assisted, households, persons)
        VALUES (coalesce(NEW.kecamatan, ''), NEW.in_region, NEW.channel, NEW.assisted, 1,
            NEW.persons)
        ON CONFLICT (kecamatan, in_region, channel, assisted) DO UPDATE SET
            households = households + excluded.households, persons = persons + excluded.persons;
    INSERT INTO tally_days (day, assisted, households, persons)
        VALUES (NEW.day, NEW.assisted, 1, NEW.persons)
        ON CONFLICT (day, assisted) DO UPDATE SET
            households = households + excluded.households, persons = persons + excluded.persons;
    INSERT INTO tally_credits (tutor_id, event_id, own_household, assisted, households, persons)
        SELECT coalesce(NEW.tutor_id, 0), coalesce(NEW.event_id, 0), NEW.own_household,
            NEW.assisted, 1, NEW.persons
        WHERE NEW.tutor_id IS NOT NULL OR NEW.event_id IS NOT NULL
        ON CONFLICT (tutor_id, event_id, own_household, assisted) DO UPDATE SET
            households = households + excluded.households, persons = persons + excluded.persons;
END;

-- Whose own completion it is (assisted ones count for nobody's funnel): /hapus_data detaches
-- it (user_id NULL), a tutor's credit may mark it assisted after it was recorded.
CREATE TRIGGER completions_person_changed AFTER UPDATE OF channel, user_id, assisted ON completions
BEGIN
    UPDATE report_people SET completed = EXISTS (SELECT 1 FROM completions c
            WHERE c.channel = OLD.channel AND c.user_id = OLD.user_id AND c.assisted = 0)
        WHERE channel = OLD.channel AND user_id = OLD.user_id;
    UPDATE report_people SET completed = EXISTS (SELECT 1 FROM completions c
            WHERE c.channel = NEW.channel AND c.user_id = NEW.user_id AND c.assisted = 0)
        WHERE channel = NEW.channel AND user_id = NEW.user_id;
END;

-- --- vouchers, visit requests, opt-outs ---------------------------------------------------------
CREATE TRIGGER vouchers_added AFTER INSERT ON vouchers
BEGIN
    INSERT INTO tally_totals (name, channel, n) VALUES ('vouchers', '', 1)
        ON CONFLICT (name, channel) DO UPDATE SET n = n + excluded.n;
    INSERT INTO tally_totals (name, channel, n) SELECT 'redeemed', '', 1
        WHERE NEW.redeemed_at IS NOT NULL
        ON CONFLICT (name, channel) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER vouchers_redeemed AFTER UPDATE OF redeemed_at ON vouchers
WHEN (OLD.redeemed_at IS NULL) <> (NEW.redeemed_at IS NULL)
BEGIN
    INSERT INTO tally_totals (name, channel, n)
        VALUES ('redeemed', '', CASE WHEN NEW.redeemed_at IS NULL THEN -1 ELSE 1 END)
        ON CONFLICT (name, channel) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER vouchers_removed AFTER DELETE ON vouchers
BEGIN
    INSERT INTO tally_totals (name, channel, n) VALUES ('vouchers', '', -1)
        ON CONFLICT (name, channel) DO UPDATE SET n = n + excluded.n;
    INSERT INTO tally_totals (name, channel, n) SELECT 'redeemed', '', -1
        WHERE OLD.redeemed_at IS NOT NULL
        ON CONFLICT (name, channel) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER visit_requests_added AFTER INSERT ON visit_requests
BEGIN
    INSERT INTO tally_totals (name, channel, n) VALUES ('visits', '', 1)
        ON CONFLICT (name, channel) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER visit_requests_removed AFTER DELETE ON visit_requests
BEGIN
    INSERT INTO tally_totals (name, channel, n) VALUES ('visits', '', -1)
        ON CONFLICT (name, channel) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER opt_outs_added AFTER INSERT ON opt_outs
BEGIN
    INSERT INTO tally_totals (name, channel, n) VALUES ('opted_out', NEW.channel, 1)
        ON CONFLICT (name, channel) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER opt_outs_removed AFTER DELETE ON opt_outs
BEGIN
    INSERT INTO tally_totals (name, channel, n) VALUES ('opted_out', OLD.channel, -1)
        ON CONFLICT (name, channel) DO UPDATE SET n = n + excluded.n;
END;

-- recount: begin
-- (The facts of everyone who did something counted or was referred; report_people's own
-- triggers fill tally_started, tally_funnel and tally_referred from them.)
INSERT INTO report_people (channel, user_id, started, top_step, done, completed,
        event_kecamatan, profile_kecamatan, tutor_id, event_id)
    SELECT k.channel, k.user_id,
        CASE WHEN EXISTS (SELECT 1 FROM events e WHERE e.channel = k.channel
            AND e.user_id = k.user_id AND e.kind = 'tutorial_start') THEN 1 ELSE 0 END,
        coalesce((SELECT max(e.step_index) FROM events e WHERE e.channel = k.channel
            AND e.user_id = k.user_id AND e.kind = 'tutorial_step'), -1),
        CASE WHEN EXISTS (SELECT 1 FROM events e WHERE e.channel = k.channel
            AND e.user_id = k.user_id AND e.kind = 'tutorial_done') THEN 1 ELSE 0 END,
        CASE WHEN EXISTS (SELECT 1 FROM completions c WHERE c.channel = k.channel
            AND c.user_id = k.user_id AND c.assisted = 0) THEN 1 ELSE 0 END,
        (SELECT e.detail FROM events e WHERE e.channel = k.channel AND e.user_id = k.user_id
            AND e.kind = 'kecamatan' ORDER BY e.id DESC LIMIT 1),
        (SELECT p.kecamatan FROM people p WHERE p.channel = k.channel
            AND p.user_id = k.user_id),
        (SELECT r.tutor_id FROM referrals r WHERE r.channel = k.channel
            AND r.user_id = k.user_id),
        (SELECT r.event_id FROM referrals r WHERE r.channel = k.channel
            AND r.user_id = k.user_id)
    FROM (SELECT channel, user_id FROM events
            WHERE kind IN ('tutorial_start', 'tutorial_step', 'tutorial_done', 'kecamatan')
          UNION SELECT channel, user_id FROM referrals) k;
INSERT INTO tally_completions (kecamatan, in_region, channel, assisted, households, persons)
    SELECT coalesce(kecamatan, ''), in_region, channel, assisted, count(*), sum(persons)
    FROM completions GROUP BY coalesce(kecamatan, ''), in_region, channel, assisted;
INSERT INTO tally_days (day, assisted, households, persons)
    SELECT day, assisted, count(*), sum(persons) FROM completions GROUP BY day, assisted;
INSERT INTO tally_credits (tutor_id, event_id, own_household, assisted, households, persons)
    SELECT coalesce(tutor_id, 0), coalesce(event_id, 0), own_household, assisted, count(*),
        sum(persons)
    FROM completions WHERE tutor_id IS NOT NULL OR event_id IS NOT NULL
    GROUP BY coalesce(tutor_id, 0), coalesce(event_id, 0), own_household, assisted;
INSERT INTO tally_totals (name, channel, n)
    SELECT 'people', channel, count(*) FROM people GROUP BY channel;
INSERT INTO tally_totals (name, channel, n)
    SELECT 'blocked', channel, count(*) FROM people WHERE blocked_at IS NOT NULL
    GROUP BY channel;
INSERT INTO tally_totals (name, channel, n)
    SELECT 'opted_out', channel, count(*) FROM opt_outs GROUP BY channel;
INSERT INTO tally_totals (name, channel, n)
    SELECT 'vouchers', '', count(*) FROM vouchers HAVING count(*) > 0;
INSERT INTO tally_totals (name, channel, n)
    SELECT 'redeemed', '', count(*) FROM vouchers WHERE redeemed_at IS NOT NULL
    HAVING count(*) > 0;
INSERT INTO tally_totals (name, channel, n)
    SELECT 'visits', '', count(*) FROM visit_requests HAVING count(*) > 0;
-- recount: end
