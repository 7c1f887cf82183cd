package dev.sseetl.read;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.util.ArrayList;
import java.util.List;

/** What {@code xl/workbook.xml} says: the sheets in order and the date system. */
final class WorkbookInfo {
    /** One sheet entry: its name, relationship id and whether it is hidden. */
    record Sheet(String name, String relationshipId, boolean hidden) {
    }

    final List<Sheet> sheets = new ArrayList<>();
    boolean date1904;

    static WorkbookInfo parse(XMLStreamReader xml, String partName) throws XMLStreamException {
        WorkbookInfo info = new WorkbookInfo();
        while (xml.hasNext()) {
            if (SecureXml.next(xml, partName) != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            switch (SecureXml.local(xml.getLocalName())) {
                case "workbookPr" -> {
                    String v = attribute(xml, "date1904");
                    info.date1904 = "1".equals(v) || "true".equalsIgnoreCase(v);
                }
                case "sheet" -> {
                    String state = attribute(xml, "state");
                    info.sheets.add(new Sheet(attribute(xml, "name"), attribute(xml, "id"),
                            "hidden".equals(state) || "veryHidden".equals(state)));
                }
                default -> {
                    // other workbook settings do not matter for reading cells
                }
            }
        }
        return info;
    }

    /** An attribute by local name, whatever its namespace ({@code r:id} in transitional or strict OOXML). */
    static String attribute(XMLStreamReader xml, String localName) {
        for (int i = 0, n = xml.getAttributeCount(); i < n; i++) {
            if (localName.equals(SecureXml.local(xml.getAttributeLocalName(i)))) {
                return xml.getAttributeValue(i);
            }
        }
        return null;
    }
}
