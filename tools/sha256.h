/* sha256.h — SHA-256 (FIPS 180-4), to check OCI blobs against their digests. */
#ifndef WR_SHA256_H
#define WR_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct wr_sha256 {
    uint32_t state[8];
    uint64_t length; /* bytes hashed so far */
    uint8_t block[64];
    size_t used;
} wr_sha256;

void wr_sha256_init(wr_sha256 *h);
void wr_sha256_update(wr_sha256 *h, const void *data, size_t len);
void wr_sha256_final(wr_sha256 *h, uint8_t digest[32]);
/* Lower-case hex of a digest: 64 characters and a NUL. */
void wr_sha256_hex(const uint8_t digest[32], char hex[65]);

#endif
