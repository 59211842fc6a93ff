package io.tcbatch.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;

/**
 * The hand-written IPv6 parser of {@link Values} judged against the ipaddress library (strict
 * settings: no zones, no ranges, no inet_aton, at most four digits a group) on random well- and
 * ill-formed strings: same verdict, same canonical text for addresses, same eight-group text
 * and same host-bits verdict for blocks.
 */
class Ipv6AgainstLibraryTest {
    private static final IPAddressStringParameters ADDRESS = params(false);
    private static final IPAddressStringParameters BLOCK = params(true);

    private static IPAddressStringParameters params(boolean prefix) {
        IPAddressStringParameters.Builder b = new IPAddressStringParameters.Builder()
                .allowEmpty(false).allowAll(false).allowSingleSegment(false).allowMask(false)
                .allowPrefix(prefix).allowPrefixOnly(false).allowWildcardedSeparator(false)
                .setRangeOptions(RangeParameters.NO_RANGE).allow_inet_aton(false);
        b.getIPv4AddressParametersBuilder().allowLeadingZeros(false).allowBinary(false)
                .allowPrefixLengthLeadingZeros(false);
        b.getIPv6AddressParametersBuilder().allowZone(false).allowBase85(false).allowBinary(false)
                .allowUnlimitedLeadingZeros(false).allowPrefixLengthLeadingZeros(false);
        b.getIPv6AddressParametersBuilder().getEmbeddedIPv4AddressParametersBuilder()
                .allowLeadingZeros(false).allowBinary(false);
        return b.toParams();
    }

    private static String libraryAddress(String s) {
        IPAddress a = new IPAddressString(s, ADDRESS).getAddress();
        return a != null && a.isIPv6() ? a.toCanonicalString() : null;
    }

    private static String libraryBlock(String s) {
        IPAddress a = new IPAddressString(s, BLOCK).getAddress();
        if (a == null || !a.isIPv6() || a.getNetworkPrefixLength() == null || !a.isPrefixBlock()
                || a.getNetworkPrefixLength() == 0) {
            return null;
        }
        return a.toNormalizedString();
    }

    @Test
    void agreesWithTheLibraryOnRandomAddressesAndBlocks() {
        Random random = new Random(7);
        int valid = 0;
        int validBlocks = 0;
        for (int i = 0; i < 20_000; i++) {
            String s = candidate(random);
            String mine = Values.address(s);
            assertEquals(libraryAddress(s), mine, s);
            if (mine != null) {
                valid++;
            }
            int bits = random.nextInt(10) == 0 ? random.nextInt(140) : 16 * random.nextInt(9);
            String block = (random.nextBoolean() && mine != null ? zeroFrom(mine, bits) : s) + "/" + bits;
            String mineBlock = Values.cidr(block);
            assertEquals(libraryBlock(block), mineBlock, block);
            if (mineBlock != null) {
                validBlocks++;
            }
        }
        // Both halves of the space were exercised.
        assertTrue(valid > 4_000 && valid < 18_000, "valid " + valid);
        assertTrue(validBlocks > 800, "valid blocks " + validBlocks);
    }

    /* The address with its host bits for /bits cleared, written compressed, so that many blocks are valid. */
    private static String zeroFrom(String canonical, int bits) {
        IPAddress a = new IPAddressString(canonical).getAddress();
        if (bits > 128) {
            return canonical;
        }
        return a.toPrefixBlock(bits).getLower().withoutPrefixLength().toCanonicalString();
    }

    private static String candidate(Random r) {
        int[] g = new int[8];
        for (int k = 0; k < 8; k++) {
            g[k] = r.nextInt(3) == 0 ? 0 : r.nextInt(4) == 0 ? r.nextInt(16) : r.nextInt(0x10000);
        }
        boolean embedded = r.nextInt(6) == 0;
        int groups = embedded ? 6 : 8;
        StringBuilder b = new StringBuilder();
        int gapAt = r.nextInt(3) == 0 ? -1 : r.nextInt(groups);
        int gapLength = gapAt < 0 ? 0 : 1 + r.nextInt(groups - gapAt);
        for (int k = 0; k < groups; k++) {
            if (k == gapAt) {
                b.append("::");
                k += gapLength - 1;
                continue;
            }
            if (b.length() > 0 && !b.toString().endsWith(":")) {
                b.append(':');
            }
            String hex = Integer.toHexString(g[k]);
            if (r.nextInt(5) == 0) {
                hex = "0".repeat(Math.max(0, r.nextInt(5) - hex.length())) + hex;
            }
            b.append(r.nextBoolean() ? hex.toUpperCase() : hex);
        }
        if (embedded) {
            if (b.length() > 0 && !b.toString().endsWith(":")) {
                b.append(':');
            }
            b.append(r.nextInt(256)).append('.').append(r.nextInt(256)).append('.').append(r.nextInt(256))
                    .append('.').append(r.nextInt(256));
        }
        String s = b.toString();
        return switch (r.nextInt(12)) {
            case 0 -> s + ":";
            case 1 -> ":" + s;
            case 2 -> s.replaceFirst(":", ":::");
            case 3 -> s + "::1";
            case 4 -> s.replaceFirst("[0-9a-fA-F]", "g");
            case 5 -> s + "%eth0";
            case 6 -> "1" + s;
            case 7 -> s.replace(".", ".0");
            default -> s;
        };
    }
}
