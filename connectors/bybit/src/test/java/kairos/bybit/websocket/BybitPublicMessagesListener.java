package kairos.bybit.websocket;

import kairos.engine.domain.MarketEvent;

import java.util.function.Consumer;

/** Counts trades; ignores the rest. */
class BybitPublicMessagesListener implements Consumer<MarketEvent> {
    int trades;

    @Override
    public void accept(MarketEvent e) {
        if (e instanceof MarketEvent.Trade) {
            trades++;
        }
    }
}
