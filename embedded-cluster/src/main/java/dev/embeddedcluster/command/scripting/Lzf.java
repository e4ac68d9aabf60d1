package dev.embeddedcluster.command.scripting;

/**
 * LZF decompression (liblzf, which Redis uses for the strings of its RDB payloads): runs of
 * literal bytes and back references into what was already produced.
 */
final class Lzf {
    private Lzf() {
    }

    /** The {@code length} bytes {@code compressed} stands for, or null when it is damaged or of another length. */
    static byte[] decompress(byte[] compressed, long length) {
        if (length > Integer.MAX_VALUE - 8) {
            return null;
        }
        byte[] out = new byte[(int) length];
        int in = 0;
        int op = 0;
        while (in < compressed.length) {
            int control = compressed[in++] & 0xff;
            if (control < 32) {
                int run = control + 1;
                if (op + run > out.length || in + run > compressed.length) {
                    return null;
                }
                System.arraycopy(compressed, in, out, op, run);
                in += run;
                op += run;
                continue;
            }
            int run = control >>> 5;
            int reference = op - ((control & 0x1f) << 8) - 1;
            if (in >= compressed.length) {
                return null;
            }
            if (run == 7) {
                run += compressed[in++] & 0xff;
                if (in >= compressed.length) {
                    return null;
                }
            }
            reference -= compressed[in++] & 0xff;
            run += 2;
            if (op + run > out.length || reference < 0) {
                return null;
            }
            for (int i = 0; i < run; i++) {
                out[op++] = out[reference++];
            }
        }
        return op == out.length ? out : null;
    }
}
