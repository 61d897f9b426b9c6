package dev.k2.query.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.k2.query.api.Query;
import dev.k2.query.client.K2Client;
import dev.k2.query.protocol.Frames;
import dev.k2.query.protocol.sbe.LogonAckDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile bytes close the connection that sent them and nothing else: before logon anything that is
 * not a Logon closes it; after logon a frame that is not a well-formed request closes it or fails
 * alone; the server serves another client afterwards either way.
 */
class MalformedFrameProperties {
    private static ServerFixture fixture;
    private static Path dir;

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("k2-malformed");
        fixture = new ServerFixture(dir, ServerFixture.settings().withMaxFrameBytes(64 << 10));
    }

    @AfterContainer
    static void stop() {
        fixture.close();
    }

    /** A frame: a length (honest, short, huge or negative), then an SBE-like header and random body. */
    @Provide
    Arbitrary<byte[]> hostileFrames() {
        Arbitrary<Integer> template = Arbitraries.integers().between(0, 40);
        Arbitrary<Integer> blockLength = Arbitraries.integers().between(0, 300);
        Arbitrary<Integer> schema = Arbitraries.oneOf(Arbitraries.just(Frames.SCHEMA_ID), Arbitraries.integers().between(0, 65_535));
        Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
        Arbitrary<Integer> lengthDelta = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(-20, 20),
            Arbitraries.of(Integer.MIN_VALUE, -1, 1 << 30));
        Arbitrary<byte[]> structured = Combinators.combine(template, blockLength, schema, body, lengthDelta)
            .as((t, b, s, bytes, delta) -> {
                int honest = Frames.HEADER_BYTES + bytes.length;
                int length = delta == 0 ? honest : (Math.abs(delta) <= 20 ? Math.max(0, honest + delta) : delta);
                ByteBuffer f = ByteBuffer.allocate(4 + honest).order(ByteOrder.LITTLE_ENDIAN);
                f.putInt(length).putShort((short) (int) b).putShort((short) (int) t).putShort((short) (int) s).putShort((short) 1)
                    .put(bytes);
                return f.array();
            });
        Arbitrary<byte[]> garbage = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(300);
        return Arbitraries.oneOf(structured, garbage);
    }

    @Property(tries = 100)
    void garbageBeforeLogonClosesThatConnectionOnly(@ForAll("hostileFrames") byte[] frame) throws Exception {
        try (RawConnection raw = new RawConnection(fixture.port())) {
            sendThenZeros(raw, frame);
            assertThat(raw.closedByServer()).isTrue();
        }
        assertServerStillServes();
    }

    @Property(tries = 100)
    void garbageAfterLogonNeverTakesTheServerDown(@ForAll("hostileFrames") byte[] frame) throws Exception {
        try (RawConnection raw = new RawConnection(fixture.port())) {
            raw.logon(fixture.key);
            assertThat(RawConnection.templateId(raw.readFrame())).isEqualTo(LogonAckDecoder.TEMPLATE_ID);
            sendThenZeros(raw, frame);
            assertThat(raw.closedByServer()).isTrue();
        }
        assertServerStillServes();
    }

    /**
     * Sends the frame, then enough zeros to complete any frame the server may still be waiting for
     * (its limit is 64 KiB) and to follow it with a zero length, which is malformed in any state.
     * A write refused because the server already closed is what the property expects anyway.
     */
    private static void sendThenZeros(RawConnection raw, byte[] frame) {
        try {
            raw.send(frame);
            raw.send(new byte[(64 << 10) + 64]);
        } catch (java.io.IOException closedAlready) {
            // the server closed the connection before taking all the bytes
        }
    }

    private static void assertServerStillServes() {
        try (K2Client c = K2Client.connect("127.0.0.1", fixture.port(), fixture.key)) {
            assertThat(c.fetch(new Query.Stats()).rows()).isEmpty();
        }
        assertThat(fixture.server.stats().connectionErrors()).isZero();
    }
}
