package io.tcbatch.input;

/** The three kinds of entries a Batch file can hold (API doc §3.2). */
public enum ItemKind {
    INDICATOR("indicator"), GROUP("group"), ASSOCIATION("association");

    private final String arrayName;

    ItemKind(String arrayName) {
        this.arrayName = arrayName;
    }

    /** Name of the top-level V2 array that holds this kind. */
    public String arrayName() {
        return arrayName;
    }
}
