/**
 * Conventions of the spreadsheet files sse-etl writes and reads back, shared by the template, the error report and
 * validation: text made safe to open ({@link dev.sseetl.sheet.SpreadsheetText}: formula neutralising, UTF-8 CSV with
 * a byte order mark) and the columns an error report adds ({@link dev.sseetl.sheet.ReportColumns}). Depends on no
 * other package of sse-etl.
 */
package dev.sseetl.sheet;
