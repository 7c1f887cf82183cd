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
import java.util.NoSuchElementException;
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
        return sealed == null ? Summary.EMPTY : new Summary(sealed.rows, sealed.rows - sealed.invalid, sealed.invalid);
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
        try (Reader reader = new Reader(sealed)) {
            return reader.read(ordinals(reader, sealed, filter == null ? RowFilter.ALL : filter, first, size));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the staged rows of import " + importId, e);
        }
    }

    @Override
    public Cursor rows(String importId, RowFilter filter) {
        Sealed sealed = sealed(importId);
        if (sealed == null) {
            return new FileCursor(null, RowFilter.ALL);
        }
        try {
            return new FileCursor(new DataInputStream(new BufferedInputStream(
                    Files.newInputStream(sealed.files.rows), 64 * 1024)), filter == null ? RowFilter.ALL : filter);
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

    /** The three files of one staging attempt. */
    private record StageFiles(Path rows, Path offsets, Path invalid) {
        StageFiles(Path directory, String base) {
            this(directory.resolve(base + ".rows"), directory.resolve(base + ".idx"), directory.resolve(base + ".inv"));
        }

        void delete() {
            for (Path p : List.of(rows, offsets, invalid)) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot delete staging file " + p, e);
                }
            }
        }
    }

    /** A finished buffer: its files and counts. Immutable. */
    private record Sealed(StageFiles files, long rows, long invalid) {
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

        Reader(Sealed sealed) throws IOException {
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
            for (FileChannel c : new FileChannel[]{rows, offsets, invalid}) {
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
        private byte[] payload = new byte[1024];
        private StagedRow next;
        private boolean closed;

        FileCursor(DataInputStream in, RowFilter filter) {
            this.in = in;
            this.filter = filter;
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
                } catch (IOException ignored) {
                    // read-only stream
                }
            }
        }
    }
}
