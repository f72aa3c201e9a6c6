package kairos.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import kairos.engine.domain.FundingRate;
import kairos.engine.domain.Market;
import kairos.engine.domain.SeriesId;
import kairos.engine.domain.Timeframe;

/**
 * Builds the bundled sample in the project's {@code data/} from the freqtrade downloads in {@code ../shared/data}.
 * Run once, by hand, when the sample must change:
 * {@code ./mvnw -o -pl engine test -Dtest=BundledDataBuilder -Dkairos.bundle.build=true}.
 *
 * <p>The sources go through the store's own import, so that stitching the two Binance sets fails loudly should
 * their overlap differ in any value; the CSVs written are then imported again and compared with the sources.
 */
@EnabledIfSystemProperty(named = "kairos.bundle.build", matches = "true")
class BundledDataBuilder {

    private static final List<String> SYMBOLS = List.of("BTC", "ETH", "SOL");
    private static final String TYPHONUN = "binance-usdm-1m-2025-05_typhonun-DcaTpStrategy";
    private static final String SNOWGURU = "binance-usdm-1m-2025-05_2025-06_TheSnowGuru-Market-Swarm-Agents";
    private static final String LOGASHAN = "bybit-5m-2025-04_2025-08_Logashan-freqtrade-news-ml";

    @TempDir
    Path tmp;

