// SHA-256 compression with the processor's SHA instructions (FIPS 180-4 §6.2.2, four rounds per
// step). The round constants and the message schedule follow the standard; the instruction
// sequences follow the vendors' manuals (Intel SHA Extensions, 2013; Arm A64 SHA256H, SHA256H2,
// SHA256SU0, SHA256SU1). Each function is compiled for its instructions with a target attribute,
// so the rest of the package needs no special flags and runs on processors without them.
#include "ytxa_sha256.h"

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2,
};

const uint32_t *ytxa_sha256_round_constants(void) { return K; }

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

int ytxa_sha256_hardware_available(void) {
  unsigned int a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  // SSSE3 (byte shuffle) and SSE4.1 (blend) besides SHA itself.
  if (!(c & (1u << 9)) || !(c & (1u << 19))) return 0;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
  return (b & (1u << 29)) ? 1 : 0;
}

const char *ytxa_sha256_hardware_name(void) {
  return ytxa_sha256_hardware_available() ? "x86-64 SHA extensions" : "none";
}

__attribute__((target("sha,sse4.1,ssse3")))
void ytxa_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks) {
  // Big-endian words from the message bytes.
  const __m128i order = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  // The instructions keep the state as ABEF and CDGH.
  __m128i cdab = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[0]), 0xB1);
  __m128i efgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[4]), 0x1B);
  __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
  __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
  while (blocks--) {
    const __m128i abefBefore = abef, cdghBefore = cdgh;
    __m128i w[4];
    for (int step = 0; step < 16; step++) {
      __m128i words;
      if (step < 4) {
        words = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16 * step)), order);
      } else {
        // W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16], four words at a time.
        __m128i partial = _mm_sha256msg1_epu32(w[step & 3], w[(step + 1) & 3]);
        partial = _mm_add_epi32(partial, _mm_alignr_epi8(w[(step + 3) & 3], w[(step + 2) & 3], 4));
        words = _mm_sha256msg2_epu32(partial, w[(step + 3) & 3]);
      }
      w[step & 3] = words;
      __m128i message = _mm_add_epi32(words, _mm_loadu_si128((const __m128i *)&K[4 * step]));
      cdgh = _mm_sha256rnds2_epu32(cdgh, abef, message);
      abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(message, 0x0E));
    }
    abef = _mm_add_epi32(abef, abefBefore);
    cdgh = _mm_add_epi32(cdgh, cdghBefore);
    data += 64;
  }
  __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
  __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
  _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0));
  _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));
}

#elif defined(__aarch64__) && defined(__linux__)
#include <arm_neon.h>
#include <sys/auxv.h>

#ifndef HWCAP_SHA2
#define HWCAP_SHA2 (1 << 6)
#endif

int ytxa_sha256_hardware_available(void) {
  return (getauxval(AT_HWCAP) & HWCAP_SHA2) ? 1 : 0;
}

const char *ytxa_sha256_hardware_name(void) {
  return ytxa_sha256_hardware_available() ? "ARMv8 SHA2" : "none";
}

__attribute__((target("sha2")))
void ytxa_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks) {
  uint32x4_t abcd = vld1q_u32(&state[0]);
  uint32x4_t efgh = vld1q_u32(&state[4]);
  while (blocks--) {
    const uint32x4_t abcdBefore = abcd, efghBefore = efgh;
    uint32x4_t w[4];
    for (int step = 0; step < 16; step++) {
      uint32x4_t words;
      if (step < 4) {
        words = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(data + 16 * step)));
      } else {
        // W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16], four words at a time.
        words = vsha256su1q_u32(
            vsha256su0q_u32(w[step & 3], w[(step + 1) & 3]), w[(step + 2) & 3],
            w[(step + 3) & 3]);
      }
      w[step & 3] = words;
      const uint32x4_t message = vaddq_u32(words, vld1q_u32(&K[4 * step]));
      const uint32x4_t abcdNow = abcd;
      abcd = vsha256hq_u32(abcd, efgh, message);
      efgh = vsha256h2q_u32(efgh, abcdNow, message);
    }
    abcd = vaddq_u32(abcd, abcdBefore);
    efgh = vaddq_u32(efgh, efghBefore);
    data += 64;
  }
  vst1q_u32(&state[0], abcd);
  vst1q_u32(&state[4], efgh);
}

#else

int ytxa_sha256_hardware_available(void) { return 0; }

const char *ytxa_sha256_hardware_name(void) { return "none"; }

void ytxa_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks) {
  (void)state;
  (void)data;
  (void)blocks;
}

#endif
