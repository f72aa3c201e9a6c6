package kairos.engine.kernel;

import kairos.engine.domain.Instrument;
import kairos.engine.domain.Timeframe;
import kairos.engine.risk.HaltLimits;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the kernel trades and how: the mode it runs in ({@code backtest}, {@code replay}, {@code paper},
 * {@code live}: reported, never a branch), traded symbols (context symbols only feed indicators and CEP), the
 * timeframe of the incoming bars, the strategy timeframe whose closes are decision points, instruments, the
 * versions stamped on every decision, the hard-halt limits, how often to reconcile with the venue while running
 * ({@code reconcileIntervalMs}, 0: only on start and after a reconnect), where the rules and patterns it was
 * loaded from live (for a reload command; null: none), and how often a live session checks its feeds between
 * market events ({@code heartbeatMs}, event time; 0: never — a replay of stored data has no silence to find).
 */
public record KernelSettings(String mode, List<String> tradedSymbols, Timeframe feedTimeframe,
                             Timeframe strategyTimeframe, Map<String, Instrument> instruments, String rulesetHash,
                             String modelVersion, HaltLimits halts, long reconcileIntervalMs, Path rulesDir,
                             Path cepDir, long heartbeatMs) {

    /** A live session's heartbeat, and a recording's replay's (which must decide as the session did). */
    public static final long LIVE_HEARTBEAT_MS = 1_000;

    public KernelSettings {
        tradedSymbols = List.copyOf(tradedSymbols);
        instruments = Map.copyOf(instruments);
        halts = halts == null ? HaltLimits.SPEC : halts;
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
        if (reconcileIntervalMs < 0) {
            throw new IllegalArgumentException("reconcile interval must be >= 0 ms (0: off)");
        }
        if (heartbeatMs < 0) {
            throw new IllegalArgumentException("heartbeat interval must be >= 0 ms (0: off)");
        }
    }

    /** Settings without a heartbeat (backtests, replays of stored data, sessions on recorded data). */
    public KernelSettings(String mode, List<String> tradedSymbols, Timeframe feedTimeframe, Timeframe strategyTimeframe,
                          Map<String, Instrument> instruments, String rulesetHash, String modelVersion,
                          HaltLimits halts, long reconcileIntervalMs, Path rulesDir, Path cepDir) {
        this(mode, tradedSymbols, feedTimeframe, strategyTimeframe, instruments, rulesetHash, modelVersion, halts,
                reconcileIntervalMs, rulesDir, cepDir, 0);
    }

    /** A backtest's settings: spec halts, no periodic reconciliation, no reload folders. */
    public KernelSettings(List<String> tradedSymbols, Timeframe feedTimeframe, Timeframe strategyTimeframe,
                          Map<String, Instrument> instruments, String rulesetHash, String modelVersion) {
        this("backtest", tradedSymbols, feedTimeframe, strategyTimeframe, instruments, rulesetHash, modelVersion,
                HaltLimits.SPEC, 0, null, null, 0);
    }
}
