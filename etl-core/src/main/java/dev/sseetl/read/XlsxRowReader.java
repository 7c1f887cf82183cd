package dev.sseetl.read;

import dev.sseetl.ImportException;
import dev.sseetl.Limits;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.opc.PackageRelationship;
import org.apache.poi.openxml4j.opc.PackageRelationshipCollection;
import org.apache.poi.openxml4j.opc.PackageRelationshipTypes;
import org.apache.poi.openxml4j.util.ZipEntrySource;
import org.apache.poi.ss.usermodel.DateUtil;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Streams one worksheet of an XLSX workbook: POI's package layer (read-only, over the entries {@link ZipGuards}
 * guards with this read's limits) finds the parts, and StAX parses them here, cell by cell. Shared strings are held compactly; rows without a value cost no
 * allocation beyond the parse.
 */
final class XlsxRowReader implements RowReader {
    private static final String WORKSHEET = "/worksheet";

    private final Limits limits;
    private final OPCPackage pkg;
    private final SharedStrings strings;
    private final CellStyles styles;
    private final boolean date1904;
    private final String sheetPart;
    private final String sheetName;
    private final long partSize;
    private final CountingInputStream sheetIn;
    private final XMLStreamReader xml;
    private List<String> header = List.of();
    private Object[] cells = new Object[16];
    private int width;
    private long rowNumber;
    private int lastColumn;
    private long headerRow;
    private long lastDimensionRow = -1;
    private long dataRows;
    private boolean finished;
    private boolean closed;

    private XlsxRowReader(Limits limits, OPCPackage pkg, SharedStrings strings, CellStyles styles, boolean date1904,
                          PackagePart sheet, String sheetName) throws IOException {
        this.limits = limits;
        this.pkg = pkg;
        this.strings = strings;
        this.styles = styles;
        this.date1904 = date1904;
        this.sheetPart = sheet.getPartName().getName();
        this.sheetName = sheetName;
        this.partSize = sheet.getSize();
        this.sheetIn = new CountingInputStream(sheet.getInputStream());
        this.xml = SecureXml.open(sheetIn, sheetPart);
    }

    static XlsxRowReader open(Path file, ReadOptions options) throws IOException {
        Limits limits = options.limits();
        ZipEntrySource entries = ZipGuards.open(file, limits);
        OPCPackage pkg;
        try {
            pkg = OPCPackage.open(entries);
        } catch (ImportException e) {
            entries.close();
            throw e;
        } catch (Exception e) {
            entries.close();
            ImportException guard = ZipGuards.translate(e);
            throw guard != null ? guard : ImportException.invalidFile("The workbook could not be opened: it is damaged"
                    + " or not a real XLSX file. Open it in Excel and save it again as .xlsx.");
        }
        XlsxRowReader reader = null;
        try {
            PackagePart workbook = workbookPart(pkg);
            WorkbookInfo info = parse(workbook, part -> WorkbookInfo.parse(part.xml, part.name));
            WorkbookInfo.Sheet chosen = chooseSheet(info, options.sheetName());
            PackagePart sheet = related(workbook, chosen.relationshipId());
            if (sheet == null) {
                throw ImportException.invalidFile("The sheet '" + chosen.name() + "' is missing from the workbook"
                        + " package. Open the file in Excel and save it again as .xlsx.");
            }
            PackagePart stylesPart = relatedByType(workbook, "/styles");
            CellStyles styles = stylesPart == null ? CellStyles.NONE
                    : parse(stylesPart, part -> CellStyles.parse(part.xml, part.name));
            PackagePart stringsPart = relatedByType(workbook, "/sharedStrings");
            SharedStrings strings = stringsPart == null ? SharedStrings.NONE
                    : parse(stringsPart, part -> SharedStrings.parse(part.xml, part.name, limits.maxTextBytes()));
            reader = new XlsxRowReader(limits, pkg, strings, styles, info.date1904, sheet, chosen.name());
            reader.readHeader();
            return reader;
        } catch (IOException | RuntimeException e) {
            if (reader != null) {
                reader.close();
            } else {
                pkg.revert();
            }
            if (e instanceof ImportException ie) {
                throw ie;
            }
            ImportException guard = ZipGuards.translate(e);
            throw guard != null ? guard : ImportException.invalidFile("The workbook could not be read: it is damaged."
                    + " Open it in Excel and save it again as .xlsx.");
        } catch (XMLStreamException e) {
            if (reader != null) {
                reader.close();
            } else {
                pkg.revert();
            }
            throw SecureXml.damaged(reader != null ? reader.sheetPart : "(workbook)", e);
        }
    }

