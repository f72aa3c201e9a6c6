package kairos.ops.telegram;

import kairos.engine.kernel.Decision;
import kairos.engine.kernel.KernelStatus;
import kairos.engine.kernel.TradingControl;
import kairos.engine.rules.RulesSwap;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The bot's commands: each reads or acts on the kernel through {@link TradingControl} (the command layer the control
 * API uses too, so the two never disagree) and answers with a text or, for {@code /chart}, a PNG. Called on the
 * bot's polling thread, one message at a time; a kernel that does not answer within the timeout gives a reply
 * saying so. Replies never carry a secret: {@code /config} shows the settings the app hands over (without
 * credentials) and masks any key that names one.
 */
final class BotCommands {
    static final long KERNEL_TIMEOUT_MS = 5_000;
    static final long RELOAD_TIMEOUT_MS = 120_000;
    static final String HELP = """
            Kairos commands:
            /status - mode, pause, symbols, equity, rules and model
            /positions - open positions
            /pnl - profit and loss
            /close SYMBOL - close that position at market
            /pause - stop new entries (positions keep their stops)
            /resume - lift the pause
            /config - effective settings
            /chart [SYMBOL] - price with entries/exits and equity
            /risk - risk in force
            /signals - latest decisions and patterns
            /emergency - pause and close every position
            /reload - reload rules (DRL) and patterns (EPL) from disk""";
    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{2,30}");
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(token|secret|password|api_key|apikey).*");

    /** A reply: a text, or a photo with a caption. */
    sealed interface Reply {
        record Text(String text) implements Reply {
        }

        record Photo(byte[] png, String caption) implements Reply {
        }
    }

    private final TradingControl control;
    private final Map<String, String> config;
    private final double initialEquity;
    private final ChartTape chart;
    private final RecentDecisions recent;
    private final Clock wall;

    BotCommands(TradingControl control, Map<String, String> config, double initialEquity, ChartTape chart,
                RecentDecisions recent, Clock wall) {
        this.control = control;
        this.config = Map.copyOf(config);
        this.initialEquity = initialEquity;
        this.chart = chart;
        this.recent = recent;
        this.wall = wall;
    }

