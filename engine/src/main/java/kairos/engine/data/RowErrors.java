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
    private final List<Located> errors = new ArrayList<>();

    /** An error and the row it is about (0 for the whole file), to list errors in file order. */
    private record Located(long row, String text) {
    }

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
        addRaw(row, location(row) + ": " + message);
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
        addRaw(0, file + ": " + message);
    }

    private void addRaw(long row, String error) {
        errors.add(new Located(row, error));
        if (errors.size() >= MAX_ERRORS) {
            List<String> all = new ArrayList<>(errors());
            all.add(file + ": stopped after " + MAX_ERRORS + " errors; fix these and import again");
            throw new DataFileException(all);
        }
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** The errors so far in file order (row by row; the same row in the order found). */
    public List<String> errors() {
        return errors.stream().sorted(java.util.Comparator.comparingLong(Located::row)).map(Located::text).toList();
    }

    /** @throws DataFileException when any error was recorded */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new DataFileException(errors());
        }
    }
}