    private static PackagePart workbookPart(OPCPackage pkg) {
        PackageRelationshipCollection core = pkg.getRelationshipsByType(PackageRelationshipTypes.CORE_DOCUMENT);
        if (core.isEmpty()) {
            core = pkg.getRelationshipsByType(PackageRelationshipTypes.STRICT_CORE_DOCUMENT);
        }
        PackagePart part = core.isEmpty() ? null : pkg.getPart(core.getRelationship(0));
        if (part == null) {
            throw ImportException.invalidFile("The file is a ZIP package without a workbook in it. Open it in Excel"
                    + " and save it again as .xlsx.");
        }
        return part;
    }

    private static WorkbookInfo.Sheet chooseSheet(WorkbookInfo info, String wanted) {
        if (info.sheets.isEmpty()) {
            throw ImportException.invalidFile("The workbook has no sheet.");
        }
        if (wanted == null) {
            return info.sheets.stream().filter(s -> !s.hidden()).findFirst().orElse(info.sheets.get(0));
        }
        return info.sheets.stream().filter(s -> s.name().equals(wanted)).findFirst()
                .or(() -> info.sheets.stream().filter(s -> s.name().equalsIgnoreCase(wanted)).findFirst())
                .orElseThrow(() -> ImportException.invalidFile("The workbook has no sheet named '" + wanted
                        + "'. Its sheets are: " + info.sheets.stream().map(s -> "'" + s.name() + "'")
                        .collect(Collectors.joining(", ")) + "."));
    }

    private static PackagePart related(PackagePart from, String relationshipId) {
        if (relationshipId == null) {
            return null;
        }
        PackageRelationship rel = from.getRelationship(relationshipId);
        if (rel == null || !rel.getRelationshipType().endsWith(WORKSHEET)) {
            return null;
        }
        return relatedPart(from, rel);
    }

    private static PackagePart relatedByType(PackagePart from, String typeSuffix) {
        try {
            for (PackageRelationship rel : from.getRelationships()) {
                if (rel.getRelationshipType().endsWith(typeSuffix)) {
                    return relatedPart(from, rel);
                }
            }
            return null;
        } catch (org.apache.poi.openxml4j.exceptions.InvalidFormatException e) {
            return null;
        }
    }

    private static PackagePart relatedPart(PackagePart from, PackageRelationship rel) {
        try {
            return from.getRelatedPart(rel);
        } catch (org.apache.poi.openxml4j.exceptions.InvalidFormatException | IllegalArgumentException e) {
            return null;
        }
    }

    /** One part being parsed: its StAX reader and name for messages. */
    private record Part(XMLStreamReader xml, String name) {
    }

    private interface PartParser<T> {
        T parse(Part part) throws XMLStreamException;
    }

    private static <T> T parse(PackagePart part, PartParser<T> parser) throws IOException, XMLStreamException {
        String name = part.getPartName().getName();
        try (InputStream in = part.getInputStream()) {
            XMLStreamReader xml = SecureXml.open(in, name);
            try {
                return parser.parse(new Part(xml, name));
            } finally {
                xml.close();
            }
        }
    }

    private void readHeader() throws XMLStreamException {
        while (readRow()) {
            if (width > 0) {
                headerRow = rowNumber;
                List<String> names = new ArrayList<>(width);
                for (int i = 0; i < width; i++) {
                    names.add(headerText(cells[i]));
                }
                header = Collections.unmodifiableList(names);
                return;
            }
        }
    }

