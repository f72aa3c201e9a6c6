package kairos.bybit.sim;

import kairos.engine.data.CsvFileReader;
import kairos.engine.data.ImportHints;
import kairos.engine.data.ParsedCandles;
import kairos.engine.data.ParsedFile;
import kairos.engine.data.ParsedFunding;
import kairos.engine.domain.Bar;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.Timeframe;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator as a process: serves a tape (bundled 1m bars turned into trades, a {@code kairos record}
 * recording, or a seeded random walk) on 127.0.0.1 at a speed factor with the given keys, prints its URLs (also as
 * {@code KAIROS_BYBIT_*} lines a parent process can read), and runs until stopped (SIGTERM/SIGINT) or, with
 * {@code --exit-at-end}, until the tape is played.
 *
 * <pre>
 * java -cp kairos.jar kairos.bybit.sim.BybitSimulatorMain --tape bundled --symbol SOLUSDT --speed 60 --key sim-key:sim-secret
 * </pre>
 */
public final class BybitSimulatorMain {
    static final String USAGE = """
            usage: BybitSimulatorMain [options]
              --tape bundled|seeded|recording   what to play (default seeded)
              --symbol SYMBOL                   bundled/seeded symbol (default SOLUSDT)
              --data DIR                        bundled data folder (default ./data; its binance/perp 1m bars and funding)
              --bars FILE [--funding FILE]      a 1m candle CSV (timestamp,open,high,low,close,volume) to play instead
              --recording FILE                  a kairos record recording (with --tape recording)
              --from ISO-8601                   first bar played; earlier bars are served as history (default: first bar + 1 day)
              --days N                          days of bars played (default 2)
              --start ISO-8601 --minutes N      seeded tape start and length (default 2025-01-01T00:00:00Z, 1440)
              --seed N                          seed for trades, identifiers and faults (default 1)
              --speed X                         exchange minutes per wall minute (default 60)
              --rest-port N --ws-port N         ports on 127.0.0.1 (default 0: free ones)
              --key KEY:SECRET[:trading|readonly|withdraw]  an accepted API key (repeatable)
              --balance USDT                    initial wallet balance (default 10000)
              --market-timestamps               check request timestamps against the market clock even when faster than real time
              --exit-at-end                     stop when the tape is played
            """;

