package io.herald.platform.catalog;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The catalog suite on the embedded default, a SQLite file. */
class SqliteCatalogTest extends CatalogContractTest {

    @TempDir
    Path dir;

    @Override
    CatalogSettings newLocation() {
        return CatalogSettings.sqlite(dir.resolve("sub/catalog.db"));
    }
}
