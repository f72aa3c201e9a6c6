package kairos.ops.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kairos.engine.execution.TradeRecord;
import kairos.engine.kernel.KernelReport;
import kairos.engine.kernel.KernelStatus;
import kairos.engine.kernel.TradingControl;
import kairos.engine.ml.MlScore;
import kairos.engine.rules.RuleError;
import kairos.engine.rules.RulesSwap;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static kairos.ops.api.ApiCalls.Answer;
import static kairos.ops.api.ApiCalls.JSON;
import static kairos.ops.api.ApiCalls.jsonBody;
import static kairos.ops.api.ApiCalls.error;

/** The built-in endpoints of the control API (docs/api.md); every command goes through {@link TradingControl}. */
final class ControlRoutes extends RouteBuilder {
    /** Drawdown tiers of R6.16-R6.18 (the defaults of rules/params/risk.drl): above 5%, 8%, 10%. */
    static final double TIER_HALF_SIZE = 0.05;
    static final double TIER_HIGH_CONFIDENCE = 0.08;
    static final double TIER_STOP = 0.10;
    static final long STATUS_MAX_AGE_MS = 100;
    static final List<String> OVERRIDE_ACTIONS = List.of("flatten", "close", "pause");

    private final ApiCalls calls;
    private final TradingControl control;
    private final ConfigAccess config;
    /** Read-only status answers: at most one kernel command per 100 ms, however many requests come. */
    private final StatusCoalescer status;

    ControlRoutes(ApiCalls calls, TradingControl control, ConfigAccess config) {
        this.calls = calls;
        this.control = control;
        this.config = config;
        this.status = new StatusCoalescer(control::statusNow, System::currentTimeMillis, STATUS_MAX_AGE_MS);
    }

    /** A JSON text rendered once per kernel status, however many requests share that status. */
    static final class Rendered {
        private final java.util.function.Function<KernelStatus, ObjectNode> render;
        private KernelStatus of;
        private String text;

        Rendered(java.util.function.Function<KernelStatus, ObjectNode> render) {
            this.render = render;
        }

        synchronized String of(KernelStatus s) {
            if (s != of) {
                text = render.apply(s).toString();
                of = s;
            }
            return text;
        }
    }

    @Override
    public void configure() {
        get("/health", "health", calls.open(ex -> JSON.createObjectNode().put("status", "ok")));
        Rendered statusText = new Rendered(ControlApi::statusJson);
        Rendered positionsText = new Rendered(ControlApi::positionsJson);
        get("/status", "status", calls.guardedText(ex -> statusText.of(calls.await(status.status()))));
        get("/positions", "positions", calls.guardedText(ex -> positionsText.of(calls.await(status.status()))));
        get("/positions/history", "positions-history", calls.guarded(ex -> history(calls.await(control.report()))));
        post("/positions/close/{id}", "positions-close", calls.guarded(this::close));
        get("/config", "config-get", calls.guarded(ex -> JSON.createObjectNode().set("config", config.effective())));
        from("platform-http:/config?httpMethodRestrict=PUT").routeId("config-put")
                .process(ex -> status.invalidate())
                .process(calls.guarded(ex -> change(() -> config.update(jsonBody(ex, false)))));
        post("/config/reload", "config-reload", calls.guarded(ex -> change(config::reload)));
        post("/trading/pause", "trading-pause", calls.guarded(this::pause));
        post("/trading/resume", "trading-resume", calls.guarded(ex -> {
            jsonBody(ex, true);
            return ControlApi.statusJson(calls.await(control.resume()));
        }));
        post("/trading/override", "trading-override", calls.guarded(this::override));
        get("/analytics/performance", "analytics-performance",
                calls.guarded(ex -> performance(calls.await(control.report()))));
        get("/analytics/risk", "analytics-risk", calls.guarded(ex -> risk(calls.await(control.report()))));
        get("/analytics/predictions", "analytics-predictions",
                calls.guarded(ex -> predictions(calls.await(control.report()))));
        post("/rules/reload", "rules-reload", calls.guarded(ex -> reload(calls, control, "control API")));
    }

