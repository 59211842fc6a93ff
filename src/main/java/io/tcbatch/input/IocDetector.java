package io.tcbatch.input;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides the indicator type of one bare value from an IOC list, using the same validators the
 * rules apply, so a value typed here is one {@link IndicatorRules} will accept.
 */
final class IocDetector {
    private IocDetector() {
    }

    /** A value and the type it was recognised as; {@code summary} is already normalised. */
    record Detected(IndicatorType type, String summary) {
    }

    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://.*", Pattern.DOTALL);

    /*
     * Feeds that write a URL name a transport people browse or fetch with. Any other scheme in a
     * list is more likely a broken defang ("htxxp://") than a real URL, and importing it would
     * store junk, so it is left undetected and reported.
     */
    private static final Set<String> URL_SCHEMES = Set.of("http", "https", "ftp", "ftps", "sftp", "tftp",
            "ws", "wss", "smb", "file", "ldap", "ldaps", "irc", "ircs", "ssh", "telnet", "rtsp", "tcp", "udp");

    /** The scheme of a URL-like value whose scheme no feed would use, or null. */
    static String unknownScheme(String value) {
        var m = SCHEME.matcher(value);
        return m.matches() && !URL_SCHEMES.contains(m.group(1).toLowerCase(Locale.ROOT)) ? m.group(1) : null;
    }

    /** The detected type of {@code value} (already restored from defanged form), or null. */
    static Detected detect(String value) {
        if (value.isEmpty()) {
            return null;
        }
        if (Values.isHex(value)) {
            String file = switch (value.length()) {
                case 32, 40, 64 -> Values.hash(value, value.length());
                default -> null;
            };
            return file == null ? null : new Detected(IndicatorType.FILE, file);
        }
        var scheme = SCHEME.matcher(value);
        if (scheme.matches()) {
            if (!URL_SCHEMES.contains(scheme.group(1).toLowerCase(Locale.ROOT))) {
                return null;
            }
            return of(IndicatorType.URL, Values.url(value));
        }
        if (value.indexOf('/') >= 0) {
            return of(IndicatorType.CIDR, Values.cidr(value));
        }
        String address = Values.address(value);
        if (address != null) {
            return new Detected(IndicatorType.ADDRESS, address);
        }
        if (value.indexOf('@') >= 0) {
            return of(IndicatorType.EMAIL_ADDRESS, Values.email(value));
        }
        // AS1234, as1234, ASN1234: the ASN rule's own spellings, so what is detected is what it accepts.
        String asn = Values.asn(value);
        if (asn != null) {
            return new Detected(IndicatorType.ASN, asn);
        }
        return of(IndicatorType.HOST, Values.host(value));
    }

    private static Detected of(IndicatorType type, String normalised) {
        return normalised == null ? null : new Detected(type, normalised);
    }
}
