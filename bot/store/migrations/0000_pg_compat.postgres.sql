-- PostgreSQL only, and first (issue 16): the SQLite functions that our SQLite-written queries
-- use and PostgreSQL lacks, with SQLite's meaning for the values we store. Numbered 0000 so
-- that any later migration (a backfill) may already use them.
--
-- json_extract(doc, '$.a.b'): numbers and booleans only (true -> 1, false -> 0, as SQLite
-- gives); a text value that is not a number raises, so a query that needs strings gets an
-- explicit PostgreSQL text (bot/store/pg_dialect.py OVERRIDES) instead of a wrong answer.
CREATE OR REPLACE FUNCTION json_extract(doc jsonb, path text) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE jsonb_typeof(v)
        WHEN 'boolean' THEN CASE WHEN v = 'true'::jsonb THEN 1 ELSE 0 END
        WHEN 'null' THEN NULL
        ELSE (v #>> '{}')::numeric END
    FROM (SELECT doc #> string_to_array(substr(path, 3), '.') AS v) AS found
$$;

CREATE OR REPLACE FUNCTION json_extract(doc text, path text) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$ SELECT json_extract(doc::jsonb, path) $$;

-- json_set(doc, '$.a', number): the document as text with that key set.
CREATE OR REPLACE FUNCTION json_set(doc text, path text, value numeric) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_set(doc::jsonb, string_to_array(substr(path, 3), '.'), to_jsonb(value))::text
$$;
