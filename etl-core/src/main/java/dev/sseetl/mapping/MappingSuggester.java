package dev.sseetl.mapping;

import dev.sseetl.mapping.ColumnMapping.FileColumn;
import dev.sseetl.schema.Column;
import dev.sseetl.schema.Schema;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Proposes which schema column each file column feeds. A header is compared with each column's key, labels and
 * aliases, normalised as {@link Column#normalizeHeader} does; in this order of preference:
 * <ol>
 *   <li>{@link MatchKind#EXACT} (score 1): the header is the key or a label;</li>
 *   <li>{@link MatchKind#ALIAS}: the header is an alias (0.95), or is one once common abbreviations are written out
 *       or shortened ({@code DOB}, {@code qty}, {@code No.}, {@code tel}, {@code addr}, ...; 0.9);</li>
 *   <li>{@link MatchKind#FUZZY}: Jaro-Winkler similarity of the normalised spellings of at least
 *       {@value #FUZZY_THRESHOLD}, or the words of one contained in the words of the other
 *       ({@code E-mail Address} and {@code Email}).</li>
 * </ol>
 * Assignment is one to one: the best candidate pair is taken first, and a schema column takes at most one file
 * column. Immutable and thread-safe; make one per schema with {@link #forSchema}.
 */
public final class MappingSuggester {
    /** The lowest Jaro-Winkler similarity taken as a fuzzy match. */
    public static final double FUZZY_THRESHOLD = 0.88;
    /** How many of a file's first rows are searched for the header row. */
    public static final int HEADER_ROWS_SEARCHED = 10;
    private static final double ALIAS_SCORE = 0.95;
    private static final double ABBREVIATION_SCORE = 0.9;
    private static final int SHORTEST_FUZZY = 3;
    private static final JaroWinklerSimilarity JARO_WINKLER = new JaroWinklerSimilarity();

    private final Schema schema;
    private final List<ColumnNames> names;
    private final boolean alwaysConfirm;

    private MappingSuggester(Schema schema, boolean alwaysConfirm) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.names = schema.columns().stream().map(ColumnNames::of).toList();
        this.alwaysConfirm = alwaysConfirm;
    }

    /** A suggester for this schema. */
    public static MappingSuggester forSchema(Schema schema) {
        return new MappingSuggester(schema, false);
    }

    /** This suggester, whose mappings always {@link ColumnMapping#needsConfirmation() need confirmation} when true. */
    public MappingSuggester alwaysConfirm(boolean always) {
        return new MappingSuggester(schema, always);
    }

    /** The proposed mapping of a file with this header row (null cells count as empty). */
    public ColumnMapping suggest(List<String> header) {
        List<String> cells = cells(header);
        List<Candidate> candidates = new ArrayList<>();
        for (int file = 0; file < cells.size(); file++) {
            HeaderWords words = HeaderWords.of(cells.get(file));
            if (words.normalised().isEmpty()) {
                continue;
            }
            for (int column = 0; column < names.size(); column++) {
                Candidate c = names.get(column).match(words, file, column);
                if (c != null) {
                    candidates.add(c);
                }
            }
        }
        candidates.sort(Comparator.comparingInt((Candidate c) -> c.how.ordinal())
                .thenComparing(Comparator.comparingDouble((Candidate c) -> c.score).reversed())
                .thenComparingInt(c -> c.file).thenComparingInt(c -> c.column));
        FileColumn[] result = new FileColumn[cells.size()];
        boolean[] taken = new boolean[names.size()];
        for (Candidate c : candidates) {
            if (result[c.file] == null && !taken[c.column]) {
                taken[c.column] = true;
                result[c.file] = new FileColumn(c.file, cells.get(c.file), schema.columns().get(c.column).key(), c.how, c.score);
            }
        }
        for (int file = 0; file < result.length; file++) {
            if (result[file] == null) {
                result[file] = FileColumn.ignored(file, cells.get(file));
            }
        }
        return new ColumnMapping(schema, List.of(result), alwaysConfirm, false);
    }

    /**
     * The mapping a person confirmed before for the same header set (see {@link ColumnMapping#keysByHeader()}), as
     * {@link MatchKind#REMEMBERED} and {@link ColumnMapping#confirmed() confirmed}; or {@link #suggest} when the
     * remembered mapping no longer fits: the header cells are not distinct or not the remembered set, a key is no
     * longer in the schema, or a required column would be left unmapped.
     */
    public ColumnMapping suggest(List<String> header, Map<String, String> remembered) {
        List<String> cells = cells(header);
        Set<String> headerSet = ColumnMapping.headerSet(cells);
        if (remembered == null || !ColumnMapping.distinctHeaders(cells) || !headerSet.containsAll(remembered.keySet())
                || remembered.values().stream().anyMatch(key -> schema.indexOf(key) < 0)
                || remembered.values().stream().distinct().count() != remembered.size()) {
            return suggest(cells);
        }
        List<FileColumn> result = new ArrayList<>();
        for (int file = 0; file < cells.size(); file++) {
            String key = remembered.get(Column.normalizeHeader(cells.get(file)));
            result.add(key == null || cells.get(file).isEmpty() ? FileColumn.ignored(file, cells.get(file))
                    : new FileColumn(file, cells.get(file), key, MatchKind.REMEMBERED, 1));
        }
        ColumnMapping mapping = new ColumnMapping(schema, result, alwaysConfirm, true);
        return mapping.missingRequired().isEmpty() ? mapping : suggest(cells);
    }

    /**
     * Which of a sheet's or file's first rows is its header: among the first {@value #HEADER_ROWS_SEARCHED}, the one
     * that matches most schema columns (a fuzzy match counts by its score); of equals, the earliest. 0 when no row
     * matches anything, or there are no rows.
     */
    public int headerRow(List<List<String>> firstRows) {
        return locate(List.of(firstRows)).row();
    }

    /**
     * Where the header of a workbook is: the sheet whose header row (see {@link #headerRow}) matches best, and that
     * row; of equals, the earliest sheet.
     *
     * @param sheets each sheet's first rows, in workbook order
     */
    public HeaderLocation locate(List<List<List<String>>> sheets) {
        HeaderLocation best = new HeaderLocation(0, 0);
        double bestWeight = 0;
        for (int sheet = 0; sheet < sheets.size(); sheet++) {
            List<List<String>> rows = sheets.get(sheet);
            for (int row = 0; row < Math.min(HEADER_ROWS_SEARCHED, rows.size()); row++) {
                double weight = suggest(rows.get(row)).fileColumns().stream().mapToDouble(FileColumn::score).sum();
                if (weight > bestWeight) {
                    bestWeight = weight;
                    best = new HeaderLocation(sheet, row);
                }
            }
        }
        return best;
    }

    /**
     * Where a header row is.
     *
     * @param sheet the sheet's index in the workbook, from 0 (0 for CSV)
     * @param row   the row's index among the sheet's rows, from 0
     */
    public record HeaderLocation(int sheet, int row) {
    }

    private static List<String> cells(List<String> header) {
        if (header == null) {
            return List.of();
        }
        return header.stream().map(cell -> cell == null ? "" : cell.strip()).toList();
    }

    /** A possible pairing of a file column with a schema column. */
    private record Candidate(int file, int column, MatchKind how, double score) {
    }

    /**
     * The names one schema column answers to, split by kind. Labels: a column carries one today; when it carries one
     * per UI language, every one of them goes into {@code labels} here, and nothing else changes.
     */
    private record ColumnNames(Set<String> exact, Set<String> aliases, List<HeaderWords> all) {
        static ColumnNames of(Column column) {
            List<String> labels = List.of(column.label());
            Set<String> exact = new LinkedHashSet<>();
            exact.add(Column.normalizeHeader(column.key()));
            labels.forEach(label -> exact.add(Column.normalizeHeader(label)));
            Set<String> aliases = new LinkedHashSet<>();
            column.aliases().forEach(alias -> aliases.add(Column.normalizeHeader(alias)));
            aliases.removeAll(exact);
            List<HeaderWords> all = new ArrayList<>();
            all.add(HeaderWords.of(column.key()));
            labels.forEach(label -> all.add(HeaderWords.of(label)));
            column.aliases().forEach(alias -> all.add(HeaderWords.of(alias)));
            exact.remove("");
            aliases.remove("");
            return new ColumnNames(Set.copyOf(exact), Set.copyOf(aliases), List.copyOf(all));
        }

        Candidate match(HeaderWords header, int file, int column) {
            String h = header.normalised();
            if (exact.contains(h)) {
                return new Candidate(file, column, MatchKind.EXACT, 1);
            }
            if (aliases.contains(h)) {
                return new Candidate(file, column, MatchKind.ALIAS, ALIAS_SCORE);
            }
            Set<String> spellings = header.spellings();
            for (String spelling : spellings) {
                if (exact.contains(spelling) || aliases.contains(spelling)) {
                    return new Candidate(file, column, MatchKind.ALIAS, ABBREVIATION_SCORE);
                }
            }
            double best = 0;
            for (HeaderWords name : all) {
                best = Math.max(best, similarity(h, name.normalised()));
                for (String spelling : spellings) {
                    best = Math.max(best, similarity(spelling, name.normalised()));
                }
                best = Math.max(best, wordOverlap(header.words(), name.words()));
            }
            return best >= FUZZY_THRESHOLD ? new Candidate(file, column, MatchKind.FUZZY, best) : null;
        }

        private static double similarity(String a, String b) {
            if (a.length() < SHORTEST_FUZZY || b.length() < SHORTEST_FUZZY) {
                return 0;
            }
            return JARO_WINKLER.apply(a, b);
        }

        /** 0.8 to 1 when every word of one is among the words of the other (more for fewer extra words), else 0. */
        private static double wordOverlap(List<String> a, List<String> b) {
            if (a.isEmpty() || b.isEmpty()) {
                return 0;
            }
            List<String> shorter = a.size() <= b.size() ? a : b;
            List<String> longer = shorter == a ? b : a;
            if (!longer.containsAll(shorter)) {
                return 0;
            }
            return 0.8 + 0.2 * shorter.size() / longer.size();
        }
    }
}
