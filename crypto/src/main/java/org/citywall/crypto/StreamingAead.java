package org.citywall.crypto;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.bouncycastle.util.Arrays;

/**
 * Chunked SM4-GCM for large objects, in the manner of Tink's StreamingAead: the plaintext is
 * cut into segments, each sealed on its own, so a stream is encrypted and decrypted in
 * constant memory and every segment is authenticated before it is released.
 *
 * <h2>Format</h2>
 * <pre>header:  "CWS" 0x01 | segment size (4, BE) | wrapped-key length (2, BE) |
 *          wrapped data key (binary {@link Envelope}) | nonce prefix (7 random bytes)
 * segments: SM4-GCM(segment i) ‖ tag(16), each carrying exactly segment-size plaintext bytes
 *          except the last, which carries 0..segment-size bytes</pre>
 * Segment i is sealed with nonce {@code prefix(7) ‖ i (4, BE) ‖ last (1: 0x01 for the final
 * segment, else 0x00)} and associated data {@code SM3(header ‖ caller associated data)}.
 * Hence a reordered or swapped segment fails (index in the nonce; fresh key and prefix per
 * stream), a truncated stream fails (its new last segment was not sealed as last), and
 * appended data fails (nothing may follow the last segment).
 */
public final class StreamingAead {

    /** Default plaintext bytes per segment. */
    public static final int DEFAULT_SEGMENT_SIZE = 64 * 1024;

    static final int MIN_SEGMENT = 16;
    static final int MAX_SEGMENT = 16 * 1024 * 1024;
    private static final byte[] MAGIC = {'C', 'W', 'S', 0x01};
    private static final int PREFIX = 7;

    private StreamingAead() {
    }

    static OutputStream encrypting(OutputStream out, DataKey dataKey, byte[] aad, int segmentSize) throws IOException {
        if (segmentSize < MIN_SEGMENT || segmentSize > MAX_SEGMENT) {
            throw new CryptoException(CryptoException.Reason.INVALID_REQUEST, "segment size must be 16 B .. 16 MiB");
        }
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.writeBytes(MAGIC);
        h.writeBytes(ByteBuffer.allocate(4).putInt(segmentSize).array());
        EnvelopeEncryption.writeWrappedKey(h, dataKey.wrapped());
        byte[] prefix = Randomness.bytes(PREFIX);
        h.writeBytes(prefix);
        byte[] header = h.toByteArray();
        out.write(header);
        byte[] key = dataKey.plaintext();
        dataKey.destroy();
        return new Encrypting(out, key, prefix, segmentAad(header, aad), segmentSize);
    }

    static InputStream decrypting(InputStream raw, EnvelopeEncryption envelopes, byte[] aad) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!Arrays.areEqual(magic, MAGIC)) {
            throw CryptoException.decryptionFailed();
        }
        h.writeBytes(magic);
        byte[] seg = in.readNBytes(4);
        if (seg.length != 4) {
            throw CryptoException.decryptionFailed();
        }
        int segmentSize = ByteBuffer.wrap(seg).getInt();
        if (segmentSize < MIN_SEGMENT || segmentSize > MAX_SEGMENT) {
            throw CryptoException.decryptionFailed();
        }
        h.writeBytes(seg);
        Envelope wrapped;
        try {
            wrapped = EnvelopeEncryption.readWrappedKey(in);
        } catch (java.io.EOFException e) {
            throw CryptoException.decryptionFailed();
        }
        EnvelopeEncryption.writeWrappedKey(h, wrapped);
        byte[] prefix = in.readNBytes(PREFIX);
        if (prefix.length != PREFIX) {
            throw CryptoException.decryptionFailed();
        }
        h.writeBytes(prefix);
        byte[] key = envelopes.unwrap(wrapped, aad);
        return new Decrypting(in, key, prefix, segmentAad(h.toByteArray(), aad), segmentSize);
    }

    private static byte[] segmentAad(byte[] header, byte[] aad) {
        return Sm3.newHasher().update(header).update(EnvelopeEncryption.nz(aad)).digest();
    }

    static byte[] nonce(byte[] prefix, long index, boolean last) {
        if (index > 0xFFFFFFFFL) {
            throw new CryptoException(CryptoException.Reason.INVALID_REQUEST, "stream has too many segments");
        }
        return ByteBuffer.allocate(Sm4Gcm.NONCE_LENGTH).put(prefix).putInt((int) index).put((byte) (last ? 1 : 0)).array();
    }

    private static final class Encrypting extends OutputStream {
        private final OutputStream out;
        private final byte[] key;
        private final byte[] prefix;
        private final byte[] aad;
        private final byte[] buffer;
        private int filled;
        private long index;
        private boolean closed;

        Encrypting(OutputStream out, byte[] key, byte[] prefix, byte[] aad, int segmentSize) {
            this.out = out;
            this.key = key;
            this.prefix = prefix;
            this.aad = aad;
            this.buffer = new byte[segmentSize];
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("stream closed");
            }
            while (len > 0) {
                if (filled == buffer.length) {
                    // more data follows, so the full buffer is not the last segment
                    emit(false);
                }
                int n = Math.min(len, buffer.length - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void emit(boolean last) throws IOException {
            out.write(Sm4Gcm.seal(key, nonce(prefix, index++, last), Arrays.copyOf(buffer, filled), aad));
            filled = 0;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                emit(true);
                out.close();
            } finally {
                Arrays.fill(key, (byte) 0);
                Arrays.fill(buffer, (byte) 0);
            }
        }
    }

    private static final class Decrypting extends InputStream {
        private final InputStream in;
        private final byte[] key;
        private final byte[] prefix;
        private final byte[] aad;
        private final int segmentCipherSize;
        private byte[] plain = new byte[0];
        private int pos;
        private long index;
        private boolean done;
        private int lookahead = -1; // a byte read past the current segment, or -1

        Decrypting(InputStream in, byte[] key, byte[] prefix, byte[] aad, int segmentSize) {
            this.in = in;
            this.key = key;
            this.prefix = prefix;
            this.aad = aad;
            this.segmentCipherSize = segmentSize + Sm4Gcm.TAG_LENGTH;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0; // InputStream contract; also never pulls (and judges) the next segment early
            }
            while (pos == plain.length) {
                if (done) {
                    return -1;
                }
                nextSegment();
            }
            int n = Math.min(len, plain.length - pos);
            System.arraycopy(plain, pos, b, off, n);
            pos += n;
            return n;
        }

        private void nextSegment() throws IOException {
            byte[] seg = new byte[segmentCipherSize];
            int got = 0;
            if (lookahead >= 0) {
                seg[got++] = (byte) lookahead;
                lookahead = -1;
            }
            while (got < seg.length) {
                int n = in.read(seg, got, seg.length - got);
                if (n < 0) {
                    break;
                }
                got += n;
            }
            boolean last;
            if (got < seg.length) {
                last = true;
            } else {
                lookahead = in.read();
                last = lookahead < 0;
            }
            if (got < Sm4Gcm.TAG_LENGTH) {
                throw CryptoException.decryptionFailed(); // truncated inside a segment or no final segment
            }
            plain = Sm4Gcm.open(key, nonce(prefix, index++, last), Arrays.copyOf(seg, got), aad);
            pos = 0;
            done = last;
        }

        @Override
        public void close() throws IOException {
            Arrays.fill(key, (byte) 0);
            in.close();
        }
    }
}
