package kairos.app.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    @TempDir
    Path tmp;

    static Path shipped() {
        String dir = System.getProperty("kairos.project.dir");
        Path p = (dir != null ? Path.of(dir) : Path.of("..")).resolve("config/kairos.yaml");
        return Files.exists(p) ? p : Path.of("../config/kairos.yaml");
    }

    Path variant(String from, String to) throws IOException {
        String text = Files.readString(shipped());
        assertThat(text).contains(from);
        Path f = tmp.resolve("k.yaml");
        Files.writeString(f, text.replace(from, to));
        return f;
    }

    @Test
    void shippedConfigLoadsWithItsDocumentedDefaults() {
        KairosConfig c = ConfigLoader.load(shipped(), Map.of());
        assertThat(c.backtest().symbols()).containsExactly("SOLUSDT");
        assertThat(c.feeSchedule().makerFee()).isEqualTo(0.0002);
        assertThat(c.feeSchedule().takerFee()).isEqualTo(0.00055);
        assertThat(c.riskLimits().maxRiskPerTrade()).isEqualTo(0.01);
        assertThat(c.instrumentMap().get("SOLUSDT").qtyStep()).isEqualByComparingTo("0.1");
        assertThat(c.api().bind()).isEqualTo("127.0.0.1");
        assertThat(c.bybit().restUrl()).isEqualTo("https://api.bybit.com");
    }

    @Test
    void environmentOverridesEndpoints() {
        KairosConfig c = ConfigLoader.load(shipped(), Map.of("KAIROS_BYBIT_REST_URL", "http://127.0.0.1:9000",
                "KAIROS_BYBIT_WS_PUBLIC_URL", "ws://127.0.0.1:9001", "KAIROS_API_PORT", "9090", "KAIROS_API_BIND", "0.0.0.0"));
        assertThat(c.bybit().restUrl()).isEqualTo("http://127.0.0.1:9000");
        assertThat(c.bybit().wsPublicUrl()).isEqualTo("ws://127.0.0.1:9001");
        assertThat(c.api().port()).isEqualTo(9090);
        assertThat(c.api().bind()).isEqualTo("0.0.0.0");
        assertThatThrownBy(() -> ConfigLoader.load(shipped(), Map.of("KAIROS_API_PORT", "eighty")))
                .hasMessageContaining("KAIROS_API_PORT");
    }

    @Test
    void unknownKeysNameTheKeyPathAndLine() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(variant("taker_fee", "taker_fees"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'venue.taker_fees'")
                .hasMessageMatching("(?s).*k\\.yaml:\\d+:\\d+: .*");
    }

    @Test
    void outOfRangeValuesAreRefusedWithTheirKey() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(variant("max_risk_per_trade: 0.01", "max_risk_per_trade: 0.05"), Map.of()))
                .hasMessageContaining("risk.max_risk_per_trade: 0.05 is above the hard cap");
        assertThatThrownBy(() -> ConfigLoader.load(variant("taker_fee: 0.00055", "taker_fee: -1"), Map.of()))
                .hasMessageContaining("venue.taker_fee: -1.0 is out of range");
        assertThatThrownBy(() -> ConfigLoader.load(variant("timeframe: 5m", "timeframe: 7m"), Map.of()))
                .hasMessageContaining("backtest.timeframe");
        assertThatThrownBy(() -> ConfigLoader.load(variant("market: perp", "market: options"), Map.of()))
                .hasMessageContaining("backtest.market");
        assertThatThrownBy(() -> ConfigLoader.load(variant("symbols: [SOLUSDT]", "symbols: [DOGEUSDT]"), Map.of()))
                .hasMessageContaining("DOGEUSDT has no entry under instruments");
        assertThatThrownBy(() -> ConfigLoader.load(variant("tick_size: 0.01, qty_step: 0.1", "tick_size: 0, qty_step: 0.1"), Map.of()))
                .hasMessageContaining("instruments.SOLUSDT.tick_size: must be > 0");
        assertThatThrownBy(() -> ConfigLoader.load(variant("port: 8080", "port: 70000"), Map.of()))
                .hasMessageContaining("api.port");
        assertThatThrownBy(() -> ConfigLoader.load(variant("initial_equity: 10000", "initial_equity: lots"), Map.of()))
                .hasMessageContaining("backtest.initial_equity");
    }

    @Test
    void theJitWarmupHasItsDefaultAndACheckedRange() throws IOException {
        assertThat(ConfigLoader.load(shipped(), Map.of()).runOrDefaults().jitWarmupDays()).isEqualTo(2.0);
        assertThat(ConfigLoader.load(variant("  jit_warmup_days: 2", "  # none"), Map.of()).runOrDefaults()
                .jitWarmupDays()).isEqualTo(KairosConfig.Run.DEFAULTS.jitWarmupDays());
        assertThat(ConfigLoader.load(variant("jit_warmup_days: 2", "jit_warmup_days: 0"), Map.of()).runOrDefaults()
                .jitWarmupDays()).isZero();
        assertThatThrownBy(() -> ConfigLoader.load(variant("jit_warmup_days: 2", "jit_warmup_days: 31"), Map.of()))
                .hasMessageMatching("(?s).*k\\.yaml:\\d+:3: run\\.jit_warmup_days: 31\\.0 is out of range \\[0\\.0, 30\\.0\\].*");
    }

    @Test
    void theBinanceFallbackHasItsDefaultsAnEnvironmentOverrideAndCheckedValues() throws IOException {
        KairosConfig shipped = ConfigLoader.load(shipped(), Map.of());
        assertThat(shipped.binanceOrDefault().wsUrlOrDefault()).isEqualTo("wss://fstream.binance.com");
        assertThat(shipped.runOrDefaults().fallbackAfterSeconds()).isEqualTo(10.0);
        assertThat(shipped.runOrDefaults().tradeOnFallback()).isFalse();
        assertThat(ConfigLoader.load(shipped(), Map.of("KAIROS_BINANCE_WS_URL", "ws://127.0.0.1:9002"))
                .binanceOrDefault().wsUrlOrDefault()).isEqualTo("ws://127.0.0.1:9002");
        KairosConfig none = ConfigLoader.load(variant("  ws_url: wss://fstream.binance.com", "  # none"), Map.of());
        assertThat(none.binanceOrDefault().wsUrlOrDefault()).isEqualTo(KairosConfig.DEFAULT_BINANCE_WS_URL);
        KairosConfig dflt = ConfigLoader.load(variant("  fallback_after_seconds: 10", "  # none"), Map.of());
        assertThat(dflt.runOrDefaults().fallbackAfterSeconds()).isEqualTo(10.0);
        assertThatThrownBy(() -> ConfigLoader.load(variant("fallback_after_seconds: 10", "fallback_after_seconds: 0.5"), Map.of()))
                .hasMessageMatching("(?s).*k\\.yaml:\\d+:3: run\\.fallback_after_seconds: 0\\.5 is out of range \\[1\\.0, 3600\\.0\\].*");
        assertThatThrownBy(() -> ConfigLoader.load(variant("ws_url: wss://fstream.binance.com", "ws_url: https://fapi.binance.com"), Map.of()))
                .hasMessageMatching("(?s).*k\\.yaml:\\d+:3: binance\\.ws_url: 'https://fapi.binance.com' is not a WebSocket URL.*");
        assertThatThrownBy(() -> ConfigLoader.load(shipped(), Map.of("KAIROS_BINANCE_WS_URL", "ws://")))
                .hasMessageContaining("binance.ws_url: 'ws://' ");
    }

    @Test
    void missingEmptyOrBrokenFilesAreClear() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(tmp.resolve("none.yaml"), Map.of())).hasMessageContaining("no such config file");
        Path empty = tmp.resolve("empty.yaml");
        Files.writeString(empty, "");
        assertThatThrownBy(() -> ConfigLoader.load(empty, Map.of())).hasMessageContaining("empty config");
        Path broken = tmp.resolve("broken.yaml");
        Files.writeString(broken, "backtest: [unclosed\n");
        assertThatThrownBy(() -> ConfigLoader.load(broken, Map.of())).isInstanceOf(ConfigException.class);
        Path partial = tmp.resolve("partial.yaml");
        Files.writeString(partial, "api: {bind: 127.0.0.1, port: 8080}\n");
        assertThatThrownBy(() -> ConfigLoader.load(partial, Map.of()))
                .hasMessageContaining("backtest: section missing").hasMessageContaining("venue: section missing")
                .hasMessageContaining("risk: section missing").hasMessageContaining("instruments: at least one");
    }

    /** The 1-based line of the first line of the shipped config that starts (after spaces) with {@code key:}. */
    static int lineOf(String key) throws IOException {
        List<String> lines = Files.readAllLines(shipped());
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).stripLeading().startsWith(key + ":")) {
                return i + 1;
            }
        }
        throw new AssertionError(key + " is not in the shipped config");
    }

    @Test
    void aKeyGivenTwiceIsAnErrorNamingBothLines() throws IOException {
        int line = lineOf("taker_fee");
        Path f = variant("  taker_fee: 0.00055", "  taker_fee: 0.00055\n  taker_fee: 0.001");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining(f + ":" + (line + 1) + ":3: duplicate key 'venue.taker_fee' (first at line " + line + ")");
    }

    @Test
    void aValueOfTheWrongTypeIsAnErrorNotAConversion() throws IOException {
        int line = lineOf("latency_ms");
        Path f = variant("latency_ms: 100", "latency_ms: 1.5");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
                .hasMessageContaining(f + ":" + line + ":3: bad value for 'venue.latency_ms': expected a whole number, got 1.5");
        assertThatThrownBy(() -> ConfigLoader.load(variant("maker_fee: 0.0002", "maker_fee: \"0.0002\""), Map.of()))
                .hasMessageContaining("bad value for 'venue.maker_fee': expected a number");
        assertThatThrownBy(() -> ConfigLoader.load(variant("breakeven_after_tp1: true", "breakeven_after_tp1: 1"), Map.of()))
                .hasMessageContaining("bad value for 'execution.breakeven_after_tp1': expected true or false");
        assertThatThrownBy(() -> ConfigLoader.load(variant("exchange: bybit", "exchange: 7"), Map.of()))
                .hasMessageContaining("bad value for 'backtest.exchange': expected a text");
    }

    @Test
    void errorsStandOnTheLineOfTheirKey() throws IOException {
        int typo = lineOf("max_leverage");
        Path f = variant("max_leverage: 3 ", "max_leverag: 3 ");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
                .hasMessageContaining(f + ":" + typo + ":3: unknown key 'risk.max_leverag' (did you mean 'max_leverage'?)");
        int fee = lineOf("taker_fee");
        Path range = variant("taker_fee: 0.00055", "taker_fee: 0.5");
        assertThatThrownBy(() -> ConfigLoader.load(range, Map.of()))
                .hasMessageContaining(range + ":" + fee + ":3: venue.taker_fee: 0.5 is out of range");
        int venue = lineOf("venue");
        Path missing = variant("  participation: 0.1 ", "  # participation removed ");
        assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of()))
                .hasMessageContaining(missing + ":" + venue + ":1: venue.participation: required");
        int budget = lineOf("decision_budget_ms");
        Path low = variant("decision_budget_ms: 10000", "decision_budget_ms: 1");
        assertThatThrownBy(() -> ConfigLoader.load(low, Map.of()))
                .hasMessageContaining(low + ":" + budget + ":3: rules.decision_budget_ms: 1.0 is out of range");
    }

    @Test
    void theNewSectionsHaveDefaultsWhenAnOlderFileLacksThem() throws IOException {
        String text = Files.readString(shipped());
        Path old = tmp.resolve("old.yaml");
        Files.writeString(old, text.substring(0, text.indexOf("\nrules:")).replace("  connect_attempts: 6", "  # none"));
        KairosConfig c = ConfigLoader.load(old, Map.of());
        assertThat(c.rulesOrDefault().decisionBudgetMsOrDefault()).isEqualTo(KairosConfig.DEFAULT_DECISION_BUDGET_MS);
        assertThat(c.journalOrDefault().keepRunsOrDefault()).isEqualTo(10);
        assertThat(c.bybit().connectAttemptsOrDefault()).isEqualTo(6);
        KairosConfig shipped = ConfigLoader.load(shipped(), Map.of());
        assertThat(shipped.rules().decisionBudgetMs()).isEqualTo(10_000);
        assertThat(shipped.journal().keepRuns()).isEqualTo(10);
        assertThat(shipped.bybit().connectAttempts()).isEqualTo(6);
    }
}
