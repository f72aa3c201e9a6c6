package kairos.engine.backtest;

import kairos.engine.data.CandleSeries;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.Instrument;
import kairos.engine.domain.Timeframe;
import kairos.engine.execution.ExecutionPolicy;
import kairos.engine.execution.FeeSchedule;
import kairos.engine.execution.VenueModel;
import kairos.engine.risk.HaltLimits;
import kairos.engine.risk.RiskLimits;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything a backtest replays and trades with. {@code bars} holds the feed-timeframe series of the traded
 * symbols and of the context symbols (which feed indicators and CEP but are never traded). {@code venue} is the
 * simulated venue's market model (fees, slippage, latency, participation, leverage), {@code execution} how entries
 * are worked and positions managed, {@code halts} the hard halts' limits (the specification's unless stricter).
 */
public record BacktestSpec(String exchange, List<String> symbols, List<String> contextSymbols, Timeframe feedTimeframe,
                           Timeframe strategyTimeframe, Map<String, CandleSeries> bars,
                           Map<String, List<FundingRate>> funding, Path rulesDir, Path cepDir, double initialEquity,
                           VenueModel venue, ExecutionPolicy execution, RiskLimits riskLimits,
                           Map<String, Instrument> instruments, String modelVersion, HaltLimits halts) {

    public BacktestSpec {
        halts = halts == null ? HaltLimits.SPEC : halts;
    }

    /** A spec with the specification's hard-halt limits. */
    public BacktestSpec(String exchange, List<String> symbols, List<String> contextSymbols, Timeframe feedTimeframe,
                        Timeframe strategyTimeframe, Map<String, CandleSeries> bars,
                        Map<String, List<FundingRate>> funding, Path rulesDir, Path cepDir, double initialEquity,
                        VenueModel venue, ExecutionPolicy execution, RiskLimits riskLimits,
                        Map<String, Instrument> instruments, String modelVersion) {
        this(exchange, symbols, contextSymbols, feedTimeframe, strategyTimeframe, bars, funding, rulesDir, cepDir,
                initialEquity, venue, execution, riskLimits, instruments, modelVersion, HaltLimits.SPEC);
    }

    /** Fees and base slippage of the simulated venue. */
    public FeeSchedule fees() {
        return venue.fees();
    }
}
