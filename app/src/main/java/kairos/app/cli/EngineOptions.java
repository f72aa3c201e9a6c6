package kairos.app.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where the trading logic comes from: rule files, EPL modules, model. */
public final class EngineOptions {
    @Option(names = "--rules", paramLabel = "DIR", description = "Folder of *.drl rule files, read recursively (default: rules/).")
    Path rules;

    @Option(names = "--cep", paramLabel = "DIR", description = "Folder of *.epl modules, read recursively (default: cep-statements/).")
    Path cep;

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder (default: none; ML scores arrive with the ML issue).")
    Path model;

    public Path rulesDir() {
        return rules != null ? rules : KairosHome.resolve("rules");
    }

    public Path cepDir() {
        return cep != null ? cep : KairosHome.resolve("cep-statements");
    }

    /** The model version stamped on decisions: "none" until a model is loaded. */
    public String modelVersion() {
        if (model != null) {
            throw new UserError("--model: model scoring is not available in this version; run without --model");
        }
        return "none";
    }
}
