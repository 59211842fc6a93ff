package io.tcbatch.input;

import java.util.List;
import java.util.Optional;

/** The twelve built-in ThreatConnect indicator types (API doc §3.4) with their V2 value fields. */
public enum IndicatorType {
    ADDRESS("Address", "ip"),
    EMAIL_ADDRESS("EmailAddress", "address"),
    FILE("File", "md5", "sha1", "sha256"),
    HOST("Host", "hostName"),
    URL("URL", "text"),
    ASN("ASN", "AS Number"),
    CIDR("CIDR", "Block"),
    EMAIL_SUBJECT("Email Subject", "Subject"),
    HASHTAG("Hashtag", "Hashtag"),
    MUTEX("Mutex", "Mutex"),
    REGISTRY_KEY("Registry Key", "Key Name", "Value Name", "Value Type"),
    USER_AGENT("User Agent", "User Agent String");

    private final String apiName;
    private final List<String> valueFields;

    IndicatorType(String apiName, String... valueFields) {
        this.apiName = apiName;
        this.valueFields = List.of(valueFields);
    }

    /** The exact type name used on the wire, e.g. {@code EmailAddress}, {@code Registry Key}. */
    public String apiName() {
        return apiName;
    }

    /** The type-specific V2 value fields, in summary order. */
    public List<String> valueFields() {
        return valueFields;
    }

    /** Exact (case-sensitive) match of the wire name, as the server does. */
    public static Optional<IndicatorType> fromApiName(String name) {
        return Optional.ofNullable(byApiName(name));
    }

    private static final IndicatorType[] ALL = values();

    /** The wire names in the order of §3.4, comma-separated, for messages. */
    public static final String API_NAMES = String.join(", ",
            java.util.Arrays.stream(ALL).map(IndicatorType::apiName).toList());

    /** Like {@link #fromApiName} without the Optional, for the per-item hot path; null when unknown. */
    static IndicatorType byApiName(String name) {
        if (name == null) {
            return null;
        }
        for (IndicatorType t : ALL) {
            if (t.apiName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
