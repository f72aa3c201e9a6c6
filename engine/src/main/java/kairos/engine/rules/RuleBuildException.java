package kairos.engine.rules;

import java.util.List;

/** DRL that does not build; {@link #errors()} are {@code file:line:col: message} lines. */
public final class RuleBuildException extends RuntimeException {
    private final List<String> errors;

    public RuleBuildException(List<String> errors) {
        super(String.join(System.lineSeparator(), errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
