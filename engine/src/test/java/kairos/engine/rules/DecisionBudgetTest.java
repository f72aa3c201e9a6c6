package kairos.engine.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A rule that never returns, or a runaway rule loop, fails its decision within the budget with the rule's name,
 * file and line instead of hanging the kernel; the rule scenarios report the scenario that hung and go on.
 */
public class DecisionBudgetTest {
    @TempDir
    Path dir;

    /** Lets the "hung" rule go at the end of a test, so its thread does not spin through the rest of the suite. */
    public static volatile boolean release;

    @org.junit.jupiter.api.BeforeEach
    void hold() {
        release = false;
    }

    @org.junit.jupiter.api.AfterEach
    void letGo() {
        release = true;
    }

    static final String RULES = """
            package t;
            import kairos.engine.rules.MarketState;

            declare Counter
                n : int
            end

            rule "hangs when asked"
            when
                MarketState(symbol == "HANG")
            then
                while (!kairos.engine.rules.DecisionBudgetTest.release) { Thread.onSpinWait(); }
            end

            rule "slow"
            when
                MarketState(symbol == "SLOW")
            then
                Thread.sleep(700);
            end

            rule "start counting"
            when
                MarketState(symbol == "LOOP")
                not Counter()
            then
                insert(new Counter(0));
            end

            rule "counts forever"
            when
                $c : Counter(n >= 0)
            then
                modify($c) { setN($c.getN() + 1) };
            end

            rule "quick"
            when
                MarketState(symbol == "OK")
            then
            end
            """;

    static MarketState market(String symbol) {
        return new MarketState(symbol, "5m", 0, 1, 1, 1, 1, 1, Map.of());
    }

    RuleBook book() throws IOException {
        Files.writeString(dir.resolve("budget.drl"), RULES);
        return RuleBook.build(dir);
    }

    @Test
    void aConsequenceThatNeverReturnsIsReportedWithItsRuleFileAndLine() throws Exception {
        RuleBook book = book();
        RuleSession session = book.newSession(Duration.ofMillis(300));
        CompletableFuture<DecisionBudgetException> overrun = new CompletableFuture<>();
        session.onOverrun(overrun::complete);
        assertThat(session.decide(List.of(market("OK"))).rulesFired()).containsExactly("quick");
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread stuck = new Thread(() -> {
            try {
                session.decide(List.of(market("HANG")));
            } catch (RuntimeException ex) {
                thrown.complete(ex); // when the test lets the rule go, the decision comes back and fails
            }
        }, "stuck-kernel");
        stuck.setDaemon(true);
        long t0 = System.nanoTime();
        stuck.start();
        DecisionBudgetException e = overrun.get(10, TimeUnit.SECONDS);
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(waited).as("reported after the budget, not long after").isBetween(300L, 5_000L);
        assertThat(e.kind()).isEqualTo(DecisionBudgetException.Kind.TIME);
        assertThat(e.rule()).isEqualTo("hangs when asked");
        assertThat(e.location()).isEqualTo(dir.resolve("budget.drl") + ":8");
        assertThat(e.getMessage()).contains("rule 'hangs when asked' (" + dir.resolve("budget.drl") + ":8)",
                "did not return within the decision budget of 300 ms", "rules.decision_budget_ms");
        assertThat(e.getStackTrace()).as("a user error, no stack trace").isEmpty();
        assertThat(stuck.isAlive()).as("the stuck thread cannot be taken back").isTrue();
        assertThatThrownBy(() -> session.decide(List.of(market("OK")))).as("the session refuses further decisions")
                .isSameAs(e);
        assertThat(session.failure()).isSameAs(e);
        session.close(); // does not wait for the stuck thread
    }

