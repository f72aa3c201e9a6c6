package kairos.engine.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the errors found while reading one file, each prefixed with the file and where in it, and gives up
 * once {@link #MAX_ERRORS} are collected: by then the file is clearly wrong and more lines would only bury the
 * first ones. Text files count lines (the header is line 1); JSON and Arrow files count rows from 1.
 */
public final class RowErrors {

    /** After this many errors reading stops with a {@link DataFileException}. */
    public static final int MAX_ERRORS = 20;

    private final String file;
    private final boolean lines;
    private final List<String> errors = new ArrayList<>();

    private RowErrors(Path file, boolean lines) {
        this.file = file.toString();
        this.lines = lines;
    }

    /** Errors located by line number (CSV). */
    public static RowErrors byLine(Path file) {
        return new RowErrors(file, true);
    }

    /** Errors located by 1-based row number (JSON arrays, Arrow tables). */
    public static RowErrors byRow(Path file) {
        return new RowErrors(file, false);
    }

    /** How a row is named in messages: {@code line 4} or {@code row 4}. */
    public String where(long row) {
        return (lines ? "line " : "row ") + row;
    }

    /**
     * Records an error at a row.
     *
     * @throws DataFileException when this is the {@link #MAX_ERRORS}th error
     */
    public void add(long row, String message) {
        addRaw(location(row) + ": " + message);
    }

    /** {@code file:4} (a line) or {@code file:row 4}: the prefix of every message about that row. */
    public String location(long row) {
        return file + ":" + (lines ? "" : "row ") + row;
    }

    /** True when rows are counted as text lines. */
    public boolean byLine() {
        return lines;
    }

    /** Records an error about the whole file (no row), e.g. an unreadable structure. */
    public void addFile(String message) {
        addRaw(file + ": " + message);
    }

    private void addRaw(String error) {
        errors.add(error);
        if (errors.size() >= MAX_ERRORS) {
            List<String> all = new ArrayList<>(errors);
            all.add(file + ": stopped after " + MAX_ERRORS + " errors; fix these and import again");
            throw new DataFileException(all);
        }
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** @throws DataFileException when any error was recorded */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new DataFileException(errors);
        }
    }
}
