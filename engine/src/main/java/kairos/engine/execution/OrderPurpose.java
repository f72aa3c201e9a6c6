package kairos.engine.execution;

/** Why an order exists; exits use the purpose as the trade's exit reason. */
public enum OrderPurpose {
    ENTRY("entry"), STOP("stop"), TARGET("tp1"), EXIT("exit"), END_OF_DATA("end_of_data");

    private final String label;

    OrderPurpose(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
