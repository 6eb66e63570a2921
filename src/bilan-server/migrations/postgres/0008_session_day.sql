-- The day the facilitator held the session, as their device dates it (`YYYY-MM-DD`): a kiosk's
-- totals may come days after the session, from a tablet that was offline. The board lists a
-- session on this day; a session from an earlier app has none and is listed on `created_at`'s.
ALTER TABLE session_codes ADD COLUMN held_on TEXT;
