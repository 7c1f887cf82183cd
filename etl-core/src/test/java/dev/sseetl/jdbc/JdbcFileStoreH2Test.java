package dev.sseetl.jdbc;

import dev.sseetl.spi.FileStore;
import dev.sseetl.testing.FileStoreContract;
import org.h2.jdbcx.JdbcDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import java.util.stream.Stream;

/** The file store on H2, as a host without PostgreSQL would use it. */
class JdbcFileStoreH2Test extends FileStoreContract {
    private JdbcDataSource dataSource;

    @Override
    protected FileStore createStore(Path folder) {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:files_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        return new JdbcFileStore(dataSource, "etl_", folder, 256 * 1024);
    }

    @Override
    protected long thingsKept() throws Exception {
        try (Stream<Path> files = Files.list(folder); Connection c = dataSource.getConnection();
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                     "SELECT (SELECT count(*) FROM etl_file) + (SELECT count(*) FROM etl_file_chunk)")) {
            rs.next();
            return files.count() + rs.getLong(1);
        }
    }
}
