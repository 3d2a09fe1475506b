package io.herald.platform.catalog;

import io.herald.platform.PostgresServer;

/** The device tables on PostgreSQL 15, started by the test itself. */
class PostgresDeviceCatalogTest extends DeviceCatalogContractTest {

    @Override
    CatalogSettings newLocation() {
        return new CatalogSettings(PostgresServer.get().newDatabase(), "postgres", null);
    }
}
