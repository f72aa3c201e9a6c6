package kairos.bybit.sim;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The public state of one contract as the tape has played it so far: last trade and tick direction, mark and index
 * prices (the last trade's price when the tape has none), open interest, funding, the book, the candles, and the
 * series the REST history endpoints serve. Mutated only by {@link SimExchange} under its lock.
 */
final class SymbolMarket {
    static final int RECENT_TRADES = 1_000;
    static final long DAY = 86_400_000;
    static final long HOUR = 3_600_000;

    /** A public trade as {@code publicTrade} and {@code /v5/market/recent-trade} show it. */
    record PublicTrade(String id, long time, BigDecimal price, BigDecimal qty, String side, String tickDirection, long seq) {
    }

    final SimInstrument instrument;
    final OrderBookState book = new OrderBookState();
    final Candles candles = new Candles();
    final TreeMap<Long, Double> openInterestHistory = new TreeMap<>();
    final TreeMap<Long, Double> longShortHistory = new TreeMap<>();
    final TreeMap<Long, Double> fundingSettled = new TreeMap<>();
    final Deque<PublicTrade> recentTrades = new ArrayDeque<>();
    boolean tapeHasBooks;
    boolean tapeHasMarks;
    boolean tapeHasIndices;
    boolean tapeSettlesFunding;
    BigDecimal lastPrice;
    String tickDirection = "ZeroPlusTick";
    BigDecimal markPrice;
    BigDecimal indexPrice;
    double openInterest;
    double predictedFunding = Double.NaN;
    double nextSettlementRate = Double.NaN;
    long tradeSeq;
    Map<String, String> lastTicker = Map.of();

    SymbolMarket(SimInstrument instrument) {
        this.instrument = instrument;
    }

    /** Records a trade at a tick-grid price; returns it as published. */
    PublicTrade trade(String id, long time, BigDecimal price, BigDecimal qty, String side) {
        if (lastPrice != null) {
            int cmp = price.compareTo(lastPrice);
            tickDirection = cmp > 0 ? "PlusTick" : cmp < 0 ? "MinusTick"
                    : tickDirection.endsWith("PlusTick") ? "ZeroPlusTick" : "ZeroMinusTick";
        }
        lastPrice = price;
        if (!tapeHasMarks) {
            markPrice = price;
        }
        if (!tapeHasIndices) {
            indexPrice = price;
        }
        candles.trade(time, price.doubleValue(), qty.doubleValue());
        PublicTrade t = new PublicTrade(id, time, price, qty, side, tickDirection, ++tradeSeq);
        recentTrades.addFirst(t);
        if (recentTrades.size() > RECENT_TRADES) {
            recentTrades.removeLast();
        }
        return t;
    }

    /** The mark price to value positions at: the tape's, else the last trade's. */
    BigDecimal mark() {
        return markPrice != null ? markPrice : lastPrice;
    }

    /** The predicted rate of the next settlement: the tape's ticker rate, else the tape's next settlement, else the last settled. */
    double fundingRate(double fallback) {
        if (!Double.isNaN(predictedFunding)) {
            return predictedFunding;
        }
        if (!Double.isNaN(nextSettlementRate)) {
            return nextSettlementRate;
        }
        return fundingSettled.isEmpty() ? fallback : fundingSettled.lastEntry().getValue();
    }

    /** Every {@code tickers} field for the current state, in the order of Bybit's documented linear ticker. */
    Map<String, String> ticker(long now, long nextFundingTime, double fallbackFunding) {
        SimInstrument i = instrument;
        Map<String, String> t = new LinkedHashMap<>();
        t.put("symbol", i.symbol());
        t.put("tickDirection", tickDirection);
        Kline ago24 = openAt(now - DAY);
        Kline ago1 = openAt(now - HOUR);
        double high = Double.NaN;
        double low = Double.NaN;
        double volume = 0;
        double turnover = 0;
        for (Kline k : candles.closedBetween(now - DAY, now + 1).values()) {
            high = Double.isNaN(high) ? k.high() : Math.max(high, k.high());
            low = Double.isNaN(low) ? k.low() : Math.min(low, k.low());
            volume += k.volume();
            turnover += k.turnover();
        }
        Kline open = candles.current();
        if (open != null) {
            high = Double.isNaN(high) ? open.high() : Math.max(high, open.high());
            low = Double.isNaN(low) ? open.low() : Math.min(low, open.low());
            volume += open.volume();
            turnover += open.turnover();
        }
        String last = lastPrice == null ? "" : i.price(lastPrice);
        double prev24 = ago24 == null ? Double.NaN : ago24.open();
        t.put("price24hPcnt", lastPrice == null || Double.isNaN(prev24) || prev24 == 0 ? "0"
                : ExchangeNumbers.decimal((lastPrice.doubleValue() - prev24) / prev24, 6));
        t.put("lastPrice", last);
        t.put("prevPrice24h", Double.isNaN(prev24) ? last : i.price(BigDecimal.valueOf(prev24)));
        t.put("highPrice24h", Double.isNaN(high) ? last : i.price(BigDecimal.valueOf(high)));
        t.put("lowPrice24h", Double.isNaN(low) ? last : i.price(BigDecimal.valueOf(low)));
        t.put("prevPrice1h", ago1 == null ? last : i.price(BigDecimal.valueOf(ago1.open())));
        t.put("markPrice", mark() == null ? "" : i.price(mark()));
        t.put("indexPrice", indexPrice == null ? last : i.price(indexPrice));
        t.put("openInterest", ExchangeNumbers.decimal(openInterest, 3));
        t.put("openInterestValue", mark() == null ? "0" : ExchangeNumbers.decimal(openInterest * mark().doubleValue(), 2));
        t.put("turnover24h", ExchangeNumbers.decimal(turnover, 4));
        t.put("volume24h", ExchangeNumbers.decimal(volume, 4));
        t.put("fundingIntervalHour", "8");
        t.put("fundingCap", "0.005");
        t.put("nextFundingTime", Long.toString(nextFundingTime));
        t.put("fundingRate", ExchangeNumbers.decimal(fundingRate(fallbackFunding), 8));
        BigDecimal[] bid = book.best(true);
        BigDecimal[] ask = book.best(false);
        t.put("bid1Price", bid == null ? "" : i.price(bid[0]));
        t.put("bid1Size", bid == null ? "" : i.qty(bid[1]));
        t.put("ask1Price", ask == null ? "" : i.price(ask[0]));
        t.put("ask1Size", ask == null ? "" : i.qty(ask[1]));
        t.put("preOpenPrice", "");
        t.put("preQty", "");
        t.put("curPreListingPhase", "");
        t.put("deliveryTime", i.deliveryTime() == 0 ? "0" : Long.toString(i.deliveryTime()));
        return t;
    }

    /** The 1m candle open at {@code time}, or the first one after it (the oldest known) when none covers it. */
    private Kline openAt(long time) {
        var e = candles.closedBetween(Math.floorDiv(time, Candles.MINUTE) * Candles.MINUTE, Long.MAX_VALUE).firstEntry();
        if (e != null) {
            return e.getValue();
        }
        return candles.current();
    }
}
