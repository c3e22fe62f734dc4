package io.quapr.testsupport.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A certificate authority made in the test, and SPIFFE certificates it signs, written as the PEM
 * files daprd's {@code --trust-anchors-file}, {@code --cert-chain-file} and
 * {@code --cert-key-file} name (EC P-256 keys in PKCS#8, as Dapr's sentry issues them).
 */
public final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final KeyPair caKey;
    private final X509Certificate ca;

    private TestCertificates(KeyPair caKey, X509Certificate ca) {
        this.caKey = caKey;
        this.ca = ca;
    }

    /** A new CA named {@code cn}. */
    public static TestCertificates authority(String cn) {
        try {
            KeyPair key = ecKey();
            X500Name name = new X500Name("CN=" + cn);
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), name,
                    key.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new TestCertificates(key, sign(builder, key));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test CA", e);
        }
    }

    /**
     * Writes {@code ca.pem}, {@code <name>.crt} and {@code <name>.key} into the folder: a leaf
     * certificate whose only SAN is {@code spiffeId}.
     *
     * @return the three files: anchors, chain, key
     */
    public Path[] issue(Path dir, String name, String spiffeId) {
        try {
            KeyPair key = ecKey();
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(ca, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=" + name), key.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, true,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, spiffeId)));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            X509Certificate leaf = sign(builder, caKey);
            Files.createDirectories(dir);
            Path anchors = dir.resolve("ca.pem");
            Path chain = dir.resolve(name + ".crt");
            Path keyFile = dir.resolve(name + ".key");
            Files.writeString(anchors, pem(ca));
            Files.writeString(chain, pem(leaf));
            Files.writeString(keyFile, pem(new PemObject("PRIVATE KEY", key.getPrivate().getEncoded())));
            return new Path[] { anchors, chain, keyFile };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a test certificate", e);
        }
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair signer) throws Exception {
        return new JcaX509CertificateConverter()
                .getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    }

    private static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }
}
