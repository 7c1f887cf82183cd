package dev.sseetl.validate;

/**
 * The values of one unique column seen so far in a file, in bounded memory: an open-addressing table of two longs
 * a slot holding a 96-bit hash of the value's text and the 32-bit row number of its first occurrence. At 1,000,000
 * distinct values the table holds 2^21 slots, 32 MiB (48 MiB for the moment it grows); no String is retained. Two
 * different values share a 96-bit hash with a probability near 10^-17 in a million-row file.
 */
final class UniqueValues {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;
    private static final long ROW_MASK = 0xFFFF_FFFFL;
    private static final long SEED = 0x9E3779B97F4A7C15L;

    private long[] slots = new long[2 * 1024];
    private int size;

    /**
     * Records this value as seen in this row, unless it was seen before.
     *
     * @return 0 when the value is new; otherwise the row of its first occurrence, or -1 when that row number was too
     * large to keep
     */
    long firstRowOrAdd(CharSequence value, long row) {
        long h1 = SEED;
        long h2 = SEED;
        int n = value.length();
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long k1 = pack(value, i, 4);
            long k2 = pack(value, i + 4, 4);
            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int rest = n - i;
        if (rest > 4) {
            h2 ^= mixK2(pack(value, i + 4, rest - 4));
        }
        if (rest > 0) {
            h1 ^= mixK1(pack(value, i, Math.min(rest, 4)));
        }
        h1 ^= n;
        h2 ^= n;
        h1 += h2;
        h2 += h1;
        h1 = fmix(h1);
        h2 = fmix(h2);
        h1 += h2;
        h2 += h1;
        return firstRowOrAdd(h1, h2 & ~ROW_MASK, row);
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

    private static long pack(CharSequence s, int from, int count) {
        long k = 0;
        for (int j = count - 1; j >= 0; j--) {
            k = (k << 16) | s.charAt(from + j);
        }
        return k;
    }

    private static long mixK1(long k1) {
        k1 *= C1;
        k1 = Long.rotateLeft(k1, 31);
        return k1 * C2;
    }

    private static long mixK2(long k2) {
        k2 *= C2;
        k2 = Long.rotateLeft(k2, 33);
        return k2 * C1;
    }

    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
