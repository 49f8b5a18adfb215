-- Issue 16: the dashboard's notices for the next page ("Kode ... sudah ditukarkan" after a
-- form) wait in the session's row, not in the memory of the worker that took the form: with
-- several workers behind a load balancer the next page may come from another. One JSON
-- string a line (bot/web/routes.py); they go when a page has shown them, or with the session.
ALTER TABLE web_sessions ADD COLUMN notices TEXT;
