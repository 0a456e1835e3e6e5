#ifndef ADVGLUE_CSHA256_H
#define ADVGLUE_CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// SHA-256 (FIPS 180-4) of `length` bytes at `data`, written to `digest` (32 bytes).
/// Uses the x86 SHA extensions when the processor has them, portable C otherwise;
/// both give the same digest.
void advglue_sha256(const uint8_t *data, size_t length, uint8_t digest[32]);

/// The same, with the SHA extensions only when `accelerated` is non-zero (tests compare both).
void advglue_sha256_using(int accelerated, const uint8_t *data, size_t length, uint8_t digest[32]);

/// 1 when the SHA extensions are used on this processor, 0 otherwise (for tests).
int advglue_sha256_accelerated(void);

#endif
