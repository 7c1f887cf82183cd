package dev.sseetl.stage;

import dev.sseetl.RowFilter;
import dev.sseetl.StagedRow;
import dev.sseetl.Summary;
import dev.sseetl.spi.StagingStore;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The default {@link StagingStore}: staged rows off the heap, in files of a local folder, so a 1,000,000-row import
 * buffers in a small heap. Per import it writes three append-only files: the encoded rows, an index of each row's
 * offset, and the ordinals of the invalid rows. A page of any filter is found directly (a binary search over the
 * invalid ordinals for valid pages) and read with positional reads, so any page of a large buffer takes milliseconds.
 * Cursors stream the row file. Readers never block each other; rows are visible once their writer finished.
 *
 * <p>Edits and removals leave those files alone: an edited row's new version is appended to a fourth file, the edit
 * log, and an in-memory overlay maps each changed ordinal to its entry there (or to "removed"), so memory grows with
 * the number of changed rows only (about 80 bytes each), never with the file. Pages, cursors, counts and
 * {@link #find} consult the overlay; a page of a filter whose rows changed validity is found by a binary search over
 * ordinals with the overlay's per-ordinal corrections, so deep pages stay milliseconds. A row is found by its source
 * row number with a binary search over the offsets (row numbers ascend with ordinals).
 */
public final class DiskStagingStore implements StagingStore {
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final int INVALID_BLOCK = 1024;

    private final Path directory;
    private final AtomicLong attempts = new AtomicLong();
    /** Per import: its {@link DiskWriter} while staging, then its {@link Sealed} buffer. */
    private final Map<String, Object> imports = new ConcurrentHashMap<>();

    /** A store keeping its files in {@code directory} (created when missing). */
    public DiskStagingStore(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the staging folder " + directory, e);
        }
    }

    @Override
    public Writer open(String importId, int columnCount) {
        checkId(importId);
        if (columnCount < 0) {
            throw new IllegalArgumentException("columnCount must be 0 or more, got " + columnCount);
        }
        delete(importId);
        StageFiles files = new StageFiles(directory, importId + "." + attempts.incrementAndGet());
        DiskWriter writer = new DiskWriter(importId, files);
        imports.put(importId, writer);
        return writer;
    }

    @Override
    public Summary summary(String importId) {
        Sealed sealed = sealed(importId);
        return sealed == null ? Summary.EMPTY : sealed.summary();
    }

    @Override
    public List<StagedRow> page(String importId, RowFilter filter, int page, int size) {
        if (page < 1 || size < 1) {
            throw new IllegalArgumentException("page and size must be 1 or more, got page " + page + ", size " + size);
        }
        Sealed sealed = sealed(importId);
        if (sealed == null) {
            return List.of();
        }
        long first = (long) (page - 1) * size;
        RowFilter rows = filter == null ? RowFilter.ALL : filter;
        try (Reader reader = new Reader(sealed)) {
            return reader.read(sealed.overlay.changes.isEmpty() ? ordinals(reader, sealed, rows, first, size)
                    : changedOrdinals(reader, sealed, rows, first, size));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the staged rows of import " + importId, e);
        }
    }

    @Override
    public Cursor rows(String importId, RowFilter filter) {
        Sealed sealed = sealed(importId);
        if (sealed == null) {
            return new FileCursor(null, RowFilter.ALL, null);
        }
        try {
            return new FileCursor(new DataInputStream(new BufferedInputStream(
                    Files.newInputStream(sealed.files.rows), 64 * 1024)), filter == null ? RowFilter.ALL : filter, sealed);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the staged rows of import " + importId, e);
        }
    }

    /**
     * Deletes every file in the folder that belongs to no import of this store: what an earlier process of the same
     * folder staged (its index of staged imports lived in memory, so those rows cannot be read any more). Called at
     * the engine's start.
     *
     * @return how many files were deleted
     */
    public int removeLeftovers() {
        Set<Path> ours = new HashSet<>();
        for (Object staged : imports.values()) {
            StageFiles files = staged instanceof Sealed sealed ? sealed.files
                    : staged instanceof DiskWriter writer ? writer.files : null;
            if (files != null) {
                ours.addAll(List.of(files.rows(), files.offsets(), files.invalid()));
            }
        }
        int n = 0;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                if (!ours.contains(file) && Files.isRegularFile(file)) {
                    Files.deleteIfExists(file);
                    n++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the left-over staging files in " + directory, e);
        }
        return n;
    }

    @Override
    public Optional<StagedRow> find(String importId, long row) {
        Sealed sealed = sealed(importId);
        if (sealed == null) {
            return Optional.empty();
        }
        try (Reader reader = new Reader(sealed)) {
            long ordinal = reader.ordinalOf(row, sealed.rows);
            if (ordinal < 0) {
                return Optional.empty();
            }
            Long entry = sealed.overlay.changes.get(ordinal);
            if (entry != null && (entry & Overlay.REMOVED) != 0) {
                return Optional.empty();
            }
            return Optional.of(reader.read(new long[]{ordinal}).get(0));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the staged rows of import " + importId, e);
        }
    }

    @Override
    public int update(String importId, List<StagedRow> rows) {
        return change(importId, rows, null);
    }

    @Override
    public boolean remove(String importId, long row) {
        return change(importId, List.of(), row) == 1;
    }

    /**
     * Appends new versions of rows (or removes one row) under the buffer's lock, then publishes the new overlay.
     * Edits of one import are serialised; readers go on with the overlay they started with.
     */
    private int change(String importId, List<StagedRow> rows, Long removedRow) {
        Sealed start = sealed(importId);
        if (start == null) {
            return 0;
        }
        synchronized (start.files) {
            Sealed sealed = sealed(importId);
            if (sealed == null || sealed.files != start.files) {
                return 0;
            }
            TreeMap<Long, Long> changes = new TreeMap<>(sealed.overlay.changes);
            long removed = sealed.overlay.removed;
            long invalidDelta = sealed.overlay.invalidDelta;
            int changed = 0;
            RowCodec codec = new RowCodec();
            try (Reader reader = new Reader(sealed);
                 FileChannel log = FileChannel.open(sealed.files.edits, StandardOpenOption.CREATE,
                         StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                List<StagedRow> targets = removedRow == null ? rows : List.of();
                for (int i = 0; i < (removedRow == null ? targets.size() : 1); i++) {
                    long rowNumber = removedRow == null ? targets.get(i).row() : removedRow;
                    long ordinal = reader.ordinalOf(rowNumber, sealed.rows);
                    if (ordinal < 0) {
                        continue;
                    }
                    Long old = changes.get(ordinal);
                    if (old != null && (old & Overlay.REMOVED) != 0) {
                        continue;
                    }
                    long wasInvalid = old != null ? old & Overlay.WAS_INVALID
                            : reader.writtenInvalid(ordinal) ? Overlay.WAS_INVALID : 0;
                    boolean invalidBefore = old != null ? (old & Overlay.NOW_INVALID) != 0 : wasInvalid != 0;
                    long entry;
                    if (removedRow != null) {
                        entry = (old == null ? 0 : old & ~7L) | Overlay.REMOVED | wasInvalid;
                        removed++;
                        invalidDelta -= invalidBefore ? 1 : 0;
                    } else {
                        StagedRow row = targets.get(i);
                        codec.encode(row);
                        long offset = log.size();
                        ByteBuffer data = ByteBuffer.wrap(codec.bytes(), 0, codec.length());
                        while (data.hasRemaining()) {
                            log.write(data);
                        }
                        entry = offset << 3 | (row.valid() ? 0 : Overlay.NOW_INVALID) | wasInvalid;
                        invalidDelta += (row.valid() ? 0 : 1) - (invalidBefore ? 1 : 0);
                    }
                    changes.put(ordinal, entry);
                    changed++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot change the staged rows of import " + importId, e);
            }
            if (changed > 0) {
                imports.replace(importId, sealed, new Sealed(sealed.files, sealed.rows, sealed.invalid,
                        new Overlay(changes, removed, invalidDelta)));
            }
            return changed;
        }
    }

    @Override
    public void delete(String importId) {
        Object old = imports.remove(importId);
        if (old instanceof DiskWriter writer) {
            writer.discard();
        } else if (old instanceof Sealed sealed) {
            sealed.files.delete();
        }
    }

    private Sealed sealed(String importId) {
        return importId != null && imports.get(importId) instanceof Sealed s ? s : null;
    }

    private static void checkId(String importId) {
        if (importId == null || !SAFE_ID.matcher(importId).matches()) {
            throw new IllegalArgumentException("Not an import id: " + importId);
        }
    }

    /** Ordinals (0-based positions in the file) of the rows of one page, ascending. */
    private static long[] ordinals(Reader reader, Sealed sealed, RowFilter filter, long first, int size)
            throws IOException {
        long valid = sealed.rows - sealed.invalid;
        switch (filter) {
            case ALL -> {
                int n = (int) Math.max(0, Math.min(size, sealed.rows - first));
                long[] result = new long[n];
                for (int i = 0; i < n; i++) {
                    result[i] = first + i;
                }
                return result;
            }
            case INVALID -> {
                int n = (int) Math.max(0, Math.min(size, sealed.invalid - first));
                return reader.invalidOrdinals(first, n);
            }
            default -> {
                int n = (int) Math.max(0, Math.min(size, valid - first));
                long[] result = new long[n];
                if (n == 0) {
                    return result;
                }
                // invalid[j] - j = valid rows before the j-th invalid row: non-decreasing, so binary search for the
                // count m of invalid rows before the first wanted valid row; that row is then at ordinal first + m.
                long lo = 0;
                long hi = sealed.invalid;
                while (lo < hi) {
                    long mid = (lo + hi) >>> 1;
                    if (reader.invalidOrdinal(mid) - mid <= first) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                long j = lo;
                long ordinal = first + j;
                long[] block = new long[0];
                long blockStart = j;
                int found = 0;
                while (found < n) {
                    if (j < sealed.invalid && j - blockStart >= block.length) {
                        blockStart = j;
                        block = reader.invalidOrdinals(j, (int) Math.min(INVALID_BLOCK, sealed.invalid - j));
                    }
                    if (j < sealed.invalid && block[(int) (j - blockStart)] == ordinal) {
                        j++;
                    } else {
                        result[found++] = ordinal;
                    }
                    ordinal++;
                }
                return result;
            }
        }
    }

    /**
     * Ordinals of one page when rows changed: the first ordinal is found by a binary search over ordinals of the count
     * of passing rows before it (the written rows' count corrected by the overlay's changes before it), the rest by
     * merging the written passing rows with the changed ordinals.
     */
    private static long[] changedOrdinals(Reader reader, Sealed sealed, RowFilter filter, long first, int size)
            throws IOException {
        NavigableMap<Long, Long> changes = sealed.overlay.changes;
        long[] changed = new long[changes.size()];
        long[] correction = new long[changes.size() + 1]; // passing-row correction of the changes before index i
        int k = 0;
        for (var e : changes.entrySet()) {
            changed[k] = e.getKey();
            correction[k + 1] = correction[k] + (Overlay.accepts(e.getValue(), filter) ? 1 : 0)
                    - (Overlay.accepted(e.getValue(), filter) ? 1 : 0);
            k++;
        }
        long lo = 0;
        long hi = sealed.rows;
        while (lo < hi) { // smallest x with more than `first` passing rows in [0, x]
            long mid = (lo + hi) >>> 1;
            if (passingBefore(reader, sealed, filter, changed, correction, mid + 1) > first) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        long[] result = new long[size];
        int found = 0;
        long rank = writtenBefore(reader, sealed, filter, lo);
        long[] written = ordinals(reader, sealed, filter, rank, INVALID_BLOCK);
        int w = 0;
        var rest = changes.tailMap(lo, true).entrySet().iterator();
        var change = rest.hasNext() ? rest.next() : null;
        while (found < size) {
            if (w == written.length && written.length == INVALID_BLOCK) {
                rank += written.length;
                written = ordinals(reader, sealed, filter, rank, INVALID_BLOCK);
                w = 0;
            }
            long next = w < written.length ? written[w] : Long.MAX_VALUE;
            long nextChange = change != null ? change.getKey() : Long.MAX_VALUE;
            if (next == Long.MAX_VALUE && nextChange == Long.MAX_VALUE) {
                break;
            }
            if (nextChange <= next) {
                if (Overlay.accepts(change.getValue(), filter)) {
                    result[found++] = nextChange;
                }
                change = rest.hasNext() ? rest.next() : null;
                if (nextChange == next) {
                    w++;
                }
            } else {
                result[found++] = next;
                w++;
            }
        }
        return java.util.Arrays.copyOf(result, found);
    }

    /** Rows passing the filter now among ordinals [0, x). */
    private static long passingBefore(Reader reader, Sealed sealed, RowFilter filter, long[] changed,
                                      long[] correction, long x) throws IOException {
        int idx = java.util.Arrays.binarySearch(changed, x);
        int before = idx >= 0 ? idx : -idx - 1;
        return writtenBefore(reader, sealed, filter, x) + correction[before];
    }

    /** Rows that passed the filter as written among ordinals [0, x). */
    private static long writtenBefore(Reader reader, Sealed sealed, RowFilter filter, long x) throws IOException {
        if (filter == RowFilter.ALL) {
            return x;
        }
        long lo = 0;
        long hi = sealed.invalid;
        while (lo < hi) { // invalid ordinals below x
            long mid = (lo + hi) >>> 1;
            if (reader.invalidOrdinal(mid) < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return filter == RowFilter.INVALID ? lo : x - lo;
    }

    /** The four files of one staging attempt. */
    private record StageFiles(Path rows, Path offsets, Path invalid, Path edits) {
        StageFiles(Path directory, String base) {
            this(directory.resolve(base + ".rows"), directory.resolve(base + ".idx"), directory.resolve(base + ".inv"),
                    directory.resolve(base + ".edit"));
        }

        void delete() {
            for (Path p : List.of(rows, offsets, invalid, edits)) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot delete staging file " + p, e);
                }
            }
        }
    }

    /**
     * A finished buffer: its files, the counts of the rows as written ({@code rows}, {@code invalid}) and the overlay
     * of edits and removals since. Immutable; an edit replaces it.
     */
    private record Sealed(StageFiles files, long rows, long invalid, Overlay overlay) {
        Sealed(StageFiles files, long rows, long invalid) {
            this(files, rows, invalid, Overlay.NONE);
        }

        Summary summary() {
            long total = rows - overlay.removed;
            long bad = invalid + overlay.invalidDelta;
            return new Summary(total, total - bad, bad, overlay.removed);
        }
    }

    /**
     * Changed ordinals: entry {@code offset << 3 | REMOVED | NOW_INVALID | WAS_INVALID}, the offset of the row's
     * latest version in the edit log, whether it is removed, invalid now and invalid as written. Immutable.
     */
    private record Overlay(NavigableMap<Long, Long> changes, long removed, long invalidDelta) {
        static final Overlay NONE = new Overlay(new TreeMap<>(), 0, 0);
        static final long WAS_INVALID = 1;
        static final long NOW_INVALID = 2;
        static final long REMOVED = 4;

        /** True when the changed row passes the filter now. */
        static boolean accepts(long entry, RowFilter filter) {
            return (entry & REMOVED) == 0 && (filter == RowFilter.ALL
                    || (filter == RowFilter.INVALID) == ((entry & NOW_INVALID) != 0));
        }

        /** True when the row passed the filter as written. */
        static boolean accepted(long entry, RowFilter filter) {
            return filter == RowFilter.ALL || (filter == RowFilter.INVALID) == ((entry & WAS_INVALID) != 0);
        }
    }

    private final class DiskWriter implements Writer {
        private final String importId;
        private final StageFiles files;
        private final RowCodec codec = new RowCodec();
        private DataOutputStream rows;
        private DataOutputStream offsets;
        private DataOutputStream invalid;
        private long offset;
        private long count;
        private long invalidCount;
        private boolean done;

        DiskWriter(String importId, StageFiles files) {
            this.importId = importId;
            this.files = files;
            try {
                rows = stream(files.rows);
                offsets = stream(files.offsets);
                invalid = stream(files.invalid);
            } catch (IOException e) {
                closeStreams();
                files.delete();
                throw new UncheckedIOException("Cannot create staging files for import " + importId, e);
            }
        }

        private DataOutputStream stream(Path p) throws IOException {
            return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(p,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 64 * 1024));
        }

        @Override
        public synchronized void append(StagedRow row) {
            if (done) {
                throw new IllegalStateException("The staging writer of import " + importId + " is closed");
            }
            codec.encode(row);
            try {
                offsets.writeLong(offset);
                rows.write(codec.bytes(), 0, codec.length());
                if (!row.valid()) {
                    invalid.writeLong(count);
                    invalidCount++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write staged rows of import " + importId, e);
            }
            offset += codec.length();
            count++;
        }

        @Override
        public synchronized void finish() {
            if (done) {
                throw new IllegalStateException("The staging writer of import " + importId + " is closed");
            }
            try {
                offsets.writeLong(offset);
                rows.close();
                offsets.close();
                invalid.close();
            } catch (IOException e) {
                discard();
                throw new UncheckedIOException("Cannot write staged rows of import " + importId, e);
            }
            done = true;
            if (!imports.replace(importId, this, new Sealed(files, count, invalidCount))) {
                files.delete(); // deleted or replaced while staging
            }
        }

        @Override
        public synchronized void close() {
            if (!done) {
                imports.remove(importId, this);
                discard();
            }
        }

        synchronized void discard() {
            done = true;
            closeStreams();
            files.delete();
        }

        private void closeStreams() {
            for (DataOutputStream s : new DataOutputStream[]{rows, offsets, invalid}) {
                if (s != null) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // the files are deleted next
                    }
                }
            }
        }
    }

    /** Positional reads over a sealed buffer's files; safe to use from many threads at once (one per call). */
    private static final class Reader implements AutoCloseable {
        private final FileChannel rows;
        private final FileChannel offsets;
        private final FileChannel invalid;
        private final Sealed sealed;
        private FileChannel edits;

        Reader(Sealed sealed) throws IOException {
            this.sealed = sealed;
            rows = FileChannel.open(sealed.files.rows);
            try {
                offsets = FileChannel.open(sealed.files.offsets);
                invalid = FileChannel.open(sealed.files.invalid);
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        long invalidOrdinal(long index) throws IOException {
            return readLongs(invalid, index, 1)[0];
        }

        long[] invalidOrdinals(long from, int count) throws IOException {
            return readLongs(invalid, from, count);
        }

        List<StagedRow> read(long[] ordinals) throws IOException {
            List<StagedRow> result = new ArrayList<>(ordinals.length);
            int i = 0;
            while (i < ordinals.length) {
                int runEnd = i + 1;
                while (runEnd < ordinals.length && ordinals[runEnd] == ordinals[runEnd - 1] + 1) {
                    runEnd++;
                }
                long[] offs = readLongs(offsets, ordinals[i], runEnd - i + 1);
                for (int k = 0; k < runEnd - i; k++) {
                    Long entry = sealed.overlay.changes.get(ordinals[i + k]);
                    if (entry != null) {
                        result.add(edited(entry));
                        continue;
                    }
                    ByteBuffer data = ByteBuffer.allocate((int) (offs[k + 1] - offs[k]));
                    readFully(rows, data, offs[k]);
                    data.flip();
                    data.getInt();
                    result.add(RowCodec.decode(data));
                }
                i = runEnd;
            }
            return result;
        }

        /** The latest version of a changed row, from the edit log. */
        StagedRow edited(long entry) throws IOException {
            if (edits == null) {
                edits = FileChannel.open(sealed.files.edits);
            }
            long offset = entry >>> 3;
            ByteBuffer length = ByteBuffer.allocate(4);
            readFully(edits, length, offset);
            ByteBuffer data = ByteBuffer.allocate(length.flip().getInt());
            readFully(edits, data, offset + 4);
            return RowCodec.decode(data.flip());
        }

        /** The source row number of the row at this ordinal. */
        private long rowNumber(long ordinal) throws IOException {
            ByteBuffer number = ByteBuffer.allocate(8);
            readFully(rows, number, readLongs(offsets, ordinal, 1)[0] + 5);
            return number.flip().getLong();
        }

        /** True when the row at this ordinal was invalid as written. */
        boolean writtenInvalid(long ordinal) throws IOException {
            ByteBuffer flags = ByteBuffer.allocate(1);
            readFully(rows, flags, readLongs(offsets, ordinal, 1)[0] + 4);
            return (flags.flip().get() & RowCodec.INVALID_FLAG) != 0;
        }

        /** The ordinal of the row with this source row number, or -1; a binary search (row numbers ascend). */
        long ordinalOf(long row, long count) throws IOException {
            long lo = 0;
            long hi = count - 1;
            while (lo <= hi) {
                long mid = (lo + hi) >>> 1;
                long number = rowNumber(mid);
                if (number == row) {
                    return mid;
                }
                if (number < row) {
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return -1;
        }

        private static long[] readLongs(FileChannel channel, long index, int count) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(count * 8);
            readFully(channel, buffer, index * 8);
            buffer.flip();
            long[] values = new long[count];
            buffer.asLongBuffer().get(values);
            return values;
        }

        private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
            long pos = position;
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, pos);
                if (n < 0) {
                    throw new EOFException("Staging file ends early");
                }
                pos += n;
            }
        }

        @Override
        public void close() throws IOException {
            for (FileChannel c : new FileChannel[]{rows, offsets, invalid, edits}) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }

    /** Streams the row file, decoding only the rows that pass the filter. */
    private static final class FileCursor implements Cursor {
        private final DataInputStream in;
        private final RowFilter filter;
        private final Sealed sealed;
        private Reader edits;
        private long ordinal;
        private byte[] payload = new byte[1024];
        private StagedRow next;
        private boolean closed;

        /** Streams the rows as written, taking changed ones from the overlay the buffer had when the cursor opened. */
        FileCursor(DataInputStream in, RowFilter filter, Sealed sealed) {
            this.in = in;
            this.filter = filter;
            this.sealed = sealed;
            this.closed = in == null;
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            if (closed) {
                return false;
            }
            try {
                while (true) {
                    int length;
                    try {
                        length = in.readInt();
                    } catch (EOFException end) {
                        close();
                        return false;
                    }
                    if (payload.length < length) {
                        payload = new byte[Math.max(length, payload.length * 2)];
                    }
                    in.readFully(payload, 0, length);
                    Long entry = sealed.overlay.changes.get(ordinal++);
                    if (entry != null) {
                        if (Overlay.accepts(entry, filter)) {
                            if (edits == null) {
                                edits = new Reader(sealed);
                            }
                            next = edits.edited(entry);
                            return true;
                        }
                        continue;
                    }
                    boolean invalidRow = (payload[0] & RowCodec.INVALID_FLAG) != 0;
                    if (filter == RowFilter.ALL || (filter == RowFilter.INVALID) == invalidRow) {
                        next = RowCodec.decode(ByteBuffer.wrap(payload, 0, length));
                        return true;
                    }
                }
            } catch (IOException e) {
                close();
                throw new UncheckedIOException("Cannot read staged rows", e);
            }
        }

        @Override
        public StagedRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            StagedRow row = next;
            next = null;
            return row;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                try {
                    in.close();
                    if (edits != null) {
                        edits.close();
                    }
                } catch (IOException ignored) {
                    // read-only files
                }
            }
        }
    }
}
