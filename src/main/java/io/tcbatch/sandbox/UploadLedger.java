package io.tcbatch.sandbox;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;

/**
 * The record of every upload the sandbox accepted (E2, or the content of an E3): one row per job
 * with the SHA-256 and size of the file as stored (after gunzip). It exists so that a test can
 * prove a client never sent the same chunk twice, whatever it crashed in the middle of: the
 * store itself cannot tell, since a second upload of the same items is an idempotent upsert.
 * Only accepted uploads are recorded (the job moved from Created to Queued); a job without a
 * row was created and never given a file, which a lost create answer leaves behind.
 */
final class UploadLedger {

    private UploadLedger() {
    }

    /** Counts and hashes the bytes read through it; the digest is of what was read, in order. */
    static final class Counting extends FilterInputStream {
        private final MessageDigest digest;
        private long bytes;

        Counting(InputStream in) {
            super(in);
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                digest.update((byte) b);
                bytes++;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                digest.update(buf, off, n);
                bytes += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Skipped bytes would be missing from the digest; read them instead.
            byte[] buf = new byte[8192];
            long done = 0;
            while (done < n) {
                int r = read(buf, 0, (int) Math.min(buf.length, n - done));
                if (r < 0) {
                    break;
                }
                done += r;
            }
            return done;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        String sha256() {
            return HexFormat.of().formatHex(digest.digest());
        }

        long bytes() {
            return bytes;
        }
    }

    /** Records an accepted upload of job {@code jobId}. */
    static void record(Database db, Clock clock, long jobId, String sha256, long bytes) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO job_upload (job_id, sha256, bytes, accepted_at) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, jobId);
            ps.setString(2, sha256);
            ps.setLong(3, bytes);
            ps.setObject(4, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }
}
