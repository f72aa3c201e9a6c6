package kairos.engine.data;

import java.util.List;

/**
 * A market-data file (or an import of several) was refused. The message holds every error found, one per line,
 * each starting with the file and the line or row it concerns, e.g. {@code bad.csv:4: duplicate timestamp ...}.
 */
public class DataFileException extends RuntimeException {

    private final List<String> errors;

    public DataFileException(List<String> errors) {
        super(String.join("\n", errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a DataFileException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public DataFileException(String error) {
        this(List.of(error));
    }

    /** The errors, one per entry, in the order found. */
    public List<String> errors() {
        return errors;
    }
}