    private BybitSimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        int code = run(args, System.out, System.err, true);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs with {@code args}; returns the exit code (2 usage error, 1 failure). Blocks while serving when {@code serve}. */
    static int run(String[] args, PrintStream out, PrintStream err, boolean serve) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("BybitSimulatorMain: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (o.help) {
            out.print(USAGE);
            return 0;
        }
        MarketTape tape;
        try {
            tape = tape(o);
        } catch (IOException | RuntimeException e) {
            err.println("BybitSimulatorMain: cannot build the tape: " + e.getMessage());
            return 1;
        }
        BybitSimulator.Builder b = BybitSimulator.builder().tape(tape).seed(o.seed).ports(o.restPort, o.wsPort)
                .initialBalance(o.balance).checkTimestampsAgainstWallClock(o.speed != 1 && !o.marketTimestamps);
        o.keys.forEach(b::apiKey);
        BybitSimulator sim = b.build().start();
        out.println("Bybit V5 simulator on 127.0.0.1, " + tape.events().size() + " tape events from "
                + Instant.ofEpochMilli(sim.now()) + " at " + o.speed + "x");
        out.println("KAIROS_BYBIT_REST_URL=" + sim.restUrl());
        out.println("KAIROS_BYBIT_WS_PUBLIC_URL=" + sim.publicWsUrl());
        out.println("KAIROS_BYBIT_WS_PRIVATE_URL=" + sim.privateWsUrl());
        for (ApiKey k : o.keys) {
            out.println("api key " + k.key() + (k.readOnly() ? " (read-only)" : k.can("Wallet", "Withdraw") ? " (can withdraw)" : " (trading)"));
        }
        out.flush();
        if (!serve) {
            sim.close();
            return 0;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stop.countDown();
        }, "bybit-sim-shutdown"));
        sim.pace(o.speed);
        while (!stop.await(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            if (o.exitAtEnd && sim.tapeFinished()) {
                out.println("tape played to its end at " + Instant.ofEpochMilli(sim.now()));
                sim.close();
                return 0;
            }
        }
        return 0;
    }

    static MarketTape tape(Options o) throws IOException {
        return switch (o.tape) {
            case "seeded" -> {
                SimInstrument i = SimInstrument.known(o.symbol);
                double price = o.symbol.startsWith("BTC") ? 95_000 : o.symbol.startsWith("ETH") ? 3_300 : 150;
                yield MarketTape.randomWalk(o.seed, o.symbol, price, i.tickSize().doubleValue(), o.start, o.minutes);
            }
            case "recording" -> {
                if (o.recording == null) {
                    throw new IllegalArgumentException("--tape recording needs --recording FILE");
                }
                yield MarketTape.fromRecording(o.recording);
            }
            case "bundled" -> {
                Path bars = o.bars != null ? o.bars : o.data.resolve("binance/perp/" + o.symbol + "-1m.csv.gz");
                Path funding = o.funding != null ? o.funding : o.data.resolve("binance/perp/" + o.symbol + "-funding.csv.gz");
                yield bars(o, bars, Files.exists(funding) ? funding : null);
            }
            default -> throw new IllegalArgumentException("unknown --tape " + o.tape + " (bundled, seeded or recording)");
        };
    }

    private static MarketTape bars(Options o, Path barsFile, Path fundingFile) throws IOException {
        if (!Files.isRegularFile(barsFile)) {
            throw new IllegalArgumentException(barsFile + ": no such file (give --data DIR or --bars FILE)");
        }
        CsvFileReader reader = new CsvFileReader();
        ParsedFile parsed = reader.read(barsFile, ImportHints.none().withSymbol(o.symbol).withTimeframe(Timeframe.M1));
        if (!(parsed instanceof ParsedCandles candles)) {
            throw new IllegalArgumentException(barsFile + ": not a candle file (header " + CsvFileReader.CANDLE_HEADER + ")");
        }
        List<Bar> all = candles.candles().bars();
        if (all.isEmpty()) {
            throw new IllegalArgumentException(barsFile + ": no bars");
        }
        long from = o.from != null ? o.from : all.get(0).openTime() + 86_400_000L;
        long to = from + o.days * 86_400_000L;
        List<Bar> used = new ArrayList<>();
        for (Bar bar : all) {
            if (bar.openTime() >= from - 86_400_000L && bar.openTime() < to) {
                used.add(bar);
            }
        }
        List<FundingRate> funding = new ArrayList<>();
        if (fundingFile != null) {
            ParsedFile f = reader.read(fundingFile, ImportHints.none().withSymbol(o.symbol));
            if (f instanceof ParsedFunding pf) {
                pf.rates().stream().filter(r -> r.time() < to).forEach(funding::add);
            }
        }
        return MarketTape.fromBars(o.symbol, used, funding, from, o.seed, 12);
    }

    /** Parsed command line. */
    static final class Options {
        String tape = "seeded";
        String symbol = "SOLUSDT";
        Path data = Path.of(System.getProperty("kairos.home", ".")).resolve("data");
        Path bars;
        Path funding;
        Path recording;
        Long from;
        int days = 2;
        long start = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
        int minutes = 1440;
        long seed = 1;
        double speed = 60;
        int restPort;
        int wsPort;
        String balance = "10000";
        boolean marketTimestamps;
        boolean exitAtEnd;
        boolean help;
        final List<ApiKey> keys = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--help", "-h" -> o.help = true;
                    case "--market-timestamps" -> o.marketTimestamps = true;
                    case "--exit-at-end" -> o.exitAtEnd = true;
                    default -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("option " + a + " needs a value (or is unknown)");
                        }
                        String v = args[++i];
                        try {
                            o.set(a, v);
                        } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
                            throw new IllegalArgumentException("bad value for " + a + ": '" + v + "'");
                        }
                    }
                }
            }
            if (!(o.speed > 0)) {
                throw new IllegalArgumentException("--speed must be > 0, got " + o.speed);
            }
            return o;
        }

        private void set(String option, String v) {
            switch (option) {
                case "--tape" -> tape = v;
                case "--symbol" -> symbol = v;
                case "--data" -> data = Path.of(v);
                case "--bars" -> {
                    bars = Path.of(v);
                    tape = "bundled";
                }
                case "--funding" -> funding = Path.of(v);
                case "--recording" -> recording = Path.of(v);
                case "--from" -> from = Instant.parse(v).toEpochMilli();
                case "--days" -> days = Integer.parseInt(v);
                case "--start" -> start = Instant.parse(v).toEpochMilli();
                case "--minutes" -> minutes = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--speed" -> speed = Double.parseDouble(v);
                case "--rest-port" -> restPort = Integer.parseInt(v);
                case "--ws-port" -> wsPort = Integer.parseInt(v);
                case "--balance" -> balance = new java.math.BigDecimal(v).toPlainString();
                case "--key" -> keys.add(key(v));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }

        private static ApiKey key(String v) {
            String[] parts = v.split(":");
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException("--key takes KEY:SECRET[:trading|readonly|withdraw], got '" + parts[0] + ":...'");
            }
            String kind = parts.length == 3 ? parts[2] : "trading";
            return switch (kind) {
                case "trading" -> ApiKey.trading(parts[0], parts[1]);
                case "readonly" -> ApiKey.readOnlyKey(parts[0], parts[1]);
                case "withdraw" -> ApiKey.withdrawing(parts[0], parts[1]);
                default -> throw new IllegalArgumentException("--key kind must be trading, readonly or withdraw, got '" + kind + "'");
            };
        }
    }
}
