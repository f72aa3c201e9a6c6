package kairos.app.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
