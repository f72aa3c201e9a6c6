package kairos.engine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Rule files for tests of the kernel's mechanics: no filters, no sizing rules, no emergency handlers. */
public final class TestRules {
    private TestRules() {
    }

    /**
     * Enter long at market whenever flat at a decision point (stop 3% below, target 3% above), exit ten minutes
     * after the entry. {@code whenReady}: only once the market state's features are warm.
     */
    public static Path enterAndLeave(Path dir, boolean whenReady) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("enter-and-leave.drl"), """
                package kairos.rules;
                import kairos.engine.rules.*;
                import kairos.engine.domain.Side;
                rule "test: enter when flat"
                when
                    $m : MarketState(%s)
                    not PositionState(symbol == $m.symbol)
                then
                    insert(new Proposal($m.getSymbol(), Side.Buy, "test", "market", $m.getClose(), $m.getClose() * 0.97,
                            $m.getClose() * 1.03, 1.0, "test entry"));
                end
                rule "test: leave after 10 minutes"
                when
                    $m : MarketState()
                    PositionState(symbol == $m.symbol, heldMinutes >= 10)
                then
                    insert(new ExitSignal($m.getSymbol(), "test exit"));
                end
                """.formatted(whenReady ? "ready" : ""));
        return dir;
    }
}
