package kairos.bybit.parsing;

import java.math.BigDecimal;

import kairos.engine.domain.Instrument;

/**
 * A contract's trading rules ({@code /v5/market/instruments-info}, category {@code linear}): tick size, quantity
 * step, minimum quantity and notional, leverage range, and {@code deliveryTime} — 0 for a perpetual, the delisting
 * time once Bybit has announced one.
 */
public record BybitInstrument(String symbol, String contractType, String status, String baseCoin, String quoteCoin,
                              String settleCoin, Long launchTime, Long deliveryTime, PriceFilter priceFilter,
                              LotSizeFilter lotSizeFilter, LeverageFilter leverageFilter, Integer fundingInterval) {

    public record PriceFilter(BigDecimal minPrice, BigDecimal maxPrice, BigDecimal tickSize) {
    }

    public record LotSizeFilter(BigDecimal minOrderQty, BigDecimal maxOrderQty, BigDecimal qtyStep,
                                BigDecimal maxMktOrderQty, BigDecimal minNotionalValue) {
    }

    public record LeverageFilter(BigDecimal minLeverage, BigDecimal maxLeverage, BigDecimal leverageStep) {
    }

    /**
     * The engine's instrument.
     *
     * @throws BybitPayloadException when tick size, quantity step, minimum quantity or minimum notional is missing
     */
    public Instrument toInstrument(String where) {
        String at = where + ": instrument " + symbol;
        BybitJson.required(symbol, where, "symbol");
        PriceFilter pf = BybitJson.required(priceFilter, at, "priceFilter");
        LotSizeFilter lf = BybitJson.required(lotSizeFilter, at, "lotSizeFilter");
        return new Instrument(symbol, BybitJson.required(pf.tickSize(), at, "priceFilter.tickSize"),
                BybitJson.required(lf.qtyStep(), at, "lotSizeFilter.qtyStep"),
                BybitJson.required(lf.minOrderQty(), at, "lotSizeFilter.minOrderQty"),
                BybitJson.required(lf.minNotionalValue(), at, "lotSizeFilter.minNotionalValue"));
    }

    /** Hours from {@code now} until delisting, +∞ when none is announced ({@code deliveryTime} 0 or absent). */
    public double delistingInHours(long now) {
        if (deliveryTime == null || deliveryTime <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        return (deliveryTime - now) / 3_600_000.0;
    }

    /** Whether the contract trades now ({@code status} {@code Trading}). */
    public boolean trading() {
        return "Trading".equals(status);
    }
}
