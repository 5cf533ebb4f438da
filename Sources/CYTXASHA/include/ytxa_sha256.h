// The SHA-256 block function through the processor's own instructions (x86-64 SHA extensions,
// ARMv8 SHA2), for YTXAFormats' SHA256. Part of this package, not a dependency: two functions,
// no library. The portable code in Swift is the fallback and the reference the tests hold this
// to (with Python's hashlib).
#ifndef YTXA_SHA256_H
#define YTXA_SHA256_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this processor has SHA-256 instructions that ytxa_sha256_blocks uses, else 0.
/// Detected at run time (cpuid on x86-64, the auxiliary vector on Linux/ARMv8).
int ytxa_sha256_hardware_available(void);

/// Compresses `blocks` whole 64-byte blocks at `data` into `state` (the eight working words,
/// A to H, as FIPS 180-4 numbers them). Only to be called when
/// ytxa_sha256_hardware_available() returned 1.
void ytxa_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

/// The 64 round constants of FIPS 180-4 §4.2.2, for the portable code in Swift too (one table).
const uint32_t *ytxa_sha256_round_constants(void);

/// A short name of the instructions used: "x86-64 SHA extensions", "ARMv8 SHA2" or "none".
const char *ytxa_sha256_hardware_name(void);

#endif
