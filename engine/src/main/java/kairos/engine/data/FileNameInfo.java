package kairos.engine.data;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import kairos.engine.domain.Market;
import kairos.engine.domain.Timeframe;

/**
 * What a file name (or a file's content) says about its series; any field may be null when it says nothing.
 * Understands freqtrade names ({@code SOL_USDT_USDT-5m-futures.feather} = perp, {@code SOL_USDT-5m.feather} =
 * spot, {@code SOL_USDT_USDT-8h-funding_rate.feather} = perp funding, {@code -mark} = mark price) and Kairos names
 * ({@code SOLUSDT-5m.csv.gz}, {@code SOLUSDT-funding.csv.gz}).
 */
public record FileNameInfo(String exchange, Market market, String symbol, Timeframe timeframe, Kind kind) {

    /** What a file holds according to its name. */
    public enum Kind { CANDLES, FUNDING, MARK_PRICE, UNKNOWN }

    private static final Pattern FREQTRADE = Pattern.compile(
            "([A-Z0-9]+)_([A-Z0-9]+)(_[A-Z0-9]+)?-([0-9]+[a-zA-Z]+)(?:-(futures|funding_rate|mark|spot))?");
    private static final Pattern KAIROS = Pattern.compile("([A-Za-z0-9]+)-([0-9]+[mhdw]|funding)");

    public static FileNameInfo unknown() {
        return new FileNameInfo(null, null, null, null, Kind.UNKNOWN);
    }

    /**
     * Reads a file name.
     *
     * @throws DataFileException when the name has a timeframe Kairos does not know
     */
    public static FileNameInfo of(Path file) {
        String stem = stem(file.getFileName().toString());
        Matcher m = FREQTRADE.matcher(stem);
        if (m.matches()) {
            boolean perp = m.group(3) != null;
            String suffix = m.group(5);
            Kind kind = "funding_rate".equals(suffix) ? Kind.FUNDING : "mark".equals(suffix) ? Kind.MARK_PRICE
                    : Kind.CANDLES;
            Timeframe tf = kind == Kind.CANDLES ? timeframe(file, m.group(4)) : null;
            return new FileNameInfo(null, perp ? Market.PERP : Market.SPOT, m.group(1) + m.group(2), tf, kind);
        }
        m = KAIROS.matcher(stem);
        if (m.matches()) {
            String symbol = m.group(1).toUpperCase(Locale.ROOT);
            return "funding".equals(m.group(2)) ? new FileNameInfo(null, null, symbol, null, Kind.FUNDING)
                    : new FileNameInfo(null, null, symbol, timeframe(file, m.group(2)), Kind.CANDLES);
        }
        return unknown();
    }

    public FileNameInfo withSymbol(String value) {
        return new FileNameInfo(exchange, market, symbol != null ? symbol : value, timeframe, kind);
    }

    public FileNameInfo withMarket(Market value) {
        return new FileNameInfo(exchange, market != null ? market : value, symbol, timeframe, kind);
    }

    public FileNameInfo withTimeframe(Timeframe value) {
        return new FileNameInfo(exchange, market, symbol, timeframe != null ? timeframe : value, kind);
    }

    /** The file name without its data extensions ({@code .csv.gz}, {@code .feather}, ...). */
    static String stem(String name) {
        String s = name;
        for (String ext : new String[] {".gz", ".csv", ".json", ".feather"}) {
            if (s.toLowerCase(Locale.ROOT).endsWith(ext)) {
                s = s.substring(0, s.length() - ext.length());
            }
        }
        return s;
    }

    private static Timeframe timeframe(Path file, String label) {
        try {
            return Timeframe.parse(label);
        } catch (IllegalArgumentException e) {
            throw new DataFileException(file + ": " + e.getMessage() + " in the file name; pass --timeframe");
        }
    }
}
