package dev.sseetl.read;

import dev.sseetl.ImportException;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.util.Arrays;

/**
 * The shared strings of a workbook, held compactly: all text in one buffer plus one end offset per string
 * (no object per string). Rich text runs are joined; phonetic runs ({@code rPh}) are left out.
 */
final class SharedStrings {
    static final SharedStrings NONE = new SharedStrings(new StringBuilder(), new int[0], 0);

    private final StringBuilder text;
    private final int[] ends;
    private final int count;

    private SharedStrings(StringBuilder text, int[] ends, int count) {
        this.text = text;
        this.ends = ends;
        this.count = count;
    }

    int size() {
        return count;
    }

    /** The string at the index, or null when the workbook has no such string. */
    String get(int index) {
        if (index < 0 || index >= count) {
            return null;
        }
        int start = index == 0 ? 0 : ends[index - 1];
        return text.substring(start, ends[index]);
    }

    static SharedStrings parse(XMLStreamReader xml, String partName, long maxTextChars) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        int[] ends = new int[1024];
        int count = 0;
        int phoneticDepth = 0;
        boolean inItem = false;
        while (xml.hasNext()) {
            int event = SecureXml.next(xml, partName);
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = SecureXml.local(xml.getLocalName());
                if (name.equals("si")) {
                    inItem = true;
                } else if (name.equals("rPh")) {
                    phoneticDepth++;
                } else if (name.equals("t") && inItem && phoneticDepth == 0) {
                    Cells.appendDecoded(text, SecureXml.text(xml, partName));
                    if (text.length() > maxTextChars) {
                        throw ImportException.invalidFile("The workbook's shared strings hold more than " + maxTextChars
                                + " characters of text (limit maxTextBytes = " + maxTextChars + ").");
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                String name = SecureXml.local(xml.getLocalName());
                if (name.equals("si")) {
                    inItem = false;
                    if (count == ends.length) {
                        ends = Arrays.copyOf(ends, count * 2);
                    }
                    ends[count++] = text.length();
                } else if (name.equals("rPh")) {
                    phoneticDepth--;
                }
            }
        }
        return new SharedStrings(text, ends, count);
    }
}
