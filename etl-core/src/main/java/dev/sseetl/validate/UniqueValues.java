package dev.sseetl.validate;

import java.security.SecureRandom;

/**
 * The values of one unique column seen so far in a file, in bounded memory: an open-addressing table of two longs
 * a slot holding a 96-bit hash of the value's text and the 32-bit row number of its first occurrence. At 1,000,000
 * distinct values the table holds 2^21 slots, 32 MiB (48 MiB for the moment it grows); no String is retained. Two
 * different values share a 96-bit hash with a probability near 10^-17 in a million-row file.
 *
 * <p>The hash is SipHash-2-4 with 128-bit output over the text's UTF-16 code units (as UTF-16LE bytes), keyed with
 * a random 128-bit key per table. SipHash is a keyed pseudo-random function: without the key, which never leaves
 * the process, nobody can craft values that collide (to make distinct values look like duplicates) or that crowd
 * one probe chain (to slow the import down). An unkeyed or fixed-seed hash such as MurmurHash3 allows both, even
 * seed-independently.
 */
final class UniqueValues {
    private static final long ROW_MASK = 0xFFFF_FFFFL;
    private static final SecureRandom KEYS = new SecureRandom();

    private final long k0;
    private final long k1;
    private long[] slots = new long[2 * 1024];
    private int size;
    private long hashHigh;
    private long hashLow;
    /** SipHash state while hashing one value. */
    private long v0;
    private long v1;
    private long v2;
    private long v3;

    /** A table keyed with a fresh random key. */
    UniqueValues() {
        this(KEYS.nextLong(), KEYS.nextLong());
    }

    /** A table with the given key (for tests: the same key gives the same hashes). */
    UniqueValues(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /**
     * Records this value as seen in this row, unless it was seen before.
     *
     * @return 0 when the value is new; otherwise the row of its first occurrence, or -1 when that row number was too
     * large to keep
     */
    long firstRowOrAdd(CharSequence value, long row) {
        hash(value);
        return firstRowOrAdd(hashHigh, hashLow & ~ROW_MASK, row);
    }

    /** The value's 128-bit hash under this table's key, high half first (for tests). */
    long[] hashOf(CharSequence value) {
        hash(value);
        return new long[] {hashHigh, hashLow};
    }

    /** The slot a value would start probing at in a table of the given number of slots (a power of two). */
    int slotOf(CharSequence value, int slotCount) {
        hash(value);
        long high = hashHigh == 0 ? 1 : hashHigh;
        return (int) (high ^ (high >>> 32)) & (slotCount - 1);
    }

    /** SipHash-2-4-128 of the text's UTF-16LE bytes into {@link #hashHigh} (second word) and {@link #hashLow}. */
    private void hash(CharSequence value) {
        v0 = k0 ^ 0x736f6d6570736575L;
        v1 = k1 ^ 0x646f72616e646f6dL ^ 0xee;
        v2 = k0 ^ 0x6c7967656e657261L;
        v3 = k1 ^ 0x7465646279746573L;
        int n = value.length();
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            compress(value.charAt(i) | (long) value.charAt(i + 1) << 16 | (long) value.charAt(i + 2) << 32
                    | (long) value.charAt(i + 3) << 48);
        }
        long last = (long) (2 * n & 0xFF) << 56;
        for (int j = 0; i + j < n; j++) {
            last |= (long) value.charAt(i + j) << (16 * j);
        }
        compress(last);
        v2 ^= 0xee;
        rounds(4);
        hashLow = v0 ^ v1 ^ v2 ^ v3;
        v1 ^= 0xdd;
        rounds(4);
        hashHigh = v0 ^ v1 ^ v2 ^ v3;
    }

    private void compress(long m) {
        v3 ^= m;
        rounds(2);
        v0 ^= m;
    }

    private void rounds(int count) {
        long a = v0;
        long b = v1;
        long c = v2;
        long d = v3;
        for (int r = 0; r < count; r++) {
            a += b;
            b = Long.rotateLeft(b, 13) ^ a;
            a = Long.rotateLeft(a, 32);
            c += d;
            d = Long.rotateLeft(d, 16) ^ c;
            a += d;
            d = Long.rotateLeft(d, 21) ^ a;
            c += b;
            b = Long.rotateLeft(b, 17) ^ c;
            c = Long.rotateLeft(c, 32);
        }
        v0 = a;
        v1 = b;
        v2 = c;
        v3 = d;
    }

    /** Distinct values recorded. */
    int size() {
        return size;
    }

    private long firstRowOrAdd(long high, long lowHash, long row) {
        if (high == 0) {
            high = 1; // (0, 0) marks an empty slot
        }
        int mask = slots.length / 2 - 1;
        int slot = (int) (high ^ (high >>> 32)) & mask;
        while (true) {
            long storedHigh = slots[2 * slot];
            if (storedHigh == 0) {
                break;
            }
            long storedLow = slots[2 * slot + 1];
            if (storedHigh == high && (storedLow & ~ROW_MASK) == lowHash) {
                long first = storedLow & ROW_MASK;
                return first == 0 ? -1 : first;
            }
            slot = (slot + 1) & mask;
        }
        long keptRow = row > 0 && row <= ROW_MASK ? row : 0;
        slots[2 * slot] = high;
        slots[2 * slot + 1] = lowHash | keptRow;
        if (++size > (slots.length / 2) * 3 / 4) {
            grow();
        }
        return 0;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length / 2 - 1;
        for (int i = 0; i < old.length; i += 2) {
            long high = old[i];
            if (high != 0) {
                int slot = (int) (high ^ (high >>> 32)) & mask;
                while (slots[2 * slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                slots[2 * slot] = high;
                slots[2 * slot + 1] = old[i + 1];
            }
        }
    }
}
