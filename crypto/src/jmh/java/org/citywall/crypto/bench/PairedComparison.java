package org.citywall.crypto.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ratios that survive a busy machine: each pair (CityWall, plain Bouncy Castle) runs in
 * alternating short slices on one thread, so both sides see the same background load, and
 * the median per-slice ratio is reported along with median throughputs. Complements the JMH
 * run ({@link CryptoBenchmarks}), whose absolute figures need a quiet machine.
 *
 * <p>Usage: {@code java -cp ... org.citywall.crypto.bench.PairedComparison [rounds] [sliceMillis]}
 */
public final class PairedComparison {

    private PairedComparison() {
    }

    @FunctionalInterface
    interface Op {
        Object run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        long slice = args.length > 1 ? Long.parseLong(args[1]) * 1_000_000L : 200_000_000L;
        CryptoBenchmarks b = new CryptoBenchmarks();
        b.setup();
        Map<String, Op[]> pairs = new LinkedHashMap<>();
        pairs.put("SM2 sign          citywall vs bcLight", new Op[] {b::sm2Sign_citywall, b::sm2Sign_bcLight});
        pairs.put("SM2 sign          citywall vs bcJca", new Op[] {b::sm2Sign_citywall, b::sm2Sign_bcJca});
        pairs.put("SM2 sign (ring)   citywall vs bcLight", new Op[] {b::sm2Sign_citywallKeyRing, b::sm2Sign_bcLight});
        pairs.put("SM2 sign (service) citywall vs bcLight", new Op[] {b::sm2Sign_citywallService, b::sm2Sign_bcLight});
        pairs.put("SM2 verify        citywall vs bcLight", new Op[] {b::sm2Verify_citywall, b::sm2Verify_bcLight});
        pairs.put("SM2 verify        citywall vs bcJca", new Op[] {b::sm2Verify_citywall, b::sm2Verify_bcJca});
        pairs.put("SM2 verify (ring) citywall vs bcLight", new Op[] {b::sm2Verify_citywallKeyRing, b::sm2Verify_bcLight});
        pairs.put("SM3 16 KiB        citywall vs bcLight", new Op[] {b::sm3_16k_citywall, b::sm3_16k_bcLight});
        pairs.put("SM4-CBC 16 KiB    citywall vs bcLight", new Op[] {b::sm4Cbc_16k_citywall, b::sm4Cbc_16k_bcLight});
        pairs.put("SM4-GCM 16 KiB    citywall vs bcLight", new Op[] {b::sm4Gcm_16k_citywall, b::sm4Gcm_16k_bcLight});
        pairs.put("SM4-GCM 16 KiB    random nonce vs bcLight", new Op[] {b::sm4Gcm_16k_citywallRandomNonce, b::sm4Gcm_16k_bcLight});

        System.out.printf("%-42s %12s %12s %9s%n", "pair (median of " + rounds + " alternating slices)", "ours op/s", "BC op/s", "ours/BC");
        for (var e : pairs.entrySet()) {
            Op ours = e.getValue()[0], theirs = e.getValue()[1];
            for (int w = 0; w < 3; w++) { // warm-up
                rate(ours, slice);
                rate(theirs, slice);
            }
            List<Double> a = new ArrayList<>(), c = new ArrayList<>(), ratio = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                double x = (r % 2 == 0) ? rate(ours, slice) : 0;
                double y = rate(theirs, slice);
                if (r % 2 != 0) {
                    x = rate(ours, slice);
                }
                a.add(x);
                c.add(y);
                ratio.add(x / y);
            }
            System.out.printf("%-42s %12.0f %12.0f %8.1f%%%n", e.getKey(), median(a), median(c), 100 * median(ratio));
        }
    }

    private static double rate(Op op, long sliceNanos) throws Exception {
        long start = System.nanoTime(), end = start + sliceNanos, n = 0, now;
        Object sink = null;
        do {
            for (int i = 0; i < 16; i++) {
                sink = op.run();
            }
            n += 16;
            now = System.nanoTime();
        } while (now < end);
        if (sink == null) {
            throw new IllegalStateException();
        }
        return n * 1e9 / (now - start);
    }

    private static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

}
