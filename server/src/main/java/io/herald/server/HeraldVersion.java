package io.herald.server;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code herald --version}, from the jar manifest. */
public final class HeraldVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = HeraldVersion.class.getPackage().getImplementationVersion();
        return new String[] {"herald " + (v == null ? "development build" : v)};
    }
}
