package org.citywall.crypto.bench;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.CBCModeCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.citywall.crypto.Envelope;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.KeyType;
import org.citywall.crypto.Sm2;
import org.citywall.crypto.Sm2PrivateKey;
import org.citywall.crypto.Sm2PublicKey;
import org.citywall.crypto.Sm3;
import org.citywall.crypto.Sm4;
import org.citywall.crypto.Sm4Gcm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * CityWall's crypto next to plain Bouncy Castle in the same run, one thread: SM2 sign and
 * verify, SM3, SM4-CBC and SM4-GCM. "bcLight" is BC's lightweight API on the fast
 * {@code CustomNamedCurves} sm2p256v1 with reused, initialised objects (the best BC offers);
 * "bcJca" is BC's JCA provider with reused {@code Signature}/{@code Cipher} objects (what most
 * applications write). Symmetric benchmarks process 16 KiB per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CryptoBenchmarks {

    static final int BULK = 16 * 1024;
    static final byte[] MESSAGE = "tree head 1234567: root=3f5a... size=1234567 time=2026-11-27T10:00:00Z".getBytes(StandardCharsets.UTF_8);

    Sm2PrivateKey key;
    Sm2PublicKey pub;
    byte[] signature;
    KeyRing ring;
    Envelope ringSignature;
    org.citywall.crypto.service.CryptoService service;
    org.citywall.crypto.service.Caller caller = new org.citywall.crypto.service.Caller("bench-app");
    org.citywall.crypto.service.CryptoApi.SignRequest signRequest;

    SM2Signer bcSigner;
    SM2Signer bcVerifier;
    Signature jcaSigner;
    Signature jcaVerifier;

    byte[] bulk = new byte[BULK];
    byte[] sm4Key = new byte[16];
    byte[] iv = new byte[16];
    byte[] nonce = new byte[12];
    byte[] out = new byte[BULK + 16];
    SM3Digest bcSm3 = new SM3Digest();
    CBCModeCipher bcCbc;
    Cipher jcaCbc;
    GCMModeCipher bcGcm;
    Cipher jcaGcm;
    SecretKeySpec jcaKey;
    long counter;

    @Setup
    public void setup() throws Exception {
        SecureRandom r = new SecureRandom();
        r.nextBytes(bulk);
        r.nextBytes(sm4Key);
        r.nextBytes(iv);
        key = Sm2.generateKey();
        pub = key.publicKey();
        signature = key.sign(MESSAGE);
        ring = KeyRing.inMemory();
        ring.create("bench", KeyType.SM2_SIGNING);
        ringSignature = ring.sign("bench", MESSAGE);
        service = new org.citywall.crypto.service.CryptoService(ring, org.citywall.crypto.service.Authorizer.permitAll(),
                org.citywall.crypto.service.AuditHook.none(), org.citywall.crypto.service.CryptoService.DEFAULT_MAX_PAYLOAD, null);
        signRequest = new org.citywall.crypto.service.CryptoApi.SignRequest("bench",
                java.util.Base64.getEncoder().encodeToString(MESSAGE), null);

        // raw BC, lightweight, the same curve implementation CityWall uses
        org.bouncycastle.asn1.x9.X9ECParameters x9 = org.bouncycastle.crypto.ec.CustomNamedCurves.getByName("sm2p256v1");
        ECDomainParameters dom = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH());
        java.math.BigInteger d = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(
                org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(key.toDer()).parsePrivateKey()).getKey();
        byte[] id = Sm2.defaultUserId();
        bcSigner = new SM2Signer();
        bcSigner.init(true, new ParametersWithID(new ParametersWithRandom(new ECPrivateKeyParameters(d, dom), new SecureRandom()), id));
        bcVerifier = new SM2Signer();
        bcVerifier.init(false, new ParametersWithID(new ECPublicKeyParameters(x9.getCurve().decodePoint(pub.point()), dom), id));

        // raw BC, JCA provider
        BouncyCastleProvider bc = new BouncyCastleProvider();
        KeyFactory kf = KeyFactory.getInstance("EC", bc);
        PrivateKey jPriv = kf.generatePrivate(new PKCS8EncodedKeySpec(key.toDer()));
        PublicKey jPub = kf.generatePublic(new X509EncodedKeySpec(pub.toDer()));
        jcaSigner = Signature.getInstance("SM3withSM2", bc);
        jcaSigner.setParameter(new SM2ParameterSpec(id));
        jcaSigner.initSign(jPriv);
        jcaVerifier = Signature.getInstance("SM3withSM2", bc);
        jcaVerifier.setParameter(new SM2ParameterSpec(id));
        jcaVerifier.initVerify(jPub);

        bcCbc = CBCBlockCipher.newInstance(new SM4Engine());
        bcCbc.init(true, new ParametersWithIV(new KeyParameter(sm4Key), iv));
        jcaKey = new SecretKeySpec(sm4Key, "SM4");
        jcaCbc = Cipher.getInstance("SM4/CBC/NoPadding", bc);
        jcaCbc.init(Cipher.ENCRYPT_MODE, jcaKey, new IvParameterSpec(iv));
        bcGcm = GCMBlockCipher.newInstance(new SM4Engine());
        jcaGcm = Cipher.getInstance("SM4/GCM/NoPadding", bc);
    }

    // ------------------------------------------------------------------ SM2 sign

    @Benchmark
    public byte[] sm2Sign_citywall() {
        return key.sign(MESSAGE);
    }

    @Benchmark
    public Envelope sm2Sign_citywallKeyRing() {
        return ring.sign("bench", MESSAGE);
    }

    /** The whole service path short of HTTP: base64, authorisation, signing, envelope, SM3 of the input for audit. */
    @Benchmark
    public Object sm2Sign_citywallService() {
        return service.sign(caller, signRequest);
    }

    @Benchmark
    public byte[] sm2Sign_bcLight() throws Exception {
        bcSigner.update(MESSAGE, 0, MESSAGE.length);
        return bcSigner.generateSignature();
    }

    @Benchmark
    public byte[] sm2Sign_bcJca() throws Exception {
        jcaSigner.update(MESSAGE);
        return jcaSigner.sign();
    }

    // ------------------------------------------------------------------ SM2 verify

    @Benchmark
    public boolean sm2Verify_citywall() {
        return pub.verify(MESSAGE, signature);
    }

    @Benchmark
    public boolean sm2Verify_citywallKeyRing() {
        return ring.verify(ringSignature, MESSAGE);
    }

    @Benchmark
    public boolean sm2Verify_bcLight() {
        bcVerifier.update(MESSAGE, 0, MESSAGE.length);
        return bcVerifier.verifySignature(signature);
    }

    @Benchmark
    public boolean sm2Verify_bcJca() throws Exception {
        jcaVerifier.update(MESSAGE);
        return jcaVerifier.verify(signature);
    }

    // ------------------------------------------------------------------ SM3 (16 KiB)

    @Benchmark
    public byte[] sm3_16k_citywall() {
        return Sm3.digest(bulk);
    }

    @Benchmark
    public byte[] sm3_16k_bcLight() {
        bcSm3.update(bulk, 0, bulk.length);
        byte[] d = new byte[32];
        bcSm3.doFinal(d, 0);
        return d;
    }

    // ------------------------------------------------------------------ SM4-CBC (16 KiB)

    @Benchmark
    public byte[] sm4Cbc_16k_citywall() {
        return Sm4.encrypt(Sm4.Mode.CBC, sm4Key, iv, bulk, false);
    }

    @Benchmark
    public byte[] sm4Cbc_16k_bcLight() {
        bcCbc.init(true, new ParametersWithIV(new KeyParameter(sm4Key), iv));
        for (int i = 0; i < BULK; i += 16) {
            bcCbc.processBlock(bulk, i, out, i);
        }
        return out;
    }

    @Benchmark
    public byte[] sm4Cbc_16k_bcJca() throws Exception {
        return jcaCbc.doFinal(bulk);
    }

    // ------------------------------------------------------------------ SM4-GCM (16 KiB), fresh nonce per message

    private byte[] nextNonce() {
        long c = ++counter;
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (c >>> (8 * i));
        }
        return nonce;
    }

    @Benchmark
    public byte[] sm4Gcm_16k_citywall() {
        return Sm4Gcm.seal(sm4Key, nextNonce(), bulk, null);
    }

    @Benchmark
    public byte[] sm4Gcm_16k_citywallRandomNonce() {
        return Sm4Gcm.encrypt(sm4Key, bulk, null);
    }

    @Benchmark
    public byte[] sm4Gcm_16k_bcLight() throws Exception {
        bcGcm.init(true, new AEADParameters(new KeyParameter(sm4Key), 128, nextNonce().clone()));
        int n = bcGcm.processBytes(bulk, 0, bulk.length, out, 0);
        bcGcm.doFinal(out, n);
        return out;
    }

    @Benchmark
    public byte[] sm4Gcm_16k_bcJca() throws Exception {
        jcaGcm.init(Cipher.ENCRYPT_MODE, jcaKey, new GCMParameterSpec(128, nextNonce().clone()));
        return jcaGcm.doFinal(bulk);
    }

    /**
     * Runs every benchmark of this class in one JVM fork and prints a side-by-side table.
     * Arguments: {@code quick} for shorter iterations; {@code paired} for {@link PairedComparison}
     * (ratios robust to background load); otherwise 3 x 2 s warm-up, 5 x 3 s measurement.
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("paired")) {
            PairedComparison.main(new String[0]);
            return;
        }
        boolean quick = args.length > 0 && args[0].equals("quick");
        OptionsBuilder o = new OptionsBuilder();
        o.include(CryptoBenchmarks.class.getName() + ".*").forks(1).threads(1)
                .warmupIterations(quick ? 2 : 3).warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 3 : 5).measurementTime(TimeValue.seconds(quick ? 1 : 3))
                .jvmArgsAppend("-Xmx512m");
        Collection<RunResult> results = new Runner(o.build()).run();
        Map<String, Double> score = new LinkedHashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            score.put(name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
        }
        System.out.println();
        System.out.println("CityWall vs plain Bouncy Castle, one thread (ops/s; MB/s for 16 KiB bulk operations)");
        System.out.printf("%-34s %14s %12s%n", "benchmark", "ops/s", "MB/s");
        for (var e : score.entrySet()) {
            boolean bulkOp = e.getKey().contains("_16k_");
            System.out.printf("%-34s %14.0f %12s%n", e.getKey(), e.getValue(),
                    bulkOp ? String.format("%.1f", e.getValue() * BULK / 1e6) : "");
        }
        System.out.println();
        ratio(score, "sm2Sign_citywall", "sm2Sign_bcLight");
        ratio(score, "sm2Sign_citywall", "sm2Sign_bcJca");
        ratio(score, "sm2Verify_citywall", "sm2Verify_bcLight");
        ratio(score, "sm2Verify_citywall", "sm2Verify_bcJca");
        ratio(score, "sm3_16k_citywall", "sm3_16k_bcLight");
        ratio(score, "sm4Cbc_16k_citywall", "sm4Cbc_16k_bcLight");
        ratio(score, "sm4Gcm_16k_citywall", "sm4Gcm_16k_bcLight");
    }

    private static void ratio(Map<String, Double> score, String ours, String theirs) {
        if (score.containsKey(ours) && score.containsKey(theirs)) {
            System.out.printf("%-22s / %-22s = %5.1f %%%n", ours, theirs, 100 * score.get(ours) / score.get(theirs));
        }
    }
}
