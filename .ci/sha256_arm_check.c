// The ARMv8 SHA2 path of Sources/CYTXASHA, run under qemu-aarch64 by .ci/run (no ARM machine in
// CI): the block function with FIPS 180-4 padding done here, on the standard examples; the
// digests must be the published ones. Exit 1 on any difference.
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include "ytxa_sha256.h"
static void sha(const unsigned char *m, size_t n, char *out) {
  uint32_t s[8] = {0x6a09e667,0xbb67ae85,0x3c6ef372,0xa54ff53a,0x510e527f,0x9b05688c,0x1f83d9ab,0x5be0cd19};
  size_t full = n / 64; ytxa_sha256_blocks(s, m, full);
  unsigned char tail[128] = {0}; size_t r = n - full*64; memcpy(tail, m + full*64, r); tail[r] = 0x80;
  size_t tl = (r < 56) ? 64 : 128; unsigned long long bits = (unsigned long long)n * 8;
  for (int i = 0; i < 8; i++) tail[tl-1-i] = (unsigned char)(bits >> (8*i));
  ytxa_sha256_blocks(s, tail, tl/64);
  for (int i = 0; i < 8; i++) sprintf(out + 8*i, "%08x", s[i]);
}
static int check(const unsigned char *m, size_t n, const char *want) {
  char out[65];
  sha(m, n, out);
  printf("%s %s\n", out, strcmp(out, want) == 0 ? "ok" : "WRONG");
  return strcmp(out, want) == 0 ? 0 : 1;
}

int main(void) {
  printf("instructions: %s\n", ytxa_sha256_hardware_name());
  if (!ytxa_sha256_hardware_available()) return 1;
  int wrong = 0;
  wrong |= check((const unsigned char *)"", 0,
                 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  wrong |= check((const unsigned char *)"abc", 3,
                 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const char *l = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  wrong |= check((const unsigned char *)l, strlen(l),
                 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  unsigned char *a = malloc(1000000);
  memset(a, 'a', 1000000);
  wrong |= check(a, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  free(a);
  return wrong;
}
