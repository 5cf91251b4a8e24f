package org.gatehouse.auth.step;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import org.gatehouse.sdk.identity.Identity;

/**
 * Mints the signed JWT that tells the upstream who the client is (RFC 7519): {@code iss}, {@code sub}
 * (the principal), {@code aud}, {@code iat}, {@code exp}, {@code jti}, {@code groups} and
 * {@code amr} (the authentication method, RFC 8176 style). The key is a private JWK read once:
 * RSA signs RS256, EC P-256/P-384 ES256/ES384, an octet key HS256.
 */
final class AssertionSigner {
    private final JWSSigner signer;
    private final JWSHeader header;
    private final String issuer;
    private final Optional<String> audience;
    private final Duration lifetime;

    AssertionSigner(Path keyFile, String issuer, Optional<String> audience, Duration lifetime) {
        JWK key = read(keyFile);
        this.issuer = issuer;
        this.audience = audience;
        this.lifetime = lifetime;
        try {
            JWSAlgorithm algorithm = algorithm(key, keyFile);
            this.signer = signer(key);
            this.header = new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build();
        } catch (JOSEException e) {
            throw new IllegalArgumentException("parameter 'jwt-key': " + keyFile + " cannot sign: " + e.getMessage(), e);
        }
    }

    /** The compact serialization of a fresh assertion for the identity. */
    String mint(Identity identity, Instant now) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).subject(identity.principal())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(lifetime))).jwtID(UUID.randomUUID().toString())
                .claim("groups", identity.groups()).claim("amr", java.util.List.of(identity.authenticationMethod()));
        audience.ifPresent(claims::audience);
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing the identity assertion failed: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    private static JWK read(Path keyFile) {
        try {
            JWK key = JWK.parse(Files.readString(keyFile));
            if (!key.isPrivate()) {
                throw new IllegalArgumentException("parameter 'jwt-key': " + keyFile + " holds a public key; signing needs the private one");
            }
            return key;
        } catch (IOException e) {
            throw new IllegalArgumentException("parameter 'jwt-key': cannot read " + keyFile + ": " + e.getMessage(), e);
        } catch (ParseException e) {
            throw new IllegalArgumentException("parameter 'jwt-key': " + keyFile + " is not a JWK: " + e.getMessage(), e);
        }
    }

    private static JWSAlgorithm algorithm(JWK key, Path keyFile) {
        if (key instanceof RSAKey) {
            return JWSAlgorithm.RS256;
        }
        if (key instanceof ECKey ec) {
            if (Curve.P_256.equals(ec.getCurve())) {
                return JWSAlgorithm.ES256;
            }
            if (Curve.P_384.equals(ec.getCurve())) {
                return JWSAlgorithm.ES384;
            }
        }
        if (key instanceof OctetSequenceKey) {
            return JWSAlgorithm.HS256;
        }
        throw new IllegalArgumentException("parameter 'jwt-key': " + keyFile + " is a " + key.getKeyType()
                + " key; use RSA, EC P-256/P-384 or an octet key");
    }

    private static JWSSigner signer(JWK key) throws JOSEException {
        if (key instanceof RSAKey rsa) {
            return new RSASSASigner(rsa);
        }
        if (key instanceof ECKey ec) {
            return new ECDSASigner(ec);
        }
        return new MACSigner((OctetSequenceKey) key);
    }
}