    private static String headerText(Object cell) {
        if (cell == null) {
            return "";
        }
        if (cell instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (cell instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        return cell.toString();
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public SourceRow next() {
        if (closed) {
            throw new IllegalStateException("The reader is closed");
        }
        try {
            while (readRow()) {
                if (width == 0) {
                    continue;
                }
                if (++dataRows > limits.maxRows()) {
                    throw ImportException.invalidFile("The file has more than " + limits.maxRows()
                            + " data rows (limit maxRows = " + limits.maxRows() + ").");
                }
                return new SourceRow(rowNumber, Collections.unmodifiableList(Arrays.asList(Arrays.copyOf(cells, width))));
            }
            return null;
        } catch (XMLStreamException e) {
            throw SecureXml.damaged(sheetPart, e);
        } catch (RuntimeException e) {
            if (e instanceof ImportException) {
                throw e;
            }
            ImportException guard = ZipGuards.translate(e);
            if (guard != null) {
                throw guard;
            }
            throw e;
        }
    }

    /**
     * Reads up to the end of the next {@code <row>}, leaving its values in {@code cells[0..width)}; false at the end
     * of the sheet data.
     */
    private boolean readRow() throws XMLStreamException {
        Arrays.fill(cells, 0, width, null);
        width = 0;
        if (finished) {
            return false;
        }
        while (xml.hasNext()) {
            int event = SecureXml.next(xml, sheetPart);
            if (event == XMLStreamConstants.START_ELEMENT) {
                switch (SecureXml.local(xml.getLocalName())) {
                    case "row" -> startRow();
                    case "c" -> readCell();
                    case "dimension" -> readDimension();
                    default -> {
                        // sheetData, sheetViews, cols ...: structure only
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                String name = SecureXml.local(xml.getLocalName());
                if (name.equals("row")) {
                    return true;
                }
                if (name.equals("sheetData")) {
                    break;
                }
            } else if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw SecureXml.dtdRefused(sheetPart);
            }
        }
        finished = true;
        return false;
    }

    private void startRow() {
        String r = xml.getAttributeValue(null, "r");
        long number = r == null ? -1 : Cells.row(r);
        if (number > 0 && number <= rowNumber) {
            throw ImportException.invalidFile("Sheet '" + sheetName + "' is damaged: its row " + number + " comes after"
                    + " row " + rowNumber + ", but row numbers must go up (Excel reports such a file as corrupt)."
                    + " Open the file in Excel, let it repair the file, and save it again as .xlsx.");
        }
        rowNumber = number > 0 ? number : rowNumber + 1;
        lastColumn = -1;
    }

    private void readDimension() {
        String ref = xml.getAttributeValue(null, "ref");
        if (ref != null) {
            int colon = ref.indexOf(':');
            lastDimensionRow = Cells.row(colon < 0 ? ref : ref.substring(colon + 1));
        }
    }

    private void readCell() throws XMLStreamException {
        String ref = null;
        String type = null;
        String style = null;
        for (int i = 0, n = xml.getAttributeCount(); i < n; i++) {
            String name = SecureXml.local(xml.getAttributeLocalName(i));
            switch (name) {
                case "r" -> ref = xml.getAttributeValue(i);
                case "t" -> type = xml.getAttributeValue(i);
                case "s" -> style = xml.getAttributeValue(i);
                default -> {
                    // cm, vm, ph: metadata without a value
                }
            }
        }
        int column = ref == null ? -1 : Cells.column(ref);
        if (column < 0) {
            column = lastColumn + 1;
        }
        lastColumn = column;
        String value = null;
        String inline = null;
        while (true) {
            int event = SecureXml.next(xml, sheetPart);
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = SecureXml.local(xml.getLocalName());
                if (name.equals("v")) {
                    value = SecureXml.text(xml, sheetPart);
                } else if (name.equals("is")) {
                    inline = inlineText();
                } else {
                    SecureXml.skip(xml, sheetPart); // f (formula: its cached value is in v), extLst
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                break;
            } else if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw SecureXml.dtdRefused(sheetPart);
            }
        }
        Object cell = convert(type, style, value, inline, column);
        if (cell == null) {
            return;
        }
        if (column >= limits.maxColumns()) {
            throw ImportException.invalidFile("Row " + rowNumber + " has a value in column " + Cells.letters(column)
                    + ", beyond the limit of " + limits.maxColumns() + " columns (maxColumns = " + limits.maxColumns()
                    + ").");
        }
        if (column >= cells.length) {
            cells = Arrays.copyOf(cells, Math.max(column + 1, cells.length * 2));
        }
        cells[column] = cell;
        width = Math.max(width, column + 1);
    }

    private String inlineText() throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        int depth = 1;
        int phonetic = 0;
        while (depth > 0) {
            int event = SecureXml.next(xml, sheetPart);
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = SecureXml.local(xml.getLocalName());
                if (name.equals("t") && phonetic == 0) {
                    Cells.appendDecoded(text, SecureXml.text(xml, sheetPart));
                } else {
                    depth++;
                    if (name.equals("rPh")) {
                        phonetic++;
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
                if (SecureXml.local(xml.getLocalName()).equals("rPh")) {
                    phonetic--;
                }
            }
        }
        return text.toString();
    }

    private Object convert(String type, String style, String value, String inline, int column) {
        if (type == null || type.equals("n")) {
            return value == null || value.isBlank() ? null : numeric(value, style, column);
        }
        switch (type) {
            case "s" -> {
                if (value == null || value.isBlank()) {
                    return null;
                }
                String s = null;
                try {
                    s = strings.get(Integer.parseInt(value.trim()));
                } catch (NumberFormatException e) {
                    // reported below
                }
                if (s == null) {
                    throw ImportException.invalidFile("Cell " + Cells.letters(column) + rowNumber + " of sheet '"
                            + sheetName + "' refers to a shared string that the workbook does not have. Open the file"
                            + " in Excel and save it again as .xlsx.");
                }
                return text(s, column);
            }
            case "inlineStr" -> {
                return text(inline != null ? inline : value == null ? null : Cells.decoded(value), column);
            }
            case "str", "e" -> {
                return text(value == null ? null : Cells.decoded(value), column);
            }
            case "b" -> {
                if (value == null || value.isBlank()) {
                    return null;
                }
                String v = value.trim();
                return v.equals("1") || v.equalsIgnoreCase("true");
            }
            case "d" -> {
                return isoDate(value, column);
            }
            default -> {
                return text(value, column);
            }
        }
    }

    private Object numeric(String value, String style, int column) {
        try {
            if (style != null && styles.isDate(Integer.parseInt(style))) {
                double d = Double.parseDouble(value);
                if (DateUtil.isValidExcelDate(d)) {
                    return DateUtil.getLocalDateTime(d, date1904);
                }
            }
            return Cells.number(value);
        } catch (NumberFormatException e) {
            throw ImportException.invalidFile("Cell " + Cells.letters(column) + rowNumber + " of sheet '" + sheetName
                    + "' holds '" + value + "', which is not a number. Open the file in Excel and save it again.");
        }
    }

    private Object isoDate(String value, int column) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            return v.length() <= 10 ? LocalDate.parse(v).atStartOfDay() : LocalDateTime.parse(v.endsWith("Z")
                    ? v.substring(0, v.length() - 1) : v);
        } catch (DateTimeParseException e) {
            return text(v, column);
        }
    }

    private String text(String s, int column) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        if (s.length() > limits.maxCellLength()) {
            throw ImportException.invalidFile("Cell " + Cells.letters(column) + rowNumber + " has " + s.length()
                    + " characters, more than the limit (maxCellLength = " + limits.maxCellLength() + ").");
        }
        int control = ControlCharacters.firstRefused(s);
        if (control >= 0) {
            throw ImportException.invalidFile("Cell " + Cells.letters(column) + rowNumber + " of sheet '" + sheetName
                    + "' holds " + ControlCharacters.describe(s.charAt(control)) + " at character " + (control + 1)
                    + ", which no cell may contain. Remove it in Excel and upload the file again.");
        }
        return s;
    }

    @Override
    public long estimatedRows() {
        if (finished) {
            return dataRows;
        }
        if (lastDimensionRow > headerRow && headerRow > 0) {
            return Math.max(lastDimensionRow - headerRow, dataRows);
        }
        long read = sheetIn.count();
        if (dataRows == 0 || partSize <= 0 || read == 0) {
            return -1;
        }
        return Math.max(dataRows, Math.round((double) dataRows * partSize / read));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            xml.close();
        } catch (XMLStreamException e) {
            // nothing to recover when closing
        }
        try {
            sheetIn.close();
        } catch (IOException e) {
            // nothing to recover when closing
        }
        pkg.revert();
    }
}
