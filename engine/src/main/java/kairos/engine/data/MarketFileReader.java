package kairos.engine.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads one kind of market-data file into validated rows. {@link MarketStore} asks each known reader in turn
 * whether it {@link #accepts} a file and lets the first that does {@link #read} it. Readers in other modules (the
 * Bybit connector's REST-response readers) are found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/kairos.engine.data.MarketFileReader}.
 */
public interface MarketFileReader {

    /** True when this reader understands the file; may look at the name and the first bytes, never fails. */
    boolean accepts(Path file);

    /**
     * Parses and validates the whole file (see {@link RowValidator}).
     *
     * @throws DataFileException naming file and row of each problem, or when the series cannot be told
     * @throws IOException when the file cannot be read
     */
    ParsedFile read(Path file, ImportHints hints) throws IOException;

    /** A few words for "supported formats" lists, e.g. {@code CSV (.csv, .csv.gz)}. */
    String format();
}
