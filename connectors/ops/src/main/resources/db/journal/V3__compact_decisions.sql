-- Decision audits stored compactly: a run's decisions in blocks of consecutive decision points, each block
-- deflate-compressed (format in kairos.ops.journal.DecisionBlocks), with the block's decision ids beside it so
-- that explain finds one decision by inflating only the ids. Runs journaled before this migration keep their
-- rows in `decisions` (read as before) until they are pruned.
CREATE TABLE decision_blocks (
    run_id    INTEGER NOT NULL REFERENCES runs (id),
    block     INTEGER NOT NULL,                -- 0, 1, ... in decision order
    first_seq INTEGER NOT NULL,                -- seq of the block's first decision (decision order in the run)
    count     INTEGER NOT NULL,                -- decisions in the block
    ids       BLOB    NOT NULL,                -- deflated JSON array of the block's decision ids, in order
    data      BLOB    NOT NULL,                -- deflated audit records, in order
    PRIMARY KEY (run_id, block)
);

-- the equity curve is read and deleted by run: an index on the run alone, without the timestamp text, is a
-- third of the old index's size (a default backtest: 0.3 instead of 1.25 MB)
DROP INDEX IF EXISTS equity_by_run;
CREATE INDEX equity_by_run_id ON equity (run_id);
