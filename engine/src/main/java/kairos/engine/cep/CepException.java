package kairos.engine.cep;

import java.util.List;

/** EPL that does not compile or deploy; {@link #errors()} are {@code file:line: message} lines. */
public final class CepException extends RuntimeException {
    private final List<String> errors;

    public CepException(List<String> errors) {
        super(String.join(System.lineSeparator(), errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
