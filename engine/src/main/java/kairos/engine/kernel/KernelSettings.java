package kairos.engine.kernel;

import kairos.engine.domain.Instrument;
import kairos.engine.domain.Timeframe;

import java.util.List;
import java.util.Map;

/**
 * What the kernel trades and how: traded symbols (context symbols only feed indicators and CEP), the timeframe
 * of the incoming bars, the strategy timeframe whose closes are decision points, instruments, and the versions
 * stamped on every decision.
 */
public record KernelSettings(List<String> tradedSymbols, Timeframe feedTimeframe, Timeframe strategyTimeframe,
                             Map<String, Instrument> instruments, String rulesetHash, String modelVersion) {

    public KernelSettings {
        tradedSymbols = List.copyOf(tradedSymbols);
        instruments = Map.copyOf(instruments);
        if (!strategyTimeframe.isMultipleOf(feedTimeframe)) {
            throw new IllegalArgumentException("strategy timeframe " + strategyTimeframe
                    + " must be a whole multiple of the feed timeframe " + feedTimeframe);
        }
        for (String s : tradedSymbols) {
            if (!instruments.containsKey(s)) {
                throw new IllegalArgumentException("no instrument settings for traded symbol " + s
                        + " (add it under 'instruments' in the config)");
            }
        }
    }
}
