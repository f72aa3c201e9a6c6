package kairos.bybit.sim;

import kairos.engine.domain.Instrument;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * A USDT linear perpetual as the simulator lists it in {@code /v5/market/instruments-info} and enforces it on
 * orders: tick size, quantity step and limits, minimum notional, maximum leverage. A non-zero {@code deliveryTime}
 * announces a delisting (Bybit sets it ahead of the delisting, which Kairos must notice 24 h before); from that time
 * the contract is no longer {@code Trading} and new orders are refused with 110074.
 */
public record SimInstrument(String symbol, BigDecimal tickSize, BigDecimal qtyStep, BigDecimal minOrderQty,
                            BigDecimal maxOrderQty, BigDecimal maxMktOrderQty, BigDecimal minNotionalValue,
                            BigDecimal maxLeverage, long launchTime, long deliveryTime) {

    public SimInstrument {
        if (!symbol.endsWith("USDT")) {
            throw new IllegalArgumentException(symbol + ": the simulator lists USDT linear perpetuals only (SYMBOL ending in USDT)");
        }
        if (tickSize.signum() <= 0 || qtyStep.signum() <= 0 || minOrderQty.signum() <= 0
                || maxOrderQty.compareTo(minOrderQty) < 0 || maxMktOrderQty.compareTo(minOrderQty) < 0
                || minNotionalValue.signum() < 0 || maxLeverage.compareTo(BigDecimal.ONE) < 0) {
            throw new IllegalArgumentException(symbol + ": tick size, qty step and min qty must be > 0, max qty >= min qty,"
                    + " min notional >= 0 and max leverage >= 1");
        }
    }

    /** Contracts of the project's default configuration ({@code config/kairos.yaml}), as Bybit lists them. */
    private static final Map<String, SimInstrument> KNOWN = Map.of(
            "SOLUSDT", of("SOLUSDT", "0.01", "0.1", "0.1", "5"),
            "ETHUSDT", of("ETHUSDT", "0.01", "0.01", "0.01", "5"),
            "BTCUSDT", of("BTCUSDT", "0.1", "0.001", "0.001", "5"),
            "AVAXUSDT", of("AVAXUSDT", "0.001", "0.1", "0.1", "5"),
            "ARBUSDT", of("ARBUSDT", "0.0001", "0.1", "0.1", "5"));

    /** A contract with Bybit-like defaults: max qty 100,000 min quantities, max leverage 100, listed since 2020. */
    public static SimInstrument of(String symbol, String tickSize, String qtyStep, String minOrderQty, String minNotional) {
        BigDecimal min = new BigDecimal(minOrderQty);
        return new SimInstrument(symbol, new BigDecimal(tickSize), new BigDecimal(qtyStep), min,
                min.multiply(BigDecimal.valueOf(100_000)).stripTrailingZeros(),
                min.multiply(BigDecimal.valueOf(20_000)).stripTrailingZeros(), new BigDecimal(minNotional),
                BigDecimal.valueOf(100), 1_585_526_400_000L, 0);
    }

    public static SimInstrument of(Instrument instrument) {
        return of(instrument.symbol(), instrument.tickSize().toPlainString(), instrument.qtyStep().toPlainString(),
                instrument.minQty().toPlainString(), instrument.minNotional().toPlainString());
    }

    /** A known contract of the default configuration (SOL, ETH, BTC, AVAX, ARB). */
    public static SimInstrument known(String symbol) {
        SimInstrument i = KNOWN.get(symbol);
        if (i == null) {
            throw new IllegalArgumentException("no default contract for " + symbol + "; known: " + KNOWN.keySet()
                    + " (give its SimInstrument explicitly)");
        }
        return i;
    }

    /** The same contract, to be delisted at {@code time} (epoch ms). */
    public SimInstrument delistedAt(long time) {
        return new SimInstrument(symbol, tickSize, qtyStep, minOrderQty, maxOrderQty, maxMktOrderQty, minNotionalValue,
                maxLeverage, launchTime, time);
    }

    public SimInstrument withMaxLeverage(BigDecimal leverage) {
        return new SimInstrument(symbol, tickSize, qtyStep, minOrderQty, maxOrderQty, maxMktOrderQty, minNotionalValue,
                leverage, launchTime, deliveryTime);
    }

    public String baseCoin() {
        return symbol.substring(0, symbol.length() - 4);
    }

    /** Bybit's status at {@code time}: {@code Trading}, or {@code Closed} once delisted. */
    public String status(long time) {
        return deliveryTime > 0 && time >= deliveryTime ? "Closed" : "Trading";
    }

    public int priceScale() {
        return Math.max(0, tickSize.stripTrailingZeros().scale());
    }

    /** A price as Bybit prints it for this contract (tick scale). */
    public String price(BigDecimal price) {
        return price.setScale(priceScale(), RoundingMode.HALF_UP).toPlainString();
    }

    /** A quantity as Bybit prints it for this contract (qty-step scale). */
    public String qty(BigDecimal qty) {
        return qty.setScale(Math.max(0, qtyStep.stripTrailingZeros().scale()), RoundingMode.HALF_UP).toPlainString();
    }

    /** The nearest price on the tick grid. */
    public BigDecimal onTick(double price) {
        return BigDecimal.valueOf(price).divide(tickSize, 0, RoundingMode.HALF_UP).multiply(tickSize);
    }

    public boolean isOnTick(BigDecimal price) {
        return price.remainder(tickSize).signum() == 0;
    }

    public boolean isOnStep(BigDecimal qty) {
        return qty.remainder(qtyStep).signum() == 0;
    }

    /** Largest multiple of the qty step not above {@code qty}. */
    public BigDecimal floorQty(BigDecimal qty) {
        return qty.divide(qtyStep, 0, RoundingMode.FLOOR).multiply(qtyStep);
    }
}
