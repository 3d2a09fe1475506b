package io.herald.platform.catalog;

import io.herald.platform.PostgresServer;

/** The catalog suite on PostgreSQL 15, started by the test itself ({@link PostgresServer}). */
class PostgresCatalogTest extends CatalogContractTest {

    @Override
    CatalogSettings newLocation() {
        return new CatalogSettings(PostgresServer.get().newDatabase(), "postgres", null);
    }
}
