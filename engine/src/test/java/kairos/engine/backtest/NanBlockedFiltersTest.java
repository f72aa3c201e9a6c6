package kairos.engine.backtest;

import kairos.engine.kernel.Decision;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NanBlockedFiltersTest {
    static final Decision.ProposalRecord LONG = new Decision.ProposalRecord("Buy", "breakout", "Trigger: breakout",
            "market", 150, 148, 154, 1, "range break", List.of(), 0);

    static Decision decision(String symbol, String trigger, Decision.ProposalRecord proposal, Decision.VetoRecord... vetoes) {
        return new Decision(symbol + "-" + trigger, "2025-05-01T00:00:00Z", symbol, trigger, List.of(), List.of(vetoes),
                proposal, new Decision.Verdict(vetoes.length == 0 ? "accepted" : "vetoed", "", null, null, null),
                List.of(), List.of(), "", "h", "none", List.of(), List.of(), List.of(), null);
    }

    static Decision.VetoRecord veto(String rule, String reason) {
        return new Decision.VetoRecord("market", rule, reason, null);
    }

    @Test
    void aFilterWhoseNanInputVetoedEveryProposalOfASymbolIsNamedOnce() {
        Decision.VetoRecord corr = veto("Market: BTC correlation", "correlation with BTC NaN not below 0.8");
        List<Decision> run = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            run.add(decision("SOLUSDT", Decision.BAR_CLOSE, LONG, corr, corr));   // twice in one decision: counted once
        }
        run.add(decision("SOLUSDT", Decision.BAR_CLOSE, null));                   // no proposal: the filters did not run
        run.add(new Decision("rules-1-swapped", "2025-05-01T00:00:00Z", "*", Decision.RULES_RELOAD, List.of(), List.of(),
                LONG, new Decision.Verdict("swapped", "", null, null, null), List.of(), List.of(), "", "h", "none",
                List.of(), List.of(), List.of(), null));
        run.add(decision("ETHUSDT", Decision.PATTERN, LONG, veto("Market: spread", "spread 0.4 bp above 0.3")));

        assertThat(NanBlockedFilters.find(run)).singleElement().satisfies(b -> {
            assertThat(b).isEqualTo(new NanBlockedFilters.Blocked("SOLUSDT", "market", "Market: BTC correlation", 3,
                    "correlation with BTC NaN not below 0.8"));
            assertThat(b.message()).isEqualTo("the filter 'Market: BTC correlation' (market tier) vetoed all 3 proposals "
                    + "for SOLUSDT because its input was NaN (\"correlation with BTC NaN not below 0.8\"): the run could not "
                    + "trade SOLUSDT; its input never had a value (a missing context symbol or data, see --context and "
                    + "./kairos data list)");
        });
    }

    @Test
    void aNanVetoOfSomeProposalsOnlyIsAMarketThatDidNotQualifyNotAMissingInput() {
        Decision.VetoRecord nan = veto("Market: BTC correlation", "correlation with BTC NaN not below 0.8");
        List<Decision> run = List.of(decision("SOLUSDT", Decision.BAR_CLOSE, LONG, nan),
                decision("SOLUSDT", Decision.BAR_CLOSE, LONG, veto("Market: BTC correlation", "correlation 0.9 not below 0.8")),
                decision("SOLUSDT", Decision.BAR_CLOSE, LONG),
                decision("ETHUSDT", Decision.BAR_CLOSE, LONG, veto("Market: volume", null)));
        assertThat(NanBlockedFilters.find(run)).isEmpty();
        assertThat(NanBlockedFilters.find(List.of())).isEmpty();
    }
}