    private void get(String path, String id, org.apache.camel.Processor p) {
        from("platform-http:" + path + "?httpMethodRestrict=GET").routeId(id).process(p);
    }

    /** A command: the status seen by later requests is taken after it (never a shared answer from before). */
    private void post(String path, String id, org.apache.camel.Processor p) {
        from("platform-http:" + path + "?httpMethodRestrict=POST").routeId(id).process(ex -> {
            status.invalidate();
            try {
                p.process(ex);
            } finally {
                status.invalidate();
            }
        });
    }

    // ---- positions and trading --------------------------------------------------------------------------------

    /** {@code id} is the position's id in {@code /positions}: its symbol (one position per symbol, one-way mode). */
    private ObjectNode close(Exchange ex) throws InterruptedException {
        String id = ex.getIn().getHeader("id", String.class);
        String symbol = id == null ? "" : id.strip().toUpperCase(Locale.ROOT);
        KernelStatus s = calls.await(control.status());
        if (s.positions().stream().noneMatch(p -> p.symbol().equals(symbol))) {
            throw Answer.notFound("no open position with id '" + id + "' (ids are the symbols of GET /positions)");
        }
        String link = calls.await(control.closePosition(symbol));
        return JSON.createObjectNode().put("id", symbol).put("symbol", symbol).put("order_link_id", link);
    }

    private ObjectNode pause(Exchange ex) throws InterruptedException {
        ObjectNode b = jsonBody(ex, true);
        ApiCalls.onlyKeys(b, List.of("reason"));
        return ControlApi.statusJson(calls.await(control.pause(ApiCalls.text(b, "reason", null))));
    }

    /**
     * The operator's override: {@code flatten} (emergency stop: pause new entries, cancel every entry being worked
     * and close every position at market), {@code close} (one symbol's position at market) or {@code pause}.
     */
    private ObjectNode override(Exchange ex) throws InterruptedException {
        ObjectNode b = jsonBody(ex, false);
        ApiCalls.onlyKeys(b, List.of("action", "symbol", "reason"));
        String action = ApiCalls.text(b, "action", null);
        if (action == null) {
            throw Answer.badField("action", "required: one of " + String.join(", ", OVERRIDE_ACTIONS));
        }
        if (!OVERRIDE_ACTIONS.contains(action)) {
            throw Answer.badField("action", "'" + action + "' is not one of " + String.join(", ", OVERRIDE_ACTIONS));
        }
        String reason = ApiCalls.text(b, "reason", "operator override: " + action);
        String symbolText = ApiCalls.text(b, "symbol", null);
        ObjectNode out = JSON.createObjectNode().put("action", action);
        switch (action) {
            case "flatten" -> {
                if (symbolText != null) {
                    throw Answer.badField("symbol", "flatten closes every position; use action close for one symbol");
                }
                calls.await(control.pause(reason));
                ArrayNode exits = out.putArray("order_link_ids");
                calls.await(control.flatten(reason)).forEach(exits::add);
            }
            case "close" -> {
                if (symbolText == null || symbolText.isBlank()) {
                    throw Answer.badField("symbol", "required for action close");
                }
                String symbol = symbolText.strip().toUpperCase(Locale.ROOT);
                KernelStatus s = calls.await(control.status());
                if (!s.symbols().contains(symbol)) {
                    throw Answer.badField("symbol", "'" + symbolText + "' is not traded in this session (traded: "
                            + String.join(", ", s.symbols()) + ")");
                }
                out.put("symbol", symbol).put("order_link_id", calls.await(control.closePosition(symbol)));
            }
            default -> {
                if (symbolText != null) {
                    throw Answer.badField("symbol", "pause stops every symbol's entries; leave symbol out");
                }
                calls.await(control.pause(reason));
            }
        }
        out.set("status", ControlApi.statusJson(calls.await(control.status())));
        return out;
    }

