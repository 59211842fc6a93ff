package io.tcbatch.input;

import java.net.IDN;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;

/**
 * Validators for the value syntaxes the rules and the IOC detector share. Each returns the
 * normalised value, or null when the text is not of that syntax, so the detector can ask "is
 * this a host?" with exactly the judgement the server-side rules will apply later.
 */
final class Values {
    private Values() {
    }

    private static final IPAddressStringParameters ADDRESS = ipParameters(false);
    private static final IPAddressStringParameters BLOCK = ipParameters(true);

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern ALL_DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]+");
    private static final Pattern ASN = Pattern.compile("(?i)ASN([0-9]{1,10})");
    private static final Pattern URL = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)(.*)", Pattern.DOTALL);
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    /*
     * The library's defaults accept inet_aton forms ("1.2.3", "0x7f.1"), wildcards, ranges and
     * leading zeros. A feed that writes 010.1.1.1 may mean octal or decimal; rather than guess,
     * only the plain dotted-quad and the RFC 4291 text forms are accepted.
     */
    private static IPAddressStringParameters ipParameters(boolean prefix) {
        IPAddressStringParameters.Builder b = new IPAddressStringParameters.Builder()
                .allowEmpty(false).allowAll(false).allowSingleSegment(false).allowMask(false)
                .allowPrefix(prefix).allowPrefixOnly(false).allowWildcardedSeparator(false)
                .setRangeOptions(RangeParameters.NO_RANGE).allow_inet_aton(false);
        b.getIPv4AddressParametersBuilder().allowLeadingZeros(false).allowBinary(false)
                .allowPrefixLengthLeadingZeros(false);
        b.getIPv6AddressParametersBuilder().allowZone(false).allowBase85(false).allowBinary(false)
                .allowUnlimitedLeadingZeros(false).allowPrefixLengthLeadingZeros(false);
        return b.toParams();
    }

    /** IPv4 as given, IPv6 in RFC 5952 form (compressed, lower case), as ThreatConnect shows them. */
    static String address(String s) {
        if (s == null || s.isEmpty() || s.indexOf('/') >= 0) {
            return null;
        }
        try {
            IPAddress a = new IPAddressString(s, ADDRESS).toAddress();
            return a.isIPv6() ? a.toCanonicalString() : a.toNormalizedString();
        } catch (AddressStringException | RuntimeException e) {
            return null;
        }
    }

    /**
     * A network block. IPv6 uses the form §3.4 documents for CIDR (no "::", no zero padding).
     * A block with host bits set (203.0.113.5/24) is refused rather than silently widened: the
     * sender may have meant the single address.
     */
    static String cidr(String s) {
        if (s == null || s.indexOf('/') < 0) {
            return null;
        }
        try {
            IPAddress a = new IPAddressString(s, BLOCK).toAddress();
            if (a.getNetworkPrefixLength() == null || !a.isPrefixBlock()) {
                return null;
            }
            return a.toNormalizedString();
        } catch (AddressStringException | RuntimeException e) {
            return null;
        }
    }

    /**
     * A host name by RFC 952/1123 after IDN conversion, lower case. At least two labels, so a
     * bare word is not mistaken for a host; a last label of digits only is refused (RFC 1123
     * §2.1), which keeps "C91.196.152.28" from passing as a host name.
     */
    static String host(String s) {
        if (s == null || s.isEmpty() || s.length() > 253 * 4) {
            return null;
        }
        String ascii;
        try {
            ascii = IDN.toASCII(s, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (ascii.length() > 253 || ascii.endsWith(".")) {
            return null;
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            return null;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return null;
            }
        }
        if (ALL_DIGITS.matcher(labels[labels.length - 1]).matches()) {
            return null;
        }
        return ascii;
    }

    /** local@host; the whole address is lower-cased because ThreatConnect compares them so. */
    static String email(String s) {
        if (s == null) {
            return null;
        }
        int at = s.lastIndexOf('@');
        if (at <= 0 || at > 64 || at == s.length() - 1) {
            return null;
        }
        String local = s.substring(0, at);
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c <= ' ' || c == '@' || c == 127 || c == ',' || c == ';' || c == '<' || c == '>') {
                return null;
            }
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return null;
        }
        String host = host(s.substring(at + 1));
        return host == null ? null : local.toLowerCase(Locale.ROOT) + "@" + host;
    }

    /**
     * scheme://authority/rest with a valid host (name, IPv4 or [IPv6]); scheme and host are
     * lower-cased, the host converted to punycode, and the rest is kept byte for byte because
     * paths and queries are case-sensitive.
     */
    static String url(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i)) || Character.isISOControl(s.charAt(i))) {
                return null;
            }
        }
        Matcher m = URL.matcher(s);
        if (!m.matches()) {
            return null;
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        String authority = m.group(2);
        String userInfo = "";
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            userInfo = authority.substring(0, at + 1);
            authority = authority.substring(at + 1);
        }
        String hostPart = authority;
        String port = "";
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                return null;
            }
            hostPart = authority.substring(0, close + 1);
            port = authority.substring(close + 1);
        } else {
            int colon = authority.lastIndexOf(':');
            if (colon >= 0) {
                hostPart = authority.substring(0, colon);
                port = authority.substring(colon);
            }
        }
        if (!port.isEmpty()) {
            if (!port.startsWith(":") || !PORT.matcher(port.substring(1)).matches()
                    || Integer.parseInt(port.substring(1)) > 65535) {
                return null;
            }
        }
        String host;
        if (hostPart.startsWith("[")) {
            String v6 = address(hostPart.substring(1, hostPart.length() - 1));
            if (v6 == null || v6.indexOf(':') < 0) {
                return null;
            }
            host = "[" + v6 + "]";
        } else {
            host = address(hostPart);
            if (host == null || host.indexOf(':') >= 0) {
                host = host(hostPart);
            }
        }
        if (host == null) {
            return null;
        }
        return scheme + "://" + userInfo + host + port + m.group(3);
    }

    /** ASN + digits, upper case (ThreatConnect's case preference for ASN). */
    static String asn(String s) {
        if (s == null) {
            return null;
        }
        Matcher m = ASN.matcher(s);
        if (!m.matches() || Long.parseLong(m.group(1)) > 4294967295L) {
            return null;
        }
        return "ASN" + Long.parseLong(m.group(1));
    }

    /** Hex of the given length in upper case, or null. */
    static String hash(String s, int length) {
        if (s == null || s.length() != length || !HEX.matcher(s).matches()) {
            return null;
        }
        return s.toUpperCase(Locale.ROOT);
    }

    static boolean isHex(String s) {
        return s != null && !s.isEmpty() && HEX.matcher(s).matches();
    }

    /**
     * ISO-8601 date-time with Z or a ±hh:mm offset. A bare date or a local time is refused: which
     * instant "2024-05-01" means depends on a zone the file does not state, and ThreatConnect
     * answers such values with a 0x1003 error rather than guessing.
     */
    static boolean isDateTime(String s) {
        if (s == null) {
            return false;
        }
        try {
            OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
