package kairos.engine.execution;

/**
 * What the order manager tells the kernel as it happens: every booked fill (a decision point, a journal entry, an
 * Esper event) with the trade it closed, and alerts (a lost stop, an unexpected fill, a mismatch with the venue).
 */
public interface ExecutionEvents {
    ExecutionEvents NONE = new ExecutionEvents() {
        @Override
        public void onFillBooked(Fill fill, TradeRecord closed) {
        }

        @Override
        public void onAlert(Severity severity, String type, String symbol, String text, long time) {
        }
    };

    /** Alert levels (the notifier's: §8.2). */
    enum Severity { CRITICAL, IMPORTANT, INFO }

    /** A fill was booked in the portfolio; {@code closed} is the trade it completed, or null. */
    void onFillBooked(Fill fill, TradeRecord closed);

    void onAlert(Severity severity, String type, String symbol, String text, long time);
}
