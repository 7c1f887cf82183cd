package dev.sseetl.read;

import dev.sseetl.ImportException;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.InputStream;

/**
 * StAX parsing of workbook parts with document type declarations refused: no external entities, no entity
 * expansion (XXE, billion laughs).
 */
final class SecureXml {
    private static final XMLInputFactory FACTORY = createFactory();

    private SecureXml() {
    }

    private static XMLInputFactory createFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are not allowed");
        });
        return factory;
    }

    /** The local part of an element or attribute name (the factory does not process namespaces, for speed). */
    static String local(String name) {
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(colon + 1);
    }

    /** A reader over one part; the caller closes both the reader and the stream. */
    static XMLStreamReader open(InputStream in, String partName) {
        try {
            return FACTORY.createXMLStreamReader(in);
        } catch (XMLStreamException e) {
            throw damaged(partName, e);
        }
    }

    /** The next event, refusing a document type declaration. */
    static int next(XMLStreamReader xml, String partName) throws XMLStreamException {
        int event = xml.next();
        if (event == XMLStreamConstants.DTD) {
            throw dtdRefused(partName);
        }
        return event;
    }

    static ImportException dtdRefused(String partName) {
        return ImportException.invalidFile("The workbook part " + partName + " contains a document type declaration"
                + " (<!DOCTYPE>), which Excel never writes and which is refused for safety (XML external entities)."
                + " Save the file again from Excel.");
    }

    /** Reads the text of the current element up to its end tag, refusing entity references. */
    static String text(XMLStreamReader xml, String partName) throws XMLStreamException {
        StringBuilder text = null;
        String single = null;
        while (true) {
            int event = next(xml, partName);
            switch (event) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    String chunk = xml.getText();
                    if (single == null && text == null) {
                        single = chunk;
                    } else {
                        if (text == null) {
                            text = new StringBuilder(single);
                        }
                        text.append(chunk);
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    return text != null ? text.toString() : single != null ? single : "";
                }
                case XMLStreamConstants.ENTITY_REFERENCE -> throw dtdRefused(partName);
                case XMLStreamConstants.START_ELEMENT -> skip(xml, partName);
                default -> {
                    // comments and processing instructions carry no cell text
                }
            }
        }
    }

    /** Skips the current element and everything inside it. */
    static void skip(XMLStreamReader xml, String partName) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = next(xml, partName);
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw dtdRefused(partName);
            }
        }
    }

    static ImportException damaged(String partName, Exception e) {
        ImportException guard = ZipGuards.translate(e);
        if (guard != null) {
            return guard;
        }
        return ImportException.invalidFile("The workbook is damaged: its part " + partName + " is not well-formed XML."
                + " Open the file in Excel and save it again as .xlsx.");
    }
}
