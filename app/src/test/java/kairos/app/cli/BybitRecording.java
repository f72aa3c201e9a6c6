package kairos.app.cli;

import kairos.engine.domain.MarketEvent;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes market events as {@code kairos record} would have recorded them from Bybit's public streams: raw V5
 * messages ({@code publicTrade}, {@code orderbook.50} snapshot then deltas with rising {@code u}, {@code
 * allLiquidation}, {@code tickers} with mark, index, open interest and the predicted funding rate, {@code kline.1}
 * confirmed at the close) with their receive time, in arrival order. The long/short ratio has no stream and is
 * left out; settlements come from the tickers' {@code nextFundingTime}.
 */
final class BybitRecording {
    private BybitRecording() {
    }

    static void write(Path file, List<MarketEvent> events, boolean klines) throws IOException {
        record Line(long recv, long seq, String text) {
        }
        List<Line> lines = new ArrayList<>();
        Map<String, Long> updateIds = new HashMap<>();
        Map<String, StringBuilder> tickers = new HashMap<>();
        Map<String, Long> tickerRecv = new HashMap<>();
        long seq = 0;
        for (MarketEvent e : events) {
            String s = e.symbol();
            String msg = switch (e) {
                case MarketEvent.Trade t -> "{\"topic\":\"publicTrade." + s + "\",\"type\":\"snapshot\",\"ts\":" + (t.time() + 2)
                        + ",\"data\":[{\"T\":" + t.time() + ",\"s\":\"" + s + "\",\"S\":\"" + t.side() + "\",\"v\":\"" + t.qty()
                        + "\",\"p\":\"" + t.price() + "\",\"L\":\"PlusTick\",\"i\":\"t" + seq + "\",\"BT\":false}]}";
                case MarketEvent.Book b -> {
                    long u = updateIds.merge(s, 1L, Long::sum) + 999;
                    yield "{\"topic\":\"orderbook.50." + s + "\",\"type\":\"" + (b.snapshot() ? "snapshot" : "delta")
                            + "\",\"ts\":" + b.time() + ",\"data\":{\"s\":\"" + s + "\",\"b\":" + levels(b.bids()) + ",\"a\":"
                            + levels(b.asks()) + ",\"u\":" + u + ",\"seq\":" + u + "},\"cts\":" + b.time() + "}";
                }
                case MarketEvent.Liquidation l -> "{\"topic\":\"allLiquidation." + s + "\",\"type\":\"snapshot\",\"ts\":"
                        + l.time() + ",\"data\":[{\"T\":" + l.time() + ",\"s\":\"" + s + "\",\"S\":\"" + l.side() + "\",\"v\":\""
                        + l.qty() + "\",\"p\":\"" + l.price() + "\"}]}";
                case MarketEvent.BarClose b -> klines && b.timeframe().label().equals("1m")
                        ? "{\"topic\":\"kline.1." + s + "\",\"type\":\"snapshot\",\"ts\":" + (b.time() + 10) + ",\"data\":[{\"start\":"
                        + b.bar().openTime() + ",\"end\":" + (b.time() - 1) + ",\"interval\":\"1\",\"open\":\"" + b.bar().open()
                        + "\",\"close\":\"" + b.bar().close() + "\",\"high\":\"" + b.bar().high() + "\",\"low\":\"" + b.bar().low()
                        + "\",\"volume\":\"" + b.bar().volume() + "\",\"turnover\":\"0\",\"confirm\":true,\"timestamp\":"
                        + (b.time() + 10) + "}]}" : null;
                case MarketEvent.Mark m -> ticker(tickers, tickerRecv, m, "markPrice", m.price());
                case MarketEvent.Index i -> ticker(tickers, tickerRecv, i, "indexPrice", i.price());
                case MarketEvent.OpenInterest o -> ticker(tickers, tickerRecv, o, "openInterest", o.value());
                case MarketEvent.Funding f -> f.settlement() ? null : ticker(tickers, tickerRecv, f, "fundingRate", f.rate());
                case MarketEvent.LongShortRatio r -> null;
            };
            if (msg != null) {
                lines.add(new Line(e.recvTime(), seq++, msg));
            }
        }
        for (Map.Entry<String, StringBuilder> t : tickers.entrySet()) {
            String[] key = t.getKey().split("@");
            long ts = Long.parseLong(key[1]);
            long next = (ts / 28_800_000 + 1) * 28_800_000;
            lines.add(new Line(tickerRecv.get(t.getKey()), seq++, "{\"topic\":\"tickers." + key[0]
                    + "\",\"type\":\"delta\",\"ts\":" + ts + ",\"data\":{\"symbol\":\"" + key[0] + "\"" + t.getValue()
                    + ",\"nextFundingTime\":\"" + next + "\"}}"));
        }
        lines.sort(Comparator.comparingLong(Line::recv).thenComparingLong(Line::seq));
        try (OutputStream raw = Files.newOutputStream(file);
             Writer w = new OutputStreamWriter(new GZIPOutputStream(raw), StandardCharsets.UTF_8)) {
            for (Line l : lines) {
                w.write("{\"recv_ts\":" + l.recv() + ",\"msg\":" + l.text() + "}\n");
            }
        }
    }

    /** Fields of one symbol's ticker at one time are sent together, as Bybit does. */
    private static String ticker(Map<String, StringBuilder> tickers, Map<String, Long> recv, MarketEvent e, String field,
                                 double value) {
        String key = e.symbol() + "@" + e.time();
        tickers.computeIfAbsent(key, k -> new StringBuilder()).append(",\"").append(field).append("\":\"").append(value)
                .append('"');
        recv.merge(key, e.recvTime(), Math::max);
        return null;
    }

    private static String levels(double[][] levels) {
        StringBuilder sb = new StringBuilder("[");
        for (double[] l : levels) {
            sb.append(sb.length() > 1 ? "," : "").append("[\"").append(l[0]).append("\",\"").append(l[1]).append("\"]");
        }
        return sb.append(']').toString();
    }
}
