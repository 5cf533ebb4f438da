#!/usr/bin/env python3
"""Makes the raw DEFLATE fixtures of InflateTests with Python's zlib (an implementation
independent of ytxa's): each input compressed at levels 0 (stored blocks), 1, 6 and 9, and with
the Z_FIXED strategy (fixed-Huffman blocks only). Run from the repository root:

    python3 Tests/YTXAKitTests/Fixtures/deflate/make_fixtures.py

The inputs are made here, deterministically, and written beside the streams, so that the test
compares ytxa's output with them byte for byte.
"""
import os
import random
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def inputs():
    rng = random.Random(1300)
    sample = open(os.path.join(HERE, "..", "..", "..", "..", "Samples", "bac-giang", "2025",
                               "07336.json"), "rb").read()
    yield "empty", b""
    yield "one-byte", b"x"
    yield "vietnamese", sample
    # Incompressible: stored blocks even at level 9 (zlib keeps what is shortest).
    yield "random", bytes(rng.randrange(256) for _ in range(3000))
    # Long matches, distances up to 32 KiB, several blocks.
    words = [b"x\xc3\xa3 ", b"ph\xc6\xb0\xe1\xbb\x9dng ", b"huy\xe1\xbb\x87n ", b"07336 ", b"94/98 "]
    yield "repetitive", b"".join(rng.choice(words) for _ in range(12000))
    yield "runs", b"a" * 70000 + b"b" * 300 + bytes(range(256)) * 4


def main():
    for name, data in inputs():
        with open(os.path.join(HERE, name + ".bin"), "wb") as handle:
            handle.write(data)
        variants = [(f"L{level}", level, zlib.Z_DEFAULT_STRATEGY) for level in (0, 1, 6, 9)]
        variants.append(("fixed", 6, zlib.Z_FIXED))
        for suffix, level, strategy in variants:
            compressor = zlib.compressobj(level, zlib.DEFLATED, -15, 9, strategy)
            stream = compressor.compress(data) + compressor.flush()
            with open(os.path.join(HERE, f"{name}.{suffix}.deflate"), "wb") as handle:
                handle.write(stream)


if __name__ == "__main__":
    main()