    /** Answers one message's text; {@code who} names the sender for the kernel's pause reason. */
    Reply handle(String text, String who) {
        String[] words = text.strip().split("\\s+");
        String cmd = words[0].toLowerCase(Locale.ROOT);
        int at = cmd.indexOf('@');
        if (at > 0) {
            cmd = cmd.substring(0, at);   // /status@KairosBot in a group
        }
        String arg = words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : null;
        try {
            return switch (cmd) {
                case "/start", "/help" -> text(HELP);
                case "/status" -> text(status(await(control.status(), KERNEL_TIMEOUT_MS)));
                case "/positions" -> text(positions(await(control.status(), KERNEL_TIMEOUT_MS)));
                case "/pnl" -> text(pnl(await(control.status(), KERNEL_TIMEOUT_MS)));
                case "/close" -> text(close(arg));
                case "/pause" -> {
                    KernelStatus s = await(control.pause("telegram /pause by " + who), KERNEL_TIMEOUT_MS);
                    yield text("paused: no new entries; open positions keep their stops and targets ("
                            + s.pauseReason() + "). /resume lifts it.");
                }
                case "/resume" -> {
                    KernelStatus s = await(control.resume(), KERNEL_TIMEOUT_MS);
                    yield text(s.paused() ? "still paused: " + s.pauseReason() : "resumed: new entries allowed");
                }
                case "/config" -> text(config());
                case "/chart" -> chart(arg);
                case "/risk" -> text(risk(await(control.status(), KERNEL_TIMEOUT_MS)));
                case "/signals" -> text(signals());
                case "/emergency" -> text(emergency(who));
                case "/reload" -> text(reload(await(control.reloadRules("telegram /reload by " + who), RELOAD_TIMEOUT_MS)));
                default -> text("unknown command " + cmd + "\n" + HELP);
            };
        } catch (TimeoutException e) {
            return text("the kernel has not answered " + cmd + " within " + (cmd.equals("/reload") ? RELOAD_TIMEOUT_MS
                    : KERNEL_TIMEOUT_MS) / 1000 + " s (busy catching up, or stopped): a command stays queued and is "
                    + "applied when the kernel gets to it; check with /status");
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            if (c instanceof NoSuchElementException) {
                return text("no open position in " + arg + "; /positions lists them");
            }
            return text(cmd + " failed: " + (c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return text("interrupted");
        }
    }

    private static Reply text(String s) {
        return new Reply.Text(s);
    }

    private static <T> T await(CompletableFuture<T> f, long ms) throws ExecutionException, InterruptedException,
            TimeoutException {
        return f.get(ms, TimeUnit.MILLISECONDS);
    }

    /** The fields of {@code GET /status}. */
    static String status(KernelStatus s) {
        StringBuilder b = new StringBuilder("STATUS\n");
        b.append("mode: ").append(s.mode()).append('\n');
        b.append("paused: ").append(s.paused());
        if (s.paused() && s.pauseReason() != null && !s.pauseReason().isBlank()) {
            b.append(" (").append(s.pauseReason()).append(')');
        }
        b.append('\n');
        b.append("symbols: ").append(String.join(", ", s.symbols())).append('\n');
        b.append(String.format(Locale.ROOT, "equity: %.2f USDT (cash %.2f)%n", s.equity(), s.cash()));
        b.append("open positions: ").append(s.positions().size()).append(", open orders: ").append(s.openOrders()).append('\n');
        b.append("ruleset hash: ").append(s.rulesetHash()).append('\n');
        b.append("model version: ").append(s.modelVersion()).append('\n');
        b.append("reconciled: ").append(s.reconciled()).append(", venue up: ").append(s.venueUp()).append('\n');
        b.append("data source: ").append(s.fallback() == null ? "bybit" : s.fallback() + " (fallback)").append('\n');
        b.append("time: ").append(Instant.ofEpochMilli(s.time()));
        return b.toString();
    }

    static String positions(KernelStatus s) {
        if (s.positions().isEmpty()) {
            return "no open positions";
        }
        StringBuilder b = new StringBuilder("POSITIONS\n");
        for (KernelStatus.PositionView p : s.positions()) {
            b.append(String.format(Locale.ROOT, "%s %s %s @ %.4f, uPnL %+.2f, stop %s, %s%n", p.symbol(), p.side(),
                    p.size().toPlainString(), p.entryPrice(), p.unrealizedPnl(),
                    Double.isFinite(p.stop()) ? String.format(Locale.ROOT, "%.4f", p.stop()) : "none", p.strategy()));
        }
        return b.toString().strip();
    }

    private String pnl(KernelStatus s) {
        double unrealized = s.positions().stream().mapToDouble(KernelStatus.PositionView::unrealizedPnl).sum();
        double total = s.equity() - initialEquity;
        StringBuilder b = new StringBuilder("PNL\n");
        b.append(String.format(Locale.ROOT, "since start: %+.2f USDT (%+.2f%%) on %.2f%n", total,
                initialEquity > 0 ? total / initialEquity * 100 : 0, initialEquity));
        b.append(String.format(Locale.ROOT, "realised: %+.2f, unrealised: %+.2f%n", total - unrealized, unrealized));
        double dayStart = dayStartEquity(s.time());
        if (Double.isFinite(dayStart)) {
            b.append(String.format(Locale.ROOT, "today (UTC): %+.2f USDT%n", s.equity() - dayStart));
        }
        b.append(String.format(Locale.ROOT, "equity: %.2f USDT", s.equity()));
        return b.toString();
    }

    private double dayStartEquity(long now) {
        long day = Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC)
                .toInstant().toEpochMilli();
        for (String sym : chart.symbols().isEmpty() ? List.of("") : chart.symbols().subList(0, 1)) {
            for (ChartTape.Point p : chart.snapshot(sym).equity()) {
                if (p.time() >= day) {
                    return p.value();
                }
            }
        }
        return Double.NaN;
    }

    private String close(String symbol) throws ExecutionException, InterruptedException, TimeoutException {
        if (symbol == null || !SYMBOL.matcher(symbol).matches()) {
            return "usage: /close SYMBOL, for example /close SOLUSDT (/positions lists them)";
        }
        String link = await(control.closePosition(symbol), KERNEL_TIMEOUT_MS);
        return "closing " + symbol + " at market: exit order " + link;
    }

    private String config() {
        StringBuilder b = new StringBuilder("CONFIG (effective)\n");
        config.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> b.append(e.getKey()).append(": ")
                .append(SECRET_KEY.matcher(e.getKey()).matches() ? "***" : e.getValue()).append('\n'));
        return b.toString().strip();
    }

