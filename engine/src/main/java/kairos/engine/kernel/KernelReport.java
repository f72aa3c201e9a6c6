package kairos.engine.kernel;

import kairos.engine.execution.TradeRecord;
import kairos.engine.ml.MlScore;
import kairos.engine.risk.HaltLimits;
import kairos.engine.risk.RiskLimits;

import java.util.List;
import java.util.Map;

/**
 * What the control API's history and analytics answer from, taken on the kernel thread
 * ({@link TradingControl#report()}): the status, the closed trades the kernel holds (this session's, and the newest
 * of a resumed account), the drawdown from the peak and the day's P&amp;L (fractions of equity), the notional
 * exposure (USDT) and the open risk (fraction of equity), the limits in force, and the latest ML score of each
 * symbol that had a decision point with a model attached (empty without one).
 */
public record KernelReport(KernelStatus status, List<TradeRecord> closedTrades, double peakEquity, double drawdown,
                           double dailyPnl, double exposure, double openRisk, RiskLimits limits, HaltLimits halts,
                           Map<String, MlScore> latestScores) {
}
