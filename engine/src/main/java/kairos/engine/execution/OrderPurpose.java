package kairos.engine.execution;

/** Why an order exists. */
public enum OrderPurpose {
    ENTRY("entry"), STOP("stop"), TARGET("tp"), EXIT("exit"), LIQUIDATION("liquidation"), END_OF_DATA("end_of_data");

    private final String label;

    OrderPurpose(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether orders of this purpose only ever reduce a position. */
    public boolean reduces() {
        return this != ENTRY;
    }
}
