package kairos.app.cli;

import kairos.engine.cep.CepEngine;
import kairos.engine.cep.CepException;
import kairos.engine.rules.RuleBook;
import kairos.engine.rules.RuleBuildException;
import kairos.engine.rules.RuleScenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code kairos rules}: work with the rule files. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Checks the rule files (DRL) and their scenarios.",
        subcommands = {RulesCommand.Check.class})
public final class RulesCommand {

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Compiles every *.drl under DIR (default rules/) and every *.epl under --cep (default",
                    "cep-statements/), then runs the rule scenarios in DIR/tests/**/*.yaml (given facts -> expected",
                    "proposals, vetoes, actions). Errors print as file:line:col: message; a scenario whose rules do not",
                    "return within rules.decision_budget_ms is reported with the rule's file and line, and that rule is",
                    "not fired again in later scenarios (they fail at once, naming it). Changes nothing.",
                    "Exit 0 when everything compiles and every scenario passes, else 1."},
            footer = {"", "Examples:", "  ./kairos rules check", "  ./kairos rules check /tmp/my-rules --cep cep-statements"})
    public static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", arity = "0..1", description = "Folder of rule files (same as --rules; default: rules/).")
        Path dir;

        @Option(names = "--rules", paramLabel = "DIR", description = "Folder of rule files (default: rules/).")
        Path rules;

        @Option(names = "--cep", paramLabel = "DIR", description = "Folder of EPL modules (default: cep-statements/).")
        Path cep;

        @Option(names = "--config", paramLabel = "FILE",
                description = "Configuration file (default: config/kairos.yaml in the project): its rules.decision_budget_ms "
                        + "bounds each scenario's decision.")
        Path config;

        @Override
        public Integer call() {
            if (dir != null && rules != null && !dir.equals(rules)) {
                throw new UserError("give the rules folder once: DIR " + dir + " and --rules " + rules + " differ");
            }
            Path rulesDir = dir != null ? dir : rules != null ? rules : KairosHome.resolve("rules");
            Path configFile = config != null ? config : KairosHome.resolve("config/kairos.yaml");
            if (config != null || Files.isRegularFile(configFile)) {
                kairos.app.config.KairosConfig c = kairos.app.config.ConfigLoader.load(configFile, System.getenv());
                kairos.engine.rules.RuleSession.setDefaultBudget(
                        java.time.Duration.ofMillis(c.rulesOrDefault().decisionBudgetMsOrDefault()));
            }
            Path cepDir = cep != null ? cep : KairosHome.resolve("cep-statements");
            PrintStream out = System.out;
            List<String> errors = new ArrayList<>();
            // the EPL modules compile on another thread while the rules build and their scenarios run
            java.util.concurrent.CompletableFuture<Integer> epl = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> Files.isDirectory(cepDir) || cep != null ? CepEngine.compileAll(cepDir).size() : 0);
            RuleBook book = null;
            try {
                book = RuleBook.build(rulesDir);
            } catch (RuleBuildException e) {
                errors.addAll(e.errors());
            }
            Timings.mark("rules");
            RuleScenarios.Report report = book == null ? null : RuleScenarios.run(book, rulesDir.resolve("tests"));
            Timings.mark("scenarios");
            int eplFiles = 0;
            try {
                eplFiles = epl.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (!(e.getCause() instanceof CepException c)) {
                    throw e;
                }
                errors.addAll(c.errors());
            }
            Timings.mark("epl (rest)");
            if (report != null) {
                errors.addAll(report.failures());
            }
            errors.forEach(out::println);
            out.println(eplFiles + " EPL module" + (eplFiles == 1 ? "" : "s") + " compiled from " + cepDir);
            String counts = (book == null ? countDrl(rulesDir) + " rule files, 0 rules" : book.ruleFiles() + " rule files, "
                    + book.rules() + " rules") + ", " + (report == null ? 0 : report.scenarios()) + " scenarios";
            out.println(counts + (errors.isEmpty() ? ": ok" : ": " + errors.size() + " error" + (errors.size() == 1 ? "" : "s")));
            return errors.isEmpty() ? 0 : 1;
        }

        private static long countDrl(Path dir) {
            try (var walk = Files.walk(dir)) {
                return walk.filter(p -> p.toString().endsWith(".drl")).count();
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                return 0;
            }
        }
    }
}
