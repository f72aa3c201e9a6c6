package kairos.engine.backtest.validation;

import kairos.engine.domain.Side;
import kairos.engine.execution.TradeRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code trades.csv} as {@code backtest} writes it (ARCHITECTURE.md, the trades contract): a header with at
 * least {@code id,symbol,side,strategy,entry_time,entry_price,exit_time,exit_price,qty,gross_pnl,fees,funding,
 * net_pnl,exit_reason}, columns in any order, RFC 4180 quoting; {@code entry_rule} and {@code initial_risk} are
 * read when present. Every row must balance, {@code net_pnl = gross_pnl - fees - funding} within the file's
 * rounding (1e-6 relative, as the CLI contract checks); {@code net_pnl} is kept as written and the gross PnL
 * re-derived from it, so the record balances exactly.
 */
public final class TradesCsvReader {
    static final List<String> REQUIRED = List.of("id", "symbol", "side", "strategy", "entry_time", "entry_price",
            "exit_time", "exit_price", "qty", "gross_pnl", "fees", "funding", "net_pnl", "exit_reason");

    private TradesCsvReader() {
    }

    /**
     * @throws IllegalArgumentException naming the file, line and column of the first problem (missing file, missing
     *                                  column, a value that is not a number or time, a row that does not balance)
     */
    public static List<TradeRecord> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read: " + e.getMessage());
        }
        if (lines.isEmpty() || lines.getFirst().isBlank()) {
            throw new IllegalArgumentException(file + ":1: empty; a trades.csv starts with the header " + String.join(",", REQUIRED));
        }
        List<String> header = fields(lines.getFirst().replace("\uFEFF", ""), file, 1);
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            col.put(header.get(i).trim(), i);
        }
        List<String> missing = REQUIRED.stream().filter(c -> !col.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(file + ":1: the header lacks " + String.join(", ", missing)
                    + " (a trades.csv as ./kairos backtest writes it)");
        }
        List<TradeRecord> trades = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) {
                continue;
            }
            int lineNo = n + 1;
            List<String> f = fields(line, file, lineNo);
            if (f.size() != header.size()) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": " + f.size() + " fields, the header has "
                        + header.size());
            }
            Row row = new Row(file, lineNo, f, col);
            String side = row.text("side");
            if (!side.equals("Buy") && !side.equals("Sell")) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": side '" + side + "' is not Buy or Sell");
            }
            String initialRisk = col.containsKey("initial_risk") ? row.text("initial_risk") : "";
            double gross = row.number("gross_pnl");
            double fees = row.number("fees");
            double funding = row.number("funding");
            double net = row.number("net_pnl");
            if (Math.abs(gross - fees - funding - net) > 1e-6 * Math.max(1, Math.abs(gross))) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": net_pnl " + net + " is not gross_pnl - fees - "
                        + "funding = " + (gross - fees - funding));
            }
            try {
                trades.add(new TradeRecord(row.text("id"), row.text("symbol"), Side.valueOf(side), row.text("strategy"),
                        col.containsKey("entry_rule") ? row.text("entry_rule") : "", row.time("entry_time"),
                        row.number("entry_price"), row.time("exit_time"), row.number("exit_price"), row.number("qty"),
                        net + fees + funding, fees, funding, net,
                        row.text("exit_reason"), initialRisk.isEmpty() ? Double.NaN : row.number("initial_risk")));
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                    throw e;
                }
                throw new IllegalArgumentException(file + ":" + lineNo + ": " + e.getMessage());
            }
        }
        return trades;
    }

    private record Row(Path file, int line, List<String> fields, Map<String, Integer> col) {
        String text(String name) {
            return fields.get(col.get(name));
        }

        double number(String name) {
            String t = text(name).trim();
            try {
                double v = Double.parseDouble(t);
                if (!Double.isFinite(v)) {
                    throw new NumberFormatException();
                }
                return v;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ":" + line + ": " + name + " '" + t + "' is not a finite number");
            }
        }

        long time(String name) {
            String t = text(name).trim();
            try {
                return Instant.parse(t).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(file + ":" + line + ": " + name + " '" + t
                        + "' is not an ISO-8601 UTC time such as 2025-05-04T15:35:00Z");
            }
        }
    }

    /** One RFC 4180 line (fields on one line; a quoted field may hold commas and doubled quotes). */
    static List<String> fields(String line, Path file, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"' && cur.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
                wasQuoted = false;
            } else if (c == '\r' && i == line.length() - 1) {
                break;
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(file + ":" + lineNo + ": a quoted field is not closed");
        }
        out.add(cur.toString());
        return out;
    }
}
