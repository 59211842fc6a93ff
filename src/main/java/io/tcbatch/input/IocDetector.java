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

    /**
     * A value and the type it was recognised as; {@code summary} is already normalised.
     * {@code note} says what of the written value is not in the summary (a port) or what was
     * added to it (a scheme), for the item's description; null when the value was taken as is.
     * {@code ambiguous} is true for the shapes prose also has (a bare host name, a scheme-less
     * URL, host:port), which a list line must mark as a value before they are taken.
     */
    record Detected(IndicatorType type, String summary, String note, boolean ambiguous) {
        Detected(IndicatorType type, String summary) {
            this(type, summary, null, type == IndicatorType.HOST);
        }
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
        int slash = value.indexOf('/');
        if (slash >= 0) {
            String cidr = Values.cidr(value);
            if (cidr != null) {
                return new Detected(IndicatorType.CIDR, cidr);
            }
            return schemelessUrl(value, slash);
        }
        Detected withPort = withPort(value);
        if (withPort != null) {
            return withPort;
        }
        return bare(value);
    }

    /** An address, e-mail address, ASN or host name without a port; null when it is none. */
    private static Detected bare(String value) {
        String address = Values.address(value);
        if (address != null) {
            return new Detected(IndicatorType.ADDRESS, address);
        }
        if (value.indexOf('@') >= 0) {
            // "mailto:" is how a mail client or a web page links an address, not part of it.
            String mailbox = value.regionMatches(true, 0, "mailto:", 0, 7) ? value.substring(7) : value;
            return of(IndicatorType.EMAIL_ADDRESS, Values.email(mailbox));
        }
        // AS1234, as1234, ASN1234: the ASN rule's own spellings, so what is detected is what it accepts.
        String asn = Values.asn(value);
        if (asn != null) {
            return new Detected(IndicatorType.ASN, asn);
        }
        String host = Values.host(value);
        if (host == null && value.length() > 2 && value.endsWith(".") && !value.endsWith("..")) {
            // "bad.example.com." is the fully qualified spelling (zone files, RPZ, DNS logs): the same name.
            host = Values.host(value.substring(0, value.length() - 1));
        }
        return of(IndicatorType.HOST, host);
    }

    /**
     * {@code 192.0.2.7:8080}, {@code [2001:db8::1]:443}, {@code bad.example.com:8443} (and a
     * bracketed IPv6 address without a port): the Address or Host, the port kept as the note
     * "port N". ThreatConnect has no port on an Address or Host, and the Description attribute is
     * where analysts keep it. An unbracketed IPv6 address has no port (its last group would be
     * read as one), which {@link Values#address} has already taken it as a whole.
     */
    private static Detected withPort(String value) {
        String host;
        String port;
        if (value.charAt(0) == '[') {
            int close = value.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = value.substring(1, close);
            if (close == value.length() - 1) {
                port = null;
            } else if (value.charAt(close + 1) == ':') {
                port = value.substring(close + 2);
            } else {
                return null;
            }
            String v6 = host.indexOf(':') >= 0 ? Values.address(host) : null;
            if (v6 == null || port != null && !isPort(port)) {
                return null;
            }
            return new Detected(IndicatorType.ADDRESS, v6, port == null ? null : "port " + Integer.parseInt(port), false);
        }
        int colon = value.indexOf(':');
        if (colon <= 0 || colon != value.lastIndexOf(':') || !isPort(port = value.substring(colon + 1))) {
            return null;
        }
        host = value.substring(0, colon);
        String note = "port " + Integer.parseInt(port);
        String address = Values.address(host);
        if (address != null) {
            return new Detected(IndicatorType.ADDRESS, address, note, false);
        }
        String name = Values.host(host);
        return name == null ? null : new Detected(IndicatorType.HOST, name, note, true);
    }

    /** 1–65535 in decimal, without a sign or leading zero (port 0 is never a service). */
    private static boolean isPort(String s) {
        if (s.isEmpty() || s.length() > 5 || s.charAt(0) == '0') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return Integer.parseInt(s) <= 65535;
    }

    /*
     * A URL written without its scheme ("bad.example.com/inc/Invoice.exe", as feeds and CSV
     * exports of proxy logs write them). ThreatConnect stores a URL with its protocol (§3.2: the
     * protocol is required) and the URL rule, like Values.url, refuses a value without
     * "scheme://", so the value cannot be sent as written. "http://" is added: it is what a
     * browser or a downloader assumes for a bare name, and what the other importers (ioc-finder,
     * the ThreatConnect parser add-on) store; the note says so in the item's description
     * ("scheme added: written as …"), so the change is visible in ThreatConnect and in the
     * converted file. The part before the first "/" must be an unmistakable authority (a host
     * name, IPv4, [IPv6], with an optional port); an address followed by digits only is a CIDR
     * with host bits set and is refused as such, never turned into a URL.
     */
    private static Detected schemelessUrl(String value, int slash) {
        if (slash == 0) {
            return null;
        }
        String authority = value.substring(0, slash);
        String rest = value.substring(slash + 1);
        boolean ip = Values.address(authority) != null;
        if (ip && !rest.isEmpty() && rest.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        if (!ip && Values.host(authority) == null && withPort(authority) == null) {
            return null;
        }
        String url = Values.url("http://" + value);
        return url == null ? null : new Detected(IndicatorType.URL, url, "scheme added: written as " + value, true);
    }

    private static Detected of(IndicatorType type, String normalised) {
        return normalised == null ? null : new Detected(type, normalised);
    }
}
