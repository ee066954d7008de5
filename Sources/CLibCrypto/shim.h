#ifndef PEOPLESYNC_CLIBCRYPTO_SHIM_H
#define PEOPLESYNC_CLIBCRYPTO_SHIM_H

/* The one-shot SHA1_* calls are deprecated in OpenSSL 3 but remain the fastest way to
   hash many small buffers (no context allocation), and use the CPU's SHA extensions. */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>

/* The git object id of `len` bytes of type `type` ("blob", "tree"): SHA-1 over "<type> <len>\0" and the bytes. */
static inline void peoplesync_git_object_sha1(const char *type, const void *data, size_t len, unsigned char out[20]) {
  char header[64];
  int header_len = snprintf(header, sizeof header, "%s %zu", type, len) + 1;
  SHA_CTX ctx;
  SHA1_Init(&ctx);
  SHA1_Update(&ctx, header, (size_t)header_len);
  SHA1_Update(&ctx, data, len);
  SHA1_Final(out, &ctx);
}

/* An incremental SHA-1, for pack and index checksums. */
typedef struct { SHA_CTX ctx; } peoplesync_sha1;

static inline void peoplesync_sha1_init(peoplesync_sha1 *s) { SHA1_Init(&s->ctx); }
static inline void peoplesync_sha1_update(peoplesync_sha1 *s, const void *data, size_t len) { SHA1_Update(&s->ctx, data, len); }
static inline void peoplesync_sha1_final(peoplesync_sha1 *s, unsigned char out[20]) { SHA1_Final(out, &s->ctx); }

#endif
