-- Kairos journal: every run, its decisions (the audit records of decisions.jsonl), closed trades and equity.
CREATE TABLE runs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    kind          TEXT    NOT NULL,            -- backtest | paper | live
    recorded_at   TEXT    NOT NULL,            -- wall-clock time the run was journaled, ISO-8601 UTC
    exchange      TEXT    NOT NULL,
    symbols       TEXT    NOT NULL,            -- comma-separated traded symbols
    timeframe     TEXT    NOT NULL,
    range_start   TEXT    NOT NULL,
    range_end     TEXT    NOT NULL,
    ruleset_hash  TEXT    NOT NULL,
    model_version TEXT    NOT NULL,
    summary_json  TEXT                         -- summary.json of a backtest
);

CREATE TABLE decisions (
    run_id   INTEGER NOT NULL REFERENCES runs (id),
    seq      INTEGER NOT NULL,
    id       TEXT    NOT NULL,
    ts       TEXT    NOT NULL,
    symbol   TEXT    NOT NULL,
    trigger  TEXT    NOT NULL,
    verdict  TEXT    NOT NULL,
    json     TEXT    NOT NULL,                 -- the whole audit record, as in decisions.jsonl
    PRIMARY KEY (run_id, seq)
);
CREATE INDEX decisions_by_id ON decisions (id);

CREATE TABLE trades (
    run_id       INTEGER NOT NULL REFERENCES runs (id),
    id           TEXT    NOT NULL,
    symbol       TEXT    NOT NULL,
    side         TEXT    NOT NULL,
    strategy     TEXT    NOT NULL,
    entry_rule   TEXT,
    entry_time   TEXT    NOT NULL,
    entry_price  REAL    NOT NULL,
    exit_time    TEXT    NOT NULL,
    exit_price   REAL    NOT NULL,
    qty          REAL    NOT NULL,
    gross_pnl    REAL    NOT NULL,
    fees         REAL    NOT NULL,
    funding      REAL    NOT NULL,
    net_pnl      REAL    NOT NULL,
    exit_reason  TEXT    NOT NULL,
    initial_risk REAL,
    PRIMARY KEY (run_id, id)
);

CREATE TABLE equity (
    run_id      INTEGER NOT NULL REFERENCES runs (id),
    ts          TEXT    NOT NULL,
    equity      REAL    NOT NULL,
    in_position INTEGER NOT NULL
);
CREATE INDEX equity_by_run ON equity (run_id, ts);
