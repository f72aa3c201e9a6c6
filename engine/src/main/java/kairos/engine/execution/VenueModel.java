package kairos.engine.execution;

/**
 * The simulated venue's market model.
 *
 * <ul>
 *   <li>{@code fees}: maker/taker fees and the base slippage fraction;</li>
 *   <li>{@code latencyMs}: an order (or amend) sent at t can match from t + latency on;</li>
 *   <li>slippage of a taker fill = base + {@code volatilitySlippage} × (bar high − low) / open
 *       + {@code sizeImpact} × qty / bar volume — proportional to volatility and to size;</li>
 *   <li>{@code participation}: a resting limit order fills at most this fraction of a bar's volume
 *       (partial fills), the rest stays for the following bars;</li>
 *   <li>{@code leverage} and {@code maintenanceMargin}: isolated-margin liquidation price
 *       entry × (1 ∓ 1/leverage ± maintenanceMargin); a bar through it liquidates the position.</li>
 * </ul>
 */
public record VenueModel(FeeSchedule fees, long latencyMs, double volatilitySlippage, double sizeImpact,
                         double participation, double leverage, double maintenanceMargin) {

    public static final VenueModel DEFAULT = new VenueModel(FeeSchedule.BYBIT_DEFAULT, 100, 0.02, 0.02, 0.1, 3, 0.005);

    public VenueModel {
        java.util.Objects.requireNonNull(fees, "fees");
        if (latencyMs < 0 || latencyMs > 60_000) {
            throw new IllegalArgumentException("latency must be within [0, 60000] ms");
        }
        if (volatilitySlippage < 0 || volatilitySlippage > 1 || sizeImpact < 0 || sizeImpact > 10) {
            throw new IllegalArgumentException("volatility slippage must be within [0, 1] and size impact within [0, 10]");
        }
        if (!(participation > 0) || participation > 1) {
            throw new IllegalArgumentException("participation must be within (0, 1]");
        }
        if (!(leverage >= 1) || leverage > 100) {
            throw new IllegalArgumentException("leverage must be within [1, 100]");
        }
        if (maintenanceMargin < 0 || maintenanceMargin >= 1 / leverage) {
            throw new IllegalArgumentException("maintenance margin must be within [0, 1/leverage)");
        }
    }

    /** Only fees, base slippage and latency: no volatility or size impact, full participation. */
    public static VenueModel simple(FeeSchedule fees, long latencyMs) {
        return new VenueModel(fees, latencyMs, 0, 0, 1, 3, 0.005);
    }

    /** Slippage fraction of a taker fill of {@code qty} on a bar. */
    public double slippage(double qty, double open, double high, double low, double volume) {
        double vol = open > 0 ? (high - low) / open : 0;
        double size = volume > 0 ? qty / volume : 0;
        return fees.slippage() + volatilitySlippage * vol + sizeImpact * Math.min(size, 1);
    }

    /** Isolated-margin liquidation price of a position opened at {@code entry}. */
    public double liquidationPrice(boolean isLong, double entry) {
        return isLong ? entry * (1 - 1 / leverage + maintenanceMargin) : entry * (1 + 1 / leverage - maintenanceMargin);
    }
}
