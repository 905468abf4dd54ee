package io.gunstream.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest (absent when run from classes). */
public final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        final String version = Version.class.getPackage().getImplementationVersion();
        return new String[] {"gunstream " + (version == null ? "(development build)" : version)};
    }
}
