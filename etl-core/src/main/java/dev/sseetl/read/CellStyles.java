package dev.sseetl.read;

import org.apache.poi.ss.usermodel.BuiltinFormats;
import org.apache.poi.ss.usermodel.DateUtil;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.util.HashMap;
import java.util.Map;

/** Which cell styles ({@code cellXfs} indexes of {@code xl/styles.xml}) format numbers as dates. */
final class CellStyles {
    static final CellStyles NONE = new CellStyles(new boolean[0]);

    private final boolean[] dates;

    private CellStyles(boolean[] dates) {
        this.dates = dates;
    }

    boolean isDate(int styleIndex) {
        return styleIndex >= 0 && styleIndex < dates.length && dates[styleIndex];
    }

    static CellStyles parse(XMLStreamReader xml, String partName) throws XMLStreamException {
        Map<Integer, String> formats = new HashMap<>();
        boolean[] dates = new boolean[16];
        int count = 0;
        String parent = "";
        int depth = 0;
        int cellXfsDepth = -1;
        int numFmtsDepth = -1;
        while (xml.hasNext()) {
            int event = SecureXml.next(xml, partName);
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                String name = SecureXml.local(xml.getLocalName());
                if (depth == 2 && name.equals("numFmts")) {
                    numFmtsDepth = depth;
                } else if (depth == 2 && name.equals("cellXfs")) {
                    cellXfsDepth = depth;
                } else if (numFmtsDepth > 0 && depth == numFmtsDepth + 1 && name.equals("numFmt")) {
                    Integer id = parseInt(WorkbookInfo.attribute(xml, "numFmtId"));
                    if (id != null) {
                        formats.put(id, WorkbookInfo.attribute(xml, "formatCode"));
                    }
                } else if (cellXfsDepth > 0 && depth == cellXfsDepth + 1 && name.equals("xf")) {
                    Integer id = parseInt(WorkbookInfo.attribute(xml, "numFmtId"));
                    int formatId = id == null ? 0 : id;
                    String code = formats.containsKey(formatId) ? formats.get(formatId)
                            : BuiltinFormats.getBuiltinFormat(formatId);
                    if (count == dates.length) {
                        dates = java.util.Arrays.copyOf(dates, count * 2);
                    }
                    dates[count++] = code != null && DateUtil.isADateFormat(formatId, code);
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                if (depth == numFmtsDepth) {
                    numFmtsDepth = -1;
                } else if (depth == cellXfsDepth) {
                    cellXfsDepth = -1;
                }
                depth--;
            }
        }
        return new CellStyles(java.util.Arrays.copyOf(dates, count));
    }

    private static Integer parseInt(String text) {
        try {
            return text == null ? null : Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
