#ifndef SIGIL_COPENSSL_SHIM_H
#define SIGIL_COPENSSL_SHIM_H

// OpenSSL 3 headers for SigilCrypto, plus small inline functions standing in for the
// macros and variadic functions that Swift cannot import.

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

/// EVP_RSA_gen is a macro over the variadic EVP_PKEY_Q_keygen.
static inline EVP_PKEY *sigil_rsa_generate(unsigned int bits) {
    return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits);
}

/// The selection EVP_PKEY_fromdata needs for a public key (EVP_PKEY_PUBLIC_KEY).
static inline int sigil_selection_public_key(void) {
    return EVP_PKEY_PUBLIC_KEY;
}

/// BIO_get_mem_data: the bytes written to a memory BIO so far.
static inline long sigil_bio_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

/// OPENSSL_free takes the caller's file and line through a macro.
static inline void sigil_openssl_free(void *pointer) {
    OPENSSL_free(pointer);
}

/// BN_num_bytes is a macro.
static inline int sigil_bn_num_bytes(const BIGNUM *number) {
    return BN_num_bytes(number);
}

static inline int sigil_bn_flag_consttime(void) { return BN_FLG_CONSTTIME; }
static inline int sigil_gcm_set_ivlen(void) { return EVP_CTRL_GCM_SET_IVLEN; }
static inline int sigil_gcm_get_tag(void) { return EVP_CTRL_GCM_GET_TAG; }
static inline int sigil_gcm_set_tag(void) { return EVP_CTRL_GCM_SET_TAG; }

/// SSL_set_tlsext_host_name (server name indication) is a macro.
static inline long sigil_ssl_set_server_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}

/// SSL_CTX_set_min_proto_version is a macro.
static inline long sigil_ssl_ctx_min_tls12(SSL_CTX *context) {
    return SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
}

#endif
