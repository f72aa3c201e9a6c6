package kairos.engine.features;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import kairos.engine.domain.Timeframe;

/**
 * Generates {@code docs/features.md}, the reference table of the standard 1m schema. Run
 * {@code FeatureDocs.main(["docs/features.md"])} after changing a feature; a test fails while the file is stale.
 */
public final class FeatureDocs {
    private FeatureDocs() {
    }

    public static String render(FeatureSchema schema) {
        FeatureConfig cfg = schema.config();
        StringBuilder sb = new StringBuilder();
        sb.append("# Feature reference\n\n");
        sb.append("Generated from `FeatureSchema` by `kairos.engine.features.FeatureDocs` — do not edit by hand; a test fails ")
                .append("when this file and the code disagree.\n\n");
        sb.append("- Schema: base timeframe `").append(cfg.base()).append("`, coarser timeframes ");
        for (int i = 0; i < cfg.higher().size(); i++) {
            sb.append(i == 0 ? "" : ", ").append('`').append(cfg.higher().get(i)).append('`');
        }
        sb.append(", context `").append(cfg.btcSymbol()).append("` / `").append(cfg.ethSymbol()).append("`, funding every ")
                .append(cfg.fundingIntervalHours()).append(" h\n");
        sb.append("- Columns: ").append(schema.size()).append("\n");
        sb.append("- Schema hash: `").append(schema.hash()).append("` (SHA-256 over definitions version ")
                .append(FeatureSchema.DEFINITIONS_VERSION).append(" and every column name with its parameters; first 16 hex ")
                .append("digits)\n\n");
        sb.append("## Conventions\n\n");
        sb.append("- Names are lowercase, indicator then parameters (`rsi_14`, `macd_12_26_9`). Columns of a coarser timeframe ")
                .append("carry the suffix `@<tf>` (`rsi_14@1h`) and hold the value of the last *closed* bar of that timeframe, ")
                .append("aggregated from base bars (a leading partial bar is dropped).\n");
        sb.append("- A value at bar t uses only data up to t's close. Empty/NaN means warming up or input absent (for example ")
                .append("order-flow columns in a candle-only backtest); nothing is zero-filled.\n");
        sb.append("- Warm-up is in base bars; for event-driven columns (structure, divergences) it is the minimum.\n");
        sb.append("- Wilder smoothing (alpha 1/n, seeded with the mean of the first n inputs) for RSI, ATR and ADX; EMAs are ")
                .append("seeded with the SMA of their first n inputs; Bollinger uses the population standard deviation.\n");
        sb.append("- Every base-timeframe column exists for each coarser timeframe too (`ema_8@5m`, ... `ema_8@4h`); the table ")
                .append("lists all of them.\n\n");
        sb.append("## Using it\n\n");
        sb.append("```java\n");
        sb.append("FeatureEngine engine = new FeatureEngine(FeatureConfig.standard(Timeframe.M1));\n");
        sb.append("int rsi1h = engine.schema().indexOf(\"rsi_14@1h\");\n");
        sb.append("// per closed base bar, after feeding what happened up to its close:\n");
        sb.append("engine.onContextBar(\"BTCUSDT\", btcBar); engine.onFunding(rate); engine.onTrade(tick);\n");
        sb.append("engine.onBar(bar);\n");
        sb.append("double v = engine.value(rsi1h); double[] row = engine.snapshot();\n\n");
        sb.append("// training: the same numbers for a whole series\n");
        sb.append("FeatureMatrix m = FeatureMatrix.compute(config, new FeatureInputs(bars, context, funding, events), from, to);\n");
        sb.append("FeatureMatrixWriter.write(config, inputs, from, to, writer); // CSV: timestamp, then every column\n");
        sb.append("```\n\n");
        sb.append("## Columns\n\n");
        sb.append("| # | name | definition | parameters | warm-up bars | source |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (int i = 0; i < schema.size(); i++) {
            FeatureSpec s = schema.spec(i);
            sb.append("| ").append(i).append(" | `").append(s.name()).append("` | ").append(s.definition().replace("|", "\\|"))
                    .append(" | ").append(s.parameters().isEmpty() ? "" : "`" + s.parameters() + "`").append(" | ")
                    .append(s.warmupBars()).append(" | ").append(s.source()).append(" |\n");
        }
        return sb.toString();
    }

    /** The schema documented in docs/features.md. */
    public static FeatureSchema documentedSchema() {
        return FeatureSchema.of(FeatureConfig.standard(Timeframe.M1));
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/features.md");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, render(documentedSchema()), StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
    }
}
