package kairos.app.cli;

import kairos.engine.data.MarketStore;
import kairos.engine.domain.Market;
import kairos.engine.domain.Timeframe;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which bars a backtest feeds: one feed timeframe for every symbol, traded and context, since the kernel replays
 * them through one loop. It is the finest stored timeframe of the traded symbols that divides the strategy
 * timeframe, unless a context symbol has nothing that fine: then the feed is the finest timeframe every symbol can
 * give (stored, or resampled from a finer stored one), and a context symbol that cannot give one at all is left out
 * — each said in a note, never silently. So importing 1m candles of SOLUSDT does not break the default backtest
 * whose BTCUSDT context has 5m bars only: it runs on 5m bars, as stored, and says so.
 *
 * @param timeframe the feed timeframe
 * @param context   the context symbols fed (those with data at that timeframe)
 * @param notes     what was chosen and why, for stderr
 */
record FeedChoice(Timeframe timeframe, List<String> context, List<String> notes) {

    static FeedChoice choose(MarketStore store, String exchange, Market market, List<String> symbols,
                             List<String> wantedContext, Timeframe strategyTf) {
        Timeframe feed = null;
        for (String s : symbols) {
            Timeframe finest = store.finestTimeframe(exchange, market, s).orElseThrow(() -> new UserError(
                    "no " + exchange + "/" + market + "/" + s + " candles in the store (see ./kairos data list; "
                            + "import with ./kairos data import)"));
            if (!strategyTf.isMultipleOf(finest)) {
                throw new UserError("--timeframe " + strategyTf + ": the finest stored " + s + " bars are " + finest
                        + ", which cannot build " + strategyTf + " bars");
            }
            feed = feed == null || finest.millis() > feed.millis() ? finest : feed;
        }
        List<String> notes = new ArrayList<>();
        List<String> context = new ArrayList<>();
        Timeframe tradedFeed = feed;
        for (String s : wantedContext) {
            Optional<Timeframe> finest = store.finestTimeframe(exchange, market, s);
            if (finest.isEmpty()) {
                notes.add("context symbol " + s + " has no " + exchange + "/" + market + " data in the store; running without it");
                continue;
            }
            if (!strategyTf.isMultipleOf(finest.get())) {
                notes.add("context symbol " + s + " has no bars finer than " + finest.get() + ", which cannot build "
                        + strategyTf + " bars; running without it");
                continue;
            }
            if (finest.get().millis() > feed.millis()) {
                feed = finest.get(); // coarser context: every symbol is fed at the context's timeframe
            }
            context.add(s);
        }
        // a coarser feed must still divide every traded symbol's needs: each traded series is resampled to it
        for (String s : context) {
            Timeframe finest = store.finestTimeframe(exchange, market, s).orElseThrow();
            if (!feed.isMultipleOf(finest)) {
                throw new UserError("context symbol " + s + ": its finest stored bars (" + finest + ") cannot build the "
                        + feed + " feed bars; import " + feed + " bars of it or leave it out with --context");
            }
        }
        if (!feed.equals(tradedFeed)) {
            List<String> how = new ArrayList<>();
            for (String s : symbols) {
                Timeframe finest = store.finestTimeframe(exchange, market, s).orElseThrow();
                how.add(s + " " + (store.storedTimeframes(exchange, market, s).contains(feed) ? feed + " as stored"
                        : feed + " resampled from its " + finest + " bars"));
            }
            notes.add("the context symbols have no " + tradedFeed + " bars (" + String.join(", ", context.stream()
                    .map(c -> c + ": finest " + store.finestTimeframe(exchange, market, c).orElseThrow()).toList())
                    + "), so every symbol is fed " + feed + " bars (" + String.join(", ", how) + "); orders fill on "
                    + feed + " bars. For the " + tradedFeed + " bars, import the context symbols' " + tradedFeed
                    + " bars too, or run without them: --context ''");
        }
        return new FeedChoice(feed, List.copyOf(context), List.copyOf(notes));
    }
}
