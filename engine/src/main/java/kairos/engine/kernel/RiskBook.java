package kairos.engine.kernel;

import kairos.engine.domain.Side;
import kairos.engine.execution.OrderManager;
import kairos.engine.execution.Portfolio;
import kairos.engine.execution.TradeRecord;
import kairos.engine.risk.RiskContext;
import kairos.engine.rules.RiskState;

import java.util.List;

/**
 * The kernel's risk state between decisions: the equity peak, the equity at 00:00 UTC, and the pause in force
 * (a rule's pause until a time, a halt until an operator resumes, an operator's pause). It turns the portfolio
 * into the {@link RiskState} fact and the risk guard's {@link RiskContext}. Journaled with the rest of the state.
 */
final class RiskBook {
    private double peakEquity;
    private double dayStartEquity;
    private long currentDay = Long.MIN_VALUE;
    private long pausedUntil = Long.MIN_VALUE;
    private String pauseReason = "";

    RiskBook(double equity) {
        this.peakEquity = equity;
        this.dayStartEquity = equity;
    }

    /** A new event time: at the first event of a UTC day the day's opening equity is taken. */
    void onTime(long time, double equity) {
        long day = Math.floorDiv(time, 86_400_000L);
        if (day != currentDay) {
            currentDay = day;
            dayStartEquity = equity;
        }
    }

    void onEquity(double equity) {
        peakEquity = Math.max(peakEquity, equity);
    }

    double peakEquity() {
        return peakEquity;
    }

    /** Pauses entries until {@code until} ({@link Long#MAX_VALUE}: until resumed); a longer pause wins. */
    void pause(long until, String reason) {
        if (until > pausedUntil) {
            pausedUntil = until;
            pauseReason = reason;
        }
    }

    void resume() {
        pausedUntil = Long.MIN_VALUE;
        pauseReason = "";
    }

    boolean isPaused(long now) {
        return now < pausedUntil;
    }

    String pauseReason(long now) {
        return isPaused(now) ? pauseReason : "";
    }

    long pausedUntil() {
        return pausedUntil;
    }

    double drawdown(double equity) {
        return peakEquity > 0 ? Math.max(0, (peakEquity - equity) / peakEquity) : 0;
    }

    double dailyPnl(double equity) {
        return dayStartEquity > 0 ? (equity - dayStartEquity) / dayStartEquity : 0;
    }

    /** The risk fact of a decision on {@code symbol}: drawdown, daily PnL, loss streak, open risk, pause, Kelly inputs. */
    RiskState riskState(String symbol, long now, double equity, Portfolio portfolio, OrderManager orders) {
        List<TradeRecord> closed = portfolio.closedTrades();
        int streak = 0;
        double sinceLoss = Double.POSITIVE_INFINITY;
        for (int i = closed.size() - 1; i >= 0 && closed.get(i).netPnl() < 0; i--) {
            if (streak == 0) {
                sinceLoss = (now - closed.get(i).exitTime()) / 60_000.0;
            }
            streak++;
        }
        if (streak == 0) {
            for (int i = closed.size() - 1; i >= 0; i--) {
                if (closed.get(i).netPnl() < 0) {
                    sinceLoss = (now - closed.get(i).exitTime()) / 60_000.0;
                    break;
                }
            }
        }
        int from = Math.max(0, closed.size() - RiskState.KELLY_WINDOW);
        int wins = 0;
        int losses = 0;
        double winSum = 0;
        double lossSum = 0;
        for (int i = from; i < closed.size(); i++) {
            double pnl = closed.get(i).netPnl();
            if (pnl > 0) {
                wins++;
                winSum += pnl;
            } else {
                losses++;
                lossSum -= pnl;
            }
        }
        int n = closed.size() - from;
        int others = 0;
        for (Portfolio.Position p : portfolio.openPositions()) {
            if (!p.symbol().equals(symbol)) {
                others++;
            }
        }
        boolean paused = isPaused(now);
        return new RiskState(symbol, drawdown(equity), dailyPnl(equity), streak, sinceLoss,
                portfolio.openPositions().size(), others, openRisk(equity, portfolio, orders), paused,
                paused ? pauseReason : "", n, n == 0 ? Double.NaN : (double) wins / n,
                wins == 0 ? Double.NaN : winSum / wins, losses == 0 ? Double.NaN : lossSum / losses);
    }

    /** Sum over open positions of |entry − live stop| × qty, a fraction of equity (no stop: 0 for that position). */
    static double openRisk(double equity, Portfolio portfolio, OrderManager orders) {
        double openRisk = 0;
        for (Portfolio.Position p : portfolio.openPositions()) {
            double stop = orders.stopPrice(p.symbol());
            if (Double.isFinite(stop) && equity > 0) {
                openRisk += Math.max(0, p.side() == Side.Buy ? p.avgEntry() - stop : stop - p.avgEntry()) * p.qty() / equity;
            }
        }
        return openRisk;
    }

    KernelState.Risk state() {
        return new KernelState.Risk(peakEquity, dayStartEquity, currentDay, pausedUntil, pauseReason);
    }

    void restore(KernelState.Risk s) {
        peakEquity = s.peakEquity();
        dayStartEquity = s.dayStartEquity();
        currentDay = s.currentDay();
        pausedUntil = s.pausedUntil();
        pauseReason = s.pauseReason();
    }
}
