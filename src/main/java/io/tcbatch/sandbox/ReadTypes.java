package io.tcbatch.sandbox;

import java.util.List;

import io.tcbatch.input.IndicatorType;

/**
 * The names the v2 read API uses for each indicator and group type: the path branch
 * ({@code addresses}), the entity key of a single item ({@code address}), and the type-specific
 * fields. Kept in one table so that a path, a JSON key and a link can never disagree.
 */
final class ReadTypes {

    /**
     * One indicator type as the v2 API names it.
     *
     * @param custom   ThreatConnect's "custom" indicator types (everything but the five classic
     *                 ones), whose single and list forms also carry {@code type} (v2 docs, Mutex example)
     * @param linkPage the page of the legacy web link, e.g. {@code host} in {@code host.xhtml}
     */
    record IndicatorKind(IndicatorType type, String branch, String entity, boolean custom, String linkPage) {
    }

    /**
     * One group type as the v2 API names it.
     *
     * @param fields     the type-specific fields copied from the stored group (API doc §3.5 table)
     * @param listFields the subset shown in list items: the bulky texts (an email's header and
     *                   body, a signature's text) only in the single form
     */
    record GroupKind(String type, String branch, String entity, List<String> fields, List<String> listFields) {
    }

    static final List<IndicatorKind> INDICATORS = List.of(
            new IndicatorKind(IndicatorType.ADDRESS, "addresses", "address", false, "address"),
            new IndicatorKind(IndicatorType.EMAIL_ADDRESS, "emailAddresses", "emailAddress", false, "emailaddress"),
            new IndicatorKind(IndicatorType.FILE, "files", "file", false, "file"),
            new IndicatorKind(IndicatorType.HOST, "hosts", "host", false, "host"),
            new IndicatorKind(IndicatorType.URL, "urls", "url", false, "url"),
            new IndicatorKind(IndicatorType.ASN, "asns", "asn", true, "customIndicator"),
            new IndicatorKind(IndicatorType.CIDR, "cidrBlocks", "cidrBlock", true, "customIndicator"),
            new IndicatorKind(IndicatorType.EMAIL_SUBJECT, "emailSubjects", "emailSubject", true, "customIndicator"),
            new IndicatorKind(IndicatorType.HASHTAG, "hashtags", "hashtag", true, "customIndicator"),
            new IndicatorKind(IndicatorType.MUTEX, "mutexes", "mutex", true, "customIndicator"),
            new IndicatorKind(IndicatorType.REGISTRY_KEY, "registryKeys", "registryKey", true, "customIndicator"),
            new IndicatorKind(IndicatorType.USER_AGENT, "userAgents", "userAgent", true, "customIndicator"));

    private static final List<String> NONE = List.of();

    static final List<GroupKind> GROUPS = List.of(
            new GroupKind("Adversary", "adversaries", "adversary", NONE, NONE),
            new GroupKind("Attack Pattern", "attackPatterns", "attackPattern", NONE, NONE),
            new GroupKind("Campaign", "campaigns", "campaign", List.of("firstSeen"), List.of("firstSeen")),
            new GroupKind("Course of Action", "coursesOfAction", "courseOfAction", NONE, NONE),
            // A document's password is not echoed: it protects a malware sample, and a read API
            // that checks an import has no need to show it.
            new GroupKind("Document", "documents", "document", List.of("fileName", "malware"),
                    List.of("fileName", "malware")),
            new GroupKind("Email", "emails", "email", List.of("subject", "from", "to", "score", "header", "body"),
                    List.of("subject", "from", "to", "score")),
            new GroupKind("Event", "events", "event", List.of("eventDate", "eventType", "status"),
                    List.of("eventDate", "eventType", "status")),
            new GroupKind("Incident", "incidents", "incident", List.of("eventDate", "status"),
                    List.of("eventDate", "status")),
            new GroupKind("Intrusion Set", "intrusionSets", "intrusionSet", NONE, NONE),
            new GroupKind("Malware", "malware", "malware", NONE, NONE),
            new GroupKind("Report", "reports", "report", List.of("fileName", "publishDate"),
                    List.of("fileName", "publishDate")),
            new GroupKind("Signature", "signatures", "signature", List.of("fileName", "fileType", "fileText"),
                    List.of("fileName", "fileType")),
            new GroupKind("Tactic", "tactics", "tactic", NONE, NONE),
            new GroupKind("Threat", "threats", "threat", NONE, NONE),
            new GroupKind("Tool", "tools", "tool", NONE, NONE),
            new GroupKind("Vulnerability", "vulnerabilities", "vulnerability", NONE, NONE));

    private ReadTypes() {
    }

    /** By path branch, exactly as spelled (paths are case-sensitive); null when unknown. */
    static IndicatorKind indicatorByBranch(String branch) {
        for (IndicatorKind k : INDICATORS) {
            if (k.branch.equals(branch)) {
                return k;
            }
        }
        return null;
    }

    /** By stored type name; null for a type the read API does not know. */
    static IndicatorKind indicatorByType(String type) {
        for (IndicatorKind k : INDICATORS) {
            if (k.type.apiName().equals(type)) {
                return k;
            }
        }
        return null;
    }

    static GroupKind groupByBranch(String branch) {
        for (GroupKind k : GROUPS) {
            if (k.branch.equals(branch)) {
                return k;
            }
        }
        return null;
    }

    static GroupKind groupByType(String type) {
        for (GroupKind k : GROUPS) {
            if (k.type.equals(type)) {
                return k;
            }
        }
        return null;
    }
}
