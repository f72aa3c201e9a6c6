-- Trading state of paper and live sessions, journaled as each event is handled (the kernel's StateJournal).
CREATE TABLE sessions (
    name        TEXT    PRIMARY KEY,           -- the account the session trades (paper, live-<key>)
    run_id      INTEGER NOT NULL REFERENCES runs (id),
    mode        TEXT    NOT NULL,              -- paper | live
    state_json  TEXT,                          -- the kernel's state after the last event handled (KernelState)
    state_time  TEXT,                          -- its event time, ISO-8601 UTC
    saves       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE fills (
    run_id     INTEGER NOT NULL REFERENCES runs (id),
    exec_id    TEXT    NOT NULL,
    link_id    TEXT    NOT NULL,
    symbol     TEXT    NOT NULL,
    side       TEXT    NOT NULL,
    qty        TEXT    NOT NULL,               -- exact decimal as the venue gave it
    price      TEXT    NOT NULL,
    fee        REAL    NOT NULL,
    maker      INTEGER NOT NULL,
    time       TEXT    NOT NULL,
    PRIMARY KEY (run_id, exec_id)
);
CREATE INDEX fills_by_time ON fills (run_id, time);

-- the decisions that opened and closed a trade (trades.csv's decision_id, exit_decision_id)
ALTER TABLE trades ADD COLUMN entry_decision TEXT;
ALTER TABLE trades ADD COLUMN exit_decision TEXT;