    private static ObjectNode history(KernelReport r) {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode list = o.putArray("trades");
        for (TradeRecord t : r.closedTrades()) {
            ObjectNode n = list.addObject();
            n.put("id", t.id());
            n.put("symbol", t.symbol());
            n.put("side", t.side().name());
            n.put("strategy", t.strategy());
            n.put("entry_time", Instant.ofEpochMilli(t.entryTime()).toString());
            n.put("entry_price", t.entryPrice());
            n.put("exit_time", Instant.ofEpochMilli(t.exitTime()).toString());
            n.put("exit_price", t.exitPrice());
            n.put("qty", t.qty());
            n.put("gross_pnl", t.grossPnl());
            n.put("fees", t.fees());
            n.put("funding", t.funding());
            n.put("net_pnl", t.netPnl());
            n.put("exit_reason", t.exitReason());
        }
        return o;
    }

    // ---- configuration ----------------------------------------------------------------------------------------

    private static ObjectNode change(java.util.function.Supplier<ConfigAccess.Change> change) {
        ConfigAccess.Change c;
        try {
            c = change.get();
        } catch (ConfigAccess.Refused r) {
            ObjectNode o = error(r.getMessage());
            if (!r.errors().isEmpty()) {
                o.put("field", r.errors().getFirst().field());
            }
            ArrayNode list = o.putArray("errors");
            r.errors().forEach(e -> list.addObject().put("field", e.field()).put("message", e.message()));
            throw new Answer(400, o);
        }
        ObjectNode o = JSON.createObjectNode();
        ArrayNode applied = o.putArray("applied");
        c.applied().forEach(applied::add);
        ArrayNode restart = o.putArray("restart_required");
        c.restartRequired().forEach(restart::add);
        o.set("config", c.effective());
        return o;
    }

    // ---- rules ------------------------------------------------------------------------------------------------

    /**
     * The one-unit hot reload (DRL, EPL, scenarios): 200 with the hash now running, 422 with the errors while the
     * old rules and statements keep running. Also what the file watch calls.
     */
    static ObjectNode reload(ApiCalls calls, TradingControl control, String trigger) throws InterruptedException {
        RulesSwap swap = calls.await(control.reloadRules(trigger), ControlApi.RELOAD_TIMEOUT_MS);
        ObjectNode o = JSON.createObjectNode();
        o.put("status", swap.status());
        if (swap.swapped()) {
            o.put("ruleset_hash", swap.newHash());
            o.put("previous_hash", swap.oldHash());
            return o;
        }
        o.put("error", swap.status().equals("superseded") ? "a newer reload request replaced this one"
                : "the rules were refused; the running ones (" + swap.oldHash() + ") keep deciding");
        o.put("ruleset_hash", swap.oldHash());
        ArrayNode errors = o.putArray("errors");
        for (String e : swap.errors()) {
            RuleError re = RuleError.parse(e);
            errors.addObject().put("file", re.file()).put("line", re.line()).put("column", re.column())
                    .put("message", re.message());
        }
        throw new Answer(swap.status().equals("superseded") ? 409 : 422, o);
    }

    // ---- analytics --------------------------------------------------------------------------------------------

