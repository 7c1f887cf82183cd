package dev.sseetl.stage;

import dev.sseetl.CellError;
import dev.sseetl.StagedRow;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Binary form of one staged row: {@code [int length][byte flags][long row][int n][n values][n raw texts]
 * [int errors][errors]}, every value tagged with its type so it decodes to the same Java type. Flag bit 0 marks an
 * invalid row, so a cursor can skip rows without decoding them; bit 1 an edited one. Shared with other stores (the
 * JDBC staging store keeps the same bytes in a column) through {@link #toBytes(StagedRow)} and {@link #fromBytes(byte[])}; the format is
 * internal and may change between versions, so it is for staging only, never for long-term storage.
 */
public final class RowCodec {
    static final int INVALID_FLAG = 1;
    static final int EDITED_FLAG = 2;

    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte LONG = 2;
    private static final byte DECIMAL = 3;
    private static final byte TRUE = 4;
    private static final byte FALSE = 5;
    private static final byte DATE = 6;
    private static final byte DATE_TIME = 7;
    private static final byte INT = 8;
    private static final byte DOUBLE = 9;

    private byte[] buf = new byte[1024];
    private int len;

    RowCodec() {
    }

    /** Encodes the row into this codec's buffer (length prefix included); read it with {@link #bytes()}/{@link #length()}. */
    void encode(StagedRow row) {
        len = 4;
        putByte((byte) ((row.valid() ? 0 : INVALID_FLAG) | (row.edited() ? EDITED_FLAG : 0)));
        putLong(row.row());
        int n = row.values().size();
        putInt(n);
        for (Object value : row.values()) {
            putValue(value);
        }
        putInt(row.raw().size());
        for (String raw : row.raw()) {
            putString(raw);
        }
        putInt(row.errors().size());
        for (CellError e : row.errors()) {
            putString(e.column());
            putString(e.code());
            putString(e.message());
        }
        int payload = len - 4;
        buf[0] = (byte) (payload >>> 24);
        buf[1] = (byte) (payload >>> 16);
        buf[2] = (byte) (payload >>> 8);
        buf[3] = (byte) payload;
    }

    byte[] bytes() {
        return buf;
    }

    int length() {
        return len;
    }

    /** The row's encoded payload, without the length prefix: what {@link #fromBytes(byte[])} reads back. */
    public static byte[] toBytes(StagedRow row) {
        RowCodec codec = new RowCodec();
        codec.encode(row);
        return Arrays.copyOfRange(codec.buf, 4, codec.len);
    }

    /** The row encoded by {@link #toBytes(StagedRow)}, with the same values, Java types, raw texts and errors. */
    public static StagedRow fromBytes(byte[] payload) {
        return decode(ByteBuffer.wrap(payload));
    }

    /** Decodes one row payload (after the length prefix) from the buffer's position. */
    static StagedRow decode(ByteBuffer in) {
        boolean edited = (in.get() & EDITED_FLAG) != 0; // the invalid flag is derived again from the errors
        long row = in.getLong();
        int n = in.getInt();
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            values[i] = getValue(in);
        }
        int r = in.getInt();
        String[] raw = new String[r];
        for (int i = 0; i < r; i++) {
            raw[i] = getString(in);
        }
        int e = in.getInt();
        List<CellError> errors = new ArrayList<>(e);
        for (int i = 0; i < e; i++) {
            errors.add(new CellError(getString(in), getString(in), getString(in)));
        }
        return StagedRow.of(row, values, raw, errors, edited);
    }

    private void putValue(Object value) {
        if (value == null) {
            putByte(NULL);
        } else if (value instanceof String s) {
            putByte(STRING);
            putString(s);
        } else if (value instanceof Long l) {
            putByte(LONG);
            putLong(l);
        } else if (value instanceof BigDecimal d) {
            putByte(DECIMAL);
            putInt(d.scale());
            byte[] unscaled = d.unscaledValue().toByteArray();
            putInt(unscaled.length);
            putBytes(unscaled);
        } else if (value instanceof Boolean b) {
            putByte(b ? TRUE : FALSE);
        } else if (value instanceof LocalDate d) {
            putByte(DATE);
            putLong(d.toEpochDay());
        } else if (value instanceof LocalDateTime t) {
            putByte(DATE_TIME);
            putLong(t.toEpochSecond(ZoneOffset.UTC));
            putInt(t.getNano());
        } else if (value instanceof Integer i) {
            putByte(INT);
            putInt(i);
        } else if (value instanceof Double d) {
            putByte(DOUBLE);
            putLong(Double.doubleToRawLongBits(d));
        } else {
            throw new IllegalArgumentException("A staged value of type " + value.getClass().getName()
                    + " cannot be stored; use String, Long, Integer, Double, BigDecimal, Boolean, LocalDate or LocalDateTime");
        }
    }

    private static Object getValue(ByteBuffer in) {
        byte tag = in.get();
        return switch (tag) {
            case NULL -> null;
            case STRING -> getString(in);
            case LONG -> in.getLong();
            case DECIMAL -> {
                int scale = in.getInt();
                byte[] unscaled = new byte[in.getInt()];
                in.get(unscaled);
                yield new BigDecimal(new BigInteger(unscaled), scale);
            }
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case DATE -> LocalDate.ofEpochDay(in.getLong());
            case DATE_TIME -> LocalDateTime.ofEpochSecond(in.getLong(), in.getInt(), ZoneOffset.UTC);
            case INT -> in.getInt();
            case DOUBLE -> Double.longBitsToDouble(in.getLong());
            default -> throw new IllegalStateException("Corrupt staging file: unknown value tag " + tag);
        };
    }

    private void putString(String s) {
        if (s == null) {
            putInt(-1);
            return;
        }
        int n = s.length();
        ensure(4 + n);
        int start = len + 4;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                break;
            }
            buf[start + i] = (byte) c;
            i++;
        }
        if (i == n) { // ASCII, the usual case: written in place, no byte array per string
            putInt(n);
            len += n;
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        putInt(utf8.length);
        putBytes(utf8);
    }

    private static String getString(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0) {
            return null;
        }
        String s = new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    private void putByte(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void putInt(int v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    private void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }

    private void putBytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }
}
