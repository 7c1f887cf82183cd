package dev.sseetl.commit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;

/**
 * Turns a database error into a message for the person who imports. The database's own text names constraints,
 * indexes and often the SQL, which mean nothing to that person (and say more about the database than they should),
 * so the message is chosen by the error's SQLState class; the database's text goes to the log.
 */
final class DatabaseMessages {
    private static final Logger log = LoggerFactory.getLogger(DatabaseMessages.class);

    private DatabaseMessages() {
    }

    /** The person's message for the error; logs the database's own text with the SQLState. */
    static String clean(SQLException e) {
        SQLException first = first(e);
        String state = first.getSQLState() == null ? "" : first.getSQLState();
        log.info("Database refused a write (SQLState {}): {}", state.isEmpty() ? "none" : state, first.getMessage());
        return forState(state);
    }

    /** The error that says what went wrong: a batch error often only wraps the real one. */
    static SQLException first(SQLException e) {
        SQLException next = e.getNextException();
        if (next != null && (e.getSQLState() == null || e.getMessage() == null
                || e.getMessage().contains("getNextException"))) {
            return next;
        }
        return e;
    }

    /** Whether the error, or one it wraps or chains, has the SQLState. */
    static boolean hasState(SQLException e, String state) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            for (Throwable t = s; t != null; t = t.getCause()) {
                if (t instanceof SQLException sql && state.equals(sql.getSQLState())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String forState(String state) {
        return switch (state) {
            case "23505" -> "The table already holds this key (a value that must be unique in the table), and the"
                    + " row could not be written as an update of it.";
            case "23502" -> "The table needs a value in a column this row leaves empty.";
            case "23503" -> "A value of this row refers to a record that does not exist in the database.";
            case "23513", "23514" -> "A value of this row is outside what the table accepts (the database's check refused it).";
            case "22001" -> "A text of this row is longer than the table's column allows.";
            case "22003" -> "A number of this row is too large for the table's column.";
            case "22007", "22008" -> "A date or time of this row is not accepted by the table's column.";
            case "22021" -> "A text of this row holds a character the database cannot store.";
            case "22P02", "22018" -> "A value of this row does not have the type the table's column expects.";
            case "40001", "40P01" -> "The database stopped the write because another write conflicted with it at the"
                    + " same moment. Commit again.";
            case "HYT00", "55P03" -> "The database kept the table locked by another write for too long. Commit again.";
            default -> state.startsWith("23") ? "The table refused this row (one of its rules is broken)."
                    : state.startsWith("22") ? "The table refused a value of this row."
                    : state.startsWith("08") ? "The connection to the database was lost."
                    : "The database refused the write" + (state.isEmpty() ? "." : " (SQLState " + state + ").");
        };
    }
}
