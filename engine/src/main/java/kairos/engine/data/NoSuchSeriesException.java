package kairos.engine.data;

/** Candles or funding were asked for that the store neither holds nor can resample; the message lists what it has. */
public class NoSuchSeriesException extends RuntimeException {

    public NoSuchSeriesException(String message) {
        super(message);
    }
}
