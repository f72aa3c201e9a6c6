package kairos.app.config;

import kairos.engine.domain.Instrument;
import kairos.engine.domain.Market;
import kairos.engine.domain.Timeframe;
import kairos.engine.execution.FeeSchedule;
import kairos.engine.risk.RiskLimits;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The validated configuration ({@code config/kairos.yaml}). Sections are records bound by Jackson with snake_case
 * keys; {@link #validate} reports every out-of-range value with its key path.
 */
public record KairosConfig(Backtest backtest, Venue venue, Risk risk, Map<String, InstrumentSpec> instruments,
                           Bybit bybit, Api api) {

    public record Backtest(String exchange, String market, List<String> symbols, List<String> contextSymbols,
                           String timeframe, Double initialEquity) {
    }

    public record Venue(Double makerFee, Double takerFee, Double slippage, Integer limitTimeoutBars) {
    }

    public record Risk(Double maxRiskPerTrade, Double maxLeverage) {
    }

    public record InstrumentSpec(BigDecimal tickSize, BigDecimal qtyStep, BigDecimal minQty, BigDecimal minNotional) {
    }

    public record Bybit(String restUrl, String wsPublicUrl, String wsPrivateUrl) {
    }

    public record Api(String bind, Integer port) {
    }

    /** Checks ranges and presence; returns the problems as {@code key.path: message}. */
    public List<String> validate() {
        List<String> e = new ArrayList<>();
        if (backtest == null) {
            e.add("backtest: section missing");
        } else {
            required(e, "backtest.exchange", backtest.exchange);
            try {
                Market.parse(String.valueOf(backtest.market));
            } catch (IllegalArgumentException ex) {
                e.add("backtest.market: " + ex.getMessage());
            }
            if (backtest.symbols == null || backtest.symbols.isEmpty()) {
                e.add("backtest.symbols: at least one traded symbol is required");
            }
            try {
                Timeframe.parse(String.valueOf(backtest.timeframe));
            } catch (IllegalArgumentException ex) {
                e.add("backtest.timeframe: " + ex.getMessage());
            }
            range(e, "backtest.initial_equity", backtest.initialEquity, 1, 1e12);
        }
        if (venue == null) {
            e.add("venue: section missing");
        } else {
            range(e, "venue.maker_fee", venue.makerFee, -0.001, 0.01);
            range(e, "venue.taker_fee", venue.takerFee, 0, 0.01);
            range(e, "venue.slippage", venue.slippage, 0, 0.05);
            range(e, "venue.limit_timeout_bars", venue.limitTimeoutBars == null ? null : venue.limitTimeoutBars.doubleValue(), 1, 1000);
        }
        if (risk == null) {
            e.add("risk: section missing");
        } else {
            if (risk.maxRiskPerTrade != null && risk.maxRiskPerTrade > RiskLimits.RISK_PER_TRADE_CAP) {
                e.add("risk.max_risk_per_trade: " + risk.maxRiskPerTrade + " is above the hard cap "
                        + RiskLimits.RISK_PER_TRADE_CAP + " (2% of equity, R6.1); rules and config can only be stricter");
            } else {
                range(e, "risk.max_risk_per_trade", risk.maxRiskPerTrade, 1e-6, RiskLimits.RISK_PER_TRADE_CAP);
            }
            range(e, "risk.max_leverage", risk.maxLeverage, 0.1, 10);
        }
        if (instruments == null || instruments.isEmpty()) {
            e.add("instruments: at least one instrument is required");
        } else {
            for (Map.Entry<String, InstrumentSpec> i : new TreeMap<>(instruments).entrySet()) {
                String k = "instruments." + i.getKey();
                InstrumentSpec s = i.getValue();
                if (s == null) {
                    e.add(k + ": empty");
                    continue;
                }
                positive(e, k + ".tick_size", s.tickSize);
                positive(e, k + ".qty_step", s.qtyStep);
                nonNegative(e, k + ".min_qty", s.minQty);
                nonNegative(e, k + ".min_notional", s.minNotional);
            }
            if (backtest != null && backtest.symbols != null) {
                for (String sym : backtest.symbols) {
                    if (!instruments.containsKey(sym)) {
                        e.add("backtest.symbols: " + sym + " has no entry under instruments");
                    }
                }
            }
        }
        if (api != null) {
            range(e, "api.port", api.port == null ? null : api.port.doubleValue(), 1, 65535);
            required(e, "api.bind", api.bind);
        }
        return e;
    }

    private static void required(List<String> e, String key, String value) {
        if (value == null || value.isBlank()) {
            e.add(key + ": required");
        }
    }

    private static void range(List<String> e, String key, Double value, double min, double max) {
        if (value == null) {
            e.add(key + ": required");
        } else if (!(value >= min && value <= max)) {
            e.add(key + ": " + value + " is out of range [" + min + ", " + max + "]");
        }
    }

    private static void positive(List<String> e, String key, BigDecimal value) {
        if (value == null || value.signum() <= 0) {
            e.add(key + ": must be > 0");
        }
    }

    private static void nonNegative(List<String> e, String key, BigDecimal value) {
        if (value == null || value.signum() < 0) {
            e.add(key + ": must be >= 0");
        }
    }

    public FeeSchedule feeSchedule() {
        return new FeeSchedule(venue.makerFee, venue.takerFee, venue.slippage);
    }

    public RiskLimits riskLimits() {
        return new RiskLimits(risk.maxRiskPerTrade, risk.maxLeverage);
    }

    public Map<String, Instrument> instrumentMap() {
        Map<String, Instrument> out = new LinkedHashMap<>();
        instruments.forEach((sym, s) -> out.put(sym, new Instrument(sym, s.tickSize, s.qtyStep, s.minQty, s.minNotional)));
        return out;
    }
}
