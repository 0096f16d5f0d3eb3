package io.vecbox.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * logback's first configurator (found through {@code META-INF/services}): the CLI's default,
 * WARN and above as text on stderr, set up in code. It stops logback from looking for and parsing
 * {@code logback.xml}, which took a good part of a one-shot command's start-up;
 * {@link LogSetup#configure} then applies the command line's flags.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class CliLogConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        LogSetup.apply(context, LogSetup.LogFormat.text, false);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