    @Test
    void build() throws Exception {
        Path shared = TestData.shared().resolve("data");
        Path data = Path.of(System.getProperty("kairos.project.dir")).resolve("data");
        MarketStore sources = new MarketStore(tmp.resolve("sources"));
        List<String> log = new ArrayList<>();

        List<Path> binance = new ArrayList<>();
        List<Path> bybit = new ArrayList<>();
        for (String s : SYMBOLS) {
            for (String set : List.of(TYPHONUN, SNOWGURU)) {
                binance.add(shared.resolve(set).resolve(s + "_USDT_USDT-1m-futures.feather"));
                binance.add(shared.resolve(set).resolve(s + "_USDT_USDT-8h-funding_rate.feather"));
            }
            bybit.add(shared.resolve(LOGASHAN).resolve(s + "_USDT_USDT-5m-futures.feather"));
            bybit.add(shared.resolve(LOGASHAN).resolve(s + "_USDT_USDT-8h-funding_rate.feather"));
        }
        for (ImportResult.SeriesImport r : sources.importFiles(binance, ImportHints.none().withExchange("binance"))
                .series()) {
            log.add(r.id() + ": " + r.rowsInFiles() + " source rows, " + (r.rowsInFiles() - r.rowsStored())
                    + " identical in both sets, " + r.rowsStored() + " after stitching, gaps " + r.gaps());
        }
        sources.importFiles(bybit, ImportHints.none().withExchange("bybit"));

        StringBuilder table = new StringBuilder();
        table.append("| file | rows | first | last | gaps | bytes | SHA-256 |\n|---|---|---|---|---|---|---|\n");
        for (SeriesInfo info : sources.list()) {
            SeriesId id = info.id();
            assertThat(info.gaps()).as(id.toString()).isEmpty();
            Path out = data.resolve(id.exchange()).resolve(id.market().label())
                    .resolve(id.symbol() + "-" + (id.isFunding() ? "funding" : id.timeframe().label()) + ".csv.gz");
            if (id.isFunding()) {
                List<FundingRate> rates = sources.funding(id.exchange(), id.market(), id.symbol(), Long.MIN_VALUE,
                        Long.MAX_VALUE);
                for (int i = 1; i < rates.size(); i++) {
                    assertThat(rates.get(i).time() - rates.get(i - 1).time()).as(id + " near-duplicate funding")
                            .isGreaterThan(3_600_000L);
                }
                MarketCsvWriter.writeFunding(out, rates);
            } else {
                MarketCsvWriter.writeCandles(out, sources.candles(id, Long.MIN_VALUE, Long.MAX_VALUE));
            }
            table.append("| `").append(data.relativize(out)).append("` | ").append(info.rows()).append(" | ")
                    .append(TextValues.iso(info.firstOpenTime())).append(" | ").append(TextValues.iso(info.lastOpenTime()))
                    .append(" | ").append(info.gaps().size()).append(" | ").append(Files.size(out)).append(" | `")
                    .append(sha256(out)).append("` |\n");
        }

        MarketStore check = new MarketStore(tmp.resolve("check"));
        BundledData.importInto(check, data);
        assertThat(check.list()).isEqualTo(sources.list());
        for (SeriesInfo info : sources.list()) {
            SeriesId id = info.id();
            if (id.isFunding()) {
                assertThat(check.funding(id.exchange(), id.market(), id.symbol(), Long.MIN_VALUE, Long.MAX_VALUE))
                        .isEqualTo(sources.funding(id.exchange(), id.market(), id.symbol(), Long.MIN_VALUE,
                                Long.MAX_VALUE));
            } else {
                assertThat(check.candles(id, Long.MIN_VALUE, Long.MAX_VALUE))
                        .isEqualTo(sources.candles(id, Long.MIN_VALUE, Long.MAX_VALUE));
            }
        }
        Files.writeString(data.resolve("PROVENANCE.md"), provenance(table.toString(), log));
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String provenance(String table, List<String> stitching) {
        return """
                # Bundled market data

                A small real sample so that a fresh checkout can backtest without downloading anything. It fills
                the default store (`store/`) on first use (`BundledData.importInto`). Layout:
                `data/<exchange>/<market>/<SYMBOL>-<timeframe>.csv.gz` for candles and `<SYMBOL>-funding.csv.gz`
                for funding; `perp` = USDT-margined linear perpetual.

                ## Format

                Gzipped CSV. Candles: header `timestamp,open,high,low,close,volume`; `timestamp` is the bar's
                OPEN time, ISO-8601 UTC; prices in USDT; `volume` in the base asset (SOL, BTC, ETH). Funding:
                header `timestamp,rate`; one row per funding settlement, `rate` a fraction (0.0001 = 0.01%%),
                positive when longs pay shorts; Binance stamps settlements a few milliseconds after the hour, kept
                as recorded. Numbers are printed as the shortest decimal that reads back as the same double, so the
                CSVs import back bit-identical to the source files (checked by the converter).

                ## Sources

                All are freqtrade `download-data` outputs (exchange REST klines via ccxt) committed to public GitHub
                repositories; copies and per-file git blobs are described in `../shared/data/*/PROVENANCE.md`.

                | folder here | exchange / market | source repository | commit | licence |
                |---|---|---|---|---|
                | `binance/perp` (1m, funding) | Binance USD-M perpetual | https://github.com/typhonun/DcaTpStrategy | 49129d487718bec9811388a381f604580fdb1670 | MIT ("Copyright (c) 2025 [typhonun]") |
                | `binance/perp` (1m, funding) | Binance USD-M perpetual | https://github.com/TheSnowGuru/Market-Swarm-Agents- | ebe11053a5631b7a65fc549621e9f52e14374c42 | ambiguous: LICENSE (GPL-3.0 text, inherited from freqtrade) and LICENSE.md (MIT) |
                | `bybit/perp` (5m, funding) | Bybit USDT linear perpetual | https://github.com/Logashan/freqtrade-news-ml | 860ad13e664223b69e2757f078b4c419267e5690 | none stated (no LICENSE file) |

                Licence notes: the data are exchange market prices (facts) re-published by the repositories above;
                Kairos is GPL-2.0-or-later. The Logashan repository states no licence and the TheSnowGuru one is
                ambiguous; the sample is kept small, for testing and research, and its origin is recorded here so
                it can be replaced by a fresh download from the exchanges' public APIs if needed.

                Source files used (in `../shared/data/<set>/`): `{SOL,BTC,ETH}_USDT_USDT-1m-futures.feather` and
                `{SOL,BTC,ETH}_USDT_USDT-8h-funding_rate.feather` from the typhonun and TheSnowGuru sets;
                `{SOL,BTC,ETH}_USDT_USDT-5m-futures.feather` and `{SOL,BTC,ETH}_USDT_USDT-8h-funding_rate.feather`
                from the Logashan set. Mark-price and spot files were not used.

                ## Conversion

                `engine/src/test/java/kairos/engine/data/BundledDataBuilder.java`, run with
                `./mvnw -o -pl engine test -Dtest=BundledDataBuilder -Dkairos.bundle.build=true`: reads the Feather
                files with `FeatherFileReader` (date unit from the Arrow schema), imports them into a scratch
                `MarketStore` (the Binance 1m sets are stitched by the store's merge, which refuses any timestamp
                whose values differ between the two sets; funding is the union with identical settlements
                deduplicated), checks there are no gaps, writes the CSVs with `MarketCsvWriter`, imports the
                written folder with `BundledData.importInto` and checks every series equals the source bit for bit.
                Binance ETH 1m in the typhonun set runs to 2025-06-15; the union is taken. Funding keeps every
                settlement of the sources (it starts before the candles: 2025-03-06 for Binance).

                Stitching (Binance):

                ```
                %s
                ```

                ## Files

                %s""".formatted(String.join("\n", stitching), table);
    }
}
