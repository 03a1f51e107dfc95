package org.citywall.embedded.flink;

import java.util.Arrays;
import org.apache.flink.client.cli.CliFrontend;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;

/**
 * The {@code flink} command line in a child JVM: {@code FlinkRunMain CONF_DIR run -d -c Main job.jar ...}
 * does what {@code bin/flink run ...} of a Flink distribution does with {@code FLINK_CONF_DIR=CONF_DIR}.
 */
public final class FlinkRunMain {
    private FlinkRunMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: FlinkRunMain CONF_DIR ACTION [options]");
            System.exit(2);
        }
        String confDir = args[0];
        Configuration conf = GlobalConfiguration.loadConfiguration(confDir);
        CliFrontend cli = new CliFrontend(conf, CliFrontend.loadCustomCommandLines(conf, confDir));
        System.exit(cli.parseAndRun(Arrays.copyOfRange(args, 1, args.length)));
    }
}