    @Test
    void aDecisionThatComesBackLateFailsAsWell() throws IOException {
        RuleBook book = book();
        try (RuleSession session = book.newSession(Duration.ofMillis(150))) {
            CompletableFuture<DecisionBudgetException> overrun = new CompletableFuture<>();
            session.onOverrun(overrun::complete);
            assertThatThrownBy(() -> session.decide(List.of(market("SLOW"))))
                    .isInstanceOf(DecisionBudgetException.class).hasMessageContaining("rule 'slow'");
            assertThat(overrun).isCompleted();
        }
        try (RuleSession generous = book.newSession(Duration.ofSeconds(30))) {
            assertThat(generous.decide(List.of(market("SLOW"))).rulesFired()).containsExactly("slow");
        }
    }

    @Test
    void aRunawayRuleLoopIsReportedWithItsRuleFileAndLine() throws IOException {
        RuleBook book = book();
        try (RuleSession session = book.newSession(Duration.ofSeconds(30))) {
            assertThatThrownBy(() -> session.decide(List.of(market("LOOP"))))
                    .isInstanceOfSatisfying(DecisionBudgetException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DecisionBudgetException.Kind.LOOP);
                        assertThat(e.rule()).isEqualTo("counts forever");
                        assertThat(e.location()).isEqualTo(dir.resolve("budget.drl") + ":30");
                        assertThat(e.getMessage()).contains("runaway rule loop", "no-loop", "10,000");
                        assertThat(e.getStackTrace()).isEmpty();
                    });
        }
        try (RuleSession unwatched = book.newSession(Duration.ZERO)) { // the firing limit holds without a budget too
            assertThatThrownBy(() -> unwatched.decide(List.of(market("LOOP")))).isInstanceOf(DecisionBudgetException.class);
        }
    }

    @Test
    void ruleScenariosReportTheScenarioThatHungAndRunTheOthers() throws IOException {
        Files.writeString(dir.resolve("budget.drl"), RULES);
        Path tests = Files.createDirectories(dir.resolve("tests"));
        Files.writeString(tests.resolve("hang.yaml"), """
                scenarios:
                  - name: hangs
                    given: {market: {symbol: HANG}}
                    expect: {fired: ["hangs when asked"]}
                  - name: loops
                    given: {market: {symbol: LOOP}}
                    expect: {fired: ["counts forever"]}
                  - name: still runs after them
                    given: {market: {symbol: OK}}
                    expect: {fired: [quick]}
                  - name: reaches the hung rule again
                    given: {market: {symbol: HANG}}
                    expect: {fired: ["hangs when asked"]}
                """);
        Duration before = RuleSession.defaultBudget();
        RuleSession.setDefaultBudget(Duration.ofSeconds(2));
        try {
            RuleBook book = RuleBook.build(dir);
            long t0 = System.nanoTime();
            RuleScenarios.Report report = RuleScenarios.run(book, tests);
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(20);
            assertThat(report.scenarios()).isEqualTo(4);
            assertThat(report.results().get(0).failures()).singleElement().asString()
                    .contains("did not finish", "rule 'hangs when asked' (" + dir.resolve("budget.drl") + ":8)");
            // cut by the firing limit, or by the budget first on a slow machine: named the same either way
            assertThat(report.results().get(1).failures()).singleElement().asString()
                    .contains("did not finish", "rule 'counts forever' (" + dir.resolve("budget.drl") + ":30)", "runaway rule loop");
            assertThat(report.results().get(2).passed()).isTrue();
            // not fired again: a second thread spinning in it (and a second wait of the budget) spared
            assertThat(report.results().get(3).failures()).singleElement().asString().isEqualTo("did not finish: rule "
                    + "'hangs when asked' (" + dir.resolve("budget.drl") + ":8) did not return in scenario 'hangs' ("
                    + tests.resolve("hang.yaml") + "); it would fire here and was not fired again");
            assertThat(report.failures()).hasSize(3).allMatch(f -> f.contains("hang.yaml: scenario '"));
        } finally {
            RuleSession.setDefaultBudget(before);
        }
    }
}
