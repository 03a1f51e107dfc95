package org.citywall.collector.bench;

/**
 * One run: a generator at some connections against a target.
 *
 * @param handled      messages the target reports handled during the run (-1: it cannot tell exactly)
 * @param receiverCpu  CPU seconds of the receiving process
 * @param brokerCpu    CPU seconds of the Kafka broker (NaN when there is none)
 */
record Measurement(String generator, int connections, String target, long sent, long handled, double seconds,
                   double receiverCpu, double brokerCpu) {

    double messagesPerSecond() {
        return sent / seconds;
    }

    double cpuSecondsPerMillion() {
        return receiverCpu / sent * 1e6;
    }

    /** Millions of messages per CPU-second of the receiver: the efficiency the targets compare. */
    double millionsPerCpuSecond() {
        return sent / receiverCpu / 1e6;
    }

    String loss() {
        if (handled < 0) {
            return "n/a";
        }
        return handled == sent ? "none" : (sent - handled) + " LOST";
    }
}
