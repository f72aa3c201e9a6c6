-- The large, slowly changing parts of a session's state beside the rest, each written only when it changed: the
-- recent closed trades (the risk statistics' window) and the execution ids already booked. state_json then holds
-- them as empty lists; a state journaled before this migration holds them itself (these columns are NULL).
ALTER TABLE sessions ADD COLUMN trades_json TEXT;
ALTER TABLE sessions ADD COLUMN exec_ids_json TEXT;
