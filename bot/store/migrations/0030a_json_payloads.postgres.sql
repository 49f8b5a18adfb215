-- Issue 16: the raw updates (inbox) and the queued replies (outbox) are JSON, typed jsonb on
-- PostgreSQL (SQLite keeps TEXT). What an emptied payload is, on both stores: a handled
-- update's is NULL (as before), a sent message's is '{}' (it was '', not JSON), an update
-- that failed for good keeps {"shape": "..."} (bot/store/queue_rows.py). Rows written before
-- are converted here: '' of a sent message becomes '{}', a shape kept as plain text becomes
-- {"shape": ...}, and "\u0000" (which jsonb cannot hold) becomes U+FFFD, as the intake now
-- does (conversations/core/redaction.py).
CREATE FUNCTION ts_0030a_json(doc text, emptied jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF doc IS NULL OR doc = '' THEN
        RETURN emptied;
    END IF;
    BEGIN
        RETURN doc::jsonb;
    EXCEPTION WHEN others THEN
        BEGIN
            RETURN replace(doc, '\u0000', '\ufffd')::jsonb;
        EXCEPTION WHEN others THEN
            RETURN jsonb_build_object('shape', doc);
        END;
    END;
END
$$;
ALTER TABLE inbox ALTER COLUMN payload TYPE jsonb USING ts_0030a_json(payload, NULL);
ALTER TABLE outbox ALTER COLUMN payload TYPE jsonb USING ts_0030a_json(payload, '{}');
DROP FUNCTION ts_0030a_json(text, jsonb);
