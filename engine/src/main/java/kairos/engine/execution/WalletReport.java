package kairos.engine.execution;

/** The venue's account: equity and wallet balance in quote currency (Bybit's {@code wallet} stream). */
public record WalletReport(double equity, double walletBalance, long time) implements VenueEvent {
    @Override
    public String symbol() {
        return null;
    }
}
