package io.herald.platform.catalog;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The device tables on the embedded default, a SQLite file. */
class SqliteDeviceCatalogTest extends DeviceCatalogContractTest {

    @TempDir
    Path dir;

    @Override
    CatalogSettings newLocation() {
        return CatalogSettings.sqlite(dir.resolve("catalog.db"));
    }
}
