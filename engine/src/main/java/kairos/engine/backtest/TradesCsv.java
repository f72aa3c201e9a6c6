package kairos.engine.backtest;

import kairos.engine.execution.TradeRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code trades.csv}: one row per closed position, in the order given. Times are ISO-8601 UTC
 * and numbers are printed by {@link DecimalText} (8 decimals, trailing zeros stripped), so two runs of
 * the same backtest give byte-identical files and the {@code net_pnl} column sums to final minus initial
 * equity within 1e-8 per trade. After the contract's columns come {@code initial_risk} (qty × distance to the
 * initial stop) and {@code r_multiple} (net PnL / initial risk), empty when unknown, then {@code decision_id} (the
 * decision whose proposal opened the position, its audit in {@code decisions.jsonl}) and {@code exit_decision_id}
 * (the decision that closed it; empty for a stop, a take-profit or the end of data). Lines end with {@code \n};
 * text fields are quoted per RFC 4180 when needed.
 */
public final class TradesCsv {

    /** The header line, a contract of the CLI (see ARCHITECTURE.md, "CLI contract"). */
    public static final String HEADER = "id,symbol,side,strategy,entry_rule,entry_time,entry_price,exit_time,"
            + "exit_price,qty,gross_pnl,fees,funding,net_pnl,exit_reason,initial_risk,r_multiple,decision_id,exit_decision_id";

    private TradesCsv() {
    }

    /** Writes (or replaces) {@code file} with the header and one row per trade. */
    public static void write(Path file, List<TradeRecord> trades) throws IOException {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (TradeRecord t : trades) {
            out.append(CsvText.field(t.id())).append(',')
                    .append(CsvText.field(t.symbol())).append(',')
                    .append(t.side().name()).append(',')
                    .append(CsvText.field(t.strategy())).append(',')
                    .append(CsvText.field(t.entryRule())).append(',')
                    .append(CsvText.time(t.entryTime())).append(',')
                    .append(DecimalText.format(t.entryPrice())).append(',')
                    .append(CsvText.time(t.exitTime())).append(',')
                    .append(DecimalText.format(t.exitPrice())).append(',')
                    .append(DecimalText.format(t.qty())).append(',')
                    .append(DecimalText.format(t.grossPnl())).append(',')
                    .append(DecimalText.format(t.fees())).append(',')
                    .append(DecimalText.format(t.funding())).append(',')
                    .append(DecimalText.format(t.netPnl())).append(',')
                    .append(CsvText.field(t.exitReason())).append(',')
                    .append(Double.isNaN(t.initialRisk()) ? "" : DecimalText.format(t.initialRisk())).append(',')
                    .append(Double.isNaN(t.rMultiple()) ? "" : DecimalText.format(t.rMultiple())).append(',')
                    .append(CsvText.field(t.entryDecision())).append(',')
                    .append(CsvText.field(t.exitDecision())).append('\n');
        }
        Files.writeString(file, out, StandardCharsets.UTF_8);
    }
}