    private Reply chart(String arg) {
        List<String> known = chart.symbols();
        String symbol = arg != null ? arg : known.isEmpty() ? null : known.stream().sorted().findFirst().orElseThrow();
        if (symbol == null) {
            return text("no prices yet: the chart fills as one-minute bars close");
        }
        if (!known.contains(symbol)) {
            return text("no prices for " + symbol + "; charted: " + String.join(", ", known));
        }
        if (known.isEmpty() || chart.snapshot(symbol).prices().isEmpty()) {
            return text("no prices for " + symbol + " yet");
        }
        try {
            var equityNow = await(control.status(), KERNEL_TIMEOUT_MS);
            chart.equity(wall.millis(), equityNow.equity());
        } catch (TimeoutException | ExecutionException e) {
            // the chart draws what it has
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ChartTape.Snapshot s = chart.snapshot(symbol);
        return new Reply.Photo(ChartImage.png(s), symbol + ": " + s.prices().size() + " one-minute closes, "
                + s.marks().stream().filter(ChartTape.Mark::entry).count() + " entries, "
                + s.marks().stream().filter(m -> !m.entry()).count() + " exits");
    }

    private String risk(KernelStatus s) {
        double open = 0;
        double exposure = 0;
        int unprotected = 0;
        for (KernelStatus.PositionView p : s.positions()) {
            double qty = p.size().doubleValue();
            exposure += qty * p.entryPrice();
            if (Double.isFinite(p.stop())) {
                open += Math.max(0, "Buy".equalsIgnoreCase(p.side()) ? p.entryPrice() - p.stop() : p.stop() - p.entryPrice()) * qty;
            } else {
                unprotected++;
            }
        }
        double eq = s.equity();
        StringBuilder b = new StringBuilder("RISK\n");
        b.append(String.format(Locale.ROOT, "open risk to stops: %.2f USDT (%.2f%% of equity)%n", open,
                eq > 0 ? open / eq * 100 : 0));
        b.append(String.format(Locale.ROOT, "exposure: %.2f USDT (%.2fx equity)%n", exposure, eq > 0 ? exposure / eq : 0));
        if (unprotected > 0) {
            b.append("positions without a stop: ").append(unprotected).append('\n');
        }
        b.append("paused: ").append(s.paused()).append(s.paused() ? " (" + s.pauseReason() + ")" : "").append('\n');
        config.entrySet().stream().filter(e -> e.getKey().startsWith("risk.") || e.getKey().startsWith("halts."))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> b.append(e.getKey()).append(": ").append(e.getValue()).append('\n'));
        return b.toString().strip();
    }

    private String signals() {
        List<Decision> last = recent.newest(8);
        if (last.isEmpty()) {
            return "no decisions yet";
        }
        StringBuilder b = new StringBuilder("SIGNALS (newest last)\n");
        for (Decision d : last) {
            b.append(d.ts()).append(' ').append(d.symbol()).append(' ').append(d.trigger()).append(": ")
                    .append(d.verdict() == null ? "none" : d.verdict().status());
            if (d.proposal() != null) {
                b.append(' ').append(d.proposal().side()).append(' ').append(d.proposal().strategy());
            }
            if (d.patterns() != null && !d.patterns().isEmpty()) {
                b.append(", patterns ").append(String.join(",", d.patterns()));
            }
            if (d.vetoes() != null && !d.vetoes().isEmpty()) {
                b.append(", vetoes ").append(d.vetoes().stream().map(v -> v.tier() + ":" + v.rule()).toList());
            }
            b.append('\n');
        }
        return b.toString().strip();
    }

    private String emergency(String who) throws ExecutionException, InterruptedException, TimeoutException {
        CompletableFuture<KernelStatus> paused = control.pause("telegram /emergency by " + who);
        CompletableFuture<List<String>> exits = control.flatten("telegram /emergency by " + who);
        await(paused, KERNEL_TIMEOUT_MS);
        List<String> links = await(exits, KERNEL_TIMEOUT_MS);
        return "EMERGENCY: paused; " + (links.isEmpty() ? "no positions to close" : "closing " + links.size()
                + " position(s) at market: " + String.join(", ", links)) + ". /resume after review.";
    }

    static String reload(RulesSwap swap) {
        if (swap.swapped()) {
            return "rules reloaded: " + swap.oldHash() + " -> " + swap.newHash() + " (built in " + swap.buildMillis()
                    + " ms)";
        }
        return "reload refused (" + swap.status() + "); still running " + swap.oldHash() + "\nerrors:\n"
                + String.join("\n", swap.errors());
    }
}
