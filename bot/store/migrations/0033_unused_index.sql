-- tutorial_progress (done, at) was for the reminders' scheduler when it looked for people who
-- stopped in the tutorial on this table; since migration 0025 it goes along people_seen and
-- reads tutorial_progress only by person (its primary key). The index held an entry for
-- every person who started the tutorial (about 42 bytes a resident) that no query reads.
DROP INDEX tutorial_progress_waiting;
