-- The version of its survey the facilitator's session runs, as their device sends it when the
-- session is opened to phones: a phone joining after the survey's next version is out answers
-- the session's, so that its answers are counted in the same table as the kiosk's. A session
-- from an earlier app, or of a version this server does not hold, has none (phones answer the
-- latest).
ALTER TABLE session_codes ADD COLUMN survey_version BIGINT;