    /** KPIs of the closed trades so far (MISSION §1.2: win rate, reward:risk, profit factor, expectancy). */
    static ObjectNode performance(KernelReport r) {
        List<TradeRecord> trades = r.closedTrades();
        int wins = 0;
        int losses = 0;
        double winSum = 0;
        double lossSum = 0;
        double gross = 0;
        double fees = 0;
        double funding = 0;
        double net = 0;
        double rSum = 0;
        int rCount = 0;
        for (TradeRecord t : trades) {
            gross += t.grossPnl();
            fees += t.fees();
            funding += t.funding();
            net += t.netPnl();
            if (t.netPnl() > 0) {
                wins++;
                winSum += t.netPnl();
            } else if (t.netPnl() < 0) {
                losses++;
                lossSum += t.netPnl();
            }
            if (t.initialRisk() > 0) {
                rSum += t.netPnl() / t.initialRisk();
                rCount++;
            }
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("trades", trades.size());
        o.put("wins", wins);
        o.put("losses", losses);
        number(o, "win_rate", trades.isEmpty() ? Double.NaN : (double) wins / trades.size());
        o.put("gross_pnl", gross);
        o.put("fees", fees);
        o.put("funding", funding);
        o.put("net_pnl", net);
        double avgWin = wins == 0 ? Double.NaN : winSum / wins;
        double avgLoss = losses == 0 ? Double.NaN : lossSum / losses;
        number(o, "avg_win", avgWin);
        number(o, "avg_loss", avgLoss);
        number(o, "reward_risk", avgWin / -avgLoss);
        number(o, "profit_factor", lossSum == 0 ? Double.NaN : winSum / -lossSum);
        number(o, "expectancy", trades.isEmpty() ? Double.NaN : net / trades.size());
        number(o, "avg_r", rCount == 0 ? Double.NaN : rSum / rCount);
        o.put("equity", r.status().equity());
        o.put("peak_equity", r.peakEquity());
        o.put("drawdown", r.drawdown());
        o.put("daily_pnl", r.dailyPnl());
        return o;
    }

    static ObjectNode risk(KernelReport r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("drawdown", r.drawdown());
        o.put("drawdown_tier", tier(r.drawdown(), r.halts().blackSwanDrawdown()));
        o.put("daily_pnl", r.dailyPnl());
        o.put("equity", r.status().equity());
        o.put("peak_equity", r.peakEquity());
        o.put("exposure", r.exposure());
        number(o, "exposure_ratio", r.status().equity() > 0 ? r.exposure() / r.status().equity() : Double.NaN);
        o.put("open_risk", r.openRisk());
        o.put("open_positions", r.status().positions().size());
        o.put("paused", r.status().paused());
        ObjectNode limits = o.putObject("limits");
        limits.put("max_risk_per_trade", r.limits().maxRiskPerTrade());
        limits.put("max_leverage", r.limits().maxLeverage());
        limits.put("max_drawdown", r.limits().maxDrawdown());
        limits.put("max_daily_loss", r.limits().maxDailyLoss());
        limits.put("max_open_risk", r.limits().maxOpenRisk());
        ObjectNode halts = o.putObject("halts");
        halts.put("flash_move_max", r.halts().flashMoveMax());
        halts.put("flash_pause_minutes", r.halts().flashPauseMinutes());
        halts.put("stale_feed_seconds", r.halts().staleFeedSeconds());
        halts.put("latency_critical_ms", r.halts().latencyCriticalMs());
        halts.put("api_error_rate_max", r.halts().apiErrorRateMax());
        halts.put("delisting_hours", r.halts().delistingHours());
        halts.put("black_swan_drawdown", r.halts().blackSwanDrawdown());
        return o;
    }

    /** The drawdown tier's name: normal, half_size (> 5%), high_confidence_only (> 8%), stop (> 10%), black_swan. */
    static String tier(double drawdown, double blackSwan) {
        return drawdown > blackSwan ? "black_swan" : drawdown > TIER_STOP ? "stop"
                : drawdown > TIER_HIGH_CONFIDENCE ? "high_confidence_only" : drawdown > TIER_HALF_SIZE ? "half_size"
                : "normal";
    }

    static ObjectNode predictions(KernelReport r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("model_version", r.status().modelVersion());
        ArrayNode list = o.putArray("predictions");
        Map<String, MlScore> sorted = new TreeMap<>(r.latestScores());
        for (MlScore s : sorted.values()) {
            ObjectNode n = list.addObject();
            n.put("symbol", s.getSymbol());
            n.put("time", Instant.ofEpochMilli(s.getTime()).toString());
            n.put("model_version", s.getModelVersion());
            number(n, "p_up", s.getPUp());
            number(n, "p_down", s.getPDown());
            number(n, "p_flat", s.getPFlat());
            number(n, "edge", s.getEdge());
            number(n, "confidence", s.getConfidence());
            number(n, "agreement", s.getAgreement());
        }
        return o;
    }

    /** A number, or null when it is not defined (no trades yet): JSON has no NaN. */
    private static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }
}
